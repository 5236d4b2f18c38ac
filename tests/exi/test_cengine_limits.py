"""The C engine's limits: it bounds nesting, rejects malformed tables, and keeps reference counts and
memory flat over 10^5 decode/encode cycles."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from _cengine_twin import VECTORS, _c, _cm, needs_c
from _exi_support import schema_key

import exi
from exi import _ctables

ENGINE_AGNOSTIC = True  # compares both engines itself (see conftest.py)


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
