"""V2GTP over TCP and TLS (asyncio streams), framed by :class:`v2g.v2gtp.Framer`: the awaitable,
one-message-at-a-time API for scripts, test rigs and tools (send this, wait for that). The session
runners do not use it: they run their cores on :class:`v2g.aio.runner.CoreConnection`, which
answers from the event loop's callbacks under the same limits. The config classes here serve both.

Limits per connection: the framer's ``max_payload`` bounds the buffer (a header announcing more closes
the connection at once), ``message_timeout`` bounds how long one started message may take to arrive
(a peer trickling one byte a second is cut off), ``idle_timeout`` optionally bounds the silence
between messages, and ``write_timeout`` bounds a peer that stops reading. A server admits
connections by stage and peer address (:class:`ServerConfig`, :mod:`v2g.aio.admission`) and keeps
serving the others whatever one of them does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from v2g import v2gtp
from v2g.clock import earliest
from v2g.errors import FramingError, MessageTimeoutError, Reaction, TruncatedMessageError, V2GError
from v2g.v2gtp import Framer, FramerConfig, V2gtpMessage

log = logging.getLogger(__name__)


class ConnectionClosed(V2GError):
    """The peer closed the connection (or it was closed here) between two messages."""


class IdleTimeoutError(V2GError):
    """No message arrived within the idle timeout."""


@dataclass(frozen=True, slots=True)
class TransportConfig:
    max_payload: int = v2gtp.DEFAULT_MAX_PAYLOAD
    message_timeout: float = 2.0
    """Seconds from a message's first byte to its last."""
    idle_timeout: float | None = None
    """Seconds without any message before the connection is closed (None: the session decides)."""
    write_timeout: float = 5.0
    connect_timeout: float = 5.0
    read_size: int = 16 * 1024
    allowed_types: frozenset[int] = field(default=v2gtp.ALL_TYPES)

    def framer(self) -> FramerConfig:
        return FramerConfig(self.max_payload, self.message_timeout, self.allowed_types)


class V2gtpStream:
    """One V2GTP connection: receive whole messages, send messages, close cleanly."""

    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, config: TransportConfig
    ) -> None:
        self._reader = reader
        self._writer = writer
        self.config = config
        self._framer = Framer(config.framer())
        self._loop = asyncio.get_running_loop()
        self._last_message = self._loop.time()
        # Read once: asyncio's SSL transport cannot answer get_extra_info after it is closed (3.11).
        name = writer.get_extra_info("peername")
        self._peer: tuple[str, int] | None = (name[0], name[1]) if name else None
        obj = writer.get_extra_info("ssl_object")
        self._ssl_object = obj if isinstance(obj, ssl.SSLObject) else None
        self.discarded: list[FramingError] = []
        """Messages dropped with the connection kept (unknown payload types)."""
        self.closed = False

    @property
    def peer(self) -> tuple[str, int] | None:
        return self._peer

    @property
    def ssl_object(self) -> ssl.SSLObject | None:
        return self._ssl_object

    def _deadline(self) -> float | None:
        idle = None if self.config.idle_timeout is None else self._last_message + self.config.idle_timeout
        return earliest((self._framer.get_timer(), idle if not self._framer.buffered else None))

    async def receive(self) -> V2gtpMessage:
        """The next whole message; raises ConnectionClosed, a FramingError or IdleTimeoutError."""
        while True:
            try:
                message = self._framer.next_message()
            except FramingError as exc:
                if exc.reaction is Reaction.DISCARD_MESSAGE:
                    self.discarded.append(exc)
                    log.info("%s: discarded a message: %s", self.peer, exc)
                    continue
                await self._abort()
                raise
            if message is not None:
                self._last_message = self._loop.time()
                return message
            if self.closed:
                raise ConnectionClosed("connection closed")
            await self._read_more()

    async def _read_more(self) -> None:
        deadline = self._deadline()
        try:
            if deadline is None:
                data = await self._reader.read(self.config.read_size)
            else:  # asyncio.timeout_at, not wait_for: no extra task per read
                async with asyncio.timeout_at(deadline):
                    data = await self._reader.read(self.config.read_size)
        except TimeoutError:
            now = self._loop.time()
            try:
                self._framer.handle_timer(now)
            except MessageTimeoutError:
                await self._abort()
                raise
            await self._abort()
            raise IdleTimeoutError(f"no message for {self.config.idle_timeout} s") from None
        except (ConnectionError, ssl.SSLError) as exc:
            await self._abort()
            raise ConnectionClosed(f"connection lost: {exc}") from exc
        if not data:
            pending = self._framer.buffered
            await self.close()
            if pending:
                raise TruncatedMessageError(f"peer closed in the middle of a message ({pending} bytes)")
            raise ConnectionClosed("peer closed the connection")
        self._framer.feed(data, self._loop.time())

    async def send(self, payload_type: int, payload: bytes) -> None:
        if self.closed:
            raise ConnectionClosed("connection closed")
        self._writer.write(v2gtp.encode(payload_type, payload))
        if not self._writer.transport.get_write_buffer_size():
            return  # all of it went to the kernel: nothing to wait for
        try:
            async with asyncio.timeout(self.config.write_timeout):
                await self._writer.drain()
        except TimeoutError:
            await self._abort()
            raise ConnectionClosed(f"peer did not read for {self.config.write_timeout} s") from None
        except (ConnectionError, ssl.SSLError) as exc:
            await self._abort()
            raise ConnectionClosed(f"connection lost: {exc}") from exc

    async def close(self) -> None:
        """Close cleanly (TLS close_notify, then FIN), waiting a bounded time for the peer."""
        if self.closed:
            return
        self.closed = True
        self._writer.close()
        with contextlib.suppress(ConnectionError, ssl.SSLError, TimeoutError):
            async with asyncio.timeout(self.config.write_timeout):
                await self._writer.wait_closed()

    async def _abort(self) -> None:
        if self.closed:
            return
        self.closed = True
        transport = self._writer.transport
        transport.abort()
        with contextlib.suppress(ConnectionError, ssl.SSLError, TimeoutError):
            async with asyncio.timeout(1.0):
                await self._writer.wait_closed()

    async def __aenter__(self) -> V2gtpStream:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


