"""A simulated car for tests, the demo and the CLI: :class:`SimulatedEv`, a battery whose SoC rises
with the energy delivered, behind the EVCC's :class:`~v2g.controller.EvController` interface."""

from __future__ import annotations

from dataclasses import dataclass

from v2g.controller._values import (
    EnergyMode,
    EnergyRequest,
    Schedule,
)
from v2g.controller.bpt import DynamicTargets


@dataclass
class SimulatedEv:
    """A battery whose SoC rises with the energy delivered; its voltage rises with SoC."""

    mac: bytes = b"\x02\x00\x00\x00\x00\x01"
    capacity_wh: float = 60_000.0
    soc_percent: float = 30.0
    target_soc: float = 80.0
    max_voltage: float = 450.0
    max_current: float = 150.0
    max_power: float = 60_000.0
    ac_max_current: float = 16.0
    ac_min_current: float = 6.0
    ac_phases: int = 3
    empty_voltage: float = 330.0
    full_voltage: float = 410.0
    error: str = "NO_ERROR"
    energy_wh: float = 0.0
    followed: tuple[DynamicTargets, ...] = ()
    """The charger's targets as they changed (ISO 15118-20 Dynamic, MobilityNeedsMode 2)."""
    _last: tuple[float, float, float] | None = None

    def evcc_id(self) -> bytes:
        return self.mac

    def battery_voltage(self) -> float:
        return self.empty_voltage + (self.full_voltage - self.empty_voltage) * self.soc_percent / 100.0

    def soc(self, now: float) -> int:
        return max(0, min(100, int(self.soc_percent)))

    def ready(self, now: float) -> bool:
        return self.error == "NO_ERROR"

    def error_code(self, now: float) -> str:
        return self.error

    def _needed_wh(self) -> float:
        return max(0.0, (self.target_soc - self.soc_percent) / 100.0 * self.capacity_wh)

    def energy_request(self, mode: EnergyMode, now: float) -> EnergyRequest:
        if mode.is_dc:
            return EnergyRequest(
                mode,
                self.max_voltage,
                self.max_current,
                self.max_power,
                None,
                self._needed_wh(),
                self.capacity_wh,
                None,
                self.soc(now),
            )
        return EnergyRequest(
            mode,
            400.0 if self.ac_phases == 3 else 230.0,
            self.ac_max_current,
            None,
            self.ac_min_current,
            self._needed_wh(),
            self.capacity_wh,
            0,
            self.soc(now),
        )

    def choose_schedule(self, schedules: tuple[Schedule, ...]) -> Schedule:
        return max(schedules, key=lambda s: s.pmax[0][1])

    def precharge_target(self, now: float) -> tuple[float, float]:
        return self.battery_voltage(), 1.0

    def charge_target(
        self, evse_max_current: float, evse_max_power: float, now: float
    ) -> tuple[float, float]:
        v = self.battery_voltage()
        current = min(self.max_current, self.max_power / v)
        if evse_max_current > 0:
            current = min(current, evse_max_current)
        if evse_max_power > 0:
            current = min(current, evse_max_power / v)
        return v, current

    def ac_current(self, evse_max_current: float, now: float) -> float:
        return min(self.ac_max_current, evse_max_current) if evse_max_current > 0 else self.ac_max_current

    def delivered(self, voltage: float, current: float, now: float) -> None:
        if self._last is not None:
            t0, v0, i0 = self._last
            if now > t0:
                wh = v0 * i0 * (now - t0) / 3600.0
                self.energy_wh += wh
                self.soc_percent = min(100.0, self.soc_percent + 100.0 * wh / self.capacity_wh)
        self._last = (now, voltage, current)

    def follow_targets(self, targets: DynamicTargets, now: float) -> None:
        if self.followed and self.followed[-1] == targets:
            return
        self.followed = (*self.followed, targets)
        if targets.target_soc is not None:
            self.target_soc = float(targets.target_soc)

    def soc_limits(self, now: float) -> tuple[int, int]:
        return 0, round(self.target_soc)

    def charging_complete(self, now: float) -> bool:
        return self.soc_percent >= self.target_soc

    def remaining_time(self, now: float) -> float | None:
        if self._last is None or self._last[1] * self._last[2] <= 0:
            return None
        return self._needed_wh() * 3600.0 / (self._last[1] * self._last[2])
