"""ISO 15118-2 EVCC (AC and DC, EIM and Plug & Charge, :mod:`.pnc`): the response handlers and the
table (the request builders are in :mod:`.iso2_requests`)."""

from __future__ import annotations

from exi.iso2 import generated_types as m
from v2g._physical import from_pv
from v2g.apphand import NS_ISO2
from v2g.controller import Schedule, TariffEntry
from v2g.envelope import BodyEnvelope, Rx
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
    want_renegotiation,
    want_stop,
)
from v2g.evcc._spec import EvccHandler, EvccSpec
from v2g.evcc.iso2_requests import (
    _charge_parameter_req,
    _dc,
    _ev_status,
    _loop_req,
    _power_delivery_req,
    _pre_charge_req,
    _selection,
    _session_stop_req,
    _welding_req,
    session_setup_req,
)
from v2g.evcc.pnc import (
    check_tariffs,
    choose_payment,
    contract_step,
    on_certificate,
    on_payment_details,
    receipt_step,
)

SCHEMA = "iso2"
E = EvccState
ONGOING = (m.EVSEProcessingType.Ongoing, m.EVSEProcessingType.Ongoing_WaitingForCustomerInteraction)
P = m.chargeProgressType


# ------------------------------------------------------------------------------------ handlers


def on_session_setup(ctx: EvccContext, res: m.SessionSetupRes, rx: Rx) -> Step:
    ctx.resumed = res.ResponseCode is m.responseCodeType.OK_OldSessionJoined
    ctx.evse_id = res.EVSEID
    return Step(m.ServiceDiscoveryReq(ServiceCategory=m.serviceCategoryType.EVCharging), E.SERVICE_DISCOVERY)


def on_service_discovery(ctx: EvccContext, res: m.ServiceDiscoveryRes, rx: Rx) -> Step:
    ctx.payment = choose_payment(ctx, {p.value for p in res.PaymentOptionList.PaymentOption}, rx.wall)
    modes = {e.value for e in res.ChargeService.SupportedEnergyTransferMode.EnergyTransferMode}
    if ctx.config.energy_mode.value not in modes:
        raise EvccAbort(f"the SECC offers {sorted(modes)}, not {ctx.config.energy_mode.value}")
    offered = {res.ChargeService.ServiceID}
    if res.ServiceList is not None:
        offered |= {s.ServiceID for s in res.ServiceList.Service}
    # ServiceDetail only for what the EV wants and the SECC offers: a charger may refuse details of
    # the charge service itself (FAILED_ServiceIDInvalid), and the charge service needs none
    ctx.details_wanted = [i for i in ctx.config.service_details if i in offered]
    return _next_detail(ctx)


def _next_detail(ctx: EvccContext) -> Step:
    if ctx.details_wanted:
        ctx.detail_asked = ctx.details_wanted.pop(0)
        return Step(m.ServiceDetailReq(ServiceID=ctx.detail_asked), E.SERVICE_DETAIL)
    return Step(_selection(ctx), E.PAYMENT_SELECTION)


def on_service_detail(ctx: EvccContext, res: m.ServiceDetailRes, rx: Rx) -> Step:
    if res.ResponseCode.value.startswith("FAILED"):
        # an optional request: the EV goes on without the details (OPTIONAL_RESPONSES)
        ctx.refused_details.append((ctx.detail_asked, res.ResponseCode.value))
    return _next_detail(ctx)


def on_payment_selection(ctx: EvccContext, res: m.PaymentServiceSelectionRes, rx: Rx) -> Step:
    if ctx.payment == "Contract":
        return contract_step(ctx, rx.wall)
    return Step(m.AuthorizationReq(), E.AUTHORIZATION)


def on_authorization(ctx: EvccContext, res: m.AuthorizationRes, rx: Rx) -> Step:
    now = rx.now
    if res.EVSEProcessing in ONGOING:
        ongoing(ctx, now, "Authorization")
        return Step(m.AuthorizationReq(), E.AUTHORIZATION, ctx.config.ongoing_interval)
    finished(ctx)
    return Step(_charge_parameter_req(ctx, now), E.CHARGE_PARAMETER)


def _schedules(res: m.ChargeParameterDiscoveryRes) -> tuple[Schedule, ...]:
    if not isinstance(res.SASchedules, m.SAScheduleListType):
        return ()
    out = []
    for t in res.SASchedules.SAScheduleTuple:
        pmax = []
        duration = 86400
        for e in t.PMaxSchedule.PMaxScheduleEntry:
            iv = e.TimeInterval
            start = iv.start if isinstance(iv, m.RelativeTimeIntervalType) else 0
            if isinstance(iv, m.RelativeTimeIntervalType) and iv.duration is not None:
                duration = start + iv.duration
            pmax.append((start, from_pv(e.PMax)))
        tariff: tuple[TariffEntry, ...] = ()
        if t.SalesTariff is not None:
            tariff = tuple(
                TariffEntry(
                    e.TimeInterval.start if isinstance(e.TimeInterval, m.RelativeTimeIntervalType) else 0,
                    e.EPriceLevel or 0,
                )
                for e in t.SalesTariff.SalesTariffEntry
            )
        out.append(Schedule(t.SAScheduleTupleID, tuple(pmax), duration, tariff))
    return tuple(out)


