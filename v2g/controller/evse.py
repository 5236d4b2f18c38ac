"""What charger firmware provides to the SECC, split by who provides it.

- :class:`PowerStage`: the connector's power electronics (limits, present values, insulation
  monitor, contactors, DC output and AC contactor control). One object per connector; the same
  object can sit behind the SECC and, later, a CHAdeMO outlet of that connector.
- The services beside it, in :class:`EvseServices`: :class:`Authorization` (EIM: RFID card, app,
  free charging; contract status for Plug & Charge builds on it), :class:`ScheduleProvider`
  (the site's power budget and tariffs) and :class:`Meter` (the energy meter).
- :class:`EvseController`: all of them in one object, as the simulated chargers are, and what a
  small firmware writes first. ``SeccSession(config, controller, now)`` takes the services from the
  controller itself unless ``services=`` is given.

Every call returns at once (house rule 3): a long operation is started by one call and polled by
another, and while an answer is pending the SECC replies EVSEProcessing=Ongoing. ``now`` is the
caller's monotonic clock in seconds; values are floats in SI units (V, A, W, Wh). A method that
raises is a firmware fault: the SECC answers FAILED, switches the power off, ends the session and
keeps the reason (``SeccSession.close_reason``, ``SeccSession.fault``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from v2g.controller._values import (
    AcEvseLimits,
    AuthStatus,
    DcEvseLimits,
    EnergyRequest,
    EvseStatus,
    Isolation,
    Schedule,
)

if TYPE_CHECKING:
    from v2g.backend import PlugAndCharge


class PowerStage(Protocol):
    """The connector's power electronics."""

    def dc_limits(self, now: float) -> DcEvseLimits:
        """The DC output's limits now (finite, non-negative; anything else is a fault)."""

    def ac_limits(self, now: float) -> AcEvseLimits:
        """The AC limits now (finite, non-negative; anything else is a fault)."""

    def status(self, now: float) -> EvseStatus:
        """Notification, emergency shutdown, insulation and RCD state for every response."""

    def start_cable_check(self, voltage: float, now: float) -> None:
        """Begin the insulation test at ``voltage`` (DC)."""

    def cable_check_status(self, now: float) -> Isolation | None:
        """None while the test runs; then the insulation level."""

    def set_precharge(self, voltage: float, current: float, now: float) -> None:
        """Drive the output to the EV's battery voltage with a small current limit (DC)."""

    def close_contactors(self, now: float) -> bool:
        """Start power delivery; False if the contactors did not close."""

    def set_current_demand(self, voltage: float, current: float, now: float) -> None:
        """The set point of the charging loop, already within [0, limit] (DC)."""

    def set_ac_charging(self, active: bool, now: float) -> None: ...

    def stop_power(self, now: float) -> None:
        """Ramp down the output and open the contactors (also on every abnormal end)."""

    def present_voltage(self, now: float) -> float:
        """The measured output voltage (finite, non-negative; anything else is a fault)."""

    def present_current(self, now: float) -> float:
        """The measured output current (finite, non-negative; anything else is a fault)."""

    def session_ended(self, reason: str, now: float) -> None:
        """The session is over (terminated, paused or failed); ``reason`` says why."""


class Authorization(Protocol):
    """Who may charge: EIM (external identification means) today."""

    def start_authorization(self, evcc_id: bytes, now: float) -> None:
        """Begin authorising the user of the EV ``evcc_id`` (RFID, app, free charging)."""

    def authorization_status(self, now: float) -> AuthStatus: ...


class ScheduleProvider(Protocol):
    """The power the site can give over time, and its tariffs."""

    def compute_schedules(self, request: EnergyRequest, now: float) -> tuple[Schedule, ...] | None:
        """Schedules for the EV's request; None while still being computed (Ongoing)."""


class Meter(Protocol):
    """The connector's energy meter."""

    def meter_wh(self, now: float) -> float:
        """The meter reading in Wh."""


class EvseController(PowerStage, Authorization, ScheduleProvider, Meter, Protocol):
    """A power stage that provides the services itself (what the simulated chargers do)."""


@dataclass(frozen=True, slots=True)
class EvseServices:
    """The services the SECC uses beside the power stage (house rule: passed in, not global)."""

    authorization: Authorization
    schedules: ScheduleProvider
    meter: Meter
    pnc: PlugAndCharge | None = None
    """Plug & Charge (a :class:`v2g.backend.PlugAndCharge`: backend, MO roots, receipt store);
    None: the SECC offers external payment only."""

    @classmethod
    def of(cls, controller: EvseController, pnc: PlugAndCharge | None = None) -> EvseServices:
        """Every service taken from one controller object (and Plug & Charge, if given)."""
        return cls(controller, controller, controller, pnc)
