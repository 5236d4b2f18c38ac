"""TCP reassembly and V2GTP framing: random streams cut into random segments, retransmitted and
reordered, written to pcapng with the writer and read back, give exactly the original messages."""

from __future__ import annotations

import io
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.capture import _frames as f
from v2g import v2gtp
from v2g.capture.packets import TcpSegment, decode_frame
from v2g.capture.pcap import PcapngWriter, parse_capture
from v2g.capture.tcp import (
    ConnectionClosed,
    Direction,
    FramingIssue,
    StreamGap,
    TcpReassembler,
    V2gtpDeframer,
    V2gtpFrame,
)

EV_PORT, EVSE_PORT = 50123, 61341
ISN = {True: 0xFFFFFF00, False: 12345}  # the EV's sequence numbers wrap around 2**32


@dataclass
class Seg:
    from_ev: bool
    start: int
    end: int


def _frame(seg: Seg, streams: dict[bool, bytes], acked: int, flags: int = f.PSH | f.ACK) -> bytes:
    data = streams[seg.from_ev][seg.start : seg.end]
    seq = ISN[seg.from_ev] + 1 + seg.start
    ack = ISN[not seg.from_ev] + 1 + acked
    if seg.from_ev:
        return f.ev_to_evse_tcp(EV_PORT, EVSE_PORT, seq, ack, flags, data)
    return f.evse_to_ev_tcp(EVSE_PORT, EV_PORT, seq, ack, flags, data)


def _contiguous(intervals: list[tuple[int, int]]) -> int:
    end = 0
    for a, b in sorted(intervals):
        if a > end:
            break
        end = max(end, b)
    return end


def _capture(streams: dict[bool, bytes], segments: list[Seg]) -> bytes:
    """A pcapng of handshake, the segments in the given order (ACKs consistent with what each side
    has seen so far) and a FIN exchange."""
    out = io.BytesIO()
    seen: dict[bool, list[tuple[int, int]]] = {True: [], False: []}
    with PcapngWriter(out) as w:
        t = 1000.0
        w.write_packet(t, f.ev_to_evse_tcp(EV_PORT, EVSE_PORT, ISN[True], 0, f.SYN))
        w.write_packet(t, f.evse_to_ev_tcp(EVSE_PORT, EV_PORT, ISN[False], ISN[True] + 1, f.SYN | f.ACK))
        for seg in segments:
            t += 0.001
            w.write_packet(t, _frame(seg, streams, _contiguous(seen[not seg.from_ev])))
            seen[seg.from_ev].append((seg.start, seg.end))
        for side in (True, False):
            end = len(streams[side])
            w.write_packet(t + 1, _frame(Seg(side, end, end), streams, len(streams[not side]), f.FIN | f.ACK))
    return out.getvalue()


def _read_back(data: bytes) -> tuple[list[V2gtpFrame], list[object]]:
    reassembler, deframer = TcpReassembler(), V2gtpDeframer()
    frames: list[V2gtpFrame] = []
    others: list[object] = []
    events = []
    for packet in parse_capture(data).packets:
        seg = decode_frame(packet.linktype, packet.data)
        assert isinstance(seg, TcpSegment)
        events += reassembler.add(seg, packet.timestamp_ns, packet.index)
    events += reassembler.flush()
    for event in events:
        for out in deframer.feed(event):
            (frames if isinstance(out, V2gtpFrame) else others).append(out)
    return frames, others


message_st = st.tuples(
    st.booleans(), st.sampled_from([0x8001, 0x8002, 0x8003, 0x8004, 0x8005, 0x8006]), st.binary(max_size=300)
)


