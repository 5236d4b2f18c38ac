"""ISO 15118-2 SECC handlers of the power phase: DC cable check and pre-charge, PowerDelivery, the
charging loop (DC and AC), welding detection and SessionStop."""

from __future__ import annotations

from exi.iso2 import generated_types as m
from v2g._physical import from_pv
from v2g.errors import SessionError
from v2g.secc._limits import (
    ac_limits,
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
    pause_session,
    report_ev_profile,
    schedule_by_id,
    start_power,
)
from v2g.secc._spec import ADVANCE, STAY, Reply, Rx
from v2g.secc.iso2._shared import (
    AMPS,
    FINISHED,
    NO_ERROR,
    ONGOING,
    RC,
    VOLTS,
    WATTS,
    _ac_status,
    _dc_status,
    _status_el,
)
from v2g.secc.iso2.receipts import loop_meter, stopped_unsigned

# -------------------------------------------------------------------------------------- DC power


def cable_check_handler(ctx: SeccContext, req: m.CableCheckReq, rx: Rx) -> Reply:
    now = rx.now
    check_ev_error(req.DC_EVStatus.EVErrorCode, NO_ERROR)
    charging_fault(ctx, now)
    result = cable_check(ctx, ctx.request.max_voltage if ctx.request else 0.0, now)
    return Reply(
        m.CableCheckRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_dc_status(ctx.power.status(now), checking=result is None),
            EVSEProcessing=ONGOING if result is None else FINISHED,
        ),
        STAY if result is None else ADVANCE,
    )


def pre_charge(ctx: SeccContext, req: m.PreChargeReq, rx: Rx) -> Reply:
    now = rx.now
    check_ev_error(req.DC_EVStatus.EVErrorCode, NO_ERROR)
    st = charging_fault(ctx, now)
    lim = dc_limits(ctx.power, now)
    voltage, current = precharge_set_point(lim, from_pv(req.EVTargetVoltage), from_pv(req.EVTargetCurrent))
    ctx.power.set_precharge(voltage, current, now)
    return Reply(
        m.PreChargeRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_dc_status(st),
            EVSEPresentVoltage=VOLTS(present_voltage(ctx.power, now)),
        )
    )


def power_delivery_start(ctx: SeccContext, req: m.PowerDeliveryReq, rx: Rx) -> Reply:
    now = rx.now
    schedule = schedule_by_id(ctx, req.SAScheduleTupleID)
    if req.ChargingProfile is not None:
        entries = [
            (e.ChargingProfileEntryStart, from_pv(e.ChargingProfileEntryMaxPower))
            for e in req.ChargingProfile.ProfileEntry
        ]
        check_profile(schedule, entries)
        report_ev_profile(ctx, schedule.schedule_id, entries, now)
    ctx.schedule_id = schedule.schedule_id
    start_power(ctx, now)
    return Reply(m.PowerDeliveryRes(ResponseCode=RC.OK, EVSEStatus=_status_el(ctx, now)))


def power_delivery_renegotiate(ctx: SeccContext, req: m.PowerDeliveryReq, rx: Rx) -> Reply:
    ctx.renegotiations += 1
    return Reply(m.PowerDeliveryRes(ResponseCode=RC.OK, EVSEStatus=_status_el(ctx, rx.now)))


def power_delivery_stop(ctx: SeccContext, req: m.PowerDeliveryReq, rx: Rx) -> Reply:
    """ChargeProgress Stop, or an EV reporting an error: power off, the stop confirmed OK."""
    ctx.power.stop_power(rx.now)
    stopped_unsigned(ctx, rx)
    return Reply(m.PowerDeliveryRes(ResponseCode=RC.OK, EVSEStatus=_status_el(ctx, rx.now)))


def current_demand(ctx: SeccContext, req: m.CurrentDemandReq, rx: Rx) -> Reply:
    now = rx.now
    step = current_demand_step(ctx, req, NO_ERROR, now)
    st, lim = step.status, step.limits
    meter, receipt = loop_meter(ctx, rx)
    return Reply(
        m.CurrentDemandRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_dc_status(st),
            EVSEPresentVoltage=VOLTS(present_voltage(ctx.power, now)),
            EVSEPresentCurrent=AMPS(present_current(ctx.power, now)),
            EVSECurrentLimitAchieved=step.current_limited,
            EVSEVoltageLimitAchieved=step.voltage_limited,
            EVSEPowerLimitAchieved=step.power_limited,
            EVSEMaximumVoltageLimit=VOLTS(lim.max_voltage),
            EVSEMaximumCurrentLimit=AMPS(lim.max_current),
            EVSEMaximumPowerLimit=WATTS(lim.max_power),
            EVSEID=ctx.config.evse_id,
            SAScheduleTupleID=ctx.schedule_id or 1,
            MeterInfo=meter,
            ReceiptRequired=receipt,
        )
    )


def charging_status(ctx: SeccContext, req: m.ChargingStatusReq, rx: Rx) -> Reply:
    now = rx.now
    st = charging_fault(ctx, now)
    max_current = ac_limits(ctx.power, now).max_current
    ctx.power.set_ac_charging(True, now)
    ctx.loop_count += 1
    meter, receipt = loop_meter(ctx, rx)
    return Reply(
        m.ChargingStatusRes(
            ResponseCode=RC.OK,
            EVSEID=ctx.config.evse_id,
            SAScheduleTupleID=ctx.schedule_id or 1,
            EVSEMaxCurrent=AMPS(max_current),
            MeterInfo=meter,
            ReceiptRequired=receipt,
            AC_EVSEStatus=_ac_status(st),
        )
    )


def welding_detection(ctx: SeccContext, req: m.WeldingDetectionReq, rx: Rx) -> Reply:
    now = rx.now
    return Reply(
        m.WeldingDetectionRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_dc_status(ctx.power.status(now)),
            EVSEPresentVoltage=VOLTS(present_voltage(ctx.power, now)),
        ),
    )


def session_stop(ctx: SeccContext, req: m.SessionStopReq, rx: Rx) -> Reply:
    now = rx.now
    ctx.power.stop_power(now)
    stopped_unsigned(ctx, rx)
    if req.ChargingSession is m.chargingSessionType.Pause:
        if not ctx.config.pause:
            # a charger that cannot pause (SeccConfig.pause): the power is off, the session ends
            # terminated; SessionStopRes has OK, FAILED and FAILED_UnknownSession only (ISO 15118-2
            # responseCodeType as used for it), so FAILED, as the EVerest chargers of 2023 answered
            raise SessionError("FAILED", "Pause requested; this charger does not support pausing")
        pause_session(ctx, now)
        return Reply(m.SessionStopRes(ResponseCode=RC.OK), close=True, reason="paused")
    return Reply(m.SessionStopRes(ResponseCode=RC.OK), close=True, reason="terminated")
