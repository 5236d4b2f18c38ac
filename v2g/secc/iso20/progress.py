"""ISO 15118-20 SECC: the ChargeProgress values beside Start and Stop, and the service
renegotiation of SessionStop.

- PowerDelivery(Standby) from the charging loop: no energy flows (DC: the current set point goes
  to 0 A, the contactors stay closed; AC: the charging is switched off), the session waits in
  ``Standby`` for PowerDelivery(Start) (the loop again, no new pre-charge), Stop or SessionStop.
  An EV that stops before its cable check (PowerDelivery(Standby) or SessionStop(Pause) right
  after ScheduleExchange) skips CableCheck and PreCharge: from that Standby a DC EV goes on with
  DC_CableCheck, never straight to the loop (the guards of the table).
- PowerDelivery(ScheduleRenegotiation) from the loop: the energy transfer holds (as Standby) and
  the next request is ScheduleExchangeReq; after it PowerDelivery(Start) (no cable check or
  pre-charge: the contactors stayed closed).
- SessionStop(ServiceRenegotiation): the power goes off and the session goes back to
  ServiceDiscovery with the same SessionID; what the old selection set is forgotten.
"""

from __future__ import annotations

from exi.iso20 import generated_types as c
from v2g.secc._limits import present_voltage
from v2g.secc._machine import SeccContext
from v2g.secc._spec import Reply, Rx
from v2g.secc.iso20._shared import PENDING, RC, S, evse_status, is_ac


def _hold(ctx: SeccContext, now: float) -> None:
    """No energy while the EV stands by or renegotiates, contactors kept closed."""
    if is_ac(ctx):
        ctx.power.set_ac_charging(False, now)
    elif ctx.power_started:
        ctx.power.set_current_demand(present_voltage(ctx.power, now), 0.0, now)


def power_delivery_standby(ctx: SeccContext, req: c.PowerDeliveryReq, rx: Rx) -> Reply:
    _hold(ctx, rx.now)
    return Reply(
        c.PowerDeliveryRes(
            Header=PENDING, ResponseCode=RC.OK, EVSEStatus=evse_status(ctx.power.status(rx.now))
        )
    )


def power_delivery_renegotiation(ctx: SeccContext, req: c.PowerDeliveryReq, rx: Rx) -> Reply:
    """ScheduleRenegotiation: ScheduleExchange next, then PowerDelivery(Start) (the handler of
    ScheduleExchange skips the cable check while ``renegotiations`` counts one)."""
    _hold(ctx, rx.now)
    ctx.renegotiations += 1
    ctx.schedules, ctx.schedule_id, ctx.cpd_started = (), None, None
    return Reply(c.PowerDeliveryRes(Header=PENDING, ResponseCode=RC.OK))


def service_renegotiation(ctx: SeccContext, rx: Rx) -> Reply:
    """SessionStop(ServiceRenegotiation): power off (done by the caller), back to ServiceDiscovery."""
    ctx.service_id, ctx.control_mode, ctx.mobility_needs_mode = 0, "", 1
    ctx.request, ctx.schedules, ctx.schedule_id = None, (), None
    ctx.cpd_started = ctx.cable_check_started = None
    ctx.renegotiations, ctx.power_started = 0, False
    return Reply(c.SessionStopRes(Header=PENDING, ResponseCode=RC.OK), S.SERVICE_DISCOVERY)
