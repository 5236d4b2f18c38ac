"""ISO 15118-2 SECC (AC and DC, external identification means): the transition table and handlers.

Sequence: SessionSetup -> ServiceDiscovery -> ServiceDetail* -> PaymentServiceSelection ->
Authorization (Ongoing until authorised) -> ChargeParameterDiscovery (Ongoing until schedules) ->
DC: CableCheck* -> PreCharge* -> PowerDelivery(Start) -> CurrentDemand* ;
AC: PowerDelivery(Start) -> ChargingStatus* ;
then PowerDelivery(Renegotiate) -> ChargeParameterDiscovery -> PowerDelivery(Start) -> loop again,
or PowerDelivery(Stop) -> (DC: WeldingDetection*) -> SessionStop(Terminate | Pause).
"""

from __future__ import annotations

from typing import Any

from exi.iso2 import generated_types as m
from v2g._physical import from_pv, to_pv
from v2g.controller import EnergyMode, EnergyRequest, Notification
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
    pause_session,
    schedule_by_id,
    setup_session,
    start_power,
)

SCHEMA = "iso2"
S = SeccState
U = m.unitSymbolType
RC = m.responseCodeType
FINISHED = m.EVSEProcessingType.Finished
ONGOING = m.EVSEProcessingType.Ongoing
WAITING = m.EVSEProcessingType.Ongoing_WaitingForCustomerInteraction
CHARGE_SERVICE_ID = 1


def _pv(value: float, unit: m.unitSymbolType) -> m.PhysicalValueType:
    return to_pv(m.PhysicalValueType, value, unit)


def _dc_status(
    ctx: SeccContext, now: float, *, failed: bool = False, checking: bool = False
) -> m.DC_EVSEStatusType:
    iso, code, delay, note = dc_status_values(ctx, now, failed=failed, checking=checking)
    return m.DC_EVSEStatusType(
        EVSEIsolationStatus=m.isolationLevelType(iso),
        EVSEStatusCode=m.DC_EVSEStatusCodeType(code),
        NotificationMaxDelay=delay,
        EVSENotification=m.EVSENotificationType(note),
    )


def _ac_status(ctx: SeccContext, now: float, *, failed: bool = False) -> m.AC_EVSEStatusType:
    st = ctx.controller.status(now)
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
        s = _dc_status(ctx, now, failed=failed)
        return m.DC_EVSEStatus(
            EVSEIsolationStatus=s.EVSEIsolationStatus,
            EVSEStatusCode=s.EVSEStatusCode,
            NotificationMaxDelay=s.NotificationMaxDelay,
            EVSENotification=s.EVSENotification,
        )
    a = _ac_status(ctx, now, failed=failed)
    return m.AC_EVSEStatus(
        NotificationMaxDelay=a.NotificationMaxDelay, EVSENotification=a.EVSENotification, RCD=a.RCD
    )


def _meter(ctx: SeccContext, now: float) -> m.MeterInfoType:
    return m.MeterInfoType(MeterID="V2G-SIM-METER", MeterReading=max(0, round(ctx.controller.meter_wh(now))))


# ------------------------------------------------------------------------------- session set-up


def session_setup(ctx: SeccContext, req: m.SessionSetupReq, now: float) -> Reply:
    code = setup_session(ctx, ctx.rx_session_id, req.EVCCID, now)
    return Reply(m.SessionSetupRes(ResponseCode=RC(code), EVSEID=ctx.config.evse_id), S.SERVICE_DISCOVERY)


def _charge_service(ctx: SeccContext) -> m.ChargeServiceType:
    return m.ChargeServiceType(
        ServiceID=CHARGE_SERVICE_ID,
        ServiceCategory=m.serviceCategoryType.EVCharging,
        FreeService=ctx.config.free_service,
        SupportedEnergyTransferMode=m.SupportedEnergyTransferModeType(
            EnergyTransferMode=tuple(m.EnergyTransferModeType(e.value) for e in ctx.config.energy_modes)
        ),
    )


def service_discovery(ctx: SeccContext, req: m.ServiceDiscoveryReq, now: float) -> Reply:
    return Reply(
        m.ServiceDiscoveryRes(
            ResponseCode=RC.OK,
            PaymentOptionList=m.PaymentOptionListType(
                PaymentOption=tuple(m.paymentOptionType(p) for p in ctx.config.payment_options)
            ),
            ChargeService=_charge_service(ctx),
        ),
        S.PAYMENT_SELECTION,
    )


