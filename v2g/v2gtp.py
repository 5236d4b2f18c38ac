"""V2GTP: the 8-byte header of every V2G message and an incremental framer for byte streams.

Header (ISO 15118-2:2014 clause 7.8.3, DIN SPEC 70121 clause 8.6.3, ISO 15118-20 clause 7.8.3)::

    0        1          2-3            4-7
    version  ~version   payload type   payload length (big endian, bytes after the header)
    0x01     0xFE

Header processing (ISO 15118-2:2014 7.8.3.2 and ISO 15118-20 7.8.3, Figure 11 "V2GTP generic header
handler"; DIN SPEC 70121 takes the procedure over from ISO 15118-2): a header with wrong data (version,
payload type, payload length) is not processed and the message is ignored. On a byte stream "ignore"
has two faces, and the framer keeps them apart:

1. version 0x01 and inverse version 0xFE, else the bytes are not V2GTP and the stream is out of sync:
   nothing after it can be found, so the TCP connection is closed (a UDP datagram is dropped)
   -> :class:`WrongVersionError`, reaction close.
2. payload length within the receive buffer (the configurable ``max_payload``), else the message
   cannot be received: the connection is closed -> :class:`PayloadTooLargeError`, reaction close.
   This is checked before the payload type, so that an unknown type never makes us skip gigabytes.
3. payload type known to the protocol in use, else the message is ignored: its length is still
   trustworthy, so the framer skips exactly that many bytes and stays in sync
   -> :class:`UnknownPayloadTypeError`, reaction discard.

The framer never assumes that one read is one message: any split or merge of the stream yields the
same messages. It is sans-IO; the only time it knows is the ``now`` passed to :meth:`Framer.feed`.
"""

from __future__ import annotations

import enum
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field

from v2g.errors import (
    FramingError,
    MessageTimeoutError,
    PayloadTooLargeError,
    Reaction,
    TruncatedMessageError,
    UnknownPayloadTypeError,
    WrongVersionError,
)

PROTOCOL_VERSION = 0x01
INVERSE_PROTOCOL_VERSION = 0xFE
HEADER_SIZE = 8
MAX_LENGTH_FIELD = 0xFFFF_FFFF
DEFAULT_MAX_PAYLOAD = 64 * 1024
"""Large enough for a certificate installation response with full chains; configurable."""

_HEADER = struct.Struct(">BBHI")

# status of _parse_header
_OK = 0
_SHORT = 1
_BAD_VERSION = 2
_TOO_LARGE = 3


def _parse_header(buffer: bytes | bytearray | memoryview, max_payload: int) -> tuple[int, int, int]:
    """(status, payload type, length) of the header at the start of ``buffer``, without raising."""
    if len(buffer) < HEADER_SIZE:
        return _SHORT, 0, 0
    version, inverse, payload_type, length = _HEADER.unpack_from(buffer)
    if version != PROTOCOL_VERSION or inverse != INVERSE_PROTOCOL_VERSION:
        return _BAD_VERSION, payload_type, length
    if length > max_payload:
        return _TOO_LARGE, payload_type, length
    return _OK, payload_type, length


class PayloadType(enum.IntEnum):
    """Every payload type of DIN 70121, ISO 15118-2 and ISO 15118-20."""

    EXI = 0x8001
    """SupportedAppProtocol, DIN 70121 and ISO 15118-2 messages (and the -20 handshake)."""
    ISO20_MAIN = 0x8002
    ISO20_AC = 0x8003
    ISO20_DC = 0x8004
    ISO20_ACDP = 0x8005
    ISO20_WPT = 0x8006
    ISO20_SCHEDULE_RENEGOTIATION = 0x8101
    ISO20_METERING_CONFIRMATION = 0x8102
    ISO20_ACDP_SYSTEM_STATUS = 0x8103
    ISO20_PARKING_STATUS = 0x8104
    SDP_REQUEST = 0x9000
    SDP_RESPONSE = 0x9001
    SDP_REQUEST_WIRELESS = 0x9002
    SDP_RESPONSE_WIRELESS = 0x9003


