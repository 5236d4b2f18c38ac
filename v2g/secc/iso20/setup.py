"""ISO 15118-20 SECC handlers from SessionSetup to ScheduleExchange (EIM, the DC or the AC service,
Scheduled or Dynamic control mode); the AC charge parameters are in :mod:`.ac`."""

from __future__ import annotations

from exi.iso20 import generated_types as c
from exi.iso20_dc import generated_types as d
from v2g._rational import from_rn, rn_or_none
from v2g.controller import EnergyMode, EnergyRequest
from v2g.errors import SessionError
from v2g.secc._limits import ac_limits, dc_limits, ev_value
from v2g.secc._machine import SeccContext, authorization_done, discover_schedules, setup_session
from v2g.secc._spec import ADVANCE, STAY, Reply, Rx
from v2g.secc.iso20._shared import (
    DYNAMIC_SET,
    FINISHED,
    ONGOING,
    PENDING,
    RC,
    RN,
    SCHEDULED_SET,
    WAITING,
    S,
    dc_mode,
    energy_mode,
    is_ac,
    service_id,
)

# ------------------------------------------------------------------------------- session set-up


def session_setup(ctx: SeccContext, req: c.SessionSetupReq, rx: Rx) -> Reply:
    code = setup_session(ctx, ctx.rx_session_id, req.EVCCID.encode(), rx.now)
    return Reply(c.SessionSetupRes(Header=PENDING, ResponseCode=RC(code), EVSEID=ctx.config.evse_id))


def authorization_setup(ctx: SeccContext, req: c.AuthorizationSetupReq, rx: Rx) -> Reply:
    # external identification means only: no certificate installation, no Plug & Charge yet
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
    if req.SelectedAuthorizationService is not c.authorizationType.EIM:
        # the EV selected a service the SECC did not offer in AuthorizationSetupRes
        raise SessionError("WARNING_AuthorizationSelectionInvalid", "only EIM is offered")
    done = authorization_done(ctx, rx.now)
    return Reply(
        # EIM: the SECC waits for the user (RFID card, app): Ongoing_WaitingForCustomerInteraction
        c.AuthorizationRes(Header=PENDING, ResponseCode=RC.OK, EVSEProcessing=FINISHED if done else WAITING),
        ADVANCE if done else STAY,
    )


# ----------------------------------------------------------------------------------- services


def _parameter_sets(ctx: SeccContext) -> tuple[int, ...]:
    return (SCHEDULED_SET, DYNAMIC_SET)


def service_discovery(ctx: SeccContext, req: c.ServiceDiscoveryReq, rx: Rx) -> Reply:
    # the one energy transfer service of the session's namespace: 2 (DC) or 1 (AC); an SECC
    # without an energy mode of that kind has none to offer here
    energy_mode(ctx)
    return Reply(
        c.ServiceDiscoveryRes(
            Header=PENDING,
            ResponseCode=RC.OK,
            ServiceRenegotiationSupported=False,
            EnergyTransferServiceList=c.ServiceListType(
                Service=(c.ServiceType(ServiceID=service_id(ctx), FreeService=ctx.config.free_service),)
            ),
        )
    )


def _int(name: str, value: int) -> c.ParameterType:
    return c.ParameterType(Name=name, intValue=value)


def _parameters(ctx: SeccContext, set_id: int, now: float) -> tuple[c.ParameterType, ...]:
    """A parameter set of the session's service, as chargers send them.

    DC: Connector 2 (extended), ControlMode 1 (Scheduled) / 2 (Dynamic), MobilityNeedsMode 1
    (provided by the EVCC), Pricing 0 (no pricing). AC: Connector 1 (single-phase) / 2
    (three-phase), ControlMode, EVSENominalVoltage (V, the power stage's), MobilityNeedsMode,
    Pricing."""
    connector: tuple[c.ParameterType, ...]
    if not is_ac(ctx):
        connector = (_int("Connector", 2), _int("ControlMode", set_id))
    else:
        three = energy_mode(ctx) is EnergyMode.AC_THREE_PHASE
        volts = round(ac_limits(ctx.power, now).nominal_voltage)
        connector = (
            _int("Connector", 2 if three else 1),
            _int("ControlMode", set_id),
            _int("EVSENominalVoltage", volts),
        )
    return (*connector, _int("MobilityNeedsMode", 1), _int("Pricing", 0))


def service_detail(ctx: SeccContext, req: c.ServiceDetailReq, rx: Rx) -> Reply:
    if req.ServiceID != service_id(ctx):
        raise SessionError("FAILED_ServiceIDInvalid", f"ServiceID {req.ServiceID} not offered")
    sets = tuple(
        c.ParameterSetType(ParameterSetID=set_id, Parameter=_parameters(ctx, set_id, rx.now))
        for set_id in _parameter_sets(ctx)
    )
    return Reply(
        c.ServiceDetailRes(
            Header=PENDING,
            ResponseCode=RC.OK,
            ServiceID=service_id(ctx),
            ServiceParameterList=c.ServiceParameterListType(ParameterSet=sets),
        )
    )


