"""ISO 15118-20 bidirectional power, both our sides: DC_BPT (6) and AC_BPT (5), Scheduled (the EV
chooses to discharge: a negative target current / present active power) and Dynamic (the charger's
power target, negative for a discharge, and its mobility needs with MobilityNeedsMode 2). Each
service runs a discharge phase; a car without BPT still charges at a BPT charger."""

from __future__ import annotations

from typing import Any

from _iso20 import WALL
from _session_harness import Run, pump

from exi.iso20 import generated_types as c
from exi.iso20_ac import generated_types as a
from exi.iso20_dc import generated_types as d
from v2g import apphand
from v2g._rational import from_rn
from v2g.controller import (
    DynamicTargets,
    EnergyMode,
    SimulatedBptAcEvse,
    SimulatedBptDcEvse,
    SimulatedBptEv,
    SimulatedEv,
)
from v2g.evcc import EvccConfig, EvccSession
from v2g.evcc.iso20_specs import SPECS as EVCC_SPECS
from v2g.secc import SeccConfig, SeccSession
from v2g.secc.iso20 import SPECS as SECC_SPECS

DC = apphand.Protocol(apphand.NS_ISO20_DC, 1, 0)
AC = apphand.Protocol(apphand.NS_ISO20_AC, 1, 0)


def session(
    service: str, control: str, evse: Any, ev: Any, cycles: int = 6
) -> tuple[Run, SeccSession, EvccSession]:
    ac = service.startswith("ac")
    proto = AC if ac else DC
    modes = (EnergyMode.AC_THREE_PHASE,) if ac else (EnergyMode.DC_EXTENDED,)
    secc = SeccSession(
        SeccConfig(protocols=(proto,), specs=(SECC_SPECS[service, "any"],), energy_modes=modes),
        evse,
        0.0,
        wall=WALL,
    )
    evcc = EvccSession(
        EvccConfig(
            protocols=(proto,),
            specs=(EVCC_SPECS[service, control],),
            energy_mode=modes[0],
            charging_loop_cycles=cycles,
        ),
        ev,
        0.0,
        wall=WALL,
    )
    return pump(secc, evcc), secc, evcc


def docs(run: Run, direction: str, name: str) -> list[Any]:
    return [t.document for t in run.secc_trace if t.direction == direction and t.message == name]


def ok(secc: SeccSession, evcc: EvccSession) -> None:
    assert evcc.result is not None and evcc.result.ok, (evcc.result, secc.close_reason)


def test_dc_bpt_scheduled_charges_then_discharges_on_the_evs_choice() -> None:
    evse, ev = SimulatedBptDcEvse(), SimulatedBptEv(discharge_from_cycle=3)
    run, secc, evcc = session("dc_bpt", "scheduled", evse, ev)
    ok(secc, evcc)
    (discovery,) = docs(run, "tx", "ServiceDiscoveryRes")
    assert [s.ServiceID for s in discovery.EnergyTransferServiceList.Service] == [6, 2]
    (detail,) = docs(run, "tx", "ServiceDetailRes")
    names = {p.Name: p.intValue for p in detail.ServiceParameterList.ParameterSet[0].Parameter}
    assert names["BPTChannel"] == 1 and names["GeneratorMode"] == 1
    (selection,) = docs(run, "rx", "ServiceSelectionReq")
    assert selection.SelectedEnergyTransferService.ServiceID == 6
    (cpd,) = docs(run, "rx", "DC_ChargeParameterDiscoveryReq")
    assert isinstance(cpd.DC_CPDReqEnergyTransferMode, d.BPT_DC_CPDReqEnergyTransferModeType)
    (cpd_res,) = docs(run, "tx", "DC_ChargeParameterDiscoveryRes")
    assert from_rn(cpd_res.DC_CPDResEnergyTransferMode.EVSEMaximumDischargeCurrent) == 200.0
    (exchange,) = docs(run, "tx", "ScheduleExchangeRes")
    dis = exchange.Scheduled_SEResControlMode.ScheduleTuple[0].DischargingSchedule
    assert from_rn(dis.PowerSchedule.PowerScheduleEntries.PowerScheduleEntry[0].Power) == -50_000.0
    start = docs(run, "rx", "PowerDeliveryReq")[0]
    assert start.BPT_ChannelSelection is c.channelSelectionType.Charge
    assert start.EVPowerProfile.Scheduled_EVPPTControlMode.SelectedScheduleTupleID >= 1
    targets = [from_rn(r.CLReqControlMode.EVTargetCurrent) for r in docs(run, "rx", "DC_ChargeLoopReq")]
    assert targets[0] > 0 and targets[-1] < 0  # charge, then the EV's discharge
    assert all(-100.0 <= t for t in targets)  # within the EV's discharge limit
    present = [from_rn(r.EVSEPresentCurrent) for r in docs(run, "tx", "DC_ChargeLoopRes")]
    assert present[-1] < 0
    assert isinstance(
        docs(run, "tx", "DC_ChargeLoopRes")[0].CLResControlMode, d.BPT_Scheduled_DC_CLResControlModeType
    )


