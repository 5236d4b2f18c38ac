"""Write the generated Python modules of one schema set (deterministic text)."""

from __future__ import annotations

import keyword
from pathlib import Path

from .grammar import ANY, Datatype, GrammarBuilder, TypeGrammar

_DECO = "@dataclass(frozen=True, slots=True, kw_only=True)"
HEADER = "# GENERATED - do not edit. Produced by `python -m exi.codegen` from the {what} XSDs.\n"

_PY = {"string": "str", "binary": "bytes", "boolean": "bool", "nbit": "int", "unsigned": "int",
       "integer": "int"}


def _py_type(b: GrammarBuilder, dt: Datatype) -> str:
    if dt.kind == "enum":
        assert dt.enum_name is not None
        return dt.enum_name
    return _PY[dt.kind]


def _member_name(value: str, used: set[str]) -> str:
    out = "".join(c if (c.isalnum() or c == "_") else "_" for c in value) or "_"
    if out[0].isdigit():
        out = "_" + out
    if keyword.iskeyword(out) or out in ("name", "value", "mro"):
        out += "_"
    cand, n = out, 2
    while cand in used:
        cand = f"{out}_{n}"
        n += 1
    used.add(cand)
    return cand


def _field_annotation(b: GrammarBuilder, tg: TypeGrammar, fi_index: int) -> str:
    fi = tg.fields[fi_index]
    if fi.kind == "any":
        return "tuple[object, ...] = ()"
    if fi.kind in ("attr", "value"):
        t = _py_type(b, b.datatypes[fi.datatype])
    elif fi.substitution:
        t = " | ".join(str(b.elements[e].class_name) for e in fi.elements)
    else:
        el = b.elements[fi.elements[0]]
        t = _py_type(b, b.datatypes[el.ref]) if el.simple else b.types[el.ref].class_name
    if fi.repeated:
        return f"tuple[{t}, ...] = ()" if fi.optional else f"tuple[{t}, ...]"
    if fi.optional:
        return f"{t} | None = None"
    return t


def _facets(b: GrammarBuilder, tg: TypeGrammar) -> list[tuple[str, dict[str, int | str]]]:
    """The XSD facets of each field with a simple type (ranges and lengths), for people and tools;
    the encoder checks them from the grammar tables."""
    out: list[tuple[str, dict[str, int | str]]] = []
    for fi in tg.fields:
        dt_id = fi.datatype
        if fi.kind == "elem":
            el = b.elements[fi.elements[0]]
            if not el.simple or fi.substitution:
                continue
            dt_id = el.ref
        if dt_id < 0:
            continue
        dt = b.datatypes[dt_id]
        fac: dict[str, int | str] = {"type": dt.name}
        if dt.kind in ("nbit", "unsigned", "integer"):
            if dt.lo is not None:
                fac["minInclusive"] = dt.lo
            if dt.hi is not None:
                fac["maxInclusive"] = dt.hi
        if dt.min_len is not None:
            fac["minLength"] = dt.min_len
        if dt.max_len is not None:
            fac["maxLength"] = dt.max_len
        if len(fac) > 1:
            out.append((fi.name, fac))
    return out


