"""Simulated bidirectional power (ISO 15118-20 DC_BPT and AC_BPT) for tests and the demo:
:class:`SimulatedBptDcEvse` (a bidirectional DC stage), :class:`SimulatedBptAcEvse` (an AC EVSE
with BPT) and :class:`SimulatedBptEv` (a battery that can discharge). The chargers take their
Dynamic control-mode targets from ``targets`` (tests and the demo change it while the loop runs).
Signs as :mod:`v2g.controller.bpt` says: negative power and current discharge the car.
"""

from __future__ import annotations

from dataclasses import dataclass

from v2g.controller._values import AcEvseLimits, DcEvseLimits
from v2g.controller.bpt import NO_TARGETS, DynamicTargets
from v2g.controller.simulated import SimulatedAcEvse, SimulatedDcEvse
from v2g.controller.simulated_ev import SimulatedEv


@dataclass
class SimulatedBptDcEvse(SimulatedDcEvse):
    """A bidirectional DC stage: a negative current set point takes energy from the car, within
    ``max_discharge_current`` and ``max_discharge_power``."""

    max_discharge_current: float = 200.0
    max_discharge_power: float = 50_000.0
    targets: DynamicTargets = NO_TARGETS
    _bpt_limits: tuple[DcEvseLimits, float, float, DcEvseLimits] | None = None

    def dc_limits(self, now: float) -> DcEvseLimits:
        # the same object while nothing changed (the base's is kept while its limits stay)
        base = super().dc_limits(now)
        key = (base, self.max_discharge_current, self.max_discharge_power)
        if self._bpt_limits is None or self._bpt_limits[:3] != key or self._bpt_limits[0] is not base:
            limits = DcEvseLimits(
                base.max_voltage,
                base.max_current,
                base.max_power,
                max_discharge_current=self.max_discharge_current,
                max_discharge_power=self.max_discharge_power,
            )
            self._bpt_limits = (*key, limits)
        return self._bpt_limits[3]

    def dynamic_targets(self, now: float) -> DynamicTargets:
        return self.targets

    def set_current_demand(self, voltage: float, current: float, now: float) -> None:
        if current >= 0.0:
            super().set_current_demand(voltage, current, now)
            return
        self._integrate(self._out.at(now) * self._current, now)
        if not self._contactors:
            self._current = 0.0
            return
        self._out.set(min(voltage, self.max_voltage), now)
        limit = self.max_discharge_power / max(voltage, 1.0)
        self._current = -min(-current, self.max_discharge_current, limit)


@dataclass
class SimulatedBptAcEvse(SimulatedAcEvse):
    """An AC EVSE with BPT: the agreed active power (``set_ac_power``, negative: the car feeds the
    grid) is what flows while the contactors are closed."""

    max_discharge_current: float = 16.0
    targets: DynamicTargets = NO_TARGETS
    _ac_power: float = 0.0

    def ac_limits(self, now: float) -> AcEvseLimits:
        return AcEvseLimits(
            self.nominal_voltage, self.max_current, max_discharge_current=self.max_discharge_current
        )

    def dynamic_targets(self, now: float) -> DynamicTargets:
        return self.targets

    def set_ac_power(self, power: float, now: float) -> None:
        self._integrate(self.present_ac_power(now), now)
        self._ac_power = power

    def present_ac_power(self, now: float) -> float:
        return self._ac_power if self._charging else 0.0

    def stop_power(self, now: float) -> None:
        self.set_ac_power(0.0, now)
        super().stop_power(now)


@dataclass
class SimulatedBptEv(SimulatedEv):
    """A car that can discharge: from its ``discharge_from_cycle``-th charging-loop cycle on it
    discharges in the Scheduled mode (down to ``min_soc``); it follows the charger's mobility
    needs (target and minimum SoC) when the charger gives them."""

    max_discharge_current: float = 100.0
    max_discharge_power: float = 30_000.0
    min_soc: float = 20.0
    discharge_from_cycle: int | None = None
    cycles: int = 0

    def discharge_limits(self, now: float) -> tuple[float, float]:
        if self.soc_percent <= self.min_soc:
            return 0.0, 0.0
        return self.max_discharge_current, self.max_discharge_power

    def wants_discharge(self, now: float) -> bool:
        start = self.discharge_from_cycle
        return start is not None and self.cycles >= start and self.soc_percent > self.min_soc

    def follow_targets(self, targets: DynamicTargets, now: float) -> None:
        super().follow_targets(targets, now)
        if targets.min_soc is not None:
            self.min_soc = float(targets.min_soc)

    def soc_limits(self, now: float) -> tuple[int, int]:
        return round(self.min_soc), round(self.target_soc)

    def delivered(self, voltage: float, current: float, now: float) -> None:
        self.cycles += 1
        super().delivered(voltage, current, now)
