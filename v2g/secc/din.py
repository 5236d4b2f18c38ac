"""DIN SPEC 70121 SECC (DC, external identification means): the transition table and its handlers.

Sequence: SessionSetup -> ServiceDiscovery -> ServicePaymentSelection -> ContractAuthentication
(Ongoing until authorised) -> ChargeParameterDiscovery (Ongoing until schedules) -> CableCheck
(Ongoing until the isolation check ends) -> PreCharge* -> PowerDelivery(ReadyToChargeState=true)
-> CurrentDemand* -> PowerDelivery(false) -> WeldingDetection* -> SessionStop. DIN has no pause
(SessionStopReq has no ChargingSession) and no renegotiation message.
"""

from __future__ import annotations

from typing import Any

from exi.din import generated_types as d
from v2g._physical import from_pv, to_pv
from v2g.controller import EnergyMode, EnergyRequest
from v2g.errors import SessionError
from v2g.secc._machine import (
    Handler,
    Reply,
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
    schedule_by_id,
    setup_session,
    start_power,
)

SCHEMA = "din"
S = SeccState
U = d.unitSymbolType
RC = d.responseCodeType
FINISHED = d.EVSEProcessingType.Finished
ONGOING = d.EVSEProcessingType.Ongoing


def _pv(value: float, unit: d.unitSymbolType) -> d.PhysicalValueType:
    return to_pv(d.PhysicalValueType, value, unit)


def _status(
    ctx: SeccContext, now: float, *, failed: bool = False, checking: bool = False
) -> d.DC_EVSEStatusType:
    iso, code, delay, note = dc_status_values(ctx, now, failed=failed, checking=checking)
    return d.DC_EVSEStatusType(
        EVSEIsolationStatus=d.isolationLevelType(iso),
        EVSEStatusCode=d.DC_EVSEStatusCodeType(code),
        NotificationMaxDelay=delay,
        EVSENotification=d.EVSENotificationType(note),
    )


def _status_el(ctx: SeccContext, now: float, *, failed: bool = False) -> d.DC_EVSEStatus:
    s = _status(ctx, now, failed=failed)
    return d.DC_EVSEStatus(
        EVSEIsolationStatus=s.EVSEIsolationStatus,
        EVSEStatusCode=s.EVSEStatusCode,
        NotificationMaxDelay=s.NotificationMaxDelay,
        EVSENotification=s.EVSENotification,
    )


# --------------------------------------------------------------------------------------- handlers


def session_setup(ctx: SeccContext, req: d.SessionSetupReq, now: float) -> Reply:
    code = setup_session(ctx, ctx.rx_session_id, req.EVCCID, now)
    return Reply(d.SessionSetupRes(ResponseCode=RC(code), EVSEID=ctx.config.din_evse_id), S.SERVICE_DISCOVERY)


def service_discovery(ctx: SeccContext, req: d.ServiceDiscoveryReq, now: float) -> Reply:
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
        S.PAYMENT_SELECTION,
    )


def payment_selection(ctx: SeccContext, req: d.ServicePaymentSelectionReq, now: float) -> Reply:
    if req.SelectedPaymentOption.value not in ctx.config.payment_options:
        raise SessionError("FAILED_PaymentSelectionInvalid", f"{req.SelectedPaymentOption.value} not offered")
    ids = {s.ServiceID for s in req.SelectedServiceList.SelectedService}
    if not ids <= {1}:
        raise SessionError("FAILED_ServiceSelectionInvalid", f"unknown ServiceIDs {sorted(ids - {1})}")
    return Reply(d.ServicePaymentSelectionRes(ResponseCode=RC.OK), S.AUTHORIZATION)


def contract_authentication(ctx: SeccContext, req: d.ContractAuthenticationReq, now: float) -> Reply:
    done = authorization_done(ctx, now)
    return Reply(
        d.ContractAuthenticationRes(ResponseCode=RC.OK, EVSEProcessing=FINISHED if done else ONGOING),
        S.CHARGE_PARAMETER if done else None,
    )


