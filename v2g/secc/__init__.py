"""The SECC side of a V2G communication session, sans-IO (aioquic shape).

One :class:`SeccSession` serves one TCP (or TLS) connection: the runner passes each whole V2GTP
payload to :meth:`SeccSession.receive`, sends what :meth:`SeccSession.data_to_send` returns, sleeps
until :meth:`SeccSession.get_timer` and calls :meth:`SeccSession.handle_timer`, and closes the
connection once :attr:`SeccSession.closed` is True. The first message is the
SupportedAppProtocolReq (``v2g.apphand`` picks the protocol); then the negotiated protocol's
:class:`~v2g.secc._spec.SeccSpec` (``SeccConfig.specs``: DIN 70121 and ISO 15118-2 by default)
drives the session through its table.

The boundary here is the only place where a request meets the table (its checks in
:mod:`v2g.secc._routing`), and it is closed: whatever happens while a request is handled (an invalid
request, a request out of sequence, a handler or firmware method that raises, a response that cannot
be encoded), the EVCC gets the paired response (FAILED with only its mandatory content when it went
wrong), the power is switched off and the reason is kept in :attr:`SeccSession.close_reason`. No
exception leaves :meth:`receive`, :meth:`handle_timer` or :meth:`connection_lost`.

Pause and resume: a session paused with ``SessionStopReq(Pause)`` is put into the server's
:class:`SessionStore` (passed to every session as ``store=``); the EVCC comes back on a new
connection, and the new :class:`SeccSession` joins it when the SessionSetupReq carries the paused
SessionID (``OK_OldSessionJoined``).
"""

from __future__ import annotations

import logging
from collections import deque
from typing import Any, cast

import exi
from exi.app import generated_types as app
from v2g.clock import Timer, earliest
from v2g.controller import EvseController, EvseServices, PowerStage
from v2g.envelope import Outgoing
from v2g.errors import SessionError
from v2g.secc._config import PausedSession, SeccConfig, SeccTimeouts, SessionStore
from v2g.secc._machine import SeccContext, SeccState
from v2g.secc._negotiation import answer_handshake
from v2g.secc._registry import BUILT_IN as BUILT_IN  # the built-in protocols (re-exported)
from v2g.secc._registry import spec_for as _spec_for
from v2g.secc._registry import warm_up
from v2g.secc._routing import route_for
from v2g.secc._spec import STAY, Guard, Next, Reply, Route, Rx, SeccSpec
from v2g.security import TlsVersion, TransportSecurity
from v2g.trace import TraceRecord
from v2g.v2gtp import PayloadType

__all__ = [
    "Guard",
    "PausedSession",
    "Reply",
    "Route",
    "Rx",
    "SeccConfig",
    "SeccSession",
    "SeccSpec",
    "SeccState",
    "SeccTimeouts",
    "SessionStore",
    "TraceRecord",
    "warm_up",
]

log = logging.getLogger(__name__)

_SERVICE_METHODS = ("start_authorization", "authorization_status", "compute_schedules", "meter_wh")


