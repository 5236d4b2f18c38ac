"""SECC <-> EVCC end to end, in memory: SupportedAppProtocol to SessionStop, and the abnormal ends."""

from __future__ import annotations

from collections import Counter

import pytest
from _session_harness import DIN, ISO2, Run, pump, setup

from v2g.controller import EnergyMode, Isolation
from v2g.secc import SeccState, SeccTimeouts, SessionStore

DC = EnergyMode.DC_EXTENDED
AC = EnergyMode.AC_THREE_PHASE

DIN_DC_SEQUENCE = [
    "supportedAppProtocolReq",
    "SessionSetupReq",
    "ServiceDiscoveryReq",
    "ServicePaymentSelectionReq",
    "ContractAuthenticationReq",
    "ChargeParameterDiscoveryReq",
    "CableCheckReq",
    "PreChargeReq",
    "PowerDeliveryReq",
    "CurrentDemandReq",
    "PowerDeliveryReq",
    "WeldingDetectionReq",
    "SessionStopReq",
]
ISO2_DC_SEQUENCE = [
    "supportedAppProtocolReq",
    "SessionSetupReq",
    "ServiceDiscoveryReq",
    "PaymentServiceSelectionReq",
    "AuthorizationReq",
    "ChargeParameterDiscoveryReq",
    "CableCheckReq",
    "PreChargeReq",
    "PowerDeliveryReq",
    "CurrentDemandReq",
    "PowerDeliveryReq",
    "WeldingDetectionReq",
    "SessionStopReq",
]
ISO2_AC_SEQUENCE = [
    "supportedAppProtocolReq",
    "SessionSetupReq",
    "ServiceDiscoveryReq",
    "PaymentServiceSelectionReq",
    "AuthorizationReq",
    "ChargeParameterDiscoveryReq",
    "PowerDeliveryReq",
    "ChargingStatusReq",
    "PowerDeliveryReq",
    "SessionStopReq",
]


def collapse(names: list[str]) -> list[str]:
    """Repeated requests (Ongoing, pre-charge, the loop) counted once."""
    out: list[str] = []
    for n in names:
        if not out or out[-1] != n:
            out.append(n)
    return out


def session_ids(run: Run) -> set[str]:
    ids = set()
    for t in run.secc_trace:
        if t.decoded and "V2G_Message" in t.decoded and t.message != "SessionSetupReq":
            ids.add(t.decoded["V2G_Message"]["Header"]["SessionID"])
    return ids


@pytest.mark.parametrize(
    ("protocol", "mode", "sequence", "loop"),
    [
        (DIN, DC, DIN_DC_SEQUENCE, "CurrentDemandReq"),
        (ISO2, DC, ISO2_DC_SEQUENCE, "CurrentDemandReq"),
        (ISO2, AC, ISO2_AC_SEQUENCE, "ChargingStatusReq"),
    ],
    ids=["din-dc", "iso2-dc", "iso2-ac"],
)
def test_full_session(protocol, mode, sequence, loop) -> None:
    s = setup(protocol, mode, evcc={"charging_loop_cycles": 30})
    secc, evcc = s.secc(), s.evcc()
    soc_before = s.ev.soc_percent
    run = pump(secc, evcc)
    assert collapse(run.requests()) == sequence
    assert Counter(run.requests())[loop] == 30
    assert all(not code.startswith("FAILED") for code in run.response_codes())
    assert run.response_codes()[0] == "OK_SuccessfulNegotiation"
    assert run.response_codes()[1] == "OK_NewSessionEstablished"
    result = evcc.result
    assert result is not None and result.ok, result
    assert result.loop_count == 30
    assert result.protocol == protocol.namespace
    assert result.session_id == secc.session_id and result.session_id
    assert session_ids(run) == {secc.session_id.hex()}
    assert secc.closed and evcc.closed and secc.close_reason == "terminated"
    assert s.ev.soc_percent > soc_before
    assert s.ev.energy_wh > 0 and s.evse.meter_wh(run.now) > 0
    assert s.evse.present_current(run.now) == 0.0  # power off at the end
    assert s.evse.ended == ["terminated"]
    # every message is traced on both sides with its decoded content
    assert len(run.secc_trace) == len(run.evcc_trace)
    assert {t.direction for t in run.secc_trace} == {"rx", "tx"}