async def open_connection(
    host: str,
    port: int,
    *,
    ssl_context: ssl.SSLContext | None = None,
    config: TransportConfig | None = None,
    scope: int = 0,
) -> V2gtpStream:
    """Connect to an SECC (``scope``: interface index for a link-local address)."""
    config = config or TransportConfig()
    target = f"{host}%{scope}" if scope and "%" not in host and host.startswith("fe80") else host
    async with asyncio.timeout(config.connect_timeout):
        reader, writer = await asyncio.open_connection(
            target,
            port,
            ssl=ssl_context,
            server_hostname="" if ssl_context is not None else None,
            limit=config.read_size,
        )
    return V2gtpStream(reader, writer, config)


Handler = Callable[[V2gtpStream], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class ServerConfig:
    transport: TransportConfig = field(default_factory=TransportConfig)
    max_connections: int = 32
    """Connections in every stage; beyond this they are closed at once (a charger serves few vehicles
    at a time)."""
    shutdown_timeout: float = 5.0
    handshake_timeout: float = 20.0
    """A TLS client that has not finished its handshake by then is dropped: the whole communication
    setup (TCP, TLS, SupportedAppProtocol) has V2G_SECC_CommunicationSetup_Timeout = 20 s, and
    asyncio's own default (60 s) would let silent clients hold sockets three times as long."""
    max_per_peer: int = 4
    """Connections from one IP address, in every stage (an EVCC needs one; a reconnect may overlap
    its old connection's end)."""
    max_silent: int = 16
    """Accepted connections that have not sent a byte yet (TLS: no ClientHello); they hold no TLS
    buffers until they do."""
    hello_timeout: float = 3.0
    """Seconds from accept to the first byte (TLS: the ClientHello; never more than
    ``handshake_timeout``). An EVCC speaks at once: TLS, or SupportedAppProtocolReq."""
    max_setup: int = 8
    """Connections that are talking (TLS handshake included) but have no session yet."""
    setup_timeout: float | None = 5.0
    """Seconds from the connection's start (after the TLS handshake) to the answered SessionSetup;
    an EVCC sends SupportedAppProtocolReq and SessionSetupReq right after connecting. None: no limit."""
    reserve: int = 1
    """The last slots of ``max_connections``, ``max_silent`` and ``max_setup`` that only a peer address
    holding no other connection may take: the slot kept for a new car."""
    failure_log: int = 100
    """Failed or refused connections kept as short records (``CoreServer.failures.recent``)."""

    def __post_init__(self) -> None:
        for name in ("max_connections", "max_silent", "max_setup"):
            if getattr(self, name) <= self.reserve:
                raise ValueError(f"{name} must be larger than reserve ({self.reserve})")
        if self.max_per_peer < 1 or self.reserve < 0 or self.failure_log < 0:
            raise ValueError("max_per_peer must be at least 1, reserve and failure_log not negative")


class V2gtpServer:
    """Accepts TCP or TLS connections and runs ``handler(stream)`` for each, isolated from the others."""

    def __init__(self, handler: Handler, config: ServerConfig | None = None) -> None:
        self.handler = handler
        self.config = config or ServerConfig()
        self._server: asyncio.Server | None = None
        self._streams: dict[asyncio.Task[object], V2gtpStream] = {}
        self.refused = 0
        self.failures: list[BaseException] = []
        """Exceptions that ended a connection's handler (kept for inspection; never re-raised)."""

    @property
    def connections(self) -> int:
        return len(self._streams)

    @property
    def port(self) -> int:
        assert self._server is not None and self._server.sockets
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self, host: str, port: int, *, ssl_context: ssl.SSLContext | None = None) -> None:
        self._server = await asyncio.start_server(
            self._accept, host, port, ssl=ssl_context, limit=self.config.transport.read_size,
            ssl_handshake_timeout=self.config.handshake_timeout if ssl_context is not None else None,
        )

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        stream = V2gtpStream(reader, writer, self.config.transport)
        if len(self._streams) >= self.config.max_connections:
            self.refused += 1
            await stream._abort()
            return
        task = asyncio.current_task()
        assert task is not None
        self._streams[task] = stream
        try:
            await self.handler(stream)
        except (V2GError, ConnectionError, ssl.SSLError) as exc:
            self.failures.append(exc)
            log.info("connection %s ended: %r", stream.peer, exc)
        finally:
            await stream.close()
            del self._streams[task]

    async def close(self) -> None:
        """Stop accepting, close every connection cleanly; cancel handlers that outlive the timeout."""
        if self._server is not None:
            self._server.close()
        tasks = set(self._streams)
        for stream in list(self._streams.values()):
            await stream.close()
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=self.config.shutdown_timeout)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)
        if self._server is not None:
            await self._server.wait_closed()

    async def __aenter__(self) -> V2gtpServer:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
