"""Configuration of V2GTP over TCP and TLS, for the connection core (:mod:`v2g.connection`) and its
asyncio adapter (:mod:`v2g.aio.runner`).

Limits per connection: the framer's ``max_payload`` bounds one message (a header announcing more
closes the connection at once), ``message_timeout`` bounds how long one started message may take to
arrive (a peer trickling one byte a second is cut off), ``idle_timeout`` optionally bounds the
silence between messages, ``write_timeout`` bounds a peer that stops reading; ``messages_per_call``,
``max_queued``, ``max_backlog`` and the discard limits bound the work and memory one peer may cost
(see :class:`v2g.connection.ConnectionConfig`). A server admits connections by stage and peer
address (:class:`ServerConfig`, :mod:`v2g.aio.admission`) and keeps
serving the others whatever one of them does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from v2g import v2gtp
from v2g.connection import ConnectionConfig
from v2g.errors import IdleTimeoutError, V2GError
from v2g.v2gtp import FramerConfig

__all__ = ["ConnectionClosed", "IdleTimeoutError", "ServerConfig", "TransportConfig"]


class ConnectionClosed(V2GError):
    """The peer closed the connection (or it was closed here) between two messages."""


@dataclass(frozen=True, slots=True)
class TransportConfig:
    max_payload: int = v2gtp.DEFAULT_MAX_PAYLOAD
    message_timeout: float = 2.0
    """Seconds from a message's first byte to its last."""
    idle_timeout: float | None = None
    """Seconds without any message before the connection is closed (None: the session decides)."""
    write_timeout: float = 5.0
    connect_timeout: float = 5.0
    allowed_types: frozenset[int] = field(default=v2gtp.ALL_TYPES)
    messages_per_call: int = 8
    """Messages processed per read before the other connections get their turn."""
    max_queued: int = 64 * 1024
    max_backlog: int = 1 << 20
    max_discarded: int = 64
    max_discarded_bytes: int = 1 << 20

    def framer(self) -> FramerConfig:
        return FramerConfig(self.max_payload, self.message_timeout, self.allowed_types)

    def connection(self) -> ConnectionConfig:
        return ConnectionConfig(
            self.framer(),
            self.idle_timeout,
            messages_per_call=self.messages_per_call,
            max_queued=self.max_queued,
            max_backlog=self.max_backlog,
            max_discarded=self.max_discarded,
            max_discarded_bytes=self.max_discarded_bytes,
        )


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
