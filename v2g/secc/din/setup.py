"""DIN 70121 SECC handlers of the session set-up and the charge parameters (SessionSetup to
ChargeParameterDiscovery)."""

from __future__ import annotations

from exi.din import generated_types as d
from v2g._physical import from_pv
from v2g.controller import EnergyMode, EnergyRequest
from v2g.errors import SessionError
from v2g.secc._limits import (
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
from v2g.secc.din._shared import (
    FINISHED,
    NO_ERROR,
    ONGOING,
    RC,
    U,
    _pv,
    _status,
)

# ------------------------------------------------------------------------------- session set-up


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
    if req.SelectedPaymentOption.value != "ExternalPayment":  # the only option offered in DIN
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
