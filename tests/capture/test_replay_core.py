"""The replay machines, sans-IO: a recorded car (ReplayEvcc) against our SECC session core, a recorded
charger (ReplaySecc) against our EVCC session core, payloads pumped in memory on a virtual clock."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

import exi
from tests.capture._broken import Broken
from tests.capture._provenance import CAPTURES
from v2g.apphand import DIN
from v2g.capture import sessions
from v2g.capture.replay import ReplayConfig, ReplayEvcc, ReplayEvent
from v2g.capture.replay_script import response_code, script_of, session_id_of
from v2g.capture.replay_secc import ReplaySecc
from v2g.controller import EnergyMode, SimulatedDcEvse, SimulatedEv
from v2g.evcc import EvccConfig, EvccSession
from v2g.secc import SeccConfig, SeccSession

MG4_DIN = CAPTURES / "EVerest_logfiles/MG/MG4_electric/dinspec-DC.dump"


def _script() -> Any:
    return script_of(sessions(MG4_DIN)[0])


def _secc(now: float, cable_check_time: float = 0.5) -> SeccSession:
    evse = SimulatedDcEvse(
        max_voltage=520, max_current=30, max_power=11000, site_power=11000, cable_check_time=cable_check_time
    )
    return SeccSession(SeccConfig(protocols=(DIN,)), evse, now)


def pump(a: Any, b: Any, now: float = 0.0) -> tuple[float, list[tuple[float, str]]]:
    """Run two session cores against each other until both are idle or one closed; returns the end
    time and what b sent, by message name, with the time (a's messages are decoded by a's machine)."""
    sent: list[tuple[float, str]] = []
    for _ in range(200_000):
        moved = False
        for src, dst in ((a, b), (b, a)):
            for payload_type, payload in src.data_to_send():
                if src is b:
                    sent.append((now, str(len(payload))))
                dst.receive(payload_type, payload, now)
                moved = True
        if a.closed or b.closed:
            for core in (a, b):
                if not core.closed:
                    core.connection_lost(now)
            return now, sent
        if not moved:
            timers = [t for t in (a.get_timer(), b.get_timer()) if t is not None]
            if not timers:
                return now, sent
            now = max(now, min(timers))
            for core in (a, b):
                timer = core.get_timer()
                if timer is not None and timer <= now:
                    core.handle_timer(now)
    raise AssertionError("the pump did not settle")


def _events(machine: Any) -> list[ReplayEvent]:
    out = []
    while (event := machine.next_trace()) is not None:
        out.append(event)
    return out


# --- tests ----------------------------------------------------------------------------------------


def test_the_recorded_car_against_our_secc_matches_and_carries_the_live_session_id() -> None:
    script = _script()
    secc = _secc(0.0)
    replay = ReplayEvcc(script, ReplayConfig(fast=True), 0.0)
    sent_ids: list[bytes | None] = []
    original = replay._send

    def spy(now: float) -> None:
        original(now)
        _, payload = replay._out[-1]
        if replay._index > 0:
            sent_ids.append(session_id_of(exi.decode(payload, "din")))

    replay._send = spy  # type: ignore[method-assign]
    pump(replay, secc)
    events = _events(replay)
    assert replay.result.ok, [e.text for e in events if e.kind == "divergence"]
    assert secc.session_id is not None and secc.session_id != script.session_id
    assert set(sent_ids[1:]) == {secc.session_id}  # every request after SessionSetupReq
    assert sent_ids[0] == b"\x00"
    exchanges = [e for e in events if e.kind == "exchange"]
    assert exchanges[-1].fields["response"] == "SessionStopRes"


def test_ongoing_repeats_follow_the_live_secc() -> None:
    """The recorded charger said Ongoing once to ContractAuthentication and 13 times to CableCheck
    (about 1.3 s); ours authorizes at once: the recorded repeat is skipped. A cable check of 0.3 s
    ends the recorded CableCheck repeats early, one of 5 s repeats CableCheckReq beyond them."""
    script = _script()
    names = [s.name for s in script.steps]
    assert names[4:6] == ["ContractAuthenticationReq"] * 2 and names.count("CableCheckReq") == 14
    for cable_check_time, more in ((0.3, False), (5.0, True)):
        replay = ReplayEvcc(script, ReplayConfig(fast=True), 0.0)
        pump(replay, _secc(0.0, cable_check_time))
        events = _events(replay)
        played = [e.fields["request"] for e in events if e.kind == "exchange"]
        assert played.count("ContractAuthenticationReq") == 1
        assert (played.count("CableCheckReq") > 14) is more
        notes = [e.text for e in events if e.kind == "note"]
        assert (
            "step 5: ContractAuthenticationRes Finished, the recorded SECC took 1 more Ongoing answer(s): "
            "skipped" in notes
        )
        repeating = "step 21: the SECC still says Ongoing where the recorded one had finished: repeating"
        assert (repeating in notes) is more
        assert any("CableCheckRes Finished, the recorded SECC took" in n for n in notes) is not more
        assert replay.result.ok


def test_a_wrong_response_code_and_a_late_answer_are_reported_exactly() -> None:
    script = _script()
    broken = Broken(
        _secc(0.0),
        wrong="ServiceDiscoveryRes",
        code="OK_CertificateExpiresSoon",
        late="PowerDeliveryRes",
        delay=3.25,
    )
    replay = ReplayEvcc(script, ReplayConfig(fast=True), 0.0)
    pump(replay, broken)
    divergences = [e.text for e in replay.result.divergences]
    assert divergences == [
        "step 3: ServiceDiscoveryRes ResponseCode OK_CertificateExpiresSoon, recorded OK",
        "step 36: PowerDeliveryRes late: 3.250 s after PowerDeliveryReq (limit 2 s, recorded 98.9 ms)",
    ]
    assert not replay.result.ok and replay.result.completed


def test_no_answer_ends_the_replay() -> None:
    script = _script()
    broken = Broken(_secc(0.0), late="SessionSetupRes", delay=1000.0)
    replay = ReplayEvcc(script, ReplayConfig(fast=True, answer_timeout=3.0), 0.0)
    pump(replay, broken)
    assert [e.text for e in replay.result.divergences] == [
        "step 2: no answer to SessionSetupReq within 5.000 s (limit 2 s)"
    ]


def test_the_recorded_charger_against_our_evcc_completes() -> None:
    script = _script()
    ev = SimulatedEv(max_voltage=500.0)
    evcc = EvccSession(
        EvccConfig(
            protocols=(DIN,),
            energy_mode=EnergyMode.DC_EXTENDED,
            charging_loop_cycles=5,
            precharge_tolerance=200.0,
        ),
        ev,
        0.0,
    )
    evcc.start(0.0)
    replay = ReplaySecc(script, ReplayConfig(fast=True), 0.0)
    pump(evcc, replay)
    events = _events(replay)
    assert replay.result.ok, [e.text for e in events if e.kind == "divergence"]
    assert evcc.result is not None and evcc.result.ok, evcc.result
    answered = [e.fields["response"] for e in events if e.kind == "exchange"]
    assert answered[0] == "supportedAppProtocolRes" and answered[-1] == "SessionStopRes"
    assert answered.count("CurrentDemandRes") == 5  # our car's five loops, of the recorded 122


def test_a_live_evcc_off_the_recorded_sequence_is_a_divergence() -> None:
    script = _script()
    replay = ReplaySecc(script, ReplayConfig(fast=True), 0.0)
    handshake = script.steps[0].request
    replay.receive(handshake.payload_type, handshake.raw, 0.0)
    assert response_code(exi.decode(replay.data_to_send()[0][1], "app")) == "OK_SuccessfulNegotiation"
    wrong = script.steps[3].request  # ServicePaymentSelectionReq before SessionSetupReq
    replay.receive(wrong.payload_type, wrong.raw, 0.1)
    assert replay.closed and [e.text for e in replay.result.divergences] == [
        "step 2: the EVCC sent ServicePaymentSelectionReq, recorded SessionSetupReq"
    ]


def test_recorded_pacing_keeps_the_cars_think_time_and_the_chargers_delay() -> None:
    """Without --fast each request leaves the recorded think time after the live answer before it,
    and a replayed charger answers after the recorded response time (virtual clock: exact)."""
    script = _script()
    secc = _secc(0.0)
    arrivals: list[float] = []
    receive = secc.receive

    def spy(payload_type: int, payload: bytes, now: float) -> None:
        arrivals.append(now)
        receive(payload_type, payload, now)

    secc.receive = spy  # type: ignore[method-assign]
    replay = ReplayEvcc(script, ReplayConfig(fast=False), 0.0)
    pump(replay, secc)
    assert replay.result.ok
    gaps = [b - a for a, b in itertools.pairwise(arrivals[:4])]  # the SECC answers at once
    assert gaps == pytest.approx([s.gap for s in script.steps[1:4]], abs=1e-9)
    assert all(g > 0.09 for g in gaps)  # the car took about 0.1 s each time

    ev = SimulatedEv(max_voltage=500.0)
    evcc = EvccSession(
        EvccConfig(protocols=(DIN,), charging_loop_cycles=1, precharge_tolerance=200.0), ev, 0.0
    )
    evcc.start(0.0)
    charger = ReplaySecc(script, ReplayConfig(fast=False), 0.0)
    answered: list[float] = []
    evcc_receive = evcc.receive

    def heard(payload_type: int, payload: bytes, now: float) -> None:
        answered.append(now)
        evcc_receive(payload_type, payload, now)

    evcc.receive = heard  # type: ignore[method-assign]
    pump(evcc, charger)
    assert charger.result.ok
    first = script.steps[0].delay
    assert first is not None and answered[0] == pytest.approx(first, abs=1e-9)


def test_garbage_from_the_live_side_is_a_divergence_not_a_crash() -> None:
    script = _script()
    car = ReplayEvcc(script, ReplayConfig(fast=True), 0.0)
    car.data_to_send()
    car.receive(0x8001, b"\xff\x00garbage", 0.01)
    assert car.closed and car.result.divergences[0].text.startswith(
        "step 1: the answer to supportedAppProtocolReq does not decode (app): "
    )
    charger = ReplaySecc(script, ReplayConfig(fast=True), 0.0)
    charger.receive(0x8001, b"\x80", 0.0)
    assert charger.closed and charger.result.divergences[0].text.startswith(
        "a request that does not decode (app): "
    )
    assert not car.result.ok and not charger.result.ok


def test_another_message_type_ends_the_replay() -> None:
    script = _script()
    service_discovery_res = script.steps[2].response
    assert service_discovery_res is not None
    broken = Broken(_secc(0.0), swap="SessionSetupRes", instead=service_discovery_res.raw)
    replay = ReplayEvcc(script, ReplayConfig(fast=True), 0.0)
    pump(replay, broken)
    assert [e.text for e in replay.result.divergences] == [
        "step 2: SessionSetupReq answered with ServiceDiscoveryRes, recorded SessionSetupRes"
    ]
    assert replay.closed and not replay.result.completed and replay.result.played == 2
