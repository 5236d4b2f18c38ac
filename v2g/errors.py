"""Typed errors of the application stack.

Every error a peer can provoke is a subclass of :class:`V2GError`. Errors that the standards answer on
the wire carry that answer: framing errors say whether the message is discarded or the connection
closed; session errors (added with the session machines) carry the ResponseCode to send.
"""

from __future__ import annotations

import enum


class V2GError(Exception):
    """Base of every error raised by the ``v2g`` package."""


class Reaction(enum.Enum):
    """What the receiving V2GTP entity does after a framing error."""

    DISCARD_MESSAGE = "discard"
    """Drop this message, keep the connection (the rest of the stream is still in sync)."""

    CLOSE_CONNECTION = "close"
    """The stream can no longer be trusted: close the TCP connection."""


class FramingError(V2GError):
    """A V2GTP header or stream that breaks the transport rules."""

    reaction: Reaction = Reaction.CLOSE_CONNECTION


class WrongVersionError(FramingError):
    """Protocol version is not 0x01 or the inverse version is not 0xFE."""

    reaction = Reaction.CLOSE_CONNECTION


class UnknownPayloadTypeError(FramingError):
    """The payload type is not one this connection's protocol defines."""

    reaction = Reaction.DISCARD_MESSAGE

    def __init__(self, message: str, payload_type: int, length: int) -> None:
        super().__init__(message)
        self.payload_type = payload_type
        self.length = length


class PayloadTooLargeError(FramingError):
    """The announced payload length exceeds the configured maximum."""

    reaction = Reaction.CLOSE_CONNECTION

    def __init__(self, message: str, length: int, limit: int) -> None:
        super().__init__(message)
        self.length = length
        self.limit = limit


class TruncatedMessageError(FramingError):
    """A datagram or buffer ended before the length its header announced."""

    reaction = Reaction.DISCARD_MESSAGE


class MessageTimeoutError(FramingError):
    """A message that had started arriving was not complete within the configured time."""

    reaction = Reaction.CLOSE_CONNECTION


class DiscardLimitError(FramingError):
    """A connection discarded more messages (or bytes) than its limit: unknown payload types are
    skipped, but a peer that streams them is cut off."""

    reaction = Reaction.CLOSE_CONNECTION


class BacklogLimitError(FramingError):
    """More unparsed bytes arrived than the connection holds: the peer sends without reading."""

    reaction = Reaction.CLOSE_CONNECTION


class IdleTimeoutError(V2GError):
    """No message arrived within the idle timeout."""


class SdpError(V2GError):
    """A malformed SDP request or response (the datagram is ignored)."""


class SessionError(V2GError):
    """A request the SECC refuses: carries the ResponseCode (the XSD value, e.g.
    ``"FAILED_SequenceError"``) to answer with. One boundary (``SeccSession.receive``) turns it into
    the response message of the request's type and, when ``close`` is set, ends the session."""

    def __init__(
        self,
        response_code: str,
        message: str = "",
        *,
        close: bool = True,
        details: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(message or response_code)
        self.response_code = response_code
        self.close = close
        self.details = details
        """Values for the minimal response by field name, as XSD strings (an EVSEStatusCode of
        ``"EVSE_EmergencyShutdown"``): what the EVCC must learn even from a FAILED answer."""


class EvccAbort(V2GError):
    """The EVCC ends the session: a FAILED response, a timeout or an unexpected message."""


class ControllerFault(V2GError):
    """A controller gave a value no session may use: a limit, set point or present value that is
    not finite, or negative. Checked where the session reads the value (once per message). The
    SECC treats it as a firmware fault: FAILED answer, power off, session ended, the reason kept."""


class EvControllerFault(ControllerFault, EvccAbort):
    """A :class:`ControllerFault` of the EV controller: the EVCC ends its session with the reason."""
