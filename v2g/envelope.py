"""How a protocol's messages are taken apart into header and body and put together again.

- DIN SPEC 70121 and ISO 15118-2 (:class:`BodyEnvelope`): ``V2G_Message(Header, Body(BodyElement))``,
  every message on payload type 0x8001; the header holds the SessionID and optionally a
  Notification and a Signature.
- ISO 15118-20 (:class:`HeaderEnvelope`): the message element *is* the body and carries its own
  ``Header`` (SessionID, a mandatory TimeStamp in seconds since the Unix epoch, optionally a
  Signature; ISO 15118-20 MessageHeaderType); the payload type names the message's schema set
  (:mod:`v2g.payloads`).

An envelope never touches the session: the boundary gives it the SessionID, the wall-clock time
and what the handler attached (a signature), and it returns the message to encode.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from v2g.payloads import ISO20_PAYLOAD_SCHEMAS, ISO20_SCHEMA_PAYLOAD_TYPES
from v2g.v2gtp import PayloadType


@dataclass(frozen=True, slots=True)
class Outgoing:
    """What the boundary adds to a body to make the message."""

    session_id: bytes
    wall: float
    """Wall-clock time, seconds since the Unix epoch (the -20 TimeStamp)."""
    signature: Any = None
    notification: Any = None


@dataclass(frozen=True, slots=True)
class Rx:
    """A received message as a handler sees it, beside its body."""

    header: Any
    """The protocol's message header (SessionID, Notification, Signature; -20 TimeStamp)."""
    now: float
    """Monotonic time of arrival, seconds (timers and Ongoing limits)."""
    wall: float
    """Wall-clock time of arrival, seconds since the Unix epoch (certificate validity, time stamps)."""
    data: bytes = b""
    """The message's EXI as received (what a signed request is kept as, e.g. a metering receipt)."""


class Envelope(Protocol):
    """The message shape of one protocol (see the module docstring)."""

    reads: Mapping[int, str]
    """V2GTP payload type -> schema set of the messages this protocol receives on it."""
    no_session: bytes
    """The SessionID of a message before the SECC has given one (all zeros)."""

    def split(self, message: Any) -> tuple[Any, Any]:
        """(header, body) of a decoded message; body None when the message has none."""

    def join(self, body: Any, out: Outgoing) -> Any:
        """The message that carries ``body``."""

    def payload_type(self, body: Any) -> int:
        """The V2GTP payload type to send ``body`` with."""

    def schema_of(self, body: Any) -> str:
        """The schema set ``body`` belongs to (for the trace)."""


class BodyEnvelope:
    """``V2G_Message(Header, Body(BodyElement))`` on payload type 0x8001 (DIN 70121, ISO 15118-2)."""

    def __init__(self, schema: str, types: Any) -> None:
        self.schema = schema
        self._payload_type = int(PayloadType.EXI)
        self.reads: Mapping[int, str] = {self._payload_type: schema}
        self.no_session = b"\x00"  # [V2G2-756] / DIN: hexBinary of up to 8 bytes
        self._message = types.V2G_Message
        self._header = types.MessageHeaderType
        self._body = types.BodyType

    def split(self, message: Any) -> tuple[Any, Any]:
        if type(message) is not self._message:
            return None, None
        return message.Header, message.Body.BodyElement

    def join(self, body: Any, out: Outgoing) -> Any:
        if out.signature is None and out.notification is None:
            header = self._header(SessionID=out.session_id)
        else:
            header = self._header(
                SessionID=out.session_id, Notification=out.notification, Signature=out.signature
            )
        return self._message(Header=header, Body=self._body(BodyElement=body))

    def payload_type(self, body: Any) -> int:
        return self._payload_type

    def schema_of(self, body: Any) -> str:
        return self.schema


class HeaderEnvelope:
    """ISO 15118-20: a message with its own ``Header``; the payload type names the schema set."""

    def __init__(self, header_type: type, schemas: tuple[str, ...]) -> None:
        self._header = header_type
        self.no_session = b"\x00" * 8  # -20: exactly 8 bytes
        self.reads: Mapping[int, str] = {t: s for t, s in ISO20_PAYLOAD_SCHEMAS.items() if s in schemas}
        self._schema_by_module = {f"exi.{s.replace('-', '_')}.generated_types": s for s in schemas}

    def split(self, message: Any) -> tuple[Any, Any]:
        header = getattr(message, "Header", None)
        if not isinstance(header, self._header):
            return None, None
        return header, message

    def join(self, body: Any, out: Outgoing) -> Any:
        header = self._header(
            SessionID=out.session_id, TimeStamp=max(0, int(out.wall)), Signature=out.signature
        )
        return dataclasses.replace(body, Header=header)

    def schema_of(self, body: Any) -> str:
        return self._schema_by_module.get(type(body).__module__, "iso20")

    def payload_type(self, body: Any) -> int:
        return ISO20_SCHEMA_PAYLOAD_TYPES[self.schema_of(body)]
