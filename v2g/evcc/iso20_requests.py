"""ISO 15118-20 EVCC (DC): the constants and the request builders its handlers share
(:mod:`v2g.evcc.iso20` has the handlers and the table; :mod:`v2g.evcc.iso20_ac` the AC ones)."""

from __future__ import annotations

from exi.iso20 import generated_types as c
from exi.iso20_dc import generated_types as d
from v2g._rational import to_rn
from v2g.errors import ControllerFault, EvControllerFault
from v2g.evcc._machine import (
    EvccContext,
    EvccState,
)

SCHEMA = "iso20"
AC_NAME = "iso20-ac"
"""The AC spec's name (``EvccContext.protocol``): the shared handlers read the service from it."""
E = EvccState
DC_SERVICE_ID = 2
AC_SERVICE_ID = 1
SCHEDULED_SET = 1
PENDING = c.MessageHeaderType(SessionID=b"\x00" * 8, TimeStamp=0)
"""The header of a request as built here; the boundary's envelope fills the real one."""
ONGOING = (c.processingType.Ongoing, c.processingType.Ongoing_WaitingForCustomerInteraction)
P = c.chargeProgressType


def _service_id(ctx: EvccContext) -> int:
    return AC_SERVICE_ID if ctx.protocol == AC_NAME else DC_SERVICE_ID


def _rn(value: float) -> c.RationalNumberType:
    """A value from the EV controller as a RationalNumber; a value that is not finite is the EV
    controller's fault: the session ends with the reason, nothing is sent."""
    try:
        return to_rn(c.RationalNumberType, value)
    except ControllerFault as exc:
        raise EvControllerFault(f"EV controller: {exc}") from exc


# ------------------------------------------------------------------------------------- requests


def session_setup_req(ctx: EvccContext, now: float) -> c.SessionSetupReq:
    ctx.control_mode = ctx.control_mode or "Scheduled"
    return c.SessionSetupReq(Header=PENDING, EVCCID=ctx.controller.evcc_id().hex().upper())


def _charge_parameter_req(ctx: EvccContext, now: float) -> d.DC_ChargeParameterDiscoveryReq:
    r = ctx.controller.energy_request(ctx.config.energy_mode, now)
    max_power = r.max_power if r.max_power is not None else r.max_voltage * r.max_current
    return d.DC_ChargeParameterDiscoveryReq(
        Header=PENDING,
        DC_CPDReqEnergyTransferMode=d.DC_CPDReqEnergyTransferMode(
            EVMaximumChargePower=_rn(max_power),
            EVMinimumChargePower=_rn(0.0),
            EVMaximumChargeCurrent=_rn(r.max_current),
            EVMinimumChargeCurrent=_rn(r.min_current or 0.0),
            EVMaximumVoltage=_rn(r.max_voltage),
            EVMinimumVoltage=_rn(0.0),
        ),
    )


def _schedule_exchange_req(ctx: EvccContext, now: float) -> c.ScheduleExchangeReq:
    r = ctx.controller.energy_request(ctx.config.energy_mode, now)
    if ctx.control_mode == "Dynamic":
        energy = _rn(r.energy_request or 0.0)
        return c.ScheduleExchangeReq(
            Header=PENDING,
            MaximumSupportingPoints=24,
            Dynamic_SEReqControlMode=c.Dynamic_SEReqControlModeType(
                DepartureTime=r.departure_time or 0,
                EVTargetEnergyRequest=energy,
                EVMaximumEnergyRequest=energy,
                EVMinimumEnergyRequest=_rn(0.0),
            ),
        )
    return c.ScheduleExchangeReq(
        Header=PENDING,
        MaximumSupportingPoints=24,
        Scheduled_SEReqControlMode=c.Scheduled_SEReqControlModeType(
            DepartureTime=r.departure_time,
            EVTargetEnergyRequest=None if r.energy_request is None else _rn(r.energy_request),
        ),
    )


def _pre_charge_req(ctx: EvccContext, now: float, processing: c.processingType) -> d.DC_PreChargeReq:
    target, _ = ctx.controller.precharge_target(now)
    return d.DC_PreChargeReq(
        Header=PENDING, EVProcessing=processing, EVPresentVoltage=_rn(target), EVTargetVoltage=_rn(target)
    )