SDP_TYPES = frozenset({PayloadType.SDP_REQUEST, PayloadType.SDP_RESPONSE})
DIN_TYPES = frozenset({PayloadType.EXI}) | SDP_TYPES
ISO2_TYPES = DIN_TYPES
ISO20_TYPES = frozenset(PayloadType)
ALL_TYPES = ISO20_TYPES
"""Before the protocol is negotiated a server accepts every type; sessions narrow it."""


@dataclass(frozen=True, slots=True)
class Header:
    payload_type: int
    length: int


@dataclass(frozen=True, slots=True)
class V2gtpMessage:
    payload_type: int
    payload: bytes

    def to_bytes(self) -> bytes:
        return encode(self.payload_type, self.payload)


def encode_header(payload_type: int, length: int) -> bytes:
    if not 0 <= payload_type <= 0xFFFF:
        raise ValueError(f"payload type {payload_type:#x} does not fit 16 bits")
    if not 0 <= length <= MAX_LENGTH_FIELD:
        raise ValueError(f"payload length {length} does not fit 32 bits")
    return _HEADER.pack(PROTOCOL_VERSION, INVERSE_PROTOCOL_VERSION, payload_type, length)


def encode(payload_type: int, payload: bytes) -> bytes:
    """A whole V2GTP message: header plus payload."""
    return encode_header(payload_type, len(payload)) + payload


def _check_header(
    status: int, payload_type: int, length: int, max_payload: int, allowed: frozenset[int]
) -> None:
    # Order and reactions: see the module docstring (ISO 15118-2 7.8.3.2, ISO 15118-20 Figure 11).
    if status == _BAD_VERSION:
        raise WrongVersionError("not a V2GTP header: version/inverse version are not 0x01/0xFE")
    if status == _TOO_LARGE:
        raise PayloadTooLargeError(
            f"payload length {length} exceeds the limit of {max_payload} bytes", length, max_payload
        )
    if payload_type not in allowed:
        raise UnknownPayloadTypeError(
            f"payload type {payload_type:#06x} is not supported here", payload_type, length
        )


def decode_header(
    data: bytes | bytearray | memoryview,
    *,
    max_payload: int = MAX_LENGTH_FIELD,
    allowed: frozenset[int] = ALL_TYPES,
) -> Header:
    """Decode and check the first 8 bytes of ``data``."""
    status, payload_type, length = _parse_header(data, max_payload)
    if status == _SHORT:
        raise TruncatedMessageError(f"a V2GTP header needs 8 bytes, got {len(data)}")
    _check_header(status, payload_type, length, max_payload, allowed)
    return Header(payload_type, length)


def decode_datagram(
    data: bytes, *, max_payload: int = DEFAULT_MAX_PAYLOAD, allowed: frozenset[int] = ALL_TYPES
) -> V2gtpMessage:
    """Decode one whole V2GTP message carried in one UDP datagram (SDP)."""
    header = decode_header(data, max_payload=max_payload, allowed=allowed)
    end = HEADER_SIZE + header.length
    if len(data) < end:
        raise TruncatedMessageError(f"datagram holds {len(data) - HEADER_SIZE} of {header.length} bytes")
    if len(data) > end:
        raise TruncatedMessageError(f"datagram has {len(data) - end} bytes after the announced payload")
    return V2gtpMessage(header.payload_type, bytes(data[HEADER_SIZE:end]))


