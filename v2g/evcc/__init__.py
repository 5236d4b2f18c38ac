"""The EVCC side of a V2G communication session, sans-IO (the mirror of ``v2g.secc``).

``start(now)`` queues the SupportedAppProtocolReq; every response goes to ``receive``; requests
that wait (Ongoing repeats, the paced charging loop) and the message timeouts are timers
(``get_timer`` / ``handle_timer``). Once ``closed`` is True, ``result`` says how it ended.

After the handshake the negotiated protocol's :class:`~v2g.evcc._spec.EvccSpec` (DIN 70121 and
ISO 15118-2 built in, ``EvccConfig.specs`` adds more) drives the session. The boundary is closed:
a FAILED response, a timeout, an unexpected message or an EV controller that raises ends the
session with the reason in ``result``; no exception leaves ``receive`` or ``handle_timer``.

The protocols it knows are in :mod:`v2g.evcc._registry`; what it offers on the connection's
transport security and the check of the SECC's choice in :mod:`v2g.evcc._negotiation`.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import Any

import exi
from exi.app import generated_types as app
from v2g import apphand, signing
from v2g.apphand import DIN
from v2g.clock import Timer, earliest
from v2g.controller import EvController
from v2g.envelope import Outgoing, Rx
from v2g.errors import EvccAbort
from v2g.evcc._machine import EvccConfig, EvccContext, EvccResult, EvccState, EvccTimeouts, Step
from v2g.evcc._negotiation import accept, allowed_offers, none_allowed, offer_request
from v2g.evcc._registry import BUILT_IN as BUILT_IN  # the built-in protocols (re-exported)
from v2g.evcc._registry import BUILT_IN_LATER as BUILT_IN_LATER
from v2g.evcc._registry import spec_for as _spec_for
from v2g.evcc._spec import EvccSpec
from v2g.security import TlsVersion, TransportSecurity
from v2g.trace import TraceRecord
from v2g.v2gtp import PayloadType

__all__ = ["EvccConfig", "EvccResult", "EvccSession", "EvccSpec", "EvccState", "EvccTimeouts", "TraceRecord"]

log = logging.getLogger(__name__)

_BEFORE_THE_LOOP = frozenset(
    {
        EvccState.SERVICE_DISCOVERY,
        EvccState.SERVICE_DETAIL,
        EvccState.PAYMENT_SELECTION,
        EvccState.PAYMENT_DETAILS,
        EvccState.CERTIFICATE_INSTALLATION,
        EvccState.CERTIFICATE_UPDATE,
        EvccState.AUTHORIZATION_SETUP,
        EvccState.AUTHORIZATION,
        EvccState.SERVICE_SELECTION,
        EvccState.CHARGE_PARAMETER,
        EvccState.SCHEDULE_EXCHANGE,
        EvccState.CABLE_CHECK,
        EvccState.PRE_CHARGE,
        EvccState.POWER_DELIVERY_START,
    }
)
"""States whose next request would go on setting up: a requested stop sends SessionStop instead."""

def _name(message: Any) -> str:
    body = getattr(getattr(message, "Body", None), "BodyElement", None)
    return type(body if body is not None else message).__name__


class EvccSession:
    def __init__(
        self,
        config: EvccConfig,
        controller: EvController,
        now: float,
        *,
        wall: float | None = None,
        security: TransportSecurity | None = None,
        tls: bool = False,
    ) -> None:
        """``wall``: the Unix time at ``now`` (handlers' wall-clock time; default: ``now``).
        ``security``: what protects the connection (the runner tells it through
        :meth:`transport_opened`, which also starts the session); only the protocols it allows are
        offered (:mod:`v2g.security`). None: not known, every protocol of the config is offered.
        ``tls``: the connection is TLS (Plug & Charge is used only then; a TLS ``security`` says so
        too)."""
        self.config = config
        self.security = security
        self._ctx = EvccContext(config, controller)
        self._ctx.tls = tls
        self._ctx.contract = config.contract
        self._wall_offset = 0.0 if wall is None else wall - now
        self._offers: tuple[apphand.AppProtocol, ...] = ()
        self._spec: EvccSpec | None = None
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

    def transport_opened(self, security: TransportSecurity, now: float) -> None:
        """The connection is up, with this protection: the session starts (if it has not yet)."""
        if self._result is None and not self._setup_timer.running:
            self.security = security
            self._ctx.tls = self._ctx.tls or security.tls is not TlsVersion.NONE
            self.start(now)
        elif self._spec is None:
            self.security = security  # started already: the SECC's choice is checked against it

    def start(self, now: float) -> None:
        if self._setup_timer.running or self._closing:
            return
        offers = allowed_offers(self.config.protocols, self.security)  # [V2G20-1237]
        if not offers:
            self._finish(False, none_allowed(self.config.protocols, self.security), now)
            return
        self._offers = offers
        self._setup_timer.start(now, self.config.timeouts.communication_setup)
        if DIN in self.config.protocols:
            self._ready_timer.start(now, self.config.timeouts.ready_to_charge)
        req = offer_request(offers)
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
            try:
                self._send_step(step, now)
            except Exception as exc:  # noqa: BLE001 - an EV controller fault while sending: end, keep why
                log.error("EVCC: controller error: %r", exc)
                self._finish(False, f"EV controller error: {exc!r}", now)

    def request_stop(self, now: float, reason: str = "stop requested") -> bool:
        """Stop as the protocol says (Ctrl-C, a tester's stop): in the charging loop the next step is
        PowerDelivery(Stop), WeldingDetection (DC) and SessionStop; before it, SessionStop after
        the response being waited for. The session then ends normally with ``reason``. False when
        there is no session to stop (not negotiated yet, or over): the caller closes the connection."""
        if self._closing or self._spec is None:
            return False
        if self._ctx.stop_requested:
            return True
        self._ctx.stop_requested = reason
        pending = self._pending
        if pending is not None and pending.state in _BEFORE_THE_LOOP:
            self._pending = None  # an Ongoing repeat not sent yet: stop instead
            self._send_timer.cancel()
            self._apply(pending, now)  # becomes the stop request (see _apply)
        return True

    def hold_pre_charge(self, hold: bool) -> None:
        """Keep PreCharge going once the voltage is reached, until released (a bridge waits for the
        vehicle behind it); the PreCharge time limit still ends a hold that lasts too long."""
        self._ctx.pre_charge_hold = hold

    def connection_lost(self, now: float) -> None:
        """The runner saw the TCP connection close."""
        self._finish(False, "connection closed by the SECC", now)

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        if self._closing:
            return
        spec = self._spec
        schema = "app" if spec is None else spec.envelope.reads.get(payload_type)
        if schema is None or (spec is None and payload_type != PayloadType.EXI):
            return  # not a payload type of this protocol: not for the session
        try:
            if spec is None:
                self._handshake(payload, now)
            else:
                self._response(spec, schema, payload, now)
        except EvccAbort as exc:
            self._finish(False, str(exc), now)
        except Exception as exc:  # noqa: BLE001 - the EV controller (tester code) failed: end, keep why
            log.error("EVCC: controller error: %r", exc)
            self._finish(False, f"EV controller error: {exc!r}", now)

    # ------------------------------------------------------------------------------ internals

    def _record(
        self, direction: str, now: float, schema: str, message: Any, raw: bytes, name: str = ""
    ) -> None:
        if not self.config.trace:
            return
        name = name or (_name(message) if message is not None else "undecodable")
        self._trace.append(TraceRecord(direction, now, schema, name, message, raw))

    def _send_message(
        self,
        schema: str,
        message: Any,
        expect: str,
        timeout: float,
        now: float,
        payload_type: int = PayloadType.EXI,
        name: str = "",
    ) -> None:
        try:
            data = exi.encode(message)
        except exi.ExiError as exc:
            self._finish(False, f"could not encode {name or _name(message)}: {exc}", now)
            return
        self._out.append((int(payload_type), data))
        self._record("tx", now, schema, message, data, name)
        self._waiting_for = expect
        self._response_timer.start(now, timeout)

    def _send_step(self, step: Step, now: float) -> None:
        spec = self._spec
        assert spec is not None
        self._state = step.state
        body = step.request
        name = type(body).__name__
        if self._ready_timer.running and getattr(body, "ReadyToChargeState", False):
            self._ready_timer.cancel()  # DIN PowerDeliveryReq(ReadyToChargeState=TRUE): in time
        sid = self._ctx.session_id or self.config.resume_session_id or spec.envelope.no_session
        message = spec.envelope.join(body, Outgoing(sid, now + self._wall_offset))
        if step.sign:  # Plug & Charge: signed with the contract (or OEM provisioning) key
            profile = "iso20" if spec.name.startswith("iso20") else "iso2"  # -20: P-521 or Ed448 suites
            message = signing.sign(message, step.sign, step.key or self._ctx.contract.key, profile)
        timeout = self.config.timeouts.message(spec.name, name)
        self._send_message(
            spec.envelope.schema_of(body),
            message,
            name.removesuffix("Req") + "Res",
            timeout,
            now,
            spec.envelope.payload_type(body),
            name,
        )

    def _apply(self, step: Step, now: float) -> None:
        ctx = self._ctx
        if ctx.stop_requested and step.request is not None and step.state in _BEFORE_THE_LOOP:
            # a stop was asked before the charging loop: SessionStop instead of the next set-up step
            assert self._spec is not None
            ctx.stop_reason = ctx.stop_requested
            step = Step(self._spec.stop_request(ctx), EvccState.SESSION_STOP, reason=ctx.stop_requested)
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
        chosen = accept(self._offers, msg, self.security)
        self._setup_timer.cancel()
        if chosen.namespace == apphand.NS_DIN and not self.config.energy_mode.is_dc:
            raise EvccAbort("DIN 70121 was negotiated, but it is DC only")
        if chosen.namespace != apphand.NS_DIN:
            self._ready_timer.cancel()  # a DIN 70121 timer
        self._namespace = chosen.namespace
        spec = self._spec = _spec_for(self.config, chosen.namespace)
        self._ctx.protocol = spec.name
        self._apply(Step(spec.first_request(self._ctx, now), EvccState.SESSION_SETUP), now)

    def _response(self, spec: EvccSpec, schema: str, payload: bytes, now: float) -> None:
        try:
            msg = exi.decode(payload, schema)
        except exi.ExiError as exc:
            self._record("rx", now, schema, None, payload)
            raise EvccAbort("undecodable response") from exc
        header, body = spec.envelope.split(msg)
        name = type(body).__name__ if body is not None else type(msg).__name__
        self._record("rx", now, schema, msg, payload, name)
        if self._pending is not None or not self._response_timer.running:
            raise EvccAbort(f"unsolicited {name}")
        self._response_timer.cancel()
        ctx = self._ctx
        handler = spec.table.get((self._state, type(body)))
        if handler is None:
            raise EvccAbort(f"unexpected {name} while waiting for {self._waiting_for}")
        code = body.ResponseCode.value
        if code.startswith("FAILED") and type(body) not in spec.optional:
            raise EvccAbort(f"{name}: {code}")
        if self._state is EvccState.SESSION_SETUP:
            ctx.session_id = header.SessionID
        elif header.SessionID != ctx.session_id:
            raise EvccAbort(f"{name} carries another SessionID")
        self._apply(handler(ctx, body, Rx(header, now, now + self._wall_offset)), now)
