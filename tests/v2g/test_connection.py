"""The sans-IO V2GTP connection core (v2g.connection): real SECC and EVCC sessions wired back to back
through two connection cores in memory, any split of the byte stream, and the framing, timeout and
cost limits. No sockets, no sleeping: time is a number passed in."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from v2g import v2gtp
from v2g.apphand import DIN, ISO2, Protocol
from v2g.connection import Connection, ConnectionConfig
from v2g.controller import SimulatedDcEvse, SimulatedEv
from v2g.errors import (
    BacklogLimitError,
    DiscardLimitError,
    IdleTimeoutError,
    MessageTimeoutError,
    PayloadTooLargeError,
    TruncatedMessageError,
    UnknownPayloadTypeError,
    WrongVersionError,
)
from v2g.evcc import EvccConfig, EvccSession
from v2g.secc import SeccConfig, SeccSession
from v2g.trace import TraceRecord
from v2g.v2gtp import FramerConfig, PayloadType

EXI = PayloadType.EXI


# ------------------------------------------------------------------------- two real sessions


class Wire:
    """Two connection cores back to back: the bytes one sends reach the other in pieces whose sizes
    come from ``splits``; when nothing moves, time jumps to the earlier deadline; once one side has
    closed and its last bytes are delivered, the other sees the end of the stream."""

    def __init__(
        self, evcc: Connection[TraceRecord], secc: Connection[TraceRecord], splits: Iterator[int]
    ) -> None:
        self.evcc, self.secc, self.splits = evcc, secc, splits
        self.now = 0.0
        self.traces: dict[str, list[TraceRecord]] = {"evcc": [], "secc": []}
        self.reads = 0

    def run(self, max_steps: int = 100_000) -> None:
        sides = (("evcc", self.evcc, self.secc), ("secc", self.secc, self.evcc))
        for _ in range(max_steps):
            moved = False
            for name, src, dst in sides:
                if src.more:
                    src.process(self.now)
                    moved = True
                data = src.data_to_send()
                pos = 0
                while pos < len(data):
                    size = next(self.splits)
                    dst.receive_data(data[pos : pos + size], self.now)
                    self.reads += 1
                    pos += size
                    moved = True
                while (record := src.next_trace()) is not None:
                    self.traces[name].append(record)
            if self.evcc.closed and self.secc.closed:
                return
            for _, src, dst in sides:
                if src.closed and not dst.closed:
                    dst.eof_received(self.now)
                    moved = True
            if moved:
                continue
            timers = [t for c in (self.evcc, self.secc) if (t := c.get_timer()) is not None]
            assert timers, "stuck: nothing to send and no deadline"
            self.now = max(self.now, min(timers))
            self.evcc.handle_timer(self.now)
            self.secc.handle_timer(self.now)
        raise AssertionError("did not end")

    def messages(self, name: str) -> list[tuple[str, str]]:
        return [(r.direction, r.message) for r in self.traces[name]]


def session_pair(protocol: Protocol, splits: Iterator[int], cycles: int = 4) -> Wire:
    secc = SeccSession(SeccConfig(protocols=(protocol,)), SimulatedDcEvse(cable_check_time=0.0), 0.0)
    evcc = EvccSession(EvccConfig(protocols=(protocol,), charging_loop_cycles=cycles), SimulatedEv(), 0.0)
    evcc.start(0.0)
    return Wire(Connection(evcc, 0.0), Connection(secc, 0.0), splits)


def _whole_messages() -> Iterator[int]:
    return itertools.repeat(1 << 30)


@pytest.fixture(scope="module", params=[DIN, ISO2], ids=["din", "iso2"])
def reference(request: pytest.FixtureRequest) -> tuple[Protocol, Wire]:
    wire = session_pair(request.param, _whole_messages())
    wire.run()
    return request.param, wire


def test_a_whole_session_through_two_connection_cores(reference: tuple[Protocol, Wire]) -> None:
    _, wire = reference
    evcc = wire.evcc.session
    assert isinstance(evcc, EvccSession) and evcc.result is not None
    assert evcc.result.ok, evcc.result
    assert evcc.result.loop_count == 4
    assert wire.evcc.failure is None and wire.secc.failure is None
    assert wire.evcc.reason == wire.secc.reason == "session closed"
    secc_rx = [m for d, m in wire.messages("secc") if d == "rx"]
    assert secc_rx[0] == "supportedAppProtocolReq" and secc_rx[-1] == "SessionStopReq"
    assert secc_rx.count("CurrentDemandReq") == 4


@settings(max_examples=25, deadline=None)
@given(splits=st.lists(st.integers(min_value=1, max_value=120), min_size=1, max_size=30))
def test_any_split_of_the_stream_gives_the_same_session(
    reference: tuple[Protocol, Wire], splits: list[int]
) -> None:
    protocol, whole = reference
    wire = session_pair(protocol, itertools.cycle(splits))
    wire.run()
    assert wire.messages("secc") == whole.messages("secc")
    assert wire.messages("evcc") == whole.messages("evcc")
    evcc = wire.evcc.session
    assert isinstance(evcc, EvccSession) and evcc.result is not None and evcc.result.ok
    if max(splits) < 20:
        assert wire.reads > 2 * len(whole.messages("secc"))  # really split: many reads per message


def test_a_framing_error_ends_a_real_session_and_the_secc_hears_of_it() -> None:
    secc = SeccSession(SeccConfig(protocols=(DIN,)), SimulatedDcEvse(), 0.0)
    connection = Connection(secc, 0.0)
    connection.receive_data(b"GET / HTTP/1.1\r\n\r\n", 1.0)
    assert connection.closed and isinstance(connection.failure, WrongVersionError)
    assert secc.closed and "connection closed" in secc.close_reason
    assert connection.data_to_send() == b""


# ------------------------------------------------------------------------- a scripted session core


class Echo:
    """Answers every message with its payload; ``boom`` raises (a bug); ``bye`` closes."""

    def __init__(self, deadline: float | None = None) -> None:
        self.received: list[bytes] = []
        self.out: list[tuple[int, bytes]] = []
        self.lost_at: float | None = None
        self.deadline = deadline
        self.timer_fired = False
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed and not self.out

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        if payload == b"boom":
            raise RuntimeError("a bug in the core")
        self.received.append(payload)
        self.out.append((payload_type, payload))
        if payload == b"bye":
            self._closed = True

    def data_to_send(self) -> list[tuple[int, bytes]]:
        out, self.out = self.out, []
        return out

    def get_timer(self) -> float | None:
        return None if self._closed else self.deadline

    def handle_timer(self, now: float) -> None:
        if self.deadline is not None and now >= self.deadline:
            self.timer_fired = True
            self._closed = True

    def next_trace(self) -> str | None:
        return None

    def connection_lost(self, now: float) -> None:
        self.lost_at = now
        self._closed = True


def frames(*payloads: bytes, payload_type: int = EXI) -> bytes:
    return b"".join(v2gtp.encode(payload_type, p) for p in payloads)


def echo_connection(core: Echo | None = None, **config: object) -> tuple[Connection[str], Echo]:
    core = core or Echo()
    framer = FramerConfig(
        max_payload=int(config.pop("max_payload", 4096)),  # type: ignore[call-overload]
        message_timeout=config.pop("message_timeout", 2.0),  # type: ignore[arg-type]
        allowed_types=config.pop("allowed_types", v2gtp.DIN_TYPES),  # type: ignore[arg-type]
    )
    return Connection(core, 0.0, ConnectionConfig(framer, **config)), core  # type: ignore[arg-type]


def test_answers_are_framed_and_a_session_close_ends_the_connection_cleanly() -> None:
    connection, core = echo_connection()
    connection.receive_data(frames(b"a", b"bc", b"bye", b"after"), 1.0)
    assert connection.data_to_send() == frames(b"a", b"bc", b"bye")
    assert core.received == [b"a", b"bc", b"bye"]  # nothing after the session's end
    assert connection.closed and connection.failure is None and connection.reason == "session closed"
    assert core.lost_at is None  # it closed itself: not told of a loss
    connection.receive_data(frames(b"late"), 2.0)
    assert core.received == [b"a", b"bc", b"bye"]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (bytes.fromhex("02fd80010000000e"), WrongVersionError),
        (bytes.fromhex("01fe8001ffffffff"), PayloadTooLargeError),
    ],
)
def test_framing_errors_that_close(data: bytes, error: type[Exception]) -> None:
    connection, core = echo_connection()
    connection.receive_data(frames(b"ok") + data + frames(b"never"), 1.0)
    assert core.received == [b"ok"]
    assert connection.data_to_send() == frames(b"ok")  # the answer before the error still goes out
    assert connection.closed and isinstance(connection.failure, error)
    assert core.lost_at == 1.0 and connection.get_timer() is None


def test_unknown_payload_type_is_discarded_and_the_connection_kept() -> None:
    connection, core = echo_connection()
    bad = v2gtp.encode(PayloadType.ISO20_DC, b"0123456789")
    connection.receive_data(bad[:5], 1.0)
    connection.receive_data(bad[5:12], 1.0)
    connection.receive_data(bad[12:] + frames(b"din"), 1.0)
    assert core.received == [b"din"] and not connection.closed
    assert connection.discarded == 1 and connection.discarded_bytes == len(bad)
    (kept,) = connection.recent_discards
    assert isinstance(kept, UnknownPayloadTypeError) and kept.__traceback__ is None


def test_a_stream_of_unknown_payload_types_leaves_bounded_state_then_closes() -> None:
    """Hardening: every discarded message used to be kept with its traceback, for ever."""
    connection, core = echo_connection(max_discarded=50, kept_errors=4)
    junk = v2gtp.encode(PayloadType.ISO20_AC, b"x" * 20)
    for _ in range(50):
        connection.receive_data(junk, 1.0)
    assert not connection.closed and connection.discarded == 50
    assert len(connection.recent_discards) == 4
    assert all(e.__traceback__ is None for e in connection.recent_discards)
    connection.receive_data(junk + frames(b"too late"), 2.0)
    assert connection.closed and isinstance(connection.failure, DiscardLimitError)
    assert core.received == [] and core.lost_at == 2.0


def test_discarded_bytes_are_capped_too() -> None:
    connection, _ = echo_connection(max_payload=60000, max_discarded_bytes=100_000)
    big = v2gtp.encode(PayloadType.ISO20_AC, bytes(50_000))
    connection.receive_data(big, 1.0)
    assert not connection.closed
    connection.receive_data(big[:100], 1.0)  # the header alone already goes over
    assert isinstance(connection.failure, DiscardLimitError)


def test_at_most_messages_per_call_and_it_says_there_is_more() -> None:
    connection, core = echo_connection(messages_per_call=8)
    connection.receive_data(frames(*(bytes([i]) for i in range(20))) + frames(b"half")[:5], 1.0)
    assert len(core.received) == 8 and connection.more
    assert connection.data_to_send() == frames(*(bytes([i]) for i in range(8)))
    connection.process(1.1)
    assert len(core.received) == 16 and connection.more
    connection.process(1.2)
    assert len(core.received) == 20 and not connection.more  # only half a message left
    assert connection.buffered == 5


def test_queued_answers_are_bounded_until_they_are_taken() -> None:
    connection, core = echo_connection(messages_per_call=100, max_queued=1000)
    connection.receive_data(frames(*[bytes(300)] * 10), 1.0)
    assert len(core.received) == 4 and connection.more  # 4 answers of 308 bytes pass 1000
    connection.process(1.0)
    assert len(core.received) == 4  # nobody took the answers: no further request is taken
    assert len(connection.data_to_send()) == 4 * 308
    connection.process(1.0)
    assert len(core.received) == 8


def test_unparsed_bytes_are_bounded() -> None:
    connection, core = echo_connection(messages_per_call=1, max_payload=100, max_backlog=1000)
    connection.receive_data(frames(*[bytes(10)] * 50), 1.0)  # 900 bytes: within 108 + 1000
    assert not connection.closed and len(core.received) == 1
    connection.receive_data(frames(*[bytes(10)] * 20), 1.1)  # never processed, still more sent
    assert connection.closed and isinstance(connection.failure, BacklogLimitError)
    assert core.lost_at == 1.1


def test_a_message_stuck_half_way_times_out() -> None:
    connection, core = echo_connection(message_timeout=2.0)
    connection.receive_data(frames(b"hello")[:7], 10.0)
    assert connection.get_timer() == 12.0
    connection.handle_timer(11.9)
    assert not connection.closed
    connection.handle_timer(12.0)
    assert isinstance(connection.failure, MessageTimeoutError) and core.lost_at == 12.0


def test_whole_messages_waiting_for_their_turn_do_not_time_out() -> None:
    connection, core = echo_connection(message_timeout=2.0, messages_per_call=1)
    connection.receive_data(frames(b"1", b"2", b"3"), 10.0)
    assert connection.more and connection.get_timer() is None
    connection.handle_timer(20.0)
    assert not connection.closed
    connection.process(20.0)
    connection.process(20.0)
    assert core.received == [b"1", b"2", b"3"]


def test_idle_timeout() -> None:
    connection, core = echo_connection(idle_timeout=5.0)
    assert connection.get_timer() == 5.0
    connection.receive_data(frames(b"x"), 3.0)
    assert connection.get_timer() == 8.0
    connection.handle_timer(8.0)
    assert isinstance(connection.failure, IdleTimeoutError) and core.lost_at == 8.0


def test_the_session_deadline_is_the_connection_deadline() -> None:
    connection, core = echo_connection(Echo(deadline=4.0), idle_timeout=5.0)
    assert connection.get_timer() == 4.0
    connection.handle_timer(4.0)
    assert core.timer_fired and connection.closed and connection.failure is None


def test_peer_closing_mid_message_and_between_messages() -> None:
    connection, core = echo_connection()
    connection.receive_data(frames(b"0123456789")[:12], 1.0)
    connection.eof_received(2.0)
    assert isinstance(connection.failure, TruncatedMessageError) and core.lost_at == 2.0
    connection, core = echo_connection()
    connection.receive_data(frames(b"x"), 1.0)
    connection.eof_received(2.0)
    assert connection.closed and connection.failure is None and core.lost_at == 2.0
    assert connection.reason == "peer closed the connection"


def test_a_session_that_raises_ends_its_connection() -> None:
    connection, core = echo_connection()
    connection.receive_data(frames(b"a", b"boom", b"c"), 1.0)
    assert connection.data_to_send() == frames(b"a")
    assert isinstance(connection.failure, RuntimeError) and connection.closed
    assert core.received == [b"a"] and core.lost_at == 1.0


def test_connection_lost_tells_the_session_once() -> None:
    connection, core = echo_connection()
    connection.connection_lost(3.0, "connection lost: reset")
    assert core.lost_at == 3.0 and connection.reason == "connection lost: reset"
    core.lost_at = None
    connection.connection_lost(4.0)
    assert core.lost_at is None


def test_config_is_checked() -> None:
    with pytest.raises(ValueError):
        ConnectionConfig(messages_per_call=0)
    with pytest.raises(ValueError):
        ConnectionConfig(max_discarded=-1)
