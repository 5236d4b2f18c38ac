"""What an EV (or a tester) implements for the EVCC."""

from __future__ import annotations

from typing import Protocol

from v2g.controller._values import EnergyMode, EnergyRequest, Schedule


class EvController(Protocol):
    """What an EV (or a tester) implements for the EVCC. Every call returns at once."""

    def evcc_id(self) -> bytes: ...

    def soc(self, now: float) -> int: ...

    def ready(self, now: float) -> bool: ...

    def error_code(self, now: float) -> str:
        """DC_EVErrorCodeType value, ``"NO_ERROR"`` normally."""

    def energy_request(self, mode: EnergyMode, now: float) -> EnergyRequest: ...

    def choose_schedule(self, schedules: tuple[Schedule, ...]) -> Schedule: ...

    def precharge_target(self, now: float) -> tuple[float, float]:
        """(voltage, current) to request in PreChargeReq: the battery voltage and a small current."""

    def charge_target(
        self, evse_max_current: float, evse_max_power: float, now: float
    ) -> tuple[float, float]:
        """(voltage, current) to request in CurrentDemandReq."""

    def ac_current(self, evse_max_current: float, now: float) -> float: ...

    def delivered(self, voltage: float, current: float, now: float) -> None:
        """The EVSE reported these present values (DC) or the EV draws them (AC): integrate energy."""

    def charging_complete(self, now: float) -> bool: ...

    def remaining_time(self, now: float) -> float | None: ...
