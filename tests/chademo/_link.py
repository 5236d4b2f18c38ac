"""Drive a CHAdeMO charger machine and a vehicle machine against each other with injected time:
frames cross (optionally cut), the sequence lines are wired, the car's sensors read the power stage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from v2g.chademo.charger import ChademoCharger, ChargerConfig
from v2g.chademo.frames import Frame
from v2g.chademo.vehicle import ChademoVehicle, VehicleConfig
from v2g.controller import SimulatedDcEvse, SimulatedEv


@dataclass
class Link:
    charger: ChademoCharger
    vehicle: ChademoVehicle
    now: float = 0.0
    can_cut_at: float | None = None
    charger_filter: Callable[[Frame], Frame] | None = None
    """Rewrites the charger's frames on their way (a charger that differs from the specification)."""
    sent: list[tuple[float, Frame]] = field(default_factory=list)
    samples: list[tuple[float, float, float]] = field(default_factory=list)
    """(t, present voltage, present current) of the power stage every step."""

    def step(self, dt: float = 0.1) -> None:
        c, v, now = self.charger, self.vehicle, self.now
        v.set_lines(c.d1, c.d2, now)
        c.set_k(v.k, now)
        power = c.power
        v.measure(power.present_voltage(now), power.present_current(now), now)
        cut = self.can_cut_at is not None and now >= self.can_cut_at
        for frame in v.poll(now):
            self.sent.append((now, frame))
            if not cut:
                c.receive(frame, now + 0.001)
        for frame in c.poll(now + 0.05):
            frame = self.charger_filter(frame) if self.charger_filter else frame
            self.sent.append((now + 0.05, frame))
            if not cut:
                v.receive(frame, now + 0.051)
        self.samples.append((now, power.present_voltage(now), power.present_current(now)))
        self.now = round(now + dt, 6)

    def run(self, until: float, stop_when_done: bool = True) -> None:
        while self.now < until:
            self.step()
            if stop_when_done and self.charger.done and self.vehicle.done:
                return


def pair(
    ev: SimulatedEv | None = None,
    evse: SimulatedDcEvse | None = None,
    charger: ChargerConfig | None = None,
    vehicle: VehicleConfig | None = None,
    start: float = 0.0,
) -> Link:
    stage = evse or SimulatedDcEvse(cable_check_time=1.0, ramp_rate=500.0)
    car = ChademoVehicle(vehicle or VehicleConfig(), ev or SimulatedEv(capacity_wh=2000.0))
    link = Link(ChademoCharger(charger or ChargerConfig(), stage), car, now=start)
    link.charger.start(start)
    return link


def status_zero(frame: Frame) -> Frame:
    """A charger that leaves 109.5 at 0x00 (no charging, lock or stopped bit), as seen in real logs."""
    if frame.ID != 0x109:
        return frame
    return replace(frame, charging=False, locked=False, stopped=False)  # type: ignore[type-var]
