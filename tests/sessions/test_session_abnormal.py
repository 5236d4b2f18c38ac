"""SECC <-> EVCC end to end, in memory: the abnormal ends (stops, faults, errors, rejections)."""

from __future__ import annotations

import pytest
from _session_e2e import AC, DC, collapse
from _session_harness import DIN, ISO2, Run, pump, setup

from v2g.controller import Isolation
from v2g.secc import SeccState

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
