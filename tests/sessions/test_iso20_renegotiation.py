"""ISO 15118-20 common messages beyond the plain sequence, both our sides: the EVSE's
notifications in the loop (ScheduleRenegotiation, ServiceRenegotiation, Terminate), an EVSE
emergency stop, SessionStop(Pause) and the resume with the old SessionID, PowerDelivery(Standby)
and back to Start, Standby before the cable check, ServiceDetail asked more than once."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from _iso20 import (
    ISO20_DC,
    WALL,
    RecordingDcEvse,
    ac_evcc_for,
    ac_secc_for,
    collapse,
    evcc_for,
    secc_for,
    with_sid,
)
from _session_harness import Run, pump

import exi
from exi.iso20 import generated_types as c
from v2g.controller import SimulatedEv
from v2g.evcc import EvccConfig, EvccSession
from v2g.evcc import iso20 as evcc20
from v2g.secc import SeccConfig, SeccSession, SessionStore
from v2g.secc import iso20 as secc20
from v2g.secc.iso20 import Iso20State
from v2g.v2gtp import PayloadType


def _names(run: Run) -> list[str]:
    return collapse([n.removesuffix("Req") for n in run.requests()[1:]])


def _docs(run: Run, direction: str, name: str) -> list[Any]:
    return [t.document for t in run.secc_trace if t.direction == direction and t.message == name]


def _after_loops(n: int, action: Any) -> Any:
    done: list[bool] = []

    def hook(run: Run) -> None:
        if not done and run.secc.context.loop_count >= n:
            done.append(True)
            action()

    return hook


def test_an_evse_schedule_renegotiation_runs_schedule_exchange_and_starts_again() -> None:
    evse = RecordingDcEvse()
    secc, evcc = secc_for(evse), evcc_for(charging_loop_cycles=6)
    run = pump(secc, evcc, hook=_after_loops(2, evse.request_renegotiation))
    assert evcc.result is not None and evcc.result.ok, (evcc.result, secc.close_reason)
    names = _names(run)
    i = names.index("DC_ChargeLoop")
    assert names[i : i + 6] == [
        "DC_ChargeLoop",
        "PowerDelivery",
        "ScheduleExchange",
        "PowerDelivery",
        "DC_ChargeLoop",
        "PowerDelivery",
    ]
    progress = [r.ChargeProgress.value for r in _docs(run, "rx", "PowerDeliveryReq")]
    assert progress == ["Start", "ScheduleRenegotiation", "Start", "Stop"]
    assert names.count("DC_CableCheck") == 1 and names.count("DC_PreCharge") == 1  # no new pre-charge
    assert evcc.context.evse_notifications == ["ScheduleRenegotiation"]  # type: ignore[attr-defined]
    assert secc.context.renegotiations == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("service", ["dc", "ac"])
def test_an_evse_service_renegotiation_goes_back_to_service_discovery(service: str) -> None:
    secc = secc_for(RecordingDcEvse()) if service == "dc" else ac_secc_for()
    evcc = evcc_for(charging_loop_cycles=6) if service == "dc" else ac_evcc_for(charging_loop_cycles=6)
    power: Any = secc.context.power  # type: ignore[attr-defined]
    run = pump(secc, evcc, hook=_after_loops(2, power.request_service_renegotiation))
    assert evcc.result is not None and evcc.result.ok, (evcc.result, secc.close_reason)
    (discovery, *_) = _docs(run, "tx", "ServiceDiscoveryRes")
    assert discovery.ServiceRenegotiationSupported is True
    stops = [r.ChargingSession.value for r in _docs(run, "rx", "SessionStopReq")]
    assert stops == ["ServiceRenegotiation", "Terminate"]
    names = _names(run)
    assert names.count("ServiceDiscovery") == 2 and names.count("ServiceSelection") == 2
    renegotiated = names.index("SessionStop")
    assert names[renegotiated + 1] == "ServiceDiscovery"
    if service == "dc":  # the cable check and pre-charge again, the power was off
        assert names.count("DC_CableCheck") == 2 and names.count("DC_WeldingDetection") == 2
    assert secc.session_id == run.evcc.context.session_id  # type: ignore[attr-defined]


def test_an_evse_emergency_stop_in_the_loop_ends_the_session_failed_power_off() -> None:
    evse = RecordingDcEvse()
    secc, evcc = secc_for(evse), evcc_for(charging_loop_cycles=20)
    run = pump(secc, evcc, hook=_after_loops(3, evse.trigger_emergency))
    last = _docs(run, "tx", "DC_ChargeLoopRes")[-1]
    assert last.ResponseCode is c.responseCodeType.FAILED
    assert secc.closed and "emergency" in secc.close_reason
    assert evse.present_current(run.now) == 0.0 and evse.ended
    assert evcc.result is not None and not evcc.result.ok


def test_pause_and_resume_with_the_old_session_id() -> None:
    store = SessionStore()
    cfg = SeccConfig(protocols=(ISO20_DC,), specs=(secc20.SPEC,))
    first = SeccSession(cfg, RecordingDcEvse(), 0.0, wall=WALL, store=store)
    run = pump(first, evcc_for(pause=True))
    assert first.close_reason == "paused"
    sid = first.session_id
    second = SeccSession(cfg, RecordingDcEvse(), run.now, wall=WALL, store=store)
    evcc = EvccSession(
        EvccConfig(
            protocols=(ISO20_DC,), specs=(evcc20.SPEC,), charging_loop_cycles=2, resume_session_id=sid
        ),
        SimulatedEv(),
        run.now,
        wall=WALL,
    )
    again = pump(second, evcc, run.now)
    assert evcc.result is not None and evcc.result.ok
    (setup,) = _docs(again, "tx", "SessionSetupRes")
    assert setup.ResponseCode is c.responseCodeType.OK_OldSessionJoined and second.session_id == sid
    assert evcc.context.resumed  # type: ignore[attr-defined]


def _send(secc: SeccSession, body: Any, now: float) -> Any:
    body = with_sid(body, secc.session_id or b"")
    pt = PayloadType.ISO20_MAIN if type(body).__module__ == c.__name__ else PayloadType.ISO20_DC
    secc.receive(pt, exi.encode(body), now)
    ((_, data),) = secc.data_to_send()
    return exi.decode(data, "iso20" if pt is PayloadType.ISO20_MAIN else "iso20-dc")


def test_standby_in_the_loop_holds_the_power_and_start_resumes_without_pre_charge() -> None:
    evse = RecordingDcEvse()
    secc = secc_for(evse)
    run = pump(secc, evcc_for(charging_loop_cycles=50), stop_when=lambda r: r.secc.context.loop_count >= 2)
    start = _docs(run, "rx", "PowerDeliveryReq")[0]
    loop = _docs(run, "rx", "DC_ChargeLoopReq")[-1]
    standby = dataclasses.replace(start, ChargeProgress=c.chargeProgressType.Standby, EVPowerProfile=None)
    assert _send(secc, standby, run.now + 0.01).ResponseCode is c.responseCodeType.OK
    assert secc.state is Iso20State.STANDBY and evse.demand[-1][1] == 0.0  # no energy, contactors closed
    # the loop goes on in standby with no energy ([V2G20-1391])
    in_standby = _send(secc, loop, run.now + 0.015)
    assert in_standby.ResponseCode is c.responseCodeType.OK and evse.demand[-1][1] == 0.0
    assert secc.state is Iso20State.STANDBY
    assert _send(secc, start, run.now + 0.02).ResponseCode is c.responseCodeType.OK
    assert secc.state is Iso20State.CHARGING
    assert _send(secc, loop, run.now + 0.03).ResponseCode is c.responseCodeType.OK
    assert evse.demand[-1][1] > 0.0


def test_standby_before_the_cable_check_then_pause_without_cable_check_or_pre_charge() -> None:
    secc = secc_for()
    run = pump(secc, evcc_for(), stop_when=lambda r: r.secc.state is Iso20State.CABLE_CHECK)
    standby = c.PowerDeliveryReq(
        Header=c.MessageHeaderType(SessionID=b"", TimeStamp=1),
        EVProcessing=c.processingType.Finished,
        ChargeProgress=c.chargeProgressType.Standby,
    )
    assert _send(secc, standby, run.now + 0.01).ResponseCode is c.responseCodeType.OK
    resume = dataclasses.replace(standby, ChargeProgress=c.chargeProgressType.Start)
    # no power without the cable check and pre-charge: Start from this Standby is a sequence error
    probe = secc_for()
    probe_run = pump(probe, evcc_for(), stop_when=lambda r: r.secc.state is Iso20State.CABLE_CHECK)
    _send(probe, standby, probe_run.now + 0.01)
    assert _send(probe, resume, probe_run.now + 0.02).ResponseCode is c.responseCodeType.FAILED_SequenceError
    pause = c.SessionStopReq(
        Header=c.MessageHeaderType(SessionID=b"", TimeStamp=1), ChargingSession=c.chargingSessionType.Pause
    )
    assert _send(secc, pause, run.now + 0.02).ResponseCode is c.responseCodeType.OK
    assert secc.close_reason == "paused"


def test_service_detail_is_repeatable_before_service_selection() -> None:
    secc = secc_for()
    run = pump(secc, evcc_for(), stop_when=lambda r: r.secc.state is Iso20State.SERVICE_DETAIL)
    ask = c.ServiceDetailReq(Header=c.MessageHeaderType(SessionID=b"", TimeStamp=1), ServiceID=2)
    for i in range(3):
        res = _send(secc, ask, run.now + 0.01 * (i + 1))
        assert res.ResponseCode is c.responseCodeType.OK and res.ServiceID == 2
    assert secc.state is Iso20State.SERVICE_DETAIL
    other = dataclasses.replace(ask, ServiceID=1)  # not offered by a DC charger
    assert _send(secc, other, run.now + 0.1).ResponseCode is c.responseCodeType.FAILED_ServiceIDInvalid


def test_without_service_renegotiation_supported_the_ev_does_not_renegotiate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """[V2G20-1652]: the first ServiceDiscoveryRes said ServiceRenegotiationSupported False, so the
    EV goes on charging when the EVSE asks for one; the SECC refuses SessionStop(ServiceRenegotiation)
    with FAILED_NoServiceRenegotiationSupported."""
    from v2g.secc.iso20 import _shared

    monkeypatch.setitem(
        _shared.OFFERS, "iso20-norenegotiation", _shared.Offer((2,), service_renegotiation=False)
    )
    spec = dataclasses.replace(secc20.SPEC, name="iso20-norenegotiation")
    evse = RecordingDcEvse()
    secc = SeccSession(SeccConfig(protocols=(ISO20_DC,), specs=(spec,)), evse, 0.0, wall=WALL)
    evcc = evcc_for(charging_loop_cycles=6)
    run = pump(secc, evcc, hook=_after_loops(2, evse.request_service_renegotiation))
    assert evcc.result is not None and evcc.result.ok
    assert _docs(run, "tx", "ServiceDiscoveryRes")[0].ServiceRenegotiationSupported is False
    assert [r.ChargingSession.value for r in _docs(run, "rx", "SessionStopReq")] == ["Terminate"]
    assert "ServiceRenegotiation" in evcc.context.evse_notifications  # type: ignore[attr-defined]
    assert _names(run).count("ServiceDiscovery") == 1

    secc = SeccSession(SeccConfig(protocols=(ISO20_DC,), specs=(spec,)), RecordingDcEvse(), 0.0, wall=WALL)
    run = pump(secc, evcc_for(), stop_when=lambda r: r.secc.state is Iso20State.SERVICE_DETAIL)
    stop = c.SessionStopReq(
        Header=c.MessageHeaderType(SessionID=b"", TimeStamp=1),
        ChargingSession=c.chargingSessionType.ServiceRenegotiation,
    )
    res = _send(secc, stop, run.now + 0.01)
    assert res.ResponseCode is c.responseCodeType.FAILED_NoServiceRenegotiationSupported


@pytest.mark.parametrize("service", ["dc", "ac"])
def test_our_ev_stands_by_with_no_energy_and_starts_again(service: str) -> None:
    """[V2G20-1391]: PowerDelivery(Standby) after the loop; the loop goes on asking no energy
    until the EV's standby time is over, then PowerDelivery(Start) ([V2G20-1393])."""
    secc = secc_for(RecordingDcEvse()) if service == "dc" else ac_secc_for()
    make = evcc_for if service == "dc" else ac_evcc_for
    evcc = make(charging_loop_cycles=4, standby_after=2, standby_cycles=3)
    run = pump(secc, evcc)
    assert evcc.result is not None and evcc.result.ok, (evcc.result, secc.close_reason)
    progress = [r.ChargeProgress.value for r in _docs(run, "rx", "PowerDeliveryReq")]
    assert progress == ["Start", "Standby", "Start", "Stop"]
    loop = "DC_ChargeLoopReq" if service == "dc" else "AC_ChargeLoopReq"
    names = run.requests()
    standby_at = [i for i, n in enumerate(names) if n == "PowerDeliveryReq"][1]
    assert names[standby_at + 1 : standby_at + 4] == [loop] * 3  # three loops in standby
    power: Any = secc.context.power  # type: ignore[attr-defined]
    if service == "dc":
        assert power.demand[2][1] == 0.0 and power.demand[-1][1] > 0.0
    else:
        assert "off" in power.events


