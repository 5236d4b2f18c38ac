"""Who gets a connection slot on a charger's V2G server, and what is kept of connections that failed.

Sans-IO bookkeeping (no sockets, no clock: ``now`` is passed in), used by
:class:`v2g.aio.server.CoreServer`. A connection goes through three stages, each with its own budget
and deadline (the limits are :class:`v2g.aio.transport.ServerConfig` fields):

``SILENT``
    accepted, not a byte received yet (for TLS: no ClientHello). Costs a socket and a small gate
    object, no TLS buffers. Budget ``max_silent``; the gate drops it after ``hello_timeout``. When
    the budget (or the server) is full, a newcomer takes the place of the oldest silent connection:
    a car speaks within milliseconds of connecting, so connects from many addresses must come
    faster than ``max_silent`` per car's first byte to push a car out, and otherwise only push each
    other out.
``SETUP``
    talking (TLS handshake, SupportedAppProtocol, SessionSetup) but no SessionSetup answered yet.
    Budget ``max_setup``; dropped ``setup_timeout`` after it was established. A real EVCC sends
    SupportedAppProtocolReq and SessionSetupReq right after connecting.
``SESSION``
    past SessionSetup: bounded by the session's own timeouts.

Every stage counts against ``max_connections`` and against ``max_per_peer`` for its peer address.
The last ``reserve`` slots of each budget go only to a peer address holding no other connection: a
charger serves one car per connector, and a new car is a new address, so one hostile address (or a
car's own stale connections) cannot take the slot the next car needs. Bookkeeping is O(1) per
connection and bounded by the open connections (a peer's entry goes with its last connection).
"""

from __future__ import annotations

import enum
from collections import Counter, deque
from dataclasses import dataclass

from v2g.aio.transport import ServerConfig

Peer = tuple[str, int] | None


class Stage(enum.Enum):
    SILENT = "silent"
    SETUP = "setup"
    SESSION = "session"


@dataclass(eq=False, slots=True)
class Slot:
    """One admitted connection's place; identity-compared."""

    peer: str
    stage: Stage
    since: float
    """When it entered its stage (loop time)."""


class Admission:
    """Counts connections per stage and per peer address against the limits of a ServerConfig."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self._per_peer: dict[str, int] = {}
        self._stages: dict[Stage, int] = dict.fromkeys(Stage, 0)
        self.total = 0

    def count(self, stage: Stage) -> int:
        return self._stages[stage]

    def of_peer(self, peer: str) -> int:
        return self._per_peer.get(peer, 0)

    @property
    def peers(self) -> int:
        """Peer addresses holding at least one connection (the size of the per-peer table)."""
        return len(self._per_peer)

    def _budget(self, stage: Stage) -> int | None:
        if stage is Stage.SILENT:
            return self.config.max_silent
        if stage is Stage.SETUP:
            return self.config.max_setup
        return None

    def _full(self, used: int, cap: int, others_of_peer: int) -> bool:
        # the last `reserve` slots are for a peer address that holds no other connection
        return used >= (cap - self.config.reserve if others_of_peer else cap)

    def admit(self, peer: str, now: float) -> Slot | str:
        """A slot in the SILENT stage for a new connection from ``peer``, or why it is refused."""
        held = self.of_peer(peer)
        if held >= self.config.max_per_peer:
            return "per-peer limit"
        if self._full(self.total, self.config.max_connections, held):
            return "connection limit"
        if self._full(self._stages[Stage.SILENT], self.config.max_silent, held):
            return "silent-connection limit"
        self._per_peer[peer] = held + 1
        self._stages[Stage.SILENT] += 1
        self.total += 1
        return Slot(peer, Stage.SILENT, now)

    def admits_after_eviction(self, peer: str) -> bool:
        """Whether a connection from ``peer`` would be admitted with one silent connection fewer: a
        full silent budget (or a full server) makes room for a newcomer by dropping its oldest
        silent connection, but only when that is enough to let it in."""
        held = self.of_peer(peer)
        if held >= self.config.max_per_peer or not self._stages[Stage.SILENT]:
            return False
        return not (
            self._full(self.total - 1, self.config.max_connections, held)
            or self._full(self._stages[Stage.SILENT] - 1, self.config.max_silent, held)
        )

    def advance(self, slot: Slot, stage: Stage, now: float) -> str | None:
        """Move ``slot`` to a later ``stage``; returns why not (its stage's budget is full), else None."""
        if slot.stage is stage:
            return None
        cap = self._budget(stage)
        if cap is not None and self._full(self._stages[stage], cap, self.of_peer(slot.peer) - 1):
            return f"{stage.value}-connection limit"
        self._stages[slot.stage] -= 1
        self._stages[stage] += 1
        slot.stage = stage
        slot.since = now
        return None

    def release(self, slot: Slot) -> None:
        """The connection of ``slot`` is gone (call once per admitted slot)."""
        self._stages[slot.stage] -= 1
        self.total -= 1
        left = self._per_peer[slot.peer] - 1
        if left:
            self._per_peer[slot.peer] = left
        else:
            del self._per_peer[slot.peer]


MESSAGE_CHARS = 200
"""How much of an error's message a failure record keeps."""


@dataclass(frozen=True, slots=True)
class Failure:
    """A short record of one connection that failed or was refused: no traceback, no objects."""

    peer: Peer
    reason: str
    at: float
    """Wall-clock time (seconds since the epoch)."""
    kind: str
    """The error's type name (``PayloadTooLargeError``, ``SSLError`` ...) or ``refused``."""
    message: str


class FailureLog:
    """The most recent failures (``size`` records) and a count per kind since the start."""

    def __init__(self, size: int) -> None:
        self.recent: deque[Failure] = deque(maxlen=size)
        self.by_kind: Counter[str] = Counter()
        """Kind -> count; kinds are error type names and refusal reasons: a small, fixed set."""

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    def add(self, peer: Peer, reason: str, at: float, kind: str, message: str = "") -> Failure:
        record = Failure(peer, reason[:MESSAGE_CHARS], at, kind, message[:MESSAGE_CHARS])
        self.recent.append(record)
        self.by_kind[kind] += 1
        return record

    def add_error(self, peer: Peer, reason: str, at: float, error: BaseException) -> Failure:
        return self.add(peer, reason, at, type(error).__name__, str(error))

    def count(self, kind: str) -> int:
        return self.by_kind[kind]

    def __len__(self) -> int:
        return len(self.recent)
