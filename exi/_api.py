"""The engine choice and the public functions, in one place."""

from __future__ import annotations

import importlib
from typing import Any

from ._dictform import from_dict_with, to_dict_with
from ._engine import Grammar
from .errors import ExiError, ExiSchemaError

ENGINE = "python"  # the only engine so far; V2G_EXI_PURE=1 will force it once a C engine exists

#: schema key -> generated package under ``exi``
SCHEMAS: dict[str, str] = {
    "app": "app",
    "din": "din",
    "iso2": "iso2",
    "iso20": "iso20",
    "iso20-ac": "iso20_ac",
    "iso20-dc": "iso20_dc",
    "iso20-wpt": "iso20_wpt",
    "iso20-acdp": "iso20_acdp",
}
_PACKAGE_KEY = {pkg: key for key, pkg in SCHEMAS.items()}
_GRAMMARS: dict[str, Grammar] = {}


def grammar(schema: str) -> Grammar:
    """The runtime grammar of a schema set (loaded on first use)."""
    g = _GRAMMARS.get(schema)
    if g is None:
        if schema not in SCHEMAS:
            raise ExiSchemaError(f"unknown schema {schema!r}; one of {', '.join(SCHEMAS)}")
        module = importlib.import_module(f"exi.{SCHEMAS[schema]}.generated_grammar")
        g = _GRAMMARS[schema] = Grammar(schema, module)
    return g


def _grammar_of(message: object) -> Grammar:
    parts = type(message).__module__.split(".")
    if len(parts) == 3 and parts[0] == "exi" and parts[1] in _PACKAGE_KEY:
        return grammar(_PACKAGE_KEY[parts[1]])
    raise ExiSchemaError(f"{type(message).__name__} is not a generated EXI message class")


def decode_with_rest(data: bytes, schema: str) -> tuple[Any, int]:
    """Decode an EXI document; returns the root element and the number of bytes it used.

    Bytes after the end of the document (seen from real peers) are not an error: the caller sees
    them as ``len(data) - used``.
    """
    g = grammar(schema)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ExiSchemaError("data must be bytes")
    try:
        obj, bits = g.decode_document(bytes(data))
    except ExiError:
        raise
    except RecursionError as exc:  # pragma: no cover - bounded by MAX_DEPTH
        raise ExiError("input nested too deeply") from exc
    return obj, (bits + 7) // 8


def decode(data: bytes, schema: str) -> Any:
    """Decode an EXI document of the given schema set into its generated message class."""
    return decode_with_rest(data, schema)[0]


def encode(message: object, *, check_facets: bool = True) -> bytes:
    """Encode a message (an instance of a global element class) as an EXI document.

    Every value is checked against its XSD facets (ranges, lengths) and a violation raises
    ``ExiEncodeError`` naming the field. ``check_facets=False`` keeps only the checks the coding
    itself needs, so that whatever a peer sent (some real and reference streams break length and
    range facets) re-encodes to the same bytes, e.g. to verify a signature over it.
    """
    return _grammar_of(message).encode_document(message, check_facets)


def to_dict(message: object) -> dict[str, Any]:
    """The JSON-ready dict form ``{"<global element>": {...}}`` of a message."""
    return to_dict_with(_grammar_of(message), message)


def from_dict(d: dict[str, Any], schema: str) -> Any:
    """Build a message from its dict form (the inverse of ``to_dict``)."""
    return from_dict_with(grammar(schema), d)
