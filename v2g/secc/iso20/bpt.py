"""ISO 15118-20 SECC: bidirectional power (DC_BPT 6, AC_BPT 5) and the Dynamic control mode's
targets, shared by the DC and AC handlers.

Signs as -20 has them: power and current from the EVSE to the EV are positive, a discharge is
negative. The EVSE's discharge limits come from the power stage (``DcEvseLimits`` /
``AcEvseLimits`` discharge fields), the charger's Dynamic targets from a
:class:`~v2g.controller.DynamicControl` (no targets without one). Every value from the firmware is
checked here (finite, SoC 0..100: else a ControllerFault, handled as a firmware fault); every value
from the car through :func:`~v2g.secc._limits.ev_value` (FAILED_WrongChargeParameter).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from exi.iso20 import generated_types as c
from exi.iso20_dc import generated_types as d
from v2g._rational import from_rn, rn_or_none
from v2g.controller import NO_TARGETS, DcEvseLimits, DynamicTargets
from v2g.errors import ControllerFault
from v2g.secc._limits import dc_limits, ev_value
from v2g.secc._machine import SeccContext
from v2g.secc.iso20._shared import RN, is_ac, is_bpt

_INF = math.inf


def checked_dc_limits(ctx: SeccContext, now: float) -> DcEvseLimits:
    """The DC limits with their discharge fields checked too (finite, non-negative)."""
    lim = dc_limits(ctx.power, now)
    for value in (lim.max_discharge_current, lim.max_discharge_power, lim.min_discharge_current):
        if not 0.0 <= value < _INF:
            raise ControllerFault(f"dc_limits gave {lim}: every limit must be finite and non-negative")
    return lim


def bpt_dc_limits(lim: DcEvseLimits) -> dict[str, c.RationalNumberType]:
    """The EVSE's discharge limits of BPT_DC_CPDResEnergyTransferMode (magnitudes, as the schema
    names them: the maximum discharge power is the largest power the EVSE takes from the EV)."""
    return {
        "EVSEMaximumDischargePower": RN(lim.max_discharge_power),
        "EVSEMinimumDischargePower": RN(lim.min_discharge_current * lim.min_voltage),
        "EVSEMaximumDischargeCurrent": RN(lim.max_discharge_current),
        "EVSEMinimumDischargeCurrent": RN(lim.min_discharge_current),
    }


def ev_discharge_limits(current: c.RationalNumberType, power: c.RationalNumberType) -> tuple[float, float]:
    """The EV's maximum discharge current and power (magnitudes: negative is not a limit)."""
    return (
        ev_value(from_rn(current), "EVMaximumDischargeCurrent"),
        ev_value(from_rn(power), "EVMaximumDischargePower"),
    )


def ev_optional(rn: c.RationalNumberType | None, name: str) -> float | None:
    value = rn_or_none(rn)
    return None if value is None else ev_value(value, name)


DYNAMIC_CONTROL = ("dynamic_targets",)
"""The methods of :class:`~v2g.controller.DynamicControl`."""
BIDIRECTIONAL_AC = ("set_ac_power", "present_ac_power")
"""The methods of :class:`~v2g.controller.BidirectionalAc`."""


@lru_cache(maxsize=64)
def provides(cls: type, methods: tuple[str, ...]) -> bool:
    """Whether a controller class has an optional interface's methods, asked once per class:
    ``isinstance`` against a runtime-checkable Protocol walks its members on every call, and the
    loop asks every message."""
    return all(callable(getattr(cls, name, None)) for name in methods)


def dynamic_targets(ctx: SeccContext, now: float) -> DynamicTargets:
    """The charger's targets now (none without a DynamicControl); a power target that is not
    finite or a SoC outside 0..100 is a firmware fault. A non-BPT service never discharges: a
    negative power target there is 0."""
    if not provides(type(ctx.power), DYNAMIC_CONTROL):
        return NO_TARGETS
    t: DynamicTargets = ctx.power.dynamic_targets(now)  # type: ignore[attr-defined]
    if t.power is not None and not -_INF < t.power < _INF:
        raise ControllerFault(f"dynamic_targets gave power {t.power!r}: must be finite")
    for soc in (t.target_soc, t.min_soc):
        if soc is not None and not 0 <= soc <= 100:
            raise ControllerFault(f"dynamic_targets gave SoC {soc}: must be 0..100")
    for s in (t.departure_time, t.ack_max_delay):
        if s is not None and s < 0:
            raise ControllerFault(f"dynamic_targets gave {t}: times must not be negative")
    return t


