"""The C engine against its pure twin: it loaded, it gives identical bytes, objects and errors for every
public vector, every hypothesis example and hostile input, it bounds nesting, rejects malformed
tables, and it keeps reference counts and memory flat over 10^5 decode/encode cycles."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import random
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from _exi_support import load_vectors, schema_key
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_exi_roundtrip import ROOTS, _draw_message

import exi
from exi import _ctables, _select
from exi._engine import Grammar

ENGINE_AGNOSTIC = True  # compares both engines itself (see conftest.py)
VECTORS = load_vectors()

needs_c = pytest.mark.skipif(not _select.C_AVAILABLE, reason="the C engine is not built (or V2G_EXI_PURE=1)")


def test_c_engine_loaded() -> None:
    """Under CI the C engine must have been built and loaded, for every schema set."""
    forced_pure = os.environ.get("V2G_EXI_PURE") == "1"
    if os.environ.get("CI") == "true" and not forced_pure:
        assert _select.C_AVAILABLE, "CI=true but the C engine (exi._cengine) did not load"
    if not _select.C_AVAILABLE:
        pytest.skip("the C engine is not built (or V2G_EXI_PURE=1)")
    for key in exi.SCHEMAS:
        assert _select.c_grammar(exi.grammar(key)) is not None, f"{key} stays pure"
    _select.use("c")
    assert exi.ENGINE == "c"
    _select.use("python")
    assert exi.ENGINE == "python"


def test_engine_names() -> None:
    with pytest.raises(exi.ExiError):
        _select.use("java")
    assert exi.engine() in ("c", "python")


class _Recorder:
    """Stands in for the pure Grammar behind a C Grammar and counts hand-overs to the pure twin."""

    def __init__(self, g: Grammar) -> None:
        self.g = g
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        self.calls += 1
        return getattr(self.g, name)


def _cm() -> Any:
    cm = _select.c_module()
    assert cm is not None
    return cm


def _c(key: str) -> Any:
    c = _select.c_grammar(exi.grammar(key))
    assert c is not None
    return c


def _outcome(fn: Callable[[], Any]) -> tuple[Any, ...]:
    """What a call did: its result (by repr, so that types count, e.g. an enum member versus its
    string value) or its error (type, message, bit)."""
    try:
        result = fn()
    except exi.ExiError as exc:
        return ("error", type(exc).__name__, str(exc), exc.bit)
    return ("ok", repr(result))


def _same_decode(key: str, data: bytes) -> tuple[Any, ...]:
    g = exi.grammar(key)
    c = _c(key)
    theirs = _outcome(lambda: g.decode_document(data))
    mine = _outcome(lambda: c.decode_document(data))
    assert mine == theirs, (key, data.hex())
    root_only = _outcome(lambda: c.decode(data))  # exi.decode's fast path
    assert root_only == (_outcome(lambda: g.decode_document(data)[0]) if theirs[0] == "ok" else theirs)
    frag_theirs = _outcome(lambda: g.decode_fragment(data))
    frag_mine = _outcome(lambda: c.decode_fragment(data))
    assert frag_mine == frag_theirs, (key, data.hex())
    return mine


def _same_encode(key: str, message: object) -> bytes | None:
    g = exi.grammar(key)
    c = _c(key)
    out = None
    for chk in (True, False):
        theirs = _outcome(lambda chk=chk: g.encode_document(message, chk))
        mine = _outcome(lambda chk=chk: c.encode_document(message, chk))
        assert mine == theirs, (key, repr(message))
        ftheirs = _outcome(lambda chk=chk: g.encode_fragment([message], chk))
        fmine = _outcome(lambda chk=chk: c.encode_fragment([message], chk))
        assert fmine == ftheirs, (key, repr(message))
        if chk and mine[0] == "ok":
            out = c.encode_document(message, chk)
    return out


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
def test_nesting_is_bounded() -> None:
    """With a nesting limit of 2 the C engine refuses deeper documents with a typed error, both ways
    (the real limit is the pure engine's MAX_DEPTH, far above what the V2G schemas need)."""
    g = exi.grammar("din")
    tables = list(_ctables.tables(g, _cm().slot_offset))
    tables[11] = 2
    c = _cm().Grammar(tuple(tables))
    data = bytes.fromhex("809a004011d019231636c790f800")
    with pytest.raises(exi.ExiDecodeError, match="nested too deeply"):
        c.decode_document(data)
    with pytest.raises(exi.ExiEncodeError, match="nested too deeply"):
        c.encode_document(g.decode_document(data)[0])


@needs_c
def test_malformed_tables_are_refused() -> None:
    g = exi.grammar("din")
    good = _ctables.tables(g, _cm().slot_offset)

    def variant(i: int, value: Any) -> tuple[Any, ...]:
        t = list(good)
        t[i] = value
        return tuple(t)

    for bad in (variant(4, (10**6,)), variant(4, (-1,)), variant(1, ((0,),)), variant(2, ()),
                variant(11, -1), good[:5], variant(6, {object: 10**6})):
        with pytest.raises((ValueError, TypeError, OverflowError)):
            _cm().Grammar(bad)
    c = _cm().Grammar(good)
    with pytest.raises(RuntimeError):
        c.__init__(good)  # type: ignore[misc]


def _cycle_inputs() -> Iterator[tuple[str, bytes]]:
    for v in VECTORS[::5]:
        if len(v["hex"]) <= 240:
            yield schema_key(v), bytes.fromhex(v["hex"])


def _rss() -> int:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@needs_c
def test_no_leaks_over_100k_cycles() -> None:
    """10^5 decode/encode cycles (valid, truncated and refused input, facet errors) leave the resident
    memory and the reference counts of the classes and enum members involved where they were; a
    further 10^4 under tracemalloc leave the traced memory where it was."""
    from exi.din import generated_types as din

    inputs = [(key, data, _c(key)) for key, data in _cycle_inputs()]
    messages = [(c, c.decode_document(data)[0]) for key, data, c in inputs]
    bad = din.V2G_Message(Header=din.MessageHeaderType(SessionID=b"\x00" * 9),
                          Body=din.BodyType(BodyElement=din.SessionStopReq()))
    din_c = _c("din")

    def cycle(i: int) -> None:
        _key, data, c = inputs[i % len(inputs)]
        c.decode_document(data)
        if i % 4 == 0:
            with contextlib.suppress(exi.ExiError):
                c.decode_document(data[: len(data) // 2])
            with contextlib.suppress(exi.ExiError):
                c.decode_fragment(data)
            with contextlib.suppress(exi.ExiError):
                din_c.encode_document(bad)
        mc, m = messages[i % len(messages)]
        mc.encode_document(m, False)

    watched: list[object] = [din.V2G_Message, din.PhysicalValueType, din.responseCodeType.OK,
                             din.unitSymbolType.V, din.DC_EVErrorCodeType.NO_ERROR, exi.ExiTruncatedError]
    for i in range(5000):
        cycle(i)
    gc.collect()
    refs = [sys.getrefcount(o) for o in watched]
    rss = _rss()
    for i in range(100_000):
        cycle(i)
    gc.collect()
    grown = _rss() - rss
    assert grown < 1024 * 1024, f"resident memory grew by {grown} bytes over 10^5 cycles"
    assert [sys.getrefcount(o) for o in watched] == refs
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(10_000):
            cycle(i)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert after - before < 16 * 1024, f"traced memory grew by {after - before} bytes over 10^4 cycles"


@needs_c
def test_wildcard_content_goes_to_the_pure_twin() -> None:
    """Wildcard content and mixed text (xmldsig only) are handed to the pure engine, whole message at
    a time: same bytes and objects, one hand-over per call; plain content never is."""
    from exi.xmldsig import generated_types as X

    g = exi.grammar("xmldsig")
    rec = _Recorder(g)
    tables = list(_ctables.tables(g, _cm().slot_offset))
    tables[12] = rec
    c = _cm().Grammar(tuple(tables))
    algo = "http://www.w3.org/TR/canonical-exi/"
    plain = X.CanonicalizationMethod(Algorithm=algo)
    data = c.encode_document(plain)
    assert repr(c.decode_document(data)) == repr(g.decode_document(data))
    assert rec.calls == 0
    for any_ in (("text",), (X.DigestValue(value=b"12"),), ("a", X.KeyName(value="k"), "b"),
                 (exi.AnyElement("urn:x", "y", (), ("z",)),)):
        m = X.CanonicalizationMethod(Algorithm=algo, any_=any_)
        for enc, dec, wrap in ((c.encode_document, c.decode_document, False),
                               (c.encode_fragment, c.decode_fragment, True)):
            before = rec.calls
            item: Any = [m] if wrap else m
            data = enc(item)
            pure = g.encode_fragment([m]) if wrap else g.encode_document(m)
            assert data == pure
            assert repr(dec(data)) == repr(g.decode_fragment(data) if wrap else g.decode_document(data))
            assert rec.calls == before + 2


def _engine_in_subprocess(env: dict[str, str], prelude: str = "") -> str:
    import subprocess

    code = (prelude + "import exi\n"
            "m = exi.decode(bytes.fromhex('809a004011d019231636c790f800'), 'din')\n"
            "assert exi.encode(m).hex() == '809a004011d019231636c790f800'\n"
            "print(exi.ENGINE)\n")
    full = {k: v for k, v in os.environ.items() if k != "V2G_EXI_PURE"} | env
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env=full).stdout.strip()


def test_selection_in_a_fresh_interpreter() -> None:
    """The default is the C engine where it was built; V2G_EXI_PURE=1 forces the pure one; without
    the extension (no compiler at install time) the package works on the pure engine."""
    built = _select.c_module() is not None or os.environ.get("V2G_EXI_PURE") == "1"
    assert _engine_in_subprocess({"V2G_EXI_PURE": "1"}) == "python"
    no_c = "import sys\nsys.modules['exi._cengine'] = None  # as if it had not been built\n"
    assert _engine_in_subprocess({}, no_c) == "python"
    if built and os.environ.get("V2G_EXI_PURE") != "1":
        assert _engine_in_subprocess({}) == "c"


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
