"""The charger's side of a replay: answer a live EVCC with the recorded SECC's responses, sans-IO.

Each live request is matched to the recorded exchanges in order (the cursor):

* the request the recording has next: its recorded response;
* the request just answered, again (the live car repeats beyond the recording: a longer charging
  loop, one more PreCharge, another request while Ongoing): the same recorded response again;
* a request after a run of recorded repeats the live car did not make (it finished pre-charge
  sooner, stopped its charging loop earlier, took Finished at once): the rest of that run is
  skipped;
* anything else is a divergence and ends the connection, as would the recording's end.

The handshake's SchemaID is the live car's own for the recorded namespace; the SessionID is the
recorded one (the recorded SessionSetupRes assigns it), ISO 15118-20 TimeStamps are the current
time. With recorded pacing each response leaves after the recorded charger's response time.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import exi
from v2g.capture.replay_report import ReplayBase, ReplayConfig
from v2g.capture.replay_script import HANDSHAKE, Script, name, response_code, rewrite_header
from v2g.payloads import ISO20_PAYLOAD_SCHEMAS


class ReplaySecc(ReplayBase):
    """Answers a live EVCC with the recorded responses (see the module docstring)."""

    def __init__(self, script: Script, config: ReplayConfig, now: float) -> None:
        super().__init__(script, config, now)
        self._cursor = 0
        self._handshake_done = False
        self._pending: list[tuple[float, int, bytes, bool]] = []
        """(send at, payload type, payload, last) in order."""
        self._repeats = 0

    # --- SessionCore ------------------------------------------------------------------------------

    def get_timer(self) -> float | None:
        if self.closed or not self._pending:
            return None
        return self._pending[0][0]

    def handle_timer(self, now: float) -> None:
        self._flush(now)

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        if self.closed:
            return
        script = self.script
        schema = script.schema if self._handshake_done else HANDSHAKE
        schema = ISO20_PAYLOAD_SCHEMAS.get(payload_type, schema or "din")
        try:
            live = exi.decode(payload, schema)
        except exi.ExiError as exc:
            self._diverge(
                now, self._cursor + 1, f"a request that does not decode ({schema}): {exc}", end=True
            )
            return
        self.result.played += 1
        index = self._match(name(live), now)
        if index is None:
            return
        step = script.steps[index]
        recorded = step.response
        if recorded is None or recorded.message is None:
            self.result.completed = True
            self._end("the recording's end")
            return
        self._event(
            now,
            "exchange",
            f"{index + 1:4d} {step.name} -> {recorded.name} {response_code(recorded.message) or ''}",
            index + 1,
            request=step.name,
            response=recorded.name,
            response_code=response_code(recorded.message),
        )
        answer = recorded.message
        if schema == HANDSHAKE:
            answer = self._schema_id(live, answer, index, now)
            self._handshake_done = True
        else:
            self._value_notes(now, index, live, step.request.message, schema, "\0")
            answer = rewrite_header(answer, None, self._wall(now))
        code = str(response_code(answer) or "")
        last = self._cursor >= len(script.steps) or code.upper().startswith("FAILED")
        delay = 0.0 if self.config.fast or step.delay is None else step.delay
        self._pending.append(
            (now + delay, recorded.payload_type, exi.encode(answer, recorded.schema or schema), last)
        )
        self._flush(now)

    def connection_lost(self, now: float) -> None:
        if self.closed:
            return
        if self._cursor >= len(self.script.steps):
            self.result.completed = True
            self._end("the EVCC closed the connection")
            return
        self._closed_early(now, self._cursor, "EVCC")

    # --- internals --------------------------------------------------------------------------------

    def _flush(self, now: float) -> None:
        while self._pending and self._pending[0][0] <= now and not self.closed:
            _, payload_type, data, last = self._pending.pop(0)
            self._out.append((payload_type, data))
            if last:
                self.result.completed = True
                self._end("the recording's end")

    def _match(self, request: str, now: float) -> int | None:
        steps = self.script.steps
        cursor = self._cursor
        if cursor < len(steps) and steps[cursor].name == request:
            self._cursor += 1
            self._repeats = 0
            return cursor
        if cursor > 0 and steps[cursor - 1].name == request:
            self._repeats += 1
            if self._repeats == 1:
                self._event(
                    now,
                    "note",
                    f"step {cursor}: the EVCC repeats {request} beyond the recording: answering it again",
                    cursor,
                )
            return cursor - 1
        skip = cursor
        while cursor > 0 and skip < len(steps) and steps[skip].name == steps[cursor - 1].name:
            skip += 1
        if skip < len(steps) and steps[skip].name == request:
            self._event(
                now,
                "note",
                f"step {cursor + 1}: the EVCC went on to {request}: {skip - cursor} recorded "
                f"{steps[cursor].name} skipped",
                cursor + 1,
            )
            self._cursor = skip + 1
            self._repeats = 0
            return skip
        if cursor >= len(steps):
            self.result.completed = True
            self._end(f"the recording's end (the EVCC sent {request})")
            return None
        self._diverge(
            now,
            cursor + 1,
            f"step {cursor + 1}: the EVCC sent {request}, recorded {steps[cursor].name}",
            end=True,
            message=request,
            recorded=steps[cursor].name,
        )
        return None

    def _schema_id(self, live: Any, answer: Any, index: int, now: float) -> Any:
        """The recorded supportedAppProtocolRes with the live car's SchemaID for the recorded namespace."""
        if not str(response_code(answer) or "").startswith("OK"):
            return answer
        for offer in getattr(live, "AppProtocol", ()) or ():
            if str(offer.ProtocolNamespace) == self.script.namespace:
                return dataclasses.replace(answer, SchemaID=offer.SchemaID)
        self._diverge(
            now,
            index + 1,
            f"step {index + 1}: the EVCC does not offer {self.script.namespace}",
            end=False,
            namespace=self.script.namespace,
        )
        return answer
