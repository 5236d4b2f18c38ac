"""The grammar model of the code generator: the XSD built-in types, the EXI datatypes, event kinds,
positions, fields, type grammars and element declarations that ``GrammarBuilder``
(``exi/codegen/grammar.py``) fills in and ``exi/codegen/emit.py`` writes out."""

from __future__ import annotations

import keyword
import math
from dataclasses import dataclass, field

from .xsd import QName

XML_NS = "http://www.w3.org/XML/1998/namespace"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSD_TYPES = ("ENTITIES", "ENTITY", "ID", "IDREF", "IDREFS", "NCName", "NMTOKEN", "NMTOKENS", "NOTATION",
             "Name", "QName", "anySimpleType", "anyType", "anyURI", "base64Binary", "boolean", "byte",
             "date", "dateTime", "decimal", "double", "duration", "float", "gDay", "gMonth", "gMonthDay",
             "gYear", "gYearMonth", "hexBinary", "int", "integer", "language", "long", "negativeInteger",
             "nonNegativeInteger", "nonPositiveInteger", "normalizedString", "positiveInteger", "short",
             "string", "time", "token", "unsignedByte", "unsignedInt", "unsignedLong", "unsignedShort")

# --- datatypes ----------------------------------------------------------------------------------

_STRINGS = {"string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN", "ID",
            "IDREF", "ENTITY", "anyURI", "anySimpleType", "QName", "NOTATION"}
_INT_BOUNDS: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}


def bits_for(n: int) -> int:
    """ceil(log2 n) for n >= 1 (0 bits for a single choice)."""
    return 0 if n <= 1 else math.ceil(math.log2(n))


@dataclass(frozen=True)
class Datatype:
    """An EXI value representation with the facets an encoder checks."""

    kind: str  # string | enum | binary | boolean | nbit | unsigned | integer
    lo: int | None = None
    hi: int | None = None
    bits: int = 0
    values: tuple[str, ...] = ()
    enum_name: str | None = None
    binary: str = ""  # hex | base64
    min_len: int | None = None
    max_len: int | None = None
    name: str = ""  # the XSD type's local name, for messages

    def as_tuple(self) -> tuple[object, ...]:
        return (self.kind, self.lo, self.hi, self.bits, self.enum_name, self.binary, self.min_len,
                self.max_len, self.name)


# --- grammar model ---------------------------------------------------------------------------------

AT, SE, ANY, EE, CH, CHX = 0, 1, 2, 3, 4, 5  # event kinds in the tables (CHX: untyped, mixed)
_CATEGORY = {AT: 0, SE: 2, ANY: 4, EE: 5, CH: 6, CHX: 6}


@dataclass
class Position:
    index: int  # order in the schema (sort key for SE productions)
    kind: int  # AT | SE | ANY | CH
    field: int  # field index in the type
    min: int
    max: int | None
    elements: tuple[int, ...] = ()  # SE: candidate element declaration ids (sorted)
    attr: int = -1  # AT: attribute index
    namespaces: tuple[str, ...] = ()  # ANY
    datatype: int = -1  # CH: datatype id


@dataclass
class FieldInfo:
    name: str  # Python attribute name
    xml_name: str  # local name (dict key)
    kind: str  # attr | elem | value | any | text
    repeated: bool
    optional: bool
    elements: list[int] = field(default_factory=list)
    datatype: int = -1
    substitution: bool = False
    namespace: str = ""


@dataclass
class TypeGrammar:
    id: int
    class_name: str
    qname: QName | None
    content: str  # empty | element | simple
    mixed: bool
    abstract: bool
    fields: list[FieldInfo] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    # states: list of productions (kind, field, arg, target position or -1)
    states: list[list[tuple[int, int, object, int]]] = field(default_factory=list)
    pos_states: list[tuple[int, int, int]] = field(default_factory=list)  # per position: low, mid, top
    base_class: str | None = None


@dataclass
class ElementInfo:
    id: int
    qname: QName
    is_global: bool
    simple: bool
    ref: int  # datatype id (simple) or type id (complex)
    abstract: bool
    nillable: bool
    class_name: str | None = None  # global elements get a class


def _identifier(name: str) -> str:
    out = "".join(c if (c.isalnum() or c == "_") else "_" for c in name)
    if not out or out[0].isdigit():
        out = "_" + out
    if keyword.iskeyword(out):
        out += "_"
    return out


def _field_name(name: str) -> str:
    out = _identifier(name)
    if out in ("value",):
        out += "_"
    return out
