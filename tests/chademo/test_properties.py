"""Hypothesis over what a car (or a broken bus) may send the charger machine, and the bridge's
mapping (CHADEMO.md §9, §10) without sockets."""

from __future__ import annotations

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from v2g.chademo.bridge import BridgeConfig, CcsSide
from v2g.chademo.charger import ChademoCharger, ChargerConfig, ChargerState
from v2g.chademo.frames import EvBatteryVoltage, EvLimits, EvStatus, EvTime
from v2g.controller import EnergyMode, SimulatedDcEvse

rarely = st.sampled_from([False] * 9 + [True])
ev_status = st.builds(
    EvStatus,
    protocol_number=st.integers(0, 255),
    target_voltage=st.sampled_from([0, 300, 400, 499, 500, 501, 65535]),
    current_request=st.integers(0, 255),
    fault_over_voltage=rarely,
    fault_high_temp=rarely,
    charging_enabled=st.booleans(),
    not_parked=rarely,
    system_fault=rarely,
    contactor_open=st.booleans(),
    charged_rate=st.integers(0, 255),
)
good = st.sampled_from(  # what a well-behaved car sends, so that random runs reach the charging loop
    [
        EvStatus(target_voltage=400, charging_enabled=True, contactor_open=True),
        EvStatus(target_voltage=400, charging_enabled=True, contactor_open=False),
        EvStatus(target_voltage=400, charging_enabled=True, contactor_open=False, current_request=60),
    ]
)
step = st.tuples(
    st.one_of(
        st.none(),
        good,
        good,
        good,
        good,
        good,
        good,
        ev_status,
        st.builds(EvLimits, max_battery_voltage=st.integers(0, 65535)),
    ),
    st.sampled_from([True] * 29 + [False]),  # line k
    st.sampled_from([0.05] + [0.1] * 12 + [0.6, 1.5]),  # time to the next cycle
)


@settings(max_examples=300, deadline=None)
@given(steps=st.lists(step, min_size=10, max_size=80))
def test_no_input_crashes_the_charger_and_a_stop_always_cuts_the_current(
    steps: list[tuple[object, bool, float]],
) -> None:
    stage = SimulatedDcEvse(cable_check_time=0.2)
    charger = ChademoCharger(ChargerConfig(), stage)
    now = 0.0
    charger.start(now)
    stop_at: float | None = None
    for frame, k, dt in steps:
        if frame is not None:
            charger.receive(frame, now)  # type: ignore[arg-type]
        charger.set_k(k, now)
        frames = charger.poll(now)
        assert [f.ID for f in frames][:2] in ([], [0x108, 0x109])
        if charger.d2:
            assert charger.d1 and charger.locked  # d2 only after d1 and the lock (§5)
        if charger.stop_reason and stop_at is None:
            stop_at = now
        if stop_at is not None and now - stop_at >= 0.5:
            assert stage.present_current(now) <= 5.0  # §5.13
        if charger.state is ChargerState.CHARGING:
            ev = charger.ev_status
            assert ev is not None and ev.charging_enabled and k and not ev.faults
        now += dt
    seen = {state for _, state in charger.log.events}
    event("reached charging" if ChargerState.CHARGING.value in seen else "did not charge")
    if charger.state is not ChargerState.IDLE:
        for later in range(5):  # the car goes silent: timeouts, stop, welding timeout, release
            charger.poll(now + 30.0 + 11.0 * later)
        assert charger.done and not charger.d1 and not charger.d2  # every path ends released


def test_bridge_estimates_the_battery_voltage_and_maps_faults() -> None:
    side = CcsSide(BridgeConfig())
    side.charger.start(0.0)
    side.receive(EvLimits(max_battery_voltage=435, charged_rate_ref=100), 0.1)
    side.receive(EvTime(0xFF, 60, 30, 22.2), 0.1)
    side.receive(EvStatus(target_voltage=410, charged_rate=73, charging_enabled=True), 0.1)
    # no 0x103: target voltage x curve(SOC) (§9); the Leaf log shows 374 V at 73 %
    assert side.estimate(0.1) == pytest.approx(374, abs=10)
    side.receive(EvBatteryVoltage(battery_voltage=376), 0.2)
    assert side.precharge_target(0.2) == (376.0, 2.0)
    req = side.energy_request(EnergyMode.DC_EXTENDED, 0.2)
    assert (req.max_voltage, req.max_current, req.soc) == (435.0, 200.0, 73)
    assert req.energy_capacity == pytest.approx(22_200.0)
    assert side.remaining_time(0.2) == 1800.0
    assert side.error_code(0.2) == "NO_ERROR"
    side.receive(EvStatus(target_voltage=410, fault_high_temp=True), 0.3)
    assert side.error_code(0.3) == "FAILED_RESSTemperatureInhibit"  # 102.4.3 (§10)
    side.receive(EvStatus(target_voltage=410, not_parked=True), 0.4)
    assert side.error_code(0.4) == "FAILED_EVShiftPosition"  # 102.5.1
    assert side.present_voltage(0.4) == 0.0  # the adapter contactor is open: the car sees 0 V
