"""TLS on an asyncio connection through the sans-IO :class:`tls.conn.TlsConnection`: this module only
moves bytes between the socket's transport and the TLS connection, and between the TLS connection and
the session protocol (a :class:`v2g.aio.runner.CoreConnection`), which sees an ordinary transport.

:class:`TlsEdge` is the protocol of the TCP transport. It runs the handshake (bounded by a timeout),
then the EVCC's checks after it (:meth:`tls.conn.TlsConnection.verify_peer`: the SECC certificate
profile, the stapled OCSP status), and only then builds the session protocol and tells it
``connection_made``. ``transport.get_extra_info("tls_info")`` gives it the negotiated
:class:`tls.conn.TlsInfo`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
from collections.abc import Callable
from typing import Any

from tls.conn import TlsError, TlsInfo, open_connection
from tls.context import TlsContext

__all__ = ["AnyTlsContext", "TlsContext", "TlsEdge", "open_tls"]

AnyTlsContext = ssl.SSLContext | TlsContext
"""A TLS context the servers and :func:`v2g.aio.runner.connect` take: ours, or (the old path, kept
as the benchmarks' baseline and for foreign-peer tests) an ``ssl.SSLContext``."""


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class TlsEdge(asyncio.Protocol):
    """Runs ``context`` over one TCP transport; ``app()`` builds the session protocol once the
    handshake and the checks after it succeeded. :attr:`done` resolves with the :class:`TlsInfo`
    or fails with the :class:`tls.conn.TlsError` (or ``TimeoutError``, ``ConnectionError``)."""

    def __init__(
        self,
        context: TlsContext,
        app: Callable[[], asyncio.Protocol],
        *,
        timeout: float,
        clock: Callable[[], dt.datetime] = _utc_now,
    ) -> None:
        self._loop = asyncio.get_running_loop()
        self._app_factory = app
        self._timeout = timeout
        self._clock = clock
        self.tls = open_connection(context)
        self.done: asyncio.Future[TlsInfo] = self._loop.create_future()
        self.app: asyncio.Protocol | None = None
        self.info: TlsInfo | None = None
        self.raw: asyncio.Transport | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._app_transport = _AppTransport(self)

    # ------------------------------------------------------------------------------ raw side

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.raw = transport  # type: ignore[assignment]
        self._timer = self._loop.call_later(self._timeout, self._expired)
        self._flush()

    def data_received(self, data: bytes) -> None:
        try:
            self.tls.receive_data(data)
        except TlsError as exc:
            self._flush()  # the alert, if OpenSSL wrote one
            self._fail(exc)
            return
        self._flush()
        if self.app is None:
            if not self.tls.handshake_complete:
                return
            try:
                self.info = self.tls.verify_peer(self._clock())
            except TlsError as exc:
                self._fail(exc)
                return
            self._up()
        assert self.app is not None
        plain = self.tls.read()
        if plain:
            self.app.data_received(plain)
        closed = self.tls.peer_closed and self.raw is not None and not self.raw.is_closing()
        if closed and not self.app.eof_received():
            self._app_transport.close()

    def eof_received(self) -> bool:
        if self.app is None:
            self._fail(ConnectionResetError("peer closed the connection during the TLS handshake"))
            return False
        return bool(self.app.eof_received())

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.app is None:
            if not self.done.done():
                lost = exc or ConnectionResetError("connection closed during the TLS handshake")
                self.done.set_exception(lost)
            return
        self.app.connection_lost(exc)

    def pause_writing(self) -> None:
        if self.app is not None:
            self.app.pause_writing()

    def resume_writing(self) -> None:
        if self.app is not None:
            self.app.resume_writing()

    # ------------------------------------------------------------------------------ internals

    def _up(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        assert self.info is not None
        self.app = self._app_factory()
        if not self.done.done():
            self.done.set_result(self.info)
        self.app.connection_made(self._app_transport)

    def _flush(self) -> None:
        out = self.tls.data_to_send()
        if out and self.raw is not None and not self.raw.is_closing():
            self.raw.write(out)

    def _expired(self) -> None:
        self._timer = None
        if self.app is None:
            self._fail(TimeoutError(f"TLS handshake not done within {self._timeout:g} s"))

    def _fail(self, exc: BaseException) -> None:
        if not self.done.done():
            self.done.set_exception(exc)
            self.done.exception()  # retrieved here: the waiter (if any) reads it again
        if self.raw is not None:
            self.raw.abort()


async def open_tls(
    host: str, port: int, context: TlsContext, app: Callable[[], asyncio.Protocol], timeout: float
) -> TlsEdge:
    """Connect to ``host``:``port`` and run the client handshake and the checks after it, all within
    ``timeout``; ``app()`` builds the session protocol then. Raises ``OSError`` (``TimeoutError``
    included) or :class:`tls.conn.TlsError`, the connection aborted."""
    loop = asyncio.get_running_loop()
    edge: TlsEdge | None = None
    try:
        async with asyncio.timeout(timeout):
            _, edge = await loop.create_connection(lambda: TlsEdge(context, app, timeout=timeout), host, port)
            await edge.done
    except (OSError, TlsError):
        if edge is not None and edge.raw is not None:
            edge.raw.abort()
        raise
    return edge


class _AppTransport(asyncio.Transport):
    """What the session protocol writes to: plaintext in, TLS records to the TCP transport."""

    def __init__(self, edge: TlsEdge) -> None:
        super().__init__()
        self._edge = edge
        self._closing = False

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        if name == "tls_info":
            return self._edge.info
        if name == "ssl_object":
            return self._edge.tls
        raw = self._edge.raw
        return raw.get_extra_info(name, default) if raw is not None else default

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._closing:
            return
        try:
            self._edge.tls.send(bytes(data))
        except TlsError as exc:
            self._edge._fail(exc)
            return
        self._edge._flush()

    def is_closing(self) -> bool:
        raw = self._edge.raw
        return self._closing or raw is None or raw.is_closing()

    def close(self) -> None:
        if self._closing:
            return
        self._closing = True
        self._edge.tls.close()  # close_notify
        self._edge._flush()
        if self._edge.raw is not None:
            self._edge.raw.close()

    def abort(self) -> None:
        self._closing = True
        if self._edge.raw is not None:
            self._edge.raw.abort()

    def pause_reading(self) -> None:
        if self._edge.raw is not None:
            self._edge.raw.pause_reading()

    def resume_reading(self) -> None:
        if self._edge.raw is not None:
            self._edge.raw.resume_reading()

    def is_reading(self) -> bool:
        return self._edge.raw is not None and self._edge.raw.is_reading()

    def get_write_buffer_size(self) -> int:
        return self._edge.raw.get_write_buffer_size() if self._edge.raw is not None else 0

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._edge.app = protocol  # type: ignore[assignment]

    def get_protocol(self) -> asyncio.BaseProtocol:
        assert self._edge.app is not None
        return self._edge.app
