"""Real vehicles' requests (public vectors: a Hyundai Ioniq on DIN 70121, a BMW iX on ISO 15118-2 DC)
fed to the SECC in session order, with the SessionID adapted: every response is of the paired type
with an OK code, Ongoing and pre-charge requests repeated as the car would."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from _session_harness import DIN, EXI, ISO2, VECTORS, setup, with_session_id

import exi
from v2g.controller import EnergyMode
from v2g.secc import SeccState

DIN_ORDER = [
    "SessionSetupReq",
    "ServiceDiscoveryReq",
    "ServicePaymentSelectionReq",
    "ContractAuthenticationReq",
    "ChargeParameterDiscoveryReq",
    "CableCheckReq",
    "PreChargeReq",
    "PowerDeliveryReq",
    "CurrentDemandReq",
    "PowerDeliveryReq",
    "WeldingDetectionReq",
    "SessionStopReq",
]
ISO2_ORDER = [
    "SessionSetupReq",
    "ServiceDiscoveryReq",
    "PaymentServiceSelectionReq",
    "AuthorizationReq",
    "ChargeParameterDiscoveryReq",
    "CableCheckReq",
    "PreChargeReq",
    "PowerDeliveryReq",
    "CurrentDemandReq",
    "PowerDeliveryReq",
    "WeldingDetectionReq",
    "SessionStopReq",
]


def car(origin: str) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for line in VECTORS.read_text().splitlines():
        v = json.loads(line)
        if origin in v.get("origin", "") and v["message"] not in found:
            found[v["message"]] = bytes.fromhex(v["hex"])
    return found


def stop_variant(schema: str, message: Any) -> Any:
    body = message.Body.BodyElement
    if schema == "din":
        new = dataclasses.replace(body, ReadyToChargeState=False)
    else:
        new = dataclasses.replace(body, ChargeProgress=type(body.ChargeProgress).Stop)
    return dataclasses.replace(message, Body=dataclasses.replace(message.Body, BodyElement=new))


@pytest.mark.parametrize(
    ("origin", "protocol", "schema", "order"),
    [("Hyundai Ioniq 28kWh", DIN, "din", DIN_ORDER), ("BMW iX fw 11/2022.64", ISO2, "iso2", ISO2_ORDER)],
    ids=["ioniq-din", "bmw-ix-iso2"],
)
def test_real_vehicle_requests_in_order(origin: str, protocol: Any, schema: str, order: list[str]) -> None:
    vectors = car(origin)
    s = setup(protocol, EnergyMode.DC_EXTENDED)
    secc = s.secc()
    now = 0.0
    handshake = vectors.get("supportedAppProtocolReq") or car("Hyundai Ioniq)")["supportedAppProtocolReq"]
    secc.receive(EXI, handshake, now)
    (res,) = secc.data_to_send()
    assert exi.decode(res[1], "app").ResponseCode.value == "OK_SuccessfulNegotiation"
    assert secc.protocol == protocol.namespace
    seen_pd = 0
    for name in order:
        message = exi.decode(vectors[name], schema)
        if name == "PowerDeliveryReq":
            seen_pd += 1
            if seen_pd == 2:
                message = stop_variant(schema, message)
        repeats = 0
        while True:
            now += 0.1
            if name != "SessionSetupReq":
                message = with_session_id(message, secc.session_id or b"")
            secc.receive(EXI, exi.encode(message, check_facets=False), now)
            (out,) = secc.data_to_send()
            body = exi.decode(out[1], schema).Body.BodyElement
            assert type(body).__name__ == name.removesuffix("Req") + "Res"
            assert body.ResponseCode.value in ("OK", "OK_NewSessionEstablished"), (name, body.ResponseCode)
            repeats += 1
            assert repeats < 200
            if getattr(body, "EVSEProcessing", None) is not None and body.EVSEProcessing.value != "Finished":
                continue
            if name == "PreChargeReq":
                target = message.Body.BodyElement.EVTargetVoltage
                goal = target.Value * 10**target.Multiplier
                present = body.EVSEPresentVoltage.Value * 10**body.EVSEPresentVoltage.Multiplier
                if abs(present - goal) > 10:
                    continue
            if name == "CurrentDemandReq" and repeats < 10:
                continue
            break
    assert secc.closed and secc.close_reason == "terminated" and secc.state is SeccState.ENDED
    assert secc.context.loop_count == 10