class SeccSession:
    def __init__(
        self,
        config: SeccConfig,
        controller: EvseController | PowerStage,
        now: float,
        *,
        wall: float | None = None,
        services: EvseServices | None = None,
        store: SessionStore | None = None,
        security: TransportSecurity | None = None,
        tls: bool = False,
    ) -> None:
        """``controller``: the connector's power stage; ``services``: authorization, schedules and
        meter (default: the controller provides them itself, an :class:`EvseController`).
        ``now``: the runner's monotonic clock; ``wall``: the Unix time at that moment (what the
        handlers get as wall-clock time; without it the monotonic clock stands in, for tests).
        ``store``: the server's paused sessions (default: a store of this session's own, so no
        resume across connections). ``security``: what protects the connection (or told later by
        :meth:`transport_opened`), deciding which protocols may be selected (:mod:`v2g.security`;
        None: not known, a machine driven directly: every protocol of the config). ``tls``: the
        connection is TLS (Plug & Charge needs it; a TLS ``security`` says so too)."""
        self.config = config
        if services is None:
            missing = [n for n in _SERVICE_METHODS if not hasattr(controller, n)]
            if missing:
                raise TypeError(f"{type(controller).__name__} lacks {', '.join(missing)}: pass services=")
            services = EvseServices.of(cast(EvseController, controller))
        self._ctx = SeccContext(config, controller, services, store if store is not None else SessionStore())
        self._ctx.tls = tls
        self._wall_offset = 0.0 if wall is None else wall - now
        self.security = security
        self._spec: SeccSpec[SeccContext] | None = None
        self._state: Any = SeccState.SESSION_SETUP
        self._out: list[tuple[int, bytes]] = []
        self._trace: deque[TraceRecord] = deque()
        self._closing = False
        self.close_reason = ""
        self.fault: BaseException | None = None
        """The firmware exception that ended the session, if one did."""
        self._shutdown = ""
        self._waiting: tuple[SeccSpec[SeccContext], type, Route, Reply] | None = None
        """A request whose reply waits for a service (``Reply.wait``)."""
        self._poll_timer = Timer("reply waits for a service")
        self._setup_timer = Timer("V2G_CommunicationSetup")
        self._setup_timer.start(now, config.timeouts.communication_setup)
        self._sequence_timer = Timer("V2G_SECC_Sequence")

    # ------------------------------------------------------------------------------ properties

    @property
    def closed(self) -> bool:
        return self._closing and not self._out

    @property
    def protocol(self) -> str | None:
        return self._spec.namespace if self._spec is not None else None

    @property
    def spec(self) -> SeccSpec[SeccContext] | None:
        return self._spec

    @property
    def session_id(self) -> bytes | None:
        return self._ctx.session_id or None

    @property
    def state(self) -> Any:
        return self._state

    @property
    def context(self) -> SeccContext:
        """The session data (read it; the machine owns it)."""
        return self._ctx

    # ------------------------------------------------------------------------------ sans-IO API

    def data_to_send(self) -> list[tuple[int, bytes]]:
        out, self._out = self._out, []
        return out

    def next_trace(self) -> TraceRecord | None:
        return self._trace.popleft() if self._trace else None

    def get_timer(self) -> float | None:
        if self._closing:
            return None
        timers = self._setup_timer, self._sequence_timer, self._poll_timer
        return earliest(t.deadline for t in timers)

    def handle_timer(self, now: float) -> None:
        if self._closing:
            return
        if self._waiting is not None and self._poll_timer.expired(now):
            self._poll(now)
        elif self._setup_timer.expired(now):
            self._end("communication setup timeout", now)
        elif self._sequence_timer.expired(now):
            # V2G_SECC_Sequence_Timeout (TIMING.md): no request in time, the SECC closes the session
            self._end("sequence timeout", now)

    def shutdown(self, reason: str, now: float) -> None:
        """The charger goes down (SIGTERM, service): the power is switched off now; the next request
        is answered, SessionStop with OK, anything else with FAILED and EVSE_Shutdown /
        StopCharging (only mandatory content), and the session ends with ``shutdown: reason``.
        Before a protocol is agreed the session ends at once. The runner closes the connection
        after a grace period if no request comes."""
        if self._closing or self._shutdown:
            return
        self._shutdown = reason
        if self._spec is None:
            self._end(f"shutdown: {reason}", now)
            return
        try:
            self._ctx.power.stop_power(now)
        except Exception as exc:  # noqa: BLE001 - firmware fault while switching off: end now, keep why
            self._firmware_fault(exc, "stop_power")
            self._end(f"shutdown: {reason}; controller error in stop_power: {exc!r}", now)

    def transport_opened(self, security: TransportSecurity, now: float) -> None:
        """The connection's protection, from the runner before the first byte (see ``security``)."""
        if self._spec is None:
            self.security = security
            self._ctx.tls = self._ctx.tls or security.tls is not TlsVersion.NONE

    def connection_lost(self, now: float) -> None:
        """The runner saw the TCP connection close: end the session (power off)."""
        self._end("connection closed by the EVCC", now)

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        if self._closing:
            return
        spec = self._spec
        if spec is None:
            if payload_type == PayloadType.EXI:
                self._handshake(payload, now)
            return  # before the handshake only 0x8001 is for the session
        schema = spec.envelope.reads.get(payload_type)
        if schema is None:
            return  # a payload type this protocol does not read is not for the session (discarded)
        self._request(spec, schema, payload, now)

    # ------------------------------------------------------------------------------ internals

    def _record(self, direction: str, now: float, schema: str, name: str, message: Any, raw: bytes) -> None:
        if self.config.trace:
            self._trace.append(TraceRecord(direction, now, schema, name, message, raw))

    def _end(self, reason: str, now: float) -> None:
        if self._closing:
            return
        self._closing = True
        self.close_reason = reason
        self._state = self._spec.ended if self._spec is not None else SeccState.ENDED
        self._setup_timer.cancel()
        self._sequence_timer.cancel()
        self._poll_timer.cancel()
        self._waiting = None
        ctx = self._ctx
        ctx.stop_reason = reason
        try:
            ctx.power.stop_power(now)
        except Exception as exc:  # noqa: BLE001 - firmware fault while switching off: keep the reason
            self._firmware_fault(exc, "stop_power")
        try:
            ctx.power.session_ended(reason, now)
        except Exception as exc:  # noqa: BLE001 - firmware fault in the end notice: keep the reason
            self._firmware_fault(exc, "session_ended")

    def _firmware_fault(self, exc: BaseException, where: str) -> None:
        """Keep and log a firmware exception (the caller decides the answer)."""
        self.fault = self.fault or exc
        log.error("SECC session %s: controller error in %s: %r", self._ctx.session_id.hex(), where, exc)
        if self._closing:  # raised while switching off: add it to why the session ended
            self.close_reason = f"{self.close_reason}; controller error in {where}: {exc!r}"

    def _handshake(self, payload: bytes, now: float) -> None:
        try:
            msg = exi.decode(payload, "app")
        except exi.ExiError:
            self._record("rx", now, "app", "undecodable", None, payload)
            self._end("undecodable SupportedAppProtocolReq", now)
            return
        self._record("rx", now, "app", type(msg).__name__, msg, payload)
        if not isinstance(msg, app.supportedAppProtocolReq):
            self._end("expected supportedAppProtocolReq", now)
            return
        answer = answer_handshake(msg, self.config.protocols, self.security)
        data = exi.encode(answer.response)
        self._out.append((int(PayloadType.EXI), data))
        self._record("tx", now, "app", type(answer.response).__name__, answer.response, data)
        if answer.protocol is None:
            self._end(answer.reason, now)
            return
        spec = self._spec = _spec_for(self.config, answer.protocol.namespace)
        self._state = spec.initial
        self._ctx.protocol = spec.name
        self._sequence_timer.start(now, self.config.timeouts.sequence)

    def _request(self, spec: SeccSpec[SeccContext], schema: str, payload: bytes, now: float) -> None:
        try:
            msg = exi.decode(payload, schema)
        except exi.ExiError:
            # the request type cannot be known, so there is no response to pair with it: close
            self._record("rx", now, schema, "undecodable", None, payload)
            self._end("undecodable request", now)
            return
        header, body = spec.envelope.split(msg)
        req_type = type(body)
        name = req_type.__name__ if body is not None else type(msg).__name__
        self._record("rx", now, schema, name, msg, payload)
        res_type = spec.responses.get(req_type)
        if res_type is None:
            self._end(f"not a request: {name}", now)
            return
        ctx = self._ctx
        if self._waiting is not None:  # the EVCC did not wait for the answer it asked for
            self._end(f"{name} while an answer was still being prepared", now)
            return
        ctx.rx_session_id = header.SessionID
        ctx.state = self._state
        try:
            reply, route = self._dispatch(spec, header, body, now, payload)
            if reply.wait is not None:
                self._waiting = (spec, res_type, route, reply)
                self._poll_timer.start(now, self.config.timeouts.poll)
                return
            self._answer(spec, reply, route, now)
        except Exception as exc:  # noqa: BLE001 - refused, or firmware (a handler) failed: see _refuse
            self._refuse(spec, res_type, req_type.__name__, exc, now)

    def _poll(self, now: float) -> None:
        assert self._waiting is not None
        spec, res_type, route, pending = self._waiting
        assert pending.wait is not None
        try:
            reply = pending.wait(now)
            if reply is None:
                if now >= pending.deadline:
                    raise SessionError("FAILED", f"no {res_type.__name__} from the service in time")
                self._poll_timer.start(now, self.config.timeouts.poll)
                return
            self._waiting = None
            self._poll_timer.cancel()
            self._answer(spec, reply, route, now)
        except Exception as exc:  # noqa: BLE001 - refused, or the service (firmware) failed: see _refuse
            self._waiting = None
            self._poll_timer.cancel()
            self._refuse(spec, res_type, res_type.__name__, exc, now)

    def _refuse(
        self, spec: SeccSpec[SeccContext], res_type: type, where: str, exc: Exception, now: float
    ) -> None:
        """What went wrong while a request was handled or its answer prepared: a SessionError gets the
        paired response with only its mandatory content and its ResponseCode ([V2G2-736]), then the
        session ends unless it says otherwise ([V2G2-539]); anything else is a firmware (or handler)
        fault: FAILED, power off, end, the reason logged."""
        if isinstance(exc, SessionError):
            self._fail(spec, res_type, exc.response_code, str(exc), now, exc.details, close=exc.close)
            return
        self._firmware_fault(exc, where)
        self._fail(spec, res_type, "FAILED", f"controller error in {where}: {exc!r}", now)

    def _dispatch(
        self, spec: SeccSpec[SeccContext], header: Any, body: Any, now: float, data: bytes = b""
    ) -> tuple[Reply, Route]:
        route = route_for(spec, self._ctx, self._state, body, self._shutdown)
        return route.handler(self._ctx, body, Rx(header, now, now + self._wall_offset, data)), route

    def _answer(self, spec: SeccSpec[SeccContext], reply: Reply, route: Route, now: float) -> None:
        ctx = self._ctx
        body = reply.body
        message = spec.envelope.join(body, self._outgoing(spec, now, reply.signature))
        # an ExiEncodeError goes to the boundary: FAILED instead
        data = exi.encode(message, check_facets=reply.check_facets)
        if self._state is spec.initial and ctx.session_id:
            self._setup_timer.cancel()
        self._send(spec, body, type(body).__name__, message, data, now)
        target = reply.state
        if target is Next.TABLE:
            target = route.next
        if target is not STAY:
            self._state = ctx.state = target
        if reply.close:
            self._end(reply.reason, now)
        else:
            self._sequence_timer.start(now, spec.sequence_timeout(body, self.config.timeouts))

    def _fail(
        self,
        spec: SeccSpec[SeccContext],
        res_type: type,
        code: str,
        reason: str,
        now: float,
        details: tuple[tuple[str, str], ...] = (),
        *,
        close: bool = True,
    ) -> None:
        try:
            body = spec.minimal(self._ctx, res_type, code, details)
            message = spec.envelope.join(body, self._outgoing(spec, now))
            data = exi.encode(message)
        except Exception as exc:  # noqa: BLE001 - no answer possible: close without one, keep why
            log.error("SECC: cannot build the %s answer: %r", res_type.__name__, exc)
            self._end(f"{reason}; no FAILED answer: {exc!r}", now)
            return
        self._send(spec, body, res_type.__name__, message, data, now)
        if close:
            self._end(reason, now)
        else:
            self._sequence_timer.start(now, self.config.timeouts.sequence)

    def _outgoing(self, spec: SeccSpec[SeccContext], now: float, signature: Any = None) -> Outgoing:
        ctx = self._ctx
        session_id = ctx.session_id or ctx.rx_session_id or spec.envelope.no_session
        return Outgoing(session_id, now + self._wall_offset, signature)

    def _send(
        self, spec: SeccSpec[SeccContext], body: Any, name: str, message: Any, data: bytes, now: float
    ) -> None:
        self._out.append((spec.envelope.payload_type(body), data))
        self._record("tx", now, spec.envelope.schema_of(body), name, message, data)
