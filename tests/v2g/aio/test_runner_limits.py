"""The callback runner of sans-IO cores: the transport limits every session relies on (sizes,
caps, timeouts, what one peer may cost)."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from tests.v2g.aio._runner import Echo, _stream, _until, echo_server
from v2g import v2gtp
from v2g.aio.runner import CoreConnection
from v2g.aio.server import CoreServer
from v2g.aio.transport import ConnectionClosed, ServerConfig, TransportConfig
from v2g.errors import DiscardLimitError
from v2g.v2gtp import PayloadType


async def test_oversized_header_cut_off_at_once() -> None:
    server = await echo_server()
    try:
        reader, writer = await asyncio.open_connection("::1", server.port)
        writer.write(bytes.fromhex("01fe8001ffffffff"))  # announces 4 GiB
        await writer.drain()
        assert await asyncio.wait_for(reader.read(), 2.0) == b""
        await _until(lambda: server.failures.count("PayloadTooLargeError"))
        writer.close()
    finally:
        await server.close()


async def test_slow_client_cut_off_while_others_are_served() -> None:
    server = await echo_server()
    loop = asyncio.get_running_loop()
    try:
        reader, writer = await asyncio.open_connection("::1", server.port)
        frame = v2gtp.encode(PayloadType.EXI, b"slowloris")
        started = loop.time()

        async def trickle() -> float:
            for byte in frame:
                writer.write(bytes([byte]))
                try:
                    await writer.drain()
                except ConnectionError:
                    break
                try:
                    if await asyncio.wait_for(reader.read(1), 1.0) == b"":
                        break  # one byte a second, until the server cuts the line
                except TimeoutError:
                    pass
            return loop.time() - started

        async def busy_client() -> int:
            async with await _stream(server.port) as client:
                count = 0
                while loop.time() - started < 2.5:
                    await client.send(PayloadType.EXI, b"ping")
                    assert (await client.receive()).payload == b"ping"
                    count += 1
                    await asyncio.sleep(0.05)
                return count

        cut_after, served = await asyncio.gather(trickle(), busy_client())
        assert 1.5 <= cut_after < 3.5  # message_timeout is 1.5 s
        assert served > 10
        assert server.failures.count("MessageTimeoutError")
        writer.close()
    finally:
        await server.close()


async def test_many_concurrent_connections() -> None:
    server = await echo_server()
    try:

        async def one(i: int) -> bytes:
            async with await _stream(server.port) as client:
                await client.send(PayloadType.EXI, i.to_bytes(4, "big") * 10)
                return (await client.receive()).payload

        results = await asyncio.gather(*(one(i) for i in range(200)))
        assert results == [i.to_bytes(4, "big") * 10 for i in range(200)]
    finally:
        await server.close()


async def test_connection_cap_refuses_extra_clients() -> None:
    server = CoreServer(Echo, ServerConfig(max_connections=2, reserve=0))
    await server.start("::1", 0)
    try:
        held = [await _stream(server.port) for _ in range(2)]
        for c in held:
            await c.send(PayloadType.EXI, b"hi")
            await c.receive()
        extra = await _stream(server.port)
        with pytest.raises(ConnectionClosed):
            await extra.receive()
        assert server.refused == 1 and server.connections == 2
        for c in held:
            await c.close()
    finally:
        await server.close()


async def test_idle_timeout() -> None:
    server = await echo_server(idle_timeout=0.3)
    try:
        client = await _stream(server.port)
        await client.send(PayloadType.EXI, b"one")  # then silence
        assert (await client.receive()).payload == b"one"
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(client.receive(), 2.0)
        assert any("no message for 0.3 s" in f.message for f in server.failures.recent)
    finally:
        await server.close()


async def test_unknown_payload_type_discarded_connection_kept() -> None:
    server = await echo_server(allowed_types=v2gtp.DIN_TYPES)
    try:
        reader, writer = await asyncio.open_connection("::1", server.port)
        writer.write(v2gtp.encode(0x8004, b"iso20") + v2gtp.encode(PayloadType.EXI, b"din"))
        await writer.drain()
        back = await asyncio.wait_for(reader.readexactly(11), 2.0)
        assert back == v2gtp.encode(PayloadType.EXI, b"din")
        writer.close()
    finally:
        await server.close()


async def test_a_peer_that_stops_reading_is_cut_off_after_the_write_timeout() -> None:
    server = await echo_server(write_timeout=0.5, max_payload=1 << 20)
    try:
        _reader, writer = await asyncio.open_connection("::1", server.port, limit=1024)
        chunk = v2gtp.encode(PayloadType.EXI, b"x" * 60000)
        with contextlib.suppress(ConnectionError, TimeoutError):
            for _ in range(200):  # ~12 MB of echoes that this client never reads
                writer.write(chunk)
                await asyncio.wait_for(writer.drain(), 3.0)
        await _until(lambda: any("did not read" in f.message for f in server.failures.recent), 5.0)
        assert server.connections == 0
        writer.close()
    finally:
        await server.close()


# --- what one peer may cost -----------------------------------------------------------------------


async def test_a_client_streaming_unknown_payload_types_is_cut_off() -> None:
    """Hardening: unknown types are skipped, but not for ever (every one used to be kept)."""
    ended: list[CoreConnection] = []
    server = CoreServer(
        Echo, ServerConfig(TransportConfig(allowed_types=v2gtp.DIN_TYPES)), on_close=ended.append
    )
    await server.start("::1", 0)
    try:
        reader, writer = await asyncio.open_connection("::1", server.port)
        junk = v2gtp.encode(PayloadType.ISO20_DC, b"x" * 100)
        with contextlib.suppress(ConnectionError):
            for _ in range(100):
                writer.write(junk * 10)
                await writer.drain()
        with contextlib.suppress(ConnectionError):  # closed by the server (reset: data unread)
            assert await asyncio.wait_for(reader.read(), 3.0) == b""
        await _until(lambda: bool(ended))
        assert isinstance(ended[0].failure, DiscardLimitError)
        assert ended[0].discarded == TransportConfig().max_discarded + 1
        writer.close()
    finally:
        await server.close()


class Log(Echo):
    """An echo that notes, in one list shared by all connections, whose request it took when."""

    order: list[bytes] = []

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        Log.order.append(payload[:1])
        super().receive(payload_type, payload, now)


async def test_a_pipelining_client_does_not_stall_the_others() -> None:
    """Hardening: one read of thousands of pipelined requests used to be answered in one callback,
    while every other connection waited. Now each callback takes a few, and a well-behaved
    connection's round trips are answered in between."""
    Log.order = []
    server = CoreServer(Log, ServerConfig(TransportConfig(messages_per_call=8)))
    await server.start("::1", 0)
    try:
        async with await _stream(server.port) as good:
            await good.send(PayloadType.EXI, b"G0")
            await good.receive()
            reader, writer = await asyncio.open_connection("::1", server.port)
            flood = v2gtp.encode(PayloadType.EXI, b"F" + bytes(40)) * 5000  # 245 KB in one write
            answers = asyncio.create_task(reader.readexactly(len(flood)))  # it does read its answers
            writer.write(flood)
            for i in range(1, 21):
                await good.send(PayloadType.EXI, b"G%d" % i)
                assert (await good.receive()).payload == b"G%d" % i
            assert await asyncio.wait_for(answers, 10.0) == flood
            writer.close()
        order = b"".join(Log.order)
        assert order.count(b"F") == 5000 and order.count(b"G") == 21
        # the good client's 20 round trips were all served before the flood was through ...
        assert order.rindex(b"G") < order.rindex(b"F")
        # ... and never behind more than a few batches of it
        gaps = [len(run) for run in order[order.index(b"G") + 1 : order.rindex(b"G")].split(b"G")]
        assert max(gaps) <= 100, gaps
    finally:
        await server.close()


