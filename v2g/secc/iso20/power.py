"""ISO 15118-20 SECC handlers of the DC power phase: cable check, pre-charge, PowerDelivery, the
charging loop (Scheduled and Dynamic), welding detection and SessionStop."""

from __future__ import annotations

import math
from typing import Any

from exi.iso20 import generated_types as c
from exi.iso20_dc import generated_types as d
from v2g._rational import from_rn, rn_or_none
from v2g.controller import NO_TARGETS, DcEvseLimits, DynamicTargets, Schedule
from v2g.errors import ControllerFault, SessionError
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
from v2g.secc.iso20._shared import (
    FINISHED,
    ONGOING,
    PENDING,
    RC,
    RN,
    S,
    checked_mode,
    evse_status,
    in_standby,
    is_bpt,
    offer,
)
from v2g.secc.iso20.bpt import (
    checked_dc_limits,
    dc_bpt_response,
    discharge_current,
    dynamic_targets,
    ev_discharge_limits,
    mobility,
)
from v2g.secc.iso20.metering import final_metering, flush_unconfirmed, loop_metering
from v2g.secc.iso20.progress import service_renegotiation

# -------------------------------------------------------------------------------------- DC power


def cable_check_handler(ctx: SeccContext, req: d.DC_CableCheckReq, rx: Rx) -> Reply:
    now = rx.now
    charging_fault(ctx, now)
    result = cable_check(ctx, ctx.request.max_voltage if ctx.request else 0.0, now)
    # [V2G20-2003] Ongoing: DC_CableCheckReq again; [V2G20-2004] Finished: DC_PreChargeReq next
    return Reply(
        d.DC_CableCheckRes(
            Header=PENDING, ResponseCode=RC.OK, EVSEProcessing=ONGOING if result is None else FINISHED
        ),
        STAY if result is None else ADVANCE,
    )


def pre_charge(ctx: SeccContext, req: d.DC_PreChargeReq, rx: Rx) -> Reply:
    """The EV repeats DC_PreChargeReq with EVProcessing Ongoing until its battery voltage is
    matched ([V2G20-2005]: the next allowed request is DC_PreChargeReq); with Finished the next
    request is PowerDelivery(Start). A target outside the EVSE's range (a 20 kV target, as a peer
    sent) is FAILED_WrongChargeParameter before the power stage sees it."""
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
        ctx.power_started = True
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
    ctx.power_started = True
    return Reply(
        c.PowerDeliveryRes(Header=PENDING, ResponseCode=RC.OK, EVSEStatus=evse_status(ctx.power.status(now)))
    )


def power_delivery_stop(ctx: SeccContext, req: c.PowerDeliveryReq, rx: Rx) -> Reply:
    """ChargeProgress Stop: power off, the stop confirmed OK."""
    ctx.power.stop_power(rx.now)
    # PnC: the energy since the last MeteringConfirmation is confirmed now (.metering)
    return final_metering(ctx, Reply(c.PowerDeliveryRes(Header=PENDING, ResponseCode=RC.OK)), rx)


def _ev_limit(rn: c.RationalNumberType | None, name: str) -> float | None:
    value = rn_or_none(rn)
    return None if value is None else ev_value(value, name)


_MODES = {
    (False, False): d.Scheduled_DC_CLReqControlModeType,
    (False, True): d.Dynamic_DC_CLReqControlModeType,
    (True, False): d.BPT_Scheduled_DC_CLReqControlModeType,
    (True, True): d.BPT_Dynamic_DC_CLReqControlModeType,
}

SetPoint = tuple[float, float, bool, bool, bool]


def _dynamic_set_point(
    ctx: SeccContext, mode: Any, lim: DcEvseLimits, ev_v: float, t: DynamicTargets
) -> SetPoint:
    """Dynamic: the EV gives its limits and the EVSE steers: the charger's power target (a
    discharge when negative, BPT only), else the EV's maximum current; within every limit."""
    v_max = ev_value(from_rn(mode.EVMaximumVoltage), "EVMaximumVoltage")
    i_max = ev_value(from_rn(mode.EVMaximumChargeCurrent), "EVMaximumChargeCurrent")
    p_max = ev_value(from_rn(mode.EVMaximumChargePower), "EVMaximumChargePower")
    v_ref = ev_v if ev_v > 1.0 else v_max
    if isinstance(mode, d.BPT_Dynamic_DC_CLReqControlModeType):
        i_dis, p_dis = ev_discharge_limits(mode.EVMaximumDischargeCurrent, mode.EVMaximumDischargePower)
        if t.power is not None and t.power < 0:
            i, limited = discharge_current(lim, -t.power / v_ref, v_ref, i_dis, p_dis)
            return v_ref, -i, limited, False, False
    i_target = i_max if t.power is None else min(i_max, max(t.power, 0.0) / (v_ref if v_ref > 1.0 else 1.0))
    return dc_set_point(lim, v_max, i_target, v_max, i_max, p_max)


