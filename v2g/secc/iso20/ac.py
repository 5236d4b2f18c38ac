"""ISO 15118-20 SECC handlers of the AC service (service 1): AC_ChargeParameterDiscovery and the
AC charging loop (Scheduled and Dynamic). The rest of an AC session (set-up, services,
ScheduleExchange, PowerDelivery, SessionStop) is shared with DC.

-20 AC speaks in power (W), the power stage in current per phase (A): the EVSE's powers are its
nominal voltage x current x phases (three for ``AC_three_phase_core``). The values are totals, not
per phase (no ``_L2`` / ``_L3`` fields are sent).
"""

from __future__ import annotations

from exi.iso20 import generated_types as c
from exi.iso20_ac import generated_types as a
from v2g._rational import from_rn, rn_or_none
from v2g.controller import AcEvseLimits, EnergyRequest
from v2g.errors import SessionError
from v2g.secc._limits import ac_limits, ev_value, present_current, present_voltage
from v2g.secc._machine import SeccContext, charging_fault
from v2g.secc._spec import Reply, Rx
from v2g.secc.iso20._shared import NOMINAL_FREQUENCY, PENDING, RC, RN, ac_mode, evse_status, phases


def _power(ctx: SeccContext, lim: AcEvseLimits, current: float) -> float:
    return lim.nominal_voltage * current * phases(ctx.energy_mode)


def _ev_power(rn: c.RationalNumberType | None, name: str) -> float | None:
    value = rn_or_none(rn)
    return None if value is None else ev_value(value, name)


def ac_charge_parameter_discovery(ctx: SeccContext, req: a.AC_ChargeParameterDiscoveryReq, rx: Rx) -> Reply:
    """The EV's power limits kept as the session's EnergyRequest (currents per phase at the
    EVSE's nominal voltage); the EVSE's power limits from the power stage's AC limits."""
    p = req.AC_CPDReqEnergyTransferMode
    if not isinstance(p, a.AC_CPDReqEnergyTransferModeType) or isinstance(
        p, a.BPT_AC_CPDReqEnergyTransferModeType
    ):
        raise SessionError("FAILED_WrongChargeParameter", "the AC service needs AC_CPDReqEnergyTransferMode")
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
    return Reply(
        a.AC_ChargeParameterDiscoveryRes(
            Header=PENDING,
            ResponseCode=RC.OK,
            AC_CPDResEnergyTransferMode=a.AC_CPDResEnergyTransferMode(
                EVSEMaximumChargePower=RN(_power(ctx, lim, lim.max_current)),
                EVSEMinimumChargePower=RN(_power(ctx, lim, lim.min_current)),
                EVSENominalFrequency=RN(NOMINAL_FREQUENCY),
            ),
        )
    )


def _ev_limits(ctx: SeccContext, mode: object) -> tuple[float | None, float | None]:
    """(EV max W, EV min W) of the loop request, which must be in the session's control mode."""
    if ctx.control_mode == "Dynamic":
        if not isinstance(mode, a.Dynamic_AC_CLReqControlModeType) or isinstance(
            mode, a.BPT_Dynamic_AC_CLReqControlModeType
        ):
            raise SessionError(
                "FAILED_WrongChargeParameter", "Dynamic control mode needs Dynamic_AC_CLReqControlMode"
            )
    elif not isinstance(mode, a.Scheduled_AC_CLReqControlModeType) or isinstance(
        mode, a.BPT_Scheduled_AC_CLReqControlModeType
    ):
        raise SessionError(
            "FAILED_WrongChargeParameter", "Scheduled control mode needs Scheduled_AC_CLReqControlMode"
        )
    ev_value(from_rn(mode.EVPresentActivePower), "EVPresentActivePower")
    return (
        _ev_power(mode.EVMaximumChargePower, "EVMaximumChargePower"),
        _ev_power(mode.EVMinimumChargePower, "EVMinimumChargePower"),
    )


def _schedule_max(ctx: SeccContext) -> float | None:
    for s in ctx.schedules:
        if s.schedule_id == ctx.schedule_id:
            return max(p for _, p in s.pmax) if s.pmax else None
    return None


def ac_charge_loop(ctx: SeccContext, req: a.AC_ChargeLoopReq, rx: Rx) -> Reply:
    """The target active power: the EVSE's maximum, lowered to the EV's maximum where it sent
    one and (Scheduled) to the chosen schedule's highest limit; the power stage keeps charging
    (``set_ac_charging``) and reports what flows."""
    now = rx.now
    ev_max, _ev_min = _ev_limits(ctx, req.CLReqControlMode)
    st = charging_fault(ctx, now)
    lim = ac_limits(ctx.power, now)
    target = _power(ctx, lim, lim.max_current)
    if ev_max is not None and ev_max < target:
        target = ev_max
    cap = _schedule_max(ctx) if ctx.control_mode != "Dynamic" else None
    if cap is not None and cap < target:
        target = cap
    ctx.power.set_ac_charging(True, now)
    ctx.loop_count += 1
    present = present_voltage(ctx.power, now) * present_current(ctx.power, now) * phases(ctx.energy_mode)
    meter = None
    if req.MeterInfoRequested:
        reading = max(0, round(ctx.services.meter.meter_wh(now)))
        meter = c.MeterInfoType(MeterID="V2G-SIM-METER", ChargedEnergyReadingWh=reading)
    control: a.Scheduled_AC_CLResControlMode | a.Dynamic_AC_CLResControlMode
    if ctx.control_mode == "Dynamic":
        control = a.Dynamic_AC_CLResControlMode(
            EVSETargetActivePower=RN(target), EVSEPresentActivePower=RN(present)
        )
    else:
        control = a.Scheduled_AC_CLResControlMode(
            EVSETargetActivePower=RN(target), EVSEPresentActivePower=RN(present)
        )
    return Reply(
        a.AC_ChargeLoopRes(
            Header=PENDING,
            ResponseCode=RC.OK,
            EVSEStatus=evse_status(st),
            MeterInfo=meter,
            CLResControlMode=control,
        )
    )