def test_din_current_demand_values_follow_the_ev() -> None:
    s = setup(DIN, DC, ev={"max_current": 100.0})
    run = pump(s.secc(), s.evcc())
    demands = run.bodies("CurrentDemandRes")
    volts = [d["EVSEPresentVoltage"]["Value"] * 10 ** d["EVSEPresentVoltage"]["Multiplier"] for d in demands]
    amps = [d["EVSEPresentCurrent"]["Value"] * 10 ** d["EVSEPresentCurrent"]["Multiplier"] for d in demands]
    assert min(volts) > 300 and max(amps) == pytest.approx(100.0)
    pre = run.bodies("PreChargeRes")
    assert len(pre) >= 2  # the output ramped over more than one PreCharge cycle
    welding = run.bodies("WeldingDetectionRes")[-1]["EVSEPresentVoltage"]
    assert welding["Value"] * 10 ** welding["Multiplier"] < 60


@pytest.mark.parametrize(("protocol", "mode"), [(DIN, DC), (ISO2, DC), (ISO2, AC)])
def test_stop_at_target_soc(protocol, mode) -> None:
    s = setup(
        protocol,
        mode,
        ev={"soc_percent": 50.0, "capacity_wh": 2000.0},
        evcc={"charging_loop_cycles": None, "target_soc": 52.0},
    )
    evcc = s.evcc()
    run = pump(s.secc(), evcc)
    assert evcc.result is not None and evcc.result.ok
    assert "target SoC" in evcc.result.reason
    assert evcc.result.final_soc >= 52
    assert collapse(run.requests())[-1] == "SessionStopReq"


@pytest.mark.parametrize(("protocol", "name"), [(DIN, "ContractAuthentication"), (ISO2, "Authorization")])
def test_authorization_ongoing_then_finished(protocol, name) -> None:
    s = setup(protocol, DC, evse={"auth_delay": 1.0})
    evcc = s.evcc()
    run = pump(s.secc(), evcc)
    processing = [b["EVSEProcessing"] for b in run.bodies(f"{name}Res")]
    ongoing = "Ongoing" if protocol is DIN else "Ongoing_WaitingForCustomerInteraction"
    assert processing[0] == ongoing and processing[-1] == "Finished"
    assert processing.count(ongoing) >= 5
    assert evcc.result is not None and evcc.result.ok


@pytest.mark.parametrize("protocol", [DIN, ISO2])
def test_schedules_ongoing_and_sales_tariff(protocol) -> None:
    s = setup(protocol, DC, evse={"schedule_delay": 0.5, "with_tariff": True})
    evcc = s.evcc()
    run = pump(s.secc(), evcc)
    bodies = run.bodies("ChargeParameterDiscoveryRes")
    assert bodies[0]["EVSEProcessing"] == "Ongoing" and bodies[-1]["EVSEProcessing"] == "Finished"
    tuples = bodies[-1]["SAScheduleList"]["SAScheduleTuple"]
    assert [t["SAScheduleTupleID"] for t in tuples] == [1, 2]
    assert all("SalesTariff" in t for t in tuples)
    # the EV chose a schedule and the EVCC saw its tariff
    chosen = evcc.context.schedule
    assert chosen is not None and chosen.tariff
    pd = run.bodies("PowerDeliveryReq")[0]
    if protocol is ISO2:
        assert pd["SAScheduleTupleID"] == chosen.schedule_id
    else:
        assert pd["ChargingProfile"]["SAScheduleTupleID"] == chosen.schedule_id
    assert evcc.result is not None and evcc.result.ok


# ------------------------------------------------------------------------------- pause and resume