def on_charge_parameter(ctx: EvccContext, res: m.ChargeParameterDiscoveryRes, rx: Rx) -> Step:
    now = rx.now
    if res.EVSEProcessing in ONGOING:
        ongoing(ctx, now, "ChargeParameterDiscovery")
        return Step(_charge_parameter_req(ctx, now), E.CHARGE_PARAMETER, ctx.config.ongoing_interval)
    finished(ctx)
    p = res.EVSEChargeParameter
    if _dc(ctx):
        if not isinstance(p, m.DC_EVSEChargeParameterType):
            raise EvccAbort("ChargeParameterDiscoveryRes without DC_EVSEChargeParameter")
        ctx.evse_max_current = from_pv(p.EVSEMaximumCurrentLimit)
        ctx.evse_max_power = from_pv(p.EVSEMaximumPowerLimit)
        ctx.evse_max_voltage = from_pv(p.EVSEMaximumVoltageLimit)
    else:
        if not isinstance(p, m.AC_EVSEChargeParameterType):
            raise EvccAbort("ChargeParameterDiscoveryRes without AC_EVSEChargeParameter")
        ctx.evse_max_current = from_pv(p.EVSEMaxCurrent)
        ctx.nominal_voltage = from_pv(p.EVSENominalVoltage)
    check_tariffs(ctx, res, rx.header)  # before a schedule is chosen
    choose(ctx, _schedules(res))
    if _dc(ctx) and not ctx.renegotiations:
        return Step(m.CableCheckReq(DC_EVStatus=_ev_status(ctx, now)), E.CABLE_CHECK)
    return Step(_power_delivery_req(ctx, P.Start, now), E.POWER_DELIVERY_START)


def on_cable_check(ctx: EvccContext, res: m.CableCheckRes, rx: Rx) -> Step:
    now = rx.now
    if res.EVSEProcessing in ONGOING:
        cable_check_ongoing(ctx, now)
        return Step(
            m.CableCheckReq(DC_EVStatus=_ev_status(ctx, now)), E.CABLE_CHECK, ctx.config.ongoing_interval
        )
    if res.DC_EVSEStatus.EVSEIsolationStatus in (m.isolationLevelType.Fault, m.isolationLevelType.Invalid):
        raise EvccAbort(f"cable check finished with isolation {res.DC_EVSEStatus.EVSEIsolationStatus}")
    return Step(_pre_charge_req(ctx, now), E.PRE_CHARGE)


def on_pre_charge(ctx: EvccContext, res: m.PreChargeRes, rx: Rx) -> Step:
    now = rx.now
    present = from_pv(res.EVSEPresentVoltage)
    ctx.present_voltage = present
    target, _ = ctx.controller.precharge_target(now)
    if pre_charge_reached(ctx, present, target, now):
        return Step(_power_delivery_req(ctx, P.Start, now), E.POWER_DELIVERY_START)
    return Step(_pre_charge_req(ctx, now), E.PRE_CHARGE, ctx.config.ongoing_interval)


def on_power_delivery_start(ctx: EvccContext, res: m.PowerDeliveryRes, rx: Rx) -> Step:
    now = rx.now
    return Step(_loop_req(ctx, now), E.CHARGING)


def _after_loop(ctx: EvccContext, notification: m.EVSENotificationType, now: float) -> Step:
    stop = None
    if notification is m.EVSENotificationType.StopCharging:
        ctx.evse_notifications.append("StopCharging")
        stop = "EVSE requested stop"
    elif notification is m.EVSENotificationType.ReNegotiation or want_renegotiation(ctx):
        if notification is m.EVSENotificationType.ReNegotiation:
            ctx.evse_notifications.append("ReNegotiation")
        ctx.renegotiations += 1
        return Step(_power_delivery_req(ctx, P.Renegotiate, now), E.POWER_DELIVERY_RENEGOTIATE)
    stop = stop or want_stop(ctx, now)
    if stop:
        ctx.stop_reason = stop
        return Step(_power_delivery_req(ctx, P.Stop, now), E.POWER_DELIVERY_STOP)
    return Step(_loop_req(ctx, now), E.CHARGING, ctx.config.loop_interval)


def on_current_demand(ctx: EvccContext, res: m.CurrentDemandRes, rx: Rx) -> Step:
    now = rx.now
    ctx.loop_count += 1
    v, i = from_pv(res.EVSEPresentVoltage), from_pv(res.EVSEPresentCurrent)
    ctx.present_voltage, ctx.present_current = v, i
    ctx.controller.delivered(v, i, now)
    if res.EVSEMaximumCurrentLimit is not None:
        ctx.evse_max_current = from_pv(res.EVSEMaximumCurrentLimit)
    if res.EVSEMaximumPowerLimit is not None:
        ctx.evse_max_power = from_pv(res.EVSEMaximumPowerLimit)
    st = res.DC_EVSEStatus
    if st.EVSEStatusCode is m.DC_EVSEStatusCodeType.EVSE_EmergencyShutdown:
        raise EvccAbort("EVSE emergency shutdown")
    note = st.EVSENotification
    if st.EVSEStatusCode in (m.DC_EVSEStatusCodeType.EVSE_Shutdown, m.DC_EVSEStatusCodeType.EVSE_Malfunction):
        note = m.EVSENotificationType.StopCharging
    return receipt_step(ctx, res) or _after_loop(ctx, note, now)


