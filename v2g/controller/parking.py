"""ISO 15118-20 VehicleCheckIn and VehicleCheckOut: the parking and positioning data, as hooks
a controller may provide (house rule 3: answered at once, never awaited).

EVSE side (:class:`ParkingSpace`, on the power stage object): ``check_in`` gets what the car
reports (status CheckIn / Processing / Completed, parking method, vehicle frame, device offset,
vehicle travel) and gives the parking space, the device location and the target distance for
VehicleCheckInRes; ``check_out`` gets the car's status and check-out time and says whether the
check-out is ``Scheduled`` or ``Completed``. A charger without the hook answers VehicleCheckIn
with none of the optional values and VehicleCheckOut with Completed.

EV side (:class:`ParkingEv`, on the EV controller): ``check_in_request`` gives the next
VehicleCheckInReq's values (None: no check-in, or it is done), ``checked_in`` receives the
charger's answer; ``check_out_request`` the VehicleCheckOutReq's (None: no check-out) and
``checked_out`` the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class CheckIn:
    """What the car reports in VehicleCheckInReq (ISO 15118-20 field names in the comments)."""

    status: str = "CheckIn"
    """EVCheckInStatus: CheckIn, Processing or Completed."""
    parking_method: str = "Manual"
    """ParkingMethod: AutoParking, MVGuideManual or Manual."""
    vehicle_frame: int | None = None
    device_offset: int | None = None
    vehicle_travel: int | None = None


@dataclass(frozen=True, slots=True)
class ParkingAnswer:
    """What the charger answers in VehicleCheckInRes."""

    parking_space: int | None = None
    device_location: int | None = None
    target_distance: int | None = None


@dataclass(frozen=True, slots=True)
class CheckOut:
    """What the car reports in VehicleCheckOutReq."""

    status: str = "CheckOut"
    """EVCheckOutStatus: CheckOut, Processing or Completed."""
    check_out_time: int = 0
    """CheckOutTime (Unix seconds)."""


@runtime_checkable
class ParkingSpace(Protocol):
    """The charger's parking hook (EVSE side)."""

    def check_in(self, request: CheckIn, now: float) -> ParkingAnswer: ...

    def check_out(self, request: CheckOut, now: float) -> str:
        """``Scheduled`` or ``Completed``."""
        ...


@runtime_checkable
class ParkingEv(Protocol):
    """The car's parking hook (EV side)."""

    def check_in_request(self, now: float) -> CheckIn | None: ...

    def checked_in(self, answer: ParkingAnswer, now: float) -> None: ...

    def check_out_request(self, now: float) -> CheckOut | None: ...

    def checked_out(self, status: str, now: float) -> None: ...


__all__ = ["CheckIn", "CheckOut", "ParkingAnswer", "ParkingEv", "ParkingSpace"]
