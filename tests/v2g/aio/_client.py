"""A scripted V2GTP peer for tests: send this, wait for that, over asyncio streams (TCP or TLS)."""

from __future__ import annotations

import asyncio
import contextlib
import ssl

from tls.context import TlsContext
from v2g import v2gtp
from v2g.aio.tlsedge import open_tls
from v2g.aio.transport import ConnectionClosed
from v2g.v2gtp import Framer, FramerConfig, V2gtpMessage


class V2gtpClient:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer
        self._framer = Framer(FramerConfig(max_payload=1 << 20))
        obj = writer.get_extra_info("ssl_object")
        self.ssl_object = obj if isinstance(obj, ssl.SSLObject) else None

    @classmethod
    async def open(cls, port: int, *, ssl_context: ssl.SSLContext | TlsContext | None = None) -> V2gtpClient:
        """Over TCP, Python's ssl, or our TLS layer (``TlsContext``, through :func:`open_tls`)."""
        if isinstance(ssl_context, TlsContext):
            loop = asyncio.get_running_loop()
            reader = asyncio.StreamReader()
            protocol = asyncio.StreamReaderProtocol(reader)
            edge = await open_tls("::1", port, ssl_context, lambda: protocol, 5.0)
            transport = edge._app_transport  # the session side of the edge
            return cls(reader, asyncio.StreamWriter(transport, protocol, reader, loop))
        reader, writer = await asyncio.open_connection(
            "::1", port, ssl=ssl_context, server_hostname="" if ssl_context is not None else None
        )
        return cls(reader, writer)

    async def send(self, payload_type: int, payload: bytes) -> None:
        self._writer.write(v2gtp.encode(payload_type, payload))
        await self._writer.drain()

    async def receive(self) -> V2gtpMessage:
        """The next whole message; ConnectionClosed once the server closed the connection."""
        while (message := self._framer.next_message()) is None:
            try:
                data = await self._reader.read(64 * 1024)
            except (ConnectionError, ssl.SSLError) as exc:
                raise ConnectionClosed(f"connection lost: {exc}") from exc
            if not data:
                raise ConnectionClosed("peer closed the connection")
            self._framer.feed(data)
        return message

    async def close(self) -> None:
        self._writer.close()
        with contextlib.suppress(ConnectionError, ssl.SSLError):
            await self._writer.wait_closed()

    async def __aenter__(self) -> V2gtpClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
