from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from v2g import v2gtp
from v2g.errors import (
    FramingError,
    MessageTimeoutError,
    PayloadTooLargeError,
    Reaction,
    TruncatedMessageError,
    UnknownPayloadTypeError,
    WrongVersionError,
)
from v2g.v2gtp import Framer, FramerConfig, PayloadType, V2gtpMessage

# A real DIN SessionSetupReq (Polestar 2, public vector #55) in its V2GTP frame.
POLESTAR_SESSION_SETUP = bytes.fromhex("01fe80010000000e" "809a004011d019231636c790f800")


def test_header_layout() -> None:
    assert v2gtp.encode_header(0x8001, 14) == bytes.fromhex("01fe80010000000e")
    assert v2gtp.encode(PayloadType.SDP_REQUEST, b"\x10\x00") == bytes.fromhex("01fe9000000000021000")


def test_decode_real_frame() -> None:
    header = v2gtp.decode_header(POLESTAR_SESSION_SETUP)
    assert header == v2gtp.Header(0x8001, 14)
    message = v2gtp.decode_datagram(POLESTAR_SESSION_SETUP)
    assert message.payload == POLESTAR_SESSION_SETUP[8:]


def test_every_payload_type_of_the_standards() -> None:
    values = {int(t) for t in PayloadType}
    assert set(range(0x8001, 0x8007)) <= values
    assert set(range(0x9000, 0x9004)) <= values
    assert v2gtp.DIN_TYPES == {0x8001, 0x9000, 0x9001}
    for payload_type in PayloadType:
        frame = v2gtp.encode(payload_type, b"abc")
        assert v2gtp.decode_datagram(frame) == V2gtpMessage(payload_type, b"abc")


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        (bytes.fromhex("02fd80010000000e"), WrongVersionError),
        (bytes.fromhex("01ff80010000000e"), WrongVersionError),
        (bytes.fromhex("01fe12340000000e"), UnknownPayloadTypeError),
        (bytes.fromhex("01fe8001ffffffff"), PayloadTooLargeError),
        (bytes.fromhex("01fe8001"), TruncatedMessageError),
    ],
)
def test_header_errors(frame: bytes, error: type[FramingError]) -> None:
    with pytest.raises(error):
        v2gtp.decode_header(frame, max_payload=1024)


def test_reactions() -> None:
    assert WrongVersionError.reaction is Reaction.CLOSE_CONNECTION
    assert PayloadTooLargeError.reaction is Reaction.CLOSE_CONNECTION
    assert UnknownPayloadTypeError.reaction is Reaction.DISCARD_MESSAGE


def test_datagram_length_mismatch() -> None:
    with pytest.raises(TruncatedMessageError):
        v2gtp.decode_datagram(bytes.fromhex("01fe900000000002") + b"\x10")
    with pytest.raises(TruncatedMessageError):
        v2gtp.decode_datagram(bytes.fromhex("01fe900000000002") + b"\x10\x00\x00")


def test_protocol_narrows_payload_types() -> None:
    din = Framer(FramerConfig(allowed_types=v2gtp.DIN_TYPES))
    din.feed(v2gtp.encode(PayloadType.ISO20_DC, b"xx") + v2gtp.encode(PayloadType.EXI, b"ok"))
    with pytest.raises(UnknownPayloadTypeError) as info:
        din.next_message()
    assert info.value.payload_type == 0x8004
    assert din.next_message() == V2gtpMessage(PayloadType.EXI, b"ok")


def test_unknown_type_skipped_across_reads() -> None:
    framer = Framer(FramerConfig(allowed_types=v2gtp.DIN_TYPES))
    bad = v2gtp.encode(0x8004, b"0123456789")
    framer.feed(bad[:10])
    with pytest.raises(UnknownPayloadTypeError):
        framer.next_message()
    framer.feed(bad[10:14])
    assert framer.next_message() is None
    framer.feed(bad[14:] + v2gtp.encode(0x8001, b"next"))
    assert framer.next_message() == V2gtpMessage(0x8001, b"next")
    assert framer.buffered == 0


