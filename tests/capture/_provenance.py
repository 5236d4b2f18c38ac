"""PROVENANCE.txt of ../shared/captures, parsed: the independently measured facts per file."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CAPTURES = SHARED / "captures"
CAPTURE_SUFFIXES = (".pcap", ".pcapng", ".dump")

NAMESPACES = {
    "DIN70121": "urn:din:70121:2012:MsgDef",
    "ISO15118-2": "urn:iso:15118:2:2013:MsgDef",
    "ISO15118-20 AC": "urn:iso:std:iso:15118:-20:AC",
    "ISO15118-20 DC": "urn:iso:std:iso:15118:-20:DC",
}
"""PROVENANCE's protocol labels -> namespaces."""


@dataclass(frozen=True)
class Entry:
    path: str
    what: str
    frames: int | None
    sdp_frames: int | None
    tls: bool
    v2gtp: int | None
    by_direction: dict[str, int]
    payload_types: dict[str, int]
    negotiated: str | None
    ids: dict[str, str]
    slac_mmes: int
    """HomePlug SLAC/SET_KEY management messages counted by tshark."""


_HEADER = re.compile(r"^\[(?P<path>[^\]]+)\]\s*$")


def _parse_block(path: str, lines: list[str]) -> Entry:
    fields: dict[str, str] = {}
    for line in lines:
        key, _, value = line.strip().partition(": ")
        fields.setdefault(key, value)
    frames = sdp = None
    tls = False
    if "frames" in fields:
        m = re.match(r"(\d+), duration: [\d.]+ s; SDP frames: (\d+); TLS: (\w+)", fields["frames"])
        if m:
            frames, sdp, tls = int(m.group(1)), int(m.group(2)), m.group(3) == "YES"
    v2gtp = None
    by_dir: dict[str, int] = {}
    types: dict[str, int] = {}
    if "V2GTP plaintext msgs" in fields:
        m = re.match(r"(\d+) (\{.*?\}) payload types (\{.*\})", fields["V2GTP plaintext msgs"])
        if m:
            v2gtp = int(m.group(1))
            by_dir = ast.literal_eval(m.group(2))
            types = ast.literal_eval(m.group(3))
    negotiated = None
    if "offered" in fields:
        m = re.search(r"negotiated: (.+)$", fields["offered"])
        if m:
            negotiated = m.group(1)
    ids = ast.literal_eval(fields["ids"]) if "ids" in fields else {}
    slac = sum(int(n) for n in re.findall(r"x(\d+)", fields.get("SLAC/HomePlug", "")))
    return Entry(path, fields.get("what", ""), frames, sdp, tls, v2gtp, by_dir, types, negotiated, ids, slac)


def entries() -> dict[str, Entry]:
    """PROVENANCE entries of the capture files, by path relative to ``captures/``."""
    text = (CAPTURES / "PROVENANCE.txt").read_text(encoding="utf-8")
    result: dict[str, Entry] = {}
    current: str | None = None
    block: list[str] = []
    for line in [*text.splitlines(), "[end]"]:
        m = _HEADER.match(line)
        if m or line.startswith("########"):
            if current is not None and current.endswith(CAPTURE_SUFFIXES):
                result[current] = _parse_block(current, block)
            current = m.group("path") if m else None
            block = []
        elif current is not None:
            block.append(line)
    return result


def capture_files() -> list[Path]:
    return sorted(p for p in CAPTURES.rglob("*") if p.is_file() and p.suffix in CAPTURE_SUFFIXES)
