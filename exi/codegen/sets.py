"""The schema sets of the V2G standards and how each one is generated."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .emit import write_set
from .grammar import GrammarBuilder
from .xsd import load_schema


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


def build(schemas: Path, s: SchemaSet) -> GrammarBuilder:
    schema = load_schema([schemas / e for e in s.entries])
    return GrammarBuilder(schema)


def generate(schemas: Path, out: Path, only: tuple[str, ...] = ()) -> list[Path]:
    """Generate every schema set (or those in ``only``) into ``out`` (the ``exi`` package folder)."""
    written: list[Path] = []
    for s in SCHEMA_SETS:
        if only and s.key not in only:
            continue
        written.extend(write_set(build(schemas, s), out, s.package, s.what, s.key))
    return written
