"""Replay of a captured session against a live peer, sans-IO.

:class:`ReplayEvcc` plays the recorded car's requests to a live SECC; :class:`ReplaySecc`
(:mod:`v2g.capture.replay_secc`) answers a live EVCC with the recorded charger's responses. Both are
session cores (:class:`v2g.connection.SessionCore`): whole V2GTP payloads in, payloads out, ``now``
passed in, one timer (the next paced send, or how long an answer may take). A
:class:`v2g.connection.Connection` frames them; :mod:`v2g.aio.replay` moves the bytes.

Adapted to the live side, as a car or charger would:

* the SessionID: the live SECC's SessionSetupRes assigns one; every later request carries it (a
  recorded SessionID of an earlier replayed session, e.g. a resumed one, maps to its live one);
* Ongoing: a request the car repeated while the recorded charger answered EVSEProcessing=Ongoing is
  repeated while the live one says Ongoing (and no longer), up to V2G_EVCC_Ongoing_Timeout;
* the protocol: the handshake's SchemaID names the live side's own offer of the recorded namespace.

Each live answer is compared with the recorded one (:class:`ReplayEvent`): a different message
type, a different ResponseCode, a negotiation of another protocol, no answer, an answer later than
the standard's message timeout (TIMING.md) and a connection closed before the recording's end are
*divergences* (the replay fails); key values that differ (voltages, EVSEProcessing, status codes,
see :data:`~v2g.capture.replay_script.KEY_FIELDS`) are *notes*.
"""

from __future__ import annotations

from typing import Any

import exi
from v2g.capture.replay_report import ReplayBase, ReplayConfig, ReplayEvent, ReplayResult, live_schema
from v2g.capture.replay_script import (
    HANDSHAKE,
    Script,
    Step,
    is_ongoing,
    name,
    response_code,
    rewrite_header,
    session_id_of,
)
from v2g.payloads import ISO20_PAYLOAD_SCHEMAS

__all__ = ["ReplayConfig", "ReplayEvcc", "ReplayEvent", "ReplayResult"]


