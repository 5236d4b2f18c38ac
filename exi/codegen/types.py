"""The type-grammar phase of the grammar builder: element declarations and complex types (after
derivation) to position automata (Glushkov construction) and their non-strict grammar states."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .datatypes import DatatypeBuilder
from .model import (
    _CATEGORY,
    ANY,
    AT,
    CH,
    CHX,
    EE,
    SE,
    ElementInfo,
    FieldInfo,
    Position,
    TypeGrammar,
    _field_name,
)
from .xsd import XS, ComplexTypeDef, ElementDecl, Particle, QName, Schema, SchemaError, SimpleTypeDef

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


class TypeBuilder(DatatypeBuilder):
    """The element declarations and type grammars of a schema set, built on demand."""

    def __init__(self, schema: Schema) -> None:
        super().__init__(schema)
        self.types: list[TypeGrammar] = []
        self.type_namespace: list[str] = []  # per type: the namespace it is declared in
        self._type_index: dict[int, int] = {}  # id(ComplexTypeDef) -> type id
        self.elements: list[ElementInfo] = []
        self._elem_index: dict[int, int] = {}  # id(ElementDecl) -> element id
        self.substitutes: dict[QName, list[QName]] = {}
        for decl in schema.elements.values():
            if decl.substitution_group is not None:
                self.substitutes.setdefault(decl.substitution_group, []).append(decl.name)
        self._pending: list[tuple[ComplexTypeDef, int]] = []
        self._all_attrs: dict[QName, set[int]] = {}

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
