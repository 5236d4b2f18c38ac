"""The callback runner of sans-IO cores (CoreConnection, CoreServer, connect), with small fake cores
standing in for the session machines: cores talking, timers, errors and shutdown."""

from __future__ import annotations

import asyncio

import pytest

from tests.v2g.aio._runner import Counter, Echo, _stream, _until, echo_server
from v2g import v2gtp
from v2g.aio.runner import CoreConnection, connect
from v2g.aio.server import CoreServer
from v2g.aio.transport import ConnectionClosed
from v2g.errors import TruncatedMessageError
from v2g.v2gtp import PayloadType


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