def _scheduled_set_point(mode: Any, lim: DcEvseLimits) -> SetPoint:
    """Scheduled: the EV's targets; a negative target current is a discharge (BPT only: in the
    plain service it is not a charge parameter, FAILED_WrongChargeParameter)."""
    v_t, i_t = from_rn(mode.EVTargetVoltage), from_rn(mode.EVTargetCurrent)
    if isinstance(mode, d.BPT_Scheduled_DC_CLReqControlModeType) and i_t < 0 and v_t >= 0:
        ev_i = _ev_limit(mode.EVMaximumDischargeCurrent, "EVMaximumDischargeCurrent")
        ev_p = _ev_limit(mode.EVMaximumDischargePower, "EVMaximumDischargePower")
        v_set = min(v_t, lim.max_voltage)
        i, limited = discharge_current(lim, -i_t, v_set, ev_i, ev_p)
        return v_set, -i, limited, v_t > lim.max_voltage, False
    return dc_set_point(
        lim,
        v_t,
        i_t,
        _ev_limit(mode.EVMaximumVoltage, "EVMaximumVoltage"),
        _ev_limit(mode.EVMaximumChargeCurrent, "EVMaximumChargeCurrent"),
        _ev_limit(mode.EVMaximumChargePower, "EVMaximumChargePower"),
    )


def _present_current(ctx: SeccContext, now: float) -> float:
    """The measured current; negative (a discharge) only in a BPT service."""
    if not is_bpt(ctx):
        return present_current(ctx.power, now)
    value = ctx.power.present_current(now)
    if not -math.inf < value < math.inf:
        raise ControllerFault(f"present_current gave {value!r}: must be finite")
    return value


def charge_loop(ctx: SeccContext, req: d.DC_ChargeLoopReq, rx: Rx) -> Reply:
    """The EV's targets (or, Dynamic, the charger's targets within the EV's limits) clamped to the
    EVSE's limits and the EV's own maxima (``v2g.secc._limits``, :mod:`.bpt` for a discharge), the
    set point handed to the power stage (negative: discharge, BPT only)."""
    now = rx.now
    mode = checked_mode(ctx, req.CLReqControlMode, _MODES)
    ev_v = ev_value(from_rn(req.EVPresentVoltage), "EVPresentVoltage")
    st = charging_fault(ctx, now)
    lim = checked_dc_limits(ctx, now)
    dynamic = ctx.control_mode == "Dynamic"
    t = dynamic_targets(ctx, now) if dynamic else NO_TARGETS
    point = _dynamic_set_point(ctx, mode, lim, ev_v, t) if dynamic else _scheduled_set_point(mode, lim)
    v_set, i_set, current_limited, voltage_limited, power_limited = point
    if in_standby(ctx):
        # [V2G20-1391] the loop goes on in standby with no energy, the contactors closed; the
        # EV's targets count again after PowerDelivery(Start) ([V2G20-1393], [V2G20-1386])
        i_set = 0.0
        if ctx.power_started:
            ctx.power.set_current_demand(present_voltage(ctx.power, now), 0.0, now)
    else:
        ctx.power.set_current_demand(v_set, i_set, now)
    ctx.loop_count += 1
    meter = None
    if req.MeterInfoRequested:
        reading = max(0, round(ctx.services.meter.meter_wh(now)))
        meter = c.MeterInfoType(MeterID="V2G-SIM-METER", ChargedEnergyReadingWh=reading)
    meter, status = loop_metering(ctx, rx, meter, evse_status(st))  # PnC: MeteringConfirmation
    control: Any
    if is_bpt(ctx):
        control = dc_bpt_response(ctx, lim, t)
    elif dynamic:
        control = d.Dynamic_DC_CLResControlMode(
            **mobility(ctx, t),
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
            EVSEStatus=status,
            MeterInfo=meter,
            EVSEPresentCurrent=RN(_present_current(ctx, now)),
            EVSEPresentVoltage=RN(present_voltage(ctx.power, now)),
            EVSEPowerLimitAchieved=power_limited,
            EVSECurrentLimitAchieved=current_limited,
            EVSEVoltageLimitAchieved=voltage_limited,
            CLResControlMode=control,
        )
    )


def welding_detection(ctx: SeccContext, req: d.DC_WeldingDetectionReq, rx: Rx) -> Reply:
    now = rx.now
    flush_unconfirmed(ctx, rx)  # PnC: a final confirmation the car did not send
    return Reply(
        d.DC_WeldingDetectionRes(
            Header=PENDING, ResponseCode=RC.OK, EVSEPresentVoltage=RN(present_voltage(ctx.power, now))
        )
    )


def session_stop(ctx: SeccContext, req: c.SessionStopReq, rx: Rx) -> Reply:
    """Terminate or Pause end the connection (Pause keeps the session for a resume: a later
    SessionSetupReq with this SessionID joins it); ServiceRenegotiation goes back to
    ServiceDiscovery (:mod:`.progress`). The power goes off in each case."""
    now = rx.now
    flush_unconfirmed(ctx, rx)  # PnC: a final confirmation the car did not send
    renegotiate = req.ChargingSession is c.chargingSessionType.ServiceRenegotiation
    if renegotiate and not offer(ctx).service_renegotiation:
        raise SessionError("FAILED_NoServiceRenegotiationSupported", "service renegotiation is not offered")
    ctx.power.stop_power(now)
    if renegotiate:
        return service_renegotiation(ctx, rx)
    if req.ChargingSession is c.chargingSessionType.Pause:
        pause_session(ctx, now)
        return Reply(c.SessionStopRes(Header=PENDING, ResponseCode=RC.OK), close=True, reason="paused")
    return Reply(c.SessionStopRes(Header=PENDING, ResponseCode=RC.OK), close=True, reason="terminated")
