"""From the schema model to EXI grammar tables (EXI 1.0 section 8.5, non-strict, schema-informed).

The element grammars are built as position automata: every attribute use, typed character event and
element particle of a type's effective content model is a *position*; a grammar state is "at the
start" or "after position p, having seen it c times"; its first-level productions are the positions
that may come next (the follow set) plus EE when the content may end there. Event codes are assigned
in EXI order (8.5.4.3): AT(qname) sorted by qname, SE(qname) in schema order (substitution groups
expanded and sorted by local name then URI, abstract heads included), SE(uri:*), SE(*), EE, CH.
Occurrence bounds of element particles are counters (a count class per state), never unrolled.

The phases are in their own modules: the model in ``model.py``, the datatypes in ``datatypes.py``, the
type grammars in ``types.py``; this one orders them and adds the set-wide tables (string table,
fragment grammar).
"""

from __future__ import annotations

from .model import (
    _CATEGORY,
    _INT_BOUNDS,
    _STRINGS,
    ANY,
    AT,
    CH,
    CHX,
    EE,
    SE,
    XML_NS,
    XSD_TYPES,
    XSI_NS,
    Datatype,
    ElementInfo,
    FieldInfo,
    Position,
    TypeGrammar,
    _field_name,
    _identifier,
    bits_for,
)
from .types import TypeBuilder
from .xsd import XS, QName, Schema


class GrammarBuilder(TypeBuilder):
    def __init__(self, schema: Schema) -> None:
        super().__init__(schema)
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


__all__ = [
    "ANY",
    "AT",
    "CH",
    "CHX",
    "EE",
    "SE",
    "XML_NS",
    "XSD_TYPES",
    "XSI_NS",
    "_CATEGORY",
    "_INT_BOUNDS",
    "_STRINGS",
    "Datatype",
    "ElementInfo",
    "FieldInfo",
    "GrammarBuilder",
    "Position",
    "TypeGrammar",
    "_field_name",
    "_identifier",
    "bits_for",
]
