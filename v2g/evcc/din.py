"""DIN SPEC 70121 EVCC (DC, EIM): request builders and the response table."""

from __future__ import annotations

from exi.din import generated_types as d
from v2g._physical import from_pv, to_pv
from v2g.apphand import NS_DIN
from v2g.controller import Schedule, TariffEntry
from v2g.envelope import BodyEnvelope, Rx
from v2g.errors import ControllerFault, EvccAbort, EvControllerFault
from v2g.evcc._machine import (
    EvccContext,
    EvccState,
    Step,
    cable_check_ongoing,
    choose,
    finished,
    ongoing,
    pre_charge_reached,
    want_stop,
)
from v2g.evcc._spec import EvccHandler, EvccSpec

SCHEMA = "din"
E = EvccState
U = d.unitSymbolType
ONGOING = d.EVSEProcessingType.Ongoing


def _pv(value: float, unit: d.unitSymbolType) -> d.PhysicalValueType:
    """A value from the EV controller as a PhysicalValue (clamped to the largest one); a value that
    is not finite is the EV controller's fault: the session ends with the reason, nothing is sent."""
    try:
        return to_pv(d.PhysicalValueType, value, unit)
    except ControllerFault as exc:
        raise EvControllerFault(f"EV controller: {exc}") from exc


def _ev_status(ctx: EvccContext, now: float) -> d.DC_EVStatusType:
    c = ctx.controller
    return d.DC_EVStatusType(
        EVReady=c.ready(now), EVErrorCode=d.DC_EVErrorCodeType(c.error_code(now)), EVRESSSOC=c.soc(now)
    )


# ------------------------------------------------------------------------------------- requests


def session_setup_req(ctx: EvccContext, now: float) -> d.SessionSetupReq:
    return d.SessionSetupReq(EVCCID=ctx.controller.evcc_id())


def _charge_parameter_req(ctx: EvccContext, now: float) -> d.ChargeParameterDiscoveryReq:
    r = ctx.controller.energy_request(ctx.config.energy_mode, now)
    return d.ChargeParameterDiscoveryReq(
        EVRequestedEnergyTransferType=d.EVRequestedEnergyTransferType(ctx.config.energy_mode.value),
        EVChargeParameter=d.DC_EVChargeParameter(
            DC_EVStatus=_ev_status(ctx, now),
            EVMaximumCurrentLimit=_pv(r.max_current, U.A),
            EVMaximumPowerLimit=None if r.max_power is None else _pv(r.max_power, U.W),
            EVMaximumVoltageLimit=_pv(r.max_voltage, U.V),
            EVEnergyCapacity=None if r.energy_capacity is None else _pv(r.energy_capacity, U.Wh),
            EVEnergyRequest=None if r.energy_request is None else _pv(r.energy_request, U.Wh),
            FullSOC=100,
            BulkSOC=80,
        ),
    )


def _power_delivery_req(ctx: EvccContext, ready: bool, now: float) -> d.PowerDeliveryReq:
    profile = None
    if ready and ctx.schedule is not None:
        profile = d.ChargingProfileType(
            SAScheduleTupleID=ctx.schedule.schedule_id,
            ProfileEntry=tuple(
                d.ProfileEntryType(
                    ChargingProfileEntryStart=start, ChargingProfileEntryMaxPower=min(32767, round(p))
                )
                for start, p in ctx.schedule.pmax
            ),
        )
    return d.PowerDeliveryReq(
        ReadyToChargeState=ready,
        ChargingProfile=profile,
        EVPowerDeliveryParameter=d.DC_EVPowerDeliveryParameter(
            DC_EVStatus=_ev_status(ctx, now), ChargingComplete=not ready, BulkChargingComplete=not ready
        ),
    )


def _pre_charge_req(ctx: EvccContext, now: float) -> d.PreChargeReq:
    v, i = ctx.controller.precharge_target(now)
    return d.PreChargeReq(
        DC_EVStatus=_ev_status(ctx, now), EVTargetVoltage=_pv(v, U.V), EVTargetCurrent=_pv(i, U.A)
    )


def _current_demand_req(ctx: EvccContext, now: float) -> d.CurrentDemandReq:
    c = ctx.controller
    v, i = c.charge_target(ctx.evse_max_current, ctx.evse_max_power, now)
    r = c.energy_request(ctx.config.energy_mode, now)
    remaining = c.remaining_time(now)
    return d.CurrentDemandReq(
        DC_EVStatus=_ev_status(ctx, now),
        EVTargetCurrent=_pv(i, U.A),
        EVMaximumVoltageLimit=_pv(r.max_voltage, U.V),
        EVMaximumCurrentLimit=_pv(r.max_current, U.A),
        EVMaximumPowerLimit=None if r.max_power is None else _pv(r.max_power, U.W),
        BulkChargingComplete=False,
        ChargingComplete=False,
        RemainingTimeToFullSoC=None if remaining is None else _pv(min(remaining, 172800.0), U.s),
        EVTargetVoltage=_pv(v, U.V),
    )


