"""DIN SPEC 70121 SECC (DC, external identification means): the transition table and its handlers.

Sequence: SessionSetup -> ServiceDiscovery -> ServicePaymentSelection -> ContractAuthentication
(Ongoing until authorised) -> ChargeParameterDiscovery (Ongoing until schedules) -> CableCheck
(Ongoing until the isolation check ends) -> PreCharge* -> PowerDelivery(ReadyToChargeState=true)
-> CurrentDemand* -> PowerDelivery(false) -> WeldingDetection* -> SessionStop. DIN has no pause
(SessionStopReq has no ChargingSession) and no renegotiation message.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from exi.din import generated_types as d
from v2g._physical import converter, from_pv, to_pv
from v2g.apphand import NS_DIN
from v2g.controller import EnergyMode, EnergyRequest, EvseStatus
from v2g.envelope import BodyEnvelope
from v2g.errors import SessionError
from v2g.minimal import failed_response
from v2g.secc._limits import (
    dc_limits,
    dc_set_point,
    ev_limit,
    ev_value,
    precharge_set_point,
    present_current,
    present_voltage,
)
from v2g.secc._machine import (
    DC_PREFERRED,
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
    schedule_by_id,
    setup_session,
    start_power,
)
from v2g.secc._spec import ADVANCE, STAY, Event, Reply, Route, Rx, SeccSpec

SCHEMA = "din"
S = SeccState
U = d.unitSymbolType
RC = d.responseCodeType
FINISHED = d.EVSEProcessingType.Finished
ONGOING = d.EVSEProcessingType.Ongoing
NO_ERROR = d.DC_EVErrorCodeType.NO_ERROR
VOLTS = converter(d.PhysicalValueType, U.V)
AMPS = converter(d.PhysicalValueType, U.A)
WATTS = converter(d.PhysicalValueType, U.W)
"""PhysicalValues of the charging loop, remembered by value (the limits repeat every message)."""


def _pv(value: float, unit: d.unitSymbolType) -> d.PhysicalValueType:
    return to_pv(d.PhysicalValueType, value, unit)


@lru_cache(maxsize=64)
def _status(st: EvseStatus, *, failed: bool = False, checking: bool = False) -> d.DC_EVSEStatusType:
    """The DC_EVSEStatus for the controller's status; built once per distinct (frozen) status."""
    iso, code, delay, note = dc_status_values(st, failed=failed, checking=checking)
    return d.DC_EVSEStatusType(
        EVSEIsolationStatus=d.isolationLevelType(iso),
        EVSEStatusCode=d.DC_EVSEStatusCodeType(code),
        NotificationMaxDelay=delay,
        EVSENotification=d.EVSENotificationType(note),
    )


def _status_el(ctx: SeccContext, now: float, *, failed: bool = False) -> d.DC_EVSEStatus:
    s = _status(ctx.power.status(now), failed=failed)
    return d.DC_EVSEStatus(
        EVSEIsolationStatus=s.EVSEIsolationStatus,
        EVSEStatusCode=s.EVSEStatusCode,
        NotificationMaxDelay=s.NotificationMaxDelay,
        EVSENotification=s.EVSENotification,
    )


# --------------------------------------------------------------------------------------- handlers


def session_setup(ctx: SeccContext, req: d.SessionSetupReq, rx: Rx) -> Reply:
    now = rx.now
    code = setup_session(ctx, ctx.rx_session_id, req.EVCCID, now)
    return Reply(d.SessionSetupRes(ResponseCode=RC(code), EVSEID=ctx.config.din_evse_id))


def service_discovery(ctx: SeccContext, req: d.ServiceDiscoveryReq, rx: Rx) -> Reply:
    if req.ServiceCategory not in (None, d.serviceCategoryType.EVCharging):
        raise SessionError("FAILED_ServiceSelectionInvalid", "only EVCharging is offered")
    dc_modes = [m for m in ctx.config.energy_modes if m.is_dc]
    if not dc_modes:
        raise SessionError("FAILED", "DIN 70121 needs a DC energy transfer type")
    return Reply(
        d.ServiceDiscoveryRes(
            ResponseCode=RC.OK,
            PaymentOptions=d.PaymentOptionsType(PaymentOption=(d.paymentOptionType.ExternalPayment,)),
            ChargeService=d.ServiceChargeType(
                ServiceTag=d.ServiceTagType(ServiceID=1, ServiceCategory=d.serviceCategoryType.EVCharging),
                FreeService=ctx.config.free_service,
                EnergyTransferType=d.EVSESupportedEnergyTransferType(dc_modes[0].value),
            ),
        ),
    )


