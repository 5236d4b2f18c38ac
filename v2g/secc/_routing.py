"""Where a decoded request goes: the checks the SECC boundary makes before a handler runs.

:func:`route_for` looks the (state, request) pair up in the protocol's transition table and
refuses what the session must not serve, each with its ResponseCode as a
:class:`~v2g.errors.SessionError`: a wrong SessionID, any request but the one that ends the session
while the charger shuts down, a request the table does not allow in this state, a route whose
guard does not hold.
"""

from __future__ import annotations

from typing import Any

from v2g.errors import SessionError
from v2g.secc._machine import SeccContext
from v2g.secc._spec import Route, SeccSpec

SHUT_DOWN = (("EVSEStatusCode", "EVSE_Shutdown"), ("EVSENotification", "StopCharging"))
"""What the minimal FAILED answer carries while the charger shuts down."""


def route_for(spec: SeccSpec[SeccContext], ctx: SeccContext, state: Any, body: Any, shutdown: str) -> Route:
    """The table's route for ``body`` in ``state``; ``shutdown`` is the reason the charger goes
    down ("" when it does not)."""
    if spec.session_id_checked(state) and ctx.rx_session_id != ctx.session_id:
        # [V2G2-460] (and its DIN and -20 equivalents): the SessionID must be the one of this session
        raise SessionError("FAILED_UnknownSession", "wrong SessionID")
    route = spec.table.get((state, spec.event(body)))
    if shutdown and (route is None or route.next is not spec.ended):
        # shutting down: only the request that ends the session is still served
        raise SessionError("FAILED", f"shutdown: {shutdown}", details=SHUT_DOWN)
    if route is None:
        # [V2G2-538] / [DIN70121: V2G-DC-390]: a request not allowed in this state
        raise SessionError("FAILED_SequenceError", f"{type(body).__name__} in state {state.value}")
    if route.guard is not None and not route.guard.holds(ctx):
        raise SessionError("FAILED_SequenceError", f"{type(body).__name__} needs {route.guard.name}")
    return route