def _welding_req(ctx: EvccContext, now: float) -> d.WeldingDetectionReq:
    return d.WeldingDetectionReq(DC_EVStatus=_ev_status(ctx, now))


# ------------------------------------------------------------------------------------ handlers


def on_session_setup(ctx: EvccContext, res: d.SessionSetupRes, rx: Rx) -> Step:
    ctx.resumed = res.ResponseCode is d.responseCodeType.OK_OldSessionJoined
    ctx.evse_id = res.EVSEID.hex()
    return Step(d.ServiceDiscoveryReq(ServiceCategory=d.serviceCategoryType.EVCharging), E.SERVICE_DISCOVERY)


def on_service_discovery(ctx: EvccContext, res: d.ServiceDiscoveryRes, rx: Rx) -> Step:
    if d.paymentOptionType.ExternalPayment not in res.PaymentOptions.PaymentOption:
        raise EvccAbort("the SECC does not offer ExternalPayment")
    if res.ChargeService.EnergyTransferType.value != ctx.config.energy_mode.value:
        raise EvccAbort(f"the SECC offers {res.ChargeService.EnergyTransferType.value} only")
    return Step(
        d.ServicePaymentSelectionReq(
            SelectedPaymentOption=d.paymentOptionType.ExternalPayment,
            SelectedServiceList=d.SelectedServiceListType(
                SelectedService=(d.SelectedServiceType(ServiceID=1),)
            ),
        ),
        E.PAYMENT_SELECTION,
    )


def on_payment_selection(ctx: EvccContext, res: d.ServicePaymentSelectionRes, rx: Rx) -> Step:
    return Step(d.ContractAuthenticationReq(), E.AUTHORIZATION)


def on_authorization(ctx: EvccContext, res: d.ContractAuthenticationRes, rx: Rx) -> Step:
    now = rx.now
    if res.EVSEProcessing is ONGOING:
        ongoing(ctx, now, "ContractAuthentication")
        return Step(d.ContractAuthenticationReq(), E.AUTHORIZATION, ctx.config.ongoing_interval)
    finished(ctx)
    return Step(_charge_parameter_req(ctx, now), E.CHARGE_PARAMETER)


def _schedules(res: d.ChargeParameterDiscoveryRes) -> tuple[Schedule, ...]:
    if not isinstance(res.SASchedules, d.SAScheduleListType):
        return ()
    out = []
    for t in res.SASchedules.SAScheduleTuple:
        pmax = []
        duration = 86400
        for e in t.PMaxSchedule.PMaxScheduleEntry:
            iv = e.TimeInterval
            start = iv.start if isinstance(iv, d.RelativeTimeIntervalType) else 0
            if isinstance(iv, d.RelativeTimeIntervalType) and iv.duration is not None:
                duration = start + iv.duration
            pmax.append((start, float(e.PMax)))
        tariff: tuple[TariffEntry, ...] = ()
        if t.SalesTariff is not None:
            tariff = tuple(
                TariffEntry(
                    e.TimeInterval.start if isinstance(e.TimeInterval, d.RelativeTimeIntervalType) else 0,
                    e.EPriceLevel,
                )
                for e in t.SalesTariff.SalesTariffEntry
            )
        out.append(Schedule(t.SAScheduleTupleID, tuple(pmax), duration, tariff))
    return tuple(out)


def on_charge_parameter(ctx: EvccContext, res: d.ChargeParameterDiscoveryRes, rx: Rx) -> Step:
    now = rx.now
    if res.EVSEProcessing is ONGOING:
        ongoing(ctx, now, "ChargeParameterDiscovery")
        return Step(_charge_parameter_req(ctx, now), E.CHARGE_PARAMETER, ctx.config.ongoing_interval)
    finished(ctx)
    p = res.EVSEChargeParameter
    if not isinstance(p, d.DC_EVSEChargeParameterType):
        raise EvccAbort("ChargeParameterDiscoveryRes without DC_EVSEChargeParameter")
    ctx.evse_max_current = from_pv(p.EVSEMaximumCurrentLimit)
    ctx.evse_max_power = from_pv(p.EVSEMaximumPowerLimit) if p.EVSEMaximumPowerLimit else 0.0
    ctx.evse_max_voltage = from_pv(p.EVSEMaximumVoltageLimit)
    choose(ctx, _schedules(res))
    return Step(d.CableCheckReq(DC_EVStatus=_ev_status(ctx, now)), E.CABLE_CHECK)


