"""The schema sets of the V2G standards and how each one is generated."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .emit import class_blocks, class_namespaces, write_set
from .grammar import GrammarBuilder, TypeGrammar
from .xsd import SchemaError, load_schema


@dataclass(frozen=True)
class SchemaSet:
    key: str  # the API name (exi.decode(..., schema=key))
    package: str  # generated package under exi/
    entries: tuple[str, ...]  # entry XSDs relative to the schema folder
    what: str


SCHEMA_SETS: tuple[SchemaSet, ...] = (
    SchemaSet("app", "app", ("app/V2G_CI_AppProtocol.xsd",), "SupportedAppProtocol"),
    SchemaSet("din", "din", ("din/V2G_CI_MsgDef.xsd",), "DIN 70121"),
    SchemaSet("iso2", "iso2", ("iso2/V2G_CI_MsgDef.xsd",), "ISO 15118-2:2013"),
    SchemaSet("iso20", "iso20", ("iso20/V2G_CI_CommonMessages.xsd",), "ISO 15118-20 CommonMessages"),
    SchemaSet("iso20-ac", "iso20_ac", ("iso20/V2G_CI_AC.xsd",), "ISO 15118-20 AC"),
    SchemaSet("iso20-dc", "iso20_dc", ("iso20/V2G_CI_DC.xsd",), "ISO 15118-20 DC"),
    SchemaSet("iso20-wpt", "iso20_wpt", ("iso20/V2G_CI_WPT.xsd",), "ISO 15118-20 WPT"),
    SchemaSet("iso20-acdp", "iso20_acdp", ("iso20/V2G_CI_ACDP.xsd",), "ISO 15118-20 ACDP"),
    # the xmldsig schema alone: its fragment grammar codes SignedInfo for signatures
    SchemaSet("xmldsig", "xmldsig", ("iso2/xmldsig-core-schema.xsd",), "W3C xmldsig-core"),
)


XMLDSIG = "http://www.w3.org/2000/09/xmldsig#"
COMMON_TYPES = "urn:iso:std:iso:15118:-20:CommonTypes"

#: namespace -> the set whose ``generated_types`` defines its classes, once: every other set that
#: imports the namespace re-exports them (one class per XSD type; each set keeps its own grammar)
SHARED_NAMESPACES: dict[str, str] = {XMLDSIG: "xmldsig", COMMON_TYPES: "iso20"}


def build(schemas: Path, s: SchemaSet) -> GrammarBuilder:
    schema = load_schema([schemas / e for e in s.entries])
    return GrammarBuilder(schema)


def _referenced(b: GrammarBuilder, tg: TypeGrammar) -> set[str]:
    """The class names a type's class refers to: its base, enumerations and child element classes."""
    out = {tg.base_class} if tg.base_class is not None else set()
    for f in tg.fields:
        if f.datatype >= 0 and b.datatypes[f.datatype].enum_name is not None:
            out.add(str(b.datatypes[f.datatype].enum_name))
        for e in f.elements:
            el = b.elements[e]
            if f.substitution and el.class_name is not None:
                out.add(el.class_name)
            elif not el.simple:
                out.add(b.types[el.ref].class_name)
    return out


def _sharing(key: str, b: GrammarBuilder,
             builder_of: Callable[[str], GrammarBuilder]) -> tuple[dict[str, str], frozenset[str]]:
    """(class name -> package of the set that defines it, for the classes the set ``key`` imports;
    the names of its own classes that other sets import). An imported class must be generated
    exactly as the defining set generates it, or the schemas do not agree and this raises."""
    by_key = {s.key: s for s in SCHEMA_SETS}
    namespaces = class_namespaces(b)
    imported: dict[str, str] = {}
    shared: set[str] = set()
    for name, ns in namespaces.items():
        owner = SHARED_NAMESPACES.get(ns or "")
        if owner == key:
            shared.add(name)
        elif owner is not None:
            imported[name] = by_key[owner].package
    if imported:
        owners = {o: dict(class_blocks(builder_of(o))) for o in set(SHARED_NAMESPACES.values()) if o != key}
        mine = dict(class_blocks(b))
        for name, package in imported.items():
            owner = next(o for o in owners if by_key[o].package == package)
            if owners[owner].get(name) != mine[name]:
                raise SchemaError(f"{key}: class {name} differs from the one of {owner}")
        # an imported class names other classes (base, field types): those must be imported too
        for tg in b.types:
            if tg.class_name in imported:
                missing = sorted(_referenced(b, tg) - imported.keys())
                if missing:
                    raise SchemaError(f"{key}: shared class {tg.class_name} uses own classes {missing}")
    return imported, frozenset(shared)


def generate(schemas: Path, out: Path, only: tuple[str, ...] = ()) -> list[Path]:
    """Generate every schema set (or those in ``only``) into ``out`` (the ``exi`` package folder)."""
    builders: dict[str, GrammarBuilder] = {}
    by_key = {s.key: s for s in SCHEMA_SETS}

    def builder_of(key: str) -> GrammarBuilder:
        if key not in builders:
            builders[key] = build(schemas, by_key[key])
        return builders[key]

    written: list[Path] = []
    for s in SCHEMA_SETS:
        if only and s.key not in only:
            continue
        b = builder_of(s.key)
        imported, shared = _sharing(s.key, b, builder_of)
        written.extend(write_set(b, out, s.package, s.what, s.key, imported, shared))
    return written
