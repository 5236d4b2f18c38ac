"""ISO 15118-20 EVCC, what the EV does in the charging loop beyond charging (shared by the DC and AC
services): it follows the charger's Dynamic targets and AckMaxDelay, the EVSE's notifications
(Terminate, ScheduleRenegotiation, ServiceRenegotiation, ExitStandby) and its own standby period."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from exi.iso20 import generated_types as c
from v2g.controller import DynamicTargets, MobilityNeeds
from v2g.envelope import Rx
from v2g.evcc._machine import EvccContext, Step, want_stop
from v2g.evcc._spec import EvccHandler
from v2g.evcc.iso20_requests import E, P, _power_delivery_req, _schedule_exchange_req

__all__ = ["enter_standby", "follow", "loop_stop", "on_power_delivery_renegotiate", "standby_handlers"]


def follow(ctx: EvccContext, mode: object, now: float) -> float:
    """The pause before the next loop request. Dynamic with MobilityNeedsMode 2: the charger's
    departure time and SoC targets go to an EV controller that follows them
    (:class:`~v2g.controller.MobilityNeeds`); its next request carries the energy needs they give,
    sent within the AckMaxDelay the charger set (the loop interval, shortened to half of it: the
    other half is for the transport and the charger's reading)."""
    if not isinstance(mode, c.Dynamic_CLResControlModeType):
        return ctx.config.loop_interval
    delay = ctx.config.loop_interval
    if mode.AckMaxDelay is not None:
        delay = min(delay, 0.5 * mode.AckMaxDelay)
    if ctx.mobility_needs_mode != 2 or not isinstance(ctx.controller, MobilityNeeds):
        return delay
    targets = DynamicTargets(
        departure_time=mode.DepartureTime,
        target_soc=mode.TargetSOC,
        min_soc=mode.MinimumSOC,
        ack_max_delay=mode.AckMaxDelay,
    )
    ctx.controller.follow_targets(targets, now)
    return delay


MAX_RENEGOTIATIONS = 3
"""Schedule or service renegotiations the EV follows in one session (then it stops)."""


def loop_stop(ctx: EvccContext, status: c.EVSEStatusType | None, now: float) -> Step | None:
    """The EVSE's notification, else PowerDelivery(Stop) when the EV is done, else None.

    Terminate: PowerDelivery(Stop), the stop sequence, SessionStop(Terminate).
    ScheduleRenegotiation: PowerDelivery(ScheduleRenegotiation), ScheduleExchange, then
    PowerDelivery(Start) and the loop again. ServiceRenegotiation: the stop sequence, then
    SessionStop(ServiceRenegotiation) and the session again from ServiceDiscovery. ExitStandby
    (this EV is not in standby) and the others: go on."""
    stop = None
    note = None if status is None else status.EVSENotification
    N = c.evseNotificationType
    if note in (N.ScheduleRenegotiation, N.ServiceRenegotiation) and ctx.renegotiations >= MAX_RENEGOTIATIONS:
        note = N.Terminate
    if note is N.Terminate:  # [V2G20-1960] the stop sequence, SessionStop(Terminate)
        ctx.evse_notifications.append("Terminate")
        stop = "EVSE requested stop"
    elif note is N.ScheduleRenegotiation:
        ctx.evse_notifications.append(note.value)
        ctx.renegotiations += 1
        return Step(_power_delivery_req(ctx, P.ScheduleRenegotiation, now), E.POWER_DELIVERY_RENEGOTIATE)
    elif note is N.ServiceRenegotiation and not ctx.service_renegotiation_supported:
        ctx.evse_notifications.append(note.value)  # [V2G20-1652], [V2G20-1965]: not initiated
    elif note is N.ServiceRenegotiation:  # [V2G20-1651], [V2G20-1964]: stop, then [V2G20-1661]
        ctx.evse_notifications.append(note.value)
        ctx.renegotiations += 1
        ctx.service_renegotiation = True
        stop = "EVSE requested a service renegotiation"
    stop = stop or want_stop(ctx, now)
    if stop:
        ctx.stop_reason = stop
        return Step(_power_delivery_req(ctx, P.Stop, now), E.POWER_DELIVERY_STOP)
    return None


def on_power_delivery_renegotiate(ctx: EvccContext, res: c.PowerDeliveryRes, rx: Rx) -> Step:
    return Step(_schedule_exchange_req(ctx, rx.now), E.SCHEDULE_EXCHANGE)


def enter_standby(ctx: EvccContext, now: float) -> Step | None:
    """PowerDelivery(Standby) once ``EvccConfig.standby_after`` loop cycles passed ([V2G20-1391],
    [V2G20-2193]); else None."""
    n = ctx.config.standby_after
    if n is None or ctx.standby or ctx.standby_count or ctx.loop_count < n:
        return None
    return Step(_power_delivery_req(ctx, P.Standby, now), E.POWER_DELIVERY_STANDBY)


def standby_handlers(loop_req: Callable[[EvccContext, float], Any]) -> tuple[EvccHandler, EvccHandler]:
    """The answer to PowerDelivery(Standby) and the loop in standby, for a service's loop request."""

    def on_power_delivery_standby(ctx: EvccContext, res: c.PowerDeliveryRes, rx: Rx) -> Step:
        ctx.standby_count = 1  # one standby period per session
        if res.ResponseCode is c.responseCodeType.WARNING_StandbyNotAllowed:
            return Step(loop_req(ctx, rx.now), E.CHARGING)  # [V2G20-1396] go on as agreed
        ctx.standby, ctx.present_current = True, 0.0
        return Step(loop_req(ctx, rx.now), E.STANDBY, ctx.config.loop_interval)

    def on_standby_loop(ctx: EvccContext, res: Any, rx: Rx) -> Step:
        """Only EVSEStatus counts in standby; ExitStandby ([V2G20-1854]) or the EV's own time
        ends it with PowerDelivery(Start) ([V2G20-1393])."""
        now = rx.now
        ctx.standby_count += 1
        status = res.EVSEStatus
        step = loop_stop(ctx, status, now)
        if step is not None:
            ctx.standby = False
            return step
        note = None if status is None else status.EVSENotification
        if note is c.evseNotificationType.ExitStandby or ctx.standby_count > ctx.config.standby_cycles:
            if note is c.evseNotificationType.ExitStandby:
                ctx.evse_notifications.append(note.value)
            ctx.standby = False
            return Step(_power_delivery_req(ctx, P.Start, now), E.POWER_DELIVERY_START)
        return Step(loop_req(ctx, now), E.STANDBY, ctx.config.loop_interval)

    return on_power_delivery_standby, on_standby_loop
