"""Flatten a runtime ``Grammar`` of the pure engine into the plain tuples the C engine reads.

The C engine (``exi/_cengine.c``) interprets the same grammar tables as the pure engine: it is fed
from the ``Grammar`` objects built from ``exi/<set>/generated_grammar.py`` at first use, so a change
of the generator needs no change of C code as long as the runtime layout (``exi/_engine.py``) keeps
its meaning. Everything the C side needs is computed here, once per schema set:

- datatypes: kind code, bounds (Python ints or None), bit width, group limit, enum members and
  their index, length facets, the empty value a second-level EE stands for (or None) and why not;
- elements: simple flag, type or datatype index, class, string-table qname id, names, slot offset
  of ``value`` for simple global elements, document event code;
- types: class, fields (slot offsets in the class, defaults), states (productions, the encoder's
  lookups exactly as ``State.enc`` defines them, second-level lists) and positions.

Instances are built by filling the slots of the frozen dataclasses directly (what their generated
``__init__`` does). ``tables`` checks that every class is such a plain slotted dataclass whose
fields are the grammar's fields; otherwise it raises ``Unsuitable`` and the set stays pure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ._engine import _SIMPLE_END, _SIMPLE_FIRST, AT, CH, MAX_DEPTH, SE, FragmentElement, Grammar, TypeGrammar

KIND = {"string": 0, "enum": 1, "binary": 2, "boolean": 3, "nbit": 4, "unsigned": 5, "integer": 6}
FIELD_KIND = {"attr": 0, "elem": 1, "value": 2, "any": 3}
MAX_GROUPS = 256  # the C reader's buffer for one unsigned integer


class Unsuitable(Exception):
    """The generated classes or tables do not fit the C engine's assumptions."""


SlotOffset = Callable[[type, str], int]


def _class_fields(cls: type) -> dict[str, tuple[Any, ...]]:
    plain = dataclasses.is_dataclass(cls) and not hasattr(cls, "__post_init__")
    if not plain or getattr(cls, "__dictoffset__", 1) != 0:
        raise Unsuitable(f"{cls.__name__} is not a plain slotted dataclass")
    out: dict[str, tuple[Any, ...]] = {}
    for f in dataclasses.fields(cls):
        if f.default_factory is not dataclasses.MISSING:
            raise Unsuitable(f"{cls.__name__}.{f.name} has a default factory")
        out[f.name] = () if f.default is dataclasses.MISSING else (f.default,)
    return out


def _offsets(cls: type, names: list[str], slot_offset: SlotOffset) -> list[int]:
    offs = [slot_offset(cls, n) for n in names]
    if any(o < 0 for o in offs):
        raise Unsuitable(f"{cls.__name__} has fields that are not object slots")
    return offs


def _extra(t: TypeGrammar) -> list[str]:
    """Class fields that are no grammar field: ``order_`` of types with wildcard content."""
    return ["order_"] if t.any_field >= 0 and "order_" in {f.name for f in dataclasses.fields(t.cls)} else []


