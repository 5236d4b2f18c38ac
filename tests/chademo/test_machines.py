"""The CHAdeMO charger and vehicle machines against each other, with injected time (no sleeps).

The charger case of issue 20: our charger machine charges our vehicle machine through the same
simulated power stage (SimulatedDcEvse) that serves the SECC."""

from __future__ import annotations

import itertools

import pytest

from tests.chademo._link import Link, pair, status_zero
from v2g.chademo.charger import ChademoCharger, ChargerConfig, ChargerState
from v2g.chademo.frames import ChargerStatus, EvStatus, Protocol
from v2g.chademo.vehicle import VehicleConfig, VehicleState
from v2g.controller import Isolation, SimulatedDcEvse, SimulatedEv


def _first(events: list[tuple[float, str]], text: str) -> float:
    return next(t for t, e in events if e.startswith(text))


def _current_at_most(link: Link, limit: float, after: float) -> float:
    """The first time at or after ``after`` when the power stage's current is at most ``limit``."""
    return next(t for t, _, i in link.samples if t >= after and i <= limit)


def test_charger_machine_charges_vehicle_machine_through_the_secc_power_stage() -> None:
    ev = SimulatedEv(capacity_wh=500.0, soc_percent=70.0, target_soc=80.0)
    link = pair(ev=ev)
    link.run(120)
    c, v = link.charger, link.vehicle
    assert c.done and v.done
    assert v.stop_reason == "battery full" and not v.fault and not c.fault
    assert ev.soc_percent >= 80.0 and ev.energy_wh > 0
    states = [e for _, e in c.log.events if not e.startswith("stop:")]
    assert [s.value for s in ChargerState if s is not ChargerState.IDLE] == states
    # the timing of CHADEMO.md §6, as the frames and lines show it
    assert _first(c.log.events, "insulation") <= 8.0  # d1 -> permission
    d2 = _first(c.log.events, "wait for vehicle contactors")
    assert d2 - _first(c.log.events, "insulation") <= 20.0  # k -> d2
    assert _first(c.log.events, "wait for current request") - d2 <= 4.0  # d2 -> contactors
    # the charger starts transmitting after the first 0x102, 0x108 before 0x109 in each cycle
    ids = [f.ID for _, f in link.sent]
    assert ids.index(0x102) < ids.index(0x108) < ids.index(0x109)
    statuses = [f for _, f in link.sent if isinstance(f, ChargerStatus)]
    assert statuses[0].stopped and not statuses[0].charging  # 109.5.5 = 1 before charging
    assert any(s.charging and not s.stopped and s.present_current > 50 for s in statuses)
    assert statuses[-1].stopped and not statuses[-1].charging
    assert not c.locked and not c.d1 and not c.d2


def test_request_ramps_and_the_power_stage_follows() -> None:
    link = pair(ev=SimulatedEv(capacity_wh=50_000.0, soc_percent=20.0))
    link.run(12, stop_when_done=False)
    requests = [f.current_request for _, f in link.sent if isinstance(f, EvStatus) and f.current_request]
    steps = [b - a for a, b in itertools.pairwise(requests)]
    assert max(steps) <= 2 + 1  # 20 A/s at 100 ms (§6), rounding
    assert link.charger.power.present_current(link.now) == pytest.approx(requests[-1], abs=1)


def test_charger_side_stop_brings_current_down_within_half_a_second() -> None:
    link = pair(ev=SimulatedEv(capacity_wh=50_000.0, soc_percent=20.0))
    link.run(10, stop_when_done=False)
    assert link.charger.state is ChargerState.CHARGING
    t_stop = link.now
    link.charger.stop("operator stop", t_stop)
    link.run(40)
    assert link.charger.done and link.vehicle.done
    assert _current_at_most(link, 5.0, t_stop) - t_stop <= 0.5  # §5.13
    assert link.vehicle.stop_reason == "charger stopped (109.5.5)" and not link.vehicle.fault


def test_can_stream_that_stops_mid_charge_stops_both_sides_safely() -> None:
    link = pair(ev=SimulatedEv(capacity_wh=50_000.0, soc_percent=20.0))
    link.run(10, stop_when_done=False)
    assert link.charger.state is ChargerState.CHARGING and link.charger.power.present_current(link.now) > 50
    cut = link.now
    link.can_cut_at = cut
    link.run(60)
    c, v = link.charger, link.vehicle
    t_c = _first(c.log.events, "stop: no 0x102")
    t_v = _first(v.log.events, "stop: no 0x109")
    assert t_c - cut <= 1.0 + 0.1 + 0.1  # 1 s CAN timeout, one cycle to notice (§6)
    assert t_v - cut <= 1.0 + 0.1 + 0.1
    assert _current_at_most(link, 5.0, t_c) - t_c <= 0.5  # output <= 5 A within 0.5 s (§5.13)
    assert c.fault and v.fault
    assert c.done and not c.d1 and not c.d2
    assert not v.contactors_closed and not v.k
    off = _first(v.log.events, "welding")
    assert off - t_v <= VehicleConfig().stop_timeout + 0.1


@pytest.mark.parametrize(
    ("vehicle", "reason"),
    [
        (VehicleConfig(contactor_delay=5.0), "vehicle contactors not closed within 4.0 s"),
        (VehicleConfig(request_delay=5.0), "no current request within 4.0 s"),
        (VehicleConfig(target_voltage=600, max_battery_voltage=620), "target 600 V above available"),
    ],
)
def test_charger_timeouts(vehicle: VehicleConfig, reason: str) -> None:
    link = pair(vehicle=vehicle)
    link.run(60)
    assert link.charger.fault.startswith(reason), link.charger.fault
    assert link.charger.done and not link.charger.d1


