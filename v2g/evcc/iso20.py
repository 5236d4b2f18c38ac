"""ISO 15118-20 EVCC, DC charging (service 2) or DC_BPT (6), EIM, Scheduled (:data:`SPEC`,
:data:`DC_BPT_SPEC`) or Dynamic (:data:`DYNAMIC_SPEC`, :data:`DC_BPT_DYNAMIC_SPEC`) control mode:
the response table and its handlers (the request builders are in :mod:`v2g.evcc.iso20_requests`;
every spec by (service, control) in :mod:`v2g.evcc.iso20_specs`). The AC services
(:mod:`v2g.evcc.iso20_ac`) share the handlers up to ScheduleExchange and the helpers here; what the
EV does in the loop beyond charging (notifications, Dynamic targets, standby) is in
:mod:`v2g.evcc.iso20_progress`.

Not a built-in protocol: ISO 15118-20 is only allowed over TLS 1.3 with mutual authentication,
which the client does not set up yet. Pass :data:`SPEC` in ``EvccConfig(specs=(SPEC,))`` with
``apphand.Protocol(NS_ISO20_DC, 1, 0)`` in ``protocols`` to run it (the tests do).
"""

from __future__ import annotations

import dataclasses

from exi.iso20 import generated_types as c
from exi.iso20_dc import generated_types as d
from v2g._rational import from_rn
from v2g.apphand import NS_ISO20_DC
from v2g.controller import MobilityNeeds, Schedule
from v2g.envelope import HeaderEnvelope, Rx
from v2g.errors import EvccAbort
from v2g.evcc._machine import (
    EvccContext,
    EvccState,
    Step,
    cable_check_ongoing,
    choose,
    finished,
    ongoing,
    pre_charge_reached,
)
from v2g.evcc._spec import EvccHandler, EvccSpec
from v2g.evcc.iso20_parking import after_selection, before_stop, parking_handlers
from v2g.evcc.iso20_pnc import (
    authorization_choice,
    check_price_schedules,
    confirmation_step,
    final_confirmation_step,
    metering_handler,
    on_certificate_installation,
    refused,
    repeat_request,
)
from v2g.evcc.iso20_progress import (
    enter_standby,
    follow,
    loop_stop,
    on_power_delivery_renegotiate,
    standby_handlers,
)
from v2g.evcc.iso20_requests import (
    DC_BPT_NAME,
    ONGOING,
    PENDING,
    PLAIN,
    SCHEMA,
    E,
    P,
    _charge_parameter_req,
    _loop_req,
    _power_delivery_req,
    _pre_charge_req,
    _schedule_exchange_req,
    _service_id,
    _session_stop_req,
    _welding_req,
    session_setup_req,
)

# ------------------------------------------------------------------------------------ handlers


def on_session_setup(ctx: EvccContext, res: c.SessionSetupRes, rx: Rx) -> Step:
    ctx.resumed = res.ResponseCode is c.responseCodeType.OK_OldSessionJoined
    ctx.evse_id = res.EVSEID
    return Step(c.AuthorizationSetupReq(Header=PENDING), E.AUTHORIZATION_SETUP)


def on_authorization_setup(ctx: EvccContext, res: c.AuthorizationSetupRes, rx: Rx) -> Step:
    return authorization_choice(ctx, res, rx.wall)  # PnC with a usable contract, else EIM


def on_authorization(ctx: EvccContext, res: c.AuthorizationRes, rx: Rx) -> Step:
    if res.EVSEProcessing in ONGOING:  # [V2G20-1582] the same AuthorizationReq again
        ongoing(ctx, rx.now, "Authorization")
        step = repeat_request(ctx)
        step.delay = ctx.config.ongoing_interval
        return step
    finished(ctx)
    stop = refused(ctx, res)
    if stop is not None:
        return stop
    if res.ResponseCode is c.responseCodeType.OK_CertificateExpiresSoon:
        ctx.contract_note = "the SECC says the contract certificate expires soon: renew it"
    return Step(c.ServiceDiscoveryReq(Header=PENDING), E.SERVICE_DISCOVERY)


def on_service_discovery(ctx: EvccContext, res: c.ServiceDiscoveryRes, rx: Rx) -> Step:
    if ctx.service_renegotiation_supported is None:  # [V2G20-1480] the first answer counts
        ctx.service_renegotiation_supported = res.ServiceRenegotiationSupported
    offered = {s.ServiceID for s in res.EnergyTransferServiceList.Service}
    wanted = _service_id(ctx)
    if wanted not in offered and PLAIN.get(wanted) in offered:
        wanted = PLAIN[wanted]  # a BPT car at a charger without BPT: it charges only
    ctx.service_id = wanted
    if wanted not in offered:
        raise EvccAbort(f"the SECC offers the energy services {sorted(offered)}, not {wanted}")
    return Step(c.ServiceDetailReq(Header=PENDING, ServiceID=wanted), E.SERVICE_DETAIL)


