"""The V2GTP connection core: one TCP or TLS byte stream running one session core, sans-IO.

Bytes in (:meth:`Connection.receive_data`), V2GTP-framed bytes out (:meth:`Connection.data_to_send`),
the next deadline out (:meth:`Connection.get_timer`, :meth:`Connection.handle_timer`); ``now`` is
always passed in. The connection owns the V2GTP :class:`~v2g.v2gtp.Framer`, its limits and its
timers (the message timeout of the framer, the idle timeout) and feeds whole payloads to a session
core (:class:`SessionCore`: the SECC and EVCC sessions). The asyncio adapter
(:class:`v2g.aio.runner.CoreConnection`) only moves bytes and arms one timer; replay, bridges and
tests drive a whole connection without sockets.

What a peer may cost is bounded (ARCHITECTURE rule 5):

* work per call: at most ``messages_per_call`` messages are taken from the stream per
  :meth:`~Connection.receive_data` or :meth:`~Connection.process`; :attr:`~Connection.more` says
  that whole messages are still waiting, and the driver calls :meth:`~Connection.process` again
  after serving others (the asyncio adapter pauses reading meanwhile);
* queued answers: no further request is taken while ``max_queued`` bytes of answers wait for
  :meth:`~Connection.data_to_send` (a peer that does not read its answers is not served more);
* unparsed bytes: beyond one whole message, at most ``max_backlog`` bytes are held; a peer that
  sends more without its requests being processed is cut off (:class:`BacklogLimitError`);
* discarded messages: a message of an unknown payload type is skipped and the connection kept
  (ISO 15118-2 7.8.3.2), but only ``max_discarded`` of them and ``max_discarded_bytes`` in all per
  connection (:class:`DiscardLimitError`); the counts and the last ``kept_errors`` errors are kept,
  not every one.

The adapter tells the connection at open what protects the byte stream (:class:`~v2g.security.
TransportSecurity`: plain TCP, the TLS version, whether the peer's certificate was verified); a
session core that has ``transport_opened(security, now)`` hears of it before anything else, so that
SupportedAppProtocol offers and selects only what that transport allows (:mod:`v2g.security`).

Every error of the connection ends the connection only: a framing error with the reaction close, a
timeout, an exception raised by the session core (a bug). It is kept in :attr:`Connection.failure`;
``closed`` with no failure is a normal end (the session closed, the peer closed between messages).
"""

from __future__ import annotations

import collections
import logging
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar, runtime_checkable

from v2g import v2gtp
from v2g.clock import earliest
from v2g.errors import (
    BacklogLimitError,
    DiscardLimitError,
    FramingError,
    IdleTimeoutError,
    Reaction,
    TruncatedMessageError,
    UnknownPayloadTypeError,
)
from v2g.security import TransportSecurity
from v2g.v2gtp import Framer, FramerConfig

log = logging.getLogger(__name__)

T_co = TypeVar("T_co", covariant=True)


class SessionCore(Protocol[T_co]):
    """A sans-IO session machine: whole V2GTP payloads in and out (the SECC and EVCC sessions)."""

    @property
    def closed(self) -> bool: ...

    def receive(self, payload_type: int, payload: bytes, now: float) -> None: ...

    def data_to_send(self) -> list[tuple[int, bytes]]: ...

    def get_timer(self) -> float | None: ...

    def handle_timer(self, now: float) -> None: ...

    def next_trace(self) -> T_co | None: ...

    def connection_lost(self, now: float) -> None: ...


@runtime_checkable
class SecurityAware(Protocol):
    """A session core that takes the transport's security when the connection opens."""

    def transport_opened(self, security: TransportSecurity, now: float) -> None: ...