@pytest.mark.parametrize("mode", [DC, AC])
def test_pause_and_resume_with_the_same_session_id(mode) -> None:
    store = SessionStore()
    s = setup(ISO2, mode, store=store, evcc={"charging_loop_cycles": 5, "pause": True})
    first = s.evcc()
    run1 = pump(s.secc(), first)
    assert first.result is not None and first.result.ok and first.result.paused
    assert run1.bodies("SessionStopReq") == [{"ChargingSession": "Pause"}]
    paused_id = first.result.session_id
    assert paused_id in store and s.evse.ended == ["paused"]
    # a new TCP connection: a new SeccSession from the same config, the EVCC offers the old SessionID
    secc2 = s.secc(run1.now + 30)
    second = s.evcc(run1.now + 30, pause=False, resume_session_id=paused_id)
    run2 = pump(secc2, second, run1.now + 30)
    setup_res = run2.bodies("SessionSetupRes")[0]
    assert setup_res["ResponseCode"] == "OK_OldSessionJoined"
    assert secc2.session_id == paused_id and second.result is not None and second.result.ok
    assert second.context.resumed and not second.result.paused
    assert second.result.loop_count == 5
    assert paused_id not in store  # joined sessions leave the store
    assert session_ids(run2) == {paused_id.hex()}


def test_resume_with_an_unknown_session_id_gets_a_new_one() -> None:
    s = setup(ISO2, DC)
    stale = bytes.fromhex("0badc0de0badc0de")
    evcc = s.evcc(resume_session_id=stale)
    run = pump(s.secc(), evcc)
    assert run.bodies("SessionSetupRes")[0]["ResponseCode"] == "OK_NewSessionEstablished"
    # [V2G2-756] a new SessionID different from the one offered
    assert evcc.result is not None and evcc.result.ok and evcc.result.session_id not in (stale, None)


def test_resume_from_another_evcc_is_not_joined() -> None:
    store = SessionStore()
    s = setup(ISO2, DC, store=store, evcc={"charging_loop_cycles": 2, "pause": True})
    first = s.evcc()
    pump(s.secc(), first)
    assert first.result is not None
    s.ev.mac = b"\x02\x00\x00\x00\x00\x99"
    second = s.evcc(pause=False, resume_session_id=first.result.session_id)
    run = pump(s.secc(), second)
    assert run.bodies("SessionSetupRes")[0]["ResponseCode"] == "OK_NewSessionEstablished"
    assert second.result is not None and second.result.session_id != first.result.session_id


# ------------------------------------------------------------------------------------ renegotiation


@pytest.mark.parametrize("mode", [DC, AC])
def test_renegotiation_started_by_the_evse(mode) -> None:
    s = setup(ISO2, mode, evcc={"charging_loop_cycles": 20})
    secc, evcc = s.secc(), s.evcc()
    fired = []

    def hook(run: Run) -> None:
        if not fired and secc.context.loop_count == 5:
            fired.append(run.now)
            s.evse.request_renegotiation()

    run = pump(secc, evcc, hook=hook)
    assert evcc.result is not None and evcc.result.ok, evcc.result
    progress = [b["ChargeProgress"] for b in run.bodies("PowerDeliveryReq")]
    assert progress == ["Start", "Renegotiate", "Start", "Stop"]
    seq = collapse(run.requests())
    i = seq.index("PowerDeliveryReq", seq.index("PowerDeliveryReq") + 1)
    assert seq[i + 1] == "ChargeParameterDiscoveryReq" and seq[i + 2] == "PowerDeliveryReq"
    assert "ReNegotiation" in evcc.context.evse_notifications
    if mode.is_dc:
        assert Counter(seq)["CableCheckReq"] == 1  # no second cable check after renegotiation


@pytest.mark.parametrize("mode", [DC, AC])
def test_renegotiation_started_by_the_ev(mode) -> None:
    s = setup(ISO2, mode, evcc={"charging_loop_cycles": 12, "renegotiate_after": 4})
    evcc = s.evcc()
    run = pump(s.secc(), evcc)
    assert [b["ChargeProgress"] for b in run.bodies("PowerDeliveryReq")] == [
        "Start",
        "Renegotiate",
        "Start",
        "Stop",
    ]
    assert evcc.context.evse_notifications == []
    assert evcc.result is not None and evcc.result.ok and evcc.result.loop_count == 12