def mobility(ctx: SeccContext, t: DynamicTargets) -> dict[str, Any]:
    """The Dynamic loop response's DepartureTime, MinimumSOC, TargetSOC (MobilityNeedsMode 2:
    the charger's) and AckMaxDelay (when the charger set targets)."""
    out: dict[str, Any] = {}
    if ctx.mobility_needs_mode == 2:
        out.update(DepartureTime=t.departure_time, MinimumSOC=t.min_soc, TargetSOC=t.target_soc)
    if t.ack_max_delay is not None:
        out["AckMaxDelay"] = min(t.ack_max_delay, 65535)
    return out


def _ev_max_power(ctx: SeccContext, now: float) -> float:
    if is_ac(ctx):
        lim = ctx.power.ac_limits(now)
        phases = 3 if ctx.energy_mode is not None and ctx.energy_mode.value == "AC_three_phase_core" else 1
        return lim.nominal_voltage * lim.max_current * phases
    return checked_dc_limits(ctx, now).max_power


def provisional_tuple(ctx: SeccContext, now: float, wall: float) -> c.ScheduleTupleType:
    """The one ScheduleTuple of an Ongoing Scheduled answer: the EVSE's present maximum power."""
    return c.ScheduleTupleType(
        ScheduleTupleID=1,
        ChargingSchedule=_power_schedule(wall, _ev_max_power(ctx, now)),
    )


def _power_schedule(wall: float, power: float) -> c.ChargingScheduleType:
    entry = c.PowerScheduleEntryType(Duration=86400, Power=RN(power))
    return c.ChargingScheduleType(
        PowerSchedule=c.PowerScheduleType(
            TimeAnchor=max(0, int(wall)),
            PowerScheduleEntries=c.PowerScheduleEntryListType(PowerScheduleEntry=(entry,)),
        )
    )


def discharging_schedule(ctx: SeccContext, now: float, wall: float) -> c.ChargingScheduleType | None:
    """BPT, Scheduled: the ScheduleTuple's DischargingSchedule, the EVSE's maximum discharge power
    as a negative power over the schedule's day; None outside BPT."""
    if not is_bpt(ctx):
        return None
    if is_ac(ctx):
        lim = ctx.power.ac_limits(now)
        phases = 3 if ctx.energy_mode is not None and ctx.energy_mode.value == "AC_three_phase_core" else 1
        dis = lim.nominal_voltage * lim.max_discharge_current * phases
    else:
        dis = checked_dc_limits(ctx, now).max_discharge_power
    return _power_schedule(wall, -dis)


def discharge_current(
    lim: DcEvseLimits, wanted: float, voltage: float, ev_current: float | None, ev_power: float | None
) -> tuple[float, bool]:
    """The discharge current (a magnitude) for a wanted one: within the EVSE's and the EV's
    discharge current and power; and whether an EVSE limit clamped it."""
    v = voltage if voltage > 1.0 else 1.0
    evse = min(lim.max_discharge_current, lim.max_discharge_power / v)
    i = min(wanted, evse)
    if ev_current is not None:
        i = min(i, ev_current)
    if ev_power is not None:
        i = min(i, ev_power / v)
    return i, wanted > evse


def dc_bpt_response(ctx: SeccContext, lim: DcEvseLimits, t: DynamicTargets) -> Any:
    """The BPT loop response's control mode, the EVSE's charge and discharge limits."""
    if ctx.control_mode == "Dynamic":
        return d.BPT_Dynamic_DC_CLResControlMode(
            **mobility(ctx, t),
            EVSEMaximumChargePower=RN(lim.max_power),
            EVSEMinimumChargePower=RN(lim.min_current * lim.min_voltage),
            EVSEMaximumChargeCurrent=RN(lim.max_current),
            EVSEMaximumVoltage=RN(lim.max_voltage),
            EVSEMaximumDischargePower=RN(lim.max_discharge_power),
            EVSEMinimumDischargePower=RN(lim.min_discharge_current * lim.min_voltage),
            EVSEMaximumDischargeCurrent=RN(lim.max_discharge_current),
            EVSEMinimumVoltage=RN(lim.min_voltage),
        )
    return d.BPT_Scheduled_DC_CLResControlMode(
        EVSEMaximumChargePower=RN(lim.max_power),
        EVSEMaximumChargeCurrent=RN(lim.max_current),
        EVSEMaximumVoltage=RN(lim.max_voltage),
        EVSEMaximumDischargePower=RN(lim.max_discharge_power),
        EVSEMaximumDischargeCurrent=RN(lim.max_discharge_current),
        EVSEMinimumVoltage=RN(lim.min_voltage),
    )
