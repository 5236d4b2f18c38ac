"""ISO 15118-20 SECC handlers from SessionSetup to ScheduleExchange (EIM, the DC or the AC service,
Scheduled or Dynamic control mode); the AC charge parameters are in :mod:`.ac`."""

from __future__ import annotations

import dataclasses
from typing import Any

from exi.iso20 import generated_types as c
from exi.iso20_dc import generated_types as d
from v2g._rational import from_rn, rn_or_none
from v2g.controller import EnergyMode, EnergyRequest
from v2g.errors import SessionError
from v2g.secc._limits import ac_limits, dc_limits, ev_value
from v2g.secc._machine import SeccContext, authorization_done, discover_schedules, setup_session
from v2g.secc._spec import ADVANCE, STAY, Reply, Rx
from v2g.secc.iso20._shared import (
    AC_BPT_SERVICE_ID,
    BPT_SERVICES,
    CONTROL_OF_SET,
    FINISHED,
    ONGOING,
    PENDING,
    RC,
    RN,
    SECC_NEEDS_SET,
    WAITING,
    S,
    dc_mode,
    energy_mode,
    is_ac,
    is_bpt,
    offer,
)
from v2g.secc.iso20.bpt import (
    bpt_dc_limits,
    discharging_schedule,
    dynamic_targets,
    ev_discharge_limits,
    provisional_tuple,
)
from v2g.secc.iso20.pnc import authorization_setup_pnc, pnc_authorization
from v2g.secc.iso20.prices import priced

# ------------------------------------------------------------------------------- session set-up


def session_setup(ctx: SeccContext, req: c.SessionSetupReq, rx: Rx) -> Reply:
    code = setup_session(ctx, ctx.rx_session_id, req.EVCCID.encode(), rx.now)
    return Reply(c.SessionSetupRes(Header=PENDING, ResponseCode=RC(code), EVSEID=ctx.config.evse_id))


def authorization_setup(ctx: SeccContext, req: c.AuthorizationSetupReq, rx: Rx) -> Reply:
    # PnC (with its GenChallenge) beside EIM where TLS and the MO roots allow it (.pnc); else EIM
    pnc = authorization_setup_pnc(ctx)
    if pnc is not None:
        return Reply(pnc)
    return Reply(
        c.AuthorizationSetupRes(
            Header=PENDING,
            ResponseCode=RC.OK,
            AuthorizationServices=(c.authorizationType.EIM,),
            CertificateInstallationService=False,
            EIM_ASResAuthorizationMode=c.EIM_ASResAuthorizationModeType(),
        )
    )


def authorization(ctx: SeccContext, req: c.AuthorizationReq, rx: Rx) -> Reply:
    if req.SelectedAuthorizationService is c.authorizationType.PnC:
        return pnc_authorization(ctx, req, rx)  # a WARNING where PnC was not offered
    done = authorization_done(ctx, rx.now)
    return Reply(
        # EIM: the SECC waits for the user (RFID card, app): Ongoing_WaitingForCustomerInteraction
        c.AuthorizationRes(Header=PENDING, ResponseCode=RC.OK, EVSEProcessing=FINISHED if done else WAITING),
        ADVANCE if done else STAY,
    )


# ----------------------------------------------------------------------------------- services


def _parameter_sets(ctx: SeccContext) -> tuple[int, ...]:
    return offer(ctx).parameter_sets()


def service_discovery(ctx: SeccContext, req: c.ServiceDiscoveryReq, rx: Rx) -> Reply:
    # the energy transfer services of the session's spec: 2 (DC) or 1 (AC), with 6 (DC_BPT) or 5
    # (AC_BPT) first for a bidirectional charger; an SECC without an energy mode of that kind
    # (DC or AC) has none to offer here
    energy_mode(ctx)
    return Reply(
        c.ServiceDiscoveryRes(
            Header=PENDING,
            ResponseCode=RC.OK,
            ServiceRenegotiationSupported=offer(ctx).service_renegotiation,  # see .progress
            EnergyTransferServiceList=c.ServiceListType(
                Service=tuple(
                    c.ServiceType(ServiceID=sid, FreeService=ctx.config.free_service)
                    for sid in offer(ctx).services
                )
            ),
        )
    )