def service_detail(ctx: SeccContext, req: m.ServiceDetailReq, now: float) -> Reply:
    if req.ServiceID != CHARGE_SERVICE_ID:
        raise SessionError("FAILED_ServiceIDInvalid", f"ServiceID {req.ServiceID} not offered")
    return Reply(m.ServiceDetailRes(ResponseCode=RC.OK, ServiceID=req.ServiceID))


def payment_selection(ctx: SeccContext, req: m.PaymentServiceSelectionReq, now: float) -> Reply:
    if req.SelectedPaymentOption.value not in ctx.config.payment_options:
        raise SessionError("FAILED_PaymentSelectionInvalid", f"{req.SelectedPaymentOption.value} not offered")
    ids = {s.ServiceID for s in req.SelectedServiceList.SelectedService}
    if CHARGE_SERVICE_ID not in ids:
        raise SessionError("FAILED_NoChargeServiceSelected", "the charge service was not selected")
    if not ids <= {CHARGE_SERVICE_ID}:
        raise SessionError("FAILED_ServiceSelectionInvalid", f"unknown ServiceIDs {sorted(ids - {1})}")
    return Reply(m.PaymentServiceSelectionRes(ResponseCode=RC.OK), S.AUTHORIZATION)


def authorization(ctx: SeccContext, req: m.AuthorizationReq, now: float) -> Reply:
    done = authorization_done(ctx, now)
    return Reply(
        # EIM: the SECC waits for the user (RFID card, app): Ongoing_WaitingForCustomerInteraction
        m.AuthorizationRes(ResponseCode=RC.OK, EVSEProcessing=FINISHED if done else WAITING),
        S.CHARGE_PARAMETER if done else None,
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
                Id=f"tariff{s.tariff_id}",
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
        lim = ctx.controller.dc_limits(now)
        return m.DC_EVSEChargeParameter(
            DC_EVSEStatus=_dc_status(ctx, now),
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
    ac = ctx.controller.ac_limits(now)
    return m.AC_EVSEChargeParameter(
        AC_EVSEStatus=_ac_status(ctx, now),
        EVSENominalVoltage=_pv(ac.nominal_voltage, U.V),
        EVSEMaxCurrent=_pv(ac.max_current, U.A),
    )


def _energy_request(mode: EnergyMode, p: Any) -> EnergyRequest:
    if mode.is_dc:
        if not isinstance(p, m.DC_EVChargeParameterType):
            raise SessionError("FAILED_WrongChargeParameter", "DC transfer needs DC_EVChargeParameter")
        check_ev_error(p.DC_EVStatus.EVErrorCode.value)
        return EnergyRequest(
            mode,
            from_pv(p.EVMaximumVoltageLimit),
            from_pv(p.EVMaximumCurrentLimit),
            from_pv(p.EVMaximumPowerLimit) if p.EVMaximumPowerLimit else None,
            None,
            from_pv(p.EVEnergyRequest) if p.EVEnergyRequest else None,
            from_pv(p.EVEnergyCapacity) if p.EVEnergyCapacity else None,
            p.DepartureTime,
            p.DC_EVStatus.EVRESSSOC,
        )
    if not isinstance(p, m.AC_EVChargeParameterType):
        raise SessionError("FAILED_WrongChargeParameter", "AC transfer needs AC_EVChargeParameter")
    return EnergyRequest(
        mode,
        from_pv(p.EVMaxVoltage),
        from_pv(p.EVMaxCurrent),
        None,
        from_pv(p.EVMinCurrent),
        from_pv(p.EAmount),
        None,
        p.DepartureTime,
        None,
    )


def charge_parameter_discovery(ctx: SeccContext, req: m.ChargeParameterDiscoveryReq, now: float) -> Reply:
    mode = EnergyMode(req.RequestedEnergyTransferMode.value)
    check_energy_mode(ctx, mode, "FAILED_WrongEnergyTransferMode")
    request = _energy_request(mode, req.EVChargeParameter)
    schedules = discover_schedules(ctx, request, now)
    if schedules is None:
        next_state = None
    elif ctx.renegotiations or not mode.is_dc:
        next_state = S.POWER_DELIVERY  # AC, or DC after renegotiation: no new cable check
    else:
        next_state = S.CABLE_CHECK
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


def _require_dc(ctx: SeccContext, req: Any) -> None:
    if not ctx.dc:
        raise SessionError("FAILED_SequenceError", f"{type(req).__name__} in an AC session")


def _require_ac(ctx: SeccContext, req: Any) -> None:
    if ctx.dc:
        raise SessionError("FAILED_SequenceError", f"{type(req).__name__} in a DC session")


def cable_check_handler(ctx: SeccContext, req: m.CableCheckReq, now: float) -> Reply:
    _require_dc(ctx, req)
    check_ev_error(req.DC_EVStatus.EVErrorCode.value)
    charging_fault(ctx, now)
    result = cable_check(ctx, ctx.request.max_voltage if ctx.request else 0.0, now)
    return Reply(
        m.CableCheckRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_dc_status(ctx, now, checking=result is None),
            EVSEProcessing=ONGOING if result is None else FINISHED,
        ),
        None if result is None else S.PRE_CHARGE,
    )


def pre_charge(ctx: SeccContext, req: m.PreChargeReq, now: float) -> Reply:
    _require_dc(ctx, req)
    check_ev_error(req.DC_EVStatus.EVErrorCode.value)
    charging_fault(ctx, now)
    lim = ctx.controller.dc_limits(now)
    voltage = from_pv(req.EVTargetVoltage)
    if voltage > lim.max_voltage or voltage < 0:
        raise SessionError("FAILED_WrongChargeParameter", f"pre-charge target {voltage} V out of range")
    ctx.controller.set_precharge(voltage, from_pv(req.EVTargetCurrent), now)
    return Reply(
        m.PreChargeRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_dc_status(ctx, now),
            EVSEPresentVoltage=_pv(ctx.controller.present_voltage(now), U.V),
        )
    )


