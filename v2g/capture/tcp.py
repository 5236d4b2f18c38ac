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

V2GTP framing of these streams is in :mod:`v2g.capture.deframe` (its names are re-exported here).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from v2g.capture.packets import Endpoint, TcpSegment
from v2g.capture.tcp_types import (
    Connection,
    ConnectionClosed,
    Direction,
    StreamData,
    StreamGap,
    TcpEvent,
)

_MOD = 1 << 32
_HALF = 1 << 31
WELL_KNOWN_SERVER_PORTS = frozenset({15118, 30000})
"""SECC TCP ports seen in the field besides the dynamic range (15118; Tesla: 30000), used to tell the
server of a connection whose SYN is not in the capture."""
MAX_ACK_AHEAD = 65535
"""An ACK further ahead of the data seen than one unscaled window is not taken as lost data."""
MAX_PENDING = 4 * 1024 * 1024
"""Out-of-order bytes held per direction before the hole before them is declared a gap."""


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


# V2GTP framing lives in v2g.capture.deframe; its names stay importable from here
from v2g.capture.deframe import (  # noqa: E402
    EncryptedData,
    FramingEvent,
    FramingIssue,
    V2gtpDeframer,
    V2gtpFrame,
    looks_like_tls,
)

__all__ = [
    "WELL_KNOWN_SERVER_PORTS",
    "Connection",
    "ConnectionClosed",
    "Direction",
    "EncryptedData",
    "FramingEvent",
    "FramingIssue",
    "StreamData",
    "StreamGap",
    "TcpEvent",
    "TcpReassembler",
    "V2gtpDeframer",
    "V2gtpFrame",
    "looks_like_tls",
]
