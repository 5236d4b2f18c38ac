"""Every (state, request type) pair of the extended ISO 15118-20 SECC table in a Plug & Charge
DC session (TLS, MO roots, a receipt store): the SECC is driven into each state by our EVCC with
a -20 contract, then one request of every type (minimal content; AuthorizationReq both with EIM
and with PnC) is sent. A pair the table does not have is FAILED_SequenceError and the session
ends; a pair it has gets its paired response, a FAILED one ends the session, a WARNING or OK one
keeps it (SessionStop ends it)."""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import exi
from exi.iso20 import generated_types as c
from tests.pnc._pnc20 import Pnc20Setup
from tests.sessions._session_harness import pump
from v2g.minimal import minimal_message
from v2g.ocmf import OcmfMeter
from v2g.receipts import ReceiptStore
from v2g.secc import SeccSession
from v2g.secc import iso20 as secc20
from v2g.secc.iso20 import Iso20State

SPEC = secc20.SPEC
PREFER = frozenset(
    {
        "Scheduled_SEReqControlModeType",
        "EIM_AReqAuthorizationModeType",
        "DC_CPDReqEnergyTransferModeType",
        "Scheduled_DC_CLReqControlModeType",
        "Scheduled_SMDTControlModeType",
    }
)
STATES = [s for s in Iso20State if s is not Iso20State.ENDED and s is not Iso20State.STANDBY]
SCHEMAS = {0x8004: "iso20-dc", 0x8003: "iso20-ac"}


@cache
def samples() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for req in SPEC.responses:
        out[req.__name__] = minimal_message(req, prefer=PREFER)
    start = out.pop("PowerDeliveryReq")
    for progress in ("Start", "Stop", "Standby", "ScheduleRenegotiation"):
        out[f"PowerDeliveryReq/{progress}"] = dataclasses.replace(
            start, ChargeProgress=c.chargeProgressType(progress)
        )
    eim = out["AuthorizationReq"]
    out["AuthorizationReq/PnC"] = dataclasses.replace(
        eim,
        SelectedAuthorizationService=c.authorizationType.PnC,
        EIM_AReqAuthorizationMode=None,
        PnC_AReqAuthorizationMode=c.PnC_AReqAuthorizationModeType(
            Id="X1",
            GenChallenge=bytes(16),
            ContractCertificateChain=c.ContractCertificateChainType(
                Certificate=b"\x30\x00", SubCertificates=c.SubCertificatesType(Certificate=(b"\x30\x00",))
            ),
        ),
    )
    return out


def reach(state: Iso20State, tmp: Path) -> tuple[SeccSession, float]:
    setup = Pnc20Setup(receipts=ReceiptStore(tmp / "r.db"), meter=OcmfMeter())
    secc, ev = setup.secc(), setup.evcc()
    run = pump(secc, ev, stop_when=lambda r: r.secc.state is state)
    assert secc.state is state and not secc.closed, f"{state} not reached: {secc.close_reason}"
    return secc, run.now


CASES = [(state, name) for state in STATES for name in sorted(samples())]


@pytest.mark.parametrize(("state", "name"), CASES, ids=[f"{s.value}-{n}" for s, n in CASES])
def test_every_state_and_request_pair_in_a_pnc_session(state: Iso20State, name: str, tmp_path: Path) -> None:
    secc, now = reach(state, tmp_path)
    body = samples()[name]
    body = dataclasses.replace(
        body, Header=dataclasses.replace(body.Header, SessionID=secc.session_id or bytes(8))
    )
    route = SPEC.table.get((state, SPEC.event(body)))
    if route is not None and route.guard is not None and not route.guard.holds(secc.context):
        route = None
    payload_type = SPEC.envelope.payload_type(body)
    secc.receive(payload_type, exi.encode(body), now + 0.01)
    out = secc.data_to_send()
    for _ in range(100):  # CertificateInstallation: the answer comes when the service does (timers)
        timer = secc.get_timer()
        if out or timer is None:
            break
        secc.handle_timer(timer)
        out = secc.data_to_send()
    ((sent_type, data),) = out
    assert sent_type == payload_type
    res = exi.decode(data, SCHEMAS.get(payload_type, "iso20"))
    assert type(res) is SPEC.responses[type(body)]
    code = res.ResponseCode.value
    if route is None:
        assert code == "FAILED_SequenceError" and secc.closed
    elif code.startswith("FAILED"):
        assert secc.closed
    else:
        assert secc.closed == (type(body) is c.SessionStopReq), (code, secc.close_reason)
    if name == "AuthorizationReq/PnC" and state is Iso20State.AUTHORIZATION:
        assert code == "WARNING_ChallengeInvalid"  # the minimal sample's challenge is not ours
    if name == "MeteringConfirmationReq" and state is Iso20State.CHARGING:
        assert code in ("FAILED_SequenceError", "FAILED_MeteringSignatureNotValid")