def power_delivery(ctx: SeccContext, req: m.PowerDeliveryReq, now: float) -> Reply:
    param = req.EVPowerDeliveryParameter
    progress = req.ChargeProgress
    if isinstance(param, m.DC_EVPowerDeliveryParameterType) and progress is not m.chargeProgressType.Stop:
        check_ev_error(param.DC_EVStatus.EVErrorCode.value)  # a stop is confirmed whatever the EV's error
    if progress is m.chargeProgressType.Start:
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
        return Reply(m.PowerDeliveryRes(ResponseCode=RC.OK, EVSEStatus=_status_el(ctx, now)), S.CHARGING)
    if progress is m.chargeProgressType.Renegotiate:
        if ctx.state is not S.CHARGING:
            raise SessionError("FAILED_SequenceError", "Renegotiate outside the charging loop")
        ctx.renegotiations += 1
        return Reply(m.PowerDeliveryRes(ResponseCode=RC.OK, EVSEStatus=_status_el(ctx, now)), S.RENEGOTIATE)
    ctx.controller.stop_power(now)
    return Reply(m.PowerDeliveryRes(ResponseCode=RC.OK, EVSEStatus=_status_el(ctx, now)), S.STOPPED)


def current_demand(ctx: SeccContext, req: m.CurrentDemandReq, now: float) -> Reply:
    _require_dc(ctx, req)
    check_ev_error(req.DC_EVStatus.EVErrorCode.value)
    charging_fault(ctx, now)
    lim = ctx.controller.dc_limits(now)
    v_target, i_target = from_pv(req.EVTargetVoltage), from_pv(req.EVTargetCurrent)
    v_set = min(v_target, lim.max_voltage)
    i_set = min(i_target, lim.max_current, lim.max_power / max(v_set, 1.0))
    ctx.controller.set_current_demand(v_set, i_set, now)
    ctx.loop_count += 1
    return Reply(
        m.CurrentDemandRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_dc_status(ctx, now),
            EVSEPresentVoltage=_pv(ctx.controller.present_voltage(now), U.V),
            EVSEPresentCurrent=_pv(ctx.controller.present_current(now), U.A),
            EVSECurrentLimitAchieved=i_target > lim.max_current,
            EVSEVoltageLimitAchieved=v_target > lim.max_voltage,
            EVSEPowerLimitAchieved=v_set * i_target > lim.max_power,
            EVSEMaximumVoltageLimit=_pv(lim.max_voltage, U.V),
            EVSEMaximumCurrentLimit=_pv(lim.max_current, U.A),
            EVSEMaximumPowerLimit=_pv(lim.max_power, U.W),
            EVSEID=ctx.config.evse_id,
            SAScheduleTupleID=ctx.schedule_id or 1,
            MeterInfo=_meter(ctx, now),
        )
    )


def charging_status(ctx: SeccContext, req: m.ChargingStatusReq, now: float) -> Reply:
    _require_ac(ctx, req)
    charging_fault(ctx, now)
    ctx.controller.set_ac_charging(True, now)
    ctx.loop_count += 1
    return Reply(
        m.ChargingStatusRes(
            ResponseCode=RC.OK,
            EVSEID=ctx.config.evse_id,
            SAScheduleTupleID=ctx.schedule_id or 1,
            EVSEMaxCurrent=_pv(ctx.controller.ac_limits(now).max_current, U.A),
            MeterInfo=_meter(ctx, now),
            AC_EVSEStatus=_ac_status(ctx, now),
        )
    )


