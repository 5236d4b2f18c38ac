"""The EVCC side of a V2G communication session, sans-IO (the mirror of ``v2g.secc``).

``start(now)`` queues the SupportedAppProtocolReq; every response goes to ``receive``; requests
that wait (Ongoing repeats, the paced charging loop) and the message timeouts are timers
(``get_timer`` / ``handle_timer``). Once ``closed`` is True, ``result`` says how it ended.
"""

from __future__ import annotations

from collections import deque
from types import ModuleType
from typing import Any

import exi
from exi.app import generated_types as app
from v2g import apphand
from v2g.apphand import DIN
from v2g.clock import Timer, earliest
from v2g.controller import EvController
from v2g.errors import EvccAbort
from v2g.evcc import din, iso2
from v2g.evcc._machine import EvccConfig, EvccContext, EvccResult, EvccState, EvccTimeouts, Step
from v2g.trace import TraceRecord
from v2g.v2gtp import PayloadType

__all__ = ["EvccConfig", "EvccResult", "EvccSession", "EvccState", "EvccTimeouts", "TraceRecord"]

_MODULES: dict[str, ModuleType] = {apphand.NS_DIN: din, apphand.NS_ISO2: iso2}


def _name(message: Any) -> str:
    body = getattr(getattr(message, "Body", None), "BodyElement", None)
    return type(body if body is not None else message).__name__


