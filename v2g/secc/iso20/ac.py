"""ISO 15118-20 SECC handlers of the AC service (service 1): AC_ChargeParameterDiscovery and the
AC charging loop (Scheduled and Dynamic). The rest of an AC session (set-up, services,
ScheduleExchange, PowerDelivery, SessionStop) is shared with DC.

-20 AC speaks in power (W), the power stage in current per phase (A): the EVSE's powers are its
nominal voltage x current x phases (three for ``AC_three_phase_core``). The values are totals, not
per phase (no ``_L2`` / ``_L3`` fields are sent).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from exi.iso20 import generated_types as c
from exi.iso20_ac import generated_types as a
from v2g._rational import from_rn, rn_or_none
from v2g.controller import NO_TARGETS, AcEvseLimits, DynamicTargets, EnergyRequest
from v2g.errors import ControllerFault, SessionError
from v2g.secc._limits import ac_limits, ev_value, present_current, present_voltage
from v2g.secc._machine import SeccContext, charging_fault
from v2g.secc._spec import Reply, Rx
from v2g.secc.iso20._shared import (
    NOMINAL_FREQUENCY,
    PENDING,
    RC,
    RN,
    ac_mode,
    checked_mode,
    evse_status,
    in_standby,
    is_bpt,
    phases,
)
from v2g.secc.iso20.bpt import BIDIRECTIONAL_AC, dynamic_targets, mobility, provides
from v2g.secc.iso20.metering import loop_metering


def _power(ctx: SeccContext, lim: AcEvseLimits, current: float) -> float:
    return lim.nominal_voltage * current * phases(ctx.energy_mode)


def _ev_power(rn: c.RationalNumberType | None, name: str) -> float | None:
    value = rn_or_none(rn)
    return None if value is None else ev_value(value, name)


def ac_charge_parameter_discovery(ctx: SeccContext, req: a.AC_ChargeParameterDiscoveryReq, rx: Rx) -> Reply:
    """The EV's power limits kept as the session's EnergyRequest (currents per phase at the
    EVSE's nominal voltage); the EVSE's power limits from the power stage's AC limits."""
    p = req.AC_CPDReqEnergyTransferMode
    bpt = is_bpt(ctx)
    if not isinstance(p, a.AC_CPDReqEnergyTransferModeType) or bpt != isinstance(
        p, a.BPT_AC_CPDReqEnergyTransferModeType
    ):
        wanted = "BPT_AC_CPDReqEnergyTransferMode" if bpt else "AC_CPDReqEnergyTransferMode"
        raise SessionError("FAILED_WrongChargeParameter", f"the selected service needs {wanted}")
    max_power = ev_value(from_rn(p.EVMaximumChargePower), "EVMaximumChargePower")
    min_power = ev_value(from_rn(p.EVMinimumChargePower), "EVMinimumChargePower")
    if min_power > max_power:
        raise SessionError(
            "FAILED_WrongChargeParameter",
            f"EVMinimumChargePower {min_power:g} W above EVMaximumChargePower {max_power:g} W",
        )
    lim = ac_limits(ctx.power, rx.now)
    mode = ctx.energy_mode or ac_mode(ctx)
    per_amp = _power(ctx, lim, 1.0) or 1.0
    ctx.request = EnergyRequest(
        mode, lim.nominal_voltage, max_power / per_amp, max_power, min_power / per_amp
    )
    charge = {
        "EVSEMaximumChargePower": RN(_power(ctx, lim, lim.max_current)),
        "EVSEMinimumChargePower": RN(_power(ctx, lim, lim.min_current)),
        "EVSENominalFrequency": RN(NOMINAL_FREQUENCY),
    }
    res: a.AC_CPDResEnergyTransferMode | a.BPT_AC_CPDResEnergyTransferMode
    if isinstance(p, a.BPT_AC_CPDReqEnergyTransferModeType):
        ev_dis = ev_value(from_rn(p.EVMaximumDischargePower), "EVMaximumDischargePower")
        ctx.request = dataclasses.replace(
            ctx.request, max_discharge_power=ev_dis, max_discharge_current=ev_dis / per_amp
        )
        res = a.BPT_AC_CPDResEnergyTransferMode(
            **charge,
            EVSEMaximumDischargePower=RN(_power(ctx, lim, lim.max_discharge_current)),
            EVSEMinimumDischargePower=RN(0.0),
        )
    else:
        res = a.AC_CPDResEnergyTransferMode(**charge)
    return Reply(
        a.AC_ChargeParameterDiscoveryRes(Header=PENDING, ResponseCode=RC.OK, AC_CPDResEnergyTransferMode=res)
    )


_MODES = {
    (False, False): a.Scheduled_AC_CLReqControlModeType,
    (False, True): a.Dynamic_AC_CLReqControlModeType,
    (True, False): a.BPT_Scheduled_AC_CLReqControlModeType,
    (True, True): a.BPT_Dynamic_AC_CLReqControlModeType,
}
_BPT_MODES = (a.BPT_Scheduled_AC_CLReqControlModeType, a.BPT_Dynamic_AC_CLReqControlModeType)


def _schedule_max(ctx: SeccContext) -> float | None:
    for s in ctx.schedules:
        if s.schedule_id == ctx.schedule_id:
            return max(p for _, p in s.pmax) if s.pmax else None
    return None


def _target(ctx: SeccContext, mode: Any, lim: AcEvseLimits, t: DynamicTargets) -> float:
    """The target active power (W, negative: discharge). Charging: the EVSE's maximum, lowered to
    the EV's maximum, (Scheduled) the chosen schedule's highest limit and (Dynamic) the charger's
    power target. Discharging (BPT: the charger's negative target, Dynamic; the EV's own negative
    present power, Scheduled): within the EVSE's and the EV's discharge power."""
    ev_max = _ev_power(mode.EVMaximumChargePower, "EVMaximumChargePower")
    present = from_rn(mode.EVPresentActivePower)
    if not is_bpt(ctx):
        ev_value(present, "EVPresentActivePower")  # a plain AC car never feeds the grid
    target = _power(ctx, lim, lim.max_current)
    if ev_max is not None and ev_max < target:
        target = ev_max
    cap = _schedule_max(ctx) if ctx.control_mode != "Dynamic" else None
    if cap is not None and cap < target:
        target = cap
    wanted = t.power if ctx.control_mode == "Dynamic" else (present if present < 0 else None)
    if wanted is None:
        return target
    if wanted >= 0 or not isinstance(mode, _BPT_MODES):
        return min(target, max(wanted, 0.0))
    ev_dis = _ev_power(mode.EVMaximumDischargePower, "EVMaximumDischargePower")
    dis = min(-wanted, _power(ctx, lim, lim.max_discharge_current))
    return -(dis if ev_dis is None else min(dis, ev_dis))


def _present_power(ctx: SeccContext, target: float, now: float) -> float:
    """What flows: a BPT stage says it (it was told the target); a plain one knows only the
    voltage and the current its outlet offers, and the car draws at most the target it was given
    (EVSETargetActivePower), so the lower of the two (no 22 kW reported against an 11 kW target)."""
    if provides(type(ctx.power), BIDIRECTIONAL_AC):
        value: float = ctx.power.present_ac_power(now)  # type: ignore[attr-defined]
        if not -math.inf < value < math.inf:
            raise ControllerFault(f"present_ac_power gave {value!r}: must be finite")
        return value
    offered = present_voltage(ctx.power, now) * present_current(ctx.power, now) * phases(ctx.energy_mode)
    return min(offered, max(target, 0.0))


def ac_charge_loop(ctx: SeccContext, req: a.AC_ChargeLoopReq, rx: Rx) -> Reply:
    """The target active power (:func:`_target`); an EVSE with BPT (``BidirectionalAc``) is told
    it, and every one keeps charging (``set_ac_charging``) and reports what flows."""
    now = rx.now
    mode = checked_mode(ctx, req.CLReqControlMode, _MODES)
    _ev_power(mode.EVMinimumChargePower, "EVMinimumChargePower")
    st = charging_fault(ctx, now)
    lim = ac_limits(ctx.power, now)
    dynamic = ctx.control_mode == "Dynamic"
    t = dynamic_targets(ctx, now) if dynamic else NO_TARGETS
    target = _target(ctx, mode, lim, t)
    if in_standby(ctx):  # [V2G20-2192] the loop goes on in standby, no energy
        target = 0.0
    else:
        ctx.power.set_ac_charging(True, now)
    if provides(type(ctx.power), BIDIRECTIONAL_AC):
        ctx.power.set_ac_power(target, now)  # type: ignore[attr-defined]
    ctx.loop_count += 1
    present = _present_power(ctx, target, now)
    meter = None
    if req.MeterInfoRequested:
        reading = max(0, round(ctx.services.meter.meter_wh(now)))
        meter = c.MeterInfoType(MeterID="V2G-SIM-METER", ChargedEnergyReadingWh=reading)
    meter, status = loop_metering(ctx, rx, meter, evse_status(st))  # PnC: MeteringConfirmation
    values: dict[str, Any] = {"EVSETargetActivePower": RN(target), "EVSEPresentActivePower": RN(present)}
    bpt = is_bpt(ctx)
    control: Any
    if dynamic:
        kind = a.BPT_Dynamic_AC_CLResControlMode if bpt else a.Dynamic_AC_CLResControlMode
        control = kind(**mobility(ctx, t), **values)
    else:
        control = (a.BPT_Scheduled_AC_CLResControlMode if bpt else a.Scheduled_AC_CLResControlMode)(**values)
    return Reply(
        a.AC_ChargeLoopRes(
            Header=PENDING,
            ResponseCode=RC.OK,
            EVSEStatus=status,
            MeterInfo=meter,
            CLResControlMode=control,
        )
    )
