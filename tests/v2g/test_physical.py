"""PhysicalValue conversion: the most precise (Multiplier, Value) with Value a signed short."""

from __future__ import annotations

from typing import NamedTuple

from hypothesis import example, given
from hypothesis import strategies as st

from v2g._physical import from_pv, to_pv


class PV(NamedTuple):
    Multiplier: int
    Unit: object
    Value: int


def reference(value: float) -> tuple[int, int]:
    """The definition: the first multiplier from -3 up at which the rounded value fits."""
    for multiplier in range(-3, 4):
        scaled = round(value / 10.0**multiplier)
        if -32768 <= scaled <= 32767:
            return multiplier, scaled
    return 3, 32767 if value > 0 else -32768


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
@example(32.7675)
@example(-32.7685)
@example(-32768.0)
@example(32767.0)
@example(0.0)
@example(-0.0)
@example(4e7)
def test_to_pv_matches_the_definition(value: float) -> None:
    pv = to_pv(PV, value, "V")
    assert (pv.Multiplier, pv.Value) == reference(value)
    assert pv.Unit == "V"


def test_round_trip_keeps_precision() -> None:
    for value in (0.0, 1.5, 400.0, 123.456, 920.0, 350000.0, -12.25):
        assert abs(from_pv(to_pv(PV, value, None)) - value) <= abs(value) * 1e-4 + 1e-3
    assert from_pv(None) == 0.0
