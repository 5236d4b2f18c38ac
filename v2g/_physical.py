"""PhysicalValue conversion shared by the DIN and ISO 15118-2 machines (Value * 10^Multiplier)."""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")

_MIN, _MAX = -32768, 32767


def to_pv(cls: type[T], value: float, unit: Any) -> T:
    """The most precise PhysicalValue (Multiplier -3..3, Value a short) for ``value``."""
    for multiplier in range(-3, 4):
        scaled = round(value / 10.0**multiplier)
        if _MIN <= scaled <= _MAX:
            return cls(Multiplier=multiplier, Unit=unit, Value=scaled)  # type: ignore[call-arg]
    return cls(Multiplier=3, Unit=unit, Value=_MAX if value > 0 else _MIN)  # type: ignore[call-arg]


def from_pv(pv: Any) -> float:
    """The float value of a PhysicalValue (None-safe for optional fields: returns 0.0)."""
    if pv is None:
        return 0.0
    return float(pv.Value) * 10.0 ** int(pv.Multiplier)
