"""V2GTP framing of reassembled TCP streams.

:class:`V2gtpDeframer` runs a :class:`v2g.v2gtp.Framer` per direction over the streams of
:class:`~v2g.capture.tcp.TcpReassembler`. A stream that starts with a TLS handshake record
(ContentType 0x16, version 0x03xx) is reported as encrypted and passed on raw. After a gap or a
header that breaks sync it looks for the next plausible V2GTP header (candidates found with
``bytes.find`` of the version pair 0x01 0xFE, so a long non-V2G stream costs no per-byte Python
work) and goes on from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from v2g import v2gtp
from v2g.capture.packets import Endpoint
from v2g.capture.tcp_types import Connection, ConnectionClosed, Direction, StreamData, StreamGap, TcpEvent
from v2g.errors import FramingError, Reaction


@dataclass(frozen=True, slots=True)
class V2gtpFrame:
    """One whole V2GTP message taken from a reassembled stream."""

    connection: Connection
    direction: Direction
    timestamp_ns: int
    """When the last byte of the message arrived."""
    frame: int
    offset: int
    """Stream offset of the V2GTP header."""
    payload_type: int
    payload: bytes

    @property
    def raw(self) -> bytes:
        return v2gtp.encode(self.payload_type, self.payload)


@dataclass(frozen=True, slots=True)
class FramingIssue:
    """Bytes of a stream that are not a well-formed V2GTP message (or were lost to a gap)."""

    connection: Connection
    direction: Direction
    timestamp_ns: int
    frame: int
    offset: int
    problem: str


def _issue(
    event: StreamData | StreamGap | ConnectionClosed, direction: Direction, offset: int, problem: str
) -> FramingIssue:
    """A framing issue at ``offset`` of ``direction``'s stream, found at ``event``."""
    return FramingIssue(event.connection, direction, event.timestamp_ns, event.frame, offset, problem)


@dataclass(frozen=True, slots=True)
class EncryptedData:
    """Bytes of a TLS connection (not framed; see :mod:`v2g.capture.tlsdecrypt` for decryption)."""

    connection: Connection
    direction: Direction
    timestamp_ns: int
    frame: int
    offset: int
    data: bytes


FramingEvent = V2gtpFrame | FramingIssue | EncryptedData | ConnectionClosed

_TLS_CONTENT_TYPES = {0x14, 0x15, 0x16, 0x17}


def looks_like_tls(data: bytes) -> bool:
    """A TLS record header at the start of a stream (a handshake record, version 3.x)."""
    return len(data) >= 3 and data[0] == 0x16 and data[1] == 0x03 and data[2] <= 0x04


def _plausible_header(buf: bytes | bytearray, at: int, max_payload: int) -> bool:
    if at + v2gtp.HEADER_SIZE > len(buf):  # too short to check: keep it if it can still become one
        if at + 1 == len(buf):
            return buf[at] == 0x01
        return buf[at] == 0x01 and buf[at + 1] == 0xFE
    try:
        v2gtp.decode_header(bytes(buf[at : at + v2gtp.HEADER_SIZE]), max_payload=max_payload)
    except FramingError:
        return False
    return True


_VERSION_PAIR = bytes((v2gtp.PROTOCOL_VERSION, v2gtp.INVERSE_PROTOCOL_VERSION))


def _next_header(buf: bytes | bytearray, max_payload: int) -> int:
    """The first offset of ``buf`` where a plausible V2GTP header starts (or may start, at the very
    end), else ``len(buf)``: the candidates are the version pair 0x01 0xFE and a final 0x01."""
    at = 0
    while True:
        at = buf.find(_VERSION_PAIR, at)
        if at < 0:
            last = len(buf) - 1
            return last if last >= 0 and buf[last] == _VERSION_PAIR[0] else len(buf)
        if _plausible_header(buf, at, max_payload):
            return at
        at += 1


@dataclass(slots=True)
class _Deframing:
    framer: v2gtp.Framer
    mirror: bytearray = field(default_factory=bytearray)
    """The bytes fed to the framer since the last message boundary (for re-synchronisation)."""
    mirror_offset: int = 0
    skip: int = 0
    syncing: bool = False
    started: bool = False
    quiet: bool = False
    """Do not report the bytes skipped before the first header (a capture that starts mid-stream)."""


