"""The callback runner of sans-IO cores (CoreConnection, CoreServer, connect), with small fake cores
standing in for the session machines: the transport limits every session relies on."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.v2g.aio._client import V2gtpClient
from v2g import v2gtp
from v2g.aio.runner import CoreConnection, connect
from v2g.aio.server import CoreServer
from v2g.aio.transport import ConnectionClosed, ServerConfig, TransportConfig
from v2g.errors import DiscardLimitError, TruncatedMessageError
from v2g.v2gtp import PayloadType


class Counter:
    """A core that sends numbers; the peer's counter answers n+1 until `limit`; closes at the limit."""

    def __init__(self, start: bool, limit: int, timeout: float = 5.0) -> None:
        self.outbox: list[tuple[int, bytes]] = []
        self.traces: list[str] = []
        self.limit = limit
        self.timeout = timeout
        self.deadline: float | None = None
        self._closed = False
        self.timed_out = False
        if start:
            self.outbox.append((PayloadType.EXI, b"\x00"))

    @property
    def closed(self) -> bool:
        return self._closed

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        value = payload[0]
        self.traces.append(f"rx {value}")
        if value >= self.limit:
            self._closed = True
            return
        self.outbox.append((payload_type, bytes([value + 1])))
        self.deadline = now + self.timeout

    def data_to_send(self) -> list[tuple[int, bytes]]:
        out, self.outbox = self.outbox, []
        return out

    def get_timer(self) -> float | None:
        return self.deadline

    def handle_timer(self, now: float) -> None:
        if self.deadline is not None and now >= self.deadline:
            self.timed_out = True
            self._closed = True

    def connection_lost(self, now: float) -> None:
        self.traces.append("lost")
        self._closed = True

    def next_trace(self) -> str | None:
        return self.traces.pop(0) if self.traces else None


class Echo:
    """A server core that answers every message with the same bytes; ``boom`` makes it raise."""

    def __init__(self, now: float) -> None:
        self.outbox: list[tuple[int, bytes]] = []
        self.lost = False

    closed = False

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        if payload == b"boom":
            raise RuntimeError("a bug in the core")
        self.outbox.append((payload_type, payload))

    def data_to_send(self) -> list[tuple[int, bytes]]:
        out, self.outbox = self.outbox, []
        return out

    def get_timer(self) -> float | None:
        return None

    def handle_timer(self, now: float) -> None:
        pass

    def connection_lost(self, now: float) -> None:
        self.lost = True

    def next_trace(self) -> None:
        return None


async def echo_server(**transport: object) -> CoreServer:
    config = ServerConfig(
        TransportConfig(**{"max_payload": 4096, "message_timeout": 1.5, **transport}),  # type: ignore[arg-type]
        max_connections=300,
        max_per_peer=300,
        max_silent=300,
        max_setup=300,
    )
    server = CoreServer(Echo, config)
    await server.start("::1", 0)
    return server


