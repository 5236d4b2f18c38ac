"""What the replay machines share (:mod:`v2g.capture.replay`, :mod:`v2g.capture.replay_secc`): their
configuration, the report's events and result, and the base that keeps output, trace and notes."""

from __future__ import annotations

import collections
from dataclasses import dataclass, field
from typing import Any

import exi
from v2g.apphand import NAMESPACE_SCHEMAS
from v2g.capture.replay_script import Script, differences, key_values, name
from v2g.evcc import EvccTimeouts


@dataclass(frozen=True)
class ReplayConfig:
    fast: bool = False
    """Send at once instead of with the recorded pacing (the car's think time, the charger's delay)."""
    timeouts: EvccTimeouts = field(default_factory=EvccTimeouts)
    """The message timeouts an answer is held to (TIMING.md), and V2G_EVCC_Ongoing_Timeout."""
    answer_timeout: float = 10.0
    """Seconds to wait for a late answer before giving up on it (beyond its limit, to measure it)."""
    wall_offset: float = 0.0
    """Wall-clock time minus ``now``: the TimeStamp of ISO 15118-20 headers."""
    notes_per_field: int = 3
    """Value notes kept per (message, field); the rest are counted."""
    ongoing_interval: float = 0.05
    """With ``fast``: seconds between the requests repeated while the live side says Ongoing (a
    car does not hammer a busy charger; the recorded pacing uses the recorded think time)."""


@dataclass(frozen=True, slots=True)
class ReplayEvent:
    """One line of the replay's report."""

    at: float
    """Seconds since the connection opened."""
    kind: str
    """``exchange``, ``divergence`` (fails the replay) or ``note``."""
    text: str
    step: int | None = None
    """1-based position of the recorded exchange."""
    fields: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "at": round(self.at, 6),
            "kind": self.kind,
            "step": self.step,
            "text": self.text,
            **self.fields,
        }


@dataclass
class ReplayResult:
    steps: int
    """Recorded exchanges of the session."""
    played: int = 0
    """Live exchanges (repeats included)."""
    completed: bool = False
    """The replay reached the recording's end (or its recorded FAILED answer)."""
    divergences: list[ReplayEvent] = field(default_factory=list)
    notes_dropped: int = 0
    reason: str = ""

    @property
    def ok(self) -> bool:
        """The live side behaved like the recording."""
        return self.completed and not self.divergences


class ReplayBase:
    """What both replay machines share: output, trace, report."""

    def __init__(self, script: Script, config: ReplayConfig, now: float) -> None:
        self.script = script
        self.config = config
        self.start = now
        self.closed = False
        self.result = ReplayResult(len(script.steps))
        self._out: list[tuple[int, bytes]] = []
        self._trace: collections.deque[ReplayEvent] = collections.deque()
        self._note_counts: collections.Counter[tuple[str, str]] = collections.Counter()

    def data_to_send(self) -> list[tuple[int, bytes]]:
        out, self._out = self._out, []
        return out

    def next_trace(self) -> ReplayEvent | None:
        return self._trace.popleft() if self._trace else None

    def _event(self, now: float, kind: str, text: str, step: int | None, **fields: Any) -> ReplayEvent:
        event = ReplayEvent(now - self.start, kind, text, step, fields)
        self._trace.append(event)
        if kind == "divergence":
            self.result.divergences.append(event)
        return event

    def _diverge(self, now: float, step: int | None, text: str, *, end: bool, **fields: Any) -> None:
        self._event(now, "divergence", text, step, **fields)
        if end:
            self._end(text)

    def _closed_early(self, now: float, index: int, peer: str) -> None:
        """The live ``peer`` closed the connection with recorded exchanges left, the next at ``index``."""
        left = len(self.script.steps) - index
        self._diverge(
            now,
            index + 1,
            f"the {peer} closed the connection with {left} recorded "
            f"exchange(s) to go (next: {self.script.steps[index].name})",
            end=True,
        )

    def _end(self, reason: str) -> None:
        if not self.closed:
            self.closed = True
            self.result.reason = self.result.reason or reason

    def _value_notes(self, now: float, index: int, live: Any, recorded: Any, schema: str, skip: str) -> None:
        """Notes for the key values of ``live`` that differ from ``recorded`` (bounded per field)."""
        try:
            found = differences(key_values(live, schema), key_values(recorded, schema))
        except exi.ExiError:
            return
        what = name(live)
        for path, a, b in found:
            if path.endswith(skip):
                continue
            key = (what, path)
            self._note_counts[key] += 1
            if self._note_counts[key] > self.config.notes_per_field:
                self.result.notes_dropped += 1
                continue
            self._event(
                now,
                "note",
                f"step {index + 1}: {what} {path} = {_show(a)}, recorded {_show(b)}",
                index + 1,
                message=what,
                path=path,
                live=_plain(a),
                recorded=_plain(b),
            )

    def _wall(self, now: float) -> float:
        return now + self.config.wall_offset


def _show(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | float | str | bool) or value is None else str(value)


def live_schema(offers: Any, schema_id: Any) -> tuple[str | None, str | None]:
    """(namespace, schema) of the offer of a supportedAppProtocolReq that ``schema_id`` names."""
    for offer in getattr(offers, "AppProtocol", ()) or ():
        if offer.SchemaID == schema_id:
            namespace = str(offer.ProtocolNamespace)
            return namespace, NAMESPACE_SCHEMAS.get(namespace)
    return None, None