def test_din_has_no_renegotiate_request_so_a_stop_is_a_stop() -> None:
    s = setup(DIN, DC, evcc={"charging_loop_cycles": 20})
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc, hook=lambda r: secc.context.loop_count == 3 and s.evse.request_stop())
    assert [b["ReadyToChargeState"] for b in run.bodies("PowerDeliveryReq")] == [True, False]
    assert evcc.result is not None and evcc.result.ok and evcc.result.reason == "EVSE requested stop"
    assert evcc.result.loop_count < 20


# ------------------------------------------------------------------------------- abnormal ends


@pytest.mark.parametrize(("protocol", "mode"), [(DIN, DC), (ISO2, DC), (ISO2, AC)])
def test_evse_stop_charging_notification(protocol, mode) -> None:
    s = setup(protocol, mode, evcc={"charging_loop_cycles": 50})
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc, hook=lambda r: secc.context.loop_count == 7 and s.evse.request_stop())
    assert evcc.result is not None and evcc.result.ok
    assert evcc.result.reason == "EVSE requested stop"
    assert 7 <= evcc.result.loop_count <= 9
    assert collapse(run.requests())[-1] == "SessionStopReq"


@pytest.mark.parametrize(("protocol", "mode"), [(DIN, DC), (ISO2, DC), (ISO2, AC)])
def test_emergency_stop_in_the_charging_loop(protocol, mode) -> None:
    s = setup(protocol, mode, evcc={"charging_loop_cycles": 50})
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc, hook=lambda r: secc.context.loop_count == 6 and s.evse.trigger_emergency())
    loop_res = "CurrentDemandRes" if mode.is_dc else "ChargingStatusRes"
    last = run.bodies(loop_res)[-1]
    assert last["ResponseCode"] == "FAILED"
    if mode.is_dc:
        assert last["DC_EVSEStatus"]["EVSEStatusCode"] == "EVSE_EmergencyShutdown"
    assert secc.closed and secc.state is SeccState.ENDED
    assert evcc.result is not None and not evcc.result.ok and "FAILED" in evcc.result.reason
    assert s.evse.present_current(run.now) == 0.0
    assert "SessionStopReq" not in run.requests()


@pytest.mark.parametrize("protocol", [DIN, ISO2])
def test_isolation_fault_in_cable_check(protocol) -> None:
    s = setup(protocol, DC, evse={"isolation_result": Isolation.FAULT})
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc)
    last = run.bodies("CableCheckRes")[-1]
    assert last["ResponseCode"] == "FAILED"
    assert last["DC_EVSEStatus"]["EVSEIsolationStatus"] == "Fault"
    assert "PreChargeReq" not in run.requests() and secc.closed
    assert evcc.result is not None and not evcc.result.ok


@pytest.mark.parametrize("protocol", [DIN, ISO2])
def test_ev_error_during_charging(protocol) -> None:
    s = setup(protocol, DC, evcc={"charging_loop_cycles": 50})
    secc, evcc = s.secc(), s.evcc()

    def hook(run: Run) -> None:
        if secc.context.loop_count == 4:
            s.ev.error = "FAILED_RESSTemperatureInhibit"

    run = pump(secc, evcc, hook=hook)
    assert run.bodies("CurrentDemandRes")[-1]["ResponseCode"] == "FAILED"
    assert "EV error FAILED_RESSTemperatureInhibit" in secc.close_reason
    assert s.evse.present_current(run.now) == 0.0


def test_contactors_that_do_not_close() -> None:
    s = setup(ISO2, AC, evse={"contactors_ok": False})
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc)
    assert run.bodies("PowerDeliveryRes")[-1]["ResponseCode"] == "FAILED_PowerDeliveryNotApplied"
    assert secc.closed and evcc.result is not None and not evcc.result.ok