@dataclass(frozen=True, slots=True)
class ConnectionConfig:
    framer: FramerConfig = field(default_factory=lambda: FramerConfig(message_timeout=2.0))
    idle_timeout: float | None = None
    """Seconds without any message before the connection is closed (None: the session decides)."""
    messages_per_call: int = 8
    """Messages taken from the stream per call; the rest waits for :meth:`Connection.process`."""
    max_queued: int = 64 * 1024
    """Bytes of answers waiting for data_to_send beyond which no further request is taken."""
    max_backlog: int = 1 << 20
    """Unparsed bytes held beyond one whole message (``framer.max_payload``) before the peer is
    cut off. asyncio hands over at most 256 KiB per read (TCP and TLS) and reading pauses while
    whole messages wait, so a well-behaved driver stays far below it."""
    max_discarded: int = 64
    """Messages of unknown payload type skipped per connection before it is closed."""
    max_discarded_bytes: int = 1 << 20
    """Bytes (headers and payloads) of skipped messages per connection before it is closed."""
    kept_errors: int = 8
    """How many of the last discard errors are kept for inspection (the counts cover all)."""

    def __post_init__(self) -> None:
        for name in ("messages_per_call", "max_queued", "max_backlog"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        for name in ("max_discarded", "max_discarded_bytes", "kept_errors"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.idle_timeout is not None and self.idle_timeout <= 0:
            raise ValueError("idle_timeout must be positive")


class Connection(Generic[T_co]):
    """One V2GTP connection running one session core (see the module docstring)."""

    def __init__(
        self,
        session: SessionCore[T_co],
        now: float,
        config: ConnectionConfig | None = None,
        *,
        security: TransportSecurity | None = None,
    ) -> None:
        """``security``: what protects the stream, from the adapter (None: not known, e.g. a replay;
        the session core is not told)."""
        self.session = session
        self.security = security
        self.config = config = config or ConnectionConfig()
        self._framer = Framer(config.framer)
        self._buffer_limit = v2gtp.HEADER_SIZE + config.framer.max_payload + config.max_backlog
        self._out = bytearray()
        self._last_message = now
        self.closed = False
        """The connection is over (or must be closed now): nothing more is processed."""
        self.reason = ""
        """Why it ended, for people."""
        self.failure: BaseException | None = None
        """The error that ended it (None: a normal end)."""
        self.discarded = 0
        """Messages skipped (unknown payload types), with the connection kept."""
        self.discarded_bytes = 0
        self.recent_discards: collections.deque[FramingError] = collections.deque(maxlen=config.kept_errors)
        """The last few discard errors, without their tracebacks."""
        self._told_session = False
        try:
            if security is not None and isinstance(session, SecurityAware):
                session.transport_opened(security, now)
            self._collect()
        except Exception as exc:  # noqa: BLE001 - a session bug ends this connection only
            self._fail(exc, now)

    # ------------------------------------------------------------------------------ bytes in

    @property
    def buffered(self) -> int:
        """Bytes received and not yet processed."""
        return self._framer.buffered

    @property
    def more(self) -> bool:
        """Whole messages (or a framing error) wait: call :meth:`process` again."""
        return not self.closed and self._framer.ready

    def receive_data(self, data: bytes | bytearray | memoryview, now: float) -> None:
        """Bytes from the peer, any split of the stream; processes at most ``messages_per_call``."""
        if self.closed:
            return
        framer = self._framer
        framer.feed(data, now)
        if framer.buffered > self._buffer_limit:
            self._fail(
                BacklogLimitError(
                    f"{framer.buffered} bytes unprocessed, more than the limit of {self._buffer_limit}"
                ),
                now,
            )
            return
        self.process(now)

    def process(self, now: float) -> None:
        """Take up to ``messages_per_call`` buffered messages to the session core."""
        framer = self._framer
        budget = self.config.messages_per_call
        max_queued = self.config.max_queued
        while budget and not self.closed and len(self._out) < max_queued:
            budget -= 1
            try:
                message = framer.next_message()
            except FramingError as exc:
                if exc.reaction is Reaction.DISCARD_MESSAGE:
                    self._discard(exc, now)
                else:
                    self._fail(exc, now)
                continue
            if message is None:
                return
            self._last_message = now
            try:
                self.session.receive(message.payload_type, message.payload, now)
                self._collect()
            except Exception as exc:  # noqa: BLE001 - a session bug ends this connection only
                self._fail(exc, now)

    def eof_received(self, now: float) -> None:
        """The peer closed its side: the connection ends (in the middle of a message: an error)."""
        if self.closed:
            return
        framer = self._framer
        if framer.buffered and not framer.ready:
            self._fail(
                TruncatedMessageError(f"peer closed in the middle of a message ({framer.buffered} bytes)"),
                now,
            )
            return
        reason = "peer closed the connection"
        if framer.buffered:
            reason += f" ({framer.buffered} bytes of requests unanswered)"
        self._end(reason, now)

    def connection_lost(self, now: float, reason: str = "peer closed the connection") -> None:
        """The byte stream is gone (whoever closed it): the session core hears of it once."""
        if not self.closed:
            self._end(reason, now)
        else:
            self._tell_session(now)

    # ------------------------------------------------------------------------------ bytes out

    def data_to_send(self) -> bytes:
        """Every V2GTP message queued since the last call, framed."""
        out = bytes(self._out)
        self._out.clear()
        return out

    def next_trace(self) -> T_co | None:
        """The session core's trace records, passed through."""
        return self.session.next_trace()

    # ------------------------------------------------------------------------------ timers

    def get_timer(self) -> float | None:
        """The earliest of the session's deadline, the message timeout and the idle timeout."""
        if self.closed:
            return None
        framer = self._framer
        idle = self.config.idle_timeout
        at_idle = None if idle is None or framer.buffered else self._last_message + idle
        # a whole message waiting for process() is not late: only a message still arriving is
        at_message = None if framer.ready else framer.get_timer()
        return earliest((self.session.get_timer(), at_message, at_idle))

    def handle_timer(self, now: float) -> None:
        if self.closed:
            return
        framer = self._framer
        if not framer.ready:
            try:
                framer.handle_timer(now)  # MessageTimeoutError for a message stuck half-way
            except FramingError as exc:
                self._fail(exc, now)
                return
        idle = self.config.idle_timeout
        if idle is not None and not framer.buffered and now >= self._last_message + idle:
            self._fail(IdleTimeoutError(f"no message for {idle} s"), now)
            return
        session = self.session
        try:
            deadline = session.get_timer()
            if deadline is not None and now >= deadline:
                session.handle_timer(now)
                self._collect()
        except Exception as exc:  # noqa: BLE001 - a session bug ends this connection only
            self._fail(exc, now)

    # ------------------------------------------------------------------------------ internals

    def _collect(self) -> None:
        session = self.session
        for payload_type, payload in session.data_to_send():
            self._out += v2gtp.encode_header(payload_type, len(payload))
            self._out += payload
        if session.closed and not self.closed:
            self.closed = True
            self.reason = self.reason or "session closed"

    def _discard(self, exc: FramingError, now: float) -> None:
        exc.__traceback__ = None  # a traceback holds frames: keep the error, not the stack
        self.recent_discards.append(exc)
        self.discarded += 1
        self.discarded_bytes += v2gtp.HEADER_SIZE + (
            exc.length if isinstance(exc, UnknownPayloadTypeError) else 0
        )
        log.debug("discarded a message: %s", exc)
        config = self.config
        if self.discarded > config.max_discarded or self.discarded_bytes > config.max_discarded_bytes:
            self._fail(
                DiscardLimitError(
                    f"{self.discarded} messages ({self.discarded_bytes} bytes) of unknown payload types "
                    f"discarded, more than the limit of {config.max_discarded} "
                    f"({config.max_discarded_bytes} bytes); last: {exc}"
                ),
                now,
            )

    def _fail(self, exc: BaseException, now: float) -> None:
        if self.failure is None:
            self.failure = exc
        self._end(f"{type(exc).__name__}: {exc}", now)

    def _end(self, reason: str, now: float) -> None:
        self.closed = True
        self.reason = self.reason or reason
        self._tell_session(now)

    def _tell_session(self, now: float) -> None:
        if self._told_session:
            return
        self._told_session = True
        session = self.session
        if session.closed:
            return
        try:
            session.connection_lost(now)
        except Exception as exc:  # noqa: BLE001 - a session bug ends this connection only
            self.failure = self.failure or exc
