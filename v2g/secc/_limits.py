"""The values that cross the SECC between the car and the power stage, checked where they are read.

From the firmware (once per message, where the handler reads them): the EVSE's limits and its
present values must be finite and non-negative. Anything else (a NaN limit would switch off every
comparison below; an infinite one would be sent to the car as the largest PhysicalValue) is a
:class:`~v2g.errors.ControllerFault`, which the session boundary treats as a firmware fault:
FAILED, power off, session ended, the reason kept.

From the car: a PhysicalValue is always finite (Value a short, Multiplier -3..3), but it can be
negative or far above what the EVSE can give. DC charging in DIN 70121 and ISO 15118-2 has no
reverse power flow, so a negative target or EV limit is not a charge parameter the EVSE can apply:
FAILED_WrongChargeParameter. A target above the EVSE's maximum is not an error: the EVSE delivers
what it can and says so with EVSECurrentLimitAchieved / EVSEVoltageLimitAchieved /
EVSEPowerLimitAchieved (ISO 15118-2 and DIN 70121, CurrentDemandRes: "TRUE if the EVSE has reached
its current / voltage / power limit"). The power stage only ever sees set points in [0, limit].
"""

from __future__ import annotations

import math
from typing import Any

from v2g._physical import from_pv
from v2g.controller import AcEvseLimits, DcEvseLimits, PowerStage
from v2g.errors import ControllerFault, SessionError

_INF = math.inf
PRECHARGE_MAX_CURRENT = 2.0
"""IEC 61851-23 (DC charging, pre-charge): the EVSE limits the pre-charge current to 2 A."""


def _ok(value: float) -> bool:
    return 0.0 <= value < _INF  # False for NaN, infinities and negative values


def _opt_ok(value: float | None) -> bool:
    return value is None or 0.0 <= value < _INF


def dc_limits(power: PowerStage, now: float) -> DcEvseLimits:
    """The power stage's DC limits, finite and non-negative (else a ControllerFault)."""
    lim = power.dc_limits(now)
    if not (
        0.0 <= lim.max_voltage < _INF
        and 0.0 <= lim.max_current < _INF
        and 0.0 <= lim.max_power < _INF
        and 0.0 <= lim.min_voltage < _INF
        and 0.0 <= lim.min_current < _INF
        and 0.0 <= lim.peak_current_ripple < _INF
        and _opt_ok(lim.current_regulation_tolerance)
        and _opt_ok(lim.energy_to_be_delivered)
    ):
        raise ControllerFault(f"dc_limits gave {lim}: every limit must be finite and non-negative")
    return lim


def ac_limits(power: PowerStage, now: float) -> AcEvseLimits:
    """The power stage's AC limits, finite and non-negative (else a ControllerFault)."""
    lim = power.ac_limits(now)
    if not (_ok(lim.nominal_voltage) and _ok(lim.max_current) and _ok(lim.min_current)):
        raise ControllerFault(f"ac_limits gave {lim}: every limit must be finite and non-negative")
    return lim


def present_voltage(power: PowerStage, now: float) -> float:
    value = power.present_voltage(now)
    if not 0.0 <= value < _INF:
        raise ControllerFault(f"present_voltage gave {value!r}: must be finite and non-negative")
    return value


def present_current(power: PowerStage, now: float) -> float:
    value = power.present_current(now)
    if not 0.0 <= value < _INF:
        raise ControllerFault(f"present_current gave {value!r}: must be finite and non-negative")
    return value


def ev_value(value: float, name: str) -> float:
    """A value from the car that must be non-negative (a target, an EV limit): else
    FAILED_WrongChargeParameter (see the module docstring)."""
    if not 0.0 <= value < _INF:
        raise SessionError("FAILED_WrongChargeParameter", f"{name} {value:g} is not a charge parameter")
    return value


def precharge_set_point(lim: DcEvseLimits, voltage: float, current: float) -> tuple[float, float]:
    """(voltage, current) for ``set_precharge``: the EV's target voltage must be within the EVSE's
    range (FAILED_WrongChargeParameter otherwise: the EVSE cannot match the battery); the current
    is limited to the pre-charge maximum and the EVSE's maximum current and power."""
    if not 0.0 <= voltage <= lim.max_voltage:
        raise SessionError(
            "FAILED_WrongChargeParameter",
            f"pre-charge target {voltage:g} V outside the EVSE's 0..{lim.max_voltage:g} V",
        )
    ev_value(current, "EVTargetCurrent")
    power_current = lim.max_power / (voltage if voltage > 1.0 else 1.0)
    return voltage, min(current, PRECHARGE_MAX_CURRENT, lim.max_current, power_current)


def dc_set_point(
    lim: DcEvseLimits,
    v_target: float,
    i_target: float,
    ev_max_voltage: float | None = None,
    ev_max_current: float | None = None,
    ev_max_power: float | None = None,
) -> tuple[float, float, bool, bool, bool]:
    """(voltage, current, current limit achieved, voltage limit achieved, power limit achieved)
    for ``set_current_demand``: the EV's targets clamped to the EVSE's limits (and to the EV's own
    maximum limits where it sent them); the flags say which EVSE limit clamped them."""
    if not (0.0 <= v_target < _INF and 0.0 <= i_target < _INF):
        raise SessionError(
            "FAILED_WrongChargeParameter",
            f"CurrentDemand target {v_target:g} V / {i_target:g} A is not a charge parameter",
        )
    max_v = lim.max_voltage
    v_set = v_target if v_target <= max_v else max_v
    if ev_max_voltage is not None and v_set > ev_max_voltage:
        v_set = ev_max_voltage
    power_current = lim.max_power / (v_set if v_set > 1.0 else 1.0)
    i_set = min(i_target, lim.max_current, power_current)
    if ev_max_current is not None and i_set > ev_max_current:
        i_set = ev_max_current
    if ev_max_power is not None and i_set * v_set > ev_max_power:
        i_set = ev_max_power / (v_set if v_set > 1.0 else 1.0)
    return (
        v_set,
        i_set,
        i_target > lim.max_current,
        v_target > max_v,
        i_target > power_current,
    )


def ev_limit(pv: Any, name: str) -> float | None:
    """An optional PhysicalValue from the car that must not be negative (None when absent)."""
    return None if pv is None else ev_value(from_pv(pv), name)
