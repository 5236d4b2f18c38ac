"""Schema-informed EXI for the V2G schemas (AppProtocol, DIN 70121, ISO 15118-2 and -20).

Public API::

    exi.decode(data, schema) -> message        # schema: see SCHEMAS
    exi.encode(message) -> bytes
    exi.to_dict(message) -> dict               # {"<global element>": {...}}, JSON-ready
    exi.to_xml(message) -> str                 # readable XML
    exi.from_dict(d, schema) -> message
    exi.decode_fragment(data, schema) -> element   # EXI fragments for signatures
    exi.encode_fragment(element) -> bytes
    exi.ExiError                               # base of every codec error
    exi.ENGINE                                 # "python" (the C engine is the next issue)

This package imports nothing from ``v2g``, ``slac`` or ``tls``.
"""

from __future__ import annotations

from ._api import (
    ENGINE,
    SCHEMAS,
    decode,
    decode_fragment,
    decode_fragment_all,
    decode_with_rest,
    encode,
    encode_fragment,
    from_dict,
    grammar,
    to_dict,
    to_xml,
)
from ._engine import FragmentElement
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
    "FragmentElement",
    "decode",
    "decode_fragment",
    "decode_fragment_all",
    "decode_with_rest",
    "encode",
    "encode_fragment",
    "from_dict",
    "grammar",
    "to_dict",
    "to_xml",
]