def test_authorization_rejected() -> None:
    s = setup(ISO2, DC, evse={"auth_accept": False})
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc)
    assert run.bodies("AuthorizationRes")[-1]["ResponseCode"] == "FAILED"
    assert "ChargeParameterDiscoveryReq" not in run.requests()
    assert evcc.result is not None and evcc.result.reason == "AuthorizationRes: FAILED"


# ------------------------------------------------------------------------------------------ timers


@pytest.mark.parametrize(("protocol", "mode"), [(DIN, DC), (ISO2, DC), (ISO2, AC)])
def test_ev_that_stops_answering_hits_the_sequence_timeout(protocol, mode) -> None:
    s = setup(protocol, mode, evcc={"charging_loop_cycles": 100})
    secc, evcc = s.secc(), s.evcc()
    marks: list[float] = []

    def silent(run: Run) -> bool:
        if secc.context.loop_count >= 10:
            if not marks:
                marks.append(run.now)
            return True
        return False

    run = pump(secc, evcc, drop_evcc_after=silent)
    assert secc.closed and secc.close_reason == "sequence timeout"
    last_response = max(t.time for t in run.secc_trace if t.direction == "tx")
    assert run.now == pytest.approx(last_response + 60.0)
    assert s.evse.present_current(run.now) == 0.0 and s.evse.ended == ["sequence timeout"]
    assert secc.get_timer() is None


def test_secc_that_stops_answering_hits_the_evcc_message_timeout() -> None:
    s = setup(DIN, DC, evcc={"charging_loop_cycles": 100})
    secc, evcc = s.secc(), s.evcc()
    sent: list[float] = []

    def hook(run: Run) -> None:
        if secc.context.loop_count >= 3 and not sent:
            sent.append(run.now)
            secc.receive = lambda *a: None  # type: ignore[method-assign]

    run = pump(secc, evcc, hook=hook)
    assert evcc.result is not None and not evcc.result.ok
    assert evcc.result.reason == "timeout waiting for CurrentDemandRes"
    last_tx = max(t.time for t in run.evcc_trace if t.direction == "tx")
    assert run.now == pytest.approx(last_tx + 0.25)


def test_evcc_current_demand_timeout_is_250_ms() -> None:
    s = setup(ISO2, DC)
    evcc = s.evcc()
    secc = s.secc()
    run = pump(secc, evcc, stop_when=lambda r: secc.context.loop_count >= 2)
    # the SECC answered two CurrentDemandReqs; the third is in flight: never answer it
    run.now += 0.05
    evcc.handle_timer(run.now)  # sends the paced request
    evcc.data_to_send()
    sent_at = run.now
    deadline = evcc.get_timer()
    assert deadline == pytest.approx(sent_at + 0.25)
    evcc.handle_timer(deadline - 0.001)
    assert not evcc.closed
    evcc.handle_timer(deadline)
    assert evcc.closed and evcc.result is not None and "CurrentDemandRes" in evcc.result.reason


def test_secc_communication_setup_timeout() -> None:
    s = setup(DIN, DC)
    secc = s.secc(now=100.0)
    assert secc.get_timer() == pytest.approx(120.0)
    secc.handle_timer(119.9)
    assert not secc.closed
    secc.handle_timer(120.0)
    assert secc.closed and secc.close_reason == "communication setup timeout"


def test_secc_cable_check_limit() -> None:
    s = setup(ISO2, DC, evse={"cable_check_time": 1000.0}, secc={"timeouts": SeccTimeouts(cable_check=5.0)})
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc)
    bodies = run.bodies("CableCheckRes")
    assert bodies[-1]["ResponseCode"] == "FAILED" and bodies[0]["EVSEProcessing"] == "Ongoing"
    assert "cable check did not finish" in secc.close_reason
    first = next(t.time for t in run.secc_trace if t.message == "CableCheckReq")
    assert run.now - first == pytest.approx(5.0, abs=0.2)


