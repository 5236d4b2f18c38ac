"""The generic session loop, with small fake cores standing in for the session machines."""

from __future__ import annotations

import asyncio
import contextlib

from v2g.aio.runner import drive
from v2g.aio.transport import ConnectionClosed, V2gtpServer, V2gtpStream, open_connection
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


async def test_two_cores_talk_until_one_closes() -> None:
    seen: list[str] = []
    server_core = Counter(start=False, limit=10)
    ended: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def handler(stream: V2gtpStream) -> None:
        ended.set_result(await drive(stream, server_core, seen.append))

    server = V2gtpServer(handler)
    await server.start("::1", 0)
    try:
        client_core = Counter(start=True, limit=9)
        reason = await drive(await open_connection("::1", server.port), client_core)
        assert reason == "session closed"
        assert await asyncio.wait_for(ended, 2.0) == "connection closed: peer closed the connection"
        assert seen == [*(f"rx {n}" for n in range(0, 10, 2)), "lost"]
    finally:
        await server.close()


async def test_core_timer_fires_when_peer_is_silent() -> None:
    async def silent(stream: V2gtpStream) -> None:
        await stream.receive()  # read the first message, never answer
        with contextlib.suppress(ConnectionClosed):
            await stream.receive()

    server = V2gtpServer(silent)
    await server.start("::1", 0)
    try:
        core = Counter(start=False, limit=100, timeout=0.2)
        core.outbox.append((PayloadType.EXI, b"\x01"))
        core.deadline = asyncio.get_running_loop().time() + 0.2
        reason = await asyncio.wait_for(drive(await open_connection("::1", server.port), core), 3.0)
        assert reason == "session closed"
        assert core.timed_out
    finally:
        await server.close()
