"""ISO 15118-2 SECC (AC and DC, external identification means): the transition table and handlers.

Sequence: SessionSetup -> ServiceDiscovery -> ServiceDetail* -> PaymentServiceSelection ->
Authorization (Ongoing until authorised) -> ChargeParameterDiscovery (Ongoing until schedules) ->
DC: CableCheck* -> PreCharge* -> PowerDelivery(Start) -> CurrentDemand* ;
AC: PowerDelivery(Start) -> ChargingStatus* ;
then PowerDelivery(Renegotiate) -> ChargeParameterDiscovery -> PowerDelivery(Start) -> loop again,
or PowerDelivery(Stop) -> (DC: WeldingDetection*) -> SessionStop(Terminate | Pause).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from exi.iso2 import generated_types as m
from v2g._physical import converter, from_pv, to_pv
from v2g.apphand import NS_ISO2
from v2g.controller import EnergyMode, EnergyRequest, EvseStatus, Notification
from v2g.envelope import BodyEnvelope
from v2g.errors import SessionError
from v2g.minimal import failed_response
from v2g.secc._limits import (
    ac_limits,
    dc_limits,
    dc_set_point,
    ev_limit,
    ev_value,
    precharge_set_point,
    present_current,
    present_voltage,
)
from v2g.secc._machine import (
    AC_PREFERRED,
    AC_SESSION,
    DC_PREFERRED,
    DC_SESSION,
    LENIENT,
    SeccContext,
    SeccState,
    authorization_done,
    cable_check,
    charging_fault,
    check_energy_mode,
    check_ev_error,
    check_profile,
    dc_status_values,
    discover_schedules,
    pair_responses,
    pause_session,
    schedule_by_id,
    setup_session,
    start_power,
)
from v2g.secc._spec import ADVANCE, STAY, Event, Reply, Route, Rx, SeccSpec

SCHEMA = "iso2"
S = SeccState
U = m.unitSymbolType
RC = m.responseCodeType
FINISHED = m.EVSEProcessingType.Finished
ONGOING = m.EVSEProcessingType.Ongoing
WAITING = m.EVSEProcessingType.Ongoing_WaitingForCustomerInteraction
CHARGE_SERVICE_ID = 1
NO_ERROR = m.DC_EVErrorCodeType.NO_ERROR
VOLTS = converter(m.PhysicalValueType, U.V)
AMPS = converter(m.PhysicalValueType, U.A)
WATTS = converter(m.PhysicalValueType, U.W)
"""PhysicalValues of the charging loop, remembered by value (the limits repeat every message)."""


def _pv(value: float, unit: m.unitSymbolType) -> m.PhysicalValueType:
    return to_pv(m.PhysicalValueType, value, unit)


@lru_cache(maxsize=64)
def _dc_status(st: EvseStatus, *, failed: bool = False, checking: bool = False) -> m.DC_EVSEStatusType:
    """The DC_EVSEStatus for the controller's status; built once per distinct (frozen) status."""
    iso, code, delay, note = dc_status_values(st, failed=failed, checking=checking)
    return m.DC_EVSEStatusType(
        EVSEIsolationStatus=m.isolationLevelType(iso),
        EVSEStatusCode=m.DC_EVSEStatusCodeType(code),
        NotificationMaxDelay=delay,
        EVSENotification=m.EVSENotificationType(note),
    )


@lru_cache(maxsize=64)
def _ac_status(st: EvseStatus, *, failed: bool = False) -> m.AC_EVSEStatusType:
    note = st.notification
    if (failed or st.emergency_shutdown) and note is Notification.NONE:
        note = Notification.STOP_CHARGING
    return m.AC_EVSEStatusType(
        NotificationMaxDelay=st.notification_max_delay,
        EVSENotification=m.EVSENotificationType(note.value),
        RCD=st.rcd_error,
    )


def _status_el(ctx: SeccContext, now: float, *, failed: bool = False) -> m.AC_EVSEStatus | m.DC_EVSEStatus:
    if ctx.dc or ctx.energy_mode is None:
        s = _dc_status(ctx.power.status(now), failed=failed)
        return m.DC_EVSEStatus(
            EVSEIsolationStatus=s.EVSEIsolationStatus,
            EVSEStatusCode=s.EVSEStatusCode,
            NotificationMaxDelay=s.NotificationMaxDelay,
            EVSENotification=s.EVSENotification,
        )
    a = _ac_status(ctx.power.status(now), failed=failed)
    return m.AC_EVSEStatus(
        NotificationMaxDelay=a.NotificationMaxDelay, EVSENotification=a.EVSENotification, RCD=a.RCD
    )