def test_evcc_cable_check_limit() -> None:
    s = setup(DIN, DC, evse={"cable_check_time": 1000.0}, secc={"timeouts": SeccTimeouts(cable_check=1000.0)})
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc)
    assert (
        evcc.result is not None and evcc.result.reason == "cable check took longer than the CableCheck limit"
    )
    first = next(t.time for t in run.secc_trace if t.message == "CableCheckReq")
    assert run.now - first == pytest.approx(40.0, abs=0.3)
    assert secc.closed  # the EVCC closed the connection


def test_evcc_pre_charge_limit() -> None:
    s = setup(ISO2, DC, evse={"ramp_rate": 10.0})
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc)
    assert evcc.result is not None and "PreCharge limit" in evcc.result.reason
    first = next(t.time for t in run.secc_trace if t.message == "PreChargeReq")
    assert run.now - first == pytest.approx(7.0, abs=0.3)
    assert "PowerDeliveryReq" not in run.requests()


def test_evcc_ongoing_timeout() -> None:
    s = setup(ISO2, DC, evse={"auth_delay": 1e6}, secc={"timeouts": SeccTimeouts(ongoing=1e6)})
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc)
    assert evcc.result is not None and "Ongoing for longer than 60.0 s" in evcc.result.reason
    assert 60.0 <= run.now < 61.0


def test_secc_ongoing_limit() -> None:
    s = setup(DIN, DC, evse={"auth_delay": 1e6}, secc={"timeouts": SeccTimeouts(ongoing=3.0)})
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc)
    assert run.bodies("ContractAuthenticationRes")[-1]["ResponseCode"] == "FAILED"
    assert "Ongoing limit" in secc.close_reason
    assert evcc.result is not None and not evcc.result.ok


def test_evcc_supported_app_protocol_timeout() -> None:
    s = setup(ISO2, DC)
    evcc = s.evcc(now=5.0)
    evcc.start(5.0)
    assert len(evcc.data_to_send()) == 1
    assert evcc.get_timer() == pytest.approx(7.0)
    evcc.handle_timer(6.99)
    assert not evcc.closed
    evcc.handle_timer(7.0)
    assert evcc.closed and evcc.result is not None
    assert evcc.result.reason == "timeout waiting for supportedAppProtocolRes" and not evcc.result.ok


def test_evcc_ignores_an_unsolicited_response() -> None:
    s = setup(ISO2, DC)
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc, stop_when=lambda r: secc.context.loop_count >= 2)
    # the SECC answers twice: the EVCC has no request outstanding for the second copy
    data = [t for t in run.secc_trace if t.direction == "tx"][-1]
    evcc.handle_timer(run.now + 1.0)  # the paced CurrentDemandReq goes out
    evcc.data_to_send()
    evcc.receive(0x8001, bytes.fromhex(data.raw), run.now + 1.01)
    assert not evcc.closed
    evcc.receive(0x8001, bytes.fromhex(data.raw), run.now + 1.02)
    assert evcc.closed and evcc.result is not None and "unsolicited" in evcc.result.reason


def test_many_interleaved_sessions_from_one_config_are_isolated() -> None:
    from v2g.controller import SimulatedDcEvse, SimulatedEv
    from v2g.evcc import EvccConfig, EvccSession
    from v2g.secc import SeccConfig, SeccSession

    config = SeccConfig(protocols=(ISO2, DIN))
    pairs = []
    for i in range(12):
        protocol = (ISO2, DIN)[i % 2]
        ev = SimulatedEv(mac=bytes([2, 0, 0, 0, 0, i]), soc_percent=20 + i)
        evcc = EvccSession(EvccConfig(protocols=(protocol,), charging_loop_cycles=5 + i), ev, 0.0)
        pairs.append((SeccSession(config, SimulatedDcEvse(), 0.0), evcc, ev))
    now = 0.0
    for _, evcc, _ in pairs:
        evcc.start(now)
    for _ in range(100_000):
        moved = False
        for secc, evcc, _ in pairs:
            for pt, data in evcc.data_to_send():
                moved = True
                secc.receive(pt, data, now)
            for pt, data in secc.data_to_send():
                moved = True
                evcc.receive(pt, data, now)
        if all(s.closed and e.closed for s, e, _ in pairs):
            break
        if not moved:
            timers = [t for s, e, _ in pairs for t in (s.get_timer(), e.get_timer()) if t is not None]
            now = min(timers)
            for secc, evcc, _ in pairs:
                secc.handle_timer(now)
                evcc.handle_timer(now)
    results = [e.result for _, e, _ in pairs]
    assert all(r is not None and r.ok for r in results), results
    assert [r.loop_count for r in results if r] == [5 + i for i in range(12)]
    assert len({r.session_id for r in results if r}) == 12
    assert [r.protocol for r in results if r] == [(ISO2, DIN)[i % 2].namespace for i in range(12)]
    assert all(ev.soc_percent > 20 + i for i, (_, _, ev) in enumerate(pairs))


