"""Run a sans-IO session core on a TCP or TLS connection, straight from the event loop's callbacks.

The core is anything with the session interface (:class:`v2g.connection.SessionCore`).
:class:`CoreConnection` is an ``asyncio.Protocol`` over the sans-IO connection core
(:class:`v2g.connection.Connection`, which owns the V2GTP framer, its limits and timers): it moves
bytes in and out, arms one timer handle and pauses reading. The answers to a read are written in the
same callback, with no task switch, no future and no timeout object per message. That is what keeps
the response time of a charger serving hundreds of sessions in one process well under a millisecond.

The timer handle stands for the connection core's next deadline. It is re-armed only when a
deadline earlier than the armed one appears; when it fires early for a deadline that moved later,
it re-arms itself for the new one.

Work per callback is bounded: a read carrying many requests (a pipelining peer) is answered
``messages_per_call`` messages at a time; meanwhile reading from that peer is paused and the rest is
taken up with ``call_soon``, so the other connections are served in between. A peer that does not
read its answers (asyncio's ``pause_writing``) is neither read from nor served until it does, and is
cut off after ``write_timeout``.

Every error of one connection stays in that connection: a framing error, a timeout or an exception
raised by its core closes that connection only, and is kept in :attr:`CoreConnection.failure`.

:class:`CoreServer` accepts connections (plain or TLS) and runs one core per connection, admitting
them by stage and peer address (:mod:`v2g.aio.admission`, :mod:`v2g.aio.gate`), with a bounded log
of failures and a bounded clean shutdown; :func:`connect` opens the client side (over our TLS layer
through :mod:`v2g.aio.tlsconnect`). :func:`warm_up` lives in :mod:`v2g.aio.warmup`.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Callable
from typing import Any, cast

from tls.conn import TlsError, TlsInfo
from v2g.aio.tlsconnect import connect_tls, why_not_connected
from v2g.aio.tlsedge import AnyTlsContext, TlsContext
from v2g.aio.tlsinfo import transport_security
from v2g.aio.transport import ConnectionClosed, TransportConfig
from v2g.aio.warmup import warm_up as warm_up  # moved to v2g.aio.warmup (re-exported)
from v2g.connection import Connection, SessionCore
from v2g.errors import V2GError
from v2g.security import PLAIN, TransportSecurity

__all__ = [
    "CoreConnection",
    "CoreFactory",
    "SessionCore",
    "WriteTimeoutError",
    "connect",
    "warm_up",
]

log = logging.getLogger(__name__)


class WriteTimeoutError(V2GError):
    """The peer stopped reading: the connection's send buffer stayed full too long."""


CoreFactory = Callable[[float], SessionCore[Any]]
"""Builds the core for a new connection, given the loop time at which it opened."""

_BACKLOG = 1
_WRITING = 2
"""Why reading from the peer is paused: whole messages wait to be processed; the peer does not
read its answers (asyncio's pause_writing)."""


