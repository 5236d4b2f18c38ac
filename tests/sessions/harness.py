"""In-memory SECC <-> EVCC pump: no sockets, no sleeping; time is a number the pump advances."""

from __future__ import annotations

from dataclasses import dataclass, field

from v2g.evcc import EvccSession
from v2g.secc import SeccSession
from v2g.trace import TraceRecord


@dataclass
class Run:
    secc: SeccSession
    evcc: EvccSession
    now: float
    secc_trace: list[TraceRecord] = field(default_factory=list)
    evcc_trace: list[TraceRecord] = field(default_factory=list)

    def requests(self) -> list[str]:
        return [t.message for t in self.secc_trace if t.direction == "rx"]

    def responses(self) -> list[str]:
        return [t.message for t in self.secc_trace if t.direction == "tx"]


def pump(
    secc: SeccSession,
    evcc: EvccSession,
    now: float = 0.0,
    *,
    latency: float = 0.002,
    max_steps: int = 100_000,
    until: float | None = None,
    drop_evcc: bool = False,
    hook: object = None,
) -> Run:
    """Move messages both ways until both sides are closed (or nothing more can happen).

    Each message takes ``latency`` seconds; when neither side has data, time jumps to the earlier
    timer. ``drop_evcc`` stops delivering the EVCC's messages (an EV that went silent). ``hook`` is
    called as ``hook(run)`` after every step (to inject events)."""
    run = Run(secc, evcc, now)
    evcc.start(now)
    for _ in range(max_steps):
        moved = False
        for pt, data in evcc.data_to_send():
            moved = True
            run.now += latency
            if not drop_evcc:
                secc.receive(pt, data, run.now)
        for pt, data in secc.data_to_send():
            moved = True
            run.now += latency
            evcc.receive(pt, data, run.now)
        _drain(run)
        if callable(hook):
            hook(run)
        if secc.closed and evcc.closed:
            break
        if secc.closed != evcc.closed:  # one side closed the TCP connection
            (evcc if secc.closed else secc).connection_lost(run.now)
            _drain(run)
            break
        if until is not None and run.now >= until:
            break
        if moved:
            continue
        timers = [t for t in (secc.get_timer(), evcc.get_timer()) if t is not None]
        if not timers:
            break
        run.now = max(run.now, min(timers))
        secc.handle_timer(run.now)
        evcc.handle_timer(run.now)
    _drain(run)
    return run


def _drain(run: Run) -> None:
    while (t := run.secc.next_trace()) is not None:
        run.secc_trace.append(t)
    while (t := run.evcc.next_trace()) is not None:
        run.evcc_trace.append(t)