async def _until(condition: Callable[[], bool], timeout: float = 3.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():
        assert loop.time() < end, "condition not reached in time"
        await asyncio.sleep(0.01)


async def test_two_cores_talk_until_one_closes() -> None:
    seen: list[str] = []
    server_core = Counter(start=False, limit=10)
    server = CoreServer(lambda now: server_core, trace=seen.append)
    await server.start("::1", 0)
    try:
        client_core = Counter(start=True, limit=9)
        connection = await connect("::1", server.port, lambda now: client_core)
        assert await asyncio.wait_for(connection.ended, 3.0) == "session closed"
        await _until(lambda: server.connections == 0)
        assert seen == [*(f"rx {n}" for n in range(0, 10, 2)), "lost"]
    finally:
        await server.close()


class Silent(Echo):
    """A server core that reads every message and never answers."""

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        pass


async def test_core_timer_fires_when_peer_is_silent() -> None:
    server = CoreServer(Silent)
    await server.start("::1", 0)
    try:
        core = Counter(start=False, limit=100, timeout=0.2)
        core.outbox.append((PayloadType.EXI, b"\x01"))
        core.deadline = asyncio.get_running_loop().time() + 0.2
        connection = await connect("::1", server.port, lambda now: core)
        assert await asyncio.wait_for(connection.ended, 3.0) == "session closed"
        assert core.timed_out
    finally:
        await server.close()


async def test_a_deadline_moved_later_is_kept_and_one_moved_earlier_is_met() -> None:
    """The one timer handle per connection follows the core's deadline both ways."""
    server = await echo_server()
    loop = asyncio.get_running_loop()
    try:
        core = Counter(start=True, limit=3, timeout=0.05)
        connection = await connect("::1", server.port, lambda now: core)
        await asyncio.wait_for(connection.ended, 3.0)
        # the echo answers 0 -> 0: the counter sends 1, 2, 3 and closes at its limit, never timing out
        assert not core.timed_out
        later = Counter(start=False, limit=100)
        later.deadline = loop.time() + 0.1
        started = loop.time()
        connection = await connect("::1", server.port, lambda now: later)
        later.deadline = loop.time() + 0.4  # moved later after arming: must not fire at 0.1 s
        await asyncio.wait_for(connection.ended, 3.0)
        assert later.timed_out and loop.time() - started >= 0.39
    finally:
        await server.close()


async def test_round_trip_and_split_writes() -> None:
    server = await echo_server()
    try:
        reader, writer = await asyncio.open_connection("::1", server.port)
        frames = [v2gtp.encode(PayloadType.EXI, bytes([i]) * (i * 37)) for i in range(1, 8)]
        stream = b"".join(frames)
        for i in range(0, len(stream), 5):  # dribble the whole stream out in 5-byte pieces
            writer.write(stream[i : i + 5])
            await writer.drain()
        assert await reader.readexactly(len(stream)) == stream
        writer.close()
    finally:
        await server.close()


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


async def _stream(port: int) -> V2gtpClient:
    return await V2gtpClient.open(port)


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


async def test_peer_closing_mid_message() -> None:
    ended: list[CoreConnection] = []
    server = CoreServer(Echo, on_close=ended.append)
    await server.start("::1", 0)
    try:
        _reader, writer = await asyncio.open_connection("::1", server.port)
        writer.write(v2gtp.encode(PayloadType.EXI, b"0123456789")[:12])
        await writer.drain()
        writer.close()
        await writer.wait_closed()
        await _until(lambda: bool(ended))
        assert isinstance(ended[0].failure, TruncatedMessageError)
        assert isinstance(ended[0].core, Echo) and ended[0].core.lost
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


async def test_a_core_that_raises_ends_its_own_connection_only() -> None:
    server = await echo_server()
    try:
        good = await _stream(server.port)
        bad = await _stream(server.port)
        await bad.send(PayloadType.EXI, b"boom")
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(bad.receive(), 2.0)
        await good.send(PayloadType.EXI, b"still served")
        assert (await good.receive()).payload == b"still served"
        assert server.failures.count("RuntimeError")
        await good.close()
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


async def test_clean_shutdown_closes_open_sessions() -> None:
    server = await echo_server()
    client = await _stream(server.port)
    await client.send(PayloadType.EXI, b"hi")
    await client.receive()
    assert server.connections == 1
    await asyncio.wait_for(server.close(), 3.0)
    with pytest.raises(ConnectionClosed):
        await asyncio.wait_for(client.receive(), 2.0)
    assert server.connections == 0


async def test_connect_to_nothing_is_a_typed_error() -> None:
    server = await echo_server()
    port = server.port
    await server.close()
    with pytest.raises(ConnectionClosed):
        await connect("::1", port, Echo)


def _tls_contexts(tls_files: tuple[Path, Path]) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    cert, key = tls_files
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_ctx.check_hostname = False
    client_ctx.load_verify_locations(cert)
    return server_ctx, client_ctx


async def test_cores_over_tls(tls_files: tuple[Path, Path]) -> None:
    server_ctx, client_ctx = _tls_contexts(tls_files)
    ended: list[CoreConnection] = []
    server = CoreServer(Echo, on_close=ended.append)
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        core = Counter(start=True, limit=20)
        seen: list[str] = []
        connection = await connect(
            "::1", server.port, lambda now: core, ssl_context=client_ctx, trace=seen.append
        )
        assert connection.ssl_object is not None
        assert await asyncio.wait_for(connection.ended, 3.0) == "session closed"
        assert seen == [f"rx {n}" for n in range(21)]  # the echo returns every number sent
        await _until(lambda: bool(ended))
        peer = ended[0].peer
        assert peer is not None and peer[0] == "::1" and ended[0].ssl_object is not None
    finally:
        await server.close()


async def test_framing_over_tls(tls_files: tuple[Path, Path]) -> None:
    server_ctx, client_ctx = _tls_contexts(tls_files)
    server_ctx.minimum_version = server_ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    server_ctx.set_ciphers("ECDHE-ECDSA-AES128-SHA256")
    server = CoreServer(Echo, ServerConfig(TransportConfig(max_payload=1 << 16)))
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        async with await V2gtpClient.open(server.port, ssl_context=client_ctx) as client:
            assert client.ssl_object is not None
            assert client.ssl_object.version() == "TLSv1.2"
            assert client.ssl_object.cipher()[0] == "ECDHE-ECDSA-AES128-SHA256"  # type: ignore[index]
            for size in (0, 1, 100, 4000, 20000, 65536):
                await client.send(PayloadType.EXI, b"z" * size)
                assert (await client.receive()).payload == b"z" * size
    finally:
        await server.close()


async def _a_tls_session_ends_normally(port: int, client_ctx: ssl.SSLContext) -> None:
    core = Counter(start=True, limit=3)
    connection = await connect("::1", port, lambda now: core, ssl_context=client_ctx)
    assert await asyncio.wait_for(connection.ended, 3.0) == "session closed"


async def test_failed_tls_handshakes_do_not_use_up_the_connection_cap(tls_files: tuple[Path, Path]) -> None:
    server_ctx, client_ctx = _tls_contexts(tls_files)
    server = CoreServer(Echo, ServerConfig(max_connections=2))
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        for _ in range(5):  # more failed handshakes than the cap
            reader, writer = await asyncio.open_connection("::1", server.port)
            writer.write(v2gtp.encode(PayloadType.EXI, b"plain text into TLS"))
            await writer.drain()
            await asyncio.wait_for(reader.read(), 3.0)
            writer.close()
        assert server.connections == 0 and server.refused == 0
        await _a_tls_session_ends_normally(server.port, client_ctx)
    finally:
        await server.close()


async def test_a_tls_client_that_never_ends_its_handshake_is_dropped(tls_files: tuple[Path, Path]) -> None:
    server_ctx, client_ctx = _tls_contexts(tls_files)
    server = CoreServer(Echo, ServerConfig(handshake_timeout=0.3))
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        loop = asyncio.get_running_loop()
        reader, writer = await asyncio.open_connection("::1", server.port)  # TCP only, no ClientHello
        started = loop.time()
        assert await asyncio.wait_for(reader.read(), 5.0) == b""  # the server closed it
        assert 0.25 < loop.time() - started < 3.0
        writer.close()
        await _a_tls_session_ends_normally(server.port, client_ctx)  # a real client is still served
    finally:
        await server.close()


async def test_tls_to_a_plain_port_says_so(tls_files: tuple[Path, Path]) -> None:
    _, client_ctx = _tls_contexts(tls_files)
    server = CoreServer(Echo)
    await server.start("::1", 0)  # plain TCP: the ClientHello is no V2GTP header, the server closes
    try:
        with pytest.raises(ConnectionClosed, match="during the TLS handshake"):
            await connect("::1", server.port, Echo, ssl_context=client_ctx)
    finally:
        await server.close()


async def test_a_trace_that_raises_at_the_end_still_ends_the_connection() -> None:
    server = await echo_server()
    try:
        core = Counter(start=False, limit=100)  # waits for the server, which never speaks

        def trace(record: str) -> None:
            if record == "lost":
                raise OSError("disk full")

        connection = await connect("::1", server.port, lambda now: core, trace=trace)
        await _until(lambda: server.admission.total == 1)  # admitted; silent, so not yet running a core
        await server.close()  # the server goes: the client core sees the loss, its trace raises
        assert await asyncio.wait_for(connection.ended, 3.0)
        assert isinstance(connection.failure, OSError)
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