def _dc_charge_parameter(ctx: SeccContext, now: float) -> d.DC_EVSEChargeParameter:
    lim = ctx.controller.dc_limits(now)
    return d.DC_EVSEChargeParameter(
        DC_EVSEStatus=_status(ctx, now),
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
                Id=f"tariff{s.tariff_id}",
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


def charge_parameter_discovery(ctx: SeccContext, req: d.ChargeParameterDiscoveryReq, now: float) -> Reply:
    mode = EnergyMode(req.EVRequestedEnergyTransferType.value)
    check_energy_mode(ctx, mode, "FAILED_WrongEnergyTransferType")
    p = req.EVChargeParameter
    if not isinstance(p, d.DC_EVChargeParameterType):
        raise SessionError("FAILED_WrongChargeParameter", "DC transfer needs DC_EVChargeParameter")
    check_ev_error(p.DC_EVStatus.EVErrorCode.value)
    request = EnergyRequest(
        mode,
        from_pv(p.EVMaximumVoltageLimit),
        from_pv(p.EVMaximumCurrentLimit),
        from_pv(p.EVMaximumPowerLimit) if p.EVMaximumPowerLimit else None,
        None,
        from_pv(p.EVEnergyRequest) if p.EVEnergyRequest else None,
        from_pv(p.EVEnergyCapacity) if p.EVEnergyCapacity else None,
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
        None if schedules is None else S.CABLE_CHECK,
    )


def cable_check_handler(ctx: SeccContext, req: d.CableCheckReq, now: float) -> Reply:
    check_ev_error(req.DC_EVStatus.EVErrorCode.value)
    charging_fault(ctx, now)
    ev_voltage = ctx.request.max_voltage if ctx.request else 0.0
    result = cable_check(ctx, ev_voltage, now)
    return Reply(
        d.CableCheckRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_status(ctx, now, checking=result is None),
            EVSEProcessing=ONGOING if result is None else FINISHED,
        ),
        None if result is None else S.PRE_CHARGE,
    )


def pre_charge(ctx: SeccContext, req: d.PreChargeReq, now: float) -> Reply:
    check_ev_error(req.DC_EVStatus.EVErrorCode.value)
    charging_fault(ctx, now)
    lim = ctx.controller.dc_limits(now)
    voltage = from_pv(req.EVTargetVoltage)
    if voltage > lim.max_voltage or voltage < 0:
        raise SessionError("FAILED_WrongChargeParameter", f"pre-charge target {voltage} V out of range")
    ctx.controller.set_precharge(voltage, from_pv(req.EVTargetCurrent), now)
    return Reply(
        d.PreChargeRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_status(ctx, now),
            EVSEPresentVoltage=_pv(ctx.controller.present_voltage(now), U.V),
        )
    )


def _profile(req: d.PowerDeliveryReq) -> tuple[int | None, list[tuple[int, float]]]:
    if req.ChargingProfile is None:
        return None, []
    prof = req.ChargingProfile
    return prof.SAScheduleTupleID, [
        (e.ChargingProfileEntryStart, float(e.ChargingProfileEntryMaxPower)) for e in prof.ProfileEntry
    ]


def power_delivery(ctx: SeccContext, req: d.PowerDeliveryReq, now: float) -> Reply:
    param = req.EVPowerDeliveryParameter
    if not req.ReadyToChargeState:
        # An EV that stops because of its own error (real cars report FAILED_EVRESSMalfunction here)
        # still gets its stop confirmed: the power goes off either way.
        ctx.controller.stop_power(now)
        return Reply(d.PowerDeliveryRes(ResponseCode=RC.OK, EVSEStatus=_status_el(ctx, now)), S.STOPPED)
    if isinstance(param, d.DC_EVPowerDeliveryParameterType):
        check_ev_error(param.DC_EVStatus.EVErrorCode.value)
    schedule_id, entries = _profile(req)
    if schedule_id is not None:
        check_profile(schedule_by_id(ctx, schedule_id), entries)
        ctx.schedule_id = schedule_id
    start_power(ctx, now)
    return Reply(d.PowerDeliveryRes(ResponseCode=RC.OK, EVSEStatus=_status_el(ctx, now)), S.CHARGING)


def current_demand(ctx: SeccContext, req: d.CurrentDemandReq, now: float) -> Reply:
    check_ev_error(req.DC_EVStatus.EVErrorCode.value)
    charging_fault(ctx, now)
    lim = ctx.controller.dc_limits(now)
    v_target, i_target = from_pv(req.EVTargetVoltage), from_pv(req.EVTargetCurrent)
    v_set = min(v_target, lim.max_voltage)
    i_set = min(i_target, lim.max_current, lim.max_power / max(v_set, 1.0))
    ctx.controller.set_current_demand(v_set, i_set, now)
    ctx.loop_count += 1
    return Reply(
        d.CurrentDemandRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_status(ctx, now),
            EVSEPresentVoltage=_pv(ctx.controller.present_voltage(now), U.V),
            EVSEPresentCurrent=_pv(ctx.controller.present_current(now), U.A),
            EVSECurrentLimitAchieved=i_target > lim.max_current,
            EVSEVoltageLimitAchieved=v_target > lim.max_voltage,
            EVSEPowerLimitAchieved=v_set * i_target > lim.max_power,
            EVSEMaximumVoltageLimit=_pv(lim.max_voltage, U.V),
            EVSEMaximumCurrentLimit=_pv(lim.max_current, U.A),
            EVSEMaximumPowerLimit=_pv(lim.max_power, U.W),
        )
    )