def _meter(ctx: SeccContext, now: float) -> m.MeterInfoType:
    return _meter_info(max(0, round(ctx.services.meter.meter_wh(now))))


@lru_cache(maxsize=16)
def _meter_info(reading: int) -> m.MeterInfoType:
    return m.MeterInfoType(MeterID="V2G-SIM-METER", MeterReading=reading)


# ------------------------------------------------------------------------------- session set-up


def session_setup(ctx: SeccContext, req: m.SessionSetupReq, rx: Rx) -> Reply:
    now = rx.now
    code = setup_session(ctx, ctx.rx_session_id, req.EVCCID, now)
    return Reply(m.SessionSetupRes(ResponseCode=RC(code), EVSEID=ctx.config.evse_id))


def _charge_service(ctx: SeccContext) -> m.ChargeServiceType:
    return m.ChargeServiceType(
        ServiceID=CHARGE_SERVICE_ID,
        ServiceCategory=m.serviceCategoryType.EVCharging,
        FreeService=ctx.config.free_service,
        SupportedEnergyTransferMode=m.SupportedEnergyTransferModeType(
            EnergyTransferMode=tuple(m.EnergyTransferModeType(e.value) for e in ctx.config.energy_modes)
        ),
    )


def service_discovery(ctx: SeccContext, req: m.ServiceDiscoveryReq, rx: Rx) -> Reply:
    return Reply(
        m.ServiceDiscoveryRes(
            ResponseCode=RC.OK,
            PaymentOptionList=m.PaymentOptionListType(
                PaymentOption=tuple(m.paymentOptionType(p) for p in ctx.config.payment_options)
            ),
            ChargeService=_charge_service(ctx),
        ),
    )


def service_detail(ctx: SeccContext, req: m.ServiceDetailReq, rx: Rx) -> Reply:
    if req.ServiceID != CHARGE_SERVICE_ID:
        raise SessionError("FAILED_ServiceIDInvalid", f"ServiceID {req.ServiceID} not offered")
    return Reply(m.ServiceDetailRes(ResponseCode=RC.OK, ServiceID=req.ServiceID))


def payment_selection(ctx: SeccContext, req: m.PaymentServiceSelectionReq, rx: Rx) -> Reply:
    if req.SelectedPaymentOption.value not in ctx.config.payment_options:
        raise SessionError("FAILED_PaymentSelectionInvalid", f"{req.SelectedPaymentOption.value} not offered")
    ids = {s.ServiceID for s in req.SelectedServiceList.SelectedService}
    if CHARGE_SERVICE_ID not in ids:
        raise SessionError("FAILED_NoChargeServiceSelected", "the charge service was not selected")
    if not ids <= {CHARGE_SERVICE_ID}:
        raise SessionError("FAILED_ServiceSelectionInvalid", f"unknown ServiceIDs {sorted(ids - {1})}")
    return Reply(m.PaymentServiceSelectionRes(ResponseCode=RC.OK))


def authorization(ctx: SeccContext, req: m.AuthorizationReq, rx: Rx) -> Reply:
    now = rx.now
    done = authorization_done(ctx, now)
    return Reply(
        # EIM: the SECC waits for the user (RFID card, app): Ongoing_WaitingForCustomerInteraction
        m.AuthorizationRes(ResponseCode=RC.OK, EVSEProcessing=FINISHED if done else WAITING),
        ADVANCE if done else STAY,
    )


# --------------------------------------------------------------------------- charge parameters


def _schedule_list(ctx: SeccContext, limit: int | None) -> m.SAScheduleList:
    tuples = []
    schedules = ctx.schedules[:limit] if limit else ctx.schedules
    for s in schedules:
        entries = []
        for i, (start, power) in enumerate(s.pmax):
            last = i == len(s.pmax) - 1
            entries.append(
                m.PMaxScheduleEntry(
                    TimeInterval=m.RelativeTimeInterval(
                        start=start, duration=s.duration - start if last else None
                    ),
                    PMax=_pv(power, U.W),
                )
            )
        tariff = None
        if s.tariff:
            tariff = m.SalesTariffType(
                Id=f"tariff{s.schedule_id}",  # xs:ID: unique in the message, one per tuple
                SalesTariffID=s.tariff_id,
                NumEPriceLevels=max(t.price_level for t in s.tariff),
                SalesTariffEntry=tuple(
                    m.SalesTariffEntry(
                        TimeInterval=m.RelativeTimeInterval(start=t.start), EPriceLevel=t.price_level
                    )
                    for t in s.tariff
                ),
            )
        tuples.append(
            m.SAScheduleTupleType(
                SAScheduleTupleID=s.schedule_id,
                PMaxSchedule=m.PMaxScheduleType(PMaxScheduleEntry=tuple(entries)),
                SalesTariff=tariff,
            )
        )
    return m.SAScheduleList(SAScheduleTuple=tuple(tuples))


