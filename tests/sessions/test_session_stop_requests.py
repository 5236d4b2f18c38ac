"""Stopping a session from outside, as the protocol does: the EV's user (EvccSession.request_stop)."""

from __future__ import annotations

import pytest
from _session_harness import DIN, ISO2, Run, pump, setup

from v2g.apphand import Protocol
from v2g.controller import EnergyMode
from v2g.evcc import EvccState

DC = EnergyMode.DC_EXTENDED
AC = EnergyMode.AC_THREE_PHASE


def collapse(names: list[str]) -> list[str]:
    return [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n]


@pytest.mark.parametrize(("protocol", "mode", "tail"), [
    (DIN, DC, ["PowerDeliveryReq", "WeldingDetectionReq", "SessionStopReq"]),
    (ISO2, DC, ["PowerDeliveryReq", "WeldingDetectionReq", "SessionStopReq"]),
    (ISO2, AC, ["PowerDeliveryReq", "SessionStopReq"]),
])
def test_a_stop_in_the_charging_loop_is_the_normal_stop_sequence(
        protocol: Protocol, mode: EnergyMode, tail: list[str]) -> None:
    s = setup(protocol, mode, evcc={"charging_loop_cycles": None, "target_soc": 100.0})
    secc, evcc = s.secc(), s.evcc()
    asked: list[bool] = []

    def hook(run: Run) -> None:
        if not asked and evcc.context.loop_count == 3:
            asked.append(evcc.request_stop(run.now, "stopped by the user"))

    run = pump(secc, evcc, hook=hook)
    assert asked == [True]
    assert collapse(run.requests())[-len(tail):] == tail
    assert run.response_codes()[-1] == "OK"
    assert evcc.result is not None and evcc.result.ok and evcc.result.reason == "stopped by the user"
    assert evcc.context.loop_count in (3, 4)  # the request in flight is answered, then the stop
    assert secc.closed


def test_before_the_charging_loop_there_is_nothing_to_stop() -> None:
    s = setup(ISO2, DC)
    secc, evcc = s.secc(), s.evcc()
    answers: list[bool] = []

    def hook(run: Run) -> None:
        if not answers and evcc.state is EvccState.CABLE_CHECK:
            answers.append(evcc.request_stop(run.now))

    run = pump(secc, evcc, hook=hook)
    assert answers == [False]
    assert "CurrentDemandReq" in run.requests()  # the session goes on as if nothing was asked


@pytest.mark.parametrize(("protocol", "mode", "loop", "status"), [
    (DIN, DC, "CurrentDemandRes", "DC_EVSEStatus"),
    (ISO2, DC, "CurrentDemandRes", "DC_EVSEStatus"),
    (ISO2, AC, "ChargingStatusRes", "AC_EVSEStatus"),
])
def test_a_charger_shutting_down_powers_off_and_answers_the_next_request_with_a_stop(
        protocol: Protocol, mode: EnergyMode, loop: str, status: str) -> None:
    s = setup(protocol, mode, evcc={"charging_loop_cycles": None, "target_soc": 100.0})
    secc, evcc = s.secc(), s.evcc()
    power_at_shutdown: list[float] = []

    def hook(run: Run) -> None:
        if not power_at_shutdown and secc.context.loop_count == 3:
            secc.shutdown("operator stop", run.now)
            power_at_shutdown.append(s.evse.present_current(run.now))

    run = pump(secc, evcc, hook=hook)
    assert power_at_shutdown == [0.0]  # off at once, not at the next request
    assert run.responses()[-1] == loop
    last = run.bodies(loop)[-1][status]
    assert last["EVSENotification"] == "StopCharging"
    assert last.get("EVSEStatusCode", "EVSE_Shutdown") == "EVSE_Shutdown"
    assert secc.closed and secc.close_reason == "shutdown: operator stop"
    assert s.evse.ended == ["shutdown: operator stop"]


def test_a_shutdown_before_a_protocol_is_agreed_ends_at_once() -> None:
    s = setup(ISO2, DC)
    secc = s.secc()
    secc.shutdown("operator stop", 0.5)
    assert secc.closed and secc.close_reason == "shutdown: operator stop"
