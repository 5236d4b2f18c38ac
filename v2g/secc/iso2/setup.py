"""ISO 15118-2 SECC handlers of the session set-up and the charge parameters (SessionSetup to
ChargeParameterDiscovery)."""

from __future__ import annotations

from typing import Any

from exi.iso2 import generated_types as m
from v2g._physical import from_pv
from v2g.controller import EnergyMode, EnergyRequest
from v2g.errors import SessionError
from v2g.secc._limits import (
    ac_limits,
    dc_limits,
    ev_limit,
    ev_value,
)
from v2g.secc._machine import (
    SeccContext,
    authorization_done,
    check_energy_mode,
    check_ev_error,
    discover_schedules,
    setup_session,
)
from v2g.secc._spec import ADVANCE, STAY, Reply, Rx
from v2g.secc.iso2._shared import (
    CHARGE_SERVICE_ID,
    FINISHED,
    NO_ERROR,
    ONGOING,
    RC,
    WAITING,
    S,
    U,
    _ac_status,
    _dc_status,
    _pv,
)
from v2g.secc.iso2.pnc import contract_authorization, sign_tariffs

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


def payment_options(ctx: SeccContext) -> tuple[str, ...]:
    """The payment options of this session: Contract only on TLS and with Plug & Charge services
    (ISO 15118-2 8.4.3.3: contract-based payment needs the TLS-secured channel)."""
    contract = ctx.tls and ctx.services.pnc is not None
    return tuple(p for p in ctx.config.payment_options if p != "Contract" or contract)


def service_discovery(ctx: SeccContext, req: m.ServiceDiscoveryReq, rx: Rx) -> Reply:
    options = payment_options(ctx)
    if not options:
        raise SessionError("FAILED", "Contract payment only, and this connection is not TLS")
    return Reply(
        m.ServiceDiscoveryRes(
            ResponseCode=RC.OK,
            PaymentOptionList=m.PaymentOptionListType(
                PaymentOption=tuple(m.paymentOptionType(p) for p in options)
            ),
            ChargeService=_charge_service(ctx),
        ),
    )


def service_detail(ctx: SeccContext, req: m.ServiceDetailReq, rx: Rx) -> Reply:
    if req.ServiceID != CHARGE_SERVICE_ID:
        raise SessionError("FAILED_ServiceIDInvalid", f"ServiceID {req.ServiceID} not offered")
    return Reply(m.ServiceDetailRes(ResponseCode=RC.OK, ServiceID=req.ServiceID))


def payment_selection(ctx: SeccContext, req: m.PaymentServiceSelectionReq, rx: Rx) -> Reply:
    if req.SelectedPaymentOption.value not in payment_options(ctx):
        raise SessionError("FAILED_PaymentSelectionInvalid", f"{req.SelectedPaymentOption.value} not offered")
    ids = {s.ServiceID for s in req.SelectedServiceList.SelectedService}
    if CHARGE_SERVICE_ID not in ids:
        raise SessionError("FAILED_NoChargeServiceSelected", "the charge service was not selected")
    if not ids <= {CHARGE_SERVICE_ID}:
        raise SessionError("FAILED_ServiceSelectionInvalid", f"unknown ServiceIDs {sorted(ids - {1})}")
    ctx.payment = req.SelectedPaymentOption.value
    contract = ctx.payment == "Contract"
    return Reply(m.PaymentServiceSelectionRes(ResponseCode=RC.OK), S.PAYMENT_DETAILS if contract else ADVANCE)


def authorization(ctx: SeccContext, req: m.AuthorizationReq, rx: Rx) -> Reply:
    if ctx.payment == "Contract":
        return contract_authorization(ctx, req, rx)
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
    reply = Reply(
        m.ChargeParameterDiscoveryRes(
            ResponseCode=RC.OK,
            EVSEProcessing=ONGOING if schedules is None else FINISHED,
            SASchedules=None if schedules is None else _schedule_list(ctx, req.MaxEntriesSAScheduleTuple),
            EVSEChargeParameter=_evse_parameter(ctx, now),
        ),
        next_state,
    )
    return sign_tariffs(ctx, reply, rx)