def _parameter(ps: c.ParameterSetType, name: str) -> int | None:
    for p in ps.Parameter:
        if p.Name == name:
            return p.intValue
    return None


def on_service_detail(ctx: EvccContext, res: c.ServiceDetailRes, rx: Rx) -> Step:
    """The EV asks ServiceDetail for the service it selects (some chargers want it before
    ServiceSelection) and picks the first parameter set with its control mode; Dynamic prefers a
    set with MobilityNeedsMode 2 (the charger gives departure time and SoC targets)."""
    wanted = 2 if ctx.control_mode == "Dynamic" else 1  # the ControlMode parameter's values
    sets = [ps for ps in res.ServiceParameterList.ParameterSet if _parameter(ps, "ControlMode") == wanted]
    if not sets:
        raise EvccAbort(f"the SECC offers no parameter set with the {ctx.control_mode} control mode")
    if wanted == 2 and isinstance(ctx.controller, MobilityNeeds):  # it can follow the charger's needs
        sets.sort(key=lambda ps: _parameter(ps, "MobilityNeedsMode") != 2)
    ctx.mobility_needs_mode = _parameter(sets[0], "MobilityNeedsMode") or 1
    volts = _parameter(sets[0], "EVSENominalVoltage")  # AC: the EVSE's nominal voltage (V)
    if volts is not None and volts > 0:
        ctx.nominal_voltage = float(volts)
    selected = c.SelectedServiceType(ServiceID=_service_id(ctx), ParameterSetID=sets[0].ParameterSetID)
    return Step(
        c.ServiceSelectionReq(Header=PENDING, SelectedEnergyTransferService=selected), E.SERVICE_SELECTION
    )


def on_service_selection(ctx: EvccContext, res: c.ServiceSelectionRes, rx: Rx) -> Step:
    return after_selection(ctx, rx.now, _charge_parameter_req)  # VehicleCheckIn first, with the hook


def on_charge_parameter(ctx: EvccContext, res: d.DC_ChargeParameterDiscoveryRes, rx: Rx) -> Step:
    p = res.DC_CPDResEnergyTransferMode
    ctx.evse_max_current = from_rn(p.EVSEMaximumChargeCurrent)
    ctx.evse_max_power = from_rn(p.EVSEMaximumChargePower)
    ctx.evse_max_voltage = from_rn(p.EVSEMaximumVoltage)
    if isinstance(p, d.BPT_DC_CPDResEnergyTransferModeType):
        ctx.evse_max_discharge_current = from_rn(p.EVSEMaximumDischargeCurrent)
        ctx.evse_max_discharge_power = from_rn(p.EVSEMaximumDischargePower)
    return Step(_schedule_exchange_req(ctx, rx.now), E.SCHEDULE_EXCHANGE)


def _schedules(res: c.ScheduleExchangeRes) -> tuple[Schedule, ...]:
    mode = res.Scheduled_SEResControlMode
    if mode is None:
        return ()
    out = []
    for t in mode.ScheduleTuple:
        pmax, start = [], 0
        for e in t.ChargingSchedule.PowerSchedule.PowerScheduleEntries.PowerScheduleEntry:
            pmax.append((start, from_rn(e.Power)))
            start += e.Duration
        tolerance = t.ChargingSchedule.PowerSchedule.PowerTolerance
        out.append(Schedule(t.ScheduleTupleID, tuple(pmax), start,
                            power_tolerance=None if tolerance is None else from_rn(tolerance)))
    return tuple(out)


def schedule_exchanged(ctx: EvccContext, res: c.ScheduleExchangeRes, rx: Rx) -> Step | None:
    """The ScheduleExchangeReq again while Ongoing; else None, the schedule chosen (Scheduled)."""
    now = rx.now
    if res.EVSEProcessing in ONGOING:
        ongoing(ctx, now, "ScheduleExchange")
        return Step(_schedule_exchange_req(ctx, now), E.SCHEDULE_EXCHANGE, ctx.config.ongoing_interval)
    finished(ctx)
    if ctx.control_mode != "Dynamic":
        check_price_schedules(ctx, res, rx.header)  # PnC: signed by the MO before a schedule is taken
        choose(ctx, _schedules(res))
    return None


