"""End to end: a simulated CHAdeMO car on python-can's virtual bus <-> the bridge (our EVCC, DIN 70121
or ISO 15118-2 DC) <-> our SECC on loopback. Normal stop, a fault on each side, and the latency of
the mapping measured from the frames' time stamps and the station's power-stage calls."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field

import can
import pytest

from v2g.aio.evcc import EvccRunnerConfig
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.apphand import DIN, ISO2, Protocol
from v2g.chademo.aiocan import CanPort, Lines, run_bridge
from v2g.chademo.bridge import BridgeConfig, CcsSide
from v2g.chademo.frames import CHARGER_IDS, CYCLE, VEHICLE_IDS, ChargerStatus, EvStatus
from v2g.chademo.vehicle import ChademoVehicle, VehicleConfig
from v2g.controller import EnergyMode, SimulatedDcEvse, SimulatedEv
from v2g.evcc import EvccConfig
from v2g.secc import SeccConfig
from v2g.trace import TraceRecord

CAR = VehicleConfig(wake_delay=0.1, contactor_delay=0.5, request_delay=0.1, ramp=40.0, max_current=60)


@dataclass
class Station(SimulatedDcEvse):
    """The SECC's simulated power stage, recording (monotonic time, value) of what it is told and
    what it reports."""

    demands: list[tuple[float, float]] = field(default_factory=list)
    reported: list[tuple[float, float]] = field(default_factory=list)

    def set_current_demand(self, voltage: float, current: float, now: float) -> None:
        super().set_current_demand(voltage, current, now)
        self.demands.append((time.monotonic(), current))

    def stop_power(self, now: float) -> None:
        super().stop_power(now)
        self.demands.append((time.monotonic(), 0.0))

    def present_current(self, now: float) -> float:
        value = super().present_current(now)
        self.reported.append((time.monotonic(), value))
        return value


@dataclass
class Run:
    vehicle: ChademoVehicle
    bridge: CcsSide
    station: Station
    ev_port: CanPort
    bridge_port: CanPort
    result: object
    ev: SimulatedEv
    secc_trace: list[TraceRecord]


async def _session(
    protocol: Protocol,
    ev: SimulatedEv,
    during: object = None,
) -> Run:
    stations: list[Station] = []
    secc_trace: list[TraceRecord] = []

    def factory() -> Station:
        stations.append(Station(cable_check_time=0.3, ramp_rate=2000.0))
        return stations[-1]

    channel = f"bridge-{uuid.uuid4().hex}"
    car_bus = can.Bus(interface="virtual", channel=channel)
    bridge_bus = can.Bus(interface="virtual", channel=channel)
    lines = Lines()
    vehicle = ChademoVehicle(CAR, ev)
    bridge = CcsSide(BridgeConfig())
    ev_port, bridge_port = CanPort(car_bus, CHARGER_IDS), CanPort(bridge_bus, VEHICLE_IDS)
    secc = SeccServerConfig(
        SeccConfig(protocols=(protocol,), energy_modes=(EnergyMode.DC_EXTENDED,)), host="::1"
    )
    try:
        async with SeccServer(secc, factory, trace=secc_trace.append) as server:
            evcc = EvccRunnerConfig(
                EvccConfig(protocols=(protocol,), energy_mode=EnergyMode.DC_EXTENDED, loop_interval=0.02),
                host="::1",
                port=server.tcp_port,
            )
            tasks = [
                asyncio.create_task(ev_port.run(vehicle, lines)),
                asyncio.create_task(run_bridge(bridge, bridge_port, lines, evcc)),
            ]
            if callable(during):
                tasks.append(asyncio.create_task(during(vehicle, bridge, stations, ev_port)))
            results = await asyncio.wait_for(asyncio.gather(*tasks), timeout=90)
    finally:
        car_bus.shutdown()
        bridge_bus.shutdown()
    return Run(vehicle, bridge, stations[0], ev_port, bridge_port, results[1], ev, secc_trace)


def _latencies(run: Run) -> tuple[list[float], list[float]]:
    """(car's 0x102 request -> station's set_current_demand, station's present current -> 0x109)."""
    forward = []
    sent = [(t, f.current_request) for t, d, f in run.ev_port.trace if d == "tx" and isinstance(f, EvStatus)]
    last = None
    for t, request in sent:
        if request and request != last:
            t_station = next((ts for ts, c in run.station.demands if ts >= t and round(c) == request), None)
            if t_station is not None:
                forward.append(t_station - t)
        last = request
    back = []
    reported = run.station.reported
    status = [
        (t, f.present_current)
        for t, d, f in run.bridge_port.trace
        if d == "tx" and isinstance(f, ChargerStatus)
    ]
    prev = None
    for t, value in reported:
        if value > 5 and round(value) != prev:
            t_can = next((tc for tc, i in status if tc >= t and i == round(value)), None)
            if t_can is not None:
                back.append(t_can - t)
            prev = round(value)
    return forward, back


@pytest.mark.parametrize("protocol", [DIN, ISO2], ids=["din", "iso2"])
async def test_chademo_car_charges_at_a_ccs_station_through_the_bridge(protocol: Protocol) -> None:
    ev = SimulatedEv(capacity_wh=400.0, soc_percent=70.0, target_soc=80.0)
    run = await _session(protocol, ev)
    assert run.vehicle.done and run.bridge.done
    assert run.vehicle.stop_reason == "battery full" and not run.vehicle.fault
    assert run.result is not None and run.result.ok, run.result  # type: ignore[attr-defined]
    assert ev.soc_percent >= 80.0
    assert any(c >= 40 for _, c in run.station.demands)  # the car's request reached the station
    assert run.station.ended  # the SECC's session ended normally
    forward, back = _latencies(run)
    assert forward and back
    print(
        f"\n{protocol.namespace}: request->station max {max(forward) * 1000:.1f} ms "
        f"(n={len(forward)}); station->0x109 max {max(back) * 1000:.1f} ms (n={len(back)})"
    )
    assert max(forward) <= CYCLE, forward  # within one CAN cycle
    assert max(back) <= CYCLE + 0.01, back  # the next 0x109 (100 ms +- 10 ms)


async def _when_charging(bridge: CcsSide, stations: list[Station]) -> None:
    while not (stations and any(c >= 20 for _, c in stations[0].demands)):
        await asyncio.sleep(0.01)


async def test_a_vehicle_fault_stops_the_station_with_its_error_code() -> None:
    async def fault(vehicle: ChademoVehicle, bridge: CcsSide, stations: list[Station], port: CanPort) -> None:
        await _when_charging(bridge, stations)
        vehicle.raise_fault("high_temp", port.clock())

    run = await _session(ISO2, SimulatedEv(capacity_wh=50_000.0, soc_percent=30.0), fault)
    assert run.vehicle.done and run.bridge.done
    assert run.bridge.charger.fault == "vehicle fault: high_temp"
    assert run.result is not None and "CHAdeMO: vehicle" in run.result.reason  # type: ignore[attr-defined]
    rx = [r for r in run.secc_trace if r.direction == "rx"]
    assert any("FAILED_RESSTemperatureInhibit" in str(r.decoded) for r in rx)  # 102.4.3 (§10)
    assert [r.message for r in rx][-1] == "SessionStopReq"
    assert run.station.present_current(0.0) == 0.0


async def test_a_station_fault_stops_the_car_as_a_charger_fault() -> None:
    async def fault(vehicle: ChademoVehicle, bridge: CcsSide, stations: list[Station], port: CanPort) -> None:
        await _when_charging(bridge, stations)
        stations[0].trigger_emergency()

    run = await _session(DIN, SimulatedEv(capacity_wh=50_000.0, soc_percent=30.0), fault)
    assert run.vehicle.done and run.bridge.done
    assert run.result is not None and not run.result.ok  # type: ignore[attr-defined]
    assert run.bridge.charger.fault.startswith("station: ")
    assert run.vehicle.fault.startswith("charger fault"), run.vehicle.fault
    statuses = [f for _, d, f in run.bridge_port.trace if d == "tx" and isinstance(f, ChargerStatus)]
    assert any(s.charger_error and s.stopped for s in statuses)  # 109.5.1 and 109.5.5 (§10)
    assert not run.vehicle.contactors_closed


async def test_a_can_stream_that_stops_mid_charge_stops_the_station_and_the_car() -> None:
    cut: list[float] = []

    async def break_the_bus(
        vehicle: ChademoVehicle, bridge: CcsSide, stations: list[Station], port: CanPort
    ) -> None:
        await _when_charging(bridge, stations)
        port.bus.send = lambda msg, timeout=None: None  # type: ignore[method-assign]  # nothing leaves the car
        port.accept = frozenset()  # and nothing reaches it
        cut.append(time.monotonic())

    run = await _session(ISO2, SimulatedEv(capacity_wh=50_000.0, soc_percent=30.0), break_the_bus)
    assert run.vehicle.done and run.bridge.done
    assert run.vehicle.fault.startswith("no 0x109")
    assert run.bridge.charger.stop_reason  # a CAN timeout or the car's k opening: whichever came first
    off = next(t for t, c in run.station.demands if t > cut[0] and c <= 5.0)
    print(
        f"\nCAN cut -> station at <= 5 A: {(off - cut[0]) * 1000:.0f} ms ({run.bridge.charger.stop_reason})"
    )
    assert off - cut[0] <= 1.0 + CYCLE + 0.5  # 1 s without frames, one cycle, 0.5 s to <= 5 A (§6)
    assert run.result is not None and "CHAdeMO" in run.result.reason  # type: ignore[attr-defined]