def _power_delivery_req(ctx: EvccContext, progress: c.chargeProgressType, now: float) -> c.PowerDeliveryReq:
    profile = None
    if progress is P.Start and ctx.control_mode == "Dynamic":
        profile = c.EVPowerProfileType(
            TimeAnchor=0,
            Dynamic_EVPPTControlMode=c.Dynamic_EVPPTControlModeType(),
            EVPowerProfileEntries=c.EVPowerProfileEntryListType(
                EVPowerProfileEntry=(c.PowerScheduleEntryType(Duration=86400, Power=_rn(ctx.evse_max_power)),)
            ),
        )
    elif progress is P.Start and ctx.schedule is not None:
        s = ctx.schedule
        entries = []
        for i, (start, power) in enumerate(s.pmax):
            end = s.pmax[i + 1][0] if i + 1 < len(s.pmax) else s.duration
            entries.append(c.PowerScheduleEntryType(Duration=max(1, end - start), Power=_rn(power)))
        profile = c.EVPowerProfileType(
            TimeAnchor=0,
            Scheduled_EVPPTControlMode=c.Scheduled_EVPPTControlModeType(
                SelectedScheduleTupleID=s.schedule_id
            ),
            EVPowerProfileEntries=c.EVPowerProfileEntryListType(EVPowerProfileEntry=tuple(entries)),
        )
    return c.PowerDeliveryReq(
        Header=PENDING,
        EVProcessing=c.processingType.Finished,
        ChargeProgress=progress,
        EVPowerProfile=profile,
    )


def _loop_req(ctx: EvccContext, now: float) -> d.DC_ChargeLoopReq:
    ev = ctx.controller
    v, i = ev.charge_target(ctx.evse_max_current, ctx.evse_max_power, now)
    r = ev.energy_request(ctx.config.energy_mode, now)
    if ctx.control_mode == "Dynamic":  # the EV gives its limits; the EVSE steers within them
        energy = _rn(r.energy_request or 0.0)
        return d.DC_ChargeLoopReq(
            Header=PENDING,
            DisplayParameters=d.DisplayParametersType(PresentSOC=ev.soc(now)),
            MeterInfoRequested=False,
            EVPresentVoltage=_rn(ctx.present_voltage or v),
            CLReqControlMode=d.Dynamic_DC_CLReqControlMode(
                EVTargetEnergyRequest=energy,
                EVMaximumEnergyRequest=energy,
                EVMinimumEnergyRequest=_rn(0.0),
                EVMaximumChargePower=_rn(r.max_power if r.max_power is not None else v * i),
                EVMinimumChargePower=_rn(0.0),
                EVMaximumChargeCurrent=_rn(i),
                EVMaximumVoltage=_rn(v),
                EVMinimumVoltage=_rn(0.0),
            ),
        )
    return d.DC_ChargeLoopReq(
        Header=PENDING,
        DisplayParameters=d.DisplayParametersType(PresentSOC=ev.soc(now)),
        MeterInfoRequested=False,
        EVPresentVoltage=_rn(ctx.present_voltage or v),
        CLReqControlMode=d.Scheduled_DC_CLReqControlMode(
            EVTargetCurrent=_rn(i),
            EVTargetVoltage=_rn(v),
            EVMaximumChargeCurrent=_rn(r.max_current),
            EVMaximumVoltage=_rn(r.max_voltage),
            EVMaximumChargePower=None if r.max_power is None else _rn(r.max_power),
        ),
    )


def _welding_req(ctx: EvccContext, now: float) -> d.DC_WeldingDetectionReq:
    return d.DC_WeldingDetectionReq(Header=PENDING, EVProcessing=c.processingType.Ongoing)


def _session_stop_req(ctx: EvccContext) -> c.SessionStopReq:
    pause = ctx.config.pause
    ctx.paused = pause
    session = c.chargingSessionType.Pause if pause else c.chargingSessionType.Terminate
    return c.SessionStopReq(Header=PENDING, ChargingSession=session)


def _authorization_req() -> c.AuthorizationReq:
    return c.AuthorizationReq(
        Header=PENDING,
        SelectedAuthorizationService=c.authorizationType.EIM,
        EIM_AReqAuthorizationMode=c.EIM_AReqAuthorizationModeType(),
    )