def payment_selection(ctx: SeccContext, req: d.ServicePaymentSelectionReq, rx: Rx) -> Reply:
    if req.SelectedPaymentOption.value not in ctx.config.payment_options:
        raise SessionError("FAILED_PaymentSelectionInvalid", f"{req.SelectedPaymentOption.value} not offered")
    ids = {s.ServiceID for s in req.SelectedServiceList.SelectedService}
    if not ids <= {1}:
        raise SessionError("FAILED_ServiceSelectionInvalid", f"unknown ServiceIDs {sorted(ids - {1})}")
    return Reply(d.ServicePaymentSelectionRes(ResponseCode=RC.OK))


def contract_authentication(ctx: SeccContext, req: d.ContractAuthenticationReq, rx: Rx) -> Reply:
    now = rx.now
    done = authorization_done(ctx, now)
    return Reply(
        d.ContractAuthenticationRes(ResponseCode=RC.OK, EVSEProcessing=FINISHED if done else ONGOING),
        ADVANCE if done else STAY,
    )


def _dc_charge_parameter(ctx: SeccContext, now: float) -> d.DC_EVSEChargeParameter:
    lim = dc_limits(ctx.power, now)
    return d.DC_EVSEChargeParameter(
        DC_EVSEStatus=_status(ctx.power.status(now)),
        EVSEMaximumCurrentLimit=_pv(lim.max_current, U.A),
        EVSEMaximumPowerLimit=_pv(lim.max_power, U.W),
        EVSEMaximumVoltageLimit=_pv(lim.max_voltage, U.V),
        EVSEMinimumCurrentLimit=_pv(lim.min_current, U.A),
        EVSEMinimumVoltageLimit=_pv(lim.min_voltage, U.V),
        EVSECurrentRegulationTolerance=(
            None if lim.current_regulation_tolerance is None else _pv(lim.current_regulation_tolerance, U.A)
        ),
        EVSEPeakCurrentRipple=_pv(lim.peak_current_ripple, U.A),
        EVSEEnergyToBeDelivered=None
        if lim.energy_to_be_delivered is None
        else _pv(lim.energy_to_be_delivered, U.Wh),
    )


def _schedule_list(ctx: SeccContext) -> d.SAScheduleList:
    tuples = []
    for s in ctx.schedules:
        entries = []
        for i, (start, power) in enumerate(s.pmax):
            last = i == len(s.pmax) - 1
            entries.append(
                d.PMaxScheduleEntry(
                    TimeInterval=d.RelativeTimeInterval(
                        start=start, duration=s.duration - start if last else None
                    ),
                    PMax=min(32767, max(0, round(power))),
                )
            )
        tariff = None
        if s.tariff:
            tariff = d.SalesTariffType(
                Id=f"tariff{s.schedule_id}",
                SalesTariffID=s.tariff_id,
                NumEPriceLevels=max(t.price_level for t in s.tariff),
                SalesTariffEntry=tuple(
                    d.SalesTariffEntry(
                        TimeInterval=d.RelativeTimeInterval(start=t.start), EPriceLevel=t.price_level
                    )
                    for t in s.tariff
                ),
            )
        tuples.append(
            d.SAScheduleTupleType(
                SAScheduleTupleID=s.schedule_id,
                PMaxSchedule=d.PMaxScheduleType(
                    PMaxScheduleID=s.schedule_id, PMaxScheduleEntry=tuple(entries)
                ),
                SalesTariff=tariff,
            )
        )
    return d.SAScheduleList(SAScheduleTuple=tuple(tuples))


_PLACEHOLDER_SCHEDULES = d.SAScheduleList(
    SAScheduleTuple=(
        d.SAScheduleTupleType(
            SAScheduleTupleID=1,
            PMaxSchedule=d.PMaxScheduleType(
                PMaxScheduleID=1,
                PMaxScheduleEntry=(
                    d.PMaxScheduleEntry(TimeInterval=d.RelativeTimeInterval(start=0), PMax=0),
                ),
            ),
        ),
    )
)
"""DIN requires SASchedules even while Ongoing; real chargers send a zero placeholder."""


def charge_parameter_discovery(ctx: SeccContext, req: d.ChargeParameterDiscoveryReq, rx: Rx) -> Reply:
    now = rx.now
    mode = EnergyMode(req.EVRequestedEnergyTransferType.value)
    check_energy_mode(ctx, mode, "FAILED_WrongEnergyTransferType")
    p = req.EVChargeParameter
    if not isinstance(p, d.DC_EVChargeParameterType):
        raise SessionError("FAILED_WrongChargeParameter", "DC transfer needs DC_EVChargeParameter")
    check_ev_error(p.DC_EVStatus.EVErrorCode, NO_ERROR)
    request = EnergyRequest(
        mode,
        ev_value(from_pv(p.EVMaximumVoltageLimit), "EVMaximumVoltageLimit"),
        ev_value(from_pv(p.EVMaximumCurrentLimit), "EVMaximumCurrentLimit"),
        ev_limit(p.EVMaximumPowerLimit, "EVMaximumPowerLimit"),
        None,
        ev_limit(p.EVEnergyRequest, "EVEnergyRequest"),
        ev_limit(p.EVEnergyCapacity, "EVEnergyCapacity"),
        None,
        p.DC_EVStatus.EVRESSSOC,
    )
    schedules = discover_schedules(ctx, request, now)
    return Reply(
        d.ChargeParameterDiscoveryRes(
            ResponseCode=RC.OK,
            EVSEProcessing=ONGOING if schedules is None else FINISHED,
            SASchedules=_PLACEHOLDER_SCHEDULES if schedules is None else _schedule_list(ctx),
            EVSEChargeParameter=_dc_charge_parameter(ctx, now),
        ),
        STAY if schedules is None else ADVANCE,
    )


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
        d.CurrentDemandRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_status(st),
            EVSEPresentVoltage=VOLTS(present_voltage(ctx.power, now)),
            EVSEPresentCurrent=AMPS(present_current(ctx.power, now)),
            EVSECurrentLimitAchieved=current_limited,
            EVSEVoltageLimitAchieved=voltage_limited,
            EVSEPowerLimitAchieved=power_limited,
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