def service_selection(ctx: SeccContext, req: c.ServiceSelectionReq, rx: Rx) -> Reply:
    selected = req.SelectedEnergyTransferService
    if selected.ServiceID != service_id(ctx) or selected.ParameterSetID not in _parameter_sets(ctx):
        raise SessionError(
            "FAILED_ServiceSelectionInvalid",
            f"service {selected.ServiceID} parameter set {selected.ParameterSetID} not offered",
        )
    if req.SelectedVASList is not None and req.SelectedVASList.SelectedService:
        raise SessionError("FAILED_ServiceSelectionInvalid", "no value-added service is offered")
    ctx.energy_mode = energy_mode(ctx)
    ctx.control_mode = "Dynamic" if selected.ParameterSetID == DYNAMIC_SET else "Scheduled"
    return Reply(c.ServiceSelectionRes(Header=PENDING, ResponseCode=RC.OK))


# --------------------------------------------------------------------------- charge parameters


def charge_parameter_discovery(ctx: SeccContext, req: d.DC_ChargeParameterDiscoveryReq, rx: Rx) -> Reply:
    p = req.DC_CPDReqEnergyTransferMode
    if not isinstance(p, d.DC_CPDReqEnergyTransferModeType) or isinstance(
        p, d.BPT_DC_CPDReqEnergyTransferModeType
    ):
        raise SessionError("FAILED_WrongChargeParameter", "the DC service needs DC_CPDReqEnergyTransferMode")
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
    return Reply(
        d.DC_ChargeParameterDiscoveryRes(
            Header=PENDING,
            ResponseCode=RC.OK,
            DC_CPDResEnergyTransferMode=d.DC_CPDResEnergyTransferMode(
                EVSEMaximumChargePower=RN(lim.max_power),
                EVSEMinimumChargePower=RN(lim.min_current * lim.min_voltage),
                EVSEMaximumChargeCurrent=RN(lim.max_current),
                EVSEMinimumChargeCurrent=RN(lim.min_current),
                EVSEMaximumVoltage=RN(lim.max_voltage),
                EVSEMinimumVoltage=RN(lim.min_voltage),
            ),
        )
    )


def _schedule_tuples(ctx: SeccContext, wall: float, points: int) -> tuple[c.ScheduleTupleType, ...]:
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
            )
        )
    return tuple(tuples)


def _after_exchange(ctx: SeccContext) -> S:
    """DC goes on to the cable check; AC has none (nor pre-charge): PowerDelivery(Start) next."""
    return S.POWER_DELIVERY if is_ac(ctx) else S.CABLE_CHECK


def _dynamic_exchange(ctx: SeccContext, req: c.ScheduleExchangeReq) -> Reply:
    """Dynamic control mode: the EV's energy needs are taken; the EVSE steers the power in the
    charging loop, so no schedule is computed and the answer is Finished at once."""
    dyn = req.Dynamic_SEReqControlMode
    if dyn is None:
        raise SessionError(
            "FAILED_WrongChargeParameter", "Dynamic control mode needs Dynamic_SEReqControlMode"
        )
    assert ctx.request is not None
    r = ctx.request
    energy = ev_value(from_rn(dyn.EVTargetEnergyRequest), "EVTargetEnergyRequest")
    ctx.request = EnergyRequest(
        r.mode,
        r.max_voltage,
        r.max_current,
        r.max_power,
        r.min_current,
        energy,
        None,
        dyn.DepartureTime,
        r.soc,
    )
    return Reply(
        c.ScheduleExchangeRes(
            Header=PENDING,
            ResponseCode=RC.OK,
            EVSEProcessing=FINISHED,
            Dynamic_SEResControlMode=c.Dynamic_SEResControlModeType(DepartureTime=dyn.DepartureTime),
        ),
        _after_exchange(ctx),
    )


def schedule_exchange(ctx: SeccContext, req: c.ScheduleExchangeReq, rx: Rx) -> Reply:
    assert ctx.request is not None  # the table routes ScheduleExchange only after ChargeParameterDiscovery
    if ctx.control_mode == "Dynamic":
        return _dynamic_exchange(ctx, req)
    sch = req.Scheduled_SEReqControlMode
    if sch is None:
        raise SessionError(
            "FAILED_WrongChargeParameter", "Scheduled control mode needs Scheduled_SEReqControlMode"
        )
    target = rn_or_none(sch.EVTargetEnergyRequest)
    energy = None if target is None else ev_value(target, "EVTargetEnergyRequest")
    departure = sch.DepartureTime
    r = ctx.request
    request = EnergyRequest(
        r.mode, r.max_voltage, r.max_current, r.max_power, r.min_current, energy, None, departure, r.soc
    )
    schedules = discover_schedules(ctx, request, rx.now)
    if schedules is None:
        # the schema needs a control-mode element, and a Scheduled one needs a ScheduleTuple: while
        # Ongoing the SECC has none, so it sends the empty Dynamic element (no content the EV uses)
        ongoing = c.ScheduleExchangeRes(
            Header=PENDING,
            ResponseCode=RC.OK,
            EVSEProcessing=ONGOING,
            Dynamic_SEResControlMode=c.Dynamic_SEResControlModeType(),
        )
        return Reply(ongoing, STAY)
    tuples = _schedule_tuples(ctx, rx.wall, req.MaximumSupportingPoints)
    return Reply(
        c.ScheduleExchangeRes(
            Header=PENDING,
            ResponseCode=RC.OK,
            EVSEProcessing=FINISHED,
            Scheduled_SEResControlMode=c.Scheduled_SEResControlModeType(ScheduleTuple=tuples),
        ),
        _after_exchange(ctx),
    )
