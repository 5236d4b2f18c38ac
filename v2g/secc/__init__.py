"""The SECC side of a V2G communication session, sans-IO (aioquic shape).

One :class:`SeccSession` serves one TCP (or TLS) connection: the runner passes each whole V2GTP
payload to :meth:`SeccSession.receive`, sends what :meth:`SeccSession.data_to_send` returns, sleeps
until :meth:`SeccSession.get_timer` and calls :meth:`SeccSession.handle_timer`, and closes the
connection once :attr:`SeccSession.closed` is True. The first message is the
SupportedAppProtocolReq (``v2g.apphand`` picks the protocol); then the negotiated protocol's table
(``v2g.secc.din.TABLE`` or ``v2g.secc.iso2.TABLE``) drives the session.

Pause and resume: a session paused with ``SessionStopReq(Pause)`` is put into
``config.session_store`` (:class:`SessionStore`); the EVCC comes back on a new connection, and the
new :class:`SeccSession` built from the same config joins it when the SessionSetupReq carries the
paused SessionID (``OK_OldSessionJoined``).
"""

from __future__ import annotations

import dataclasses
from collections import deque
from types import ModuleType
from typing import Any

import exi
from exi.app import generated_types as app
from v2g import apphand
from v2g.clock import Timer, earliest
from v2g.controller import EvseController
from v2g.errors import SessionError
from v2g.secc import din, iso2
from v2g.secc._config import PausedSession, SeccConfig, SeccTimeouts, SessionStore
from v2g.secc._machine import Reply, SeccContext, SeccState
from v2g.trace import TraceRecord
from v2g.v2gtp import PayloadType

__all__ = [
    "PausedSession",
    "SeccConfig",
    "SeccSession",
    "SeccState",
    "SeccTimeouts",
    "SessionStore",
    "TraceRecord",
]

_MODULES: dict[str, ModuleType] = {apphand.NS_DIN: din, apphand.NS_ISO2: iso2}


def _name(message: Any) -> str:
    body = getattr(getattr(message, "Body", None), "BodyElement", None)
    return type(body if body is not None else message).__name__


