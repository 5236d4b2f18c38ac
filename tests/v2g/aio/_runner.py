"""Small fake cores and helpers shared by the callback-runner tests."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable
from pathlib import Path

from tests.v2g.aio._client import V2gtpClient
from v2g.aio.server import CoreServer
from v2g.aio.transport import ServerConfig, TransportConfig
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


async def _stream(port: int) -> V2gtpClient:
    return await V2gtpClient.open(port)


def _tls_contexts(tls_files: tuple[Path, Path]) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    cert, key = tls_files
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_ctx.check_hostname = False
    client_ctx.load_verify_locations(cert)
    return server_ctx, client_ctx