def on_charging_status(ctx: EvccContext, res: m.ChargingStatusRes, rx: Rx) -> Step:
    now = rx.now
    ctx.loop_count += 1
    evse_max = from_pv(res.EVSEMaxCurrent) if res.EVSEMaxCurrent is not None else ctx.evse_max_current
    current = ctx.controller.ac_current(evse_max, now)
    ctx.present_voltage, ctx.present_current = ctx.nominal_voltage, current
    phases = 3 if ctx.config.energy_mode.value == "AC_three_phase_core" else 1
    ctx.controller.delivered(ctx.nominal_voltage, current * phases, now)
    return receipt_step(ctx, res) or _after_loop(ctx, res.AC_EVSEStatus.EVSENotification, now)


def on_metering_receipt(ctx: EvccContext, res: m.MeteringReceiptRes, rx: Rx) -> Step:
    return _after_loop(ctx, res.EVSEStatus.EVSENotification, rx.now)


def on_power_delivery_renegotiate(ctx: EvccContext, res: m.PowerDeliveryRes, rx: Rx) -> Step:
    now = rx.now
    return Step(_charge_parameter_req(ctx, now), E.CHARGE_PARAMETER)


def on_power_delivery_stop(ctx: EvccContext, res: m.PowerDeliveryRes, rx: Rx) -> Step:
    now = rx.now
    if _dc(ctx):
        return Step(_welding_req(ctx, now), E.WELDING, ctx.config.ongoing_interval)
    return Step(_session_stop_req(ctx), E.SESSION_STOP)


def on_welding(ctx: EvccContext, res: m.WeldingDetectionRes, rx: Rx) -> Step:
    now = rx.now
    ctx.welding_count += 1
    if from_pv(res.EVSEPresentVoltage) > ctx.config.welding_voltage and ctx.welding_count < 20:
        return Step(_welding_req(ctx, now), E.WELDING, ctx.config.ongoing_interval)
    return Step(_session_stop_req(ctx), E.SESSION_STOP)


def on_session_stop(ctx: EvccContext, res: m.SessionStopRes, rx: Rx) -> Step:
    reason = ctx.stop_reason or "session stopped"
    return Step(None, E.ENDED, reason=f"{reason} (paused)" if ctx.paused else reason)


TABLE: dict[tuple[EvccState, type], EvccHandler] = {
    (E.SESSION_SETUP, m.SessionSetupRes): on_session_setup,
    (E.SERVICE_DISCOVERY, m.ServiceDiscoveryRes): on_service_discovery,
    (E.SERVICE_DETAIL, m.ServiceDetailRes): on_service_detail,
    (E.PAYMENT_SELECTION, m.PaymentServiceSelectionRes): on_payment_selection,
    (E.PAYMENT_DETAILS, m.PaymentDetailsRes): on_payment_details,
    (E.CERTIFICATE_INSTALLATION, m.CertificateInstallationRes): on_certificate,
    (E.CERTIFICATE_UPDATE, m.CertificateUpdateRes): on_certificate,
    (E.AUTHORIZATION, m.AuthorizationRes): on_authorization,
    (E.CHARGE_PARAMETER, m.ChargeParameterDiscoveryRes): on_charge_parameter,
    (E.CABLE_CHECK, m.CableCheckRes): on_cable_check,
    (E.PRE_CHARGE, m.PreChargeRes): on_pre_charge,
    (E.POWER_DELIVERY_START, m.PowerDeliveryRes): on_power_delivery_start,
    (E.CHARGING, m.CurrentDemandRes): on_current_demand,
    (E.CHARGING, m.ChargingStatusRes): on_charging_status,
    (E.METERING_RECEIPT, m.MeteringReceiptRes): on_metering_receipt,
    (E.POWER_DELIVERY_RENEGOTIATE, m.PowerDeliveryRes): on_power_delivery_renegotiate,
    (E.POWER_DELIVERY_STOP, m.PowerDeliveryRes): on_power_delivery_stop,
    (E.WELDING, m.WeldingDetectionRes): on_welding,
    (E.SESSION_STOP, m.SessionStopRes): on_session_stop,
}
"""(state waited in, response class) -> handler; any other response ends the session."""


OPTIONAL_RESPONSES = frozenset({m.ServiceDetailRes})
"""Answers to requests the EV can do without: a FAILED one does not end the session."""

SPEC = EvccSpec(
    name=SCHEMA,
    namespace=NS_ISO2,
    envelope=BodyEnvelope(SCHEMA, m),
    table=TABLE,
    first_request=session_setup_req,
    stop_request=_session_stop_req,
    optional=OPTIONAL_RESPONSES,
)
