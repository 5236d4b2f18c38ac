"""RationalNumber conversion for ISO 15118-20 (Value * 10^Exponent), beside :mod:`v2g._physical`.

An ISO 15118-20 RationalNumberType has a Value (xs:short) and an Exponent (xs:byte) and no unit:
the field names the unit. The senders here use the exponents -3..3, as for a PhysicalValue.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from v2g.errors import ControllerFault

T = TypeVar("T")

_MIN, _MAX = -32768, 32767


def to_rn(cls: type[T], value: float) -> T:
    """The most precise RationalNumber (Exponent -3..3, Value a short) for ``value``; a value beyond
    the largest is clamped, never wrapped; a value that is not finite is a :class:`ControllerFault`."""
    if not -math.inf < value < math.inf:  # NaN fails both comparisons
        raise ControllerFault(f"not a finite value: {value!r}")
    for exponent in range(-3, 4):
        scaled = round(value / 10.0**exponent)
        if _MIN <= scaled <= _MAX:
            return cls(Exponent=exponent, Value=scaled)  # type: ignore[call-arg]
    return cls(Exponent=3, Value=_MAX if value > 0 else _MIN)  # type: ignore[call-arg]


def rn_converter(cls: type[T], size: int = 256) -> Callable[[float], T]:
    """``to_rn`` for one class, remembering the last ``size`` values (the loop repeats its limits)."""

    @lru_cache(maxsize=size)
    def convert(value: float) -> T:
        return to_rn(cls, value)

    return convert


def from_rn(rn: Any) -> float:
    """The float value of a RationalNumber (None-safe for optional fields: returns 0.0)."""
    if rn is None:
        return 0.0
    value: float = rn.Value * 10.0 ** int(rn.Exponent)
    return value


def rn_or_none(rn: Any) -> float | None:
    """An optional RationalNumber's value, None when absent."""
    return None if rn is None else from_rn(rn)