def test_trace_can_be_switched_off() -> None:
    s = setup(DIN, DC, secc={"trace": False}, evcc={"charging_loop_cycles": 3, "trace": False})
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc)
    assert evcc.result is not None and evcc.result.ok
    assert run.secc_trace == [] and run.evcc_trace == []


@pytest.mark.parametrize(
    ("protocol", "phase"), [(DIN, "PreCharge"), (ISO2, "PreCharge"), (ISO2, "CableCheck")]
)
def test_emergency_stop_before_the_loop(protocol, phase) -> None:
    s = setup(protocol, DC, evse={"cable_check_time": 1.0})
    secc, evcc = s.secc(), s.evcc()
    state = SeccState.PRE_CHARGE if phase == "PreCharge" else SeccState.CABLE_CHECK
    run = pump(secc, evcc, hook=lambda r: secc.state is state and s.evse.trigger_emergency())
    last = run.bodies(f"{phase}Res")[-1]
    assert last["ResponseCode"] == "FAILED"
    assert last["DC_EVSEStatus"]["EVSEStatusCode"] == "EVSE_EmergencyShutdown"
    assert "PowerDeliveryReq" not in run.requests() and secc.closed
    assert evcc.result is not None and not evcc.result.ok


def test_a_session_id_factory_that_repeats_the_offered_id_cannot_loop() -> None:
    offered = bytes.fromhex("1122334455667788")
    s = setup(ISO2, DC, secc={"session_id_factory": lambda: offered})
    evcc = s.evcc(resume_session_id=offered, charging_loop_cycles=2)
    pump(s.secc(), evcc)
    assert evcc.result is not None and evcc.result.ok
    assert evcc.result.session_id not in (offered, None)


def test_ac_ev_offering_din_first_stops_when_din_is_chosen() -> None:
    s = setup(DIN, DC, evcc={"protocols": (DIN, ISO2), "energy_mode": AC})
    evcc = s.evcc()
    secc = s.secc()
    pump(secc, evcc)
    assert evcc.result is not None and not evcc.result.ok and "DC only" in evcc.result.reason
    assert secc.closed and secc.close_reason == "connection closed by the EVCC"


def test_din_has_no_pause_so_the_session_terminates() -> None:
    store = SessionStore()
    s = setup(DIN, DC, store=store, evcc={"charging_loop_cycles": 3, "pause": True})
    evcc = s.evcc()
    run = pump(s.secc(), evcc)
    assert run.bodies("SessionStopReq") == [{}]
    assert evcc.result is not None and evcc.result.ok and not evcc.result.paused
    assert len(store) == 0 and s.evse.ended == ["terminated"]


def test_a_paused_session_expires() -> None:
    store = SessionStore()
    s = setup(
        ISO2,
        DC,
        store=store,
        secc={"timeouts": SeccTimeouts(paused_session=100.0)},
        evcc={"charging_loop_cycles": 2, "pause": True},
    )
    first = s.evcc()
    run = pump(s.secc(), first)
    assert first.result is not None and first.result.paused
    later = run.now + 101.0
    second = s.evcc(later, pause=False, resume_session_id=first.result.session_id)
    run2 = pump(s.secc(later), second, later)
    assert run2.bodies("SessionSetupRes")[0]["ResponseCode"] == "OK_NewSessionEstablished"
    assert second.result is not None and second.result.ok
    assert second.result.session_id != first.result.session_id and len(store) == 0


