"""The -20 checks of the interop harness (``_iso20.check_iso20``) on a made-up AC session, without
Josev or privileges: they pass on a good one and fail on each thing they are there to catch."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from tests.interop._interop import Case, Outcome
from tests.interop._iso20 import SEQUENCES, _grammars, check_iso20
from tests.interop._josev import Message

CASE = Case("iso20-ac", "iso20", "ISO_15118_20_AC", "AC_ChargeLoopReq", tls="1.3",
            our_args=("--service", "ac", "--tls-group", "secp256r1"))
BODIES: dict[str, dict[str, Any]] = {
    "SessionSetupRes": {"ResponseCode": "OK_NewSessionEstablished"},
    "ServiceDiscoveryRes": {"EnergyTransferServiceList": {"Service": [{"ServiceID": 1}]}},
    "ServiceDetailReq": {"ServiceID": 1},
    "ServiceSelectionReq": {"SelectedEnergyTransferService": {"ServiceID": 1, "ParameterSetID": 2}},
    "AC_ChargeLoopReq": {"Dynamic_AC_CLReqControlMode": {}},
    "SessionStopReq": {"ChargingSession": "Terminate"},
}
TLS = {"_tls": "TLSv1.3", "_tls_group": "secp256r1", "_tls_peer": ["CN=VehicleCert"]}


def _messages(names: list[str], side: str) -> list[Message]:
    out = []
    for request in names:
        for name in (f"{request}Req", f"{request}Res"):
            grammar = _grammars(name)[0 if side == "josev" else 1]
            body = {**BODIES.get(name, {}), ("_ns" if side == "josev" else "_protocol"): grammar}
            out.append(Message("rx" if name.endswith("Req") else "tx", name, body))
    if side == "ours":
        out[0] = dataclasses.replace(out[0], body={**out[0].body, **TLS})
    return out


def _outcome(names: list[str] = SEQUENCES["ac"]) -> Outcome:
    names = [*names[:11], "AC_ChargeLoop", "AC_ChargeLoop", *names[11:]]  # a loop of three
    return Outcome(_messages(names, "ours"), "", _messages(names, "josev"), "", "",
                   "CLIENT_HANDSHAKE_TRAFFIC_SECRET x y\nCLIENT_TRAFFIC_SECRET_0 x y\n")


def test_a_good_ac_session_passes() -> None:
    check_iso20(_outcome(), CASE, "Dynamic", our_side="secc")


def _set(messages: list[Message], name: str, **changes: Any) -> None:
    for i, m in enumerate(messages):
        if m.name == name:
            messages[i] = dataclasses.replace(m, body={**m.body, **changes})


def test_a_message_in_another_sets_grammar_fails() -> None:
    """A loop request that came with the common payload type (0x8002): Josev read it with the
    common grammar."""
    outcome = _outcome()
    _set(outcome.josev, "AC_ChargeLoopReq", _ns="Namespace.ISO_V20_COMMON_MSG")
    with pytest.raises(AssertionError, match="AC_ChargeLoopReq"):
        check_iso20(outcome, CASE, "Dynamic", our_side="secc")


def test_selection_before_detail_fails() -> None:
    names = list(SEQUENCES["ac"])
    names[5], names[6] = names[6], names[5]
    with pytest.raises(AssertionError, match="ServiceSelection"):
        check_iso20(_outcome(names), CASE, "Dynamic", our_side="secc")


def test_another_control_mode_group_or_peer_fails() -> None:
    with pytest.raises(AssertionError, match="Scheduled_AC_CLReqControlMode"):
        check_iso20(_outcome(), CASE, "Scheduled", our_side="secc")
    with pytest.raises(AssertionError, match="CN=SECCCert"):
        check_iso20(_outcome(), CASE, "Dynamic", our_side="evcc")
    outcome = _outcome()
    _set(outcome.ours, "supportedAppProtocolReq", _tls_group="x448")
    with pytest.raises(AssertionError, match="x448"):
        check_iso20(outcome, CASE, "Dynamic", our_side="secc")


def test_a_session_that_pauses_or_selects_another_service_fails() -> None:
    outcome = _outcome()
    _set(outcome.josev, "SessionStopReq", ChargingSession="Pause")
    with pytest.raises(AssertionError, match="Josev's log"):
        check_iso20(outcome, CASE, "Dynamic", our_side="secc")
    outcome = _outcome()
    _set(outcome.ours, "ServiceSelectionReq", SelectedEnergyTransferService={"ServiceID": 5})
    with pytest.raises(AssertionError, match="our trace"):
        check_iso20(outcome, CASE, "Dynamic", our_side="secc")