def _evse_parameter(ctx: SeccContext, now: float) -> m.AC_EVSEChargeParameter | m.DC_EVSEChargeParameter:
    if ctx.dc:
        lim = dc_limits(ctx.power, now)
        return m.DC_EVSEChargeParameter(
            DC_EVSEStatus=_dc_status(ctx.power.status(now)),
            EVSEMaximumCurrentLimit=_pv(lim.max_current, U.A),
            EVSEMaximumPowerLimit=_pv(lim.max_power, U.W),
            EVSEMaximumVoltageLimit=_pv(lim.max_voltage, U.V),
            EVSEMinimumCurrentLimit=_pv(lim.min_current, U.A),
            EVSEMinimumVoltageLimit=_pv(lim.min_voltage, U.V),
            EVSECurrentRegulationTolerance=(
                None
                if lim.current_regulation_tolerance is None
                else _pv(lim.current_regulation_tolerance, U.A)
            ),
            EVSEPeakCurrentRipple=_pv(lim.peak_current_ripple, U.A),
            EVSEEnergyToBeDelivered=(
                None if lim.energy_to_be_delivered is None else _pv(lim.energy_to_be_delivered, U.Wh)
            ),
        )
    ac = ac_limits(ctx.power, now)
    return m.AC_EVSEChargeParameter(
        AC_EVSEStatus=_ac_status(ctx.power.status(now)),
        EVSENominalVoltage=_pv(ac.nominal_voltage, U.V),
        EVSEMaxCurrent=_pv(ac.max_current, U.A),
    )


def _energy_request(mode: EnergyMode, p: Any) -> EnergyRequest:
    if mode.is_dc:
        if not isinstance(p, m.DC_EVChargeParameterType):
            raise SessionError("FAILED_WrongChargeParameter", "DC transfer needs DC_EVChargeParameter")
        check_ev_error(p.DC_EVStatus.EVErrorCode, NO_ERROR)
        return EnergyRequest(
            mode,
            ev_value(from_pv(p.EVMaximumVoltageLimit), "EVMaximumVoltageLimit"),
            ev_value(from_pv(p.EVMaximumCurrentLimit), "EVMaximumCurrentLimit"),
            ev_limit(p.EVMaximumPowerLimit, "EVMaximumPowerLimit"),
            None,
            ev_limit(p.EVEnergyRequest, "EVEnergyRequest"),
            ev_limit(p.EVEnergyCapacity, "EVEnergyCapacity"),
            p.DepartureTime,
            p.DC_EVStatus.EVRESSSOC,
        )
    if not isinstance(p, m.AC_EVChargeParameterType):
        raise SessionError("FAILED_WrongChargeParameter", "AC transfer needs AC_EVChargeParameter")
    max_current = ev_value(from_pv(p.EVMaxCurrent), "EVMaxCurrent")
    min_current = ev_value(from_pv(p.EVMinCurrent), "EVMinCurrent")
    if min_current > max_current:
        raise SessionError(
            "FAILED_WrongChargeParameter",
            f"EVMinCurrent {min_current:g} A above EVMaxCurrent {max_current:g} A",
        )
    return EnergyRequest(
        mode,
        ev_value(from_pv(p.EVMaxVoltage), "EVMaxVoltage"),
        max_current,
        None,
        min_current,
        ev_value(from_pv(p.EAmount), "EAmount"),
        None,
        p.DepartureTime,
        None,
    )