def welding_detection(ctx: SeccContext, req: m.WeldingDetectionReq, now: float) -> Reply:
    _require_dc(ctx, req)
    return Reply(
        m.WeldingDetectionRes(
            ResponseCode=RC.OK,
            DC_EVSEStatus=_dc_status(ctx, now),
            EVSEPresentVoltage=_pv(ctx.controller.present_voltage(now), U.V),
        ),
        S.WELDING,
    )


def session_stop(ctx: SeccContext, req: m.SessionStopReq, now: float) -> Reply:
    ctx.controller.stop_power(now)
    if req.ChargingSession is m.chargingSessionType.Pause:
        pause_session(ctx, now)
        return Reply(m.SessionStopRes(ResponseCode=RC.OK), S.ENDED, close=True, reason="paused")
    return Reply(m.SessionStopRes(ResponseCode=RC.OK), S.ENDED, close=True, reason="terminated")


_STOPPABLE = (
    S.AUTHORIZATION,
    S.CHARGE_PARAMETER,
    S.CABLE_CHECK,
    S.PRE_CHARGE,
    S.POWER_DELIVERY,
    S.STOPPED,
    S.WELDING,
)

TABLE: dict[tuple[SeccState, type], Handler] = {
    (S.SESSION_SETUP, m.SessionSetupReq): session_setup,
    (S.SERVICE_DISCOVERY, m.ServiceDiscoveryReq): service_discovery,
    (S.PAYMENT_SELECTION, m.ServiceDetailReq): service_detail,
    (S.PAYMENT_SELECTION, m.PaymentServiceSelectionReq): payment_selection,
    (S.AUTHORIZATION, m.AuthorizationReq): authorization,
    (S.CHARGE_PARAMETER, m.ChargeParameterDiscoveryReq): charge_parameter_discovery,
    (S.RENEGOTIATE, m.ChargeParameterDiscoveryReq): charge_parameter_discovery,
    (S.CABLE_CHECK, m.CableCheckReq): cable_check_handler,
    (S.PRE_CHARGE, m.PreChargeReq): pre_charge,
    (S.PRE_CHARGE, m.PowerDeliveryReq): power_delivery,
    (S.POWER_DELIVERY, m.PowerDeliveryReq): power_delivery,
    (S.CHARGING, m.CurrentDemandReq): current_demand,
    (S.CHARGING, m.ChargingStatusReq): charging_status,
    (S.CHARGING, m.PowerDeliveryReq): power_delivery,
    (S.STOPPED, m.WeldingDetectionReq): welding_detection,
    (S.WELDING, m.WeldingDetectionReq): welding_detection,
    **{(state, m.SessionStopReq): session_stop for state in _STOPPABLE},
}
"""(state, request class) -> handler; every other pair is FAILED_SequenceError ([V2G2-538])."""

REQUESTS: tuple[type, ...] = (
    m.SessionSetupReq,
    m.ServiceDiscoveryReq,
    m.ServiceDetailReq,
    m.PaymentServiceSelectionReq,
    m.PaymentDetailsReq,
    m.AuthorizationReq,
    m.ChargeParameterDiscoveryReq,
    m.PowerDeliveryReq,
    m.ChargingStatusReq,
    m.MeteringReceiptReq,
    m.CertificateUpdateReq,
    m.CertificateInstallationReq,
    m.CableCheckReq,
    m.PreChargeReq,
    m.CurrentDemandReq,
    m.WeldingDetectionReq,
    m.SessionStopReq,
)
"""Every request of the ISO 15118-2 schema."""


