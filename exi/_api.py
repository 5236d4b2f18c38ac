"""The engine choice and the public functions, in one place."""

from __future__ import annotations

import importlib
import sys
from typing import Any

from . import _select
from ._dictform import from_dict_with, to_dict_with
from ._engine import FragmentElement, Grammar
from ._xml import to_xml_with
from .errors import ExiError, ExiSchemaError, ExiUnsupportedError


def engine() -> str:
    """The engine in use, ``"c"`` or ``"python"`` (chosen in ``exi._select``; ``V2G_EXI_PURE=1``
    forces the pure one)."""
    return _select.ENGINE


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
    "xmldsig": "xmldsig",
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


def prepare(schema: str) -> None:
    """Load a schema set's grammar and build the tables of the engine in use now (the C engine's
    take milliseconds per set), so that the first message coded with it is not slowed down."""
    _select.codec(grammar(schema))


_CLASS_GRAMMAR: dict[type, Grammar] = {}


def _shared(cls: type) -> bool:
    """Whether ``cls`` is a class several schema sets use (xmldsig, ISO 15118-20 CommonTypes): its
    defining ``generated_types`` module lists it in ``SHARED``."""
    module = sys.modules.get(cls.__module__)
    return cls.__name__ in getattr(module, "SHARED", ())


def _grammar_of(message: object, schema: str | None = None) -> Grammar:
    """The grammar to code ``message`` with: the named schema set, else the one set its class
    belongs to (a shared class belongs to several: then the schema must be named)."""
    if schema is not None:
        return grammar(schema)
    cls = type(message)
    g = _CLASS_GRAMMAR.get(cls)
    if g is not None:
        return g
    parts = cls.__module__.split(".")
    if len(parts) == 3 and parts[0] == "exi" and parts[1] in _PACKAGE_KEY:
        if _shared(cls):
            raise ExiSchemaError(f"{cls.__name__} is a class several schema sets share: name the schema "
                                 f"(e.g. {_PACKAGE_KEY[parts[1]]!r}) to code it on its own")
        g = _CLASS_GRAMMAR[cls] = grammar(_PACKAGE_KEY[parts[1]])
        return g
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
        obj, bits = _select.codec(g).decode_document(bytes(data))
    except ExiError:
        raise
    except RecursionError as exc:  # pragma: no cover - bounded by MAX_DEPTH
        raise ExiError("input nested too deeply") from exc
    return obj, (bits + 7) // 8


def decode(data: bytes, schema: str) -> Any:
    """Decode an EXI document of the given schema set into its generated message class."""
    fast = _select.DECODERS.get(schema)
    if fast is not None and type(data) is bytes:  # the fast path: a known schema, plain bytes
        return fast(data)
    return decode_with_rest(data, schema)[0]


def encode(message: object, schema: str | None = None, *, check_facets: bool = True) -> bytes:
    """Encode a message (an instance of a global element class) as an EXI document of its class's
    schema set (``schema`` names it for a class several sets share, e.g. an xmldsig element).

    Every value is checked against its XSD facets (ranges, lengths) and a violation raises
    ``ExiEncodeError`` naming the field. ``check_facets=False`` keeps only the checks the coding
    itself needs, so that whatever a peer sent (some real and reference streams break length and
    range facets) re-encodes to the same bytes, e.g. to verify a signature over it.
    """
    if schema is not None:
        return _select.codec(grammar(schema)).encode_document(message, check_facets)
    fast = _select.BY_CLASS.get(type(message))
    if fast is None:
        fast = _select.BY_CLASS[type(message)] = _select.codec(_grammar_of(message)).encode_document
    return fast(message, check_facets)


def to_dict(message: object, schema: str | None = None) -> dict[str, Any]:
    """The JSON-ready dict form ``{"<global element>": {...}}`` of a message (``schema`` as for
    ``encode``)."""
    return to_dict_with(_grammar_of(message, schema), message)


def from_dict(d: dict[str, Any], schema: str) -> Any:
    """Build a message from its dict form (the inverse of ``to_dict``)."""
    return from_dict_with(grammar(schema), d)


def _fragment_grammar(element: object, schema: str | None) -> Grammar:
    if schema is not None:
        return grammar(schema)
    probe = element.value if isinstance(element, FragmentElement) else element
    return _grammar_of(probe)


def decode_fragment_all(data: bytes, schema: str) -> tuple[Any, ...]:
    """Decode an EXI fragment (8.5.2) of the schema set's fragment grammar: all its elements."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ExiSchemaError("data must be bytes")
    elements, _bits = _select.codec(grammar(schema)).decode_fragment(bytes(data))
    return tuple(elements)


def decode_fragment(data: bytes, schema: str) -> Any:
    """Decode an EXI fragment holding one element (how V2G signatures code signed content).

    The result is the global element's class instance, or a ``FragmentElement`` (qualified name and
    content) for local elements and names declared with several types (e.g. -2 ``eMAID``). Use
    schema ``"xmldsig"`` for SignedInfo (the xmldsig-only fragment grammar the C stacks use).
    """
    elements = decode_fragment_all(data, schema)
    if len(elements) != 1:
        raise ExiUnsupportedError(f"fragment holds {len(elements)} elements, expected one")
    return elements[0]


def encode_fragment(element: object, schema: str | None = None, *, check_facets: bool = True) -> bytes:
    """Encode one element as an EXI fragment of ``schema``'s fragment grammar. ``schema`` defaults
    to the set the element's class belongs to; name it for a class several sets share (xmldsig's,
    -20 CommonTypes'), for a ``FragmentElement`` with a plain value, or ``"xmldsig"`` to code a
    SignedInfo in the xmldsig-only grammar. An element whose class the schema does not know is
    converted through the dict form."""
    g = _fragment_grammar(element, schema)
    cls = type(element)
    if schema is not None and not isinstance(element, FragmentElement) and cls not in g.class_element:
        # a shared class is known to its defining set (the module it comes from)
        own = grammar(_PACKAGE_KEY[cls.__module__.split(".")[1]]) if _shared(cls) else _grammar_of(element)
        element = from_dict_with(g, to_dict_with(own, element))
    return _select.codec(g).encode_fragment([element], check_facets)


def to_xml(element: object, schema: str | None = None) -> str:
    """A readable XML rendering of a message or fragment element (for people, not for signing)."""
    return to_xml_with(_fragment_grammar(element, schema), element)
