"""A protocol is a spec, a table and handlers: a small stand-in ISO 15118-20 protocol (SessionSetup and
SessionStop of the -20 common messages, its own states) registers through the configs and runs on
both sides without any change to the session boundaries. It uses the -20 message shape: no Body,
a Header with SessionID and TimeStamp in every message, payload type 0x8002, and generated FAILED
responses for requests out of sequence."""

from __future__ import annotations

import enum
from typing import Any

from _session_harness import pump

import exi
from exi.app import generated_types as app
from exi.iso20 import generated_types as c
from v2g import apphand
from v2g.controller import SimulatedDcEvse, SimulatedEv
from v2g.envelope import HeaderEnvelope, Outgoing, Rx
from v2g.evcc import EvccConfig, EvccSession, EvccSpec, EvccState
from v2g.evcc._machine import EvccContext, Step
from v2g.minimal import failed_response
from v2g.secc import Reply, Route, SeccConfig, SeccSession, SeccSpec
from v2g.secc._machine import SeccContext, setup_session
from v2g.v2gtp import PayloadType

ISO20_DC = apphand.Protocol(apphand.NS_ISO20_DC, 1, 0)
ENVELOPE = HeaderEnvelope(c.MessageHeaderType, ("iso20",))
PENDING = c.MessageHeaderType(SessionID=b"\x00" * 8, TimeStamp=0)
"""What a handler puts in Header: the boundary's envelope fills in the real one."""
WALL = 1_765_000_000.0


class Mini(enum.Enum):
    SETUP = "SessionSetup"
    READY = "Ready"
    ENDED = "Ended"


def session_setup(ctx: SeccContext, req: c.SessionSetupReq, rx: Rx) -> Reply:
    code = setup_session(ctx, ctx.rx_session_id, req.EVCCID.encode(), rx.now)
    return Reply(c.SessionSetupRes(Header=PENDING, ResponseCode=c.responseCodeType(code), EVSEID="DE*V2G*E1"))


def session_stop(ctx: SeccContext, req: c.SessionStopReq, rx: Rx) -> Reply:
    assert rx.header.TimeStamp > 0 and rx.wall >= WALL  # handlers see the header and real time
    return Reply(
        c.SessionStopRes(Header=PENDING, ResponseCode=c.responseCodeType.OK), close=True, reason="done"
    )


def _minimal(ctx: SeccContext, response: type, code: str, details: tuple[tuple[str, str], ...]) -> Any:
    return failed_response(response, code, details)


SECC_SPEC: SeccSpec[SeccContext] = SeccSpec(
    name="iso20",
    namespace=apphand.NS_ISO20_DC,
    envelope=ENVELOPE,
    responses={
        c.SessionSetupReq: c.SessionSetupRes,
        c.AuthorizationReq: c.AuthorizationRes,
        c.SessionStopReq: c.SessionStopRes,
    },
    table={
        (Mini.SETUP, c.SessionSetupReq): Route(session_setup, Mini.READY),
        (Mini.READY, c.SessionStopReq): Route(session_stop, Mini.ENDED),
    },
    initial=Mini.SETUP,
    ended=Mini.ENDED,
    minimal=_minimal,
    session_id_checked=lambda state: state is not Mini.SETUP,
)


def first_request(ctx: EvccContext, now: float) -> c.SessionSetupReq:
    return c.SessionSetupReq(Header=PENDING, EVCCID="WMIV1234567890ABCDEX")


def on_setup(ctx: EvccContext, res: c.SessionSetupRes, rx: Rx) -> Step:
    req = c.SessionStopReq(Header=PENDING, ChargingSession=c.chargingSessionType.Terminate)
    return Step(req, EvccState.SESSION_STOP)


def on_stop(ctx: EvccContext, res: c.SessionStopRes, rx: Rx) -> Step:
    return Step(None, reason="stand-in session done")


EVCC_SPEC = EvccSpec(
    name="iso20",
    namespace=apphand.NS_ISO20_DC,
    envelope=ENVELOPE,
    table={
        (EvccState.SESSION_SETUP, c.SessionSetupRes): on_setup,
        (EvccState.SESSION_STOP, c.SessionStopRes): on_stop,
    },
    first_request=first_request,
)


def _secc() -> SeccSession:
    config = SeccConfig(protocols=(ISO20_DC,), specs=(SECC_SPEC,))
    return SeccSession(config, SimulatedDcEvse(), 0.0, wall=WALL)