def test_dc_bpt_dynamic_follows_the_chargers_power_and_mobility_targets() -> None:
    evse = SimulatedBptDcEvse(
        targets=DynamicTargets(power=20_000.0, target_soc=70, min_soc=25, ack_max_delay=5)
    )
    ev = SimulatedBptEv()

    def flip(run: Run) -> None:  # after two loop cycles the charger asks for 15 kW back
        if run.secc.context.loop_count >= 2:
            evse.targets = DynamicTargets(power=-15_000.0, target_soc=60, min_soc=25, ack_max_delay=5)

    secc = SeccSession(
        SeccConfig(protocols=(DC,), specs=(SECC_SPECS["dc_bpt", "any"],)), evse, 0.0, wall=WALL
    )
    evcc = EvccSession(
        EvccConfig(protocols=(DC,), specs=(EVCC_SPECS["dc_bpt", "dynamic"],), charging_loop_cycles=6),
        ev,
        0.0,
        wall=WALL,
    )
    run = pump(secc, evcc, hook=flip)
    ok(secc, evcc)
    (selection,) = docs(run, "rx", "ServiceSelectionReq")
    assert selection.SelectedEnergyTransferService.ParameterSetID == 3  # Dynamic, the charger's needs
    (exchange_req,) = docs(run, "rx", "ScheduleExchangeReq")
    # Table 107: with MobilityNeedsMode 2 the EV's MinimumSOC and TargetSOC are mandatory
    mode = exchange_req.Dynamic_SEReqControlMode
    assert (mode.MinimumSOC, mode.TargetSOC) == (20, 80)
    (exchange,) = docs(run, "tx", "ScheduleExchangeRes")
    assert exchange.Dynamic_SEResControlMode.TargetSOC == 70
    loop_res = docs(run, "tx", "DC_ChargeLoopRes")
    assert all(isinstance(r.CLResControlMode, d.BPT_Dynamic_DC_CLResControlModeType) for r in loop_res)
    assert loop_res[-1].CLResControlMode.TargetSOC == 60 and loop_res[-1].CLResControlMode.AckMaxDelay == 5
    currents = [from_rn(r.EVSEPresentCurrent) for r in loop_res]
    assert currents[0] > 0 and currents[-1] < 0
    assert -15_000.0 / 300 <= currents[-1]  # 15 kW at the battery's voltage at most
    assert ev.target_soc == 60.0 and ev.min_soc == 25.0  # the EV followed the charger's needs
    assert isinstance(
        docs(run, "rx", "DC_ChargeLoopReq")[0].CLReqControlMode, d.BPT_Dynamic_DC_CLReqControlModeType
    )


def test_ac_bpt_scheduled_the_ev_feeds_the_grid() -> None:
    evse, ev = SimulatedBptAcEvse(), SimulatedBptEv(discharge_from_cycle=2)
    run, secc, evcc = session("ac_bpt", "scheduled", evse, ev)
    ok(secc, evcc)
    (cpd,) = docs(run, "tx", "AC_ChargeParameterDiscoveryRes")
    assert from_rn(cpd.AC_CPDResEnergyTransferMode.EVSEMaximumDischargePower) == 230.0 * 16 * 3
    (detail,) = docs(run, "tx", "ServiceDetailRes")
    assert detail.ServiceID == 5
    powers = [from_rn(r.CLReqControlMode.EVPresentActivePower) for r in docs(run, "rx", "AC_ChargeLoopReq")]
    assert powers[-1] < 0
    res = docs(run, "tx", "AC_ChargeLoopRes")
    assert isinstance(res[-1].CLResControlMode, a.BPT_Scheduled_AC_CLResControlModeType)
    assert from_rn(res[-1].CLResControlMode.EVSEPresentActivePower) < 0


def test_ac_bpt_dynamic_the_chargers_negative_target_is_followed() -> None:
    evse = SimulatedBptAcEvse(targets=DynamicTargets(power=-7_000.0))
    ev = SimulatedBptEv()
    soc0 = ev.soc_percent
    run, secc, evcc = session("ac_bpt", "dynamic", evse, ev)
    ok(secc, evcc)
    res = docs(run, "tx", "AC_ChargeLoopRes")
    assert all(from_rn(r.CLResControlMode.EVSETargetActivePower) == -7_000.0 for r in res)
    assert isinstance(res[0].CLResControlMode, a.BPT_Dynamic_AC_CLResControlModeType)
    assert ev.soc_percent < soc0  # energy went from the car to the grid