def on_schedule_exchange(ctx: EvccContext, res: c.ScheduleExchangeRes, rx: Rx) -> Step:
    """DC_CableCheck next; after a schedule renegotiation (pre-charged, contactors closed)
    PowerDelivery(Start)."""
    step = schedule_exchanged(ctx, res, rx)
    if step is not None:
        return step
    if ctx.pre_charge_finished:
        return Step(_power_delivery_req(ctx, P.Start, rx.now), E.POWER_DELIVERY_START)
    return Step(d.DC_CableCheckReq(Header=PENDING), E.CABLE_CHECK)


def on_cable_check(ctx: EvccContext, res: d.DC_CableCheckRes, rx: Rx) -> Step:
    now = rx.now
    if res.EVSEProcessing in ONGOING:  # [V2G20-1431]; Finished: DC_PreChargeReq, [V2G20-1432]
        cable_check_ongoing(ctx, now)
        return Step(d.DC_CableCheckReq(Header=PENDING), E.CABLE_CHECK, ctx.config.ongoing_interval)
    return Step(_pre_charge_req(ctx, now, c.processingType.Ongoing), E.PRE_CHARGE)


def on_pre_charge(ctx: EvccContext, res: d.DC_PreChargeRes, rx: Rx) -> Step:
    """Ongoing PreCharge requests until the EVSE's voltage matches the battery ([V2G20-1433]);
    then one with EVProcessing Finished, and PowerDelivery(Start) after its answer."""
    now = rx.now
    present = from_rn(res.EVSEPresentVoltage)
    ctx.present_voltage = present
    if ctx.pre_charge_finished:  # the PreCharge with EVProcessing Finished was answered
        return Step(_power_delivery_req(ctx, P.Start, now), E.POWER_DELIVERY_START)
    target, _ = ctx.controller.precharge_target(now)
    if pre_charge_reached(ctx, present, target, now):
        ctx.pre_charge_finished = True
        return Step(_pre_charge_req(ctx, now, c.processingType.Finished), E.PRE_CHARGE)
    return Step(
        _pre_charge_req(ctx, now, c.processingType.Ongoing), E.PRE_CHARGE, ctx.config.ongoing_interval
    )


def on_power_delivery_start(ctx: EvccContext, res: c.PowerDeliveryRes, rx: Rx) -> Step:
    return Step(_loop_req(ctx, rx.now), E.CHARGING)


def on_charge_loop(ctx: EvccContext, res: d.DC_ChargeLoopRes, rx: Rx) -> Step:
    now = rx.now
    ctx.loop_count += 1
    v, i = from_rn(res.EVSEPresentVoltage), from_rn(res.EVSEPresentCurrent)
    ctx.present_voltage, ctx.present_current = v, i
    ctx.controller.delivered(v, i, now)
    mode = res.CLResControlMode
    if isinstance(mode, (d.Scheduled_DC_CLResControlModeType, d.Dynamic_DC_CLResControlModeType)):
        if mode.EVSEMaximumChargeCurrent is not None:
            ctx.evse_max_current = from_rn(mode.EVSEMaximumChargeCurrent)
        if mode.EVSEMaximumChargePower is not None:
            ctx.evse_max_power = from_rn(mode.EVSEMaximumChargePower)
    if isinstance(mode, (d.BPT_Scheduled_DC_CLResControlModeType, d.BPT_Dynamic_DC_CLResControlModeType)):
        if mode.EVSEMaximumDischargeCurrent is not None:
            ctx.evse_max_discharge_current = from_rn(mode.EVSEMaximumDischargeCurrent)
        if mode.EVSEMaximumDischargePower is not None:
            ctx.evse_max_discharge_power = from_rn(mode.EVSEMaximumDischargePower)
    delay = follow(ctx, mode, now)
    return (
        confirmation_step(ctx, res)  # PnC: the charger asks for a MeteringConfirmation
        or loop_stop(ctx, res.EVSEStatus, now)
        or enter_standby(ctx, now)
        or Step(_loop_req(ctx, now), E.CHARGING, delay)
    )


def on_power_delivery_stop(ctx: EvccContext, res: c.PowerDeliveryRes, rx: Rx) -> Step:
    return final_confirmation_step(ctx, res) or _welding_step(ctx, rx)  # PnC: the final confirmation


def _welding_step(ctx: EvccContext, rx: Rx) -> Step:
    return Step(_welding_req(ctx, rx.now), E.WELDING, ctx.config.ongoing_interval)


