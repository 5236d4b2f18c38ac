"""A TCP relay that records both directions: the project's own reference captures are made by putting
one between the EVCC and the SECC (plain TCP or TLS alike, since it only moves bytes)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable


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

    async def _pipe(
        self, index: int, from_client: bool, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            while data := await reader.read(65536):
                self.on_data(index, from_client, data, time.time())
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            with contextlib.suppress(ConnectionError, OSError):
                writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        index = self._count
        self._count += 1
        host, port = self.target()
        try:
            up_reader, up_writer = await asyncio.open_connection(host, port)
        except OSError:
            writer.transport.abort()  # the EVCC sees the connection refused, as without the relay
            return
        self.on_open(index, time.time())
        await asyncio.gather(
            self._pipe(index, True, reader, up_writer), self._pipe(index, False, up_reader, writer)
        )
        self.on_close(index, time.time())

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
