"""The values the session machines and the controllers exchange (SI units, plain floats)."""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass


class EnergyMode(str, enum.Enum):
    """Energy transfer modes (values as in the ISO 15118-2 / DIN XSDs)."""

    AC_SINGLE_PHASE = "AC_single_phase_core"
    AC_THREE_PHASE = "AC_three_phase_core"
    DC_CORE = "DC_core"
    DC_EXTENDED = "DC_extended"
    DC_COMBO_CORE = "DC_combo_core"
    DC_UNIQUE = "DC_unique"

    @functools.cached_property
    def is_dc(self) -> bool:
        """Whether the mode is DC (computed once per member: the session guards ask every message)."""
        return self.value.startswith("DC")


class AuthStatus(enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Isolation(str, enum.Enum):
    """Result of the insulation check (isolationLevelType)."""

    INVALID = "Invalid"
    VALID = "Valid"
    WARNING = "Warning"
    FAULT = "Fault"


class Notification(str, enum.Enum):
    """EVSENotification the charger wants to send with the next response."""

    NONE = "None"
    STOP_CHARGING = "StopCharging"
    RENEGOTIATION = "ReNegotiation"


@dataclass(frozen=True, slots=True)
class DcEvseLimits:
    max_voltage: float
    max_current: float
    max_power: float
    min_voltage: float = 50.0
    min_current: float = 0.0
    peak_current_ripple: float = 2.0
    current_regulation_tolerance: float | None = 1.0
    energy_to_be_delivered: float | None = None
    max_discharge_current: float = 0.0
    """ISO 15118-20 DC_BPT: the largest current the stage takes from the car (A, a magnitude); 0:
    the stage cannot discharge (DIN 70121 and ISO 15118-2 never read the discharge fields)."""
    max_discharge_power: float = 0.0
    min_discharge_current: float = 0.0


@dataclass(frozen=True, slots=True)
class AcEvseLimits:
    nominal_voltage: float
    max_current: float
    min_current: float = 6.0
    max_discharge_current: float = 0.0
    """ISO 15118-20 AC_BPT: the largest current per phase the EVSE takes back from the car (A); 0:
    no discharge."""


@dataclass(frozen=True, slots=True)
class EvseStatus:
    """What the charger reports in every DC_EVSEStatus / AC_EVSEStatus."""

    notification: Notification = Notification.NONE
    notification_max_delay: int = 0
    emergency_shutdown: bool = False
    isolation: Isolation | None = None
    rcd_error: bool = False
    malfunction: bool = False
    iso20_notification: str | None = None
    """ISO 15118-20 only: "ServiceRenegotiation" or "ExitStandby" (the -20 EVSENotifications that
    DIN 70121 and ISO 15118-2 do not have; Terminate and ScheduleRenegotiation come from
    ``notification``). DIN and -2 never read it."""


@dataclass(frozen=True, slots=True)
class EnergyRequest:
    """The EV's charge parameters, as the SECC received them in ChargeParameterDiscoveryReq."""

    mode: EnergyMode
    max_voltage: float
    max_current: float
    max_power: float | None = None
    min_current: float | None = None
    energy_request: float | None = None
    energy_capacity: float | None = None
    departure_time: int | None = None
    soc: int | None = None
    max_discharge_current: float | None = None
    """ISO 15118-20 BPT: the EV's discharge limits (A, W; magnitudes), None outside BPT."""
    max_discharge_power: float | None = None


@dataclass(frozen=True, slots=True)
class TariffEntry:
    start: int
    price_level: int


@dataclass(frozen=True, slots=True)
class Schedule:
    """One SAScheduleTuple: a power limit over time (PMaxSchedule) and an optional sales tariff."""

    schedule_id: int
    pmax: tuple[tuple[int, float], ...]
    """(start in seconds from now, max power in W); the first entry starts at 0."""
    duration: int = 86400
    tariff: tuple[TariffEntry, ...] = ()
    tariff_id: int = 1
    power_tolerance: float | None = None
    """ISO 15118-20: the PowerTolerance (W) the SECC gave with this schedule, None if it gave none."""