def on_welding(ctx: EvccContext, res: d.DC_WeldingDetectionRes, rx: Rx) -> Step:
    ctx.welding_count += 1
    if from_rn(res.EVSEPresentVoltage) > ctx.config.welding_voltage and ctx.welding_count < 20:
        return Step(_welding_req(ctx, rx.now), E.WELDING, ctx.config.ongoing_interval)
    return before_stop(ctx, rx.now)  # VehicleCheckOut first, with the hook


def on_session_stop(ctx: EvccContext, res: c.SessionStopRes, rx: Rx) -> Step:
    if ctx.service_renegotiation:  # the session goes on from ServiceDiscovery, power off
        ctx.service_renegotiation = ctx.pre_charge_finished = False
        ctx.pre_charge_started = ctx.cable_check_started = ctx.schedule = None
        ctx.welding_count, ctx.stop_reason, ctx.service_id = 0, "", 0
        return Step(c.ServiceDiscoveryReq(Header=PENDING), E.SERVICE_DISCOVERY)
    reason = ctx.stop_reason or "session stopped"
    return Step(None, E.ENDED, reason=f"{reason} (paused)" if ctx.paused else reason)


on_power_delivery_standby, on_standby_loop = standby_handlers(_loop_req)

TABLE: dict[tuple[EvccState, type], EvccHandler] = {
    (E.SESSION_SETUP, c.SessionSetupRes): on_session_setup,
    (E.AUTHORIZATION_SETUP, c.AuthorizationSetupRes): on_authorization_setup,
    (E.AUTHORIZATION, c.AuthorizationRes): on_authorization,
    (E.SERVICE_DISCOVERY, c.ServiceDiscoveryRes): on_service_discovery,
    (E.SERVICE_DETAIL, c.ServiceDetailRes): on_service_detail,
    (E.SERVICE_SELECTION, c.ServiceSelectionRes): on_service_selection,
    (E.CHARGE_PARAMETER, d.DC_ChargeParameterDiscoveryRes): on_charge_parameter,
    (E.SCHEDULE_EXCHANGE, c.ScheduleExchangeRes): on_schedule_exchange,
    (E.CABLE_CHECK, d.DC_CableCheckRes): on_cable_check,
    (E.PRE_CHARGE, d.DC_PreChargeRes): on_pre_charge,
    (E.POWER_DELIVERY_START, c.PowerDeliveryRes): on_power_delivery_start,
    (E.CHARGING, d.DC_ChargeLoopRes): on_charge_loop,
    (E.POWER_DELIVERY_STOP, c.PowerDeliveryRes): on_power_delivery_stop,
    (E.POWER_DELIVERY_RENEGOTIATE, c.PowerDeliveryRes): on_power_delivery_renegotiate,
    (E.POWER_DELIVERY_STANDBY, c.PowerDeliveryRes): on_power_delivery_standby,
    (E.STANDBY, d.DC_ChargeLoopRes): on_standby_loop,
    (E.WELDING, d.DC_WeldingDetectionRes): on_welding,
    (E.METERING_RECEIPT, c.MeteringConfirmationRes): metering_handler(_loop_req, _welding_step),
    **parking_handlers(_charge_parameter_req),
    (E.CERTIFICATE_INSTALLATION, c.CertificateInstallationRes): on_certificate_installation,
    (E.SESSION_STOP, c.SessionStopRes): on_session_stop,
}
"""(state waited in, response class) -> handler; any other response ends the session."""


def _dynamic_setup_req(ctx: EvccContext, now: float) -> c.SessionSetupReq:
    ctx.control_mode = "Dynamic"
    return session_setup_req(ctx, now)


SPEC = EvccSpec(
    name=SCHEMA,
    namespace=NS_ISO20_DC,
    envelope=HeaderEnvelope(c.MessageHeaderType, ("iso20", "iso20-dc")),
    table=TABLE,
    first_request=session_setup_req,
    stop_request=_session_stop_req,
)
"""The EV selects the Scheduled control mode."""

DYNAMIC_SPEC = dataclasses.replace(SPEC, first_request=_dynamic_setup_req)
"""The EV selects the Dynamic control mode (the EVSE steers the power within the EV's limits)."""

DC_BPT_SPEC = dataclasses.replace(SPEC, name=DC_BPT_NAME)
"""DC_BPT (service 6), Scheduled: the EV discharges when its controller wants to
(:class:`~v2g.controller.BidirectionalEv`), with a negative target current."""
DC_BPT_DYNAMIC_SPEC = dataclasses.replace(DC_BPT_SPEC, first_request=_dynamic_setup_req)
"""DC_BPT, Dynamic: the EV gives its charge and discharge limits, the EVSE steers both ways."""