SLOW_START = {"auth_delay": 59.0, "schedule_delay": 59.0, "cable_check_time": 35.0}
"""Each phase within its own limit, together past DIN's 150 s from plug-in to ready-to-charge."""


def test_din_ready_to_charge_timeout() -> None:
    s = setup(DIN, DC, evse=SLOW_START)
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc)
    assert evcc.result is not None and not evcc.result.ok
    assert "ReadyToCharge timeout" in evcc.result.reason
    assert 150.0 <= run.now < 150.5
    assert "CableCheckReq" in run.requests() and "PowerDeliveryReq" not in run.requests()


def test_din_ready_to_charge_timer_stops_at_power_delivery() -> None:
    fast = {"auth_delay": 59.0, "schedule_delay": 59.0, "cable_check_time": 20.0}  # ready at ~140 s
    s = setup(DIN, DC, evse=fast)
    secc, evcc = s.secc(), s.evcc(charging_loop_cycles=None, target_soc=None)
    run = pump(secc, evcc, stop_when=lambda r: r.now > 200.0)  # keeps charging well past 150 s
    assert not evcc.closed and run.now > 200.0
    assert run.requests().count("CurrentDemandReq") > 100


def test_ready_to_charge_timeout_is_din_only() -> None:
    s = setup(ISO2, DC, evse=SLOW_START)
    secc, evcc = s.secc(), s.evcc()
    pump(secc, evcc)
    assert evcc.result is not None and evcc.result.ok, evcc.result


@pytest.mark.parametrize("protocol", [DIN, ISO2])
@pytest.mark.parametrize("hook", ["start_authorization", "compute_schedules", "set_current_demand"])
def test_a_controller_that_raises_gets_failed_and_the_power_off(protocol, hook) -> None:
    s = setup(protocol, DC)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("firmware bug")

    setattr(s.evse, hook, broken)
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc)
    assert run.response_codes()[-1] == "FAILED"
    assert secc.closed and "controller error" in secc.close_reason and "firmware bug" in secc.close_reason
    assert evcc.result is not None and not evcc.result.ok and evcc.result.reason.endswith(": FAILED")
    assert s.evse.present_current(run.now) == 0.0


# ----------------------------------------------------------------- one connector, AC and DC offered


@pytest.mark.parametrize("mode", [DC, AC])
def test_a_charger_offering_ac_and_dc_serves_each_ev_from_the_right_stage(mode) -> None:
    from v2g.controller import SimulatedAcDcEvse
    from v2g.evcc import EvccSession
    from v2g.secc import SeccConfig, SeccSession

    s = setup(ISO2, mode, ev={"capacity_wh": 2000.0})
    charger = SimulatedAcDcEvse()
    secc = SeccSession(SeccConfig(protocols=(ISO2,), energy_modes=(DC, AC)), charger, 0.0)
    evcc = EvccSession(s.evcc_config, s.ev, 0.0)
    run = pump(secc, evcc)
    assert evcc.result is not None and evcc.result.ok, evcc.result
    offered = run.bodies("ServiceDiscoveryRes")[0]["ChargeService"]["SupportedEnergyTransferMode"]
    assert set(offered["EnergyTransferMode"]) == {DC.value, AC.value}
    assert charger.active is charger.dc  # reset for the next session
    served, idle = (charger.dc, charger.ac) if mode is DC else (charger.ac, charger.dc)
    assert served.meter_wh(run.now) > 0 and idle.meter_wh(run.now) == 0
    if mode is AC:
        limit = run.bodies("ChargeParameterDiscoveryRes")[-1]["AC_EVSEChargeParameter"]["EVSEMaxCurrent"]
        assert limit["Value"] * 10 ** limit["Multiplier"] == pytest.approx(charger.ac.max_current)
    else:
        amps = [b["EVSEPresentCurrent"] for b in run.bodies("CurrentDemandRes")]
        assert max(a["Value"] * 10 ** a["Multiplier"] for a in amps) > 0
