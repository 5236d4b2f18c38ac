"""PhysicalValue conversion shared by the DIN and ISO 15118-2 machines (Value * 10^Multiplier)."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from v2g.errors import ControllerFault

T = TypeVar("T")

_MIN, _MAX = -32768, 32767

_SCALES = tuple((m, 10.0**m, 32767.6 * 10.0**m, 32768.6 * 10.0**m) for m in range(-3, 4))
"""(multiplier, 10^multiplier, bounds just above the largest positive and negative magnitude that
fit a short at that multiplier): the exact check follows, the bounds only skip hopeless scales."""


def to_pv(cls: type[T], value: float, unit: Any) -> T:
    """The most precise PhysicalValue (Multiplier -3..3, Value a short) for ``value``.

    A value beyond what a PhysicalValue can carry is clamped to the largest (or lowest) one, never
    wrapped; a value that is not finite (NaN, infinity) is a :class:`ControllerFault`: no session
    sends it."""
    magnitude = -value if value < 0 else value
    if not magnitude < math.inf:  # NaN fails every comparison, so it is caught here too
        raise ControllerFault(f"not a finite value: {value!r} {getattr(unit, 'value', unit)}")
    for multiplier, scale, pos_limit, neg_limit in _SCALES:
        if magnitude < (pos_limit if value >= 0 else neg_limit):  # skip scales that cannot fit
            scaled = round(value / scale)
            if _MIN <= scaled <= _MAX:
                return cls(Multiplier=multiplier, Unit=unit, Value=scaled)  # type: ignore[call-arg]
    return cls(Multiplier=3, Unit=unit, Value=_MAX if value > 0 else _MIN)  # type: ignore[call-arg]


def converter(cls: type[T], unit: Any, size: int = 256) -> Callable[[float], T]:
    """``to_pv`` for one class and unit, remembering the last ``size`` values it converted.

    The charging loop sends the same limits in every message and present values that settle: a
    remembered PhysicalValue (immutable) costs a dictionary look-up instead of a construction."""

    @lru_cache(maxsize=size)
    def convert(value: float) -> T:
        return to_pv(cls, value, unit)

    return convert


_TEN_TO = {m: 10.0**m for m in range(-3, 4)}


def from_pv(pv: Any) -> float:
    """The float value of a PhysicalValue (None-safe for optional fields: returns 0.0)."""
    if pv is None:
        return 0.0
    scale = _TEN_TO.get(pv.Multiplier)
    if scale is None:  # not a multiplier the schema allows (-3..3); computed all the same
        scale = 10.0 ** int(pv.Multiplier)
    value: float = pv.Value * scale
    return value
