"""Every (state, request type) pair of the ISO 15118-20 SECC table: a pair the table does not have
is answered with the generated FAILED_SequenceError response of the paired type (on the payload
type of its schema set) and the session ends; a pair it has gets its paired response. The SECC is
driven into each state by our EVCC, whose next request is then withheld."""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

import pytest
from _iso20 import evcc_for, secc_for, with_sid
from _session_harness import pump

import exi
from exi.iso20 import generated_types as c
from exi.iso20_dc import generated_types as d
from v2g.minimal import minimal_message
from v2g.secc import SeccSession
from v2g.secc import iso20 as secc20
from v2g.secc.iso20 import Iso20State
from v2g.v2gtp import PayloadType

SPEC = secc20.SPEC
PREFER = frozenset(
    {
        "DC_CPDReqEnergyTransferModeType",
        "Scheduled_DC_CLReqControlModeType",
        "Scheduled_SEReqControlModeType",
        "EIM_AReqAuthorizationModeType",
    }
)
STATES = [s for s in Iso20State if s is not Iso20State.ENDED]


@cache
def samples() -> dict[str, Any]:
    """A request of every type (minimal content), PowerDelivery as Start and as Stop."""
    out: dict[str, Any] = {}
    for req in SPEC.responses:
        out[req.__name__] = minimal_message(req, prefer=PREFER)
    start = out.pop("PowerDeliveryReq")
    out["PowerDeliveryReq/Start"] = dataclasses.replace(start, ChargeProgress=c.chargeProgressType.Start)
    out["PowerDeliveryReq/Stop"] = dataclasses.replace(start, ChargeProgress=c.chargeProgressType.Stop)
    return out


def reach(state: Iso20State) -> tuple[SeccSession, float]:
    secc = secc_for()
    run = pump(secc, evcc_for(), stop_when=lambda r: r.secc.state is state)
    assert secc.state is state and not secc.closed, f"{state} not reached: {secc.close_reason}"
    return secc, run.now


CASES = [(state, name) for state in STATES for name in sorted(samples())]


@pytest.mark.parametrize(("state", "name"), CASES, ids=[f"{s.value}-{n}" for s, n in CASES])
def test_every_state_and_request_pair(state: Iso20State, name: str) -> None:
    secc, now = reach(state)
    body = with_sid(samples()[name], secc.session_id or b"\x00" * 8)
    route = SPEC.table.get((state, SPEC.event(body)))
    payload_type = SPEC.envelope.payload_type(body)
    secc.receive(payload_type, exi.encode(body), now + 0.01)
    ((sent_type, data),) = secc.data_to_send()
    assert sent_type == payload_type  # the response travels on its request's schema-set type
    res = exi.decode(data, "iso20-dc" if payload_type == PayloadType.ISO20_DC else "iso20")
    assert type(res) is SPEC.responses[type(body)]
    assert res.Header.SessionID == (secc.session_id or b"\x00" * 8) and res.Header.TimeStamp > 0
    # the FAILED answers take the DC (not BPT) and the session's (Scheduled) control-mode choices
    if isinstance(res, d.DC_ChargeLoopRes):
        assert type(res.CLResControlMode) is d.Scheduled_DC_CLResControlMode
    if isinstance(res, d.DC_ChargeParameterDiscoveryRes):
        assert type(res.DC_CPDResEnergyTransferMode) is d.DC_CPDResEnergyTransferMode
    if route is None:
        assert res.ResponseCode is c.responseCodeType.FAILED_SequenceError
        assert secc.closed and secc.state is Iso20State.ENDED
        assert f"in state {state.value}" in secc.close_reason
        assert secc.get_timer() is None
    elif res.ResponseCode.value.startswith("FAILED"):
        assert secc.closed  # a FAILED response ends the session
    else:
        assert secc.closed == (type(body) is c.SessionStopReq)


def test_the_table_covers_the_dc_scheduled_sequence() -> None:
    """Every state but the end has a way on; SessionStop is accepted from AuthorizationSetup on,
    except in the charging loop, which PowerDelivery(Stop) ends first."""
    states = {s for s, _ in SPEC.table}
    assert states == set(STATES)
    for state in STATES[1:]:
        assert ((state, c.SessionStopReq) in SPEC.table) == (state is not Iso20State.CHARGING), state
    assert (Iso20State.PRE_CHARGE, (c.PowerDeliveryReq, "Start")) not in SPEC.table
    assert (Iso20State.POWER_DELIVERY, d.DC_PreChargeReq) not in SPEC.table


def test_power_delivery_after_an_ongoing_pre_charge_is_a_sequence_error() -> None:
    secc, now = reach(Iso20State.PRE_CHARGE)
    ongoing = d.DC_PreChargeReq(
        Header=c.MessageHeaderType(SessionID=secc.session_id or b"", TimeStamp=1),
        EVProcessing=c.processingType.Ongoing,
        EVPresentVoltage=c.RationalNumberType(Exponent=0, Value=400),
        EVTargetVoltage=c.RationalNumberType(Exponent=0, Value=400),
    )
    secc.receive(PayloadType.ISO20_DC, exi.encode(ongoing), now + 0.01)
    ((_, data),) = secc.data_to_send()
    assert exi.decode(data, "iso20-dc").ResponseCode is c.responseCodeType.OK
    assert secc.state is Iso20State.PRE_CHARGE
    start = with_sid(samples()["PowerDeliveryReq/Start"], secc.session_id or b"")
    secc.receive(PayloadType.ISO20_MAIN, exi.encode(start), now + 0.02)
    ((_, data),) = secc.data_to_send()
    assert exi.decode(data, "iso20").ResponseCode is c.responseCodeType.FAILED_SequenceError
    assert secc.closed


def test_a_wrong_session_id_is_failed_unknown_session() -> None:
    secc, now = reach(Iso20State.SERVICE_DISCOVERY)
    body = with_sid(samples()["ServiceDiscoveryReq"], b"\x01" * 8)
    secc.receive(PayloadType.ISO20_MAIN, exi.encode(body), now + 0.01)
    ((_, data),) = secc.data_to_send()
    assert exi.decode(data, "iso20").ResponseCode is c.responseCodeType.FAILED_UnknownSession
    assert secc.closed
