"""ISO 15118-2 EVCC (AC and DC): the request builders its handlers share, from the EV controller's
values (:mod:`v2g.evcc.iso2` has the handlers and the table; :mod:`v2g.evcc.pnc` the Plug & Charge
requests)."""

from __future__ import annotations

from exi.iso2 import generated_types as m
from v2g._physical import to_pv
from v2g.errors import ControllerFault, EvControllerFault
from v2g.evcc._machine import EvccContext

U = m.unitSymbolType
P = m.chargeProgressType


def _pv(value: float, unit: m.unitSymbolType) -> m.PhysicalValueType:
    """A value from the EV controller as a PhysicalValue (clamped to the largest one); a value that
    is not finite is the EV controller's fault: the session ends with the reason, nothing is sent."""
    try:
        return to_pv(m.PhysicalValueType, value, unit)
    except ControllerFault as exc:
        raise EvControllerFault(f"EV controller: {exc}") from exc


def _dc(ctx: EvccContext) -> bool:
    return ctx.config.energy_mode.is_dc


def _ev_status(ctx: EvccContext, now: float) -> m.DC_EVStatusType:
    c = ctx.controller
    return m.DC_EVStatusType(
        EVReady=c.ready(now), EVErrorCode=m.DC_EVErrorCodeType(c.error_code(now)), EVRESSSOC=c.soc(now)
    )


def session_setup_req(ctx: EvccContext, now: float) -> m.SessionSetupReq:
    return m.SessionSetupReq(EVCCID=ctx.controller.evcc_id())


def _charge_parameter_req(ctx: EvccContext, now: float) -> m.ChargeParameterDiscoveryReq:
    mode = ctx.config.energy_mode
    r = ctx.controller.energy_request(mode, now)
    param: m.AC_EVChargeParameter | m.DC_EVChargeParameter
    if mode.is_dc:
        param = m.DC_EVChargeParameter(
            DepartureTime=r.departure_time,
            DC_EVStatus=_ev_status(ctx, now),
            EVMaximumCurrentLimit=_pv(r.max_current, U.A),
            EVMaximumPowerLimit=None if r.max_power is None else _pv(r.max_power, U.W),
            EVMaximumVoltageLimit=_pv(r.max_voltage, U.V),
            EVEnergyCapacity=None if r.energy_capacity is None else _pv(r.energy_capacity, U.Wh),
            EVEnergyRequest=None if r.energy_request is None else _pv(r.energy_request, U.Wh),
            FullSOC=100,
            BulkSOC=80,
        )
    else:
        param = m.AC_EVChargeParameter(
            DepartureTime=r.departure_time,
            EAmount=_pv(r.energy_request or 0.0, U.Wh),
            EVMaxVoltage=_pv(r.max_voltage, U.V),
            EVMaxCurrent=_pv(r.max_current, U.A),
            EVMinCurrent=_pv(r.min_current or 0.0, U.A),
        )
    return m.ChargeParameterDiscoveryReq(
        MaxEntriesSAScheduleTuple=12,
        RequestedEnergyTransferMode=m.EnergyTransferModeType(mode.value),
        EVChargeParameter=param,
    )


def _power_delivery_req(ctx: EvccContext, progress: m.chargeProgressType, now: float) -> m.PowerDeliveryReq:
    profile = None
    schedule_id = ctx.schedule.schedule_id if ctx.schedule else 1
    if progress is P.Start and ctx.schedule is not None:
        profile = m.ChargingProfileType(
            ProfileEntry=tuple(
                m.ProfileEntryType(ChargingProfileEntryStart=start, ChargingProfileEntryMaxPower=_pv(p, U.W))
                for start, p in ctx.schedule.pmax
            )
        )
    param = None
    if _dc(ctx):
        param = m.DC_EVPowerDeliveryParameter(
            DC_EVStatus=_ev_status(ctx, now),
            ChargingComplete=progress is P.Stop,
            BulkChargingComplete=progress is P.Stop,
        )
    return m.PowerDeliveryReq(
        ChargeProgress=progress,
        SAScheduleTupleID=schedule_id,
        ChargingProfile=profile,
        EVPowerDeliveryParameter=param,
    )


def _pre_charge_req(ctx: EvccContext, now: float) -> m.PreChargeReq:
    v, i = ctx.controller.precharge_target(now)
    return m.PreChargeReq(
        DC_EVStatus=_ev_status(ctx, now), EVTargetVoltage=_pv(v, U.V), EVTargetCurrent=_pv(i, U.A)
    )


def _loop_req(ctx: EvccContext, now: float) -> m.CurrentDemandReq | m.ChargingStatusReq:
    if not _dc(ctx):
        return m.ChargingStatusReq()
    c = ctx.controller
    v, i = c.charge_target(ctx.evse_max_current, ctx.evse_max_power, now)
    r = c.energy_request(ctx.config.energy_mode, now)
    remaining = c.remaining_time(now)
    return m.CurrentDemandReq(
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


def _welding_req(ctx: EvccContext, now: float) -> m.WeldingDetectionReq:
    return m.WeldingDetectionReq(DC_EVStatus=_ev_status(ctx, now))


def _session_stop_req(ctx: EvccContext) -> m.SessionStopReq:
    pause = ctx.config.pause
    ctx.paused = pause
    return m.SessionStopReq(
        ChargingSession=m.chargingSessionType.Pause if pause else m.chargingSessionType.Terminate
    )


def _selection(ctx: EvccContext) -> m.PaymentServiceSelectionReq:
    return m.PaymentServiceSelectionReq(
        SelectedPaymentOption=m.paymentOptionType(ctx.payment),
        SelectedServiceList=m.SelectedServiceListType(SelectedService=(m.SelectedServiceType(ServiceID=1),)),
    )
