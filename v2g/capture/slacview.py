"""HomePlug Green PHY management messages (SLAC, ISO 15118-3) as seen in a capture: their names for
the timeline and the retries a report flags.

An MME's payload (after the ethertype 0x88E1) starts with MMV (1 byte) and MMTYPE (2 bytes, little
endian; the two low bits are the mode REQ/CNF/IND/RSP); HomePlug AV 1.1 adds FMI (2 bytes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from slac import messages as mme

_BASES = {
    mme.CM_SET_KEY: "CM_SET_KEY",
    mme.CM_GET_KEY: "CM_GET_KEY",
    mme.CM_AMP_MAP: "CM_AMP_MAP",
    mme.CM_SLAC_PARM: "CM_SLAC_PARM",
    mme.CM_START_ATTEN_CHAR: "CM_START_ATTEN_CHAR",
    mme.CM_ATTEN_CHAR: "CM_ATTEN_CHAR",
    mme.CM_MNBC_SOUND: "CM_MNBC_SOUND",
    mme.CM_VALIDATE: "CM_VALIDATE",
    mme.CM_SLAC_MATCH: "CM_SLAC_MATCH",
    mme.CM_ATTEN_PROFILE: "CM_ATTEN_PROFILE",
    mme.VS_SW_VER: "VS_SW_VER",
    mme.VS_RS_DEV: "VS_RS_DEV",
    mme.VS_NW_INFO: "VS_NW_INFO",
    mme.VS_HOST_ACTION: "VS_HOST_ACTION",
    mme.VS_OP_ATTRIBUTES: "VS_OP_ATTRIBUTES",
    mme.VS_PL_LNK_STATUS: "VS_PL_LNK_STATUS",
}
_MODES = (".REQ", ".CNF", ".IND", ".RSP")

RETRIED = ("CM_SLAC_PARM.REQ", "CM_SLAC_MATCH.REQ", "CM_START_ATTEN_CHAR.IND")
"""Requests whose repetition beyond their own repeats means the EV started over (ISO 15118-3
[V2G3-A09-xx]: C_EV_match_retry). CM_START_ATTEN_CHAR.IND is sent three times by design."""
_DESIGNED_REPEATS = {"CM_START_ATTEN_CHAR.IND": 3}


class _HomePlugLike(Protocol):
    @property
    def timestamp_ns(self) -> int: ...
    @property
    def frame(self) -> int: ...
    @property
    def frame_data(self) -> object: ...


def mme_name(payload: bytes) -> str:
    """``CM_SLAC_PARM.REQ`` etc. for the payload after the ethertype (``MME 0x....`` if unknown)."""
    if len(payload) < 3:
        return "MME (truncated)"
    mmtype = payload[1] | payload[2] << 8
    base = _BASES.get(mmtype & ~3)
    return f"MME {mmtype:#06x}" if base is None else base + _MODES[mmtype & 3]


def slac_line(name: str, src_mac: bytes, dst_mac: bytes) -> str:
    return f"{name}  {mme.format_mac(src_mac)} -> {mme.format_mac(dst_mac)}"


def slac_problems(frames: Sequence[_HomePlugLike]) -> list[tuple[int, int, str]]:
    """(timestamp_ns, Wireshark frame number, text) of each retried SLAC request."""
    counts: dict[str, list[_HomePlugLike]] = {}
    for f in frames:
        payload = getattr(f.frame_data, "payload", b"")
        name = mme_name(payload)
        if name in RETRIED:
            counts.setdefault(name, []).append(f)
    out = []
    for name, seen in counts.items():
        allowed = _DESIGNED_REPEATS.get(name, 1)
        if len(seen) > allowed:
            first = seen[allowed]
            out.append(
                (
                    first.timestamp_ns,
                    first.frame + 1,
                    f"SLAC: {name} sent {len(seen)} times ({len(seen) - allowed} more than once per attempt)",
                )
            )
    return out


def names(frames: Iterable[_HomePlugLike]) -> list[str]:
    return [mme_name(getattr(f.frame_data, "payload", b"")) for f in frames]
