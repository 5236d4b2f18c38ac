"""Every (state, request type) pair of the ISO 15118-20 SECC table, for the DC, AC, DC_BPT and
AC_BPT specs (one table, the service's routes guarded; BPT sessions with the BPT requests): a pair
the table does not have, or whose guard fails, is answered with the generated FAILED_SequenceError
response of the paired type (on the payload type of its schema set) and the session ends; a pair
it has gets its paired response. The SECC is driven into each state by our EVCC, whose next
request is then withheld; a request after an Ongoing answer that skips a step is a sequence
error."""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

import pytest
from _iso20 import (
    ISO20_AC,
    ISO20_DC,
    WALL,
    RecordingDcEvse,
    ac_evcc_for,
    ac_secc_for,
    evcc_for,
    secc_for,
    with_sid,
)
from _session_harness import pump

import exi
from exi.iso20 import generated_types as c
from exi.iso20_ac import generated_types as a
from exi.iso20_dc import generated_types as d
from v2g.controller import EnergyMode, SimulatedBptAcEvse, SimulatedBptDcEvse, SimulatedBptEv
from v2g.evcc import EvccConfig, EvccSession
from v2g.evcc.iso20_specs import SPECS as EVCC_SPECS
from v2g.minimal import minimal_message
from v2g.secc import SeccConfig, SeccSession
from v2g.secc import iso20 as secc20
from v2g.secc.iso20 import Iso20State
from v2g.v2gtp import PayloadType

SPEC = secc20.SPEC
SPECS = {
    "DC": secc20.SPEC,
    "AC": secc20.AC_SPEC,
    "DC_BPT": secc20.SPECS["dc_bpt", "any"],
    "AC_BPT": secc20.SPECS["ac_bpt", "any"],
}
_PLAIN = frozenset(
    {
        "Scheduled_SEReqControlModeType",
        "EIM_AReqAuthorizationModeType",
    }
)
PREFER = {
    False: _PLAIN
    | {
        "DC_CPDReqEnergyTransferModeType",
        "AC_CPDReqEnergyTransferModeType",
        "Scheduled_DC_CLReqControlModeType",
        "Scheduled_AC_CLReqControlModeType",
    },
    True: _PLAIN
    | {
        "BPT_DC_CPDReqEnergyTransferModeType",
        "BPT_AC_CPDReqEnergyTransferModeType",
        "BPT_Scheduled_DC_CLReqControlModeType",
        "BPT_Scheduled_AC_CLReqControlModeType",
    },
}
STATES = [s for s in Iso20State if s is not Iso20State.ENDED]
DC_ONLY = {Iso20State.CABLE_CHECK, Iso20State.PRE_CHARGE, Iso20State.WELDING}
AC_STATES = [s for s in STATES if s not in DC_ONLY]
PROGRESS = ("Start", "Stop", "Standby", "ScheduleRenegotiation")


@cache
def samples(service: str = "DC") -> dict[str, Any]:
    """A request of every type of the service's spec (minimal content; BPT services: the BPT
    variants), PowerDelivery once per ChargeProgress."""
    out: dict[str, Any] = {}
    for req in SPECS[service].responses:
        out[req.__name__] = minimal_message(req, prefer=PREFER["BPT" in service])
    start = out.pop("PowerDeliveryReq")
    for progress in PROGRESS:
        out[f"PowerDeliveryReq/{progress}"] = dataclasses.replace(
            start, ChargeProgress=c.chargeProgressType(progress)
        )
    return out


def _pair(service: str) -> tuple[SeccSession, EvccSession]:
    if service == "DC":
        return secc_for(), evcc_for()
    if service == "AC":
        return ac_secc_for(), ac_evcc_for()
    ac = service == "AC_BPT"
    proto = ISO20_AC if ac else ISO20_DC
    modes = (EnergyMode.AC_THREE_PHASE,) if ac else (EnergyMode.DC_EXTENDED,)
    evse = SimulatedBptAcEvse() if ac else SimulatedBptDcEvse()
    secc = SeccSession(
        SeccConfig(protocols=(proto,), specs=(SPECS[service],), energy_modes=modes), evse, 0.0, wall=WALL
    )
    spec = EVCC_SPECS[service.lower(), "scheduled"]
    cfg = EvccConfig(protocols=(proto,), specs=(spec,), energy_mode=modes[0], charging_loop_cycles=4)
    return secc, EvccSession(cfg, SimulatedBptEv(), 0.0, wall=WALL)


def reach(state: Iso20State, service: str = "DC") -> tuple[SeccSession, float]:
    """The SECC in ``state``, driven there by our EVCC (Standby: the loop, then
    PowerDelivery(Standby) from the EV)."""
    secc, evcc = _pair(service)
    target = Iso20State.CHARGING if state is Iso20State.STANDBY else state
    run = pump(secc, evcc, stop_when=lambda r: r.secc.state is target)
    now = run.now
    if state is Iso20State.STANDBY:
        body = with_sid(samples(service)["PowerDeliveryReq/Standby"], secc.session_id or b"")
        now += 0.01
        secc.receive(PayloadType.ISO20_MAIN, exi.encode(body), now)
        secc.data_to_send()
    assert secc.state is state and not secc.closed, f"{state} not reached: {secc.close_reason}"
    return secc, now


SCHEMAS = {PayloadType.ISO20_DC: "iso20-dc", PayloadType.ISO20_AC: "iso20-ac"}
CASES = [
    (service, state, name)
    for service, states in (("DC", STATES), ("AC", AC_STATES), ("DC_BPT", STATES), ("AC_BPT", AC_STATES))
    for state in states
    for name in sorted(samples(service))
]


