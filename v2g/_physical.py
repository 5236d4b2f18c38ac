"""PhysicalValue conversion shared by the DIN and ISO 15118-2 machines (Value * 10^Multiplier)."""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")

_MIN, _MAX = -32768, 32767


_SCALES = tuple((m, 10.0**m, 32767.6 * 10.0**m, 32768.6 * 10.0**m) for m in range(-3, 4))
"""(multiplier, 10^multiplier, bounds just above the largest positive and negative magnitude that
fit a short at that multiplier): the exact check follows, the bounds only skip hopeless scales."""


def to_pv(cls: type[T], value: float, unit: Any) -> T:
    """The most precise PhysicalValue (Multiplier -3..3, Value a short) for ``value``."""
    magnitude = -value if value < 0 else value
    for multiplier, scale, pos_limit, neg_limit in _SCALES:
        if magnitude < (pos_limit if value >= 0 else neg_limit):  # skip scales that cannot fit
            scaled = round(value / scale)
            if _MIN <= scaled <= _MAX:
                return cls(Multiplier=multiplier, Unit=unit, Value=scaled)  # type: ignore[call-arg]
    return cls(Multiplier=3, Unit=unit, Value=_MAX if value > 0 else _MIN)  # type: ignore[call-arg]


def from_pv(pv: Any) -> float:
    """The float value of a PhysicalValue (None-safe for optional fields: returns 0.0)."""
    if pv is None:
        return 0.0
    return float(pv.Value) * 10.0 ** int(pv.Multiplier)
