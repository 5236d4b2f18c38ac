"""From the schema model to EXI grammar tables (EXI 1.0 section 8.5, non-strict, schema-informed).

The element grammars are built as position automata: every attribute use, typed character event and
element particle of a type's effective content model is a *position*; a grammar state is "at the
start" or "after position p, having seen it c times"; its first-level productions are the positions
that may come next (the follow set) plus EE when the content may end there. Event codes are assigned
in EXI order (8.5.4.3): AT(qname) sorted by qname, SE(qname) in schema order (substitution groups
expanded and sorted by local name then URI, abstract heads included), SE(uri:*), SE(*), EE, CH.
Occurrence bounds of element particles are counters (a count class per state), never unrolled.
"""

from __future__ import annotations

import keyword
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from .xsd import XS, ComplexTypeDef, ElementDecl, Particle, QName, Schema, SchemaError, SimpleTypeDef

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


# --- regular-expression nodes for the position automaton -------------------------------------------


@dataclass
class _Node:
    kind: str  # pos | seq | alt | star | opt
    pos: int = -1
    kids: list[_Node] = field(default_factory=list)


@dataclass
class _Glushkov:
    nullable: bool
    first: set[int]
    last: set[int]


def _analyse(node: _Node, follow: dict[int, set[int]]) -> _Glushkov:
    if node.kind == "pos":
        return _Glushkov(False, {node.pos}, {node.pos})
    if node.kind == "seq":
        acc = _Glushkov(True, set(), set())
        for kid in node.kids:
            g = _analyse(kid, follow)
            for p in acc.last:
                follow[p] |= g.first
            first = acc.first | g.first if acc.nullable else acc.first
            last = acc.last | g.last if g.nullable else g.last
            acc = _Glushkov(acc.nullable and g.nullable, first, last)
        return acc
    if node.kind == "alt":
        acc = _Glushkov(False, set(), set())
        if not node.kids:
            return _Glushkov(True, set(), set())
        for kid in node.kids:
            g = _analyse(kid, follow)
            acc = _Glushkov(acc.nullable or g.nullable, acc.first | g.first, acc.last | g.last)
        return acc
    if node.kind in ("star", "opt"):
        g = _analyse(node.kids[0], follow)
        if node.kind == "star":
            for p in g.last:
                follow[p] |= g.first
        return _Glushkov(True, g.first, g.last)
    raise AssertionError(node.kind)


# --- the builder ----------------------------------------------------------------------------------


