"""ISO 15118-20 timers with injected time, both our sides (values: ../shared/reference/TIMING.md,
the ISO 15118-20 rows; the SECC's are SeccTimeouts, the EVCC's EvccTimeouts and the -20 message
table): V2G_SECC_Sequence_Timeout 60 s (an EV that stops answering), communication setup 20 s,
the Ongoing limits (60 s, both sides), the cable check limits (40 s), the -20 PreCharge overall
limit of the EVCC (10 s, DIN and -2: 7 s) and the charging-loop message timeout (0.5 s)."""

from __future__ import annotations

import pytest
from _iso20 import RecordingDcEvse, ac_evcc_for, ac_secc_for, evcc_for, secc_for
from _session_harness import Run, pump

import exi
from exi.iso20_dc import generated_types as d
from v2g.secc import SeccTimeouts
from v2g.v2gtp import PayloadType


def _first(run: Run, message: str, side: str = "evcc") -> float:
    trace = run.evcc_trace if side == "evcc" else run.secc_trace
    return min(t.time for t in trace if t.message == message)


@pytest.mark.parametrize("service", ["dc", "ac"])
def test_an_ev_that_stops_answering_in_the_loop_is_cut_off_after_half_a_second(service: str) -> None:
    """Tables 216/217 ([V2G20-1500], [V2G20-1502]): V2G_SECC_Sequence_Timeout is 0.5 s after a
    charge-loop response (the contactors are closed); the power goes off."""
    evse = RecordingDcEvse() if service == "dc" else None
    secc = secc_for(evse) if service == "dc" else ac_secc_for()
    evcc = (evcc_for if service == "dc" else ac_evcc_for)(charging_loop_cycles=100)
    closed_at: list[float] = []

    def watch(run: Run) -> None:
        if secc.closed and not closed_at:
            closed_at.append(run.now)

    run = pump(secc, evcc, drop_evcc_after=lambda r: secc.context.loop_count >= 5, hook=watch)  # type: ignore[attr-defined]
    assert secc.closed and secc.close_reason == "sequence timeout"
    last_response = max(t.time for t in run.secc_trace if t.direction == "tx")
    assert closed_at == [pytest.approx(last_response + 0.5)]
    power = secc.context.power  # type: ignore[attr-defined]
    assert power.present_current(run.now) == 0.0  # the power was switched off
    assert power.ended == ["sequence timeout"]


@pytest.mark.parametrize("state", ["ServiceDetail", "DC_CableCheck", "PowerDelivery"])
def test_an_ev_that_stops_answering_outside_the_loop_has_60_s(state: str) -> None:
    """Table 215: V2G_SECC_Sequence_Timeout is 60 s after every response but the loop's (after
    PowerDelivery(Start) too: the first loop request may take its time)."""
    secc, evcc = secc_for(), evcc_for()
    run = pump(secc, evcc, drop_evcc_after=lambda r: secc.state.value == state)
    assert secc.closed and secc.close_reason == "sequence timeout"
    last_response = max(t.time for t in run.secc_trace if t.direction == "tx")
    assert run.now == pytest.approx(last_response + 60.0)


def test_the_evcc_waits_half_a_second_for_a_charging_loop_answer() -> None:
    patient = SeccTimeouts(iso20_charge_loop=10.0)  # the SECC goes silent, not the EV
    secc, evcc = secc_for(timeouts=patient), evcc_for(charging_loop_cycles=100)

    def mute(run: Run) -> None:
        if secc.context.loop_count >= 3:  # type: ignore[attr-defined]
            secc.receive = lambda *a: None  # type: ignore[method-assign]

    run = pump(secc, evcc, hook=mute)
    assert evcc.result is not None and evcc.result.reason == "timeout waiting for DC_ChargeLoopRes"
    last_tx = max(t.time for t in run.evcc_trace if t.direction == "tx")
    assert run.now == pytest.approx(last_tx + 0.5)


def test_the_secc_waits_20_s_for_the_communication_setup() -> None:
    secc = secc_for()
    assert secc.get_timer() == pytest.approx(20.0)
    secc.handle_timer(19.99)
    assert not secc.closed
    secc.handle_timer(20.0)
    assert secc.closed and secc.close_reason == "communication setup timeout"