@st.composite
def conversations(draw: st.DrawFn) -> tuple[list[tuple[bool, int, bytes]], dict[bool, bytes], list[Seg]]:
    messages = draw(st.lists(message_st, min_size=1, max_size=10))
    streams = {
        side: b"".join(v2gtp.encode(t, p) for s, t, p in messages if s == side) for side in (True, False)
    }
    segments: list[Seg] = []
    for side in (True, False):
        pos = 0
        while pos < len(streams[side]):
            size = draw(st.integers(1, 160))
            segments.append(Seg(side, pos, min(pos + size, len(streams[side]))))
            pos += size
    # interleave the two directions, keeping each direction's order
    ev = [s for s in segments if s.from_ev]
    evse = [s for s in segments if not s.from_ev]
    order: list[Seg] = []
    while ev or evse:
        take_ev = bool(ev) and (not evse or draw(st.booleans()))
        order.append(ev.pop(0) if take_ev else evse.pop(0))
    # retransmissions: copies of already sent ranges (re-cut: overlapping old segment boundaries)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(order)))
        sent = order[:at]
        if not sent:
            continue
        side = draw(st.booleans())
        ends = [s.end for s in sent if s.from_ev == side]
        if not ends:
            continue
        hi = max(ends)
        a = draw(st.integers(0, hi - 1))
        b = draw(st.integers(a + 1, hi))
        order.insert(at, Seg(side, a, b))
    # reordering: swap some neighbours
    for _ in range(draw(st.integers(0, 6))):
        if len(order) >= 2:
            i = draw(st.integers(0, len(order) - 2))
            order[i], order[i + 1] = order[i + 1], order[i]
    return messages, streams, order


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conversations())
def test_split_retransmitted_reordered_streams_yield_the_original_messages(
    conversation: tuple[list[tuple[bool, int, bytes]], dict[bool, bytes], list[Seg]],
) -> None:
    messages, streams, order = conversation
    frames, others = _read_back(_capture(streams, order))
    for side, direction in ((True, Direction.EV_TO_EVSE), (False, Direction.EVSE_TO_EV)):
        want = [(t, p) for s, t, p in messages if s == side]
        got = [(m.payload_type, m.payload) for m in frames if m.direction is direction]
        assert got == want
    assert not [o for o in others if isinstance(o, (FramingIssue, StreamGap))]
    closed = [o for o in others if isinstance(o, ConnectionClosed)]
    assert [c.reason for c in closed] == ["fin"]
    conn = frames[0].connection
    assert (conn.client.port, conn.server.port, conn.handshake_seen) == (EV_PORT, EVSE_PORT, True)
    # per direction, completion times never go backwards
    for direction in Direction:
        stamps = [m.timestamp_ns for m in frames if m.direction is direction]
        assert stamps == sorted(stamps)


def test_a_segment_missing_from_the_capture_is_a_gap_and_framing_resumes() -> None:
    msgs = [v2gtp.encode(0x8001, bytes([i]) * 20) for i in range(3)]
    stream = b"".join(msgs)
    streams = {True: stream, False: b""}
    segs = [Seg(True, 0, 28), Seg(True, 28, 56), Seg(True, 56, 84)]
    data = io.BytesIO()
    with PcapngWriter(data) as w:
        w.write_packet(1.0, f.ev_to_evse_tcp(EV_PORT, EVSE_PORT, ISN[True], 0, f.SYN))
        w.write_packet(1.0, f.evse_to_ev_tcp(EVSE_PORT, EV_PORT, ISN[False], ISN[True] + 1, f.SYN | f.ACK))
        w.write_packet(2.0, _frame(segs[0], streams, 0))
        w.write_packet(3.0, _frame(segs[2], streams, 0))  # segs[1] never captured
        w.write_packet(4.0, _frame(Seg(False, 0, 0), streams, 84))  # ...but acknowledged
    frames, others = _read_back(data.getvalue())
    assert [m.payload for m in frames] == [bytes([0]) * 20, bytes([2]) * 20]
    gaps = [o for o in others if isinstance(o, FramingIssue)]
    assert len(gaps) == 1 and gaps[0].offset == 28 and "28 bytes missing" in gaps[0].problem
    assert frames[1].frame == 4  # made available by the ACK in frame index 4


