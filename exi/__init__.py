"""Schema-informed EXI for the V2G schemas (AppProtocol, DIN 70121, ISO 15118-2 and -20).

Public API::

    exi.decode(data, schema) -> message        # schema: see SCHEMAS
    exi.encode(message[, schema]) -> bytes
    exi.to_dict(message[, schema]) -> dict     # {"<global element>": {...}}, JSON-ready
    exi.to_xml(message[, schema]) -> str       # readable XML
    exi.from_dict(d, schema) -> message
    exi.decode_fragment(data, schema) -> element   # EXI fragments for signatures
    exi.encode_fragment(element[, schema]) -> bytes
    exi.ExiError                               # base of every codec error
    exi.ENGINE                                 # engine in use: "c" or "python" (V2G_EXI_PURE=1)

Schema sets (``SCHEMAS``): ``app``, ``din``, ``iso2``, ``iso20`` (CommonMessages), ``iso20-ac``,
``iso20-dc``, ``iso20-wpt``, ``iso20-acdp`` and ``xmldsig`` (the xmldsig schema alone, whose fragment
grammar codes SignedInfo for signatures). The classes and grammar tables in ``exi/<set>/`` are
generated from the XSDs by ``python -m exi.codegen --schemas ../shared/schemas --out exi``.

One class per XSD type: the xmldsig classes are generated once in ``exi.xmldsig`` and the ISO 15118-20
CommonTypes classes once in ``exi.iso20``; every other set that imports those schemas re-exports
them from its ``generated_types`` (so ``exi.iso20_dc.generated_types.MessageHeaderType is
exi.iso20.generated_types.MessageHeaderType``). Each set keeps its own grammar tables, which differ
in the global-element context (document and fragment event codes, what a wildcard may hold): a
message is coded with the grammar of its top-level class's set, and a shared class coded on its own
(``encode``, ``encode_fragment``, ``to_dict``, ``to_xml``) needs the schema named
(``ExiSchemaError`` otherwise).

EXI options are the V2G ones: header byte 0x80 (no options, no cookie), bit-packed, schema-informed,
non-strict, default fidelity options. Encoding never emits string-table hits (like every V2G peer);
decoding accepts them. Bytes after the end of a document are reported by ``decode_with_rest``.

Wildcard (xs:any) content is a global element of the set, or an ``AnyElement`` coded with built-in
element grammars (8.4.3; checked by round trips only, no reference codes them); it and mixed text
are kept in a type's ``any_`` field. Where a repeated choice lets declared children, wildcard items
and text interleave (only in xmldsig: KeyInfo, X509Data, SPKIData, Transform...), the decoder also
records the stream order in ``order_`` (field indices; empty when it is the field order), so that
re-encoding reproduces the bytes.

Refused with ``ExiUnsupportedError`` (the C references refuse them too): second-level events
(xsi:type, xsi:nil, undeclared attributes, elements or text where the schema has none); child
elements under the relaxed element fragment grammar. One second-level event is accepted: EE in a
state whose typed CH comes next (the first state of an element of simple type, or the value state
of a simple-content type; EXI 1.0 8.5.4.4.1 gives EE a second-level code there). EXIficient, the
codec under Josev and RISE V2G, ends an element with an empty string, anyURI, base64Binary or
hexBinary value that way (an empty ProtocolNamespace, EVSEID, SessionID...), where the C references
write CH with a zero-length value. It decodes as that empty value ("" or b""), the same message as
the CH form, which is what the encoder writes; where the datatype has no empty value (numbers,
booleans, enumerations, minLength > 0) it is an ``ExiDecodeError`` naming the element and why.

Two engines with one API and identical results: the C engine (``exi/_cengine.c``, an interpreter
over the same grammar tables, built by the package's own build) and the pure-Python reference engine
(``exi/_engine.py``). ``exi/_select.py`` picks one, in one place: the C engine when it was built,
unless ``V2G_EXI_PURE=1``; ``exi.ENGINE`` says which. The C engine hands the rare constructs it does
not interpret itself (wildcard content, mixed text, the relaxed element fragment grammar) to the
pure engine, whole message at a time.

This package imports nothing from ``v2g``, ``slac`` or ``tls``.
"""

from __future__ import annotations

from typing import Any

from ._api import (
    SCHEMAS,
    decode,
    decode_fragment,
    decode_fragment_all,
    decode_with_rest,
    encode,
    encode_fragment,
    engine,
    from_dict,
    grammar,
    prepare,
    to_dict,
    to_xml,
)
from ._builtin import AnyElement
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
    "AnyElement",
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
    "engine",
    "from_dict",
    "grammar",
    "prepare",
    "to_dict",
    "to_xml",
]


def __getattr__(name: str) -> Any:
    if name == "ENGINE":  # follows exi._select.use (the suite switches engines at run time)
        return engine()
    raise AttributeError(f"module 'exi' has no attribute {name!r}")
