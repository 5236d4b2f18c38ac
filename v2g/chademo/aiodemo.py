"""`v2g demo --chademo`: a simulated CHAdeMO car on python-can's virtual bus, the bridge (our EVCC)
and our SECC on loopback, in one process; each second both sides' values are reported."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import can

from v2g.aio.evcc import EvccRunnerConfig
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.apphand import Protocol
from v2g.chademo.aiocan import CanPort, Lines, run_bridge
from v2g.chademo.bridge import BridgeConfig, CcsSide
from v2g.chademo.frames import CHARGER_IDS, VEHICLE_IDS
from v2g.chademo.vehicle import ChademoVehicle, VehicleConfig
from v2g.controller import EnergyMode, SimulatedDcEvse, SimulatedEv
from v2g.evcc import EvccConfig, EvccResult
from v2g.secc import SeccConfig


@dataclass(frozen=True)
class ChademoDemoResult:
    car: str
    """The car's stop reason or fault."""
    station: EvccResult | None
    ok: bool
    soc: float


async def run_chademo_demo(
    protocol: Protocol,
    report: Callable[[str], None],
    *,
    soc: float = 70.0,
    target_soc: float = 75.0,
    capacity_wh: float = 1000.0,
    host: str = "::1",
) -> ChademoDemoResult:
    channel = f"v2g-demo-{uuid.uuid4().hex}"
    car_bus = can.Bus(interface="virtual", channel=channel)
    bridge_bus = can.Bus(interface="virtual", channel=channel)
    lines = Lines()
    ev = SimulatedEv(capacity_wh=capacity_wh, soc_percent=soc, target_soc=target_soc)
    vehicle = ChademoVehicle(VehicleConfig(max_current=100), ev)
    bridge = CcsSide(BridgeConfig())
    car_port, bridge_port = CanPort(car_bus, CHARGER_IDS), CanPort(bridge_bus, VEHICLE_IDS)
    stations: list[SimulatedDcEvse] = []

    def factory() -> SimulatedDcEvse:
        stations.append(SimulatedDcEvse(cable_check_time=1.0))
        return stations[-1]

    async def values() -> None:
        t0 = car_port.clock()
        while not (vehicle.done and bridge.done):
            await asyncio.sleep(1.0)
            now = car_port.clock()
            st = stations[0] if stations else None
            station = (
                f"station {st.present_voltage(now):5.0f} V {st.present_current(now):5.1f} A"
                if st
                else "station -"
            )
            ch = vehicle.charger
            seen = f"0x109 {ch.present_voltage:3d} V {ch.present_current:3d} A" if ch else "0x109 -"
            report(
                f"{now - t0:6.1f} s  car {vehicle.state.value:<27} request {vehicle.request:5.1f} A  "
                f"bridge {bridge.charger.state.value:<28} {station}  {seen}  SoC {ev.soc_percent:5.1f} %"
            )

    secc = SeccServerConfig(
        SeccConfig(protocols=(protocol,), energy_modes=(EnergyMode.DC_EXTENDED,)), host=host
    )
    try:
        async with SeccServer(secc, factory) as server:
            evcc = EvccRunnerConfig(
                EvccConfig(protocols=(protocol,), energy_mode=EnergyMode.DC_EXTENDED, loop_interval=0.02),
                host=host,
                port=server.tcp_port,
            )
            printer = asyncio.create_task(values())
            _, result = await asyncio.gather(
                car_port.run(vehicle, lines), run_bridge(bridge, bridge_port, lines, evcc)
            )
            printer.cancel()
            await asyncio.gather(printer, return_exceptions=True)
    finally:
        car_bus.shutdown()
        bridge_bus.shutdown()
    ok = not vehicle.fault and not bridge.charger.fault and result is not None and result.ok
    return ChademoDemoResult(vehicle.fault or vehicle.stop_reason, result, ok, ev.soc_percent)
