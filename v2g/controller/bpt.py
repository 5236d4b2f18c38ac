"""Bidirectional power (ISO 15118-20 services DC_BPT 6 and AC_BPT 5) and the charger's dynamic
set points: optional interfaces beside :class:`~v2g.controller.PowerStage` and
:class:`~v2g.controller.EvController`. DIN 70121 and ISO 15118-2 users implement none of them.

Sign convention (as -20 has it): power and current are positive from the EVSE to the EV
(charging) and negative from the EV to the EVSE (discharging).

- The EVSE's discharge limits are fields of :class:`~v2g.controller.DcEvseLimits`
  (``max_discharge_current``, ``max_discharge_power``, ``min_discharge_current``) and
  :class:`~v2g.controller.AcEvseLimits` (``max_discharge_current`` per phase), 0 when the stage
  cannot discharge. A DC stage in a DC_BPT session gets a negative current in
  ``set_current_demand`` (never beyond its discharge limits) and may report a negative
  ``present_current``.
- :class:`DynamicControl`: the charger's energy management in the Dynamic control mode
  (ISO 15118-20 8.5.x Dynamic: the EVSE steers the power; with MobilityNeedsMode 2 the charger
  also gives departure time, target and minimum SoC).
- :class:`BidirectionalAc`: an AC EVSE told the agreed total active power (negative: the car
  feeds the grid) and reporting what flows.
- :class:`BidirectionalEv`: a car that can discharge (its limits, when it wants to);
  :class:`MobilityNeeds`: a car that follows the charger's departure time and SoC targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class DynamicTargets:
    """What the charger asks for in the Dynamic control mode, now."""

    power: float | None = None
    """Total power (W): positive charges, negative discharges (BPT only); None: no target (the
    EV's maximum charge power within the EVSE's limits)."""
    departure_time: int | None = None
    """Seconds from now (MobilityNeedsMode 2: the charger's)."""
    target_soc: int | None = None
    min_soc: int | None = None
    ack_max_delay: int | None = None
    """Seconds the EV has to acknowledge changed targets (AckMaxDelay)."""


NO_TARGETS = DynamicTargets()


@runtime_checkable
class DynamicControl(Protocol):
    """The charger's energy management (optional: without it the EVSE sets no targets)."""

    def dynamic_targets(self, now: float) -> DynamicTargets:
        """The targets now; called once per Dynamic charging-loop message."""
        ...


@runtime_checkable
class BidirectionalAc(Protocol):
    """An AC EVSE with bidirectional power (AC_BPT)."""

    def set_ac_power(self, power: float, now: float) -> None:
        """The agreed total active power (W; negative: the car feeds the grid), within the limits."""
        ...

    def present_ac_power(self, now: float) -> float:
        """The total active power that flows (W, signed)."""
        ...


@runtime_checkable
class BidirectionalEv(Protocol):
    """A car that can give energy back (DC_BPT, AC_BPT)."""

    def discharge_limits(self, now: float) -> tuple[float, float]:
        """(maximum discharge current in A, DC total or AC per phase; maximum discharge power in W)."""
        ...

    def wants_discharge(self, now: float) -> bool:
        """Scheduled control mode: whether the car discharges now (it chooses the direction)."""
        ...


@runtime_checkable
class MobilityNeeds(Protocol):
    """A car that follows the charger's mobility needs (Dynamic, MobilityNeedsMode 2)."""

    def follow_targets(self, targets: DynamicTargets, now: float) -> None:
        """Departure time, target and minimum SoC as the charger set them (None: not given)."""
        ...

    def soc_limits(self, now: float) -> tuple[int, int]:
        """(minimum SoC, target SoC) in %: what the car sends in ScheduleExchangeReq with
        MobilityNeedsMode 2 (ISO 15118-20 Table 107: mandatory there)."""
        ...