def on_cable_check(ctx: EvccContext, res: d.CableCheckRes, rx: Rx) -> Step:
    now = rx.now
    if res.EVSEProcessing is ONGOING:
        cable_check_ongoing(ctx, now)
        return Step(
            d.CableCheckReq(DC_EVStatus=_ev_status(ctx, now)), E.CABLE_CHECK, ctx.config.ongoing_interval
        )
    if res.DC_EVSEStatus.EVSEIsolationStatus in (d.isolationLevelType.Fault, d.isolationLevelType.Invalid):
        raise EvccAbort(f"cable check finished with isolation {res.DC_EVSEStatus.EVSEIsolationStatus}")
    return Step(_pre_charge_req(ctx, now), E.PRE_CHARGE)


def on_pre_charge(ctx: EvccContext, res: d.PreChargeRes, rx: Rx) -> Step:
    now = rx.now
    present = from_pv(res.EVSEPresentVoltage)
    ctx.present_voltage = present
    target, _ = ctx.controller.precharge_target(now)
    if pre_charge_reached(ctx, present, target, now):
        return Step(_power_delivery_req(ctx, True, now), E.POWER_DELIVERY_START)
    return Step(_pre_charge_req(ctx, now), E.PRE_CHARGE, ctx.config.ongoing_interval)


def on_power_delivery_start(ctx: EvccContext, res: d.PowerDeliveryRes, rx: Rx) -> Step:
    now = rx.now
    return Step(_current_demand_req(ctx, now), E.CHARGING)


def on_current_demand(ctx: EvccContext, res: d.CurrentDemandRes, rx: Rx) -> Step:
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
    stop = None
    if st.EVSEStatusCode is d.DC_EVSEStatusCodeType.EVSE_EmergencyShutdown:
        raise EvccAbort("EVSE emergency shutdown")
    if st.EVSENotification is d.EVSENotificationType.StopCharging or st.EVSEStatusCode in (
        d.DC_EVSEStatusCodeType.EVSE_Shutdown,
        d.DC_EVSEStatusCodeType.EVSE_Malfunction,
    ):
        ctx.evse_notifications.append("StopCharging")
        stop = "EVSE requested stop"
    stop = stop or want_stop(ctx, now)
    if stop:
        ctx.stop_reason = stop
        return Step(_power_delivery_req(ctx, False, now), E.POWER_DELIVERY_STOP)
    return Step(_current_demand_req(ctx, now), E.CHARGING, ctx.config.loop_interval)


def on_power_delivery_stop(ctx: EvccContext, res: d.PowerDeliveryRes, rx: Rx) -> Step:
    now = rx.now
    return Step(_welding_req(ctx, now), E.WELDING, ctx.config.ongoing_interval)


def on_welding(ctx: EvccContext, res: d.WeldingDetectionRes, rx: Rx) -> Step:
    now = rx.now
    ctx.welding_count += 1
    if from_pv(res.EVSEPresentVoltage) > ctx.config.welding_voltage and ctx.welding_count < 20:
        return Step(_welding_req(ctx, now), E.WELDING, ctx.config.ongoing_interval)
    return Step(d.SessionStopReq(), E.SESSION_STOP)


def on_session_stop(ctx: EvccContext, res: d.SessionStopRes, rx: Rx) -> Step:
    return Step(None, E.ENDED, reason=ctx.stop_reason or "session stopped")


TABLE: dict[tuple[EvccState, type], EvccHandler] = {
    (E.SESSION_SETUP, d.SessionSetupRes): on_session_setup,
    (E.SERVICE_DISCOVERY, d.ServiceDiscoveryRes): on_service_discovery,
    (E.PAYMENT_SELECTION, d.ServicePaymentSelectionRes): on_payment_selection,
    (E.AUTHORIZATION, d.ContractAuthenticationRes): on_authorization,
    (E.CHARGE_PARAMETER, d.ChargeParameterDiscoveryRes): on_charge_parameter,
    (E.CABLE_CHECK, d.CableCheckRes): on_cable_check,
    (E.PRE_CHARGE, d.PreChargeRes): on_pre_charge,
    (E.POWER_DELIVERY_START, d.PowerDeliveryRes): on_power_delivery_start,
    (E.CHARGING, d.CurrentDemandRes): on_current_demand,
    (E.POWER_DELIVERY_STOP, d.PowerDeliveryRes): on_power_delivery_stop,
    (E.WELDING, d.WeldingDetectionRes): on_welding,
    (E.SESSION_STOP, d.SessionStopRes): on_session_stop,
}
"""(state waited in, response class) -> handler; any other response ends the session."""


SPEC = EvccSpec(
    name=SCHEMA,
    namespace=NS_DIN,
    envelope=BodyEnvelope(SCHEMA, d),
    table=TABLE,
    first_request=session_setup_req,
    stop_request=lambda ctx: d.SessionStopReq(),
)
