"""Random, schema-valid message bodies for the session fuzz tests, drawn through hypothesis.

One place for what the SECC and EVCC fuzz tests (DIN, -2 and -20) share: a value for each EXI
datatype within its facets, and a whole message body walked from the grammar
(``tests/exi/_exi_gen.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import exi

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "exi"))
from _exi_gen import Unwalkable, Walker


def draw_value(data: st.DataObject, dt: Any, *, extra: int = 20) -> Any:
    """A value of datatype ``dt`` within its facets; strings and binaries at most ``extra``
    characters past their minimum length."""
    k = dt.kind
    if k in ("string", "binary"):
        lo = dt.min_len or 0
        hi = min(dt.max_len if dt.max_len is not None else lo + extra, lo + extra)
        return data.draw(
            st.text(min_size=lo, max_size=hi) if k == "string" else st.binary(min_size=lo, max_size=hi)
        )
    if k == "boolean":
        return data.draw(st.booleans())
    if k == "enum":
        return data.draw(st.sampled_from(dt.members))
    lo = dt.lo if dt.lo is not None else -(2**40)
    hi = dt.hi if dt.hi is not None else 2**40
    return data.draw(st.integers(lo, hi))


def draw_body(data: st.DataObject, schema: Any, element: str, *, extra: int = 20) -> Any | None:
    """A random body of the global element ``element`` of ``schema`` (every choice and value drawn
    from ``data``), or None when the grammar cannot be walked within the depth and size budget."""
    g = exi.grammar(schema)
    walker = Walker(
        g,
        lambda n: data.draw(st.integers(0, n - 1)) if n > 1 else 0,
        lambda dt: draw_value(data, dt, extra=extra),
        max_depth=8,
        budget=60,
        abstract=False,
    )
    try:
        return walker.root(g.by_name[element])
    except Unwalkable:
        return None