def _int(name: str, value: int) -> c.ParameterType:
    return c.ParameterType(Name=name, intValue=value)


def _parameters(ctx: SeccContext, sid: int, set_id: int, now: float) -> tuple[c.ParameterType, ...]:
    """A parameter set of service ``sid``, as chargers send them.

    DC: Connector 2 (extended), ControlMode 1 (Scheduled) / 2 (Dynamic), MobilityNeedsMode 1
    (provided by the EVCC) / 2 (by the SECC, Dynamic only), Pricing 0 (no pricing). AC: Connector
    1 (single-phase) / 2 (three-phase), ControlMode, EVSENominalVoltage (V, the power stage's),
    MobilityNeedsMode, Pricing. BPT: BPTChannel 1 (unified: one channel, the sign of the power
    gives the direction), GeneratorMode 1 (grid following); AC_BPT also
    GridCodeIslandingDetectionMethod 2 (passive)."""
    control = _int("ControlMode", 2 if CONTROL_OF_SET[set_id] == "Dynamic" else 1)
    connector: tuple[c.ParameterType, ...]
    if not is_ac(ctx):
        connector = (_int("Connector", 2), control)
    else:
        three = energy_mode(ctx) is EnergyMode.AC_THREE_PHASE
        volts = round(ac_limits(ctx.power, now).nominal_voltage)
        connector = (_int("Connector", 2 if three else 1), control, _int("EVSENominalVoltage", volts))
    needs = 2 if set_id == SECC_NEEDS_SET else 1
    common = (*connector, _int("MobilityNeedsMode", needs), _int("Pricing", 0))
    if sid not in BPT_SERVICES:
        return common
    bpt: tuple[c.ParameterType, ...] = (_int("BPTChannel", 1), _int("GeneratorMode", 1))
    if sid == AC_BPT_SERVICE_ID:
        bpt = (*bpt, _int("GridCodeIslandingDetectionMethod", 2))
    return (*common, *bpt)


def service_detail(ctx: SeccContext, req: c.ServiceDetailReq, rx: Rx) -> Reply:
    """Any offered service, as often as the EV asks (ServiceDetail is repeatable before
    ServiceSelection: the table keeps the state)."""
    if req.ServiceID not in offer(ctx).services:
        raise SessionError("FAILED_ServiceIDInvalid", f"ServiceID {req.ServiceID} not offered")
    sets = tuple(
        c.ParameterSetType(ParameterSetID=set_id, Parameter=_parameters(ctx, req.ServiceID, set_id, rx.now))
        for set_id in _parameter_sets(ctx)
    )
    return Reply(
        c.ServiceDetailRes(
            Header=PENDING,
            ResponseCode=RC.OK,
            ServiceID=req.ServiceID,
            ServiceParameterList=c.ServiceParameterListType(ParameterSet=sets),
        )
    )


def service_selection(ctx: SeccContext, req: c.ServiceSelectionReq, rx: Rx) -> Reply:
    selected = req.SelectedEnergyTransferService
    if selected.ServiceID not in offer(ctx).services or selected.ParameterSetID not in _parameter_sets(ctx):
        raise SessionError(
            "FAILED_ServiceSelectionInvalid",
            f"service {selected.ServiceID} parameter set {selected.ParameterSetID} not offered",
        )
    if req.SelectedVASList is not None and req.SelectedVASList.SelectedService:
        raise SessionError("FAILED_ServiceSelectionInvalid", "no value-added service is offered")
    ctx.energy_mode = energy_mode(ctx)
    ctx.service_id = selected.ServiceID
    ctx.control_mode = CONTROL_OF_SET[selected.ParameterSetID]
    ctx.mobility_needs_mode = 2 if selected.ParameterSetID == SECC_NEEDS_SET else 1
    return Reply(c.ServiceSelectionRes(Header=PENDING, ResponseCode=RC.OK))


# --------------------------------------------------------------------------- charge parameters


