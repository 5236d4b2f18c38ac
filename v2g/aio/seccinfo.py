"""What the SECC server's observers hear of its sessions: who a connection is (:class:`SessionInfo`),
how it ended (:class:`SessionSummary`), and the wrapper that hands each trace record of a session to
the observer together with that session's :class:`SessionInfo` (:class:`ObservedSession`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tls.conn import TlsInfo
from v2g.secc import SeccSession
from v2g.security import TransportSecurity
from v2g.trace import TraceRecord

__all__ = ["ObservedSession", "SessionInfo", "SessionSummary"]


@dataclass(frozen=True)
class SessionInfo:
    """One connection of the server, as its observers hear of it."""

    number: int
    """1, 2, ... in the order the connections opened: the tag of the session's lines and trace."""
    peer: tuple[str, int] | None
    opened: float
    """Wall-clock time (``time.time()``) the connection opened: to match the trace with a capture."""
    session: SeccSession
    tls: TlsInfo | None = None
    """What the TLS handshake negotiated (None over TCP)."""


@dataclass
class SessionSummary:
    peer: tuple[str, int] | None
    protocol: str | None
    reason: str
    info: SessionInfo | None = None
    session_id: bytes | None = None


class ObservedSession:
    """The session core of one connection, handing each trace record to the server's observer with
    its :class:`SessionInfo` (the connection's trace alone does not say which session it is of)."""

    __slots__ = ("_session", "info", "on_trace")

    def __init__(self, info: SessionInfo, on_trace: Callable[[SessionInfo, TraceRecord], None]) -> None:
        self.info = info
        self._session = info.session
        self.on_trace = on_trace

    @property
    def closed(self) -> bool:
        return self._session.closed

    @property
    def session_id(self) -> bytes | None:
        """The session's (the server's setup deadline ends once it is set: see ``session_started``)."""
        return self._session.session_id

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        self._session.receive(payload_type, payload, now)

    def data_to_send(self) -> list[tuple[int, bytes]]:
        return self._session.data_to_send()

    def get_timer(self) -> float | None:
        return self._session.get_timer()

    def handle_timer(self, now: float) -> None:
        self._session.handle_timer(now)

    def next_trace(self) -> TraceRecord | None:
        record = self._session.next_trace()
        if record is not None:
            self.on_trace(self.info, record)
        return record

    def connection_lost(self, now: float) -> None:
        self._session.connection_lost(now)

    def transport_opened(self, security: TransportSecurity, now: float) -> None:
        self._session.transport_opened(security, now)
