"""Every (state, request type) pair of every SECC table: the SECC answers the paired response with
FAILED_SequenceError when the pair is not in the table ([V2G2-538], [V2G-DC-390]) and ends the
session, never crashes; a wrong SessionID gets FAILED_UnknownSession ([V2G2-460]); malformed EXI
ends the session without a crash."""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

import pytest
from harness import DIN, EXI, ISO2, fixed_id, pump, send, setup, vector_requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exi.din import generated_types as d
from v2g.controller import EnergyMode
from v2g.secc import SeccSession, SeccState, din, iso2

DC = EnergyMode.DC_EXTENDED
AC = EnergyMode.AC_THREE_PHASE
CONFIGS = {"din-dc": (DIN, DC, din), "iso2-dc": (ISO2, DC, iso2), "iso2-ac": (ISO2, AC, iso2)}

_DIN_EXTRA: dict[str, Any] = {
    "ServiceDetailReq": d.ServiceDetailReq(ServiceID=1),
    "PaymentDetailsReq": d.PaymentDetailsReq(
        ContractID="DE1234567890", ContractSignatureCertChain=d.CertificateChainType(Certificate=b"\x01")
    ),
    "ChargingStatusReq": d.ChargingStatusReq(),
    "MeteringReceiptReq": d.MeteringReceiptReq(SessionID=b"\x01", MeterInfo=d.MeterInfoType(MeterID="m")),
    "CertificateUpdateReq": d.CertificateUpdateReq(
        ContractSignatureCertChain=d.CertificateChainType(Certificate=b"\x01"),
        ContractID="c",
        ListOfRootCertificateIDs=d.ListOfRootCertificateIDsType(RootCertificateID=("r",)),
        DHParams=b"\x01",
    ),
    "CertificateInstallationReq": d.CertificateInstallationReq(
        OEMProvisioningCert=b"\x01",
        ListOfRootCertificateIDs=d.ListOfRootCertificateIDsType(RootCertificateID=("r",)),
        DHParams=b"\x01",
    ),
}


@cache
def samples(schema: str) -> dict[str, Any]:
    """A request message of every type: real vectors where there are, hand-made otherwise."""
    found = dict(vector_requests(schema))
    if schema == "din":
        for name, body in _DIN_EXTRA.items():
            found.setdefault(name, din.wrap(b"\x00", body))
    return found


def with_session_id(message: Any, sid: bytes) -> Any:
    return dataclasses.replace(message, Header=dataclasses.replace(message.Header, SessionID=sid))


def reachable(key: str) -> list[SeccState]:
    _, mode, module = CONFIGS[key]
    states = {s for s, _ in module.TABLE}
    if mode is AC:
        states -= {SeccState.CABLE_CHECK, SeccState.PRE_CHARGE, SeccState.WELDING}
    return sorted(states, key=list(SeccState).index)


CASES = [
    (key, state, req.__name__)
    for key, (_, _, module) in CONFIGS.items()
    for state in reachable(key)
    for req in module.REQUESTS
]


def reach(key: str, state: SeccState) -> tuple[SeccSession, float]:
    """An SECC driven by a real EVCC until it is in ``state`` (the EVCC's next request withheld)."""
    protocol, mode, _ = CONFIGS[key]
    renegotiate = state in (SeccState.RENEGOTIATE,) or (state is SeccState.POWER_DELIVERY and mode.is_dc)
    s = setup(
        protocol,
        mode,
        secc={"session_id_factory": fixed_id},
        evcc={"charging_loop_cycles": 6, "renegotiate_after": 2 if renegotiate else None},
    )
    secc = s.secc()
    seen: list[bool] = []

    def there(run: Any) -> bool:
        if secc.state is state and secc.protocol is not None:
            if state is SeccState.POWER_DELIVERY and mode.is_dc and not secc.context.renegotiations:
                return False
            seen.append(True)
            return True
        return False

    run = pump(secc, s.evcc(), stop_when=there)
    assert seen, f"{key}: state {state} not reached"
    return secc, run.now


def paired(req_name: str) -> str:
    return req_name.removesuffix("Req") + "Res"


@pytest.mark.parametrize(("key", "state", "req_name"), CASES, ids=[f"{k}-{s.value}-{r}" for k, s, r in CASES])
def test_every_state_and_request_pair(key: str, state: SeccState, req_name: str) -> None:
    _, _, module = CONFIGS[key]
    secc, now = reach(key, state)
    message = with_session_id(samples(module.SCHEMA)[req_name], secc.session_id or b"\x00")
    req_type = type(message.Body.BodyElement)
    res = send(secc, module.SCHEMA, message, now + 0.01)
    assert res is not None, "every request gets its paired response"
    assert type(res).__name__ == paired(req_name)
    if (state, req_type) not in module.TABLE:
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
    import exi

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
    msg = iso2.wrap(secc.session_id or b"", iso2.m.SessionStopRes(ResponseCode=iso2.RC.OK))
    import exi

    secc.receive(EXI, exi.encode(msg), now)
    assert secc.data_to_send() == [] and secc.closed and "not a request" in secc.close_reason
    assert s is not None
