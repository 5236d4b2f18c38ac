"""The C engine against its pure twin: identical bytes, objects and errors for every public vector,
every hypothesis example and hostile input."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

import pytest
from _cengine_twin import VECTORS, _c, _cm, _outcome, _Recorder, _same_decode, _same_encode, needs_c
from _exi_support import schema_key
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_exi_roundtrip import ROOTS, _draw_message

import exi
from exi import _ctables

ENGINE_AGNOSTIC = True  # compares both engines itself (see conftest.py)


@needs_c
@pytest.mark.parametrize("index", range(len(VECTORS)))
def test_vector_identical(index: int) -> None:
    """Every public vector: the same object (decode), the same bytes (encode), no hand-over."""
    v = VECTORS[index]
    key = schema_key(v)
    data = bytes.fromhex(v["hex"])
    rec = _Recorder(exi.grammar(key))
    tables = list(_ctables.tables(exi.grammar(key), _cm().slot_offset))
    tables[12] = rec
    c = _cm().Grammar(tuple(tables))
    outcome = _same_decode(key, data)
    assert _outcome(lambda: c.decode_document(data)) == outcome
    if outcome[0] == "ok":
        message = exi.grammar(key).decode_document(data)[0]
        encoded = _same_encode(key, message)
        mine = _outcome(lambda: c.encode_document(message, False))
        assert mine[0] == "ok" and (encoded is None or c.encode_document(message, True) == encoded)
    assert rec.calls == 0  # no vector needs the pure twin
    for n in range(len(data)):  # every truncation
        _same_decode(key, data[:n])


@needs_c
@pytest.mark.parametrize(("key", "root"), ROOTS)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(data=st.data())
def test_hypothesis_identical(key: str, root: str, data: st.DataObject) -> None:
    """Every hypothesis example of every global element: identical bytes, objects and errors, also
    for the example's bytes with one byte changed."""
    message = _draw_message(data, key, root)
    if message is None:
        return
    encoded = _same_encode(key, message)
    if encoded is None:
        return
    _same_decode(key, encoded)
    if len(encoded) > 1:
        i = data.draw(st.integers(1, len(encoded) - 1))
        b = data.draw(st.integers(0, 255))
        _same_decode(key, encoded[:i] + bytes([b]) + encoded[i + 1:])


@needs_c
@pytest.mark.parametrize("key", list(exi.SCHEMAS))
@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=120))
def test_random_input_identical(key: str, body: bytes) -> None:
    _same_decode(key, b"\x80" + body)


@needs_c
def test_non_bytes_and_odd_objects() -> None:
    c = _c("din")
    with pytest.raises(TypeError):
        c.decode_document("809a")
    data = bytes.fromhex("809a004011d019231636c790f800")
    expected = repr(exi.grammar("din").decode_document(data))
    assert repr(c.decode_document(bytearray(data))) == expected
    assert repr(c.decode_document(memoryview(data))) == expected
    for bad in (object(), None, 1, "x"):
        assert _outcome(lambda bad=bad: c.encode_document(bad)) == \
            _outcome(lambda bad=bad: exi.grammar("din").encode_document(bad))


@needs_c
def test_stream_order_of_interleaved_content() -> None:
    """A KeyInfo whose declared children come out of field order: the C engine records order_ itself
    (no hand-over) exactly as the pure engine does, and re-encodes it (through the pure twin)."""
    from exi.xmldsig import generated_types as X

    g = exi.grammar("xmldsig")
    rec = _Recorder(g)
    tables = list(_ctables.tables(g, _cm().slot_offset))
    tables[12] = rec
    c = _cm().Grammar(tuple(tables))
    ordered = X.KeyInfo(KeyName=("a",), MgmtData=("m",))
    data = g.encode_document(X.KeyInfo(KeyName=("a", "b"), MgmtData=("m",), order_=(1, 7, 1)))
    mine, theirs = c.decode_document(data), g.decode_document(data)
    assert repr(mine) == repr(theirs) and mine[0].order_ == (1, 7, 1)
    assert rec.calls == 0
    assert c.encode_document(mine[0]) == data and rec.calls == 1
    plain = c.encode_document(ordered)
    assert plain == g.encode_document(ordered) and rec.calls == 1
    assert c.decode_document(plain)[0].order_ == ()


def _empty_value_streams() -> Iterator[tuple[str, bytes, bool]]:
    """(schema, stream, hand-made?)"""
    from test_exi_empty_value import DATA, INVALID, VALID, _stream

    for _name, key, theirs, ours, _fragment in VALID:
        yield key, _stream(theirs), True
        yield key, _stream(ours), True
    for _name, key, bits, _element, _reason, _fragment in INVALID:
        yield key, _stream(bits + "0" * 16), True
    for line in DATA.read_text(encoding="utf-8").splitlines():
        v = json.loads(line)
        yield v["schema"], bytes.fromhex(v["exificient"]), False


@needs_c
def test_empty_values_identical() -> None:
    """EXIficient's second-level EE for empty simple content (hand-made vectors and one EXIficient
    message per global element): identical objects and errors, also for every truncation and for
    flipped bits (every bit of the hand-made ones, 40 of each EXIficient message); no hand-over to
    the pure twin for the hand-made ones (the EXIficient messages may carry xmldsig wildcard content,
    which is the pure twin's)."""
    rng = random.Random(16)
    for key, data, hand_made in _empty_value_streams():
        rec = _Recorder(exi.grammar(key))
        tables = list(_ctables.tables(exi.grammar(key), _cm().slot_offset))
        tables[12] = rec
        c = _cm().Grammar(tuple(tables))
        outcome = _same_decode(key, data)
        assert _outcome(lambda c=c, data=data: c.decode_document(data)) == outcome
        assert rec.calls == 0 or not hand_made
        for n in range(len(data)):
            _same_decode(key, data[:n])
        bits = range(8, len(data) * 8)
        for bit in bits if hand_made else rng.sample(bits, min(40, len(bits))):
            flipped = bytearray(data)
            flipped[bit >> 3] ^= 0x80 >> (bit & 7)
            _same_decode(key, bytes(flipped))


@needs_c
def test_binary_length_above_64_bits_identical() -> None:
    """A binary length of 10 groups above 2**64 (DIN EVCCID): both engines name it in full."""
    # Header with an empty SessionID
    bits = ("10000000" + format(77, "07b") + "0" + "0" + "0" + "00000000" + "0" + "10"
            + "0" + format(29, "06b") + "0" + "0"  # SessionSetupReq, SE(EVCCID), CH
            + "11111111" * 9 + "00010000")  # its length: 10 groups, above 2**64
    bits += "0" * (-len(bits) % 8 + 128)
    data = int(bits, 2).to_bytes(len(bits) // 8, "big")
    outcome = _same_decode("din", data)
    assert outcome[:2] == ("error", "ExiTruncatedError") and str(0x10 << 63 | (1 << 63) - 1) in outcome[2]