def welding_detection(ctx: SeccContext, req: d.WeldingDetectionReq, now: float) -> Reply:
    return Reply(
        d.WeldingDetectionRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_status(ctx, now),
            EVSEPresentVoltage=_pv(ctx.controller.present_voltage(now), U.V),
        ),
        S.WELDING,
    )


def session_stop(ctx: SeccContext, req: d.SessionStopReq, now: float) -> Reply:
    ctx.controller.stop_power(now)
    return Reply(d.SessionStopRes(ResponseCode=RC.OK), S.ENDED, close=True, reason="terminated")


_STOPPABLE = (S.AUTHORIZATION, S.CHARGE_PARAMETER, S.CABLE_CHECK, S.PRE_CHARGE, S.STOPPED, S.WELDING)

TABLE: dict[tuple[SeccState, type], Handler] = {
    (S.SESSION_SETUP, d.SessionSetupReq): session_setup,
    (S.SERVICE_DISCOVERY, d.ServiceDiscoveryReq): service_discovery,
    (S.PAYMENT_SELECTION, d.ServicePaymentSelectionReq): payment_selection,
    (S.AUTHORIZATION, d.ContractAuthenticationReq): contract_authentication,
    (S.CHARGE_PARAMETER, d.ChargeParameterDiscoveryReq): charge_parameter_discovery,
    (S.CABLE_CHECK, d.CableCheckReq): cable_check_handler,
    (S.PRE_CHARGE, d.PreChargeReq): pre_charge,
    (S.PRE_CHARGE, d.PowerDeliveryReq): power_delivery,
    (S.CHARGING, d.CurrentDemandReq): current_demand,
    (S.CHARGING, d.PowerDeliveryReq): power_delivery,
    (S.STOPPED, d.WeldingDetectionReq): welding_detection,
    (S.WELDING, d.WeldingDetectionReq): welding_detection,
    **{(state, d.SessionStopReq): session_stop for state in _STOPPABLE},
}
"""(state, request class) -> handler; every other pair is FAILED_SequenceError ([V2G-DC-390])."""

REQUESTS: tuple[type, ...] = (
    d.SessionSetupReq,
    d.ServiceDiscoveryReq,
    d.ServiceDetailReq,
    d.ServicePaymentSelectionReq,
    d.PaymentDetailsReq,
    d.ContractAuthenticationReq,
    d.ChargeParameterDiscoveryReq,
    d.PowerDeliveryReq,
    d.ChargingStatusReq,
    d.MeteringReceiptReq,
    d.CertificateUpdateReq,
    d.CertificateInstallationReq,
    d.CableCheckReq,
    d.PreChargeReq,
    d.CurrentDemandReq,
    d.WeldingDetectionReq,
    d.SessionStopReq,
)
"""Every request of the DIN schema."""