def test_client_is_inferred_without_syn_and_new_syn_starts_a_new_connection() -> None:
    r = TcpReassembler()
    raw = v2gtp.encode(0x8001, b"abc")

    def seg(frame: bytes) -> TcpSegment:
        s = decode_frame(1, frame)
        assert isinstance(s, TcpSegment)
        return s

    # mid-stream: the SECC (server port 15118, a well-known one) speaks first
    ev = r.add(seg(f.evse_to_ev_tcp(15118, EV_PORT, 10, 20, f.ACK | f.PSH, raw)), 1, 0)
    assert ev and ev[0].connection.server.port == 15118 and not ev[0].connection.handshake_seen
    first = ev[0].connection
    ev = r.add(seg(f.ev_to_evse_tcp(EV_PORT, 15118, 500, 0, f.SYN)), 2, 1)
    assert isinstance(ev[0], ConnectionClosed) and ev[0].reason == "reused"
    ev = r.add(seg(f.ev_to_evse_tcp(EV_PORT, 15118, 501, 0, f.ACK | f.PSH, raw)), 3, 2)
    assert ev[0].connection.index == first.index + 1 and ev[0].connection.handshake_seen


def test_a_tls_stream_is_reported_encrypted_and_other_tcp_is_ignored() -> None:
    r, d = TcpReassembler(), V2gtpDeframer()
    hello = bytes.fromhex("160303002f") + b"\x01" * 47
    out = []
    for frame in [
        f.ev_to_evse_tcp(EV_PORT, EVSE_PORT, 0, 0, f.SYN),
        f.ev_to_evse_tcp(EV_PORT, EVSE_PORT, 1, 0, f.ACK | f.PSH, hello),
        f.ev_to_evse_tcp(EV_PORT + 1, 514, 0, 0, f.SYN),
        f.ev_to_evse_tcp(EV_PORT + 1, 514, 1, 0, f.ACK | f.PSH, b"<13>syslog line"),
    ]:
        s = decode_frame(1, frame)
        assert isinstance(s, TcpSegment)
        for event in r.add(s, 0, 0):
            out += d.feed(event)
    conns = r.connections
    assert d.is_encrypted(conns[0]) and d.is_v2g(conns[0])
    assert not d.is_v2g(conns[1])
    assert [type(o).__name__ for o in out] == ["EncryptedData"]


@st.composite
def lossy_conversations(draw: st.DrawFn) -> tuple[list[tuple[int, bytes]], bytes, list[Seg], list[bool]]:
    # payloads without 01 FE: after a gap the framer looks for the next header, and a header-like
    # pair inside a payload would be a (correctly) plausible false start
    payload = st.binary(max_size=120).filter(lambda b: b"\x01\xfe" not in b and not b.endswith(b"\x01"))
    messages = draw(st.lists(st.tuples(st.sampled_from([0x8001, 0x8002]), payload), min_size=1, max_size=8))
    stream = b"".join(v2gtp.encode(t, p) for t, p in messages)
    segments: list[Seg] = []
    pos = 0
    while pos < len(stream):
        size = draw(st.integers(1, 90))
        segments.append(Seg(True, pos, min(pos + size, len(stream))))
        pos += size
    lost = [draw(st.booleans()) if i else False for i in range(len(segments))]  # the SYN side sees the first
    return messages, stream, segments, lost


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lossy_conversations())
def test_segments_missing_from_the_capture_are_gaps_and_only_whole_messages_come_out(
    case: tuple[list[tuple[int, bytes]], bytes, list[Seg], list[bool]],
) -> None:
    messages, stream, segments, lost = case
    streams = {True: stream, False: b""}
    out = io.BytesIO()
    with PcapngWriter(out) as w:
        w.write_packet(1.0, f.ev_to_evse_tcp(EV_PORT, EVSE_PORT, ISN[True], 0, f.SYN))
        w.write_packet(1.0, f.evse_to_ev_tcp(EVSE_PORT, EV_PORT, ISN[False], ISN[True] + 1, f.SYN | f.ACK))
        for seg, missing in zip(segments, lost, strict=True):
            if not missing:
                w.write_packet(2.0, _frame(seg, streams, 0))
            # the EVSE received every segment (the capture missed some) and acknowledges it
            w.write_packet(2.0, _frame(Seg(False, 0, 0), streams, seg.end))
    frames, others = _read_back(out.getvalue())
    missing_bytes = sum(s.end - s.start for s, gone in zip(segments, lost, strict=True) if gone)
    gaps = [o for o in others if isinstance(o, FramingIssue) and "missing from the capture" in o.problem]
    assert sum(int(g.problem.split()[0]) for g in gaps) == missing_bytes
    # what comes out is whole original messages, in order, each from bytes the capture has
    got = [(m.payload_type, m.payload, m.offset) for m in frames]
    starts = []
    pos = 0
    for t, p in messages:
        starts.append((t, p, pos))
        pos += 8 + len(p)
    assert all(item in starts for item in got)
    assert [starts.index(item) for item in got] == sorted(starts.index(item) for item in got)
    captured = bytearray(len(stream))
    for s, gone in zip(segments, lost, strict=True):
        if not gone:
            captured[s.start : s.end] = b"\x01" * (s.end - s.start)
    for _t, p, start in got:
        assert all(captured[start : start + 8 + len(p)])
    # and every message the capture holds completely comes out
    assert got == [item for item in starts if all(captured[item[2] : item[2] + 8 + len(item[1])])]