def test_unknown_type_with_hostile_length_closes() -> None:
    framer = Framer(FramerConfig(max_payload=100, allowed_types=v2gtp.DIN_TYPES))
    framer.feed(bytes.fromhex("01fe8004ffffffff"))
    with pytest.raises(PayloadTooLargeError):
        framer.next_message()


def test_four_gib_header_fails_at_once_and_stays_failed() -> None:
    framer = Framer(FramerConfig(max_payload=65536))
    framer.feed(bytes.fromhex("01fe8001ffffffff"))
    with pytest.raises(PayloadTooLargeError) as info:
        framer.next_message()
    assert info.value.length == 0xFFFFFFFF
    framer.feed(v2gtp.encode(0x8001, b"later"))
    with pytest.raises(PayloadTooLargeError):
        framer.next_message()
    assert framer.buffered == 0
    assert isinstance(framer.failed, PayloadTooLargeError)


def test_message_timeout_from_first_byte() -> None:
    framer = Framer(FramerConfig(message_timeout=2.0))
    assert framer.get_timer() is None
    frame = v2gtp.encode(0x8001, b"slow")
    for i, byte in enumerate(frame[:-1]):
        framer.feed(bytes([byte]), now=100.0 + i)  # one byte per second
        if 100.0 + i < 102.0:
            framer.handle_timer(100.0 + i)
            assert framer.next_message() is None
        else:
            break
    assert framer.get_timer() == 102.0
    with pytest.raises(MessageTimeoutError):
        framer.handle_timer(102.0)
    with pytest.raises(MessageTimeoutError):
        framer.next_message()


def test_timer_restarts_for_each_message() -> None:
    framer = Framer(FramerConfig(message_timeout=1.0))
    frame = v2gtp.encode(0x8001, b"abc")
    framer.feed(frame + frame[:3], now=10.0)
    assert framer.next_message() is not None
    framer.feed(frame[3:5], now=10.5)
    assert framer.get_timer() == 11.0  # the partial message began with the feed at 10.0
    framer.feed(frame[5:], now=10.9)
    assert framer.next_message() is not None
    assert framer.get_timer() is None


def test_config_validation() -> None:
    with pytest.raises(ValueError, match="max_payload"):
        FramerConfig(max_payload=-1)
    with pytest.raises(ValueError, match="message_timeout"):
        FramerConfig(message_timeout=0)
    with pytest.raises(ValueError):
        v2gtp.encode_header(0x10000, 0)


# --- property tests ---------------------------------------------------------------------------

messages_st = st.lists(
    st.builds(
        V2gtpMessage,
        st.sampled_from(sorted(PayloadType)),
        st.binary(max_size=300),
    ),
    max_size=12,
)


def _split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    chunks, start = [], 0
    for point in [*points, len(data)]:
        chunks.append(data[start:point])
        start = point
    return chunks


@settings(max_examples=300, deadline=None)
@given(messages_st, st.lists(st.integers(min_value=0), max_size=40))
def test_any_split_yields_the_same_messages(messages: list[V2gtpMessage], cuts: list[int]) -> None:
    stream = b"".join(m.to_bytes() for m in messages)
    framer = Framer()
    received: list[V2gtpMessage] = []
    for chunk in _split(stream, cuts):
        framer.feed(chunk)
        received.extend(framer.messages())
    assert received == messages
    assert framer.buffered == 0


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.lists(st.integers(min_value=0), max_size=20))
def test_any_bytes_give_messages_or_typed_errors(data: bytes, cuts: list[int]) -> None:
    framer = Framer(FramerConfig(max_payload=256, allowed_types=v2gtp.DIN_TYPES))
    for chunk in _split(data, cuts):
        framer.feed(chunk)
        while True:
            try:
                message = framer.next_message()
            except FramingError as exc:
                assert isinstance(exc.reaction, Reaction)
                if exc.reaction is Reaction.CLOSE_CONNECTION:
                    assert framer.failed is exc
                    return
                continue
            if message is None:
                break
            assert message.payload_type in v2gtp.DIN_TYPES
            assert len(message.payload) <= 256
    assert framer.buffered <= len(data)
