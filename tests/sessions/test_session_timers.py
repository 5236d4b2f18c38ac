"""SECC <-> EVCC end to end, in memory: the timeouts and limits of both sides."""

from __future__ import annotations

import pytest
from _session_e2e import AC, DC
from _session_harness import DIN, ISO2, Run, pump, setup

from v2g.evcc import EvccTimeouts
from v2g.secc import SeccTimeouts

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


@pytest.mark.parametrize("protocol", [DIN, ISO2])
def test_a_longer_loop_timeout_for_a_slow_peer_moves_only_the_loop_deadline(protocol) -> None:
    s = setup(protocol, DC, evcc={"timeouts": EvccTimeouts().with_loop_timeout(2.0)})
    evcc, secc = s.evcc(), s.secc()
    run = pump(secc, evcc, stop_when=lambda r: secc.context.loop_count >= 2)
    run.now += 0.05
    evcc.handle_timer(run.now)  # sends the paced CurrentDemandReq; never answered
    evcc.data_to_send()
    deadline = evcc.get_timer()
    assert deadline == pytest.approx(run.now + 2.0)
    evcc.handle_timer(run.now + 0.5)
    assert not evcc.closed  # a peer answering in 0.5 s is waited for
    evcc.handle_timer(deadline)
    assert evcc.closed and evcc.result is not None and "CurrentDemandRes" in evcc.result.reason
    timeouts = EvccTimeouts().with_loop_timeout(2.0)
    assert timeouts.message("iso20_dc", "DC_ChargeLoopReq") == 2.0
    assert timeouts.message("iso2", "PowerDeliveryReq") == EvccTimeouts().message("iso2", "PowerDeliveryReq")


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
