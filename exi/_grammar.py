"""Runtime form of the generated grammar tables (layout: ``exi/_engine.py``): the event kinds, the
datatypes, the element declarations and the per-type grammar states, and ``GrammarTables``, the tables of
one schema set that the decoder (``exi/_decode.py``) and the encoder (``exi/_encode.py``) walk."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from ._values import bits_for

AT, SE, ANY, EE, CH, CHX = 0, 1, 2, 3, 4, 5
MAX_DEPTH = 64  # element nesting; the V2G schemas need fewer than 20 levels
MAX_UNSIGNED_GROUPS = 160  # 1120 bits for unbounded xs:integer/nonNegativeInteger values


@dataclass(frozen=True, slots=True)
class Datatype:
    kind: str
    lo: int | None
    hi: int | None
    bits: int
    enum_cls: type[enum.Enum] | None
    binary: str
    min_len: int | None
    max_len: int | None
    name: str
    members: tuple[enum.Enum, ...]
    groups: int  # most 7-bit groups an unsigned magnitude may take
    empty: str | bytes | None  # the value a second-level EE before the CH stands for; None: not allowed
    no_empty: str  # why this datatype has no empty value ("" when it has one)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    xml_name: str
    kind: str  # attr | elem | value | any
    repeated: bool
    optional: bool
    datatype: int
    substitution: bool
    namespace: str


@dataclass(frozen=True, slots=True)
class FragmentElement:
    """An element of an EXI fragment that is not a global element of its schema (or whose name is
    declared with several types): its qualified name and its content (an instance of its type's
    class, or a plain value for simple content)."""

    namespace: str
    name: str
    value: Any


class State:
    __slots__ = ("bits", "ee", "empty", "enc", "level2", "n", "prods")

    def __init__(self, prods: tuple[tuple[int, int, Any, int], ...]) -> None:
        self.prods = prods
        self.n = len(prods)
        self.bits = bits_for(self.n + 1)
        self.enc: dict[object, tuple[int, tuple[int, int, Any, int]]] = {}
        self.ee = -1
        self.empty = -1  # the code of the typed CH a second-level EE leaves empty (no first-level EE)
        self.level2: tuple[str, ...] = ()
        for code, prod in enumerate(prods):
            kind, f, arg, _target = prod
            if kind == EE:
                self.ee = code
                continue
            key: object
            if kind == AT:
                key = ("a", f)
            elif kind == SE:
                key = ("e", f, arg)
                self.enc.setdefault(("p", f), (code, prod))
            elif kind == CH:
                key = "c"
                self.empty = code
            elif kind == ANY:
                key = "w"
            else:
                key = "x"
            self.enc[key] = (code, prod)
        if self.ee >= 0:
            self.empty = -1


class TypeGrammar:
    __slots__ = ("any_field", "cls", "content", "fields", "index", "indexed_fields", "mixed", "positions",
                 "states")

    def __init__(self, index: int, row: tuple[Any, ...]) -> None:
        cls, content, fields, states, positions = row
        self.index = index
        self.cls: type = cls
        self.content: str = content
        self.fields = tuple(Field(*f) for f in fields)
        self.indexed_fields = tuple(enumerate(self.fields))
        self.any_field = next((i for i, f in enumerate(self.fields) if f.kind == "any"), -1)
        self.states = tuple(State(s) for s in states)
        self.mixed = any(p[0] == CHX for st in self.states for p in st.prods)
        self.positions: tuple[tuple[int, int | None, int, int, int], ...] = positions
        after_attribute: set[int] = set()
        for st in self.states:
            for kind, _f, _a, target in st.prods:
                if kind == AT:
                    after_attribute.update(positions[target][2:])
        for sid, st in enumerate(self.states):
            where = "first" if sid == 0 else ("start" if sid in after_attribute else "content")
            st.level2 = second_level(where, st.ee >= 0)


def second_level(kind: str, has_ee: bool) -> tuple[str, ...]:
    """The non-strict second-level productions of a state (8.5.4.4.1, in EXIficient's order)."""
    ee = () if has_ee else ("EE",)
    if kind == "first":
        return (*ee, "AT(xsi:type)", "AT(xsi:nil)", "AT(*)", "AT(*)[untyped]", "SE(*)", "CH[untyped]")
    if kind == "start":
        return (*ee, "AT(*)", "AT(*)[untyped]", "SE(*)", "CH[untyped]")
    return (*ee, "SE(*)", "CH[untyped]")


_SIMPLE_FIRST = second_level("first", False)
_SIMPLE_END = second_level("content", True)


class Element:
    __slots__ = ("abstract", "cls", "index", "local", "ref", "simple", "uri")

    def __init__(self, index: int, row: tuple[Any, ...]) -> None:
        self.index = index
        self.uri: str = row[0]
        self.local: str = row[1]
        self.simple: bool = row[2]
        self.ref: int = row[3]
        self.cls: type | None = row[4]
        self.abstract: bool = row[5]


class GrammarTables:
    """Runtime form of one schema set's generated tables."""

    def __init__(self, key: str, module: ModuleType) -> None:
        self.key = key
        self.datatypes = tuple(self._datatype(row) for row in module.DATATYPES)
        self.elements = tuple(Element(i, row) for i, row in enumerate(module.ELEMENTS))
        self.types = tuple(TypeGrammar(i, row) for i, row in enumerate(module.TYPES))
        self.globals: tuple[int, ...] = module.GLOBALS
        self.doc_bits = bits_for(len(self.globals) + 1)
        self.global_code = {eid: code for code, eid in enumerate(self.globals)}
        self.class_element: dict[type, int] = {}
        for el in self.elements:
            if el.cls is not None:
                self.class_element[el.cls] = el.index
        self.class_type: dict[type, int] = {t.cls: t.index for t in self.types}
        self.by_name: dict[str, int] = {}
        for eid in self.globals:
            self.by_name.setdefault(self.elements[eid].local, eid)
        self.fragment: tuple[tuple[str, str, int, tuple[int, ...]], ...] = module.FRAGMENT
        self.fragment_attributes: tuple[tuple[str, str, int], ...] = module.FRAGMENT_ATTRIBUTES
        self.fragment_bits = bits_for(len(self.fragment) + 2)
        self.fragment_code = {(row[0], row[1]): i for i, row in enumerate(self.fragment)}
        self.fragment_attr_code = {(row[0], row[1]): i for i, row in enumerate(self.fragment_attributes)}
        self.module_name = module.__name__
        self.uris: tuple[tuple[str, tuple[str, ...]], ...] = module.URIS
        self.global_by_qname = {(self.elements[e].uri, self.elements[e].local): e for e in self.globals}

    @staticmethod
    def _datatype(row: tuple[Any, ...]) -> Datatype:
        kind, lo, hi, bits, enum_cls, binary, min_len, max_len, name = row
        members = tuple(enum_cls) if enum_cls is not None else ()
        empty: str | bytes | None = None
        if kind in ("string", "binary") and not min_len:
            empty, no_empty = ("" if kind == "string" else b""), ""
        elif kind in ("string", "binary"):
            no_empty = f"{name} cannot be empty: its minLength is {min_len}"
        else:
            what = {"enum": "an enumeration", "boolean": "a boolean"}.get(kind, "a number")
            no_empty = f"{name} cannot be empty: it is {what}"
        if kind == "unsigned" and hi is not None:
            groups = max(1, (hi.bit_length() + 6) // 7)
        elif kind == "integer" and lo is not None and hi is not None:
            groups = max(1, (max(hi, -lo - 1).bit_length() + 6) // 7)
        else:
            groups = MAX_UNSIGNED_GROUPS
        return Datatype(kind, lo, hi, bits, enum_cls, binary, min_len, max_len, name, members, groups, empty,
                        no_empty)
