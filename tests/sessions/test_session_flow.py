"""SECC <-> EVCC end to end, in memory: SupportedAppProtocol to SessionStop, pause, resume, renegotiation."""

from __future__ import annotations

from collections import Counter

import pytest
from _session_e2e import AC, DC, collapse, session_ids
from _session_harness import DIN, ISO2, Run, pump, setup

from v2g.secc import SeccTimeouts, SessionStore

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
