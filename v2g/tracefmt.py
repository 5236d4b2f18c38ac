"""One readable line per traced message: what the demo and ``v2g evcc`` print as a session runs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from v2g.trace import TraceRecord

# Fields worth a glance, in display order, with their short labels.
_FIELDS = (
    ("ResponseCode", "rc"),
    ("EVSEProcessing", "processing"),
    ("EVRESSSOC", "SoC%"),
    ("PresentSOC", "SoC%"),
    ("EVTargetVoltage", "target_V"),
    ("EVTargetCurrent", "target_A"),
    ("EVSEPresentVoltage", "V"),
    ("EVSEPresentCurrent", "A"),
    ("EVSETargetActivePower", "target_W"),
    ("EVSEPresentActivePower", "W"),
    ("EVSENotification", "notification"),
    ("ChargeProgress", "progress"),
    ("ChargingSession", "session"),
    ("SchemaID", "schema"),
)
_LABELS = dict(_FIELDS)


def physical(value: Any) -> float | None:
    """The number a quantity's dict form stands for: a DIN/ISO-2 PhysicalValue (Value x
    10^Multiplier) or an ISO 15118-20 RationalNumber (Value x 10^Exponent); None for anything else."""
    if isinstance(value, dict) and "Value" in value:
        exponent = value.get("Multiplier", value.get("Exponent"))
        if exponent is not None:
            return float(value["Value"]) * 10.0 ** int(exponent)
    return None


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            if physical(value) is None:
                yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def fields(record: TraceRecord) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in _walk(record.decoded or {}):
        mode = key.removeprefix("BPT_")
        if mode.startswith(("Scheduled_", "Dynamic_")) and "ControlMode" in key and "control" not in found:
            found["control"] = mode.split("_", 1)[0]  # ISO 15118-20: the control mode's element
        label = _LABELS.get(key)
        if label is None or label in found:
            continue
        number = physical(value)
        if number is not None:
            found[label] = f"{number:g}"
        elif isinstance(value, str | int | float | bool):
            found[label] = str(value)
    if "V" in found and "A" in found and "W" not in found:  # DC: the power (negative: discharge)
        found["kW"] = f"{float(found['V']) * float(found['A']) / 1000:.1f}"
    return {label: found[label] for label in (*_LABELS.values(), "kW", "control") if label in found}


def summarize(record: TraceRecord, start: float = 0.0, side: str = "ev") -> str:
    """``side``: whose trace this is, "ev" (EVCC) or "evse" (SECC)."""
    outgoing = record.direction == "tx"
    arrow = "EV -> EVSE" if outgoing == (side == "ev") else "EVSE -> EV"
    details = " ".join(f"{k}={v}" for k, v in fields(record).items())
    line = f"{record.time - start:8.3f}s  {arrow}  {record.protocol:4s} {record.message:32s} {details}"
    return line.rstrip()