def charge_parameter_discovery(ctx: SeccContext, req: d.DC_ChargeParameterDiscoveryReq, rx: Rx) -> Reply:
    p = req.DC_CPDReqEnergyTransferMode
    bpt = is_bpt(ctx)
    if not isinstance(p, d.DC_CPDReqEnergyTransferModeType) or bpt != isinstance(
        p, d.BPT_DC_CPDReqEnergyTransferModeType
    ):
        wanted = "BPT_DC_CPDReqEnergyTransferMode" if bpt else "DC_CPDReqEnergyTransferMode"
        raise SessionError("FAILED_WrongChargeParameter", f"the selected service needs {wanted}")
    max_voltage = ev_value(from_rn(p.EVMaximumVoltage), "EVMaximumVoltage")
    max_current = ev_value(from_rn(p.EVMaximumChargeCurrent), "EVMaximumChargeCurrent")
    min_current = ev_value(from_rn(p.EVMinimumChargeCurrent), "EVMinimumChargeCurrent")
    if min_current > max_current:
        raise SessionError(
            "FAILED_WrongChargeParameter",
            f"EVMinimumChargeCurrent {min_current:g} A above EVMaximumChargeCurrent {max_current:g} A",
        )
    ctx.request = EnergyRequest(
        dc_mode(ctx),
        max_voltage,
        max_current,
        ev_value(from_rn(p.EVMaximumChargePower), "EVMaximumChargePower"),
        min_current,
        soc=p.TargetSOC,
    )
    lim = dc_limits(ctx.power, rx.now)
    charge: dict[str, Any] = {
        "EVSEMaximumChargePower": RN(lim.max_power),
        "EVSEMinimumChargePower": RN(lim.min_current * lim.min_voltage),
        "EVSEMaximumChargeCurrent": RN(lim.max_current),
        "EVSEMinimumChargeCurrent": RN(lim.min_current),
        "EVSEMaximumVoltage": RN(lim.max_voltage),
        "EVSEMinimumVoltage": RN(lim.min_voltage),
    }
    mode: d.DC_CPDResEnergyTransferMode | d.BPT_DC_CPDResEnergyTransferMode
    if isinstance(p, d.BPT_DC_CPDReqEnergyTransferModeType):
        i_dis, p_dis = ev_discharge_limits(p.EVMaximumDischargeCurrent, p.EVMaximumDischargePower)
        ctx.request = dataclasses.replace(ctx.request, max_discharge_current=i_dis, max_discharge_power=p_dis)
        mode = d.BPT_DC_CPDResEnergyTransferMode(**charge, **bpt_dc_limits(lim))
    else:
        mode = d.DC_CPDResEnergyTransferMode(**charge)
    return Reply(
        d.DC_ChargeParameterDiscoveryRes(Header=PENDING, ResponseCode=RC.OK, DC_CPDResEnergyTransferMode=mode)
    )


def _schedule_tuples(ctx: SeccContext, rx: Rx, points: int) -> tuple[c.ScheduleTupleType, ...]:
    wall = rx.wall
    discharging = discharging_schedule(ctx, rx.now, wall)  # BPT only
    tuples = []
    for s in ctx.schedules[:3]:  # a ScheduleExchangeRes carries at most three ScheduleTuples
        entries = []
        for i, (start, power) in enumerate(s.pmax[: max(1, points)]):
            end = s.pmax[i + 1][0] if i + 1 < len(s.pmax) and i + 1 < points else s.duration
            entries.append(c.PowerScheduleEntryType(Duration=max(1, end - start), Power=RN(power)))
        tuples.append(
            c.ScheduleTupleType(
                ScheduleTupleID=s.schedule_id,
                ChargingSchedule=c.ChargingScheduleType(
                    PowerSchedule=c.PowerScheduleType(
                        TimeAnchor=max(0, int(wall)),
                        PowerScheduleEntries=c.PowerScheduleEntryListType(PowerScheduleEntry=tuple(entries)),
                    )
                ),
                DischargingSchedule=discharging,
            )
        )
    return tuple(tuples)


