"""The pure-Python EXI engine: schema-informed, bit-packed, non-strict EXI 1.0 driven by the tables
that ``exi.codegen`` generates (``exi/<set>/generated_grammar.py``).

Layout of the tables (one module per schema set):
- ``DATATYPES``: value representations (EXI 7.1): string, enum, binary, boolean, nbit, unsigned,
  integer, with the facets an encoder checks.
- ``ELEMENTS``: every element declaration: (namespace, local name, simple?, datatype or type index,
  class of the global element or None, abstract element or type?).
- ``GLOBALS``: the global elements sorted by local name then namespace (document grammar, 8.5.1).
- ``TYPES``: per complex type: its class, content kind, fields, grammar states and positions.
  A state lists its first-level productions in event-code order; every element state of a
  non-strict grammar also has a second level, so its first part takes ceil(log2(n + 1)) bits.
  A production's target is a *position* (an attribute use, a typed CH, an element particle); the
  state after it depends on how often the position has been seen (low / mid / top count class).

Second-level events (xsi:type, xsi:nil, undeclared SE(*)/AT(*)/CH) are recognised and refused with
``ExiUnsupportedError``: the V2G peers never produce them and the C references reject them too. The one
exception is EE at the second level of a state whose typed CH comes next (8.5.4.4.1): EXIficient (Josev,
RISE V2G) ends an element with empty simple content that way instead of writing CH with a zero-length
value, so it decodes as that empty value ("" or b"") where the datatype allows length 0
(``Datatype.empty``), and is an ``ExiDecodeError`` naming the element and the reason where it does not.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from ._bits import BitReader, BitWriter
from ._builtin import AnyElement, decode_builtin, encode_builtin
from ._values import Strings, bits_for, read_string, read_unsigned, write_unsigned
from .errors import ExiDecodeError, ExiEncodeError, ExiError, ExiTruncatedError, ExiUnsupportedError

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


def _refuse_level2(r: BitReader, level2: tuple[str, ...], where: str) -> ExiError:
    at = r.pos
    return _level2_error(r.read(bits_for(len(level2))), level2, where, at)


def _level2_error(code: int, level2: tuple[str, ...], where: str, at: int) -> ExiError:
    if code >= len(level2):
        return ExiDecodeError(f"invalid second-level event code {code} in {where}", at)
    event = level2[code]
    return ExiUnsupportedError(f"second-level event {event} in {where}: not produced by V2G peers and "
                               "refused like the C references do", at)


def _level2_empty(r: BitReader, level2: tuple[str, ...], where: str, dt: Datatype) -> str | bytes:
    """A second-level event where a typed CH is next and EE is not first level: EE (code 0, how
    EXIficient ends an element with empty simple content) is the empty value, the rest are refused."""
    at = r.pos
    code = r.read(bits_for(len(level2)))
    if code != 0:
        raise _level2_error(code, level2, where, at)
    if dt.empty is None:
        raise ExiDecodeError(f"{where} ends without a value (second-level EE), but {dt.no_empty}", at)
    return dt.empty


class _Enc:
    """Per-stream encoder state: facet checking and the string table (qnames, built-in grammars)."""

    __slots__ = ("chk", "st")

    def __init__(self, chk: bool, st: Strings) -> None:
        self.chk = chk
        self.st = st


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


class Grammar:
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

    # ------------------------------------------------------------------ decoding
    def decode_document(self, data: bytes) -> tuple[object, int]:
        """Decode a whole EXI document; returns (root element object, bits used)."""
        r = BitReader(data)
        _read_header(r)
        code = r.read(self.doc_bits)
        if code >= len(self.globals):
            if code == len(self.globals):
                raise ExiUnsupportedError("document root is an undeclared element (SE(*))", r.pos)
            raise ExiDecodeError(f"invalid document event code {code}", r.pos)
        eid = self.globals[code]
        obj = self.decode_element(r, eid, Strings(self.uris), 0, as_element=True)
        return obj, r.pos

    def decode_element(self, r: BitReader, eid: int, st: Strings, depth: int, as_element: bool) -> object:
        if depth > MAX_DEPTH:
            raise ExiDecodeError("elements nested too deeply", r.pos)
        el = self.elements[eid]
        if el.simple:
            if r.read(1):
                value = _level2_empty(r, _SIMPLE_FIRST, el.local, self.datatypes[el.ref])
            else:
                value = self.decode_value(r, self.datatypes[el.ref], st, (el.uri, el.local))
                if r.read(1):
                    raise _refuse_level2(r, _SIMPLE_END, el.local)
            if as_element and el.cls is not None:
                return el.cls(value=value)
            return value
        cls = el.cls if (as_element and el.cls is not None) else None
        return self.decode_complex(r, el.ref, st, depth, cls, el)

    def decode_complex(self, r: BitReader, tid: int, st: Strings, depth: int, cls: type | None,
                       el: Element) -> object:
        t = self.types[tid]
        fields = t.fields
        values: list[Any] = [None] * len(fields)
        for i, f in enumerate(fields):
            if f.repeated:
                values[i] = []
        states = t.states
        positions = t.positions
        state = states[0]
        cur = -1
        count = 0
        seq: list[int] | None = [] if t.any_field >= 0 else None
        while True:
            code = r.read(state.bits)
            if code >= state.n:
                if code == state.n and state.empty >= 0:  # no first-level EE, a typed CH next
                    fidx = state.prods[state.empty][1]
                    dt = self.datatypes[fields[fidx].datatype]
                    values[fidx] = _level2_empty(r, state.level2, el.local, dt)
                    break
                if code == state.n:
                    raise _refuse_level2(r, state.level2, el.local)
                raise ExiDecodeError(f"invalid event code {code} in {el.local}", r.pos)
            kind, fidx, arg, target = state.prods[code]
            if kind == EE:
                break
            if kind == SE:
                f = fields[fidx]
                value = self.decode_element(r, arg, st, depth + 1, f.substitution)
            elif kind in (AT, CH):
                f = fields[fidx]
                qn = (el.uri, el.local) if kind == CH else (
                    self._attr_qname(t, fidx, el))
                value = self.decode_value(r, self.datatypes[f.datatype], st, qn)
            elif kind == CHX:
                any_field = t.any_field
                if any_field < 0:
                    raise ExiUnsupportedError(f"mixed character content in {el.local}", r.pos)
                values[any_field].append(read_string(r, st, (el.uri, el.local)))
                if seq is not None:
                    seq.append(any_field)
                state = states[target]
                continue
            else:
                f = fields[fidx]
                value = self._decode_wildcard(r, st, depth, el)
            if f.repeated:
                values[fidx].append(value)
            else:
                values[fidx] = value
            if seq is not None and kind != AT:
                seq.append(fidx)
            pos = positions[target]
            if target == cur and (pos[1] is None or count < pos[1]):
                count += 1
            else:
                cur = target
                count = 1
            lo, hi, s_low, s_mid, s_top = pos
            if count < lo:
                state = states[s_low]
            elif hi is None or count < hi:
                state = states[s_mid]
            else:
                state = states[s_top]
        kwargs: dict[str, Any] = {}
        if seq is not None and seq != sorted(seq):
            kwargs["order_"] = tuple(seq)
        for f, v in zip(fields, values, strict=True):
            if f.repeated:
                kwargs[f.name] = tuple(v)
            elif v is not None:
                kwargs[f.name] = v
        target_cls = cls if cls is not None else t.cls
        return target_cls(**kwargs)

    def _decode_wildcard(self, r: BitReader, st: Strings, depth: int, el: Element) -> object:
        """SE(*) of a wildcard (xs:any): the qname, then the content in the grammar of the global
        element of that name, or a built-in element grammar (8.4.3) for an undeclared name."""
        qn = st.read_qname(r)
        return self._decode_named(r, qn, depth + 1, st)

    def _decode_named(self, r: BitReader, qn: tuple[str, str], depth: int, st: Strings) -> object:
        eid = self.global_by_qname.get(qn)
        if eid is None:  # undeclared: built-in element grammar (8.4.3)
            return decode_builtin(r, st, qn, depth, lambda r2, q, d: self._decode_named(r2, q, d, st))
        return self.decode_element(r, eid, st, depth, as_element=True)

    def _qname_of(self, item: object) -> tuple[str, str] | None:
        eid = self.class_element.get(type(item))
        if eid is None or eid not in self.global_code:
            return None
        return (self.elements[eid].uri, self.elements[eid].local)

    def _encode_global(self, w: BitWriter, item: object, path: str, depth: int, ctx: _Enc) -> None:
        eid = self.class_element[type(item)]
        self.encode_element(w, eid, item, path, depth, ctx)

    @staticmethod
    def _attr_qname(t: TypeGrammar, fidx: int, el: Element) -> tuple[str, str]:
        return ("", t.fields[fidx].xml_name)

    def decode_value(self, r: BitReader, dt: Datatype, st: Strings, qn: tuple[str, str]) -> Any:
        kind = dt.kind
        if kind == "nbit":
            # the n bits may hold values above the max facet; peers send them (public vector #135)
            return r.read(dt.bits) + (dt.lo or 0)
        if kind == "enum":
            i = r.read(dt.bits)
            if i >= len(dt.members):
                raise ExiDecodeError(f"{dt.name} enumeration index {i} out of range", r.pos)
            return dt.members[i]
        if kind == "boolean":
            return bool(r.read(1))
        if kind == "unsigned":
            v = read_unsigned(r, dt.groups)
            if dt.hi is not None and v > dt.hi:
                raise ExiDecodeError(f"{dt.name} value {v} above {dt.hi}", r.pos)
            if dt.lo is not None and v < dt.lo:
                raise ExiDecodeError(f"{dt.name} value {v} below {dt.lo}", r.pos)
            return v
        if kind == "integer":
            neg = r.read(1)
            mag = read_unsigned(r, dt.groups)
            v = -(mag + 1) if neg else mag
            if (dt.hi is not None and v > dt.hi) or (dt.lo is not None and v < dt.lo):
                raise ExiDecodeError(f"{dt.name} value {v} out of range", r.pos)
            return v
        if kind == "binary":
            n = read_unsigned(r, 10)
            return r.read_bytes(n)
        if kind == "string":
            return read_string(r, st, qn)
        raise ExiDecodeError(f"unknown datatype {kind}", r.pos)

    # ------------------------------------------------------------------ fragments (8.5.2, 8.5.3)
    def decode_fragment(self, data: bytes) -> tuple[list[object], int]:
        r = BitReader(data)
        _read_header(r)
        st = Strings(self.uris)
        n = len(self.fragment)
        out: list[object] = []
        while True:
            code = r.read(self.fragment_bits)
            if code == n + 1:
                return out, r.pos
            if code == n:
                raise ExiUnsupportedError("undeclared element (SE(*)) in a fragment", r.pos)
            if code > n + 1:
                raise ExiDecodeError(f"invalid fragment event code {code}", r.pos)
            if len(out) >= 1024:
                raise ExiDecodeError("too many elements in a fragment", r.pos)
            out.append(self._decode_fragment_element(r, code, st, 0))

    def _decode_fragment_element(self, r: BitReader, code: int, st: Strings, depth: int) -> object:
        uri, local, eid, alts = self.fragment[code]
        if eid >= 0:
            el = self.elements[eid]
            value = self.decode_element(r, eid, st, depth, as_element=True)
            if el.cls is not None:
                return value
            return FragmentElement(uri, local, value)
        return FragmentElement(uri, local, self._decode_relaxed(r, code, alts, st, depth))

    def _decode_relaxed(self, r: BitReader, code: int, alts: tuple[int, ...], st: Strings,
                        depth: int) -> object:
        """The schema-informed element fragment grammar (8.5.3) of a qname declared with several
        types: any declared attribute, then untyped character content (child elements refused)."""
        if depth > MAX_DEPTH:
            raise ExiDecodeError("elements nested too deeply", r.pos)
        na = len(self.fragment_attributes)
        m = len(self.fragment)
        bits0 = bits_for(na + m + 4)
        bits1 = bits_for(m + 3)
        qn = self.fragment[code][:2]
        attrs: dict[tuple[str, str], Any] = {}
        text: list[str] = []
        first = True
        while True:
            if first:
                c = r.read(bits0)
                if c < na:
                    auri, alocal, dt = self.fragment_attributes[c]
                    if (auri, alocal) in attrs:
                        raise ExiDecodeError(f"attribute {alocal} twice", r.pos)
                    attrs[(auri, alocal)] = (self.decode_value(r, self.datatypes[dt], st, (auri, alocal))
                                             if dt >= 0 else read_string(r, st, (auri, alocal)))
                    continue
                if c == na:
                    raise ExiUnsupportedError("undeclared attribute (AT(*))", r.pos)
                c -= na + 1
            else:
                c = r.read(bits1)
            if c < m:
                raise ExiUnsupportedError("child elements in a relaxed element fragment grammar", r.pos)
            if c == m:
                raise ExiUnsupportedError("undeclared element (SE(*))", r.pos)
            if c == m + 1:
                break
            if c == m + 2:
                text.append(read_string(r, st, (qn[0], qn[1])))
                first = False
                continue
            raise ExiDecodeError(f"invalid event code {c}", r.pos)
        return self._relaxed_value(alts, attrs, "".join(text), r.pos)

    def _relaxed_value(self, alts: tuple[int, ...], attrs: dict[tuple[str, str], Any], text: str,
                       bit: int) -> object:
        for eid in alts:
            el = self.elements[eid]
            if el.simple:
                if not attrs and self.datatypes[el.ref].kind == "string":
                    return text
                continue
            t = self.types[el.ref]
            if t.content != "simple":
                continue
            afields = {(f.namespace, f.xml_name): f for f in t.fields if f.kind == "attr"}
            vfield = next(f for f in t.fields if f.kind == "value")
            if self.datatypes[vfield.datatype].kind != "string" or not set(attrs) <= set(afields):
                continue
            if any(not f.optional and k not in attrs for k, f in afields.items()):
                continue
            kwargs = {afields[k].name: v for k, v in attrs.items()}
            return t.cls(value=text, **kwargs)
        raise ExiDecodeError("element content matches none of its declarations", bit)

    def encode_fragment(self, elements: list[object], check_facets: bool = True) -> bytes:
        ctx = _Enc(check_facets, Strings(self.uris))
        w = BitWriter()
        w.write(0x80, 8)
        for obj in elements:
            if isinstance(obj, FragmentElement):
                code = self.fragment_code.get((obj.namespace, obj.name))
                value = obj.value
            else:
                eid = self.class_element.get(type(obj))
                code = None if eid is None else self.fragment_code.get(
                    (self.elements[eid].uri, self.elements[eid].local))
                value = obj
            if code is None:
                raise ExiEncodeError(f"{type(obj).__name__} is not an element of {self.key}")
            w.write(code, self.fragment_bits)
            _uri, local, eid, _alts = self.fragment[code]
            if eid >= 0:
                self.encode_element(w, eid, value, local, 0, ctx)
            else:
                self._encode_relaxed(w, code, value, local)
        w.write(len(self.fragment) + 1, self.fragment_bits)
        return w.getvalue()

    def _encode_relaxed(self, w: BitWriter, code: int, value: object, path: str) -> None:
        na = len(self.fragment_attributes)
        m = len(self.fragment)
        bits0 = bits_for(na + m + 4)
        bits1 = bits_for(m + 3)
        if isinstance(value, str):
            text = value
        else:
            tid = self.class_type.get(type(value))
            t = self.types[tid] if tid is not None else None
            alts = self.fragment[code][3]
            if t is None or t.content != "simple" or not any(
                    not self.elements[e].simple and self.elements[e].ref == t.index for e in alts):
                raise ExiEncodeError(f"{path}: {type(value).__name__} is not a type of this element")
            codes = []
            for f in t.fields:
                if f.kind == "attr" and getattr(value, f.name) is not None:
                    codes.append((self.fragment_attr_code[(f.namespace, f.xml_name)], f))
            for c, f in sorted(codes, key=lambda x: x[0]):
                w.write(c, bits0)
                dt = self.fragment_attributes[c][2]
                v = getattr(value, f.name)
                if dt >= 0:
                    self.encode_value(w, self.datatypes[dt], v, f"{path}.{f.name}", True)
                else:
                    self.encode_value(w, _UNTYPED, str(v), f"{path}.{f.name}", True)
            text = getattr(value, "value")  # noqa: B009
            if not isinstance(text, str):
                raise ExiEncodeError(f"{path}: only string content is supported here")
        if text:
            w.write(na + m + 3, bits0)
            self.encode_value(w, _UNTYPED, text, path, True)
            w.write(m + 1, bits1)
        else:
            w.write(na + m + 2, bits0)

    # ------------------------------------------------------------------ encoding
    def encode_document(self, obj: object, check_facets: bool = True) -> bytes:
        eid = self.class_element.get(type(obj))
        if eid is None or eid not in self.global_code:
            raise ExiEncodeError(f"{type(obj).__name__} is not a global element of {self.key}")
        w = BitWriter()
        w.write(0x80, 8)
        w.write(self.global_code[eid], self.doc_bits)
        self.encode_element(w, eid, obj, type(obj).__name__, 0, _Enc(check_facets, Strings(self.uris)))
        return w.getvalue()

    def encode_element(self, w: BitWriter, eid: int, obj: object, path: str, depth: int, ctx: _Enc) -> None:
        if depth > MAX_DEPTH:
            raise ExiEncodeError(f"{path}: elements nested too deeply")
        el = self.elements[eid]
        if el.simple:
            if el.cls is not None and isinstance(obj, el.cls):
                obj = obj.value  # type: ignore[attr-defined]
            w.write(0, 1)
            self.encode_value(w, self.datatypes[el.ref], obj, path, ctx.chk)
            w.write(0, 1)
            return
        self.encode_complex(w, el.ref, obj, path, depth, ctx)

    def encode_complex(self, w: BitWriter, tid: int, obj: object, path: str, depth: int, ctx: _Enc) -> None:
        t = self.types[tid]
        if not isinstance(obj, t.cls):
            raise ExiEncodeError(f"{path}: expected {t.cls.__module__}.{t.cls.__qualname__}, got "
                                 f"{type(obj).__module__}.{type(obj).__qualname__}")
        chk = ctx.chk
        states = t.states
        positions = t.positions
        state = states[0]
        cur = -1
        count = 0
        for fidx, f, item in self._content_items(t, obj, path):
            if f.kind == "any":
                if isinstance(item, str):
                    hit = state.enc.get("x")
                    if hit is None:
                        raise ExiEncodeError(f"{path}: character content not allowed here")
                    w.write(hit[0], state.bits)
                    self.encode_value(w, _UNTYPED, item, f"{path}.{f.name}", chk)
                    state = states[hit[1][3]]
                    continue
                hit = state.enc.get("w")
                sub = self.class_element.get(type(item))
                if hit is None or ((sub is None or sub not in self.global_code)
                                   and not isinstance(item, AnyElement)):
                    raise ExiEncodeError(f"{path}.{f.name}: {type(item).__name__} not allowed here "
                                         "(wildcard content is a global element or an AnyElement)")
                code, (_kind, _f, _arg, target) = hit
                w.write(code, state.bits)
                if isinstance(item, AnyElement):
                    if (item.namespace, item.name) in self.global_by_qname:
                        raise ExiEncodeError(f"{path}.{f.name}: {item.name} is declared; use its class")
                    ctx.st.write_qname(w, item.namespace, item.name)
                    encode_builtin(w, ctx.st, item, depth + 1, self._qname_of,
                                   lambda w2, x, d: self._encode_global(w2, x, path, d, ctx))
                else:
                    assert sub is not None
                    sel = self.elements[sub]
                    ctx.st.write_qname(w, sel.uri, sel.local)
                    self.encode_element(w, sub, item, f"{path}.{f.name}", depth + 1, ctx)
            else:
                key: object
                if f.kind == "attr":
                    key = ("a", fidx)
                elif f.kind == "value":
                    key = "c"
                elif f.substitution:
                    sub = self.class_element.get(type(item))
                    if sub is None:
                        # an instance of the type itself stands for the referenced element
                        # when exactly one candidate element has that very type
                        sub = self._element_of_type(t, fidx, type(item), path)
                    key = ("e", fidx, sub)
                else:
                    key = ("p", fidx)
                hit = state.enc.get(key)
                if hit is None:
                    raise ExiEncodeError(f"{path}.{f.name}: not allowed here (order, count or choice)")
                code, (kind, _f, arg, target) = hit
                w.write(code, state.bits)
                sub_path = f"{path}.{f.name}"
                if kind == SE:
                    self.encode_element(w, arg, item, sub_path, depth + 1, ctx)
                else:
                    self.encode_value(w, self.datatypes[f.datatype], item, sub_path, chk)
            pos = positions[target]
            if target == cur and (pos[1] is None or count < pos[1]):
                count += 1
            else:
                cur = target
                count = 1
            lo, hi, s_low, s_mid, s_top = pos
            if count < lo:
                state = states[s_low]
            elif hi is None or count < hi:
                state = states[s_mid]
            else:
                state = states[s_top]
        if state.ee < 0:
            missing = [p for p in state.prods if p[0] in (SE, AT, CH)]
            names = sorted({t.fields[p[1]].name for p in missing})
            raise ExiEncodeError(f"{path}: missing required content ({', '.join(names)})")
        w.write(state.ee, state.bits)

    @staticmethod
    def _content_items(t: TypeGrammar, obj: object, path: str) -> Iterator[tuple[int, Field, Any]]:
        """The attributes and content items of an instance in emission order: field order, or for
        types with wildcard content the recorded stream order ``order_`` when there is one."""
        order: tuple[int, ...] = getattr(obj, "order_", ()) if t.any_field >= 0 else ()
        if not order:
            return _field_order_items(t, obj, path)
        items: list[tuple[int, Field, Any]] = []
        queues: dict[int, list[Any]] = {}
        for fidx, f in enumerate(t.fields):
            v = getattr(obj, f.name)
            if v is None:
                continue
            if f.repeated or f.kind == "any":
                if not isinstance(v, (tuple, list)):
                    raise ExiEncodeError(f"{path}.{f.name}: expected a tuple")
                vals = list(v)
            else:
                vals = [v]
            if f.kind != "attr":
                queues[fidx] = vals
            else:
                items.extend((fidx, f, x) for x in vals)
        for fidx in order:
            q = queues.get(fidx) if isinstance(fidx, int) else None  # order_ may come from a user
            if not q:
                raise ExiEncodeError(f"{path}.order_: does not match the content")
            items.append((fidx, t.fields[fidx], q.pop(0)))
        if any(queues.values()):
            raise ExiEncodeError(f"{path}.order_: leaves content out")
        return iter(items)

    def _element_of_type(self, t: TypeGrammar, fidx: int, cls: type, path: str) -> int:
        found = {arg for st in t.states for kind, f, arg, _t in st.prods
                 if kind == SE and f == fidx and not self.elements[arg].simple
                 and self.types[self.elements[arg].ref].cls is cls}
        if len(found) != 1:
            raise ExiEncodeError(f"{path}.{t.fields[fidx].name}: a {cls.__name__} does not say which element "
                                 "it is; use the element's class")
        eid: int = found.pop()
        return eid

    def encode_value(self, w: BitWriter, dt: Datatype, v: Any, path: str, chk: bool) -> None:
        kind = dt.kind
        if kind == "enum":
            if not isinstance(v, enum.Enum) or dt.enum_cls is None or not isinstance(v, dt.enum_cls):
                try:
                    v = dt.enum_cls(v) if dt.enum_cls is not None else v
                except ValueError:
                    raise ExiEncodeError(f"{path}: {v!r} is not a {dt.name} value") from None
            w.write(dt.members.index(v), dt.bits)
            return
        if kind == "boolean":
            if not isinstance(v, bool):
                raise ExiEncodeError(f"{path}: expected a bool")
            w.write(1 if v else 0, 1)
            return
        if kind in ("nbit", "unsigned", "integer"):
            if not isinstance(v, int) or isinstance(v, bool):
                raise ExiEncodeError(f"{path}: expected an int")
            hi = dt.hi
            if kind == "nbit" and not chk:
                hi = (dt.lo or 0) + (1 << dt.bits) - 1
            if (dt.lo is not None and v < dt.lo) or (hi is not None and v > hi):
                raise ExiEncodeError(f"{path}: {v} outside {dt.name} range [{dt.lo}, {hi}]")
            if kind == "nbit":
                w.write(v - (dt.lo or 0), dt.bits)
            elif kind == "unsigned":
                write_unsigned(w, v)
            elif v < 0:
                w.write(1, 1)
                write_unsigned(w, -v - 1)
            else:
                w.write(0, 1)
                write_unsigned(w, v)
            return
        if kind == "binary":
            if not isinstance(v, (bytes, bytearray)):
                raise ExiEncodeError(f"{path}: expected bytes")
            if chk:
                _check_len(dt, len(v), path)
            write_unsigned(w, len(v))
            w.write_bytes(bytes(v))
            return
        if kind == "string":
            if not isinstance(v, str):
                raise ExiEncodeError(f"{path}: expected a str")
            if chk:
                _check_len(dt, len(v), path)
            write_unsigned(w, len(v) + 2)
            if v.isascii():
                w.write_bytes(v.encode("ascii"))
                return
            for ch in v:
                write_unsigned(w, ord(ch))
            return
        raise ExiEncodeError(f"{path}: unknown datatype {kind}")

def _field_order_items(t: TypeGrammar, obj: object, path: str) -> Iterator[tuple[int, Field, Any]]:
    for fidx, f in t.indexed_fields:
        v = getattr(obj, f.name)
        if v is None:
            continue
        if f.repeated or f.kind == "any":
            if not isinstance(v, (tuple, list)):
                raise ExiEncodeError(f"{path}.{f.name}: expected a tuple")
            for x in v:
                yield fidx, f, x
        else:
            yield fidx, f, v


_UNTYPED = Datatype("string", None, None, 0, None, "", None, None, "untyped", (), 0, "", "")


def _check_len(dt: Datatype, n: int, path: str) -> None:
    if dt.max_len is not None and n > dt.max_len:
        raise ExiEncodeError(f"{path}: length {n} above maxLength {dt.max_len} of {dt.name}")
    if dt.min_len is not None and n < dt.min_len:
        raise ExiEncodeError(f"{path}: length {n} below minLength {dt.min_len} of {dt.name}")


def _read_header(r: BitReader) -> None:
    if r.remaining() < 8:
        raise ExiTruncatedError("no EXI header", 0)
    if r.data[:4] == b"$EXI":
        raise ExiUnsupportedError("EXI cookie: V2G streams start with the header byte 0x80", 0)
    b = r.read(8)
    if b >> 6 != 0b10:
        raise ExiDecodeError(f"not an EXI stream (header byte {b:#04x})", 0)
    if b & 0x20:
        raise ExiUnsupportedError("EXI options in the header: V2G agrees them out of band", 2)
    if b & 0x1F:
        raise ExiUnsupportedError(f"EXI version {b & 0x1F} (preview/version bits) is not 1.0", 3)


__all__ = ["ExiError", "Grammar"]