def tables(g: Grammar, slot_offset: SlotOffset) -> tuple[Any, ...]:
    qids: dict[tuple[str, str], int] = {}

    def qid(uri: str, local: str) -> int:
        return qids.setdefault((uri, local), len(qids))

    datatypes = []
    for dt in g.datatypes:
        hi_loose = (dt.lo or 0) + (1 << dt.bits) - 1 if dt.kind == "nbit" else dt.hi
        if dt.groups > MAX_GROUPS:
            raise Unsuitable(f"datatype {dt.name} allows {dt.groups} groups")
        index: dict[Any, int] = {}
        for i, m in enumerate(dt.members):
            index.setdefault(m, i)
        datatypes.append((KIND.get(dt.kind, -1), dt.lo, dt.hi, hi_loose, dt.bits, dt.groups, dt.members,
                          index, dt.enum_cls, -1 if dt.min_len is None else dt.min_len,
                          -1 if dt.max_len is None else dt.max_len, dt.name, dt.kind, dt.empty, dt.no_empty))

    elements = []
    for el in g.elements:
        value_offset = -1
        if el.simple and el.cls is not None:
            if set(_class_fields(el.cls)) != {"value"}:
                raise Unsuitable(f"{el.cls.__name__} is not a value holder")
            value_offset = _offsets(el.cls, ["value"], slot_offset)[0]
        elif el.cls is not None:
            t = g.types[el.ref]
            names = [f.name for f in t.fields] + _extra(t)
            if set(_class_fields(el.cls)) != set(names) or \
                    _offsets(el.cls, names, slot_offset) != _offsets(t.cls, names, slot_offset):
                raise Unsuitable(f"{el.cls.__name__} does not share the slots of {t.cls.__name__}")
        elements.append((int(el.simple), el.ref, el.cls, qid(el.uri, el.local), el.local, el.uri,
                         value_offset, g.global_code.get(el.index, -1)))

    types = []
    for t in g.types:
        cls_fields = _class_fields(t.cls)
        names = [f.name for f in t.fields]
        if set(cls_fields) != set(names + _extra(t)):
            raise Unsuitable(f"{t.cls.__name__}: class fields differ from the grammar's")
        offs = _offsets(t.cls, names, slot_offset)
        order_offset, order_default = -1, None
        if _extra(t):  # the stream order of content items of types with wildcard content
            order_offset = _offsets(t.cls, ["order_"], slot_offset)[0]
            if cls_fields["order_"] != ((),):
                raise Unsuitable(f"{t.cls.__name__}.order_ does not default to ()")
            order_default = ()
        # a substitution position given an instance of a type class (not an element class): the one
        # candidate element whose type class it is (Grammar._element_of_type)
        by_type: list[dict[type, int]] = [{} for _ in t.fields]
        for fidx in range(len(t.fields)):
            seen: dict[type, set[int]] = {}
            for st in t.states:
                for kind, f, arg, _target in st.prods:
                    if kind == SE and f == fidx and not g.elements[arg].simple:
                        seen.setdefault(g.types[g.elements[arg].ref].cls, set()).add(arg)
            by_type[fidx] = {cls: next(iter(eids)) for cls, eids in seen.items() if len(eids) == 1}
        fields = tuple((f.name, FIELD_KIND[f.kind], int(f.repeated), f.datatype, int(f.substitution), offs[i],
                        cls_fields[f.name], qid("", f.xml_name), by_type[i]) for i, f in enumerate(t.fields))
        states = []
        for st in t.states:
            prods: list[int] = []
            for kind, f, arg, target in st.prods:
                # SE: element index; ANY (wildcard): its namespace constraint, read by the pure twin
                prods += (kind, f, arg if isinstance(arg, int) else -1, target)
            code_p = [-1] * len(t.fields)
            code_a = [-1] * len(t.fields)
            code_e: list[int] = []
            code_c = code_w = code_x = -1
            for key, (code, _prod) in st.enc.items():
                if key == "c":
                    code_c = code
                elif key == "w":
                    code_w = code
                elif key == "x":
                    code_x = code
                elif isinstance(key, tuple) and key[0] == "a":
                    code_a[key[1]] = code
                elif isinstance(key, tuple) and key[0] == "p":
                    code_p[key[1]] = code
                elif isinstance(key, tuple) and key[0] == "e":
                    code_e += (key[1], key[2], code)
            missing = ", ".join(sorted({t.fields[p[1]].name for p in st.prods if p[0] in (SE, AT, CH)}))
            states.append((st.bits, st.n, tuple(prods), st.ee, code_c, code_w, code_x, tuple(code_p),
                           tuple(code_a), tuple(code_e), st.level2, missing))
        positions: list[int] = []
        for lo, hi, s_low, s_mid, s_top in t.positions:
            positions += (lo, -1 if hi is None else hi, s_low, s_mid, s_top)
        types.append((t.cls, t.any_field, fields, tuple(states), tuple(positions), order_offset,
                      order_default))

    fragment = tuple((uri, local, eid) for uri, local, eid, _alts in g.fragment)
    return (g.key, tuple(datatypes), tuple(elements), tuple(types), g.globals, g.doc_bits, g.class_element,
            fragment, g.fragment_code, g.fragment_bits, FragmentElement, MAX_DEPTH, g, _SIMPLE_FIRST,
            _SIMPLE_END)