def failed_response(ctx: SeccContext, req_type: type, code: str, now: float) -> Any:
    """The response paired with ``req_type`` with ``code`` and only mandatory content ([V2G2-736])."""
    rc = RC(code)
    zero_v, zero_a, zero_w = _pv(0.0, U.V), _pv(0.0, U.A), _pv(0.0, U.W)
    dc = _dc_status(ctx, now, failed=True)
    ac = _ac_status(ctx, now, failed=True)
    chain = m.CertificateChainType(Certificate=b"\x00")
    key = m.ContractSignatureEncryptedPrivateKeyType(Id="id1", value=b"\x00" * 48)
    dh = m.DiffieHellmanPublickeyType(Id="id2", value=b"\x00" * 65)
    emaid = m.EMAIDType(Id="id3", value="DE8AA00000000000"[:15])
    parameter: Any
    if ctx.dc or ctx.energy_mode is None:
        parameter = m.DC_EVSEChargeParameter(
            DC_EVSEStatus=dc,
            EVSEMaximumCurrentLimit=zero_a,
            EVSEMaximumPowerLimit=zero_w,
            EVSEMaximumVoltageLimit=zero_v,
            EVSEMinimumCurrentLimit=zero_a,
            EVSEMinimumVoltageLimit=zero_v,
            EVSEPeakCurrentRipple=zero_a,
        )
    else:
        parameter = m.AC_EVSEChargeParameter(
            AC_EVSEStatus=ac, EVSENominalVoltage=zero_v, EVSEMaxCurrent=zero_a
        )
    present_v = _pv(ctx.controller.present_voltage(now), U.V)
    builders: dict[type, Any] = {
        m.SessionSetupReq: lambda: m.SessionSetupRes(ResponseCode=rc, EVSEID=ctx.config.evse_id),
        m.ServiceDiscoveryReq: lambda: m.ServiceDiscoveryRes(
            ResponseCode=rc,
            PaymentOptionList=m.PaymentOptionListType(PaymentOption=(m.paymentOptionType.ExternalPayment,)),
            ChargeService=_charge_service(ctx),
        ),
        m.ServiceDetailReq: lambda: m.ServiceDetailRes(ResponseCode=rc, ServiceID=CHARGE_SERVICE_ID),
        m.PaymentServiceSelectionReq: lambda: m.PaymentServiceSelectionRes(ResponseCode=rc),
        m.PaymentDetailsReq: lambda: m.PaymentDetailsRes(
            ResponseCode=rc, GenChallenge=b"\x00" * 16, EVSETimeStamp=0
        ),
        m.AuthorizationReq: lambda: m.AuthorizationRes(ResponseCode=rc, EVSEProcessing=FINISHED),
        m.ChargeParameterDiscoveryReq: lambda: m.ChargeParameterDiscoveryRes(
            ResponseCode=rc,
            EVSEProcessing=FINISHED,
            EVSEChargeParameter=parameter,
        ),
        m.PowerDeliveryReq: lambda: m.PowerDeliveryRes(
            ResponseCode=rc, EVSEStatus=_status_el(ctx, now, failed=True)
        ),
        m.ChargingStatusReq: lambda: m.ChargingStatusRes(
            ResponseCode=rc,
            EVSEID=ctx.config.evse_id,
            SAScheduleTupleID=ctx.schedule_id or 1,
            AC_EVSEStatus=ac,
        ),
        m.MeteringReceiptReq: lambda: m.MeteringReceiptRes(
            ResponseCode=rc, EVSEStatus=_status_el(ctx, now, failed=True)
        ),
        m.CertificateUpdateReq: lambda: m.CertificateUpdateRes(
            ResponseCode=rc,
            SAProvisioningCertificateChain=chain,
            ContractSignatureCertChain=chain,
            ContractSignatureEncryptedPrivateKey=key,
            DHpublickey=dh,
            eMAID=emaid,
        ),
        m.CertificateInstallationReq: lambda: m.CertificateInstallationRes(
            ResponseCode=rc,
            SAProvisioningCertificateChain=chain,
            ContractSignatureCertChain=chain,
            ContractSignatureEncryptedPrivateKey=key,
            DHpublickey=dh,
            eMAID=emaid,
        ),
        m.CableCheckReq: lambda: m.CableCheckRes(ResponseCode=rc, DC_EVSEStatus=dc, EVSEProcessing=FINISHED),
        m.PreChargeReq: lambda: m.PreChargeRes(
            ResponseCode=rc, DC_EVSEStatus=dc, EVSEPresentVoltage=present_v
        ),
        m.CurrentDemandReq: lambda: m.CurrentDemandRes(
            ResponseCode=rc,
            DC_EVSEStatus=dc,
            EVSEPresentVoltage=present_v,
            EVSEPresentCurrent=_pv(ctx.controller.present_current(now), U.A),
            EVSECurrentLimitAchieved=False,
            EVSEVoltageLimitAchieved=False,
            EVSEPowerLimitAchieved=False,
            EVSEID=ctx.config.evse_id,
            SAScheduleTupleID=ctx.schedule_id or 1,
        ),
        m.WeldingDetectionReq: lambda: m.WeldingDetectionRes(
            ResponseCode=rc, DC_EVSEStatus=dc, EVSEPresentVoltage=present_v
        ),
        m.SessionStopReq: lambda: m.SessionStopRes(ResponseCode=rc),
    }
    return builders[req_type]()


def wrap(session_id: bytes, body: Any) -> m.V2G_Message:
    return m.V2G_Message(Header=m.MessageHeaderType(SessionID=session_id), Body=m.BodyType(BodyElement=body))
