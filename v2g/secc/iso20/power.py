"""ISO 15118-20 SECC handlers of the DC power phase: cable check, pre-charge, PowerDelivery, the
charging loop (Scheduled and Dynamic), welding detection and SessionStop."""

from __future__ import annotations

from exi.iso20 import generated_types as c
from exi.iso20_dc import generated_types as d
from v2g._rational import from_rn, rn_or_none
from v2g.controller import Schedule
from v2g.errors import SessionError
from v2g.secc._limits import (
    PRECHARGE_MAX_CURRENT,
    dc_limits,
    dc_set_point,
    ev_value,
    precharge_set_point,
    present_current,
    present_voltage,
)
from v2g.secc._machine import (
    SeccContext,
    cable_check,
    charging_fault,
    check_profile,
    pause_session,
    start_power,
)
from v2g.secc._spec import ADVANCE, STAY, Reply, Rx
from v2g.secc.iso20._shared import FINISHED, ONGOING, PENDING, RC, RN, S, evse_status

# -------------------------------------------------------------------------------------- DC power


def cable_check_handler(ctx: SeccContext, req: d.DC_CableCheckReq, rx: Rx) -> Reply:
    now = rx.now
    charging_fault(ctx, now)
    result = cable_check(ctx, ctx.request.max_voltage if ctx.request else 0.0, now)
    return Reply(
        d.DC_CableCheckRes(
            Header=PENDING, ResponseCode=RC.OK, EVSEProcessing=ONGOING if result is None else FINISHED
        ),
        STAY if result is None else ADVANCE,
    )


def pre_charge(ctx: SeccContext, req: d.DC_PreChargeReq, rx: Rx) -> Reply:
    """The EV repeats DC_PreChargeReq with EVProcessing Ongoing until its battery voltage is
    matched; with Finished the next request is PowerDelivery(Start)."""
    now = rx.now
    charging_fault(ctx, now)
    lim = dc_limits(ctx.power, now)
    voltage, current = precharge_set_point(lim, from_rn(req.EVTargetVoltage), PRECHARGE_MAX_CURRENT)
    ctx.power.set_precharge(voltage, current, now)
    return Reply(
        d.DC_PreChargeRes(
            Header=PENDING, ResponseCode=RC.OK, EVSEPresentVoltage=RN(present_voltage(ctx.power, now))
        ),
        S.PRE_CHARGE if req.EVProcessing is not FINISHED else ADVANCE,
    )


def _schedule(ctx: SeccContext, schedule_id: int) -> Schedule:
    for s in ctx.schedules:
        if s.schedule_id == schedule_id:
            return s
    raise SessionError("FAILED_ScheduleSelectionInvalid", f"ScheduleTupleID {schedule_id} not offered")


def power_delivery_start(ctx: SeccContext, req: c.PowerDeliveryReq, rx: Rx) -> Reply:
    now = rx.now
    if req.EVProcessing is not FINISHED:
        # the EV is not ready yet (it sends its power profile with Finished): confirm, wait for it
        return Reply(c.PowerDeliveryRes(Header=PENDING, ResponseCode=RC.OK), STAY)
    profile = req.EVPowerProfile
    if ctx.control_mode == "Dynamic":  # no schedule to keep to: the EVSE steers the power
        start_power(ctx, now)
        return Reply(
            c.PowerDeliveryRes(
                Header=PENDING, ResponseCode=RC.OK, EVSEStatus=evse_status(ctx.power.status(now))
            )
        )
    if profile is None or profile.Scheduled_EVPPTControlMode is None:
        raise SessionError("FAILED_EVPowerProfileInvalid", "Scheduled control mode needs an EVPowerProfile")
    schedule = _schedule(ctx, profile.Scheduled_EVPPTControlMode.SelectedScheduleTupleID)
    entries, start = [], 0
    for e in profile.EVPowerProfileEntries.EVPowerProfileEntry:
        entries.append((start, from_rn(e.Power)))
        start += e.Duration
    try:
        check_profile(schedule, entries)
    except SessionError as err:  # the -20 code for a profile above the chosen schedule
        raise SessionError("FAILED_EVPowerProfileInvalid", str(err)) from err
    ctx.schedule_id = schedule.schedule_id
    start_power(ctx, now)
    return Reply(
        c.PowerDeliveryRes(Header=PENDING, ResponseCode=RC.OK, EVSEStatus=evse_status(ctx.power.status(now)))
    )


def power_delivery_stop(ctx: SeccContext, req: c.PowerDeliveryReq, rx: Rx) -> Reply:
    """ChargeProgress Stop: power off, the stop confirmed OK."""
    ctx.power.stop_power(rx.now)
    return Reply(c.PowerDeliveryRes(Header=PENDING, ResponseCode=RC.OK))


def _ev_limit(rn: c.RationalNumberType | None, name: str) -> float | None:
    value = rn_or_none(rn)
    return None if value is None else ev_value(value, name)