def class_blocks(b: GrammarBuilder) -> list[tuple[str, str]]:
    """The generated definition of every class of the set, (name, text), in emission order: enums,
    type classes (bases first), then global element classes."""
    out: list[tuple[str, str]] = []
    for name in sorted(b.enums):
        lines = [f"\n\nclass {name}(str, enum.Enum):\n"]
        used: set[str] = set()
        for v in b.enums[name]:
            lines.append(f"    {_member_name(v, used)} = {v!r}\n")
        out.append((name, "".join(lines)))
    emitted: set[str] = set()
    by_name = {t.class_name: t for t in b.types}

    def emit_type(tg: TypeGrammar) -> None:
        if tg.class_name in emitted:
            return
        base_fields: set[str] = set()
        if tg.base_class is not None:
            base = by_name[tg.base_class]
            emit_type(base)
            base_fields = {f.name for f in base.fields}
        emitted.add(tg.class_name)
        parent = f"({tg.base_class})" if tg.base_class else ""
        kind = " (abstract)" if tg.abstract else ""
        qn = f"{{{tg.qname[0]}}}{tg.qname[1]}" if tg.qname else "anonymous"
        lines = [f"\n\n{_DECO}\nclass {tg.class_name}{parent}:\n",
                 f'    """XSD complex type {qn}{kind}."""\n']
        for i, fi in enumerate(tg.fields):
            if fi.name in base_fields:
                continue
            lines.append(f"    {fi.name}: {_field_annotation(b, tg, i)}\n")
        if any(fi.kind == "any" for fi in tg.fields) and "order_" not in base_fields:
            # where wildcard items, text and declared children interleave, the stream order
            # (field indices of the content items) when it is not the field order
            lines.append("    order_: tuple[int, ...] = ()\n")
        facets = _facets(b, tg)
        if facets:
            lines.append("    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {\n")
            for name, fac in facets:
                lines.append(f"        {name!r}: {fac!r},\n")
            lines.append("    }\n")
        out.append((tg.class_name, "".join(lines)))

    for tg in b.types:
        emit_type(tg)
    for el in b.elements:
        if el.class_name is None:
            continue
        if not el.simple and b.types[el.ref].class_name == el.class_name:
            continue
        qn = f"{{{el.qname[0]}}}{el.qname[1]}"
        if el.simple:
            t = _py_type(b, b.datatypes[el.ref])
            out.append((el.class_name, f"\n\n{_DECO}\nclass {el.class_name}:\n"
                                       f'    """Global element {qn} (simple content)."""\n    value: {t}\n'))
        else:
            base = b.types[el.ref].class_name
            out.append((el.class_name, f"\n\n{_DECO}\nclass {el.class_name}({base}):\n"
                                       f'    """Global element {qn}."""\n'))
    return out


def class_namespaces(b: GrammarBuilder) -> dict[str, str | None]:
    """class name -> the namespace of the XSD declaration it stands for (None: anonymous enum)."""
    out: dict[str, str | None] = dict(b.enum_namespace)
    for tg, ns in zip(b.types, b.type_namespace, strict=True):
        out[tg.class_name] = ns
    for el in b.elements:
        if el.class_name is not None:
            out.setdefault(el.class_name, el.qname[0])
    return out


def emit_types(b: GrammarBuilder, what: str, imported: dict[str, str] | None = None,
               shared: frozenset[str] = frozenset()) -> str:
    """The ``generated_types`` module: every class of the set, except those ``imported`` (class
    name -> package of the set that defines them), which it re-exports; ``shared`` names the classes
    other sets re-export (listed in ``SHARED`` for ``exi._api``)."""
    imported = imported or {}
    blocks = [(name, text) for name, text in class_blocks(b) if name not in imported]
    out: list[str] = [HEADER.format(what=what), f'"""Typed message classes of the {what} schema set."""\n\n',
                      "from __future__ import annotations\n\n"]
    if b.enums.keys() - imported.keys():
        out.append("import enum\n")
    if blocks:
        out.append("from dataclasses import dataclass\n")
    if any("ClassVar" in text for _name, text in blocks):
        out.append("from typing import ClassVar\n")
    for package in sorted(set(imported.values())):
        out.append(f"\nfrom ..{package}.generated_types import (  # classes shared with that set\n")
        for n in sorted(n for n, p in imported.items() if p == package):
            out.append(f"    {n},\n")
        out.append(")\n")
    out.append("\n__all__ = [\n")
    names = sorted(set(list(b.enums) + [t.class_name for t in b.types]
                       + [str(e.class_name) for e in b.elements if e.class_name]))
    for n in names:
        out.append(f"    {n!r},\n")
    out.append("]\n")
    if shared:
        out.append("\n# the classes other schema sets use too (their generated_types re-export them):\n"
                   "# encoded on its own, an element of one of them needs its schema named\n")
        out.append("SHARED = frozenset({\n")
        for n in sorted(shared):
            out.append(f"    {n!r},\n")
        out.append("})\n")
    out.extend(text for _name, text in blocks)
    return "".join(out)


def _lit(v: object) -> str:
    return repr(v)


