"""ISO 15118-20 AC (service 1), EIM, Scheduled and Dynamic control mode: our SECC and EVCC pumped in
memory from SupportedAppProtocol (namespace NS_ISO20_AC) to SessionStop, the payload types on the
wire (0x8002 common, 0x8003 AC), the service's parameter sets, the AC charging switched on at
PowerDelivery(Start) and off at the stop, and the powers (currents per phase) within the limits."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from _iso20 import (
    ISO20_AC,
    ISO20_DC,
    WALL,
    RecordingAcEvse,
    ac_evcc_for,
    ac_secc_for,
    collapse,
    evcc_for,
    tap,
    with_sid,
)
from _session_harness import Run, pump

import exi
from exi.iso20 import generated_types as c
from exi.iso20_ac import generated_types as a
from exi.iso20_dc import generated_types as d
from v2g.controller import EnergyMode, SimulatedAcDcEvse, SimulatedEv
from v2g.secc import SeccConfig, SeccSession
from v2g.secc import iso20 as secc20
from v2g.secc.iso20 import Iso20State
from v2g.v2gtp import PayloadType

AC_MESSAGES = {"AC_ChargeParameterDiscovery", "AC_ChargeLoop"}
SEQUENCE = [
    "SessionSetup",
    "AuthorizationSetup",
    "Authorization",
    "ServiceDiscovery",
    "ServiceDetail",
    "ServiceSelection",
    "AC_ChargeParameterDiscovery",
    "ScheduleExchange",
    "PowerDelivery",
    "AC_ChargeLoop",
    "PowerDelivery",
    "SessionStop",
]
PHASES = 3


def _value(rn: Any) -> float:
    return float(rn.Value * 10.0**rn.Exponent)


def _docs(run: Run, direction: str, name: str) -> list[Any]:
    return [t.document for t in run.secc_trace if t.direction == direction and t.message == name]


@pytest.mark.parametrize("dynamic", [False, True], ids=["Scheduled", "Dynamic"])
def test_an_ac_session_runs_from_setup_to_stop(dynamic: bool) -> None:
    evse = RecordingAcEvse()
    secc, evcc = ac_secc_for(evse), ac_evcc_for(dynamic)
    secc_out: list[tuple[int, bytes]] = []
    evcc_out: list[tuple[int, bytes]] = []
    tap(secc, secc_out)
    tap(evcc, evcc_out)
    run = pump(secc, evcc)
    assert evcc.result is not None and evcc.result.ok, (evcc.result, secc.close_reason)
    assert evcc.result.loop_count == 4
    assert secc.closed and secc.close_reason == "terminated" and secc.state is Iso20State.ENDED
    assert secc.context.control_mode == ("Dynamic" if dynamic else "Scheduled")
    requests = run.requests()
    assert requests[0] == "supportedAppProtocolReq"
    assert collapse([r.removesuffix("Req") for r in requests[1:]]) == SEQUENCE
    assert collapse([r.removesuffix("Res") for r in run.responses()[1:]]) == SEQUENCE
    assert requests.count("AC_ChargeLoopReq") == 4
    # payload types: the handshake on 0x8001, the common messages on 0x8002, AC on 0x8003
    seen = set()
    for out in (secc_out, evcc_out):
        assert out[0][0] == PayloadType.EXI
        for payload_type, data in out[1:]:
            schema = "iso20-ac" if payload_type == PayloadType.ISO20_AC else "iso20"
            message = exi.decode(data, schema)
            name = type(message).__name__[:-3]
            expected = PayloadType.ISO20_AC if name in AC_MESSAGES else PayloadType.ISO20_MAIN
            assert payload_type == expected, name
            seen.add(payload_type)
            assert WALL <= message.Header.TimeStamp <= WALL + run.now
            if name != "SessionSetup":
                assert message.Header.SessionID == secc.session_id
    assert seen == {PayloadType.ISO20_AC, PayloadType.ISO20_MAIN}
    # the loop requests and responses are in the selected control mode
    kind = "Dynamic" if dynamic else "Scheduled"
    for req in _docs(run, "rx", "AC_ChargeLoopReq"):
        assert type(req.CLReqControlMode).__name__ == f"{kind}_AC_CLReqControlMode"
        assert req.DisplayParameters.ChargingComplete is False  # said always (issue 19, item 7)
    # the power stage: AC charging on at PowerDelivery(Start), kept on in the loop, off at the stop
    first_stop = evse.events.index("stop")
    assert evse.events[0] == "on" and set(evse.events[:first_stop]) == {"on"}
    assert "on" not in evse.events[first_stop:]
    assert evse.events.count("on") == 1 + 4  # PowerDelivery(Start) and every loop message


def test_the_ac_service_detail_offers_both_control_modes_with_the_nominal_voltage() -> None:
    evse = RecordingAcEvse(nominal_voltage=230.0)
    secc = ac_secc_for(evse)
    run = pump(secc, ac_evcc_for())
    (discovery,) = _docs(run, "tx", "ServiceDiscoveryRes")
    assert [s.ServiceID for s in discovery.EnergyTransferServiceList.Service] == [1]
    (detail,) = _docs(run, "tx", "ServiceDetailRes")
    assert detail.ServiceID == 1
    sets = {
        ps.ParameterSetID: {p.Name: p.intValue for p in ps.Parameter}
        for ps in detail.ServiceParameterList.ParameterSet
    }
    assert sets == {
        set_id: {
            "Connector": 2,  # three-phase
            "ControlMode": control,
            "EVSENominalVoltage": 230,
            "MobilityNeedsMode": needs,  # 2: the charger gives the targets (Dynamic only)
            "Pricing": 0,
        }
        for set_id, control, needs in ((1, 1, 1), (2, 2, 1), (3, 2, 2))
    }
    (selection,) = _docs(run, "rx", "ServiceSelectionReq")
    assert selection.SelectedEnergyTransferService == c.SelectedServiceType(ServiceID=1, ParameterSetID=1)


def test_a_single_phase_charger_offers_connector_1() -> None:
    secc = ac_secc_for(energy_modes=(EnergyMode.AC_SINGLE_PHASE,))
    run = pump(secc, ac_evcc_for(energy_mode=EnergyMode.AC_SINGLE_PHASE))
    (detail,) = _docs(run, "tx", "ServiceDetailRes")
    for ps in detail.ServiceParameterList.ParameterSet:
        assert {p.Name: p.intValue for p in ps.Parameter}["Connector"] == 1
    (cpd,) = _docs(run, "tx", "AC_ChargeParameterDiscoveryRes")
    assert _value(cpd.AC_CPDResEnergyTransferMode.EVSEMaximumChargePower) == pytest.approx(230.0 * 32.0)


@pytest.mark.parametrize("dynamic", [False, True], ids=["Scheduled", "Dynamic"])
def test_the_powers_stay_within_the_evse_and_ev_limits(dynamic: bool) -> None:
    evse = RecordingAcEvse(nominal_voltage=230.0, max_current=32.0)
    ev = SimulatedEv()
    secc, evcc = ac_secc_for(evse), ac_evcc_for(dynamic)
    run = pump(secc, evcc)
    (cpd,) = _docs(run, "tx", "AC_ChargeParameterDiscoveryRes")
    p = cpd.AC_CPDResEnergyTransferMode
    assert _value(p.EVSEMaximumChargePower) == pytest.approx(230.0 * 32.0 * PHASES)
    assert _value(p.EVSEMinimumChargePower) == pytest.approx(230.0 * 6.0 * PHASES)
    assert _value(p.EVSENominalFrequency) == 50.0
    ev_max = 230.0 * ev.ac_max_current * PHASES
    (req,) = _docs(run, "rx", "AC_ChargeParameterDiscoveryReq")
    assert _value(req.AC_CPDReqEnergyTransferMode.EVMaximumChargePower) == pytest.approx(ev_max)
    targets = [_value(r.CLResControlMode.EVSETargetActivePower) for r in _docs(run, "tx", "AC_ChargeLoopRes")]
    assert len(targets) == 4
    for target in targets:
        per_phase = target / (230.0 * PHASES)
        assert 6.0 <= per_phase <= 32.0  # within the power stage's ac_limits
        assert target <= ev_max + 1e-6  # and the EV's maximum
    # the EV drew no more than the target allows
    assert 0 < evcc.context.present_current <= min(t / (230.0 * PHASES) for t in targets) + 1e-6
    # and the present power reported is not more than the target either (the stage's outlet could
    # give 22080 W, the EV's 16 A make 11040 W)
    loop = _docs(run, "tx", "AC_ChargeLoopRes")
    present = [_value(r.CLResControlMode.EVSEPresentActivePower) for r in loop]
    assert all(0 < p <= t + 1e-6 for p, t in zip(present, targets, strict=True)), (present, targets)


def test_a_scheduled_ac_loop_is_capped_by_the_chosen_schedule() -> None:
    evse = RecordingAcEvse(site_power=9_000.0)
    run = pump(ac_secc_for(evse), ac_evcc_for())
    (exchange,) = _docs(run, "tx", "ScheduleExchangeRes")
    tuples = exchange.Scheduled_SEResControlMode.ScheduleTuple
    entries = tuples[0].ChargingSchedule.PowerSchedule.PowerScheduleEntries.PowerScheduleEntry
    cap = max(_value(e.Power) for e in entries)
    for res in _docs(run, "tx", "AC_ChargeLoopRes"):
        assert _value(res.CLResControlMode.EVSETargetActivePower) <= cap + 1e-6


def _charging(dynamic: bool) -> tuple[SeccSession, Run]:
    secc = ac_secc_for()
    run = pump(secc, ac_evcc_for(dynamic), stop_when=lambda r: r.secc.context.loop_count >= 1)
    assert secc.state is Iso20State.CHARGING and not secc.closed
    return secc, run


def test_a_scheduled_ac_loop_request_in_a_dynamic_session_is_refused() -> None:
    secc, run = _charging(dynamic=True)
    (dynamic, *_) = _docs(run, "rx", "AC_ChargeLoopReq")
    scheduled = dataclasses.replace(
        dynamic,
        CLReqControlMode=a.Scheduled_AC_CLReqControlMode(
            EVPresentActivePower=c.RationalNumberType(Exponent=0, Value=0)
        ),
    )
    secc.receive(
        PayloadType.ISO20_AC, exi.encode(with_sid(scheduled, secc.session_id or b"")), run.now + 0.01
    )
    ((sent, data),) = secc.data_to_send()
    assert sent == PayloadType.ISO20_AC
    res = exi.decode(data, "iso20-ac")
    assert res.ResponseCode is c.responseCodeType.FAILED_WrongChargeParameter
    assert isinstance(res.CLResControlMode, a.Dynamic_AC_CLResControlModeType)  # the session's mode
    assert secc.closed and "Dynamic_AC_CLReqControlMode" in secc.close_reason


def test_a_negative_ev_power_in_the_ac_loop_is_a_wrong_charge_parameter() -> None:
    secc, run = _charging(dynamic=False)
    (loop, *_) = _docs(run, "rx", "AC_ChargeLoopReq")
    bad = dataclasses.replace(
        loop,
        CLReqControlMode=a.Scheduled_AC_CLReqControlMode(
            EVPresentActivePower=c.RationalNumberType(Exponent=0, Value=0),
            EVMaximumChargePower=c.RationalNumberType(Exponent=0, Value=-5),
        ),
    )
    secc.receive(PayloadType.ISO20_AC, exi.encode(with_sid(bad, secc.session_id or b"")), run.now + 0.01)
    ((_, data),) = secc.data_to_send()
    assert exi.decode(data, "iso20-ac").ResponseCode is c.responseCodeType.FAILED_WrongChargeParameter
    assert secc.closed


def test_a_dc_message_in_an_ac_session_is_not_read() -> None:
    """The AC spec's envelope reads the common and AC payload types only: a DC_ChargeLoopReq on
    0x8004 in the AC charging loop is not for the session (discarded, as any payload type the
    protocol does not read); the session goes on."""
    evse = RecordingAcEvse()
    secc = ac_secc_for(evse)
    run = pump(secc, ac_evcc_for(), stop_when=lambda r: r.secc.context.loop_count >= 1)
    dc = d.DC_ChargeLoopReq(
        Header=c.MessageHeaderType(SessionID=secc.session_id or b"", TimeStamp=1),
        MeterInfoRequested=False,
        EVPresentVoltage=c.RationalNumberType(Exponent=0, Value=400),
        CLReqControlMode=d.Scheduled_DC_CLReqControlMode(
            EVTargetCurrent=c.RationalNumberType(Exponent=0, Value=10),
            EVTargetVoltage=c.RationalNumberType(Exponent=0, Value=400),
        ),
    )
    secc.receive(PayloadType.ISO20_DC, exi.encode(dc), run.now + 0.01)
    assert secc.data_to_send() == []
    assert not secc.closed and secc.state is Iso20State.CHARGING
    assert "stop" not in evse.events


def test_authorization_and_schedule_exchange_are_ongoing_while_pending_in_ac() -> None:
    run = pump(ac_secc_for(RecordingAcEvse(auth_delay=0.3, schedule_delay=0.3)), evcc := ac_evcc_for())
    assert evcc.result is not None and evcc.result.ok, evcc.result
    for name, waiting in (
        ("AuthorizationRes", "Ongoing_WaitingForCustomerInteraction"),
        ("ScheduleExchangeRes", "Ongoing"),
    ):
        codes = [r.EVSEProcessing.value for r in _docs(run, "tx", name)]
        assert len(codes) > 2 and set(codes[:-1]) == {waiting} and codes[-1] == "Finished", name
    names = run.requests()
    assert names[len(names) - names[::-1].index("ScheduleExchangeReq")] == "PowerDeliveryReq"


def test_ac_session_stop_pause_is_kept_for_a_resume() -> None:
    secc, evcc = ac_secc_for(), ac_evcc_for(pause=True)
    pump(secc, evcc)
    assert evcc.result is not None and evcc.result.ok and evcc.result.paused
    assert secc.close_reason == "paused" and secc.context.paused


def test_one_secc_offers_dc_and_ac_and_the_ev_namespace_picks() -> None:
    """A charger with both power stages and both -20 specs: an AC EV gets the AC session (service 1,
    the AC outlet switched), a DC EV the DC one."""
    specs = (secc20.SPEC, secc20.AC_SPEC)
    modes = (EnergyMode.DC_EXTENDED, EnergyMode.AC_THREE_PHASE)
    for ev, service, messages in (
        (ac_evcc_for(), 1, "AC_ChargeLoopReq"),
        (evcc_for(), 2, "DC_ChargeLoopReq"),
    ):
        evse = SimulatedAcDcEvse(ac=RecordingAcEvse())
        cfg = SeccConfig(protocols=(ISO20_DC, ISO20_AC), specs=specs, energy_modes=modes)
        secc = SeccSession(cfg, evse, 0.0, wall=WALL)
        run = pump(secc, ev)
        assert ev.result is not None and ev.result.ok, (ev.result, secc.close_reason)
        (selection,) = _docs(run, "rx", "ServiceSelectionReq")
        assert selection.SelectedEnergyTransferService.ServiceID == service
        assert run.requests().count(messages) == 4
        assert ("on" in evse.ac.events) == (service == 1)  # type: ignore[attr-defined]