def charge_parameter_discovery(ctx: SeccContext, req: m.ChargeParameterDiscoveryReq, rx: Rx) -> Reply:
    now = rx.now
    mode = EnergyMode(req.RequestedEnergyTransferMode.value)
    check_energy_mode(ctx, mode, "FAILED_WrongEnergyTransferMode")
    request = _energy_request(mode, req.EVChargeParameter)
    schedules = discover_schedules(ctx, request, now)
    next_state: Any = ADVANCE  # DC: CableCheck; after a renegotiation: PowerDelivery
    if schedules is None:
        next_state = STAY
    elif not mode.is_dc:
        next_state = S.POWER_DELIVERY  # AC has no cable check
    return Reply(
        m.ChargeParameterDiscoveryRes(
            ResponseCode=RC.OK,
            EVSEProcessing=ONGOING if schedules is None else FINISHED,
            SASchedules=None if schedules is None else _schedule_list(ctx, req.MaxEntriesSAScheduleTuple),
            EVSEChargeParameter=_evse_parameter(ctx, now),
        ),
        next_state,
    )


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
        check_profile(
            schedule,
            [
                (e.ChargingProfileEntryStart, from_pv(e.ChargingProfileEntryMaxPower))
                for e in req.ChargingProfile.ProfileEntry
            ],
        )
    ctx.schedule_id = schedule.schedule_id
    start_power(ctx, now)
    return Reply(m.PowerDeliveryRes(ResponseCode=RC.OK, EVSEStatus=_status_el(ctx, now)))


def power_delivery_renegotiate(ctx: SeccContext, req: m.PowerDeliveryReq, rx: Rx) -> Reply:
    ctx.renegotiations += 1
    return Reply(m.PowerDeliveryRes(ResponseCode=RC.OK, EVSEStatus=_status_el(ctx, rx.now)))


def power_delivery_stop(ctx: SeccContext, req: m.PowerDeliveryReq, rx: Rx) -> Reply:
    """ChargeProgress Stop, or an EV reporting an error: power off, the stop confirmed OK."""
    ctx.power.stop_power(rx.now)
    return Reply(m.PowerDeliveryRes(ResponseCode=RC.OK, EVSEStatus=_status_el(ctx, rx.now)))


def current_demand(ctx: SeccContext, req: m.CurrentDemandReq, rx: Rx) -> Reply:
    now = rx.now
    check_ev_error(req.DC_EVStatus.EVErrorCode, NO_ERROR)
    st = charging_fault(ctx, now)
    lim = dc_limits(ctx.power, now)
    v_set, i_set, current_limited, voltage_limited, power_limited = dc_set_point(
        lim,
        from_pv(req.EVTargetVoltage),
        from_pv(req.EVTargetCurrent),
        ev_limit(req.EVMaximumVoltageLimit, "EVMaximumVoltageLimit"),
        ev_limit(req.EVMaximumCurrentLimit, "EVMaximumCurrentLimit"),
        ev_limit(req.EVMaximumPowerLimit, "EVMaximumPowerLimit"),
    )
    ctx.power.set_current_demand(v_set, i_set, now)
    ctx.loop_count += 1
    return Reply(
        m.CurrentDemandRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_dc_status(st),
            EVSEPresentVoltage=VOLTS(present_voltage(ctx.power, now)),
            EVSEPresentCurrent=AMPS(present_current(ctx.power, now)),
            EVSECurrentLimitAchieved=current_limited,
            EVSEVoltageLimitAchieved=voltage_limited,
            EVSEPowerLimitAchieved=power_limited,
            EVSEMaximumVoltageLimit=VOLTS(lim.max_voltage),
            EVSEMaximumCurrentLimit=AMPS(lim.max_current),
            EVSEMaximumPowerLimit=WATTS(lim.max_power),
            EVSEID=ctx.config.evse_id,
            SAScheduleTupleID=ctx.schedule_id or 1,
            MeterInfo=_meter(ctx, now),
        )
    )