class FakeTransport(asyncio.Transport):
    """A transport whose peer never reads: the first write fills its buffer (pause_writing)."""

    def __init__(self, protocol: asyncio.Protocol) -> None:
        super().__init__()
        self.protocol = protocol
        self.written = bytearray()
        self.reading = True
        self.paused_writing = False
        self.aborted = False

    def get_extra_info(self, name: str, default: object = None) -> object:
        return ("::1", 15118) if name == "peername" else default

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written += data
        if not self.paused_writing:
            self.paused_writing = True
            self.protocol.pause_writing()

    def pause_reading(self) -> None:
        self.reading = False

    def resume_reading(self) -> None:
        self.reading = True

    def abort(self) -> None:
        self.aborted = True

    def close(self) -> None:
        self.aborted = True


async def test_a_peer_that_does_not_read_its_answers_is_not_served_more() -> None:
    """pause_writing holds with pipelining: no request is taken while the answers wait, and
    reading stays paused until the peer reads again."""
    cores: list[Echo] = []

    def factory(now: float) -> Echo:
        cores.append(Echo(now))
        return cores[-1]

    protocol = CoreConnection(factory, TransportConfig(messages_per_call=8))
    transport = FakeTransport(protocol)
    protocol.connection_made(transport)
    protocol.data_received(v2gtp.encode(PayloadType.EXI, b"r") * 1000)
    for _ in range(20):
        await asyncio.sleep(0)  # let every call_soon run
    assert len(cores[0].outbox) == 0 and len(transport.written) == 8 * 9
    assert not transport.reading and not transport.aborted
    transport.paused_writing = False
    protocol.resume_writing()  # the peer reads: 8 more, then its buffer is full again
    for _ in range(20):
        await asyncio.sleep(0)
    assert len(transport.written) == 16 * 9 and not transport.reading
    protocol.connection_lost(None)
    assert await protocol.ended == "peer closed the connection"
