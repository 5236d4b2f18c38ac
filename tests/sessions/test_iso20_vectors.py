"""ISO 15118-20 DC requests from the public vectors (cbV2G-encoded EVerest test data, Josev
simulations; /work/shared/vectors) fed to our SECC in the DC Scheduled sequence: every one gets the
paired response with an OK code, on the payload type of its schema set, through to SessionStop.
Where a vector is for another service (ServiceID 5, AC) or another step (PreCharge Ongoing,
PowerDelivery Start), only that field is changed; the SessionID is the session's."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from typing import Any

import pytest
from _iso20 import ISO20_DC, secc_for, with_sid
from _session_harness import VECTORS, handshake

import exi
from exi.iso20 import generated_types as c
from exi.iso20_dc import generated_types as d
from v2g.secc import SeccSession
from v2g.secc import iso20 as secc20
from v2g.secc.iso20 import Iso20State
from v2g.v2gtp import PayloadType

SPEC = secc20.SPEC


@cache
def vector_requests() -> dict[str, Any]:
    """The first request of each -20 type in the public vectors that is for DC (not BPT) service."""
    found: dict[str, Any] = {}
    if not VECTORS.exists():
        return found
    for line in VECTORS.read_text().splitlines():
        row = json.loads(line)
        name = row["message"]
        if row["set"] != "iso20" or not name.endswith("Req") or name in found:
            continue
        schema = "iso20-dc" if name.startswith("DC_") else "iso20"
        try:
            message = exi.decode(bytes.fromhex(row["hex"]), schema)
        except exi.ExiError:
            continue
        if type(message).__name__ != name:
            continue
        if isinstance(message, d.DC_ChargeLoopReq) and isinstance(
            message.CLReqControlMode, d.BPT_Scheduled_DC_CLReqControlModeType
        ):
            continue
        found[name] = message
    return found


def _send(secc: SeccSession, message: Any, now: float) -> Any:
    body = with_sid(message, secc.session_id or b"\x00" * 8)
    payload_type = SPEC.envelope.payload_type(body)
    assert payload_type == (
        PayloadType.ISO20_DC if type(body).__name__.startswith("DC_") else PayloadType.ISO20_MAIN
    )
    secc.receive(payload_type, exi.encode(body), now)
    ((sent_type, data),) = secc.data_to_send()
    assert sent_type == payload_type
    res = exi.decode(data, "iso20-dc" if payload_type == PayloadType.ISO20_DC else "iso20")
    assert type(res) is SPEC.responses[type(body)]
    assert res.ResponseCode.value.startswith("OK"), (type(res).__name__, res.ResponseCode, secc.close_reason)
    return res


def test_the_vectors_cover_the_dc_requests() -> None:
    have = set(vector_requests())
    if not have:
        pytest.skip("public vectors not present")
    needed = {r.__name__ for r in SPEC.responses} - {
        "CertificateInstallationReq",
        "MeteringConfirmationReq",
        "VehicleCheckInReq",
        "VehicleCheckOutReq",
    }
    assert needed <= have, needed - have


def test_vector_requests_get_ok_responses_through_the_dc_sequence() -> None:
    v = vector_requests()
    if not v:
        pytest.skip("public vectors not present")
    secc = secc_for()
    now = 0.0
    handshake(secc, ISO20_DC, now)
    secc.data_to_send()

    def step(message: Any) -> Any:
        nonlocal now
        now += 0.05
        return _send(secc, message, now)

    step(v["SessionSetupReq"])
    step(v["AuthorizationSetupReq"])
    while step(v["AuthorizationReq"]).EVSEProcessing is not c.processingType.Finished:
        pass
    step(v["ServiceDiscoveryReq"])
    step(dataclasses.replace(v["ServiceDetailReq"], ServiceID=2))
    selected = c.SelectedServiceType(ServiceID=2, ParameterSetID=1)
    step(
        dataclasses.replace(
            v["ServiceSelectionReq"], SelectedEnergyTransferService=selected, SelectedVASList=None
        )
    )
    step(v["DC_ChargeParameterDiscoveryReq"])
    while step(v["ScheduleExchangeReq"]).EVSEProcessing is not c.processingType.Finished:
        pass
    while step(v["DC_CableCheckReq"]).EVSEProcessing is not c.processingType.Finished:
        now += 0.1
    pre = v["DC_PreChargeReq"]
    assert pre.EVProcessing is c.processingType.Ongoing
    step(pre)
    step(dataclasses.replace(pre, EVProcessing=c.processingType.Finished))
    start = v["PowerDeliveryReq"]
    assert start.ChargeProgress is c.chargeProgressType.Start
    step(start)
    assert secc.state is Iso20State.CHARGING
    loop = step(v["DC_ChargeLoopReq"])
    assert isinstance(loop.CLResControlMode, d.Scheduled_DC_CLResControlModeType)
    step(dataclasses.replace(start, ChargeProgress=c.chargeProgressType.Stop, EVPowerProfile=None))
    step(v["DC_WeldingDetectionReq"])
    step(v["SessionStopReq"])
    assert secc.closed and secc.close_reason == "terminated"