def test_a_registered_protocol_runs_on_both_sides() -> None:
    secc = _secc()
    evcc = EvccSession(EvccConfig(protocols=(ISO20_DC,), specs=(EVCC_SPEC,)), SimulatedEv(), 0.0, wall=WALL)
    run = pump(secc, evcc)
    assert evcc.result is not None and evcc.result.ok, evcc.result
    assert evcc.result.reason == "stand-in session done"
    assert secc.closed and secc.close_reason == "done" and secc.state is Mini.ENDED
    assert run.requests() == ["supportedAppProtocolReq", "SessionSetupReq", "SessionStopReq"]
    assert run.responses() == ["supportedAppProtocolRes", "SessionSetupRes", "SessionStopRes"]
    res = [t.document for t in run.secc_trace if t.direction == "tx"][-1]
    assert isinstance(res, c.SessionStopRes)
    assert res.Header.SessionID == secc.session_id and res.Header.TimeStamp >= int(WALL)


def test_the_boundary_answers_a_registered_protocol_out_of_sequence() -> None:
    secc = _secc()
    offer = app.AppProtocolType(
        ProtocolNamespace=apphand.NS_ISO20_DC,
        VersionNumberMajor=1,
        VersionNumberMinor=0,
        SchemaID=1,
        Priority=1,
    )
    secc.receive(PayloadType.EXI, exi.encode(app.supportedAppProtocolReq(AppProtocol=(offer,))), 0.0)
    secc.data_to_send()
    req = c.AuthorizationReq(
        Header=PENDING,
        SelectedAuthorizationService=c.authorizationType.EIM,
        EIM_AReqAuthorizationMode=c.EIM_AReqAuthorizationModeType(),
    )
    secc.receive(PayloadType.EXI, exi.encode(ENVELOPE.join(req, Outgoing(b"\x00" * 8, WALL))), 0.1)
    assert secc.data_to_send() == [], "a -20 session reads its messages on 0x8002, not 0x8001"
    wire = ENVELOPE.join(req, Outgoing(b"\x00" * 8, WALL))
    secc.receive(PayloadType.ISO20_MAIN, exi.encode(wire), 0.2)
    ((payload_type, data),) = secc.data_to_send()
    assert payload_type == PayloadType.ISO20_MAIN
    res = exi.decode(data, "iso20")
    assert isinstance(res, c.AuthorizationRes)
    assert res.ResponseCode is c.responseCodeType.FAILED_SequenceError
    assert res.Header.TimeStamp >= int(WALL)
    assert secc.closed and "in state SessionSetup" in secc.close_reason


def test_a_handler_attaches_a_header_signature_made_with_v2g_signing() -> None:
    """A -2 SECC that signs its SalesTariff (what Plug & Charge needs): the handler computes the
    Signature with v2g.signing and returns it in Reply.signature; the boundary puts it in the
    header of the response it sends, and the signature verifies on the wire bytes."""
    import dataclasses

    from cryptography.hazmat.primitives.asymmetric import ec

    from exi.iso2 import generated_types as m
    from v2g import signing
    from v2g.apphand import ISO2
    from v2g.secc import SeccState, iso2

    key = ec.generate_private_key(ec.SECP256R1())
    plain = iso2.SPEC.table[(SeccState.CHARGE_PARAMETER, m.ChargeParameterDiscoveryReq)]

    def signed_discovery(ctx: SeccContext, req: Any, rx: Rx) -> Reply:
        reply = plain.handler(ctx, req, rx)
        tariffs = getattr(reply.body.SASchedules, "SAScheduleTuple", ())
        ids = [t.SalesTariff.Id for t in tariffs if t.SalesTariff is not None]
        if ids:
            draft = iso2.SPEC.envelope.join(reply.body, Outgoing(ctx.session_id, rx.wall))
            reply.signature = signing.sign(draft, ids, key).Header.Signature
        return reply

    table = dict(iso2.SPEC.table)
    table[(SeccState.CHARGE_PARAMETER, m.ChargeParameterDiscoveryReq)] = Route(signed_discovery, plain.next)
    spec = dataclasses.replace(iso2.SPEC, table=table)
    secc = SeccSession(SeccConfig(protocols=(ISO2,), specs=(spec,)), SimulatedDcEvse(with_tariff=True), 0.0)
    evcc = EvccSession(EvccConfig(protocols=(ISO2,), charging_loop_cycles=2), SimulatedEv(), 0.0)
    run = pump(secc, evcc)
    assert evcc.result is not None and evcc.result.ok, secc.close_reason
    wire = [t for t in run.secc_trace if t.direction == "tx" and t.message == "ChargeParameterDiscoveryRes"][
        -1
    ]
    message = exi.decode(wire.data, "iso2")
    assert message.Header.Signature is not None
    signing.verify(message, key.public_key())  # raises SignatureError if it does not hold
