"""Schema-informed EXI for the V2G schemas (AppProtocol, DIN 70121, ISO 15118-2 and -20).

Public API::

    exi.decode(data, schema) -> message        # schema: see SCHEMAS
    exi.encode(message) -> bytes
    exi.to_dict(message) -> dict               # {"<global element>": {...}}, JSON-ready
    exi.from_dict(d, schema) -> message
    exi.ExiError                               # base of every codec error
    exi.ENGINE                                 # "python" (the C engine is the next issue)

This package imports nothing from ``v2g``, ``slac`` or ``tls``.
"""

from __future__ import annotations

from ._api import (
    ENGINE,
    SCHEMAS,
    decode,
    decode_with_rest,
    encode,
    from_dict,
    grammar,
    to_dict,
)
from .errors import (
    ExiDecodeError,
    ExiEncodeError,
    ExiError,
    ExiSchemaError,
    ExiTruncatedError,
    ExiUnsupportedError,
)

__all__ = [
    "ENGINE",
    "SCHEMAS",
    "ExiDecodeError",
    "ExiEncodeError",
    "ExiError",
    "ExiSchemaError",
    "ExiTruncatedError",
    "ExiUnsupportedError",
    "decode",
    "decode_with_rest",
    "encode",
    "from_dict",
    "grammar",
    "to_dict",
]
