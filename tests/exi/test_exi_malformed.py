"""Hostile input: truncated, bit-flipped and random streams raise ExiError and nothing else."""

from __future__ import annotations

import contextlib
import random
import re

import pytest
from _exi_gen import Unwalkable, Walker
from _exi_support import load_vectors, schema_key
from hypothesis import given, settings
from hypothesis import strategies as st

import exi

VECTORS = load_vectors()


def _decode_or_exi_error(data: bytes, key: str) -> None:
    try:
        exi.decode(data, key)
    except exi.ExiError as exc:
        assert isinstance(exc.bit, int) or exc.bit is None


def test_truncated_vectors() -> None:
    for v in VECTORS:
        data = bytes.fromhex(v["hex"])
        key = schema_key(v)
        for n in range(len(data)):
            _decode_or_exi_error(data[:n], key)


def test_bit_flips() -> None:
    rng = random.Random(15118)
    for v in VECTORS:
        data = bytearray(bytes.fromhex(v["hex"]))
        key = schema_key(v)
        for _ in range(20):
            flipped = bytearray(data)
            bit = rng.randrange(8, len(data) * 8)
            flipped[bit >> 3] ^= 0x80 >> (bit & 7)
            _decode_or_exi_error(bytes(flipped), key)


@pytest.mark.parametrize("key", list(exi.SCHEMAS))
@settings(max_examples=150, deadline=None)
@given(body=st.binary(max_size=300))
def test_random_bodies(key: str, body: bytes) -> None:
    _decode_or_exi_error(b"\x80" + body, key)


def test_header_checks() -> None:
    for bad in (b"", b"\x00", b"\xa0\x00", b"$EXI\x80\x00", b"\x81\x00", b"\x40"):
        with pytest.raises(exi.ExiError):
            exi.decode(bad, "din")
    with pytest.raises(exi.ExiSchemaError):
        exi.decode(b"\x80", "iso15118-21")


def test_declared_lengths_are_bounded() -> None:
    # DIN SessionSetupReq whose EVCCID claims 2**60 bytes: refused at once, no allocation
    head = bytes.fromhex("809a004011d0")
    huge = bytes([0x80 | 0x7F] * 8 + [0x10])
    with pytest.raises(exi.ExiTruncatedError):
        exi.decode(head + huge + b"\x00" * 16, "din")


def test_trailing_bytes_reported() -> None:
    data = bytes.fromhex("809a004011d019231636c790f800")
    message, used = exi.decode_with_rest(data + b"\xff\xff", "din")
    assert used == len(data)
    assert exi.encode(message) == data


def test_random_valid_then_corrupted() -> None:
    rng = random.Random(7)
    for key in exi.SCHEMAS:
        g = exi.grammar(key)
        roots = [e for e in g.globals if not g.elements[e].simple]
        for _ in range(30):
            w = Walker(g, rng.randrange, lambda dt: _plain_value(rng, dt), max_depth=8, budget=80)
            try:
                data = bytearray(exi.encode(w.root(rng.choice(roots)), key))
            except Unwalkable:
                continue
            for _ in range(10):
                i = rng.randrange(1, len(data))
                corrupted = bytearray(data)
                corrupted[i] = rng.randrange(256)
                _decode_or_exi_error(bytes(corrupted), key)


def _plain_value(rng: random.Random, dt: exi._engine.Datatype) -> object:
    k = dt.kind
    if k == "string":
        return "x" * (dt.min_len or 1)
    if k == "binary":
        return b"\x01" * (dt.min_len or 1)
    if k == "boolean":
        return True
    if k == "enum":
        return dt.members[-1]
    return dt.hi if dt.hi is not None else (dt.lo if dt.lo is not None else 0)


@pytest.mark.parametrize("key", list(exi.SCHEMAS))
@settings(max_examples=100, deadline=None)
@given(body=st.binary(max_size=200))
def test_random_fragments(key: str, body: bytes) -> None:
    with contextlib.suppress(exi.ExiError):
        exi.decode_fragment_all(b"\x80" + body, key)


def test_truncated_fragments() -> None:
    data = bytes.fromhex("80ec0202b4b218c00451114c4c8ccd0d4d8dce0e4c0c4c8cfd3d00")  # -2 eMAID with Id
    for n in range(len(data) - 1):
        with pytest.raises(exi.ExiError):
            exi.decode_fragment(data[:n], "iso2")


@pytest.mark.parametrize(("bits", "event"), [("1011", "AT(*)"), ("1101", "SE(*)"), ("1110", "CH[untyped]"),
                                             ("1001", "AT(xsi:type)")])
def test_second_level_events_are_named_and_refused(bits: str, event: str) -> None:
    # DIN Header's first state has one production, so the escape is `1` and the second level takes
    # 3 bits (EXI.md, oracle-verified): AT(*) 1 011, SE(*) 1 101, CH[untyped] 1 110
    stream = "10000000" + format(77, "07b") + "0" + bits
    stream += "0" * (-len(stream) % 8) + "0" * 16
    with pytest.raises(exi.ExiUnsupportedError, match=re.escape(event)):
        exi.decode(int(stream, 2).to_bytes(len(stream) // 8, "big"), "din")


def test_xsi_nil_on_a_simple_element_is_refused() -> None:
    # SessionSetupReq: ... EVCCID first state escape `1` then 2nd-level index 2 (xsi:nil) `010`
    head = "10000000" + format(77, "07b") + "0" + "0" + "0" + "00000001" + "00000000" + "0" + "10" + "0"
    stream = head + format(29, "06b") + "0" + "1" + "010"
    stream += "0" * (-len(stream) % 8) + "0" * 16
    with pytest.raises(exi.ExiUnsupportedError, match="xsi:nil"):
        exi.decode(int(stream, 2).to_bytes(len(stream) // 8, "big"), "din")


def test_corrupted_undeclared_content() -> None:
    from exi.iso2 import generated_types as T

    bar = exi.AnyElement("urn:x", "Bar", (), ("x",))
    foo = exi.AnyElement("urn:x", "Foo", (("", "a", "1"),), ("text", bar))
    data = exi.encode_fragment(T.KeyInfo(Id="k", any_=(foo, foo, "tail")), "iso2")
    rng = random.Random(5)
    for n in range(len(data)):
        with contextlib.suppress(exi.ExiError):
            exi.decode_fragment_all(data[:n], "iso2")
    for _ in range(300):
        flipped = bytearray(data)
        bit = rng.randrange(8, len(data) * 8)
        flipped[bit >> 3] ^= 0x80 >> (bit & 7)
        with contextlib.suppress(exi.ExiError):
            exi.decode_fragment_all(bytes(flipped), "iso2")