def test_a_car_without_bpt_charges_at_a_bpt_charger() -> None:
    # the plain DC EVCC spec, against the BPT charger's offer
    evcc2 = EvccSession(
        EvccConfig(protocols=(DC,), specs=(EVCC_SPECS["dc", "scheduled"],), charging_loop_cycles=3),
        SimulatedEv(),
        0.0,
        wall=WALL,
    )
    secc2 = SeccSession(
        SeccConfig(protocols=(DC,), specs=(SECC_SPECS["dc_bpt", "any"],)),
        SimulatedBptDcEvse(),
        0.0,
        wall=WALL,
    )
    run = pump(secc2, evcc2)
    ok(secc2, evcc2)
    (selection,) = docs(run, "rx", "ServiceSelectionReq")
    assert selection.SelectedEnergyTransferService.ServiceID == 2
    assert secc2.context.service_id == 2  # type: ignore[attr-defined]


def test_a_bpt_service_needs_a_car_that_can_discharge() -> None:
    _run, _secc, evcc = session("dc_bpt", "scheduled", SimulatedBptDcEvse(), SimulatedEv())
    assert evcc.result is not None and not evcc.result.ok
    assert "BidirectionalEv" in evcc.result.reason


def test_a_stage_without_discharge_limits_gives_nothing_back() -> None:
    """The EV asks to discharge, the stage's discharge limits are 0: 0 A, the current limit
    achieved, never a negative set point."""
    evse = SimulatedBptDcEvse(max_discharge_current=0.0, max_discharge_power=0.0)
    run, secc, evcc = session("dc_bpt", "scheduled", evse, SimulatedBptEv(discharge_from_cycle=2))
    ok(secc, evcc)
    res = docs(run, "tx", "DC_ChargeLoopRes")
    assert from_rn(res[-1].EVSEPresentCurrent) == 0.0 and res[-1].EVSECurrentLimitAchieved is True
    assert all(from_rn(r.EVSEPresentCurrent) >= 0.0 for r in res)


def test_a_negative_target_current_in_the_plain_dc_service_is_refused() -> None:
    """Discharge is BPT only: in service 2 a negative EVTargetCurrent is not a charge parameter."""
    import dataclasses

    import exi
    from v2g.v2gtp import PayloadType

    secc = SeccSession(
        SeccConfig(protocols=(DC,), specs=(SECC_SPECS["dc_bpt", "any"],)),
        SimulatedBptDcEvse(),
        0.0,
        wall=WALL,
    )
    evcc = EvccSession(
        EvccConfig(protocols=(DC,), specs=(EVCC_SPECS["dc", "scheduled"],), charging_loop_cycles=50),
        SimulatedEv(),
        0.0,
        wall=WALL,
    )
    run = pump(secc, evcc, stop_when=lambda r: r.secc.context.loop_count >= 1)
    loop = docs(run, "rx", "DC_ChargeLoopReq")[-1]
    negative = dataclasses.replace(
        loop,
        CLReqControlMode=dataclasses.replace(
            loop.CLReqControlMode, EVTargetCurrent=c.RationalNumberType(Exponent=0, Value=-50)
        ),
    )
    secc.receive(PayloadType.ISO20_DC, exi.encode(negative), run.now + 0.01)
    ((_, data),) = secc.data_to_send()
    assert exi.decode(data, "iso20-dc").ResponseCode is c.responseCodeType.FAILED_WrongChargeParameter
    assert secc.closed


def test_a_bpt_car_at_a_charger_without_bpt_charges_in_the_plain_service() -> None:
    """Our DC_BPT EVCC against a DC-only charger: it selects service 2 (and asks its ServiceDetail)
    instead of giving up, and sends the plain DC requests."""
    evse = SimulatedBptDcEvse()
    secc2 = SeccSession(SeccConfig(protocols=(DC,), specs=(SECC_SPECS["dc", "any"],)), evse, 0.0, wall=WALL)
    evcc2 = EvccSession(
        EvccConfig(protocols=(DC,), specs=(EVCC_SPECS["dc_bpt", "scheduled"],), charging_loop_cycles=3),
        SimulatedBptEv(discharge_from_cycle=2),
        0.0,
        wall=WALL,
    )
    run = pump(secc2, evcc2)
    ok(secc2, evcc2)
    (detail,) = docs(run, "rx", "ServiceDetailReq")
    (selection,) = docs(run, "rx", "ServiceSelectionReq")
    assert detail.ServiceID == 2 and selection.SelectedEnergyTransferService.ServiceID == 2
    (cpd,) = docs(run, "rx", "DC_ChargeParameterDiscoveryReq")
    assert type(cpd.DC_CPDReqEnergyTransferMode) is d.DC_CPDReqEnergyTransferMode
    assert all(from_rn(r.CLReqControlMode.EVTargetCurrent) >= 0 for r in docs(run, "rx", "DC_ChargeLoopReq"))