def test_the_secc_ends_an_authorization_ongoing_for_60_s() -> None:
    secc, evcc = secc_for(RecordingDcEvse(auth_delay=1000.0)), evcc_for()
    run = pump(secc, evcc)
    assert secc.closed and "Ongoing limit" in secc.close_reason
    elapsed = run.now - _first(run, "AuthorizationReq", "secc")
    assert 60.0 <= elapsed < 60.5
    assert evcc.result is not None and "AuthorizationRes: FAILED" in evcc.result.reason


def test_the_secc_ends_a_schedule_exchange_ongoing_for_60_s() -> None:
    secc, evcc = secc_for(RecordingDcEvse(schedule_delay=1000.0)), evcc_for()
    run = pump(secc, evcc)
    assert secc.closed and "Ongoing limit" in secc.close_reason
    assert 60.0 <= run.now - _first(run, "ScheduleExchangeReq", "secc") < 60.5


def test_the_secc_ends_a_cable_check_after_40_s() -> None:
    secc, evcc = secc_for(RecordingDcEvse(cable_check_time=1000.0)), evcc_for()
    run = pump(secc, evcc)
    assert secc.closed and "cable check did not finish" in secc.close_reason
    assert 40.0 <= run.now - _first(run, "DC_CableCheckReq", "secc") < 40.5


def test_the_evcc_gives_up_an_ongoing_after_60_s() -> None:
    lenient = SeccTimeouts(ongoing=1000.0)
    secc, evcc = secc_for(RecordingDcEvse(auth_delay=1000.0), timeouts=lenient), evcc_for()
    run = pump(secc, evcc)
    assert evcc.result is not None and "Ongoing for longer than 60" in evcc.result.reason
    assert 60.0 <= run.now - _first(run, "AuthorizationReq") < 60.5


def test_the_evcc_gives_up_a_cable_check_after_40_s() -> None:
    lenient = SeccTimeouts(cable_check=1000.0)
    secc, evcc = secc_for(RecordingDcEvse(cable_check_time=1000.0), timeouts=lenient), evcc_for()
    run = pump(secc, evcc)
    assert evcc.result is not None and "CableCheck limit" in evcc.result.reason
    assert 40.0 <= run.now - _first(run, "DC_CableCheckReq") < 40.5


def test_the_evcc_gives_up_a_pre_charge_after_10_s_in_iso20() -> None:
    """The -20 PreCharge overall limit is 10 s (DIN and -2: 7 s): a stage that ramps 5 V/s
    cannot match the battery; the EV gives up 10 s after its first PreCharge that missed."""
    secc, evcc = secc_for(RecordingDcEvse(ramp_rate=5.0)), evcc_for()
    run = pump(secc, evcc)
    assert evcc.result is not None and "within the PreCharge limit" in evcc.result.reason
    elapsed = run.now - _first(run, "DC_PreChargeRes")
    assert 10.0 <= elapsed < 10.3


def test_a_20_kv_pre_charge_target_is_refused_not_passed_on() -> None:
    """An implausible target (20 kV, as a peer EVCC was seen to send) is above the EVSE's
    maximum voltage: FAILED_WrongChargeParameter, and the power stage never sees it."""
    evse = RecordingDcEvse()
    secc = secc_for(evse)
    run = pump(secc, evcc_for(), stop_when=lambda r: secc.state.value == "DC_PreCharge")
    req = next(t.document for t in run.secc_trace if t.message == "DC_CableCheckReq")
    bad = d.DC_PreChargeReq(
        Header=req.Header,
        EVProcessing=d.processingType.Ongoing,
        EVPresentVoltage=d.RationalNumberType(Exponent=0, Value=400),
        EVTargetVoltage=d.RationalNumberType(Exponent=3, Value=20),
    )
    secc.receive(PayloadType.ISO20_DC, exi.encode(bad), run.now + 0.01)
    ((_, data),) = secc.data_to_send()
    res = exi.decode(data, "iso20-dc")
    assert res.ResponseCode.value == "FAILED_WrongChargeParameter"
    assert secc.closed and evse.precharge == []
