"""Every (state, request type) pair of every SECC table: the SECC answers the paired response with
FAILED_SequenceError when the pair is not in the table ([V2G2-538], [V2G-DC-390]) and ends the
session, never crashes; a wrong SessionID gets FAILED_UnknownSession ([V2G2-460]); malformed EXI
ends the session without a crash."""

from __future__ import annotations

import pytest
from _fuzzing import draw_body
from _session_harness import (
    AC,
    CONFIGS,
    DC,
    DIN,
    EXI,
    FIXED_ID,
    ISO2,
    allowed,
    fixed_id,
    handshake,
    reach,
    requests,
    samples,
    send,
    setup,
    with_session_id,
    wrap,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import exi
from v2g.secc import SeccState, iso2


def reachable(key: str) -> list[SeccState]:
    _, mode, module = CONFIGS[key]
    states = {s for s, _ in module.TABLE} - {SeccState.PAYMENT_DETAILS}  # PnC only: tests/pnc
    if mode is AC:
        states -= {SeccState.CABLE_CHECK, SeccState.PRE_CHARGE, SeccState.WELDING}
    return sorted(states, key=list(SeccState).index)


CASES = [
    (key, state, req.__name__)
    for key, (_, _, module) in CONFIGS.items()
    for state in reachable(key)
    for req in requests(module)
]


def paired(req_name: str) -> str:
    return req_name.removesuffix("Req") + "Res"


@pytest.mark.parametrize(("key", "state", "req_name"), CASES, ids=[f"{k}-{s.value}-{r}" for k, s, r in CASES])
def test_every_state_and_request_pair(key: str, state: SeccState, req_name: str) -> None:
    _, _, module = CONFIGS[key]
    secc, now = reach(key, state)
    message = with_session_id(samples(module.SCHEMA)[req_name], secc.session_id or b"\x00")
    body = message.Body.BodyElement
    ok = allowed(module, secc, state, body)
    res = send(secc, module.SCHEMA, message, now + 0.01)
    assert res is not None, "every request gets its paired response"
    assert type(res).__name__ == paired(req_name)
    if not ok:
        assert res.ResponseCode.value == "FAILED_SequenceError"
        assert secc.closed and secc.state is SeccState.ENDED
        assert secc.get_timer() is None
    elif res.ResponseCode.value.startswith("FAILED"):
        assert secc.closed  # [V2G2-539]: a FAILED response ends the session
    else:
        assert secc.closed == (req_name == "SessionStopReq")  # SessionStop ends the session


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case=st.sampled_from(CASES),
    sid=st.binary(min_size=1, max_size=8),
)
def test_wrong_session_id_is_an_unknown_session(case: tuple[str, SeccState, str], sid: bytes) -> None:
    key, state, req_name = case
    if state is SeccState.SESSION_SETUP:
        state = SeccState.SERVICE_DISCOVERY
    _, _, module = CONFIGS[key]
    secc, now = reach(key, state)
    if sid == secc.session_id:
        sid = bytes(b ^ 0xFF for b in sid)
    res = send(secc, module.SCHEMA, with_session_id(samples(module.SCHEMA)[req_name], sid), now + 0.01)
    assert res is not None and type(res).__name__ == paired(req_name)
    assert res.ResponseCode.value == "FAILED_UnknownSession"
    assert secc.closed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    key=st.sampled_from(sorted(CONFIGS)),
    data=st.data(),
    garbage=st.binary(max_size=64),
    cut=st.integers(min_value=0, max_value=200),
)
def test_malformed_exi_ends_the_session_without_a_crash(
    key: str, data: st.DataObject, garbage: bytes, cut: int
) -> None:
    _, _, module = CONFIGS[key]
    state = data.draw(st.sampled_from(reachable(key)))
    secc, now = reach(key, state)
    name = data.draw(st.sampled_from(sorted(samples(module.SCHEMA))))
    good = exi.encode(
        with_session_id(samples(module.SCHEMA)[name], secc.session_id or b"\x00"), check_facets=False
    )
    payload = garbage if data.draw(st.booleans()) else good[: cut % max(1, len(good))] + garbage
    secc.receive(EXI, payload, now + 0.01)
    out = secc.data_to_send()
    try:
        exi.decode(payload, module.SCHEMA)
        decodable = True
    except exi.ExiError:
        decodable = False
    if not decodable:
        assert out == [] and secc.closed and secc.close_reason == "undecodable request"
    else:
        assert len(out) <= 1


def test_undecodable_handshake_closes() -> None:
    s = setup(DIN, DC)
    secc = s.secc()
    secc.receive(EXI, b"\xff\x00\x13", 0.0)
    assert secc.data_to_send() == [] and secc.closed


def test_other_payload_types_are_ignored() -> None:
    s = setup(DIN, DC)
    secc = s.secc()
    secc.receive(0x9000, b"\x00\x00", 0.0)
    assert secc.data_to_send() == [] and not secc.closed


def test_a_response_sent_to_the_secc_ends_the_session() -> None:
    s = setup(ISO2, DC)
    secc, now = reach("iso2-dc", SeccState.SERVICE_DISCOVERY)
    msg = wrap(iso2, secc.session_id or b"", iso2.m.SessionStopRes(ResponseCode=iso2.RC.OK))
    secc.receive(EXI, exi.encode(msg), now)
    assert secc.data_to_send() == [] and secc.closed and "not a request" in secc.close_reason
    assert s is not None


# ------------------------------------------------------------- random valid content in every state


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(case=st.sampled_from(CASES), data=st.data())
def test_random_valid_requests_never_crash_the_secc(
    case: tuple[str, SeccState, str], data: st.DataObject
) -> None:
    key, state, req_name = case
    _, _, module = CONFIGS[key]
    secc, now = reach(key, state)
    body = draw_body(data, module.SCHEMA, req_name)
    if body is None:
        return
    message = wrap(module, secc.session_id or b"\x00", body)
    ok = allowed(module, secc, state, body)
    res = send(secc, module.SCHEMA, message, now + 0.01)
    assert res is not None and type(res).__name__ == req_name.removesuffix("Req") + "Res"
    failed = res.ResponseCode.value.startswith("FAILED")
    if not ok:
        assert res.ResponseCode.value == "FAILED_SequenceError"
    assert secc.closed == (failed or req_name == "SessionStopReq")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(sorted(CONFIGS)), names=st.lists(st.integers(0, 16), min_size=1, max_size=25))
def test_random_request_sequences(key: str, names: list[int]) -> None:
    """Whatever the order: each request gets its paired response until a FAILED one (or
    SessionStop) ends the session; after that nothing is answered."""
    protocol, mode, module = CONFIGS[key]
    s = setup(protocol, mode, secc={"session_id_factory": fixed_id})
    secc = s.secc()
    handshake(secc, protocol)
    now = 0.0
    for index in names:
        req = requests(module)[index]
        sid = b"\x00" if req.__name__ == "SessionSetupReq" else FIXED_ID
        message = with_session_id(samples(module.SCHEMA)[req.__name__], sid)
        now += 0.05
        was_closed = secc.closed
        res = send(secc, module.SCHEMA, message, now)
        if was_closed:
            assert res is None
            continue
        assert res is not None and type(res).__name__ == req.__name__.removesuffix("Req") + "Res"
        ended = res.ResponseCode.value.startswith("FAILED") or req.__name__ == "SessionStopReq"
        assert secc.closed == ended