class GrammarBuilder:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.datatypes: list[Datatype] = []
        self._dt_index: dict[Datatype, int] = {}
        self.enums: dict[str, tuple[str, ...]] = {}  # class name -> values
        self.enum_namespace: dict[str, str | None] = {}  # class name -> namespace (None: anonymous)
        self._enum_owner: dict[int, str] = {}
        self.types: list[TypeGrammar] = []
        self.type_namespace: list[str] = []  # per type: the namespace it is declared in
        self._type_index: dict[int, int] = {}  # id(ComplexTypeDef) -> type id
        self.elements: list[ElementInfo] = []
        self._elem_index: dict[int, int] = {}  # id(ElementDecl) -> element id
        self._class_names: set[str] = set()
        self.substitutes: dict[QName, list[QName]] = {}
        for decl in schema.elements.values():
            if decl.substitution_group is not None:
                self.substitutes.setdefault(decl.substitution_group, []).append(decl.name)
        self._pending: list[tuple[ComplexTypeDef, int]] = []
        self._all_attrs: dict[QName, set[int]] = {}
        self.globals: list[int] = []
        for qn in sorted(schema.elements, key=lambda q: (q[1], q[0])):
            self.globals.append(self.element_id(schema.elements[qn]))
        # every named complex type gets a class and a grammar, reachable or not: their local
        # element declarations belong to the fragment grammar (8.5.2) too
        for qn in sorted(schema.complex_types, key=lambda q: (q[1], q[0])):
            self.type_id(schema.complex_types[qn])
        while self._pending:
            ct, tid = self._pending.pop(0)
            self._build_type(ct, tid)
        self._fragment_tables()

    def _string_tables(self) -> None:
        """Initial URI and local-name partitions of the string table (EXI 7.3.1, Appendix D):
        the fixed entries, then every namespace of the schema sorted, and per namespace the local
        names of its element and attribute declarations and named types, sorted."""
        names: dict[str, set[str]] = {}
        for el in self.elements:
            names.setdefault(el.qname[0], set()).add(el.qname[1])
        for qn in self._all_attrs:
            names.setdefault(qn[0], set()).add(qn[1])
        for qn in list(self.schema.complex_types) + list(self.schema.simple_types):
            names.setdefault(qn[0], set()).add(qn[1])
        fixed = [("", ()), (XML_NS, ("base", "id", "lang", "space")), (XSI_NS, ("nil", "type")),
                 (XS, XSD_TYPES)]
        self.uris: list[str] = [u for u, _ in fixed]
        self.local_names: list[tuple[str, ...]] = [tuple(n) for _, n in fixed]
        self.local_names[0] = tuple(sorted(names.pop("", set())))
        for uri in sorted(names):
            if uri in self.uris:
                continue
            self.uris.append(uri)
            self.local_names.append(tuple(sorted(names[uri])))

    def _fragment_tables(self) -> None:
        """The fragment grammar (8.5.2): every element qname, global or local, sorted; a qname
        declared with different types gets the relaxed element fragment grammar (8.5.3), which
        uses every attribute qname of the schema (typed when all its declarations agree)."""
        groups: dict[QName, list[int]] = {}
        for el in self.elements:
            groups.setdefault(el.qname, []).append(el.id)
        self.fragment: list[tuple[str, str, int, tuple[int, ...]]] = []
        for qn in sorted(groups, key=lambda q: (q[1], q[0])):
            eids = groups[qn]
            kinds = {(self.elements[e].simple, self.elements[e].ref, self.elements[e].nillable)
                     for e in eids}
            if len(kinds) == 1:
                self.fragment.append((qn[0], qn[1], eids[0], ()))
            else:
                distinct: list[int] = []
                seen: set[tuple[bool, int, bool]] = set()
                for e in eids:
                    k = (self.elements[e].simple, self.elements[e].ref, self.elements[e].nillable)
                    if k not in seen:
                        seen.add(k)
                        distinct.append(e)
                self.fragment.append((qn[0], qn[1], -1, tuple(distinct)))
        self._string_tables()
        self.fragment_attributes: list[tuple[str, str, int]] = []
        for qn in sorted(self._all_attrs, key=lambda q: (q[1], q[0])):
            dts = self._all_attrs[qn]
            self.fragment_attributes.append((qn[0], qn[1], next(iter(dts)) if len(dts) == 1 else -1))

    # names ---------------------------------------------------------------------------------------
    def _unique(self, name: str) -> str:
        base = _identifier(name)
        cand = base
        n = 2
        while cand in self._class_names:
            cand = f"{base}_{n}"
            n += 1
        self._class_names.add(cand)
        return cand

    # datatypes -----------------------------------------------------------------------------------
    def _dt(self, dt: Datatype) -> int:
        if dt not in self._dt_index:
            self._dt_index[dt] = len(self.datatypes)
            self.datatypes.append(dt)
        return self._dt_index[dt]

    def simple_type_ref(self, ref: QName | SimpleTypeDef | None) -> SimpleTypeDef | str:
        """A user simple type definition, or the local name of an XSD built-in type."""
        if ref is None:
            return "anySimpleType"
        if isinstance(ref, SimpleTypeDef):
            return ref
        if ref[0] == XS:
            return ref[1]
        if ref in self.schema.simple_types:
            return self.schema.simple_types[ref]
        raise SchemaError(f"unknown simple type {ref}")

    def datatype(self, ref: QName | SimpleTypeDef | None) -> int:
        facets: dict[str, object] = {}
        enum_owner: SimpleTypeDef | None = None
        cur = self.simple_type_ref(ref)
        name = cur if isinstance(cur, str) else (cur.name[1] if cur.name else "")
        while isinstance(cur, SimpleTypeDef):
            if cur.variety == "list":
                raise SchemaError("list types are not used by the V2G schemas")
            for k, v in cur.facets.items():
                if k == "enumeration":
                    if enum_owner is None:
                        enum_owner = cur
                        facets[k] = v
                elif k in ("minInclusive", "minExclusive", "minLength"):
                    old = facets.get(k)
                    facets[k] = v if old is None else max(int(old), int(str(v)))  # type: ignore[call-overload]
                elif k in ("maxInclusive", "maxExclusive", "maxLength"):
                    old = facets.get(k)
                    facets[k] = v if old is None else min(int(old), int(str(v)))  # type: ignore[call-overload]
                else:
                    facets.setdefault(k, v)
            cur = cur.base_inline if cur.base_inline is not None else self.simple_type_ref(cur.base)
        builtin = cur
        if not isinstance(ref, (SimpleTypeDef, tuple)) or (isinstance(ref, tuple) and ref[0] == XS):
            name = builtin
        lo_len = facets.get("minLength", facets.get("length"))
        hi_len = facets.get("maxLength", facets.get("length"))
        min_len = int(str(lo_len)) if lo_len is not None else None
        max_len = int(str(hi_len)) if hi_len is not None else None
        if "enumeration" in facets:
            values = tuple(str(v) for v in facets["enumeration"])  # type: ignore[attr-defined]
            assert enum_owner is not None
            ename = self._enum_name(enum_owner, values)
            return self._dt(Datatype("enum", bits=bits_for(len(values)), values=values, enum_name=ename,
                                     name=name))
        if builtin in _STRINGS:
            return self._dt(Datatype("string", min_len=min_len, max_len=max_len, name=name))
        if builtin in ("hexBinary", "base64Binary"):
            return self._dt(Datatype("binary", binary="hex" if builtin == "hexBinary" else "base64",
                                     min_len=min_len, max_len=max_len, name=name))
        if builtin == "boolean":
            return self._dt(Datatype("boolean", name=name))
        if builtin in _INT_BOUNDS:
            lo, hi = _INT_BOUNDS[builtin]
            if "minInclusive" in facets:
                v = int(str(facets["minInclusive"]))
                lo = max(lo, v) if lo is not None else v
            if "minExclusive" in facets:
                v = int(str(facets["minExclusive"])) + 1
                lo = max(lo, v) if lo is not None else v
            if "maxInclusive" in facets:
                v = int(str(facets["maxInclusive"]))
                hi = min(hi, v) if hi is not None else v
            if "maxExclusive" in facets:
                v = int(str(facets["maxExclusive"])) - 1
                hi = min(hi, v) if hi is not None else v
            if lo is not None and hi is not None and hi - lo + 1 <= 4096:
                return self._dt(Datatype("nbit", lo=lo, hi=hi, bits=bits_for(hi - lo + 1), name=name))
            if lo is not None and lo >= 0:
                return self._dt(Datatype("unsigned", lo=lo, hi=hi, name=name))
            return self._dt(Datatype("integer", lo=lo, hi=hi, name=name))
        raise SchemaError(f"built-in type xs:{builtin} is not supported")

    def _enum_name(self, owner: SimpleTypeDef, values: tuple[str, ...]) -> str:
        known = self._enum_owner.get(id(owner))
        if known is not None:
            return known
        base = owner.name[1] if owner.name else "Enum"
        name = self._unique(base)
        self.enums[name] = values
        self.enum_namespace[name] = owner.name[0] if owner.name else None
        self._enum_owner[id(owner)] = name
        return name

    # elements and types --------------------------------------------------------------------------
    def element_id(self, decl: ElementDecl) -> int:
        key = id(decl)
        if key in self._elem_index:
            return self._elem_index[key]
        eid = len(self.elements)
        self._elem_index[key] = eid
        info = ElementInfo(eid, decl.name, decl.is_global, True, -1, decl.abstract, decl.nillable)
        self.elements.append(info)
        typ = decl.type
        if decl.is_global:
            info.class_name = self._unique(decl.name[1])
        ct = self._complex(typ)
        if ct is not None:
            info.simple = False
            hint = info.class_name if (decl.is_global and ct.name is None) else None
            info.ref = self.type_id(ct, hint, decl)
        else:
            info.ref = self.datatype(typ if not isinstance(typ, ComplexTypeDef) else None)
        return eid

    def _complex(self, typ: QName | ComplexTypeDef | SimpleTypeDef | None) -> ComplexTypeDef | None:
        if typ is None:
            raise SchemaError("elements without a type (anyType) are not supported")
        if isinstance(typ, ComplexTypeDef):
            return typ
        if isinstance(typ, SimpleTypeDef):
            return None
        if typ in self.schema.complex_types:
            return self.schema.complex_types[typ]
        if typ == (XS, "anyType"):
            raise SchemaError("xs:anyType elements are not supported")
        return None

    def type_id(self, ct: ComplexTypeDef, hint: str | None = None, decl: ElementDecl | None = None) -> int:
        key = id(ct)
        if key in self._type_index:
            return self._type_index[key]
        tid = len(self.types)
        self._type_index[key] = tid
        if ct.name is not None:
            name = self._unique(ct.name[1])
        elif hint is not None:
            name = hint  # the global element's own class
        else:
            assert decl is not None
            name = self._unique(f"{decl.name[1]}Type")
        tg = TypeGrammar(tid, name, ct.name, "empty", ct.mixed, ct.abstract)
        self.types.append(tg)
        owner = ct.name if ct.name is not None else (decl.name if decl is not None else ("", ""))
        self.type_namespace.append(owner[0])
        self._pending.append((ct, tid))
        return tid

    def _base(self, ct: ComplexTypeDef) -> ComplexTypeDef | None:
        if ct.base is None or ct.base[0] == XS:
            return None
        return self.schema.complex_types.get(ct.base)

    def _effective(self, ct: ComplexTypeDef) -> tuple[list[tuple[QName, QName | SimpleTypeDef, bool]],
                                                       list[Particle], str, object]:
        """(attributes, particles in order, content kind, simple type) after derivation."""
        base = self._base(ct)
        attrs: dict[QName, tuple[QName, QName | SimpleTypeDef, bool]] = {}
        particles: list[Particle] = []
        content = ct.content
        simple: object = ct.simple_type
        if base is not None:
            battrs, bparts, bcontent, bsimple = self._effective(base)
            for a in battrs:
                attrs[a[0]] = a
            if ct.derivation == "extension":
                particles.extend(bparts)
                if content == "empty":
                    content = bcontent
                if ct.content == "simple":
                    content = "simple"
                    simple = bsimple
        elif ct.content == "simple":
            simple = ct.simple_type
        for au in ct.attributes:
            attrs[au.name] = (au.name, au.type, au.required)
        if ct.particle is not None:
            particles.append(ct.particle)
        if ct.any_attribute is not None:
            raise SchemaError("anyAttribute is not supported")
        return list(attrs.values()), particles, content, simple

    def _members(self, head: QName) -> list[QName]:
        out = [head]
        for m in self.substitutes.get(head, []):
            out.extend(self._members(m))
        return out

    def _build_type(self, ct: ComplexTypeDef, tid: int) -> None:
        tg = self.types[tid]
        attrs, particles, content, simple = self._effective(ct)
        base = self._base(ct)
        if base is not None and ct.derivation == "extension" and base.content != "simple":
            tg.base_class = self.types[self.type_id(base)].class_name
        tg.content = content if not (content == "element" and not particles) else "empty"
        attrs.sort(key=lambda a: (a[0][1], a[0][0]))
        for qn, typ, _req in attrs:
            self._all_attrs.setdefault(qn, set()).add(self.datatype(typ))
        fields_by_name: dict[str, int] = {}

        def new_field(fi: FieldInfo) -> int:
            if fi.xml_name in fields_by_name:
                old = tg.fields[fields_by_name[fi.xml_name]]
                if old.kind != fi.kind or (old.datatype != fi.datatype) or (
                        fi.kind == "elem" and old.elements and fi.elements
                        and self.elements[old.elements[0]].ref != self.elements[fi.elements[0]].ref):
                    raise SchemaError(f"{tg.class_name}: two particles named {fi.xml_name} differ")
                old.repeated = True
                old.optional = old.optional or fi.optional
                return fields_by_name[fi.xml_name]
            fields_by_name[fi.xml_name] = len(tg.fields)
            tg.fields.append(fi)
            return len(tg.fields) - 1

        seq: list[_Node] = []
        for i, (qn, typ, required) in enumerate(attrs):
            dt = self.datatype(typ)
            f = new_field(FieldInfo(_field_name(qn[1]), qn[1], "attr", False, not required, datatype=dt,
                                    namespace=qn[0]))
            pos = self._pos(tg, AT, f, 1 if required else 0, 1, attr=i, datatype=dt)
            node = _Node("pos", pos)
            seq.append(node if required else _Node("opt", kids=[node]))
        if tg.content == "simple":
            dt = self.datatype(simple)  # type: ignore[arg-type]
            f = new_field(FieldInfo("value", "value", "value", False, False, datatype=dt))
            seq.append(_Node("pos", self._pos(tg, CH, f, 1, 1, datatype=dt)))
        content_start = len(seq)
        for p in particles:
            seq.append(self._particle_node(tg, p, new_field, 1, 1, False))
        root = _Node("seq", kids=seq)
        n = len(tg.positions)
        follow: dict[int, set[int]] = {i: set() for i in range(n)}
        g = _analyse(root, follow)
        has_content = content_start < len(seq)
        # content start (mixed CH target from attribute states)
        cfollow: set[int] = set()
        cnull = True
        if has_content:
            cg = _analyse(_Node("seq", kids=seq[content_start:]), {i: set() for i in range(n)})
            cfollow, cnull = cg.first, cg.nullable

        def make_state(nexts: set[int], may_end: bool) -> int:
            prods: list[tuple[int, int, object, int]] = []
            for q in sorted(nexts, key=lambda q: (_CATEGORY[tg.positions[q].kind], q)):
                pos = tg.positions[q]
                if pos.kind == AT:
                    prods.append((AT, pos.field, pos.attr, q))
                elif pos.kind == SE:
                    for eid in pos.elements:
                        prods.append((SE, pos.field, eid, q))
                elif pos.kind == ANY:
                    if pos.namespaces[0] not in ("##any", "##other"):
                        raise SchemaError("namespace-list wildcards are not supported")
                    prods.append((ANY, pos.field, pos.namespaces, q))
                elif pos.kind == CH:
                    prods.append((CH, pos.field, pos.datatype, q))
            if may_end:
                prods.append((EE, -1, None, -1))
            if not prods and not tg.mixed:
                # a state nothing leaves would make a decoder spin on 0-bit event codes
                raise SchemaError(f"{tg.class_name}: grammar state without productions")
            tg.states.append(prods)
            return len(tg.states) - 1

        make_state(g.first, g.nullable)
        tg.pos_states = [(-1, -1, -1)] * n
        attr_state: dict[int, bool] = {0: bool(attrs)}
        for position in tg.positions:
            i = position.index
            exits = follow[i]
            end = i in g.last
            low = mid = top = -1
            if position.min >= 2:
                low = make_state({i}, False)
            if position.max is None or position.max > max(1, position.min):
                mid = make_state(exits | {i}, end)
            if position.max is not None:
                top = make_state(exits, end)
            tg.pos_states[i] = (low, mid, top)
            for sid in (low, mid, top):
                if sid >= 0:
                    attr_state[sid] = position.kind == AT
        if tg.mixed:
            # CH[untyped] in every state of the content; attribute states from which the content
            # can start (no required attribute left) get it too, leading to the content's start.
            cs_state = -1
            if attrs:
                cs_state = make_state(cfollow, cnull)
                attr_state[cs_state] = False
            required_after: list[bool] = []
            for i in range(len(attrs)):
                required_after.append(any(a[2] for a in attrs[i + 1:]))
            for sid, prods in enumerate(tg.states):
                if not attr_state.get(sid, False):
                    prods.append((CHX, -1, None, sid))
                    continue
                if sid == 0:
                    blocked = any(a[2] for a in attrs)
                else:
                    k = next(i for i, ps in enumerate(tg.pos_states) if sid in ps)
                    blocked = required_after[tg.positions[k].attr]
                if not blocked:
                    prods.append((CHX, -1, None, cs_state))

    def _pos(self, tg: TypeGrammar, kind: int, f: int, lo: int, hi: int | None,
             **kw: object) -> int:
        pos = Position(len(tg.positions), kind, f, lo, hi, **kw)  # type: ignore[arg-type]
        tg.positions.append(pos)
        return pos.index

    def _particle_node(self, tg: TypeGrammar, p: Particle, new_field: Callable[[FieldInfo], int],
                       mult: int | None, minmult: int, in_choice: bool) -> _Node:
        nf = new_field  # callable
        hi_mult = None if (mult is None or p.max is None) else mult * p.max
        lo_mult = minmult * p.min
        if p.kind == "element":
            decl = p.element
            if p.ref is not None:
                if p.ref not in self.schema.elements:
                    raise SchemaError(f"unknown element {p.ref}")
                decl = self.schema.elements[p.ref]
            assert decl is not None
            if decl.is_global:
                members = self._members(decl.name)
                members.sort(key=lambda q: (q[1], q[0]))
                eids = tuple(self.element_id(self.schema.elements[q]) for q in members)
            else:
                eids = (self.element_id(decl),)
            # references to global elements of complex type hold element-class instances
            subst = decl.is_global and (len(eids) > 1 or not self.elements[eids[0]].simple)
            repeated = hi_mult is None or hi_mult > 1
            first = self.elements[eids[0]]
            fi = FieldInfo(_field_name(decl.name[1]), decl.name[1], "elem", repeated,
                           lo_mult == 0 or in_choice, elements=list(eids),
                           datatype=first.ref if first.simple else -1, substitution=subst,
                           namespace=decl.name[0])
            f = nf(fi)
            pos = self._pos(tg, SE, f, max(p.min, 1), p.max, elements=eids)
            node = _Node("pos", pos)  # occurrences are counters on the position
            return _Node("opt", kids=[node]) if p.min == 0 else node
        if p.kind == "any":
            repeated = hi_mult is None or hi_mult > 1
            f = nf(FieldInfo("any_", "any_", "any", True, True))
            pos = self._pos(tg, ANY, f, max(p.min, 1), p.max, namespaces=p.namespaces)
            node = _Node("pos", pos)
            return _Node("opt", kids=[node]) if p.min == 0 else node
        # groups: build the term once per needed copy
        def term() -> _Node:
            kids = [self._particle_node(tg, c, nf, hi_mult, lo_mult, in_choice or
                                        (p.kind == "choice" and len(p.children) > 1))
                    for c in p.children]
            return _Node("seq" if p.kind == "sequence" else "alt", kids=kids)
        if p.min == 1 and p.max == 1:
            return term()
        if p.min == 0 and p.max == 1:
            return _Node("opt", kids=[term()])
        copies: list[_Node] = [term() for _ in range(p.min)]
        if p.max is None:
            copies.append(_Node("star", kids=[term()]))
        else:
            for _ in range(p.max - p.min):
                copies.append(_Node("opt", kids=[term()]))
        return _Node("seq", kids=copies)


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