def _targets(ctx: SeccContext, mode: object) -> tuple[float, float, float | None, float | None, float | None]:
    """(target V, target A, EV max V, EV max A, EV max W) of the loop request in the session's mode.

    Scheduled: the EV's targets. Dynamic: the EV gives only its limits and the EVSE steers, so the
    targets are the EV's maximum voltage and current (the power stage regulates within them)."""
    if ctx.control_mode == "Dynamic":
        if not isinstance(mode, d.Dynamic_DC_CLReqControlModeType) or isinstance(
            mode, d.BPT_Dynamic_DC_CLReqControlModeType
        ):
            raise SessionError(
                "FAILED_WrongChargeParameter", "Dynamic control mode needs Dynamic_DC_CLReqControlMode"
            )
        v_max = ev_value(from_rn(mode.EVMaximumVoltage), "EVMaximumVoltage")
        i_max = ev_value(from_rn(mode.EVMaximumChargeCurrent), "EVMaximumChargeCurrent")
        p_max = ev_value(from_rn(mode.EVMaximumChargePower), "EVMaximumChargePower")
        return v_max, i_max, v_max, i_max, p_max
    if not isinstance(mode, d.Scheduled_DC_CLReqControlModeType) or isinstance(
        mode, d.BPT_Scheduled_DC_CLReqControlModeType
    ):
        raise SessionError(
            "FAILED_WrongChargeParameter", "Scheduled control mode needs Scheduled_DC_CLReqControlMode"
        )
    return (
        from_rn(mode.EVTargetVoltage),
        from_rn(mode.EVTargetCurrent),
        _ev_limit(mode.EVMaximumVoltage, "EVMaximumVoltage"),
        _ev_limit(mode.EVMaximumChargeCurrent, "EVMaximumChargeCurrent"),
        _ev_limit(mode.EVMaximumChargePower, "EVMaximumChargePower"),
    )


def charge_loop(ctx: SeccContext, req: d.DC_ChargeLoopReq, rx: Rx) -> Reply:
    """The EV's targets (or, Dynamic, its limits) clamped to the EVSE's limits and the EV's own
    maxima (``v2g.secc._limits``), the set point handed to the power stage."""
    now = rx.now
    targets = _targets(ctx, req.CLReqControlMode)
    st = charging_fault(ctx, now)
    lim = dc_limits(ctx.power, now)
    v_set, i_set, current_limited, voltage_limited, power_limited = dc_set_point(lim, *targets)
    ctx.power.set_current_demand(v_set, i_set, now)
    ctx.loop_count += 1
    meter = None
    if req.MeterInfoRequested:
        reading = max(0, round(ctx.services.meter.meter_wh(now)))
        meter = c.MeterInfoType(MeterID="V2G-SIM-METER", ChargedEnergyReadingWh=reading)
    control: d.Scheduled_DC_CLResControlMode | d.Dynamic_DC_CLResControlMode
    if ctx.control_mode == "Dynamic":
        control = d.Dynamic_DC_CLResControlMode(
            EVSEMaximumChargePower=RN(lim.max_power),
            EVSEMinimumChargePower=RN(lim.min_current * lim.min_voltage),
            EVSEMaximumChargeCurrent=RN(lim.max_current),
            EVSEMaximumVoltage=RN(lim.max_voltage),
        )
    else:
        control = d.Scheduled_DC_CLResControlMode(
            EVSEMaximumChargePower=RN(lim.max_power),
            EVSEMaximumChargeCurrent=RN(lim.max_current),
            EVSEMaximumVoltage=RN(lim.max_voltage),
        )
    return Reply(
        d.DC_ChargeLoopRes(
            Header=PENDING,
            ResponseCode=RC.OK,
            EVSEStatus=evse_status(st),
            MeterInfo=meter,
            EVSEPresentCurrent=RN(present_current(ctx.power, now)),
            EVSEPresentVoltage=RN(present_voltage(ctx.power, now)),
            EVSEPowerLimitAchieved=power_limited,
            EVSECurrentLimitAchieved=current_limited,
            EVSEVoltageLimitAchieved=voltage_limited,
            CLResControlMode=control,
        )
    )


def welding_detection(ctx: SeccContext, req: d.DC_WeldingDetectionReq, rx: Rx) -> Reply:
    now = rx.now
    return Reply(
        d.DC_WeldingDetectionRes(
            Header=PENDING, ResponseCode=RC.OK, EVSEPresentVoltage=RN(present_voltage(ctx.power, now))
        )
    )


def session_stop(ctx: SeccContext, req: c.SessionStopReq, rx: Rx) -> Reply:
    now = rx.now
    if req.ChargingSession is c.chargingSessionType.ServiceRenegotiation:
        raise SessionError("FAILED_NoServiceRenegotiationSupported", "service renegotiation is not offered")
    ctx.power.stop_power(now)
    if req.ChargingSession is c.chargingSessionType.Pause:
        pause_session(ctx, now)
        return Reply(c.SessionStopRes(Header=PENDING, ResponseCode=RC.OK), close=True, reason="paused")
    return Reply(c.SessionStopRes(Header=PENDING, ResponseCode=RC.OK), close=True, reason="terminated")