class CoreConnection(asyncio.Protocol):
    """One connection running one core through a :class:`v2g.connection.Connection`;
    :attr:`ended` resolves with the reason once it is closed.

    ``trace`` receives every record the core produces; ``turnaround(seconds)`` is told, for every
    read the core answered, the time from the bytes' arrival to the answers' hand-over to the socket
    (the response time).
    """

    def __init__(
        self,
        factory: CoreFactory,
        config: TransportConfig | None = None,
        *,
        trace: Callable[[Any], None] | None = None,
        turnaround: Callable[[float], None] | None = None,
        on_close: Callable[[CoreConnection], None] | None = None,
        on_open: Callable[[CoreConnection], bool] | None = None,
    ) -> None:
        self._factory = factory
        self._on_open = on_open
        self.config = config or TransportConfig()
        self._trace = trace
        self._turnaround = turnaround
        self._on_close = on_close
        self._loop = asyncio.get_running_loop()
        self.ended: asyncio.Future[str] = self._loop.create_future()
        self.connection: Connection[Any] | None = None
        """The sans-IO connection core (None until the session is built)."""
        self.peer: tuple[str, int] | None = None
        self.ssl_object: Any = None
        """The TLS object (``ssl.SSLObject`` or :class:`tls.conn.TlsConnection`); None over TCP."""
        self.tls_info: TlsInfo | None = None
        """What the TLS handshake negotiated (None over TCP, and on the ``ssl.SSLContext`` path)."""
        self.security: TransportSecurity = PLAIN
        """What protects the connection (known from ``connection_made``); the core is told of it."""
        self.failure: BaseException | None = None
        """The error that ended the connection (None when it ended normally)."""
        self.reason = ""
        self._transport: asyncio.Transport | None = None
        self._handle: asyncio.TimerHandle | None = None
        self._armed_at = 0.0
        self._write_handle: asyncio.TimerHandle | None = None
        self._paused = 0
        self._continuing = False
        self._closing = False
        self._lost = False

    @property
    def core(self) -> SessionCore[Any] | None:
        """The session core (None when building it failed)."""
        return self.connection.session if self.connection is not None else None

    @property
    def discarded(self) -> int:
        """Messages dropped with the connection kept (unknown payload types)."""
        return self.connection.discarded if self.connection is not None else 0

    # ------------------------------------------------------------------------------ protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports have the interface without subclassing asyncio.Transport: no isinstance
        self._transport = cast(asyncio.Transport, transport)
        name = transport.get_extra_info("peername")
        self.peer = (name[0], name[1]) if name else None
        self.ssl_object = transport.get_extra_info("ssl_object")
        info = transport.get_extra_info("tls_info")
        self.tls_info = info if isinstance(info, TlsInfo) else None
        self.security = transport_security(self.tls_info, self.ssl_object)
        if self._on_open is not None and not self._on_open(self):
            self._on_close = None  # refused: never a session, so nobody hears of its end
            self.reason = "refused"
            self._abort()
            return
        now = self._loop.time()
        try:
            core = self._factory(now)
        except Exception as exc:  # noqa: BLE001 - a core that cannot start ends its connection only
            self._fail(exc)
            return
        self.connection = Connection(core, now, self.config.connection(), security=self.security)
        self._after(None)

    def data_received(self, data: bytes) -> None:
        connection = self.connection
        if self._closing or connection is None:
            return
        arrived = time.perf_counter()
        connection.receive_data(data, self._loop.time())
        self._after(arrived)

    def eof_received(self) -> bool:
        if self.connection is not None and not self._closing:
            self.connection.eof_received(self._loop.time())
            self._after(None)
        return False  # close the transport; connection_lost follows

    def pause_writing(self) -> None:
        # the peer is not reading our answers: read no more requests from it, and give it a while
        self._write_handle = self._loop.call_later(self.config.write_timeout, self._write_timeout)
        self._pause(_WRITING)

    def resume_writing(self) -> None:
        if self._write_handle is not None:
            self._write_handle.cancel()
            self._write_handle = None
        self._resume(_WRITING)
        self._continue_soon(None)

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = True
        for handle in (self._handle, self._write_handle):
            if handle is not None:
                handle.cancel()
        self._handle = self._write_handle = None
        if not self.reason:
            self.reason = "peer closed the connection" if exc is None else f"connection lost: {exc}"
        try:
            if self.connection is not None:
                self.connection.connection_lost(self._loop.time(), self.reason)
                self.failure = self.failure or self.connection.failure
            self._flush_trace()
        except Exception as error:  # whoever waits for the end must still hear of it (log.exception)
            log.exception("%s: failure while closing", self.peer)
            self.failure = self.failure or error
        finally:
            if not self.ended.done():
                self.ended.set_result(self.reason)
            if self._on_close is not None:
                self._on_close(self)

    # ------------------------------------------------------------------------------ API

    def close(self, reason: str = "closed here") -> None:
        """Close cleanly (TLS close_notify, then FIN) after what is queued; abort if it takes too long."""
        if self._closing or self._transport is None:
            return
        self._closing = True
        self.reason = self.reason or reason
        self._transport.close()
        if not self._lost:
            self._handle_cancel()
            self._handle = self._loop.call_later(self.config.write_timeout, self._abort)

    def abort(self, reason: str = "aborted here") -> None:
        self.reason = self.reason or reason
        self._abort()

    # ------------------------------------------------------------------------------ internals

    def _after(self, arrived: float | None) -> None:
        """Hand the connection core's answers and trace over, then close, continue or arm."""
        connection = self.connection
        assert connection is not None and self._transport is not None
        out = connection.data_to_send()
        try:
            if out:
                self._transport.write(out)
                if arrived is not None and self._turnaround is not None:
                    self._turnaround(time.perf_counter() - arrived)
            self._flush_trace()
        except Exception as exc:  # noqa: BLE001 - a trace or turnaround that raises ends this connection only
            self._fail(exc)
            return
        if connection.closed:
            if connection.failure is not None:
                self._fail(connection.failure)
            else:
                self.close(connection.reason)
            return
        if connection.more:
            # whole messages wait: read no more, let the other connections have the loop, go on
            self._pause(_BACKLOG)
            self._continue_soon(arrived)
        else:
            self._resume(_BACKLOG)
        self._arm()

    def _continue_soon(self, arrived: float | None) -> None:
        if self._continuing or self._paused & _WRITING or self.connection is None:
            return
        if not self.connection.more:
            return
        self._continuing = True
        self._loop.call_soon(self._continue, arrived)

    def _continue(self, arrived: float | None) -> None:
        self._continuing = False
        connection = self.connection
        if self._closing or connection is None or self._paused & _WRITING:
            return
        connection.process(self._loop.time())
        self._after(arrived)

    def _pause(self, why: int) -> None:
        if not self._paused and self._transport is not None and not self._closing:
            self._transport.pause_reading()
        self._paused |= why

    def _resume(self, why: int) -> None:
        if not self._paused & why:
            return
        self._paused &= ~why
        if not self._paused and self._transport is not None and not self._closing:
            self._transport.resume_reading()

    def _flush_trace(self) -> None:
        connection = self.connection
        if connection is None:
            return
        trace = self._trace
        while (record := connection.next_trace()) is not None:
            if trace is not None:
                trace(record)

    def _arm(self) -> None:
        if self._closing or self.connection is None:
            return
        deadline = self.connection.get_timer()
        if deadline is None:
            return  # an armed handle fires, finds nothing due and stays off
        if self._handle is not None:
            if self._armed_at <= deadline:
                return  # it fires first and re-arms for this deadline then
            self._handle.cancel()
        self._armed_at = deadline
        self._handle = self._loop.call_at(deadline, self._on_timer)

    def _handle_cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _on_timer(self) -> None:
        self._handle = None
        if self._closing or self.connection is None:
            return
        # the handle fires within the loop's clock resolution of its deadline: that moment has come
        self.connection.handle_timer(max(self._loop.time(), self._armed_at))
        self._after(None)

    def _write_timeout(self) -> None:
        self._write_handle = None
        self._fail(WriteTimeoutError(f"peer did not read for {self.config.write_timeout} s"))

    def _fail(self, exc: BaseException) -> None:
        if self.failure is None:
            self.failure = exc
        if isinstance(exc, V2GError | ConnectionError | ssl.SSLError | TlsError):
            log.info("connection %s ended: %r", self.peer, exc)
        else:
            log.error("connection %s: core failed", self.peer, exc_info=exc)
        self.reason = self.reason or f"{type(exc).__name__}: {exc}"
        self._abort()

    def _abort(self) -> None:
        self._closing = True
        self._handle_cancel()
        if self._transport is not None and not self._lost:
            self._transport.abort()


