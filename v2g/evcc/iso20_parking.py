"""ISO 15118-20 EVCC VehicleCheckIn and VehicleCheckOut: an EV controller with the
:class:`v2g.controller.parking.ParkingEv` hook checks in after ServiceSelection (as many
VehicleCheckInReq as the hook gives, then ChargeParameterDiscovery) and checks out after the stop
sequence (as many VehicleCheckOutReq as it gives, then SessionStop). An EV without the hook sends
neither."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from exi.iso20 import generated_types as c
from v2g.controller.parking import ParkingAnswer, ParkingEv
from v2g.errors import EvccAbort
from v2g.evcc._machine import EvccContext, EvccState, Step
from v2g.evcc.iso20_requests import PENDING, _session_stop_req

E = EvccState


def check_in_step(ctx: EvccContext, now: float) -> Step | None:
    """The next VehicleCheckInReq, or None (no hook, or the hook is done)."""
    ev = ctx.controller
    if not isinstance(ev, ParkingEv):
        return None
    request = ev.check_in_request(now)
    if request is None:
        return None
    try:
        req = c.VehicleCheckInReq(
            Header=PENDING,
            EVCheckInStatus=c.evCheckInStatusType(request.status),
            ParkingMethod=c.parkingMethodType(request.parking_method),
            VehicleFrame=request.vehicle_frame,
            DeviceOffset=request.device_offset,
            VehicleTravel=request.vehicle_travel,
        )
    except ValueError as exc:
        raise EvccAbort(f"EV controller: check-in {exc}") from exc
    return Step(req, E.VEHICLE_CHECK_IN)


def check_out_step(ctx: EvccContext, now: float) -> Step | None:
    """The next VehicleCheckOutReq, or None."""
    ev = ctx.controller
    if not isinstance(ev, ParkingEv):
        return None
    request = ev.check_out_request(now)
    if request is None:
        return None
    try:
        status = c.evCheckOutStatusType(request.status)
    except ValueError as exc:
        raise EvccAbort(f"EV controller: check-out {exc}") from exc
    req = c.VehicleCheckOutReq(
        Header=PENDING, EVCheckOutStatus=status, CheckOutTime=max(0, request.check_out_time)
    )
    return Step(req, E.VEHICLE_CHECK_OUT)


def after_selection(ctx: EvccContext, now: float, cpd: Callable[[EvccContext, float], Any]) -> Step:
    """After ServiceSelection: check in, else ChargeParameterDiscovery (built by ``cpd``)."""
    return check_in_step(ctx, now) or Step(cpd(ctx, now), E.CHARGE_PARAMETER)


def before_stop(ctx: EvccContext, now: float) -> Step:
    """At the end of the stop sequence: check out, else SessionStop."""
    return check_out_step(ctx, now) or Step(_session_stop_req(ctx), E.SESSION_STOP)


def parking_handlers(cpd: Callable[[EvccContext, float], Any]) -> dict[tuple[EvccState, type], Any]:
    """The VehicleCheckInRes and VehicleCheckOutRes handlers of a spec's table."""

    def on_check_in(ctx: EvccContext, res: c.VehicleCheckInRes, rx: Any) -> Step:
        ev = ctx.controller
        assert isinstance(ev, ParkingEv)
        ev.checked_in(ParkingAnswer(res.ParkingSpace, res.DeviceLocation, res.TargetDistance), rx.now)
        return after_selection(ctx, rx.now, cpd)

    def on_check_out(ctx: EvccContext, res: c.VehicleCheckOutRes, rx: Any) -> Step:
        ev = ctx.controller
        assert isinstance(ev, ParkingEv)
        ev.checked_out(res.EVSECheckOutStatus.value, rx.now)
        return before_stop(ctx, rx.now)

    return {
        (E.VEHICLE_CHECK_IN, c.VehicleCheckInRes): on_check_in,
        (E.VEHICLE_CHECK_OUT, c.VehicleCheckOutRes): on_check_out,
    }
