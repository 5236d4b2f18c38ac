"""Shared by the C engine tests: the vectors, the skip marker, and helpers that run the C engine and
its pure twin side by side and compare what they give."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from _exi_support import load_vectors

import exi
from exi import _select
from exi._engine import Grammar

VECTORS = load_vectors()

needs_c = pytest.mark.skipif(not _select.C_AVAILABLE, reason="the C engine is not built (or V2G_EXI_PURE=1)")


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
