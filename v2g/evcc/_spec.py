"""The typed description of one protocol on the EVCC side, which :class:`v2g.evcc.EvccSession` runs.

An :class:`EvccSpec` holds the message shape (:mod:`v2g.envelope`), the first request of the
session, and the table ``(state waited in, response class) -> handler``. The state names the request
the EVCC is waiting on; any other response ends the session (the EVCC got what it did not ask for).
A handler is ``(ctx, response body, rx) -> Step``: the next request (sent after ``delay`` seconds,
which paces the Ongoing repeats and the charging loop) and the state it waits in, or the end; ``rx``
carries the response's header, the monotonic ``now`` and the wall-clock time. The boundary checks
the ResponseCode first (any ``FAILED*`` ends the session with that code as the reason) and the
SessionID, and runs every request under its message timeout (TIMING.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from v2g.envelope import Envelope, Rx
from v2g.evcc._machine import EvccContext, EvccState, Step

EvccHandler = Callable[[EvccContext, Any, Rx], Step]


@dataclass(frozen=True)
class EvccSpec:
    name: str
    """Short name (``"din"``, ``"iso2"``): traces, logs and the message timeouts' table."""
    namespace: str
    envelope: Envelope
    table: Mapping[tuple[EvccState, type], EvccHandler]
    first_request: Callable[[EvccContext, float], Any]
    """The SessionSetupReq body (after the handshake)."""
    stop_request: Callable[[EvccContext], Any] = lambda ctx: None
    """The SessionStopReq body (Terminate) for a stop requested before the charging loop."""
    optional: frozenset[type] = frozenset()
    """Responses to optional requests: a FAILED code goes to the handler instead of ending the
    session (ServiceDetail of a service the EV could do without)."""
