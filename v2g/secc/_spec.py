"""The typed description of one protocol on the SECC side, which the session boundary runs.

A :class:`SeccSpec` holds everything protocol-specific: the message shape (:mod:`v2g.envelope`:
payload types read and written, header and body), the request -> response pairing, how a request
becomes a table event, the transition table and the minimal (FAILED) response. Adding a protocol is
a spec, a table and handlers; :class:`v2g.secc.SeccSession` does not change.

Rules of a table, after h11's ``_state.py``:

1. ``(state, event) -> Route(handler, next state, guard)``. An event is the request class, or
   ``(request class, variant)`` where the standard gives one request different meanings (the
   ChargeProgress of a PowerDeliveryReq). Whatever is not in the table, or fails the route's guard
   (a DC request in an AC session), is a sequence error, answered as the standard says
   ([V2G2-538], [V2G-DC-390] and the -20 equivalent) by the boundary.
2. The route says where the session goes. A handler overrides it only where the standard makes
   it depend on the content: :data:`STAY` for an Ongoing answer, or another state (ISO 15118-2
   ChargeParameterDiscovery goes to CableCheck for DC and to PowerDelivery for AC).
3. A handler is a short function ``(ctx, body, rx) -> Reply``; ``rx`` carries the header, the
   monotonic ``now`` and the wall-clock time. It raises :class:`v2g.errors.SessionError` with the
   ResponseCode for a request it refuses. Anything else it raises is a firmware fault: the
   boundary answers FAILED, switches the power off and ends the session.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from v2g.envelope import Envelope, Rx

__all__ = [
    "ADVANCE",
    "STAY",
    "Event",
    "Guard",
    "Handler",
    "Next",
    "Reply",
    "Route",
    "Rx",
    "SeccSpec",
    "Table",
]

Ctx = TypeVar("Ctx")


class Next(enum.Enum):
    """Where a reply sends the session when it names no state itself."""

    TABLE = "as the table says"
    STAY = "stay in the state (Ongoing, repeated requests)"


STAY = Next.STAY
ADVANCE = Next.TABLE


@dataclass(slots=True)
class Reply:
    body: Any
    state: Any = Next.TABLE
    """A state enum member where the content decides, :data:`STAY`, or the table's choice."""
    close: bool = False
    reason: str = ""
    """Why the session ends when ``close`` is set."""
    signature: Any = None
    """A header Signature for the response (ISO 15118-2 / -20 messages that are signed)."""
    wait: Callable[[float], Reply | None] | None = None
    """No answer yet (``body`` None): the boundary calls ``wait(now)`` on a short timer until it
    gives the reply, or answers FAILED at ``deadline`` (a service asked where the standard allows
    no Ongoing: certificate installation and update within the message timeout)."""
    deadline: float = 0.0
    check_facets: bool = True
    """False: encode without the XSD facet checks, for an answer relayed as it came whose content the
    standard's text lets break a schema facet (the 56-byte X448 DHPublicKey of a -20
    CertificateInstallationRes, [V2G20-2495], against dhPublicKeyType's length 133)."""


Handler = Callable[[Any, Any, Rx], Reply]


@dataclass(frozen=True, slots=True)
class Guard:
    """A condition a route needs besides its state (named for the sequence error's text)."""

    name: str
    holds: Callable[[Any], bool]


@dataclass(frozen=True, slots=True)
class Route:
    handler: Handler
    next: Any
    """The state after an accepted request (a state enum member, or :data:`STAY`)."""
    guard: Guard | None = None


Event = type | tuple[type, str]
Table = Mapping[tuple[Any, Event], Route]


def request_event(body: Any) -> Event:
    """The default event of a request: its class."""
    return type(body)


@dataclass(frozen=True)
class SeccSpec(Generic[Ctx]):
    """One protocol on the SECC side (see the module docstring)."""

    name: str
    """Short name (``"din"``, ``"iso2"``) used in traces and logs."""
    namespace: str
    """The SupportedAppProtocol namespace that selects this spec."""
    envelope: Envelope
    responses: Mapping[type, type]
    """Every request class of the protocol -> its response class."""
    table: Table
    initial: Any
    """The state after the handshake (SessionSetup)."""
    ended: Any
    minimal: Callable[[Ctx, type, str, tuple[tuple[str, str], ...]], Any]
    """``(ctx, response class, ResponseCode value, details) -> response``: the response with only
    its mandatory content ([V2G2-736]), plus the details a SessionError carries (field name, XSD
    value). Must not call firmware code: it answers firmware faults."""
    event: Callable[[Any], Event] = request_event
    session_id_checked: Callable[[Any], bool] = field(default=lambda state: True)
    """Whether the SessionID of a request in ``state`` must be the session's ([V2G2-460]); the
    SessionSetup state, where the EVCC offers one, is the exception."""
    sequence_timeout: Callable[[Any, Any], float] = field(default=lambda body, timeouts: timeouts.sequence)
    """``(response body, SeccTimeouts) -> seconds``: V2G_SECC_Sequence_Timeout after this response
    (DIN and -2: ``timeouts.sequence`` always; -20: shorter after a charge-loop response)."""

    def states(self) -> list[Any]:
        """The states the table names, in their enum's order."""
        seen = {s for s, _ in self.table} | {
            r.next for r in self.table.values() if isinstance(r.next, enum.Enum)
        }
        seen.discard(STAY)
        order: dict[Any, int] = {}
        for s in seen:
            order.setdefault(s, list(type(s).__members__.values()).index(s))
        return sorted(seen, key=order.__getitem__)