def charging_status(ctx: SeccContext, req: m.ChargingStatusReq, rx: Rx) -> Reply:
    now = rx.now
    st = charging_fault(ctx, now)
    max_current = ac_limits(ctx.power, now).max_current
    ctx.power.set_ac_charging(True, now)
    ctx.loop_count += 1
    return Reply(
        m.ChargingStatusRes(
            ResponseCode=RC.OK,
            EVSEID=ctx.config.evse_id,
            SAScheduleTupleID=ctx.schedule_id or 1,
            EVSEMaxCurrent=AMPS(max_current),
            MeterInfo=_meter(ctx, now),
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
    if req.ChargingSession is m.chargingSessionType.Pause:
        pause_session(ctx, now)
        return Reply(m.SessionStopRes(ResponseCode=RC.OK), close=True, reason="paused")
    return Reply(m.SessionStopRes(ResponseCode=RC.OK), close=True, reason="terminated")


def event(body: object) -> Event:
    """PowerDeliveryReq is one event per ChargeProgress; a DC EV reporting an error stops whatever
    it asked for ([V2G2-xxx]: the SECC switches the power off)."""
    if isinstance(body, m.PowerDeliveryReq):
        param = body.EVPowerDeliveryParameter
        if isinstance(param, m.DC_EVPowerDeliveryParameterType) and (
            param.DC_EVStatus.EVErrorCode is not m.DC_EVErrorCodeType.NO_ERROR
        ):
            return STOP
        return (m.PowerDeliveryReq, body.ChargeProgress.value)
    return type(body)


START = (m.PowerDeliveryReq, "Start")
STOP = (m.PowerDeliveryReq, "Stop")
RENEGOTIATE = (m.PowerDeliveryReq, "Renegotiate")

TABLE: dict[tuple[SeccState, Event], Route] = {
    (S.SESSION_SETUP, m.SessionSetupReq): Route(session_setup, S.SERVICE_DISCOVERY),
    (S.SERVICE_DISCOVERY, m.ServiceDiscoveryReq): Route(service_discovery, S.PAYMENT_SELECTION),
    (S.PAYMENT_SELECTION, m.ServiceDetailReq): Route(service_detail, S.PAYMENT_SELECTION),
    (S.PAYMENT_SELECTION, m.PaymentServiceSelectionReq): Route(payment_selection, S.AUTHORIZATION),
    (S.AUTHORIZATION, m.AuthorizationReq): Route(authorization, S.CHARGE_PARAMETER),
    (S.CHARGE_PARAMETER, m.ChargeParameterDiscoveryReq): Route(charge_parameter_discovery, S.CABLE_CHECK),
    (S.RENEGOTIATE, m.ChargeParameterDiscoveryReq): Route(charge_parameter_discovery, S.POWER_DELIVERY),
    (S.CABLE_CHECK, m.CableCheckReq): Route(cable_check_handler, S.PRE_CHARGE, DC_SESSION),
    (S.PRE_CHARGE, m.PreChargeReq): Route(pre_charge, S.PRE_CHARGE, DC_SESSION),
    (S.PRE_CHARGE, START): Route(power_delivery_start, S.CHARGING),
    (S.POWER_DELIVERY, START): Route(power_delivery_start, S.CHARGING),
    (S.CHARGING, START): Route(power_delivery_start, S.CHARGING),
    (S.CHARGING, m.CurrentDemandReq): Route(current_demand, S.CHARGING, DC_SESSION),
    (S.CHARGING, m.ChargingStatusReq): Route(charging_status, S.CHARGING, AC_SESSION),
    (S.CHARGING, RENEGOTIATE): Route(power_delivery_renegotiate, S.RENEGOTIATE),
    (S.PRE_CHARGE, STOP): Route(power_delivery_stop, S.STOPPED),
    (S.POWER_DELIVERY, STOP): Route(power_delivery_stop, S.STOPPED),
    (S.CHARGING, STOP): Route(power_delivery_stop, S.STOPPED),
    # an EV that gives up after authorization, before charging: real chargers confirm it
    (S.CHARGE_PARAMETER, STOP): Route(power_delivery_stop, S.STOPPED, LENIENT),
    (S.CABLE_CHECK, STOP): Route(power_delivery_stop, S.STOPPED, LENIENT),
    (S.STOPPED, m.WeldingDetectionReq): Route(welding_detection, S.WELDING, DC_SESSION),
    (S.WELDING, m.WeldingDetectionReq): Route(welding_detection, S.WELDING, DC_SESSION),
    **{
        (state, m.SessionStopReq): Route(session_stop, S.ENDED)
        for state in (
            S.AUTHORIZATION,
            S.CHARGE_PARAMETER,
            S.CABLE_CHECK,
            S.PRE_CHARGE,
            S.POWER_DELIVERY,
            S.STOPPED,
            S.WELDING,
        )
    },
}
"""The ISO 15118-2 sequence: (state, event) -> route; every other pair, or a route whose guard
fails, is FAILED_SequenceError ([V2G2-538])."""


def _minimal(ctx: SeccContext, response: type, code: str, details: tuple[tuple[str, str], ...]) -> Any:
    # [V2G2-736] a FAILED response carries only its mandatory content
    prefer = DC_PREFERRED if ctx.dc or ctx.energy_mode is None else AC_PREFERRED
    return failed_response(response, code, (("EVSEID", ctx.config.evse_id), *details), prefer)


SPEC: SeccSpec[SeccContext] = SeccSpec(
    name=SCHEMA,
    namespace=NS_ISO2,
    envelope=BodyEnvelope(SCHEMA, m),
    responses=pair_responses(m),
    table=TABLE,
    initial=S.SESSION_SETUP,
    ended=S.ENDED,
    minimal=_minimal,
    event=event,
    session_id_checked=lambda state: state is not S.SESSION_SETUP,
)
