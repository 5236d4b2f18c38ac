"""Our SECC session made to misbehave on purpose, for the replay's divergence report."""

from __future__ import annotations

import dataclasses
from typing import Any

import exi
from v2g.capture.replay_script import name
from v2g.secc import SeccSession


class Broken:
    """Our SECC session with one answer changed: ``code`` replaces the ResponseCode of the first
    ``wrong`` answer, the first ``late`` answer leaves ``delay`` seconds late, and the first
    ``swap`` answer is replaced by the payload ``instead``."""

    def __init__(
        self,
        inner: SeccSession,
        *,
        wrong: str = "",
        code: str = "",
        late: str = "",
        delay: float = 0.0,
        swap: str = "",
        instead: bytes = b"",
    ) -> None:
        self.inner, self.wrong, self.code, self.late, self.delay = inner, wrong, code, late, delay
        self.swap, self.instead = swap, instead
        self.held: list[tuple[float, int, bytes]] = []
        self.now = 0.0

    @property
    def closed(self) -> bool:
        return self.inner.closed and not self.held

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        self.now = now
        self.inner.receive(payload_type, payload, now)

    def data_to_send(self) -> list[tuple[int, bytes]]:
        out = []
        for payload_type, payload in self.inner.data_to_send():
            schema = "app" if payload_type == 0x8001 and payload[:2] == b"\x80\x40" else "din"
            try:
                message = exi.decode(payload, schema)
            except exi.ExiError:
                out.append((payload_type, payload))
                continue
            what = name(message)
            if what == self.swap:
                self.swap = ""
                payload = self.instead
            if what == self.wrong:
                self.wrong = ""
                element = message.Body.BodyElement
                element = _with_code(element, self.code)
                payload = exi.encode(_with_body(message, element), schema)
            if what == self.late:
                self.late = ""
                self.held.append((self.now + self.delay, payload_type, payload))
                continue
            out.append((payload_type, payload))
        due = [h for h in self.held if h[0] <= self.now]
        self.held = [h for h in self.held if h[0] > self.now]
        return out + [(t, p) for _, t, p in due]

    def get_timer(self) -> float | None:
        timers = [t for t in (self.inner.get_timer(), *(h[0] for h in self.held)) if t is not None]
        return min(timers) if timers else None

    def handle_timer(self, now: float) -> None:
        self.now = now
        timer = self.inner.get_timer()
        if timer is not None and timer <= now:
            self.inner.handle_timer(now)

    def next_trace(self) -> object:
        return self.inner.next_trace()

    def connection_lost(self, now: float) -> None:
        self.inner.connection_lost(now)


def _with_code(element: Any, code: str) -> Any:
    field_type = type(element.ResponseCode)
    return dataclasses.replace(element, ResponseCode=field_type(code))


def _with_body(message: Any, element: Any) -> Any:
    return dataclasses.replace(message, Body=dataclasses.replace(message.Body, BodyElement=element))
