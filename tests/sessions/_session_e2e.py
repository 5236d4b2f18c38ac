"""Shared by the in-memory SECC <-> EVCC end-to-end tests: the energy modes, trace helpers."""

from __future__ import annotations

from _session_harness import Run

from v2g.controller import EnergyMode

DC = EnergyMode.DC_EXTENDED
AC = EnergyMode.AC_THREE_PHASE


def collapse(names: list[str]) -> list[str]:
    """Repeated requests (Ongoing, pre-charge, the loop) counted once."""
    out: list[str] = []
    for n in names:
        if not out or out[-1] != n:
            out.append(n)
    return out


def session_ids(run: Run) -> set[str]:
    ids = set()
    for t in run.secc_trace:
        if t.decoded and "V2G_Message" in t.decoded and t.message != "SessionSetupReq":
            ids.add(t.decoded["V2G_Message"]["Header"]["SessionID"])
    return ids