class SeccSession:
    def __init__(self, config: SeccConfig, controller: EvseController, now: float) -> None:
        self.config = config
        self._ctx = SeccContext(config, controller)
        self._module: ModuleType | None = None
        self._namespace: str | None = None
        self._state = SeccState.SESSION_SETUP
        self._out: list[tuple[int, bytes]] = []
        self._trace: deque[TraceRecord] = deque()
        self._closing = False
        self.close_reason = ""
        self._shutdown = ""
        self._setup_timer = Timer("V2G_CommunicationSetup")
        self._setup_timer.start(now, config.timeouts.communication_setup)
        self._sequence_timer = Timer("V2G_SECC_Sequence")

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
    def state(self) -> SeccState:
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
        return earliest((self._setup_timer.deadline, self._sequence_timer.deadline))

    def handle_timer(self, now: float) -> None:
        if self._closing:
            return
        if self._setup_timer.expired(now):
            self._end("communication setup timeout", now)
        elif self._sequence_timer.expired(now):
            # V2G_SECC_Sequence_Timeout (TIMING.md): no request in time, the SECC closes the session
            self._end("sequence timeout", now)

    def connection_lost(self, now: float) -> None:
        """The runner saw the TCP connection close: end the session (power off)."""
        self._end("connection closed by the EVCC", now)

    def shutdown(self, reason: str, now: float) -> None:
        """The charger is going down (its operator stopped it): power off now; the next request is
        answered with the protocol's stop notification (EVSENotification StopCharging and, DC,
        EVSEStatusCode EVSE_Shutdown), then the session ends. Before a protocol is agreed it ends now."""
        if self._closing:
            return
        self._shutdown = reason
        self._ctx.controller.stop_power(now)
        if self._module is None:
            self._end(f"shutdown: {reason}", now)

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        if self._closing:
            return
        if payload_type != PayloadType.EXI:
            return  # DIN / -2 carry EXI only; anything else is not for the session (discarded)
        if self._module is None:
            self._handshake(payload, now)
        else:
            self._request(self._module, payload, now)

    # ------------------------------------------------------------------------------ internals

    def _record(self, direction: str, now: float, schema: str, message: Any, raw: bytes) -> None:
        if not self.config.trace:
            return
        name = _name(message) if message is not None else "undecodable"
        self._trace.append(TraceRecord(direction, now, schema, name, message, raw))

    def _send(self, schema: str, message: Any, now: float) -> bool:
        try:
            data = exi.encode(message)
        except exi.ExiError as exc:
            self._end(f"could not encode {_name(message)}: {exc}", now)
            return False
        self._out.append((int(PayloadType.EXI), data))
        self._record("tx", now, schema, message, data)
        return True

    def _end(self, reason: str, now: float) -> None:
        if self._closing:
            return
        self._closing = True
        self.close_reason = reason
        self._state = SeccState.ENDED
        self._setup_timer.cancel()
        self._sequence_timer.cancel()
        self._ctx.stop_reason = reason
        self._ctx.controller.stop_power(now)
        self._ctx.controller.session_ended(reason, now)

    def _handshake(self, payload: bytes, now: float) -> None:
        try:
            msg = exi.decode(payload, "app")
        except exi.ExiError:
            self._record("rx", now, "app", None, payload)
            self._end("undecodable SupportedAppProtocolReq", now)
            return
        self._record("rx", now, "app", msg, payload)
        if not isinstance(msg, app.supportedAppProtocolReq):
            self._end("expected supportedAppProtocolReq", now)
            return
        offers = [
            apphand.AppProtocol(
                p.ProtocolNamespace, p.VersionNumberMajor, p.VersionNumberMinor, p.SchemaID, p.Priority
            )
            for p in msg.AppProtocol
        ]
        result = apphand.negotiate(offers, self.config.protocols)
        res = app.supportedAppProtocolRes(
            ResponseCode=app.responseCodeType(result.response_code.value), SchemaID=result.schema_id
        )
        if not self._send("app", res, now):
            return
        if not result.ok or result.protocol is None:
            self._end("no common protocol (Failed_NoNegotiation)", now)
            return
        self._namespace = result.protocol.namespace
        self._module = _MODULES[self._namespace]
        self._ctx.protocol = self._module.SCHEMA
        self._sequence_timer.start(now, self.config.timeouts.sequence)

    def _request(self, module: ModuleType, payload: bytes, now: float) -> None:
        schema: str = module.SCHEMA
        try:
            msg = exi.decode(payload, schema)
        except exi.ExiError:
            # the request type cannot be known, so there is no response to pair with it: close
            self._record("rx", now, schema, None, payload)
            self._end("undecodable request", now)
            return
        self._record("rx", now, schema, msg, payload)
        body = getattr(getattr(msg, "Body", None), "BodyElement", None)
        req_type = type(body)
        if req_type not in module.REQUESTS:
            self._end(f"not a request: {req_type.__name__}", now)
            return
        ctx = self._ctx
        ctx.rx_session_id = msg.Header.SessionID
        reply: Reply
        try:
            if self._state is not SeccState.SESSION_SETUP and ctx.rx_session_id != ctx.session_id:
                # [V2G2-460] the SessionID must be the one of this session
                raise SessionError("FAILED_UnknownSession", "wrong SessionID")
            handler = module.TABLE.get((self._state, req_type))
            if handler is None:
                # [V2G2-538] / [V2G-DC-390]: a request not allowed in this state
                raise SessionError(
                    "FAILED_SequenceError", f"{req_type.__name__} in state {self._state.value}"
                )
            ctx.state = self._state
            reply = handler(ctx, body, now)
        except SessionError as err:
            # [V2G2-736] the paired response with only its mandatory content; [V2G2-539] then end
            reply = Reply(
                module.failed_response(ctx, req_type, err.response_code, now),
                SeccState.ENDED if err.close else None,
                close=err.close,
                reason=str(err),
            )
        except Exception as exc:  # noqa: BLE001 - the controller (firmware) failed: FAILED, power off, end
            reply = Reply(
                module.failed_response(ctx, req_type, "FAILED", now),
                SeccState.ENDED,
                close=True,
                reason=f"controller error in {req_type.__name__}: {exc!r}",
            )
        if self._shutdown:
            reason = f"shutdown: {self._shutdown}"
            reply = Reply(_stopping(reply.body), SeccState.ENDED, close=True, reason=reason)
        if self._state is SeccState.SESSION_SETUP and ctx.session_id:
            self._setup_timer.cancel()
        sid = ctx.session_id or ctx.rx_session_id or b"\x00"
        if not self._send(schema, module.wrap(sid, reply.body), now):
            return
        if reply.state is not None:
            self._state = ctx.state = reply.state
        if reply.close:
            self._end(reply.reason, now)
        else:
            self._sequence_timer.start(now, self.config.timeouts.sequence)


def _stopping(body: Any) -> Any:
    """``body`` telling the EV that the charger stops: EVSENotification StopCharging in its EVSE
    status, and EVSE_Shutdown as a DC status code (a response without a status goes as it is)."""
    for name in ("DC_EVSEStatus", "AC_EVSEStatus"):
        status = getattr(body, name, None)
        if status is None:
            continue
        changes: dict[str, Any] = {"EVSENotification": type(status.EVSENotification).StopCharging}
        if name == "DC_EVSEStatus":
            changes["EVSEStatusCode"] = type(status.EVSEStatusCode).EVSE_Shutdown
        return dataclasses.replace(body, **{name: dataclasses.replace(status, **changes)})
    return body
