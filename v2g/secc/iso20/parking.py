"""ISO 15118-20 SECC VehicleCheckIn and VehicleCheckOut (the parking and positioning messages).

VehicleCheckIn comes after ServiceSelection and before ChargeParameterDiscovery, as often as the
EV reports progress (CheckIn, Processing, Completed); VehicleCheckOut after PowerDelivery(Stop)
(DC: also after WeldingDetection), before SessionStop, repeatable. The power stage's
:class:`v2g.controller.parking.ParkingSpace` hook, when it has one, gets the car's data and gives
the answer (parking space, device location, target distance; check-out Scheduled or Completed);
without it the SECC answers with no optional values and Completed.
"""

from __future__ import annotations

from exi.iso20 import generated_types as c
from v2g.controller.parking import CheckIn, CheckOut, ParkingAnswer, ParkingSpace
from v2g.errors import SessionError
from v2g.secc._machine import SeccContext
from v2g.secc._spec import Reply, Rx
from v2g.secc.iso20._shared import PENDING, RC

_SHORT = range(-32768, 32768)


def _short(value: int | None, name: str) -> int | None:
    """A value of the firmware's answer for a ``short`` field: out of range is a firmware fault
    (FAILED), never a wrapped number on the wire."""
    if value is not None and value not in _SHORT:
        raise SessionError("FAILED", f"parking hook: {name} {value} is not a short")
    return value


def vehicle_check_in(ctx: SeccContext, req: c.VehicleCheckInReq, rx: Rx) -> Reply:
    answer = ParkingAnswer()
    if isinstance(ctx.power, ParkingSpace):
        request = CheckIn(
            req.EVCheckInStatus.value,
            req.ParkingMethod.value,
            req.VehicleFrame,
            req.DeviceOffset,
            req.VehicleTravel,
        )
        answer = ctx.power.check_in(request, rx.now)
    return Reply(
        c.VehicleCheckInRes(
            Header=PENDING,
            ResponseCode=RC.OK,
            ParkingSpace=_short(answer.parking_space, "ParkingSpace"),
            DeviceLocation=_short(answer.device_location, "DeviceLocation"),
            TargetDistance=_short(answer.target_distance, "TargetDistance"),
        )
    )


def vehicle_check_out(ctx: SeccContext, req: c.VehicleCheckOutReq, rx: Rx) -> Reply:
    status = "Completed"
    if isinstance(ctx.power, ParkingSpace):
        status = ctx.power.check_out(CheckOut(req.EVCheckOutStatus.value, req.CheckOutTime), rx.now)
    try:
        evse_status = c.evseCheckOutStatusType(status)
    except ValueError as exc:
        raise SessionError("FAILED", f"parking hook: check-out status {status!r}") from exc
    return Reply(
        c.VehicleCheckOutRes(Header=PENDING, ResponseCode=RC.OK, EVSECheckOutStatus=evse_status)
    )
