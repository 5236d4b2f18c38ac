"""The one place that picks the EXI engine: the C engine (``exi._cengine``) or its pure-Python twin.

The C engine is used whenever it was built, unless ``V2G_EXI_PURE=1`` is in the environment; the
package works without it (no compiler at install time). ``use`` switches engines at run time, for
the test suite (every exi test runs on both) and the benchmark. A schema set whose generated classes
or tables do not fit the C engine's assumptions (``exi._ctables.Unsuitable``) stays pure; the test
suite asserts that none does.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import ModuleType
from typing import Any, Protocol

from . import _ctables
from ._engine import Grammar
from .errors import ExiError


class Codec(Protocol):
    """What an engine offers per schema set (the pure ``Grammar`` and ``_cengine.Grammar`` alike)."""

    def decode_document(self, data: bytes, /) -> tuple[Any, int]: ...
    def decode_fragment(self, data: bytes, /) -> tuple[list[Any], int]: ...
    def encode_document(self, obj: object, check_facets: bool = True, /) -> bytes: ...
    def encode_fragment(self, elements: list[object], check_facets: bool = True, /) -> bytes: ...


def _load_c() -> ModuleType | None:
    if os.environ.get("V2G_EXI_PURE") == "1":
        return None
    try:
        from . import _cengine
    except ImportError:
        return None
    return _cengine


_C = _load_c()

C_AVAILABLE: bool = _C is not None
"""True when the C engine was built and is not disabled by ``V2G_EXI_PURE=1``."""

ENGINE: str = "c" if C_AVAILABLE else "python"
"""The engine in use: ``"c"`` or ``"python"``."""

_CODECS: dict[str, Codec] = {}  # schema key -> the C tables (or the pure Grammar where it stays pure)

ACTIVE: dict[str, Codec] = {}
"""schema key -> the codec of the engine in use (filled by ``codec``, emptied by ``use``)."""

BY_CLASS: dict[type, Callable[[object, bool], bytes]] = {}
"""message class -> the document encoder of the engine in use (filled by ``exi.encode``, emptied by
``use``)."""

DECODERS: dict[str, Callable[[bytes], Any]] = {}
"""schema key -> the document decoder (root element only) of the engine in use (filled by ``codec``,
emptied by ``use``): the fast path of ``exi.decode``."""


def use(engine: str) -> None:
    """Switch the engine (``"c"`` or ``"python"``) for every later call."""
    global ENGINE
    if engine not in ("c", "python"):
        raise ExiError(f"unknown engine {engine!r}: 'c' or 'python'")
    if engine == "c" and _C is None:
        raise ExiError("the C engine is not available (not built, or V2G_EXI_PURE=1)")
    ENGINE = engine
    ACTIVE.clear()
    BY_CLASS.clear()
    DECODERS.clear()


def c_module() -> ModuleType | None:
    """The C engine's module (``exi._cengine``), or None where it is not available."""
    return _C


def c_grammar(g: Grammar) -> Codec | None:
    """The C engine's tables of a schema set, or None where the set stays pure."""
    if _C is None:
        return None
    c = _CODECS.get(g.key)
    if c is None:
        try:
            c = _C.Grammar(_ctables.tables(g, _C.slot_offset))
        except _ctables.Unsuitable:
            c = g
        _CODECS[g.key] = c
    return None if c is g else c


def codec(g: Grammar) -> Codec:
    """The engine in use for schema set ``g``."""
    c = ACTIVE.get(g.key)
    if c is None:
        c = g if ENGINE == "python" else (c_grammar(g) or g)
        ACTIVE[g.key] = c
        DECODERS[g.key] = getattr(c, "decode", None) or (lambda data, c=c: c.decode_document(data)[0])
    return c
