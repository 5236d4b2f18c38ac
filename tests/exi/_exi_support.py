"""Shared paths for the EXI tests: the shared folder beside the repository (``../shared``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared"
VECTORS = SHARED / "vectors" / "public.jsonl"
SCHEMAS = SHARED / "schemas"

#: xcheck grammar namespace -> schema key (the -20 vectors say which message namespace they use)
GRAMMAR_KEY = {
    "urn:iso:15118:2:2010:AppProtocol": "app",
    "urn:din:70121:2012:MsgDef": "din",
    "urn:iso:15118:2:2013:MsgDef": "iso2",
    "urn:iso:std:iso:15118:-20:CommonMessages": "iso20",
    "urn:iso:std:iso:15118:-20:AC": "iso20-ac",
    "urn:iso:std:iso:15118:-20:DC": "iso20-dc",
    "urn:iso:std:iso:15118:-20:WPT": "iso20-wpt",
    "urn:iso:std:iso:15118:-20:ACDP": "iso20-acdp",
}


def load_vectors() -> list[dict[str, Any]]:
    if not VECTORS.exists():
        return []
    with VECTORS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def schema_key(vector: dict[str, Any]) -> str:
    grammar = vector.get("xcheck", {}).get("grammar")
    if grammar in GRAMMAR_KEY:
        return GRAMMAR_KEY[grammar]
    return str(vector["set"])