def event(body: object) -> Event:
    """PowerDeliveryReq is two events: it starts the power only with ReadyToChargeState true and
    an EV without error; anything else is a stop (DIN 70121 9.4.2.8)."""
    if isinstance(body, d.PowerDeliveryReq):
        param = body.EVPowerDeliveryParameter
        error = isinstance(param, d.DC_EVPowerDeliveryParameterType) and (
            param.DC_EVStatus.EVErrorCode is not d.DC_EVErrorCodeType.NO_ERROR
        )
        return (d.PowerDeliveryReq, "start" if body.ReadyToChargeState and not error else "stop")
    return type(body)


START = (d.PowerDeliveryReq, "start")
STOP = (d.PowerDeliveryReq, "stop")

TABLE: dict[tuple[SeccState, Event], Route] = {
    (S.SESSION_SETUP, d.SessionSetupReq): Route(session_setup, S.SERVICE_DISCOVERY),
    (S.SERVICE_DISCOVERY, d.ServiceDiscoveryReq): Route(service_discovery, S.PAYMENT_SELECTION),
    (S.PAYMENT_SELECTION, d.ServicePaymentSelectionReq): Route(payment_selection, S.AUTHORIZATION),
    (S.AUTHORIZATION, d.ContractAuthenticationReq): Route(contract_authentication, S.CHARGE_PARAMETER),
    (S.CHARGE_PARAMETER, d.ChargeParameterDiscoveryReq): Route(charge_parameter_discovery, S.CABLE_CHECK),
    (S.CABLE_CHECK, d.CableCheckReq): Route(cable_check_handler, S.PRE_CHARGE),
    (S.PRE_CHARGE, d.PreChargeReq): Route(pre_charge, S.PRE_CHARGE),
    (S.PRE_CHARGE, START): Route(power_delivery_start, S.CHARGING),
    (S.CHARGING, START): Route(power_delivery_start, S.CHARGING),
    (S.CHARGING, d.CurrentDemandReq): Route(current_demand, S.CHARGING),
    (S.PRE_CHARGE, STOP): Route(power_delivery_stop, S.STOPPED),
    (S.CHARGING, STOP): Route(power_delivery_stop, S.STOPPED),
    # an EV that gives up after authorization, before charging: real chargers confirm it
    (S.CHARGE_PARAMETER, STOP): Route(power_delivery_stop, S.STOPPED, LENIENT),
    (S.CABLE_CHECK, STOP): Route(power_delivery_stop, S.STOPPED, LENIENT),
    (S.STOPPED, d.WeldingDetectionReq): Route(welding_detection, S.WELDING),
    (S.WELDING, d.WeldingDetectionReq): Route(welding_detection, S.WELDING),
    **{
        (state, d.SessionStopReq): Route(session_stop, S.ENDED)
        for state in (S.AUTHORIZATION, S.CHARGE_PARAMETER, S.CABLE_CHECK, S.PRE_CHARGE, S.STOPPED, S.WELDING)
    },
}
"""The DIN 70121 sequence: (state, event) -> route; every other pair is FAILED_SequenceError
([V2G-DC-390])."""


def _minimal(ctx: SeccContext, response: type, code: str, details: tuple[tuple[str, str], ...]) -> Any:
    # [V2G-DC-xxx] as ISO 15118-2 [V2G2-736]: a FAILED response carries only mandatory content
    return failed_response(response, code, (("EVSEID", ctx.config.din_evse_id), *details), DC_PREFERRED)


SPEC: SeccSpec[SeccContext] = SeccSpec(
    name=SCHEMA,
    namespace=NS_DIN,
    envelope=BodyEnvelope(SCHEMA, d),
    responses=pair_responses(d),
    table=TABLE,
    initial=S.SESSION_SETUP,
    ended=S.ENDED,
    minimal=_minimal,
    event=event,
    session_id_checked=lambda state: state is not S.SESSION_SETUP,
)