async def connect(
    host: str,
    port: int,
    factory: CoreFactory,
    *,
    ssl_context: AnyTlsContext | None = None,
    config: TransportConfig | None = None,
    scope: int = 0,
    trace: Callable[[Any], None] | None = None,
    on_open: Callable[[CoreConnection], bool] | None = None,
) -> CoreConnection:
    """Connect to an SECC and run the core ``factory(now)`` builds on the connection
    (``scope``: interface index for a link-local address). Await ``.ended`` for the end.
    ``on_open(connection)`` is told right before the core is built (over TLS: after the handshake,
    ``connection.tls_info`` set); False aborts."""
    config = config or TransportConfig()
    target = f"{host}%{scope}" if scope and "%" not in host and host.startswith("fe80") else host
    loop = asyncio.get_running_loop()

    def app() -> CoreConnection:
        return CoreConnection(factory, config, trace=trace, on_open=on_open)

    if isinstance(ssl_context, TlsContext):
        return await connect_tls(host, target, port, ssl_context, app, config)
    try:
        async with asyncio.timeout(config.connect_timeout):
            _, protocol = await loop.create_connection(
                app,
                target,
                port,
                ssl=ssl_context,
                server_hostname="" if ssl_context is not None else None,
            )
    except (OSError, ssl.SSLError) as exc:
        why = why_not_connected(exc, config, ssl_context)
        raise ConnectionClosed(f"cannot connect to [{host}]:{port}: {why}") from exc
    return protocol