class EvccSession:
    def __init__(self, config: EvccConfig, controller: EvController, now: float) -> None:
        self.config = config
        self._ctx = EvccContext(config, controller)
        self._offers = apphand.offers_for(config.protocols)
        self._module: ModuleType | None = None
        self._namespace: str | None = None
        self._state = EvccState.SUPPORTED_APP_PROTOCOL
        self._out: list[tuple[int, bytes]] = []
        self._trace: deque[TraceRecord] = deque()
        self._closing = False
        self._result: EvccResult | None = None
        self._setup_timer = Timer("V2G_EVCC_CommunicationSetup")
        self._response_timer = Timer("message timeout")
        self._send_timer = Timer("next request")
        self._ready_timer = Timer("V2G_EVCC_ReadyToCharge")
        self._pending: Step | None = None
        self._waiting_for = ""
        self._stop_request = ""

    # ------------------------------------------------------------------------------ properties

    @property
    def closed(self) -> bool:
        return self._closing and not self._out

    @property
    def protocol(self) -> str | None:
        return self._namespace

    @property
    def session_id(self) -> bytes | None:
        return self._ctx.session_id or None

    @property
    def state(self) -> EvccState:
        return self._state

    @property
    def context(self) -> EvccContext:
        return self._ctx

    @property
    def result(self) -> EvccResult | None:
        return self._result

    # ------------------------------------------------------------------------------ sans-IO API

    def start(self, now: float) -> None:
        if self._setup_timer.running or self._closing:
            return
        self._setup_timer.start(now, self.config.timeouts.communication_setup)
        if DIN in self.config.protocols:
            self._ready_timer.start(now, self.config.timeouts.ready_to_charge)
        req = app.supportedAppProtocolReq(
            AppProtocol=tuple(
                app.AppProtocolType(
                    ProtocolNamespace=o.namespace,
                    VersionNumberMajor=o.major,
                    VersionNumberMinor=o.minor,
                    SchemaID=o.schema_id,
                    Priority=o.priority,
                )
                for o in self._offers
            )
        )
        self._send_message(
            "app", req, "supportedAppProtocolRes", self.config.timeouts.supported_app_protocol, now
        )

    def data_to_send(self) -> list[tuple[int, bytes]]:
        out, self._out = self._out, []
        return out

    def next_trace(self) -> TraceRecord | None:
        return self._trace.popleft() if self._trace else None

    def get_timer(self) -> float | None:
        if self._closing:
            return None
        return earliest(
            (
                self._setup_timer.deadline,
                self._response_timer.deadline,
                self._send_timer.deadline,
                self._ready_timer.deadline,
            )
        )

    def handle_timer(self, now: float) -> None:
        if self._closing:
            return
        if self._response_timer.expired(now):
            self._finish(False, f"timeout waiting for {self._waiting_for}", now)
        elif self._setup_timer.expired(now):
            self._finish(False, "communication setup timeout", now)
        elif self._ready_timer.expired(now):
            # DIN 70121 Table 77 V2G_EVCC_ReadyToCharge_Timeout: not ready to charge in time, give up
            limit = self.config.timeouts.ready_to_charge
            self._finish(False, f"not ready to charge {limit:g} s after plug-in (ReadyToCharge timeout)", now)
        elif self._send_timer.expired(now) and self._pending is not None:
            step, self._pending = self._pending, None
            self._send_timer.cancel()
            self._send_step(step, now)

    def connection_lost(self, now: float) -> None:
        """The runner saw the TCP connection close."""
        self._finish(False, "connection closed by the SECC", now)

    def request_stop(self, now: float, reason: str = "stop requested") -> bool:
        """Stop charging as the protocol does when the EV's user stops it: the charging loop's next
        request becomes PowerDeliveryReq(Stop), then WeldingDetection (DC) and SessionStopReq, sent
        when the loop's would have been (a request awaiting its answer is answered first). False when
        not charging (no power to stop: the caller closes the connection); True when stopping already."""
        if self._closing:
            return False
        if self._state in (EvccState.POWER_DELIVERY_STOP, EvccState.WELDING, EvccState.SESSION_STOP):
            return True
        if self._state not in (EvccState.POWER_DELIVERY_START, EvccState.CHARGING):
            return False
        self._stop_request = reason
        if self._pending is not None:  # the loop's pause
            self._pending = self._stop_step(now)
        return True

    def _stop_step(self, now: float) -> Step:
        ctx = self._ctx
        ctx.stop_reason = self._stop_request
        if self._module is din:
            return Step(din._power_delivery_req(ctx, False, now), EvccState.POWER_DELIVERY_STOP)
        return Step(iso2._power_delivery_req(ctx, iso2.P.Stop, now), EvccState.POWER_DELIVERY_STOP)

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        if self._closing or payload_type != PayloadType.EXI:
            return
        try:
            if self._module is None:
                self._handshake(payload, now)
            else:
                self._response(self._module, payload, now)
        except EvccAbort as exc:
            self._finish(False, str(exc), now)

    # ------------------------------------------------------------------------------ internals

    def _record(self, direction: str, now: float, schema: str, message: Any, raw: bytes) -> None:
        if not self.config.trace:
            return
        name = _name(message) if message is not None else "undecodable"
        self._trace.append(TraceRecord(direction, now, schema, name, message, raw))

    def _send_message(self, schema: str, message: Any, expect: str, timeout: float, now: float) -> None:
        try:
            data = exi.encode(message)
        except exi.ExiError as exc:
            self._finish(False, f"could not encode {_name(message)}: {exc}", now)
            return
        self._out.append((int(PayloadType.EXI), data))
        self._record("tx", now, schema, message, data)
        self._waiting_for = expect
        self._response_timer.start(now, timeout)

    def _send_step(self, step: Step, now: float) -> None:
        module = self._module
        assert module is not None
        self._state = step.state
        name = type(step.request).__name__
        if self._ready_timer.running and getattr(step.request, "ReadyToChargeState", False):
            self._ready_timer.cancel()  # DIN PowerDeliveryReq(ReadyToChargeState=TRUE): in time
        sid = self._ctx.session_id or self.config.resume_session_id or b"\x00"
        timeout = self.config.timeouts.message(module.SCHEMA, name)
        self._send_message(
            module.SCHEMA, module.wrap(sid, step.request), name.removesuffix("Req") + "Res", timeout, now
        )

    def _apply(self, step: Step, now: float) -> None:
        if self._stop_request and step.state is EvccState.CHARGING:
            step = self._stop_step(now)
        if step.request is None:
            self._finish(True, step.reason, now)
        elif step.delay > 0:
            self._pending = step
            self._state = step.state
            self._send_timer.start(now, step.delay)
        else:
            self._send_step(step, now)

    def _finish(self, ok: bool, reason: str, now: float) -> None:
        if self._closing:
            return
        self._closing = True
        self._state = EvccState.ENDED
        self._pending = None
        for t in (self._setup_timer, self._response_timer, self._send_timer, self._ready_timer):
            t.cancel()
        ctx = self._ctx
        self._result = EvccResult(
            ok,
            reason,
            self._namespace,
            ctx.session_id or None,
            ctx.loop_count,
            ctx.controller.soc(now),
            ctx.paused,
        )

    def _handshake(self, payload: bytes, now: float) -> None:
        try:
            msg = exi.decode(payload, "app")
        except exi.ExiError as exc:
            self._record("rx", now, "app", None, payload)
            raise EvccAbort("undecodable supportedAppProtocolRes") from exc
        self._record("rx", now, "app", msg, payload)
        if not isinstance(msg, app.supportedAppProtocolRes):
            raise EvccAbort(f"expected supportedAppProtocolRes, got {_name(msg)}")
        self._response_timer.cancel()
        try:
            chosen = apphand.accept_response(
                self._offers, apphand.ResponseCode(msg.ResponseCode.value), msg.SchemaID
            )
        except apphand.HandshakeError as exc:
            raise EvccAbort(str(exc)) from exc
        self._setup_timer.cancel()
        if chosen.namespace == apphand.NS_DIN and not self.config.energy_mode.is_dc:
            raise EvccAbort("DIN 70121 was negotiated, but it is DC only")
        if chosen.namespace != apphand.NS_DIN:
            self._ready_timer.cancel()  # a DIN 70121 timer
        self._namespace = chosen.namespace
        self._module = _MODULES[chosen.namespace]
        self._ctx.protocol = self._module.SCHEMA
        self._apply(Step(self._module.session_setup_req(self._ctx, now), EvccState.SESSION_SETUP), now)

    def _response(self, module: ModuleType, payload: bytes, now: float) -> None:
        schema: str = module.SCHEMA
        try:
            msg = exi.decode(payload, schema)
        except exi.ExiError as exc:
            self._record("rx", now, schema, None, payload)
            raise EvccAbort("undecodable response") from exc
        self._record("rx", now, schema, msg, payload)
        if self._pending is not None or not self._response_timer.running:
            raise EvccAbort(f"unsolicited {_name(msg)}")
        body = msg.Body.BodyElement
        self._response_timer.cancel()
        ctx = self._ctx
        handler = module.TABLE.get((self._state, type(body)))
        if handler is None:
            raise EvccAbort(f"unexpected {_name(msg)} while waiting for {self._waiting_for}")
        code = body.ResponseCode.value
        if code.startswith("FAILED"):
            raise EvccAbort(f"{_name(msg)}: {code}")
        if self._state is EvccState.SESSION_SETUP:
            ctx.session_id = msg.Header.SessionID
        elif msg.Header.SessionID != ctx.session_id:
            raise EvccAbort(f"{_name(msg)} carries another SessionID")
        self._apply(handler(ctx, body, now), now)