def _after_exchange(ctx: SeccContext) -> S:
    """[V2G20-1987], [V2G20-1611]: DC goes on to the cable check; AC has none (nor pre-charge),
    and a schedule renegotiation keeps the contactors closed: PowerDelivery(Start) next."""
    return S.POWER_DELIVERY if is_ac(ctx) or ctx.renegotiations else S.CABLE_CHECK


def _dynamic_exchange(ctx: SeccContext, req: c.ScheduleExchangeReq, rx: Rx) -> Reply:
    """Dynamic control mode: the EV's energy needs are taken; the EVSE steers the power in the
    charging loop, so no schedule is computed and the answer is Finished at once. With
    MobilityNeedsMode 2 the charger's departure time and SoC targets go back to the EV."""
    dyn = req.Dynamic_SEReqControlMode
    if dyn is None:
        raise SessionError(
            "FAILED_WrongChargeParameter", "Dynamic control mode needs Dynamic_SEReqControlMode"
        )
    assert ctx.request is not None
    energy = ev_value(from_rn(dyn.EVTargetEnergyRequest), "EVTargetEnergyRequest")
    ctx.request = dataclasses.replace(ctx.request, energy_request=energy, departure_time=dyn.DepartureTime)
    mode = c.Dynamic_SEResControlModeType(DepartureTime=dyn.DepartureTime)
    if ctx.mobility_needs_mode == 2:
        t = dynamic_targets(ctx, rx.now)
        mode = c.Dynamic_SEResControlModeType(
            DepartureTime=t.departure_time, MinimumSOC=t.min_soc, TargetSOC=t.target_soc
        )
    return Reply(
        c.ScheduleExchangeRes(
            Header=PENDING, ResponseCode=RC.OK, EVSEProcessing=FINISHED, Dynamic_SEResControlMode=mode
        ),
        _after_exchange(ctx),
    )


def schedule_exchange(ctx: SeccContext, req: c.ScheduleExchangeReq, rx: Rx) -> Reply:
    """Repeated while Ongoing (the table keeps the state, STAY). The response's control-mode
    element is the session's own: the schema makes the choice mandatory (ScheduleExchangeResType)
    and a Scheduled_SEResControlMode needs one ScheduleTuple at least, so while the schedules are
    being computed the Ongoing answer carries one provisional tuple, the EVSE's present maximum
    power (an upper bound that is never wrong; the EV takes schedules only from the Finished
    answer)."""
    assert ctx.request is not None  # the table routes ScheduleExchange only after ChargeParameterDiscovery
    if ctx.control_mode == "Dynamic":
        return _dynamic_exchange(ctx, req, rx)
    sch = req.Scheduled_SEReqControlMode
    if sch is None:
        raise SessionError(
            "FAILED_WrongChargeParameter", "Scheduled control mode needs Scheduled_SEReqControlMode"
        )
    target = rn_or_none(sch.EVTargetEnergyRequest)
    energy = None if target is None else ev_value(target, "EVTargetEnergyRequest")
    request = dataclasses.replace(ctx.request, energy_request=energy, departure_time=sch.DepartureTime)
    schedules = discover_schedules(ctx, request, rx.now)
    if schedules is None:  # [V2G20-1986] Ongoing: the next allowed request is ScheduleExchangeReq
        ongoing = c.ScheduleExchangeRes(
            Header=PENDING,
            ResponseCode=RC.OK,
            EVSEProcessing=ONGOING,
            Scheduled_SEResControlMode=c.Scheduled_SEResControlModeType(
                ScheduleTuple=(provisional_tuple(ctx, rx.now, rx.wall),)
            ),
        )
        return Reply(ongoing, STAY)
    tuples = _schedule_tuples(ctx, rx, req.MaximumSupportingPoints)
    finished = c.ScheduleExchangeRes(
        Header=PENDING,
        ResponseCode=RC.OK,
        EVSEProcessing=FINISHED,
        Scheduled_SEResControlMode=c.Scheduled_SEResControlModeType(ScheduleTuple=tuples),
    )
    # PnC: the operator's price schedules, signed with the backend's tariff key (.prices)
    return priced(ctx, Reply(finished, _after_exchange(ctx)))