@pytest.mark.parametrize(("service", "state", "name"), CASES, ids=[f"{v}-{s.value}-{n}" for v, s, n in CASES])
def test_every_state_and_request_pair(service: str, state: Iso20State, name: str) -> None:
    spec = SPECS[service]
    secc, now = reach(state, service)
    body = with_sid(samples(service)[name], secc.session_id or b"\x00" * 8)
    route = spec.table.get((state, spec.event(body)))
    guard = None
    if route is not None and route.guard is not None and not route.guard.holds(secc.context):
        route, guard = None, route.guard  # a route of the other service: a sequence error as well
    payload_type = spec.envelope.payload_type(body)
    secc.receive(payload_type, exi.encode(body), now + 0.01)
    ((sent_type, data),) = secc.data_to_send()
    assert sent_type == payload_type  # the response travels on its request's schema-set type
    res = exi.decode(data, SCHEMAS.get(payload_type, "iso20"))
    assert type(res) is spec.responses[type(body)]
    assert res.Header.SessionID == (secc.session_id or b"\x00" * 8) and res.Header.TimeStamp > 0
    # every answer takes the selected service's (BPT or not) and the session's (Scheduled)
    # control-mode choices
    bpt = "BPT_" if secc.context.service_id in (5, 6) else ""  # type: ignore[attr-defined]
    if isinstance(res, d.DC_ChargeLoopRes):
        assert type(res.CLResControlMode).__name__ == f"{bpt}Scheduled_DC_CLResControlMode"
    if isinstance(res, d.DC_ChargeParameterDiscoveryRes):
        assert type(res.DC_CPDResEnergyTransferMode).__name__ == f"{bpt}DC_CPDResEnergyTransferMode"
    if isinstance(res, a.AC_ChargeLoopRes):
        assert type(res.CLResControlMode).__name__ == f"{bpt}Scheduled_AC_CLResControlMode"
    if isinstance(res, a.AC_ChargeParameterDiscoveryRes):
        assert type(res.AC_CPDResEnergyTransferMode).__name__ == f"{bpt}AC_CPDResEnergyTransferMode"
    if route is None:
        assert res.ResponseCode is c.responseCodeType.FAILED_SequenceError
        assert secc.closed and secc.state is Iso20State.ENDED
        why = f"in state {state.value}" if guard is None else f"needs {guard.name}"
        assert why in secc.close_reason
        assert secc.get_timer() is None
    elif res.ResponseCode.value.startswith("FAILED"):
        assert secc.closed  # a FAILED response ends the session
    else:  # SessionStop ends it (the sample is Pause); any other answer keeps it
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


def test_the_table_holds_the_ac_routes_guarded_by_the_service() -> None:
    """The AC requests have routes only in the AC session; the DC-only states have no AC route."""
    ac_routes = {
        k: r for k, r in SPEC.table.items() if k[1] in (a.AC_ChargeParameterDiscoveryReq, a.AC_ChargeLoopReq)
    }
    assert set(ac_routes) == {
        (Iso20State.CHARGE_PARAMETER, a.AC_ChargeParameterDiscoveryReq),
        (Iso20State.CHARGING, a.AC_ChargeLoopReq),
        (Iso20State.STANDBY, a.AC_ChargeLoopReq),  # the loop goes on in standby
    }
    assert all(r.guard is not None and r.guard.name == "an AC session" for r in ac_routes.values())
    dc_routes = [r for (_, e), r in SPEC.table.items() if isinstance(e, type) and e.__module__ == d.__name__]
    dc_guards = {"a DC session", "a DC session before its pre-charge"}
    assert dc_routes and all(r.guard is not None and r.guard.name in dc_guards for r in dc_routes)
    assert secc20.AC_SPEC.table is SPEC.table


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


def _ongoing_then(state: Iso20State, evse: RecordingDcEvse, request: str, skipping: str) -> None:
    """Drive our EVCC until the SECC has answered ``state`` with Ongoing, then send ``skipping``
    (the request after the step that is still ongoing): a sequence error, the session ends."""
    secc = secc_for(evse)
    evcc = evcc_for()
    run = pump(
        secc,
        evcc,
        stop_when=lambda r: any(
            t.message == request.replace("Req", "Res") and t.direction == "tx" for t in r.secc_trace
        ),
    )
    answer = [t.document for t in run.secc_trace if t.message == request.replace("Req", "Res")][-1]
    assert answer.EVSEProcessing.value.startswith("Ongoing") and secc.state is state
    body = with_sid(samples()[skipping], secc.session_id or b"")
    pt = SPEC.envelope.payload_type(body)
    secc.receive(pt, exi.encode(body), run.now + 0.01)
    ((_, data),) = secc.data_to_send()
    assert exi.decode(data, SCHEMAS.get(pt, "iso20")).ResponseCode is c.responseCodeType.FAILED_SequenceError
    assert secc.closed


def test_a_request_that_skips_an_ongoing_authorization_is_a_sequence_error() -> None:
    _ongoing_then(
        Iso20State.AUTHORIZATION, RecordingDcEvse(auth_delay=5.0), "AuthorizationReq", "ServiceDiscoveryReq"
    )


def test_a_request_that_skips_an_ongoing_schedule_exchange_is_a_sequence_error() -> None:
    evse = RecordingDcEvse(schedule_delay=5.0)
    _ongoing_then(Iso20State.SCHEDULE_EXCHANGE, evse, "ScheduleExchangeReq", "DC_CableCheckReq")


def test_a_request_that_skips_an_ongoing_cable_check_is_a_sequence_error() -> None:
    evse = RecordingDcEvse(cable_check_time=5.0)
    _ongoing_then(Iso20State.CABLE_CHECK, evse, "DC_CableCheckReq", "DC_PreChargeReq")