def test_stale_syn_challenge_ack_rst_and_the_same_syn_again() -> None:
    """Seen at an EVerest charger (VW ID.4 AC): SYN, challenge ACK of an old connection, RST, the
    same SYN again. The second attempt is a new connection and the challenge ACK is not lost data."""
    r, d = TcpReassembler(), V2gtpDeframer()
    raw = v2gtp.encode(0x8001, b"\x80\x00")
    out: list[object] = []
    frames = [
        f.ev_to_evse_tcp(EV_PORT, EVSE_PORT, 1000, 0, f.SYN),
        f.evse_to_ev_tcp(EVSE_PORT, EV_PORT, 777, 1000 + 748128, f.ACK),  # challenge ACK
        f.ev_to_evse_tcp(EV_PORT, EVSE_PORT, 1000 + 748128, 0, f.RST),
        f.ev_to_evse_tcp(EV_PORT, EVSE_PORT, 1000, 0, f.SYN),
        f.evse_to_ev_tcp(EVSE_PORT, EV_PORT, 5000, 1001, f.SYN | f.ACK),
        f.ev_to_evse_tcp(EV_PORT, EVSE_PORT, 1001, 5001, f.ACK | f.PSH, raw),
    ]
    for i, frame in enumerate(frames):
        s = decode_frame(1, frame)
        assert isinstance(s, TcpSegment)
        for event in r.add(s, i, i):
            out += d.feed(event)
    for event in r.flush():
        out += d.feed(event)
    assert [type(o).__name__ for o in out] == ["ConnectionClosed", "V2gtpFrame", "ConnectionClosed"]
    message = out[1]
    assert isinstance(message, V2gtpFrame) and message.connection.index == 1 and message.raw == raw


def test_roles_reversed_on_the_same_ports_is_a_new_connection_in_both_directions() -> None:
    r, d = TcpReassembler(), V2gtpDeframer()
    raw = v2gtp.encode(0x8001, b"\x80\x00")
    out: list[object] = []
    frames = [
        f.ev_to_evse_tcp(EV_PORT, EVSE_PORT, 10, 0, f.SYN),
        f.evse_to_ev_tcp(EVSE_PORT, EV_PORT, 20, 11, f.SYN | f.ACK),
        f.ev_to_evse_tcp(EV_PORT, EVSE_PORT, 11, 21, f.RST),
        f.evse_to_ev_tcp(EVSE_PORT, EV_PORT, 500, 0, f.SYN),  # now the other side connects
        f.ev_to_evse_tcp(EV_PORT, EVSE_PORT, 900, 501, f.SYN | f.ACK),
        f.ev_to_evse_tcp(EV_PORT, EVSE_PORT, 901, 501, f.ACK | f.PSH, raw),
        f.evse_to_ev_tcp(EVSE_PORT, EV_PORT, 501, 901 + len(raw), f.ACK | f.PSH, raw),
    ]
    for i, frame in enumerate(frames):
        s = decode_frame(1, frame)
        assert isinstance(s, TcpSegment)
        for event in r.add(s, i, i):
            out += d.feed(event)
    messages = [o for o in out if isinstance(o, V2gtpFrame)]
    assert [(m.connection.index, m.direction) for m in messages] == [
        (1, Direction.EVSE_TO_EV),
        (1, Direction.EV_TO_EVSE),
    ]
    assert messages[0].connection.client.port == EVSE_PORT
