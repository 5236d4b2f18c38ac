"""The python-can adapter on the ``virtual`` bus: a whole session between our charger and vehicle,
cyclic sending with its jitter measured, bad frames counted and not fatal."""

from __future__ import annotations

import asyncio
import uuid

import can
import pytest

from v2g.chademo.aiocan import CanPort, Lines
from v2g.chademo.charger import ChademoCharger, ChargerConfig
from v2g.chademo.frames import CHARGER_IDS, VEHICLE_IDS, ChargerStatus, EvStatus
from v2g.chademo.vehicle import ChademoVehicle, VehicleConfig
from v2g.controller import SimulatedDcEvse, SimulatedEv

FAST_CAR = VehicleConfig(wake_delay=0.1, contactor_delay=0.3, request_delay=0.1, ramp=200.0)


def _buses() -> tuple[can.BusABC, can.BusABC, can.BusABC]:
    channel = f"chademo-{uuid.uuid4().hex}"
    return tuple(can.Bus(interface="virtual", channel=channel) for _ in range(3))  # type: ignore[return-value]


async def test_a_session_over_the_virtual_bus() -> None:
    evse_bus, ev_bus, spy = _buses()
    lines = Lines()
    stage = SimulatedDcEvse(cable_check_time=0.3, ramp_rate=2000.0)
    charger = ChademoCharger(ChargerConfig(), stage)
    ev = SimulatedEv(capacity_wh=300.0, soc_percent=78.0, target_soc=80.0)
    vehicle = ChademoVehicle(FAST_CAR, ev)
    evse_port, ev_port = CanPort(evse_bus, VEHICLE_IDS), CanPort(ev_bus, CHARGER_IDS)
    charger.start(evse_port.clock())
    try:
        await asyncio.wait_for(
            asyncio.gather(evse_port.run(charger, lines), ev_port.run(vehicle, lines)), timeout=60
        )
        seen = []
        while (msg := spy.recv(timeout=0)) is not None:
            seen.append(msg)
    finally:
        for bus in (evse_bus, ev_bus, spy):
            bus.shutdown()
    assert charger.done and vehicle.done and not charger.fault and not vehicle.fault, charger.fault
    assert vehicle.stop_reason == "battery full" and ev.soc_percent >= 80.0
    assert all(m.dlc == 8 and not m.is_extended_id for m in seen)
    assert {m.arbitration_id for m in seen} >= {0x100, 0x101, 0x102, 0x108, 0x109}
    rx = [f for _, d, f in evse_port.trace if d == "rx"]
    assert any(isinstance(f, EvStatus) and f.current_request > 0 for f in rx)
    assert any(isinstance(f, ChargerStatus) and f.charging for _, d, f in ev_port.trace if d == "rx")
    for port, ident in ((evse_port, 0x109), (ev_port, 0x102)):
        stats = port.cycle_stats(ident)
        assert stats is not None and stats.count > 10
        # the cycle is scheduled on absolute deadlines: the mean is the nominal 100 ms
        assert stats.mean == pytest.approx(0.1, abs=0.01), stats
    assert not lines.d1 and not lines.d2 and not lines.k


async def test_bad_frames_are_counted_and_the_machine_times_out() -> None:
    evse_bus, rogue, _ = _buses()
    lines = Lines()
    charger = ChademoCharger(ChargerConfig(can_timeout=0.3), SimulatedDcEvse())
    port = CanPort(evse_bus, VEHICLE_IDS)
    charger.start(port.clock())
    charger.receive(EvStatus(target_voltage=400), port.clock())  # one good frame, then only junk
    try:
        runner = asyncio.create_task(port.run(charger, lines))
        for _ in range(8):
            rogue.send(can.Message(arbitration_id=0x102, data=b"\x01\x02", is_extended_id=False))
            rogue.send(can.Message(arbitration_id=0x123, data=b"\x00" * 8, is_extended_id=False))
            await asyncio.sleep(0.05)
        await asyncio.wait_for(runner, timeout=10)
    finally:
        evse_bus.shutdown()
        rogue.shutdown()
    assert port.bad_frames and port.bad_frames[0][1] == 0x102
    assert charger.done and charger.fault.startswith("no 0x102")


class _BrokenBus(can.BusABC):  # type: ignore[misc]
    """A bus whose every send fails (bus-off)."""

    def __init__(self) -> None:
        super().__init__(channel="broken")

    def send(self, msg: can.Message, timeout: float | None = None) -> None:
        raise can.CanOperationError("bus off")

    def _recv_internal(self, timeout: float | None) -> tuple[None, bool]:
        return None, False


async def test_send_errors_are_kept_and_the_machine_times_out() -> None:
    bus = _BrokenBus()
    charger = ChademoCharger(ChargerConfig(can_timeout=0.3), SimulatedDcEvse())
    port = CanPort(bus, VEHICLE_IDS)
    charger.start(port.clock())
    charger.receive(EvStatus(target_voltage=400), port.clock())
    try:
        await asyncio.wait_for(port.run(charger, Lines()), timeout=10)
    finally:
        bus.shutdown()
    assert port.send_errors and port.send_errors[0][1] == 0x108
    assert charger.done and charger.fault.startswith("no 0x102")