class ReplayEvcc(ReplayBase):
    """Plays the recorded car's requests to a live SECC (see the module docstring).

    ``ids`` maps recorded SessionIDs to live ones; share one dict across the sessions of a capture
    replayed in order, so that a resumed session resumes the live one."""

    def __init__(
        self, script: Script, config: ReplayConfig, now: float, ids: dict[bytes, bytes] | None = None
    ) -> None:
        super().__init__(script, config, now)
        self.ids: dict[bytes, bytes] = {} if ids is None else ids
        self._index = 0
        self._schema: str | None = None
        """The live session's schema, once negotiated."""
        self._sent_at: float | None = None
        self._send_at: float | None = now
        self._ongoing_since: float | None = None
        self._repeats = 0
        self._failed = False
        """The last live answer was a FAILED one (the same as recorded)."""
        self._send(now)  # the car speaks first, as soon as the connection is up

    # --- SessionCore ------------------------------------------------------------------------------

    def get_timer(self) -> float | None:
        if self.closed:
            return None
        if self._send_at is not None:
            return self._send_at
        if self._sent_at is not None:
            return self._sent_at + self._limit(self.script.steps[self._index]) + self.config.answer_timeout
        return None

    def handle_timer(self, now: float) -> None:
        if self.closed:
            return
        if self._send_at is not None and now >= self._send_at:
            self._send(now)
        elif self._sent_at is not None:
            step = self.script.steps[self._index]
            waited = now - self._sent_at
            if waited >= self._limit(step) + self.config.answer_timeout:
                self._diverge(
                    now,
                    self._index + 1,
                    f"step {self._index + 1}: no answer to {step.name} within "
                    f"{waited:.3f} s (limit {self._limit(step):g} s)",
                    end=True,
                    request=step.name,
                )

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        if self.closed:
            return
        index = self._index
        if self._sent_at is None:
            self._diverge(
                now, index + 1, f"an unasked message ({len(payload)} bytes) from the SECC", end=True
            )
            return
        step = self.script.steps[index]
        schema = (
            HANDSHAKE if step.request.schema == HANDSHAKE else (self._schema or step.request.schema or "din")
        )
        schema = ISO20_PAYLOAD_SCHEMAS.get(payload_type, schema)
        try:
            live = exi.decode(payload, schema)
        except exi.ExiError as exc:
            self._diverge(
                now,
                index + 1,
                f"step {index + 1}: the answer to {step.name} does not decode ({schema}): {exc}",
                end=True,
            )
            return
        delay = now - self._sent_at
        self._sent_at = None
        self.result.played += 1
        if self._compare(step, index, live, schema, delay, now):
            self._advance(step, live, now)

    def connection_lost(self, now: float) -> None:
        unanswered = self._index < len(self.script.steps) and self.script.steps[self._index].response is None
        if not self.closed and unanswered and self._sent_at is not None:
            # the capture ends without an answer to this request: no answer is what was recorded
            self._event(
                now,
                "note",
                f"step {self._index + 1}: the SECC closed the connection; the capture "
                f"holds no answer to {self.script.steps[self._index].name} either",
                self._index + 1,
            )
            self.result.completed = True
            self._end("the SECC closed where the capture ends")
        elif not self.closed and self._failed:
            # the recorded charger went on after its FAILED answer; a live one may close, as the standard says
            self._event(
                now,
                "note",
                f"the SECC closed the connection after its FAILED answer (the recording "
                f"goes on with {self.script.steps[self._index].name})",
                self._index + 1,
            )
            self.result.completed = True
            self._end("the SECC closed after a FAILED answer, as recorded")
        elif not self.closed:
            self._closed_early(now, self._index, "SECC")

    # --- internals --------------------------------------------------------------------------------

    def _limit(self, step: Step) -> float:
        timeouts = self.config.timeouts
        if step.request.schema == HANDSHAKE:
            return timeouts.supported_app_protocol
        return timeouts.message(self._schema or step.request.schema or "din", step.name)

    def _send(self, now: float) -> None:
        step = self.script.steps[self._index]
        message = step.request.message
        schema = step.request.schema or "din"
        if schema != HANDSHAKE:
            recorded = session_id_of(message)
            live = self.ids.get(recorded) if recorded is not None else None
            message = rewrite_header(message, live, self._wall(now))
        self._out.append((step.request.payload_type, exi.encode(message, schema)))
        self._send_at = None
        self._sent_at = now

    def _compare(self, step: Step, index: int, live: Any, schema: str, delay: float, now: float) -> bool:
        """Report the exchange; False when the replay cannot go on."""
        live_name, code = name(live), response_code(live)
        recorded = step.response
        rec_name = recorded.name if recorded is not None else None
        rec_code = (
            response_code(recorded.message) if recorded is not None and recorded.message is not None else None
        )
        rec_delay = "" if step.delay is None else f", recorded {step.delay * 1e3:.1f} ms"
        self._event(
            now,
            "exchange",
            f"{index + 1:4d} {step.name} -> {live_name} {code or ''} in {delay * 1e3:.1f} ms{rec_delay}",
            index + 1,
            request=step.name,
            response=live_name,
            response_code=code,
            delay=round(delay, 6),
            recorded=rec_name,
            recorded_code=rec_code,
            recorded_delay=step.delay,
        )
        limit = self._limit(step)
        if delay > limit:
            self._diverge(
                now,
                index + 1,
                f"step {index + 1}: {live_name} late: {delay:.3f} s after {step.name} "
                f"(limit {limit:g} s{rec_delay})",
                end=False,
                message=live_name,
                delay=round(delay, 6),
                limit=limit,
            )
        if recorded is None or recorded.message is None:
            self._event(
                now, "note", f"step {index + 1}: the capture holds no answer to {step.name}", index + 1
            )
            return True
        if live_name != rec_name:
            self._diverge(
                now,
                index + 1,
                f"step {index + 1}: {step.name} answered with {live_name}, recorded {rec_name}",
                end=True,
                message=live_name,
                recorded=rec_name,
            )
            return False
        if code != rec_code:
            failed = code is not None and code.upper().startswith("FAILED")
            self._diverge(
                now,
                index + 1,
                f"step {index + 1}: {live_name} ResponseCode {code}, recorded {rec_code}",
                end=failed,
                message=live_name,
                response_code=code,
                recorded_code=rec_code,
            )
            if failed:
                return False
        if schema == HANDSHAKE:
            return self._negotiated(step, index, live, now)
        self._value_notes(now, index, live, recorded.message, schema, "EVSEProcessing")
        if live_name.startswith("SessionSetupRes"):
            rec_id, live_id = session_id_of(recorded.message), session_id_of(live)
            if rec_id is not None and live_id is not None:
                self.ids[rec_id] = live_id
        return True

    def _negotiated(self, step: Step, index: int, live: Any, now: float) -> bool:
        offers = step.request.message
        live_ns, live_schema_name = live_schema(offers, getattr(live, "SchemaID", None))
        if str(response_code(live) or "").startswith("Failed"):
            return True
        if live_ns != self.script.namespace:
            self._diverge(
                now,
                index + 1,
                f"step {index + 1}: the SECC negotiated {live_ns}, recorded {self.script.namespace}",
                end=True,
                namespace=live_ns,
            )
            return False
        self._schema = live_schema_name
        return True

    def _advance(self, step: Step, live: Any, now: float) -> None:
        steps = self.script.steps
        index = self._index
        nxt = index + 1
        if is_ongoing(live):
            self._ongoing_since = self._ongoing_since if self._ongoing_since is not None else now
            if now - self._ongoing_since > self.config.timeouts.ongoing:
                self._diverge(
                    now,
                    index + 1,
                    f"step {index + 1}: EVSEProcessing Ongoing for longer than "
                    f"{self.config.timeouts.ongoing:g} s",
                    end=True,
                )
                return
            recorded_ongoing = (
                step.response is not None
                and step.response.message is not None
                and is_ongoing(step.response.message)
            )
            if (nxt >= len(steps) or steps[nxt].name != step.name) and not recorded_ongoing:
                nxt = index  # the live SECC is still busy where the recorded one had finished
                self._repeats += 1
                if self._repeats == 1:
                    self._event(
                        now,
                        "note",
                        f"step {index + 1}: the SECC still says Ongoing where the "
                        "recorded one had finished: repeating",
                        index + 1,
                    )
            elif nxt < len(steps) and steps[nxt].name != step.name:
                self._ongoing_since = None  # the recorded car moved on while Ongoing: so does the replay
        else:
            self._ongoing_since = None
            self._repeats = 0
            body_recorded = step.response.message if step.response is not None else None
            if body_recorded is not None and is_ongoing(body_recorded):
                skipped = 0
                while nxt < len(steps) and steps[nxt].name == step.name:
                    nxt += 1
                    skipped += 1
                if skipped:
                    self._event(
                        now,
                        "note",
                        f"step {index + 1}: {name(live)} Finished, the recorded SECC took "
                        f"{skipped} more Ongoing answer(s): skipped",
                        index + 1,
                    )
        self._index = nxt
        self._failed = str(response_code(live) or "").upper().startswith("FAILED")
        if nxt >= len(steps):
            self.result.completed = True
            self._end("the recording's end")
            return
        if not self.config.fast:
            self._send_at = now + steps[nxt].gap
        else:
            self._send_at = now + (self.config.ongoing_interval if is_ongoing(live) else 0.0)
        if self._send_at <= now:
            self._send(now)