def test_no_permission_within_8_s_of_d1() -> None:
    ev = SimulatedEv(error="FAILED_RESSTemperatureInhibit")  # never ready
    link = pair(ev=ev)
    link.run(30)
    assert link.charger.fault.startswith("no vehicle permission within 8.0 s")
    assert _first(link.charger.log.events, "stop") == pytest.approx(8.05, abs=0.11)


def test_d2_within_20_s_of_k() -> None:
    link = pair(evse=SimulatedDcEvse(cable_check_time=25.0))
    link.run(60)
    assert link.charger.fault == "insulation test and d2 not done within 20.0 s of k"
    k = _first(link.charger.log.events, "insulation test")
    assert _first(link.charger.log.events, "stop") - k == pytest.approx(20.0, abs=0.11)
    assert not link.charger.d2 and link.charger.done


def test_insulation_fault_stops_before_d2() -> None:
    link = pair(evse=SimulatedDcEvse(cable_check_time=1.0, isolation_result=Isolation.FAULT))
    link.run(30)
    assert link.charger.fault == "insulation test: Fault"
    assert not any(e == "wait for vehicle contactors" for _, e in link.charger.log.events)
    statuses = [f for _, f in link.sent if isinstance(f, ChargerStatus)]
    assert any(s.charger_error for s in statuses)
    assert link.vehicle.fault.startswith("charger fault")


def test_vehicle_fault_during_charging_stops_the_charger() -> None:
    link = pair(ev=SimulatedEv(capacity_wh=50_000.0, soc_percent=20.0))
    link.run(8, stop_when_done=False)
    link.vehicle.raise_fault("high_temp", link.now)
    t = link.now
    link.run(40)
    assert link.charger.fault == "vehicle fault: high_temp"
    assert _current_at_most(link, 5.0, t) - t <= 0.5 + 0.2
    assert link.charger.done and link.vehicle.done


def test_legacy_0_9_car_without_contactor_flag() -> None:
    link = pair(
        ev=SimulatedEv(capacity_wh=500.0, soc_percent=75.0, target_soc=80.0),
        vehicle=VehicleConfig(protocol=Protocol.V0_9),
    )
    link.run(60)
    assert link.charger.done and not link.charger.fault, link.charger.fault


def test_charger_stop_bit_before_charging_is_not_a_stop() -> None:
    """Chargers start with 109.5.5 = 1 (the initial value); a car must not read it as a stop."""
    link = pair()
    link.run(3, stop_when_done=False)
    assert link.vehicle.state in (VehicleState.WAIT_D2, VehicleState.CLOSING)
    assert not link.vehicle.stop_reason


def test_charger_stays_silent_until_the_first_0x102() -> None:
    charger = ChademoCharger(ChargerConfig(), SimulatedDcEvse())
    charger.start(0.0)
    assert charger.poll(0.1) == [] and charger.d1
    charger.receive(EvStatus(target_voltage=400), 0.2)
    assert [f.ID for f in charger.poll(0.3)] == [0x108, 0x109]


def test_one_power_stage_serves_the_ccs_outlet_and_the_chademo_outlet() -> None:
    """The connector's power stage drives a CCS session (SECC) and then a CHAdeMO session."""
    from v2g.apphand import DIN
    from v2g.evcc import EvccConfig, EvccSession
    from v2g.secc import SeccConfig, SeccSession

    stage = SimulatedDcEvse(cable_check_time=1.0, ramp_rate=500.0)
    secc = SeccSession(SeccConfig(protocols=(DIN,)), stage, 0.0)
    evcc = EvccSession(EvccConfig(protocols=(DIN,), charging_loop_cycles=5), SimulatedEv(), 0.0)
    now = 0.0
    evcc.start(now)
    for _ in range(10_000):
        for side, other in ((evcc, secc), (secc, evcc)):
            for payload_type, data in side.data_to_send():
                now += 0.001
                other.receive(payload_type, data, now)
        if secc.closed and evcc.closed:
            break
        timers = [t for t in (secc.get_timer(), evcc.get_timer()) if t is not None]
        if not (secc.closed or evcc.closed) and timers and not any(s._out for s in (secc, evcc)):
            now = max(now, min(timers))
            secc.handle_timer(now)
            evcc.handle_timer(now)
    assert evcc.result is not None and evcc.result.ok
    ccs_energy = stage.meter_wh(now)
    ev = SimulatedEv(capacity_wh=500.0, soc_percent=70.0, target_soc=80.0)
    link = pair(ev=ev, evse=stage, start=round(now + 1.0, 1))
    link.run(link.now + 120)
    assert link.charger.done and link.vehicle.done and not link.charger.fault
    assert stage.meter_wh(link.now) > ccs_energy  # the same meter counted both sessions
    assert len(stage.ended) == 2


def test_a_charger_that_leaves_the_status_byte_at_zero_still_charges_the_car() -> None:
    ev = SimulatedEv(capacity_wh=500.0, soc_percent=70.0, target_soc=80.0)
    link = pair(ev=ev)
    link.charger_filter = status_zero
    link.run(120)
    assert link.vehicle.done and link.charger.done
    assert link.vehicle.stop_reason == "battery full" and not link.vehicle.fault
    assert ev.soc_percent >= 80.0
