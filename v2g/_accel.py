"""The one place that picks the C accelerators of ``v2g`` or their pure-Python twins.

``V2G_PURE=1`` in the environment forces the pure twins (used to run the suite against both).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import ModuleType

from v2g import _v2gtp_py

HeaderParser = Callable[[bytes | bytearray | memoryview, int, int], tuple[int, int, int]]


def _load_c() -> ModuleType | None:
    if os.environ.get("V2G_PURE") == "1":
        return None
    try:
        from v2g import _v2gtp_c
    except ImportError:
        return None
    return _v2gtp_c


_C = _load_c()

C_LOADED: bool = _C is not None
"""True when the C accelerator is in use."""

parse_header: HeaderParser = _C.header if _C is not None else _v2gtp_py.header
