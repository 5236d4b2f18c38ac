"""Stopping on request (Ctrl-C on the EVCC, SIGTERM on the SECC): the EVCC stops as the protocol
says; the SECC switches the power off at once and answers the request that comes next."""

from __future__ import annotations

from typing import Any

import pytest
from _session_harness import AC, DC, DIN, ISO2, pump, setup

CASES = [(DIN, DC), (ISO2, DC), (ISO2, AC)]


def collapse_names(names: list[str]) -> list[str]:
    return [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n]


@pytest.mark.parametrize(("protocol", "mode"), CASES, ids=["din-dc", "iso2-dc", "iso2-ac"])
def test_the_evcc_stops_the_charging_loop_as_the_protocol_says(protocol: Any, mode: Any) -> None:
    s = setup(protocol, mode, evcc={"charging_loop_cycles": 500})
    secc, evcc = s.secc(), s.evcc()
    run = pump(
        secc, evcc, hook=lambda r: evcc.context.loop_count == 3 and evcc.request_stop(r.now, "interrupted")
    )
    assert evcc.result is not None and evcc.result.ok and evcc.result.reason == "interrupted"
    tail = (
        ["PowerDeliveryReq", "WeldingDetectionReq", "SessionStopReq"]
        if mode.is_dc
        else ["PowerDeliveryReq", "SessionStopReq"]
    )
    assert collapse_names(run.requests())[-len(tail) :] == tail
    assert evcc.result.loop_count <= 5 and secc.close_reason == "terminated"
    assert all(code.startswith("OK") for code in run.response_codes())


@pytest.mark.parametrize(("protocol", "mode"), [(DIN, DC), (ISO2, DC)], ids=["din", "iso2"])
def test_the_evcc_stops_during_the_cable_check_with_session_stop(protocol: Any, mode: Any) -> None:
    s = setup(protocol, mode, evse={"cable_check_time": 2.0})
    secc, evcc = s.secc(), s.evcc()

    def hook(run: Any) -> None:
        if "CableCheckReq" in run.requests():
            evcc.request_stop(run.now, "interrupted")

    run = pump(secc, evcc, hook=hook)
    assert evcc.result is not None and evcc.result.ok and evcc.result.reason == "interrupted"
    assert run.requests()[-1] == "SessionStopReq" and "PreChargeReq" not in run.requests()
    assert secc.close_reason == "terminated"


@pytest.mark.parametrize(("protocol", "mode"), CASES, ids=["din-dc", "iso2-dc", "iso2-ac"])
def test_a_secc_shutting_down_switches_off_and_answers_the_next_request(protocol: Any, mode: Any) -> None:
    s = setup(protocol, mode, evcc={"charging_loop_cycles": 500})
    secc, evcc = s.secc(), s.evcc()
    marks: list[int] = []

    def hook(run: Any) -> None:
        if secc.context.loop_count == 3 and not marks:
            marks.append(len(run.secc_trace))
            secc.shutdown("SIGTERM", run.now)
            assert s.evse.present_current(run.now) == 0.0  # the power is off at once

    run = pump(secc, evcc, hook=hook)
    assert marks and secc.closed and secc.close_reason == "shutdown: SIGTERM"
    assert s.evse.ended == ["shutdown: SIGTERM"]
    answered = [t for t in run.secc_trace[marks[0] :] if t.direction == "tx"]
    assert len(answered) == 1, "exactly the next request is answered"
    body = answered[0].decoded["V2G_Message"]["Body"]
    (res,) = body.values()
    assert res["ResponseCode"] == "FAILED"
    status = res.get("DC_EVSEStatus") or res.get("AC_EVSEStatus")
    assert status["EVSENotification"] == "StopCharging"
    if mode.is_dc:
        assert status["EVSEStatusCode"] == "EVSE_Shutdown"
    assert evcc.result is not None and not evcc.result.ok and "FAILED" in evcc.result.reason


def test_a_secc_shutting_down_confirms_a_session_stop() -> None:
    s = setup(ISO2, AC, evcc={"charging_loop_cycles": 2})
    secc, evcc = s.secc(), s.evcc()
    done: list[bool] = []

    def hook(run: Any) -> None:
        if run.requests().count("PowerDeliveryReq") == 2 and not done:  # the stop is confirmed
            done.append(True)
            secc.shutdown("SIGTERM", run.now)

    run = pump(secc, evcc, hook=hook)
    assert done and run.requests()[-1] == "SessionStopReq" and run.response_codes()[-1] == "OK"


def test_a_shutdown_before_a_protocol_is_agreed_ends_at_once() -> None:
    s = setup(ISO2, DC)
    secc = s.secc()
    secc.shutdown("operator stop", 0.5)
    assert secc.closed and secc.close_reason == "shutdown: operator stop"
    evcc = s.evcc()
    assert evcc.request_stop(0.0) is False  # nothing negotiated: the caller closes the connection