def failed_response(ctx: SeccContext, req_type: type, code: str, now: float) -> Any:
    """The response paired with ``req_type`` carrying ``code`` and only the mandatory fields
    ([V2G2-736]-style minimal response; DIN [V2G-DC-390] for the sequence check)."""
    rc = RC(code)
    zero_v = _pv(0.0, U.V)
    zero_a = _pv(0.0, U.A)
    status = _status(ctx, now, failed=True)
    ac_status = d.AC_EVSEStatusType(
        PowerSwitchClosed=False,
        RCD=False,
        NotificationMaxDelay=0,
        EVSENotification=d.EVSENotificationType.StopCharging,
    )
    builders: dict[type, Any] = {
        d.SessionSetupReq: lambda: d.SessionSetupRes(ResponseCode=rc, EVSEID=ctx.config.din_evse_id),
        d.ServiceDiscoveryReq: lambda: d.ServiceDiscoveryRes(
            ResponseCode=rc,
            PaymentOptions=d.PaymentOptionsType(PaymentOption=(d.paymentOptionType.ExternalPayment,)),
            ChargeService=d.ServiceChargeType(
                ServiceTag=d.ServiceTagType(ServiceID=1, ServiceCategory=d.serviceCategoryType.EVCharging),
                FreeService=False,
                EnergyTransferType=d.EVSESupportedEnergyTransferType.DC_extended,
            ),
        ),
        d.ServiceDetailReq: lambda: d.ServiceDetailRes(ResponseCode=rc, ServiceID=1),
        d.ServicePaymentSelectionReq: lambda: d.ServicePaymentSelectionRes(ResponseCode=rc),
        d.PaymentDetailsReq: lambda: d.PaymentDetailsRes(
            ResponseCode=rc, GenChallenge="0" * 16, DateTimeNow=0
        ),
        d.ContractAuthenticationReq: lambda: d.ContractAuthenticationRes(
            ResponseCode=rc, EVSEProcessing=FINISHED
        ),
        d.ChargeParameterDiscoveryReq: lambda: d.ChargeParameterDiscoveryRes(
            ResponseCode=rc,
            EVSEProcessing=FINISHED,
            SASchedules=_PLACEHOLDER_SCHEDULES,
            EVSEChargeParameter=d.DC_EVSEChargeParameter(
                DC_EVSEStatus=status,
                EVSEMaximumCurrentLimit=zero_a,
                EVSEMaximumVoltageLimit=zero_v,
                EVSEMinimumCurrentLimit=zero_a,
                EVSEMinimumVoltageLimit=zero_v,
                EVSEPeakCurrentRipple=zero_a,
            ),
        ),
        d.PowerDeliveryReq: lambda: d.PowerDeliveryRes(
            ResponseCode=rc, EVSEStatus=_status_el(ctx, now, failed=True)
        ),
        d.ChargingStatusReq: lambda: d.ChargingStatusRes(
            ResponseCode=rc,
            EVSEID=ctx.config.din_evse_id,
            SAScheduleTupleID=1,
            ReceiptRequired=False,
            AC_EVSEStatus=ac_status,
        ),
        d.MeteringReceiptReq: lambda: d.MeteringReceiptRes(ResponseCode=rc, AC_EVSEStatus=ac_status),
        d.CertificateUpdateReq: lambda: d.CertificateUpdateRes(
            Id="id1",
            ResponseCode=rc,
            ContractSignatureCertChain=d.CertificateChainType(Certificate=b"\x00"),
            ContractSignatureEncryptedPrivateKey=b"\x00",
            DHParams=b"\x00",
            ContractID="0",
            RetryCounter=0,
        ),
        d.CertificateInstallationReq: lambda: d.CertificateInstallationRes(
            Id="id1",
            ResponseCode=rc,
            ContractSignatureCertChain=d.CertificateChainType(Certificate=b"\x00"),
            ContractSignatureEncryptedPrivateKey=b"\x00",
            DHParams=b"\x00",
            ContractID="0",
        ),
        d.CableCheckReq: lambda: d.CableCheckRes(
            ResponseCode=rc, DC_EVSEStatus=status, EVSEProcessing=FINISHED
        ),
        d.PreChargeReq: lambda: d.PreChargeRes(
            ResponseCode=rc,
            DC_EVSEStatus=status,
            EVSEPresentVoltage=_pv(ctx.controller.present_voltage(now), U.V),
        ),
        d.CurrentDemandReq: lambda: d.CurrentDemandRes(
            ResponseCode=rc,
            DC_EVSEStatus=status,
            EVSEPresentVoltage=_pv(ctx.controller.present_voltage(now), U.V),
            EVSEPresentCurrent=_pv(ctx.controller.present_current(now), U.A),
            EVSECurrentLimitAchieved=False,
            EVSEVoltageLimitAchieved=False,
            EVSEPowerLimitAchieved=False,
        ),
        d.WeldingDetectionReq: lambda: d.WeldingDetectionRes(
            ResponseCode=rc,
            DC_EVSEStatus=status,
            EVSEPresentVoltage=_pv(ctx.controller.present_voltage(now), U.V),
        ),
        d.SessionStopReq: lambda: d.SessionStopRes(ResponseCode=rc),
    }
    return builders[req_type]()


def wrap(session_id: bytes, body: Any) -> d.V2G_Message:
    return d.V2G_Message(Header=d.MessageHeaderType(SessionID=session_id), Body=d.BodyType(BodyElement=body))