@dataclass(frozen=True, slots=True)
class FramerConfig:
    max_payload: int = DEFAULT_MAX_PAYLOAD
    """Largest payload accepted; a header announcing more closes the connection."""
    message_timeout: float | None = None
    """A message whose first byte has arrived must be complete within this many seconds."""
    allowed_types: frozenset[int] = field(default=ALL_TYPES)

    def __post_init__(self) -> None:
        if not 0 <= self.max_payload <= MAX_LENGTH_FIELD:
            raise ValueError(f"max_payload {self.max_payload} outside 0..{MAX_LENGTH_FIELD}")
        if self.message_timeout is not None and self.message_timeout <= 0:
            raise ValueError("message_timeout must be positive")


class Framer:
    """Incremental V2GTP de-framer for one byte stream (TCP or TLS).

    Feed bytes as they arrive, then call :meth:`next_message` until it returns None. It raises a
    :class:`FramingError` at the point of the stream where the error is; after an error whose
    reaction is :attr:`Reaction.DISCARD_MESSAGE` the framer goes on with the next message, after
    one that closes the connection every further call raises the same error.
    """

    def __init__(self, config: FramerConfig | None = None) -> None:
        self.config = config or FramerConfig()
        self._buffer = bytearray()
        self._skip = 0
        self._failed: FramingError | None = None
        self._partial_since: float | None = None
        self._now = 0.0

    @property
    def buffered(self) -> int:
        """Bytes held for a message not yet complete."""
        return len(self._buffer)

    @property
    def ready(self) -> bool:
        """:meth:`next_message` has something to say now: a whole message, or a header error."""
        if self._failed is not None:
            return True
        status, _, length = _parse_header(self._buffer, self.config.max_payload)
        return status != _SHORT and (status != _OK or len(self._buffer) >= HEADER_SIZE + length)

    @property
    def failed(self) -> FramingError | None:
        return self._failed

    def feed(self, data: bytes | bytearray | memoryview, now: float = 0.0) -> None:
        self._now = now
        if self._failed is not None or not data:
            return
        if self._skip:
            dropped = min(self._skip, len(data))
            self._skip -= dropped
            data = data[dropped:]
            if not data:
                return
        if not self._buffer:
            self._partial_since = now
        self._buffer += data

    def next_message(self) -> V2gtpMessage | None:
        if self._failed is not None:
            raise self._failed
        buffer = self._buffer
        config = self.config
        status, payload_type, length = _parse_header(buffer, config.max_payload)
        if status == _SHORT:
            return None
        try:
            _check_header(status, payload_type, length, config.max_payload, config.allowed_types)
        except FramingError as exc:
            if exc.reaction is Reaction.CLOSE_CONNECTION:
                self._fail(exc)
            else:
                self._discard(HEADER_SIZE + length)
            raise
        end = HEADER_SIZE + length
        if len(buffer) < end:
            return None
        message = V2gtpMessage(payload_type, bytes(buffer[HEADER_SIZE:end]))
        self._consume(end)
        return message

    def messages(self) -> Iterator[V2gtpMessage]:
        """Every complete message buffered now (raises at the first framing error)."""
        while (message := self.next_message()) is not None:
            yield message

    def get_timer(self) -> float | None:
        """When the message now arriving must be complete (None: nothing pending or no limit)."""
        if self.config.message_timeout is None or not self._buffer or self._failed is not None:
            return None
        assert self._partial_since is not None
        return self._partial_since + self.config.message_timeout

    def handle_timer(self, now: float) -> None:
        deadline = self.get_timer()
        if deadline is not None and now >= deadline:
            self._fail(
                MessageTimeoutError(
                    f"message incomplete after {self.config.message_timeout} s "
                    f"({len(self._buffer)} bytes received)"
                )
            )
            raise self._failed  # type: ignore[misc]

    def _fail(self, exc: FramingError) -> None:
        self._failed = exc
        self._buffer = bytearray()
        self._skip = 0

    def _consume(self, count: int) -> None:
        del self._buffer[:count]
        if self._buffer:
            self._partial_since = self._now

    def _discard(self, count: int) -> None:
        held = min(count, len(self._buffer))
        self._consume(held)
        self._skip = count - held
