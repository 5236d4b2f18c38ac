"""The `v2g secc` options that make our SECC answer a recorded car like the recorded charger did.

Read from the recording: the protocol (the namespace negotiated; when the recorded charger refused
every offer, the protocols the car did not offer), the energy mode (the transfer mode the car asked
for in ChargeParameterDiscoveryReq), and the EVSE limits the recorded charger announced in its
ChargeParameterDiscoveryRes (DC: maximum voltage, current, power; AC: maximum current).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from v2g.apphand import NAMESPACE_SCHEMAS
from v2g.capture.records import CapturedSession

_MODES = {"AC_single_phase_core": "ac1", "AC_three_phase_core": "ac"}
_LIMITS = {
    "EVSEMaximumVoltageLimit": "--max-voltage",
    "EVSEMaximumCurrentLimit": "--max-current",
    "EVSEMaximumPowerLimit": "--max-power",
    "EVSEMaxCurrent": "--ac-max-current",
}
_PROTOCOLS = ("din", "iso2")


def _find(node: Any, key: str) -> Any:
    if isinstance(node, Mapping):
        if key in node:
            return node[key]
        for child in node.values():
            found = _find(child, key)
            if found is not None:
                return found
    elif isinstance(node, list | tuple):
        for child in node:
            found = _find(child, key)
            if found is not None:
                return found
    return None


def _physical(value: Any) -> float | None:
    if isinstance(value, Mapping) and isinstance(value.get("Value"), int):
        return float(value["Value"]) * 10.0 ** int(value.get("Multiplier", 0))
    return None


def _protocols(sessions: Sequence[CapturedSession]) -> list[str]:
    negotiated = [NAMESPACE_SCHEMAS.get(s.namespace) if s.namespace else s.schema for s in sessions]
    chosen = [name for name in _PROTOCOLS if name in negotiated]
    if chosen:
        return chosen
    offered = {NAMESPACE_SCHEMAS.get(o.namespace) for s in sessions for o in s.offered}
    return [name for name in _PROTOCOLS if name not in offered]  # the recorded charger refused every offer


def _pmax(d: Mapping[str, Any]) -> float:
    """The largest PMax of the SAScheduleList the charger offered (0: none)."""
    found = 0.0
    stack: list[Any] = [d]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            value = _physical(node.get("PMax"))
            if value is not None:
                found = max(found, value)
            stack.extend(node.values())
        elif isinstance(node, list | tuple):
            stack.extend(node)
    return found


def secc_options(sessions: Sequence[CapturedSession]) -> list[str]:
    """``v2g secc`` options (``--protocol``, ``--mode``, limits) matching the charger recorded in
    ``sessions`` (the sessions of one capture: one charger)."""
    options: list[str] = []
    for name in _protocols(sessions):
        options += ["--protocol", name]
    messages = [m for s in sessions for m in s.messages]
    mode = "dc"
    for m in messages:
        if m.name == "ChargeParameterDiscoveryReq":
            d = m.to_dict()
            requested = _find(d, "RequestedEnergyTransferMode") or _find(d, "EVRequestedEnergyTransferType")
            mode = _MODES.get(str(requested), "dc")
            break
    options += ["--mode", mode]
    for m in messages:
        if m.name != "ChargeParameterDiscoveryRes":
            continue
        d = m.to_dict() or {}
        for field, option in _LIMITS.items():
            value = _physical(_find(d, field))
            if option == "--max-power":  # the car's charging profile may use the schedule's PMax
                value = max(value or 0.0, _pmax(d)) or None
            if value is not None and value > 0 and (option == "--ac-max-current") == (mode != "dc"):
                options += [option, f"{value:g}"]
        break
    return options
