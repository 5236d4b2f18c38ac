"""DIN 70121 SECC handlers of the power phase: cable check, pre-charge, PowerDelivery, CurrentDemand,
welding detection and SessionStop."""

from __future__ import annotations

from exi.din import generated_types as d
from v2g._physical import from_pv
from v2g.secc._limits import (
    dc_limits,
    precharge_set_point,
    present_current,
    present_voltage,
)
from v2g.secc._machine import (
    SeccContext,
    cable_check,
    charging_fault,
    check_ev_error,
    check_profile,
    current_demand_step,
    schedule_by_id,
    start_power,
)
from v2g.secc._spec import ADVANCE, STAY, Reply, Rx
from v2g.secc.din._shared import (
    AMPS,
    FINISHED,
    NO_ERROR,
    ONGOING,
    RC,
    VOLTS,
    WATTS,
    _status,
    _status_el,
)

# -------------------------------------------------------------------------------------- DC power


def cable_check_handler(ctx: SeccContext, req: d.CableCheckReq, rx: Rx) -> Reply:
    now = rx.now
    check_ev_error(req.DC_EVStatus.EVErrorCode, NO_ERROR)
    charging_fault(ctx, now)
    ev_voltage = ctx.request.max_voltage if ctx.request else 0.0
    result = cable_check(ctx, ev_voltage, now)
    return Reply(
        d.CableCheckRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_status(ctx.power.status(now), checking=result is None),
            EVSEProcessing=ONGOING if result is None else FINISHED,
        ),
        STAY if result is None else ADVANCE,
    )


def pre_charge(ctx: SeccContext, req: d.PreChargeReq, rx: Rx) -> Reply:
    now = rx.now
    check_ev_error(req.DC_EVStatus.EVErrorCode, NO_ERROR)
    st = charging_fault(ctx, now)
    lim = dc_limits(ctx.power, now)
    voltage, current = precharge_set_point(lim, from_pv(req.EVTargetVoltage), from_pv(req.EVTargetCurrent))
    ctx.power.set_precharge(voltage, current, now)
    return Reply(
        d.PreChargeRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_status(st),
            EVSEPresentVoltage=VOLTS(present_voltage(ctx.power, now)),
        )
    )


def _profile(req: d.PowerDeliveryReq) -> tuple[int | None, list[tuple[int, float]]]:
    if req.ChargingProfile is None:
        return None, []
    prof = req.ChargingProfile
    return prof.SAScheduleTupleID, [
        (e.ChargingProfileEntryStart, float(e.ChargingProfileEntryMaxPower)) for e in prof.ProfileEntry
    ]


def power_delivery_start(ctx: SeccContext, req: d.PowerDeliveryReq, rx: Rx) -> Reply:
    now = rx.now
    schedule_id, entries = _profile(req)
    if schedule_id is not None:
        check_profile(schedule_by_id(ctx, schedule_id), entries)
        ctx.schedule_id = schedule_id
    start_power(ctx, now)
    return Reply(d.PowerDeliveryRes(ResponseCode=RC.OK, EVSEStatus=_status_el(ctx, now)))


def power_delivery_stop(ctx: SeccContext, req: d.PowerDeliveryReq, rx: Rx) -> Reply:
    """ReadyToChargeState false, or an EV reporting an error: the power goes off and the stop is
    confirmed OK (real cars stopping for their own error still get their stop answered)."""
    ctx.power.stop_power(rx.now)
    return Reply(d.PowerDeliveryRes(ResponseCode=RC.OK, EVSEStatus=_status_el(ctx, rx.now)))


def current_demand(ctx: SeccContext, req: d.CurrentDemandReq, rx: Rx) -> Reply:
    now = rx.now
    step = current_demand_step(ctx, req, NO_ERROR, now)
    st, lim = step.status, step.limits
    return Reply(
        d.CurrentDemandRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_status(st),
            EVSEPresentVoltage=VOLTS(present_voltage(ctx.power, now)),
            EVSEPresentCurrent=AMPS(present_current(ctx.power, now)),
            EVSECurrentLimitAchieved=step.current_limited,
            EVSEVoltageLimitAchieved=step.voltage_limited,
            EVSEPowerLimitAchieved=step.power_limited,
            EVSEMaximumVoltageLimit=VOLTS(lim.max_voltage),
            EVSEMaximumCurrentLimit=AMPS(lim.max_current),
            EVSEMaximumPowerLimit=WATTS(lim.max_power),
        )
    )


def welding_detection(ctx: SeccContext, req: d.WeldingDetectionReq, rx: Rx) -> Reply:
    now = rx.now
    return Reply(
        d.WeldingDetectionRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_status(ctx.power.status(now)),
            EVSEPresentVoltage=VOLTS(present_voltage(ctx.power, now)),
        ),
    )


def session_stop(ctx: SeccContext, req: d.SessionStopReq, rx: Rx) -> Reply:
    now = rx.now
    ctx.power.stop_power(now)
    return Reply(d.SessionStopRes(ResponseCode=RC.OK), close=True, reason="terminated")