def emit_grammar(b: GrammarBuilder, what: str, key: str) -> str:
    out: list[str] = [HEADER.format(what=what),
                      f'"""EXI grammar tables of the {what} schema set (layout: exi/_engine.py)."""\n\n',
                      "from . import generated_types as T\n\n",
                      f"KEY = {key!r}\n\n"]
    out.append("# (kind, lo, hi, bits, enum class, binary kind, min length, max length, type name)\n")
    out.append("DATATYPES = (\n")
    for dt in b.datatypes:
        t = dt.as_tuple()
        enum = f"T.{dt.enum_name}" if dt.enum_name else "None"
        vals = ", ".join([_lit(t[0]), _lit(t[1]), _lit(t[2]), _lit(t[3]), enum] + [_lit(x) for x in t[5:]])
        out.append(f"    ({vals}),\n")
    out.append(")\n\n")
    out.append("# (namespace, local name, simple?, datatype or type index, element class or None,\n")
    out.append("#  abstract element or abstract type?)\n")
    out.append("ELEMENTS = (\n")
    for el in b.elements:
        cls = f"T.{el.class_name}" if el.class_name else "None"
        abstract = el.abstract or (not el.simple and b.types[el.ref].abstract)
        out.append(f"    ({el.qname[0]!r}, {el.qname[1]!r}, {el.simple!r}, {el.ref}, {cls}, {abstract!r}),\n")
    out.append(")\n\n")
    out.append(f"GLOBALS = {tuple(b.globals)!r}\n\n")
    out.append("# fragment grammar (8.5.2): (namespace, local name, element index or -1 when the qname has\n")
    out.append("# declarations of different types, then those declarations: relaxed grammar, 8.5.3)\n")
    out.append("FRAGMENT = (\n")
    for uri, local, eid, alts in b.fragment:
        out.append(f"    ({uri!r}, {local!r}, {eid}, {alts!r}),\n")
    out.append(")\n\n")
    out.append("# initial string table (7.3.1): URI partition and, per URI, its local-name partition\n")
    out.append("URIS = (\n")
    for uri, names in zip(b.uris, b.local_names, strict=True):
        out.append(f"    ({uri!r}, (\n")
        for n in names:
            out.append(f"        {n!r},\n")
        out.append("    )),\n")
    out.append(")\n\n")
    out.append("# every attribute qname of the schema (namespace, local name, datatype or -1 if untyped)\n")
    out.append("FRAGMENT_ATTRIBUTES = (\n")
    for uri, local, dtid in b.fragment_attributes:
        out.append(f"    ({uri!r}, {local!r}, {dtid}),\n")
    out.append(")\n\n")
    out.append("# (class, content, fields, states, positions)\n")
    out.append("#   field: (name, xml name, kind, repeated, optional, datatype, substitution, namespace)\n")
    out.append("#   state: ((event kind, field, argument, target), ...);\n")
    out.append("#          kinds 0 AT 1 SE 2 ANY 3 EE 4 CH 5 CH-mixed\n")
    out.append("#   position: (min, max, state while count < min,\n")
    out.append("#              state while min <= count < max, state at max)\n")
    out.append("TYPES = (\n")
    for tg in b.types:
        out.append(f"    (  # {tg.id}\n        T.{tg.class_name},\n        {tg.content!r},\n        (\n")
        for fi in tg.fields:
            out.append(f"            ({fi.name!r}, {fi.xml_name!r}, {fi.kind!r}, {fi.repeated!r}, "
                       f"{fi.optional!r}, {fi.datatype}, {fi.substitution!r}, {fi.namespace!r}),\n")
        out.append("        ),\n        (\n")
        for prods in tg.states:
            items = []
            for kind, fidx, arg, target in prods:
                a = tuple(arg) if kind == ANY else arg  # type: ignore[arg-type]
                items.append(f"({kind}, {fidx}, {a!r}, {target})")
            inner = ", ".join(items)
            out.append(f"            ({inner}{',' if len(items) == 1 else ''}),\n")
        out.append("        ),\n        (\n")
        for pos, (lo, mi, to) in zip(tg.positions, tg.pos_states, strict=True):
            out.append(f"            ({pos.min}, {pos.max!r}, {lo}, {mi}, {to}),\n")
        out.append("        ),\n    ),\n")
    out.append(")\n")
    return "".join(out)


def write_set(b: GrammarBuilder, outdir: Path, package: str, what: str, key: str,
              imported: dict[str, str] | None = None, shared: frozenset[str] = frozenset()) -> list[Path]:
    pkg = outdir / package
    pkg.mkdir(parents=True, exist_ok=True)
    files = {
        "__init__.py": HEADER.format(what=what) + f'"""Generated code of the {what} schema set."""\n',
        "generated_types.py": emit_types(b, what, imported, shared),
        "generated_grammar.py": emit_grammar(b, what, key),
    }
    written = []
    for name, text in files.items():
        path = pkg / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