def test_exit_standby_from_the_evse_ends_our_evs_standby() -> None:
    evse = RecordingDcEvse()
    secc, evcc = secc_for(evse), evcc_for(charging_loop_cycles=4, standby_after=2, standby_cycles=1000)
    done: list[bool] = []

    def exit_standby(run: Run) -> None:
        if not done and secc.state is Iso20State.STANDBY:
            done.append(True)
            evse.request_exit_standby()

    run = pump(secc, evcc, hook=exit_standby)
    assert evcc.result is not None and evcc.result.ok, (evcc.result, secc.close_reason)
    assert "ExitStandby" in evcc.context.evse_notifications  # type: ignore[attr-defined]
    progress = [r.ChargeProgress.value for r in _docs(run, "rx", "PowerDeliveryReq")]
    assert progress == ["Start", "Standby", "Start", "Stop"]
    notes = [r.EVSEStatus for r in _docs(run, "tx", "DC_ChargeLoopRes") if r.EVSEStatus is not None]
    assert notes and notes[0].EVSENotification is c.evseNotificationType.ExitStandby


@pytest.mark.parametrize("renegotiation", ["schedule", "service"])
def test_in_dynamic_control_the_evse_asks_for_a_renegotiation_once(renegotiation: str) -> None:
    """Dynamic control computes no schedules, so the simulated charger cannot take
    ``compute_schedules`` as the sign its request was served: the Start with the contactors still
    closed ends a schedule renegotiation, the power off a service renegotiation (it asked again
    and again, until the EV's limit of three, before)."""
    evse = RecordingDcEvse()
    secc, evcc = secc_for(evse), evcc_for(charging_loop_cycles=6, specs=(evcc20.DYNAMIC_SPEC,))
    ask = evse.request_renegotiation if renegotiation == "schedule" else evse.request_service_renegotiation
    run = pump(secc, evcc, hook=_after_loops(2, ask))
    assert evcc.result is not None and evcc.result.ok, (evcc.result, secc.close_reason)
    assert evcc.context.control_mode == "Dynamic"  # type: ignore[attr-defined]
    expected = "ScheduleRenegotiation" if renegotiation == "schedule" else "ServiceRenegotiation"
    assert evcc.context.evse_notifications == [expected]  # type: ignore[attr-defined]
    notes = [r.EVSEStatus for r in _docs(run, "tx", "DC_ChargeLoopRes") if r.EVSEStatus is not None]
    assert len(notes) == 1
