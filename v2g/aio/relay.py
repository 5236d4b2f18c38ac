"""A TCP relay that records both directions: the project's own reference captures are made by putting
one between the EVCC and the SECC (plain TCP or TLS alike, since it only moves bytes)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable


async def pipe(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    on_data: Callable[[bytes], None],
    *,
    half_close: bool = False,
) -> None:
    """Copy ``reader`` to ``writer`` until end of stream or a broken connection, each chunk to
    ``on_data`` first; then close ``writer`` (with ``half_close``, only its sending side where the
    transport can: the other direction may still be talking)."""
    try:
        while data := await reader.read(65536):
            on_data(data)
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        with contextlib.suppress(ConnectionError, OSError, RuntimeError):
            if half_close and writer.can_write_eof():
                writer.write_eof()
            else:
                writer.close()


async def connect_upstream(
    target: Callable[[], tuple[str, int]], writer: asyncio.StreamWriter
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
    """Open the relay's upstream connection to ``target()`` for the peer accepted on ``writer``;
    None when it fails, the peer's connection aborted: it sees the connection refused, as without
    the relay."""
    host, port = target()
    try:
        return await asyncio.open_connection(host, port)
    except OSError:
        writer.transport.abort()
        return None


class RecordingRelay:
    """Listens on ``host``; every connection is forwarded to ``target()`` and reported to the hooks."""

    def __init__(
        self,
        target: Callable[[], tuple[str, int]],
        on_open: Callable[[int, float], None],
        on_data: Callable[[int, bool, bytes, float], None],
        on_close: Callable[[int, float], None],
    ) -> None:
        self.target = target
        self.on_open, self.on_data, self.on_close = on_open, on_data, on_close
        self._server: asyncio.Server | None = None
        self._count = 0

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self, host: str = "::1") -> None:
        self._server = await asyncio.start_server(self._handle, host, 0)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        index = self._count
        self._count += 1
        upstream = await connect_upstream(self.target, writer)
        if upstream is None:
            return
        up_reader, up_writer = upstream
        self.on_open(index, time.time())
        await asyncio.gather(
            pipe(reader, up_writer, lambda data: self.on_data(index, True, data, time.time())),
            pipe(up_reader, writer, lambda data: self.on_data(index, False, data, time.time())),
        )
        self.on_close(index, time.time())

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
