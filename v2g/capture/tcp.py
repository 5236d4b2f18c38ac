"""TCP reassembly of captured connections, and V2GTP framing of each direction.

:class:`TcpReassembler` takes segments in capture order and gives, per connection and direction,
the byte stream in sequence order: retransmitted and overlapping bytes are dropped (the first copy
wins), out-of-order segments are held until the hole before them is filled. A hole the capture never
fills is reported as a :class:`StreamGap` as soon as the receiver acknowledges data beyond it (the
peer got the bytes; the capture missed them), when the connection closes, or at the end of the
capture (:meth:`TcpReassembler.flush`).

The TCP client is the EVCC (ISO 15118-2 7.10.1, DIN SPEC 70121 8.7.2: the EVCC connects to the
address and port of the SDP response). Who the client is comes from the SYN; for a connection whose
handshake is not in the capture, from server hints (SDP-announced endpoints), else the first sender.

:class:`V2gtpDeframer` runs a :class:`v2g.v2gtp.Framer` per direction over those streams. A stream
that starts with a TLS handshake record (ContentType 0x16, version 0x03xx) is reported as encrypted
and passed on raw. After a gap or a header that breaks sync it looks for the next plausible V2GTP
header and goes on from there.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from v2g import v2gtp
from v2g.capture.packets import Endpoint, TcpSegment
from v2g.errors import FramingError, Reaction

_MOD = 1 << 32
_HALF = 1 << 31
WELL_KNOWN_SERVER_PORTS = frozenset({15118, 30000})
"""SECC TCP ports seen in the field besides the dynamic range (15118; Tesla: 30000), used to tell the
server of a connection whose SYN is not in the capture."""
MAX_ACK_AHEAD = 65535
"""An ACK further ahead of the data seen than one unscaled window is not taken as lost data."""
MAX_PENDING = 4 * 1024 * 1024
"""Out-of-order bytes held per direction before the hole before them is declared a gap."""


class Direction(enum.Enum):
    EV_TO_EVSE = "EV->EVSE"
    """From the TCP client (the EVCC) to the server (the SECC)."""
    EVSE_TO_EV = "EVSE->EV"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Connection:
    index: int
    """Connections of a capture numbered from 0 in order of their first segment."""
    client: Endpoint
    server: Endpoint
    handshake_seen: bool
    """False if the client was inferred (no SYN in the capture)."""

    def __str__(self) -> str:
        return f"#{self.index} {self.client} -> {self.server}"


@dataclass(frozen=True, slots=True)
class StreamData:
    connection: Connection
    direction: Direction
    timestamp_ns: int
    frame: int
    """Index of the frame whose arrival made these bytes available."""
    offset: int
    """Stream offset of the first byte (0 = first byte after the SYN or the first byte seen)."""
    data: bytes


@dataclass(frozen=True, slots=True)
class StreamGap:
    connection: Connection
    direction: Direction
    timestamp_ns: int
    frame: int
    offset: int
    length: int


@dataclass(frozen=True, slots=True)
class ConnectionClosed:
    connection: Connection
    timestamp_ns: int
    frame: int
    reason: str
    """``"fin"``, ``"rst"``, ``"reused"`` (a new SYN on the same ports) or ``"end of capture"``."""


TcpEvent = StreamData | StreamGap | ConnectionClosed


@dataclass(slots=True)
class _Half:
    """One direction of a connection."""

    isn: int | None = None
    next: int = 0
    fin_at: int | None = None
    last_ts: int = 0
    pending: dict[int, tuple[bytes, int, int]] = field(default_factory=dict)
    pending_bytes: int = 0
    acked: int = 0
    """Highest stream offset the peer acknowledged."""
    spoke: bool = False
    """This side sent a SYN or data: its ACKs belong to this connection (not a stray challenge ACK)."""

    def rel(self, seq: int) -> int:
        assert self.isn is not None
        expected = (self.isn + self.next) % _MOD
        delta = (seq - expected + _HALF) % _MOD - _HALF
        return self.next + delta


@dataclass(slots=True)
class _Conn:
    info: Connection
    client: _Half = field(default_factory=_Half)
    server: _Half = field(default_factory=_Half)
    closed: bool = False

    def half(self, from_client: bool) -> _Half:
        return self.client if from_client else self.server


class TcpReassembler:
    """Sans-IO TCP stream reassembly over the segments of a capture."""

    def __init__(
        self, server_hints: Iterable[Endpoint] = (), server_ports: Iterable[int] = WELL_KNOWN_SERVER_PORTS
    ) -> None:
        self._conns: dict[tuple[Endpoint, Endpoint], _Conn] = {}
        self._all: list[_Conn] = []
        self._hints: set[Endpoint] = set(server_hints)
        self._ports = frozenset(server_ports)

    def add_server_hint(self, endpoint: Endpoint) -> None:
        """An endpoint known to be a server (e.g. from an SDP response)."""
        self._hints.add(endpoint)

    @property
    def connections(self) -> list[Connection]:
        return [c.info for c in self._all]

    def add(self, segment: TcpSegment, timestamp_ns: int, frame: int) -> list[TcpEvent]:
        events: list[TcpEvent] = []
        conn, from_client = self._lookup(segment, timestamp_ns, frame, events)
        if conn.closed:  # late retransmissions and ACKs after FIN/RST; a new SYN opens a new one
            return events
        half = conn.half(from_client)
        peer = conn.half(not from_client)
        if segment.syn:
            if half.isn is None or (half.next == 0 and not half.pending):
                half.isn = (segment.seq + 1) % _MOD
            data_seq = segment.seq + 1
        else:
            data_seq = segment.seq
        if half.isn is None:
            half.isn = data_seq % _MOD
        if segment.payload:
            self._data(conn, from_client, half, data_seq % _MOD, segment.payload, timestamp_ns, frame, events)
        if segment.fin:
            half.fin_at = half.rel(data_seq % _MOD) + len(segment.payload)
        if segment.syn or segment.payload:
            half.spoke = True
        if segment.has_ack and peer.isn is not None and half.spoke:
            acked = peer.rel(segment.ack)
            if acked <= peer.next + peer.pending_bytes + MAX_ACK_AHEAD:  # else a challenge ACK or garbage
                peer.acked = max(peer.acked, acked)
            if peer.pending:
                self._acked(conn, not from_client, peer, acked, timestamp_ns, frame, events)
        if segment.rst or (
            conn.client.fin_at is not None
            and conn.server.fin_at is not None
            and conn.client.next >= conn.client.fin_at
            and conn.server.next >= conn.server.fin_at
        ):
            self._close(conn, timestamp_ns, frame, "rst" if segment.rst else "fin", events)
        return events

    def flush(self, timestamp_ns: int = 0, frame: int = -1) -> list[TcpEvent]:
        """End of capture: report every remaining hole and close every open connection."""
        events: list[TcpEvent] = []
        for conn in self._all:
            if not conn.closed:
                self._close(
                    conn,
                    max(timestamp_ns, conn.client.last_ts, conn.server.last_ts),
                    frame,
                    "end of capture",
                    events,
                )
        return events

    # --- internals --------------------------------------------------------------------------------

    def _lookup(self, seg: TcpSegment, ts: int, frame: int, events: list[TcpEvent]) -> tuple[_Conn, bool]:
        conn = self._conns.get((seg.src, seg.dst))
        if conn is not None:
            from_client = True
        else:
            conn = self._conns.get((seg.dst, seg.src))
            from_client = False
        new_syn = seg.syn and not seg.has_ack
        if conn is not None and new_syn and from_client:
            new_isn = (seg.seq + 1) % _MOD
            used = conn.client.isn is not None or conn.server.next > 0 or bool(conn.server.pending)
            if conn.closed or (used and conn.client.isn != new_isn):
                if not conn.closed:
                    self._close(conn, ts, frame, "reused", events)
                conn = None
        elif conn is not None and new_syn and not from_client:
            if not conn.closed:
                self._close(conn, ts, frame, "reused", events)
            conn = None
        if conn is None:
            if new_syn:
                client, server, seen = seg.src, seg.dst, True
            elif seg.syn:  # SYN+ACK: the sender is the server
                client, server, seen = seg.dst, seg.src, True
            elif seg.dst in self._hints and seg.src not in self._hints:
                client, server, seen = seg.src, seg.dst, False
            elif seg.src in self._hints:
                client, server, seen = seg.dst, seg.src, False
            elif seg.dst.port in self._ports and seg.src.port not in self._ports:
                client, server, seen = seg.src, seg.dst, False
            elif seg.src.port in self._ports and seg.dst.port not in self._ports:
                client, server, seen = seg.dst, seg.src, False
            else:
                client, server, seen = seg.src, seg.dst, False
            conn = _Conn(Connection(len(self._all), client, server, seen))
            self._all.append(conn)
            self._conns[(client, server)] = conn
            self._conns.pop((server, client), None)  # an earlier connection with the roles reversed
            from_client = seg.src == client
        return conn, from_client

    def _direction(self, from_client: bool) -> Direction:
        return Direction.EV_TO_EVSE if from_client else Direction.EVSE_TO_EV

    def _data(
        self,
        conn: _Conn,
        from_client: bool,
        half: _Half,
        seq: int,
        data: bytes,
        ts: int,
        frame: int,
        events: list[TcpEvent],
    ) -> None:
        rel = half.rel(seq)
        end = rel + len(data)
        if end <= half.next:  # a retransmitted copy: the first one counts
            return
        if rel < half.next:
            data = data[half.next - rel :]
            rel = half.next
        if rel > half.next:
            held = half.pending.get(rel)
            if held is None or len(held[0]) < len(data):
                half.pending_bytes += len(data) - (len(held[0]) if held else 0)
                half.pending[rel] = (data, ts, frame)
            if half.pending_bytes > MAX_PENDING:
                self._gap(conn, from_client, half, min(half.pending), ts, frame, events)
            return
        self._deliver(conn, from_client, half, data, ts, frame, events)
        self._drain(conn, from_client, half, ts, frame, events)

    def _deliver(
        self,
        conn: _Conn,
        from_client: bool,
        half: _Half,
        data: bytes,
        ts: int,
        frame: int,
        events: list[TcpEvent],
    ) -> None:
        half.last_ts = max(half.last_ts, ts)
        events.append(
            StreamData(conn.info, self._direction(from_client), half.last_ts, frame, half.next, data)
        )
        half.next += len(data)

    def _drain(
        self, conn: _Conn, from_client: bool, half: _Half, ts: int, frame: int, events: list[TcpEvent]
    ) -> None:
        while half.pending:
            start = min(half.pending)
            if start > half.next:
                return
            data, _seg_ts, _seg_frame = half.pending.pop(start)
            half.pending_bytes -= len(data)
            if start + len(data) <= half.next:
                continue
            self._deliver(conn, from_client, half, data[half.next - start :], ts, frame, events)

    def _gap(
        self,
        conn: _Conn,
        from_client: bool,
        half: _Half,
        upto: int,
        ts: int,
        frame: int,
        events: list[TcpEvent],
    ) -> None:
        if upto > half.next:
            half.last_ts = max(half.last_ts, ts)
            events.append(
                StreamGap(
                    conn.info, self._direction(from_client), half.last_ts, frame, half.next, upto - half.next
                )
            )
            half.next = upto
        self._drain(conn, from_client, half, ts, frame, events)

    def _acked(
        self,
        conn: _Conn,
        from_client: bool,
        half: _Half,
        acked: int,
        ts: int,
        frame: int,
        events: list[TcpEvent],
    ) -> None:
        # The receiver has bytes up to `acked`: a hole below that is data the capture missed.
        while half.pending and acked > half.next:
            start = min(half.pending)
            if start > acked:
                return
            self._gap(conn, from_client, half, start, ts, frame, events)

    def _close(self, conn: _Conn, ts: int, frame: int, reason: str, events: list[TcpEvent]) -> None:
        for from_client in (True, False):
            half = conn.half(from_client)
            while half.pending:
                self._gap(conn, from_client, half, min(half.pending), ts, frame, events)
            # bytes the peer acknowledged, or that come before the FIN, but the capture never had
            end = half.fin_at if half.fin_at is not None else half.acked
            if end > half.next:
                self._gap(conn, from_client, half, end, ts, frame, events)
        conn.closed = True
        events.append(ConnectionClosed(conn.info, ts, frame, reason))


# --- V2GTP framing -----------------------------------------------------------------------------


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
                out.append(
                    FramingIssue(
                        event.connection,
                        event.direction,
                        event.timestamp_ns,
                        event.frame,
                        event.offset,
                        f"{event.length} bytes missing from the capture",
                    )
                )
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
                out.append(
                    FramingIssue(
                        event.connection,
                        direction,
                        event.timestamp_ns,
                        event.frame,
                        state.mirror_offset,
                        f"stream ends inside a message ({len(state.mirror)} bytes left)",
                    )
                )
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
            at = 0
            while at < len(buf) and not _plausible_header(buf, at, self.config.max_payload):
                at += 1
            if at and not state.quiet:
                out.append(
                    FramingIssue(
                        event.connection,
                        event.direction,
                        event.timestamp_ns,
                        event.frame,
                        base,
                        f"skipped {at} bytes to the next V2GTP header",
                    )
                )
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
                out.append(
                    FramingIssue(
                        event.connection,
                        event.direction,
                        event.timestamp_ns,
                        event.frame,
                        state.mirror_offset,
                        f"{type(exc).__name__}: {exc}",
                    )
                )
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
