"""ISO 15118-20 EVCC (DC): the constants and the request builders its handlers share
(:mod:`v2g.evcc.iso20` has the handlers and the table; :mod:`v2g.evcc.iso20_ac` the AC ones)."""

from __future__ import annotations

from typing import Any

from exi.iso20 import generated_types as c
from exi.iso20_dc import generated_types as d
from v2g._rational import to_rn
from v2g.controller import BidirectionalEv, MobilityNeeds, Schedule
from v2g.errors import ControllerFault, EvccAbort, EvControllerFault
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


DC_BPT_NAME = "iso20-dc_bpt"
AC_BPT_NAME = "iso20-ac_bpt"
_SERVICES = {AC_NAME: AC_SERVICE_ID, DC_BPT_NAME: 6, AC_BPT_NAME: 5}
"""Spec name -> the energy service the EV selects (any other -20 name: DC, 2)."""


def _service_id(ctx: EvccContext) -> int:
    """The service selected (before ServiceDiscovery: the one the spec stands for)."""
    return ctx.service_id or _SERVICES.get(ctx.protocol, DC_SERVICE_ID)


PLAIN = {6: DC_SERVICE_ID, 5: AC_SERVICE_ID}
"""A BPT service -> the plain one of its kind (a BPT car charges at a charger without BPT)."""


def is_bpt(ctx: EvccContext) -> bool:
    """Whether the EV runs a bidirectional service (DC_BPT 6, AC_BPT 5)."""
    return _service_id(ctx) in PLAIN


def bpt_ev(ctx: EvccContext) -> BidirectionalEv:
    """The EV controller of a BPT session (one that cannot discharge cannot select BPT)."""
    ev = ctx.controller
    if not isinstance(ev, BidirectionalEv):
        raise EvccAbort("a BPT service needs an EV controller that can discharge (BidirectionalEv)")
    return ev


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
    charge: dict[str, Any] = {
        "EVMaximumChargePower": _rn(max_power),
        "EVMinimumChargePower": _rn(0.0),
        "EVMaximumChargeCurrent": _rn(r.max_current),
        "EVMinimumChargeCurrent": _rn(r.min_current or 0.0),
        "EVMaximumVoltage": _rn(r.max_voltage),
        "EVMinimumVoltage": _rn(0.0),
    }
    mode: d.DC_CPDReqEnergyTransferMode | d.BPT_DC_CPDReqEnergyTransferMode
    if is_bpt(ctx):
        i_dis, p_dis = bpt_ev(ctx).discharge_limits(now)
        mode = d.BPT_DC_CPDReqEnergyTransferMode(
            **charge,
            EVMaximumDischargePower=_rn(p_dis),
            EVMinimumDischargePower=_rn(0.0),
            EVMaximumDischargeCurrent=_rn(i_dis),
            EVMinimumDischargeCurrent=_rn(0.0),
        )
    else:
        mode = d.DC_CPDReqEnergyTransferMode(**charge)
    return d.DC_ChargeParameterDiscoveryReq(Header=PENDING, DC_CPDReqEnergyTransferMode=mode)


def _schedule_exchange_req(ctx: EvccContext, now: float) -> c.ScheduleExchangeReq:
    r = ctx.controller.energy_request(ctx.config.energy_mode, now)
    if ctx.control_mode == "Dynamic":
        energy = _rn(r.energy_request or 0.0)
        min_soc = target_soc = None
        if ctx.mobility_needs_mode == 2 and isinstance(ctx.controller, MobilityNeeds):
            min_soc, target_soc = ctx.controller.soc_limits(now)  # Table 107: mandatory with 2
        return c.ScheduleExchangeReq(
            Header=PENDING,
            MaximumSupportingPoints=24,
            Dynamic_SEReqControlMode=c.Dynamic_SEReqControlModeType(
                DepartureTime=r.departure_time or 0,
                MinimumSOC=min_soc,
                TargetSOC=target_soc,
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


def _tolerance_acceptance(schedule: Schedule) -> c.powerToleranceAcceptanceType:
    """Said always (optional in the schema, but Josev's SECC refuses a Scheduled power profile
    without it, issue 19 item 7): our EV follows the profile it sends, so it confirms a
    PowerTolerance the SECC gave with the schedule; with none given there is nothing to confirm."""
    if schedule.power_tolerance is None:
        return c.powerToleranceAcceptanceType.PowerToleranceNotConfirmed
    return c.powerToleranceAcceptanceType.PowerToleranceConfirmed


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
                SelectedScheduleTupleID=s.schedule_id, PowerToleranceAcceptance=_tolerance_acceptance(s)
            ),
            EVPowerProfileEntries=c.EVPowerProfileEntryListType(EVPowerProfileEntry=tuple(entries)),
        )
    # BPT: the channel (unified channel, BPTChannel 1: Charge at the start, the sign of the
    # power gives the direction afterwards)
    channel = c.channelSelectionType.Charge if progress is P.Start and is_bpt(ctx) else None
    return c.PowerDeliveryReq(
        Header=PENDING,
        EVProcessing=c.processingType.Finished,
        ChargeProgress=progress,
        EVPowerProfile=profile,
        BPT_ChannelSelection=channel,
    )


