"""The `v2g secc` options that make our SECC answer a recorded car like the recorded charger did.

Read from the recording: the protocol (the namespace negotiated; when the recorded charger refused
every offer, the protocols the car did not offer), the energy mode (the transfer mode the car asked
for in ChargeParameterDiscoveryReq), and the EVSE limits the recorded charger announced in its
ChargeParameterDiscoveryRes (DC: maximum voltage, current, power; AC: maximum current). And how the
recorded charger behaved where chargers may differ: ``--no-pause`` when it refused a
SessionStop(Pause) with FAILED, ``--strict`` when it answered FAILED_SequenceError to a SessionStop or
PowerDelivery after ChargeParameterDiscovery or CableCheck (a lenient charger confirms them),
``--payment`` with the ISO 15118-2 payment options it offered when ExternalPayment is not among them
(``--payment contract``: Plug & Charge, which needs ``--tls --pki DIR``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from v2g.apphand import NAMESPACE_SCHEMAS
from v2g.capture.records import CapturedMessage, CapturedSession

_MODES = {"AC_single_phase_core": "ac1", "AC_three_phase_core": "ac"}
_LIMITS = {
    "EVSEMaximumVoltageLimit": "--max-voltage",
    "EVSEMaximumCurrentLimit": "--max-current",
    "EVSEMaximumPowerLimit": "--max-power",
    "EVSEMaxCurrent": "--ac-max-current",
}
_PROTOCOLS = ("din", "iso2")
_STRICT = frozenset({"SessionStopReq", "PowerDeliveryReq"})
_BEFORE_LOOP = frozenset({"ChargeParameterDiscoveryReq", "CableCheckReq"})
"""... after these (before the charging loop) a lenient charger confirms them, a strict one answers
FAILED_SequenceError (SeccConfig.strict)."""
_PAYMENTS = {"Contract": "contract", "ExternalPayment": "external"}


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


def _answered(
    sessions: Sequence[CapturedSession],
) -> list[tuple[str, CapturedMessage, CapturedMessage]]:
    """Each recorded request with its response and the name of the request before it."""
    pairs = []
    for s in sessions:
        before = ""
        for request, response in zip(s.messages, s.messages[1:], strict=False):
            if request.name.endswith("Req") and response.name == request.name[:-3] + "Res":
                pairs.append((before, request, response))
                before = request.name
    return pairs


def _behaviour(sessions: Sequence[CapturedSession]) -> list[str]:
    """``--no-pause``, ``--strict``, ``--payment`` as the recorded charger behaved."""
    options: list[str] = []
    pairs = [(b, req, _find(res.to_dict(), "ResponseCode"), res) for b, req, res in _answered(sessions)]
    paused = [req for _, req, code, _ in pairs if req.name == "SessionStopReq" and code == "FAILED"]
    if any(_find(req.to_dict(), "ChargingSession") == "Pause" for req in paused):
        options.append("--no-pause")
    if any(
        req.name in _STRICT and before in _BEFORE_LOOP and code == "FAILED_SequenceError"
        for before, req, code, _ in pairs
    ):
        options.append("--strict")
    offered: list[str] = []
    for _, req, _, res in pairs:
        if req.name == "ServiceDiscoveryReq" and res.schema == "iso2":
            found = _find(res.to_dict(), "PaymentOption")
            offered = [str(p) for p in (found if isinstance(found, list | tuple) else [found]) if p]
            break
    if offered and "ExternalPayment" not in offered:  # both offered: an EIM car sees our default
        for option in offered:
            options += ["--payment", _PAYMENTS.get(option, option)]
    return options


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
    return options + _behaviour(sessions)
