"""XSD -> generated EXI code. A development tool: the runtime package never imports it.

Run ``python -m exi.codegen --schemas ../shared/schemas --out exi``; see ``__main__.py``.
"""

from __future__ import annotations

from .sets import SCHEMA_SETS, generate

__all__ = ["SCHEMA_SETS", "generate"]