def _discharge(ctx: EvccContext, v: float, now: float) -> tuple[float, float, float]:
    """(EV max discharge current, EV max discharge power, the current the EV asks now: negative
    while it wants to discharge in the Scheduled mode, within both sides' discharge limits)."""
    ev = bpt_ev(ctx)
    i_dis, p_dis = ev.discharge_limits(now)
    if ctx.control_mode == "Dynamic" or not ev.wants_discharge(now):
        return i_dis, p_dis, 0.0
    vv = v if v > 1.0 else 1.0
    i = min(i_dis, p_dis / vv)
    if ctx.evse_max_discharge_current > 0:
        i = min(i, ctx.evse_max_discharge_current)
    if ctx.evse_max_discharge_power > 0:
        i = min(i, ctx.evse_max_discharge_power / vv)
    return i_dis, p_dis, -i


def _loop_req(ctx: EvccContext, now: float) -> d.DC_ChargeLoopReq:
    ev = ctx.controller
    v, i = ev.charge_target(ctx.evse_max_current, ctx.evse_max_power, now)
    r = ev.energy_request(ctx.config.energy_mode, now)
    bpt = is_bpt(ctx)
    i_dis, p_dis, i_now = _discharge(ctx, v, now) if bpt else (0.0, 0.0, 0.0)
    p_max = r.max_power if r.max_power is not None else v * i
    if ctx.standby:  # no energy asked for in a standby period
        i = i_now = p_max = 0.0
    display = d.DisplayParametersType(PresentSOC=ev.soc(now), ChargingComplete=ev.charging_complete(now))
    present = _rn(ctx.present_voltage or v)
    mode: object
    if ctx.control_mode == "Dynamic":  # the EV gives its limits; the EVSE steers within them
        energy = _rn(r.energy_request or 0.0)
        dyn: dict[str, Any] = {
            "EVTargetEnergyRequest": energy,
            "EVMaximumEnergyRequest": energy,
            "EVMinimumEnergyRequest": _rn(0.0),
            "EVMaximumChargePower": _rn(p_max),
            "EVMinimumChargePower": _rn(0.0),
            "EVMaximumChargeCurrent": _rn(i),
            "EVMaximumVoltage": _rn(v),
            "EVMinimumVoltage": _rn(0.0),
        }
        if bpt:
            mode = d.BPT_Dynamic_DC_CLReqControlMode(
                **dyn,
                EVMaximumDischargePower=_rn(p_dis),
                EVMinimumDischargePower=_rn(0.0),
                EVMaximumDischargeCurrent=_rn(i_dis),
            )
        else:
            mode = d.Dynamic_DC_CLReqControlMode(**dyn)
    else:
        sch: dict[str, Any] = {
            "EVTargetCurrent": _rn(i_now if i_now < 0 else i),
            "EVTargetVoltage": _rn(v),
            "EVMaximumChargeCurrent": _rn(r.max_current),
            "EVMaximumVoltage": _rn(r.max_voltage),
            "EVMaximumChargePower": None if r.max_power is None else _rn(r.max_power),
        }
        if bpt:
            mode = d.BPT_Scheduled_DC_CLReqControlMode(
                **sch, EVMaximumDischargePower=_rn(p_dis), EVMaximumDischargeCurrent=_rn(i_dis)
            )
        else:
            mode = d.Scheduled_DC_CLReqControlMode(**sch)
    return d.DC_ChargeLoopReq(
        Header=PENDING,
        DisplayParameters=display,
        MeterInfoRequested=False,
        EVPresentVoltage=present,
        CLReqControlMode=mode,
    )


def _welding_req(ctx: EvccContext, now: float) -> d.DC_WeldingDetectionReq:
    return d.DC_WeldingDetectionReq(Header=PENDING, EVProcessing=c.processingType.Ongoing)


def _session_stop_req(ctx: EvccContext) -> c.SessionStopReq:
    if ctx.service_renegotiation:
        return c.SessionStopReq(Header=PENDING, ChargingSession=c.chargingSessionType.ServiceRenegotiation)
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