class V2gtpDeframer:
    """V2GTP messages of every direction of every connection, from :class:`TcpReassembler` events."""

    def __init__(self, config: v2gtp.FramerConfig | None = None) -> None:
        self.config = config or v2gtp.FramerConfig(max_payload=1 << 20)
        self._streams: dict[tuple[int, Direction], _Deframing] = {}
        self._tls: set[int] = set()
        self._tls_servers: set[Endpoint] = set()
        self._other: set[int] = set()
        """Connections whose stream starts with neither V2GTP nor TLS: not V2G, ignored."""
        self._plain: dict[tuple[int, Direction], _Deframing] = {}
        """The deframing state of each direction of a plain V2GTP connection."""

    def add_tls_server(self, endpoint: Endpoint) -> None:
        """An SDP response offered TLS at this endpoint: a stream to it that does not start with a
        V2GTP header is taken as TLS (one that starts with a TLS record always is)."""
        self._tls_servers.add(endpoint)

    def is_v2g(self, connection: Connection) -> bool:
        """False for a connection that carries something else (its bytes are ignored)."""
        return connection.index not in self._other

    def is_encrypted(self, connection: Connection) -> bool:
        return connection.index in self._tls

    def feed(self, event: TcpEvent) -> list[FramingEvent]:
        if isinstance(event, ConnectionClosed):
            return self._closed(event)
        conn = event.connection
        if conn.index in self._other:
            return []
        key = (conn.index, event.direction)
        state = self._streams.get(key)
        if state is None:
            state = self._streams[key] = _Deframing(v2gtp.Framer(self.config))
            if not conn.handshake_seen:  # the capture may start inside a message
                state.syncing = state.quiet = True
        out: list[FramingEvent] = []
        if isinstance(event, StreamGap):
            if not self.is_encrypted(event.connection):
                problem = f"{event.length} bytes missing from the capture"
                out.append(_issue(event, event.direction, event.offset, problem))
                self._resync(state, event.offset + event.length)
            return out
        if not state.started:
            state.started = True
            v2g_start = event.data[:2] in (b"\x01\xfe", b"\x01")
            if event.offset == 0 and conn.handshake_seen and conn.index not in self._tls:
                if looks_like_tls(event.data) or (conn.server in self._tls_servers and not v2g_start):
                    self._tls.add(conn.index)
                elif not v2g_start and not self._peer_started(conn, event.direction):
                    self._other.add(conn.index)
                    self._streams.pop((conn.index, Direction.EV_TO_EVSE), None)
                    self._streams.pop((conn.index, Direction.EVSE_TO_EV), None)
                    return []
        if self.is_encrypted(event.connection):
            out.append(
                EncryptedData(
                    event.connection,
                    event.direction,
                    event.timestamp_ns,
                    event.frame,
                    event.offset,
                    event.data,
                )
            )
            return out
        self._bytes(state, event, event.data, event.offset, out)
        return out

    def feed_plaintext(self, event: StreamData) -> list[FramingEvent]:
        """Frame decrypted application data of a TLS connection (``event.offset`` counts plaintext)."""
        key = (event.connection.index, event.direction)
        state = self._plain.get(key)
        if state is None:
            state = self._plain[key] = _Deframing(v2gtp.Framer(self.config), started=True)
        out: list[FramingEvent] = []
        self._bytes(state, event, event.data, event.offset, out)
        return out

    def _peer_started(self, conn: Connection, direction: Direction) -> bool:
        other = Direction.EVSE_TO_EV if direction is Direction.EV_TO_EVSE else Direction.EV_TO_EVSE
        state = self._streams.get((conn.index, other))
        return state is not None and state.started

    def _closed(self, event: ConnectionClosed) -> list[FramingEvent]:
        out: list[FramingEvent] = []
        for direction in Direction:
            state = self._streams.pop((event.connection.index, direction), None)
            plain = self._plain.pop((event.connection.index, direction), None)
            if self.is_encrypted(event.connection):
                state = plain
            if state is not None and state.mirror and not state.syncing:
                problem = f"stream ends inside a message ({len(state.mirror)} bytes left)"
                out.append(_issue(event, direction, state.mirror_offset, problem))
        out.append(event)
        return out

    def _resync(self, state: _Deframing, offset: int) -> None:
        state.framer = v2gtp.Framer(self.config)
        state.mirror = bytearray()
        state.mirror_offset = offset
        state.skip = 0
        state.syncing = True

    def _bytes(
        self, state: _Deframing, event: StreamData, data: bytes, offset: int, out: list[FramingEvent]
    ) -> None:
        if not data:
            return
        if state.syncing:
            buf = state.mirror + data
            base = state.mirror_offset
            at = _next_header(buf, self.config.max_payload)
            if at and not state.quiet:
                problem = f"skipped {at} bytes to the next V2GTP header"
                out.append(_issue(event, event.direction, base, problem))
            rest = bytes(buf[at:])
            if len(rest) < v2gtp.HEADER_SIZE:
                state.mirror = bytearray(rest)
                state.mirror_offset = base + at
                return
            state.syncing = state.quiet = False
            state.mirror = bytearray()
            state.mirror_offset = base + at
            data, offset = rest, base + at
        if state.skip:  # the framer is skipping the payload of a discarded message: so does the mirror
            dropped = min(state.skip, len(data))
            state.skip -= dropped
            state.mirror = bytearray(data[dropped:])  # empty while skipping
            state.mirror_offset = offset + dropped
        else:
            state.mirror += data
        state.framer.feed(data, event.timestamp_ns / 1e9)
        while True:
            try:
                message = state.framer.next_message()
            except FramingError as exc:
                problem = f"{type(exc).__name__}: {exc}"
                out.append(_issue(event, event.direction, state.mirror_offset, problem))
                if exc.reaction is Reaction.CLOSE_CONNECTION:
                    pending = bytes(state.mirror[1:])
                    restart = state.mirror_offset + 1
                    self._resync(state, restart)
                    if pending:
                        self._bytes(state, event, pending, restart, out)
                    return
                length = v2gtp.HEADER_SIZE + getattr(exc, "length", 0)
                held = min(length, len(state.mirror))
                del state.mirror[:held]
                state.mirror_offset += held
                state.skip = length - held
                if state.skip:
                    return
                continue
            if message is None:
                return
            size = v2gtp.HEADER_SIZE + len(message.payload)
            out.append(
                V2gtpFrame(
                    event.connection,
                    event.direction,
                    event.timestamp_ns,
                    event.frame,
                    state.mirror_offset,
                    message.payload_type,
                    message.payload,
                )
            )
            del state.mirror[:size]
            state.mirror_offset += size
