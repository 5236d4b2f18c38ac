"""OCPP 1.6J as 2.0.1 (v2g/ocpp/v16.py) and 1.6's transactions (transactions16.py): pure, no I/O."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ocpp")

from v2g.backend import AuthorizeRequest, CertificateHashData, IdTokenStatus, SignedMeterValue
from v2g.ocpp import v16
from v2g.ocpp.limits import ChargingLimits
from v2g.ocpp.mapping import CsmsAnswerError, authorize_result, contract_authorize_payload, profile_schedule
from v2g.ocpp.outbox import Outbox
from v2g.ocpp.transactions16 import Transactions16

WHEN = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.timezone.utc)
HASH = CertificateHashData("SHA256", "aa", "bb", "1f", "http://ocsp")


def test_plug_and_charge_authorize_travels_in_the_oca_data_transfer() -> None:
    payload = contract_authorize_payload(AuthorizeRequest("DEV2G123456789K", (HASH,)))
    action, request = v16.request_16("Authorize", payload) or ("", {})
    assert action == "DataTransfer"
    assert (
        request["vendor_id"] == "org.openchargealliance.iso15118pnc" and request["message_id"] == "Authorize"
    )
    assert json.loads(request["data"]) == {  # the 2.0.1 message on the wire, camelCase
        "idToken": {"idToken": "DEV2G123456789K", "type": "eMAID"},
        "iso15118CertificateHashData": [
            {
                "hashAlgorithm": "SHA256",
                "issuerNameHash": "aa",
                "issuerKeyHash": "bb",
                "serialNumber": "1f",
                "responderURL": "http://ocsp",
            }
        ],
    }
    answer = {
        "status": "Accepted",
        "data": '{"idTokenInfo":{"status":"Blocked"},"certificateStatus":"Revoked"}',
    }
    with pytest.raises(CsmsAnswerError):  # Revoked is no certificateStatus of OCPP 2.0.1
        authorize_result(v16.answer_201("Authorize", payload, answer))
    answer["data"] = '{"idTokenInfo":{"status":"Blocked"},"certificateStatus":"CertificateRevoked"}'
    result = authorize_result(v16.answer_201("Authorize", payload, answer))
    assert result.status is IdTokenStatus.BLOCKED and not result.accepted


@pytest.mark.parametrize(
    "answer",
    [
        {"status": "UnknownVendorId"},
        {"status": "Rejected", "data": '{"idTokenInfo":{"status":"Accepted"}}'},
        {"status": "Accepted"},
        {"status": "Accepted", "data": "{not json"},
        {"status": "Accepted", "data": "[1]"},
    ],
)
def test_a_data_transfer_answer_without_the_pnc_answer_is_a_csms_error(answer: dict[str, Any]) -> None:
    payload = {"iso15118_schema_version": "x", "action": "Install", "exi_request": "AA=="}
    with pytest.raises(CsmsAnswerError):
        v16.answer_201("Get15118EVCertificate", payload, answer)


@pytest.mark.parametrize(
    ("status", "accepted"), [("Accepted", True), ("ConcurrentTx", False), ("Expired", False)]
)
def test_eim_is_a_16_authorize_with_the_id_tag(status: str, accepted: bool) -> None:
    payload = {"id_token": {"id_token": "04AABBCC", "type": "ISO14443"}}
    assert v16.request_16("Authorize", payload) == ("Authorize", {"id_tag": "04AABBCC"})
    answer = v16.answer_201("Authorize", payload, {"id_tag_info": {"status": status}})
    assert authorize_result(answer).accepted is accepted
    with pytest.raises(CsmsAnswerError):
        v16.answer_201("Authorize", payload, {"id_tag_info": {"status": "Unknown"}})  # 2.0.1 only


def test_charging_needs_have_no_16_message() -> None:
    assert v16.request_16("NotifyEVChargingNeeds", {"evse_id": 1, "charging_needs": {}}) is None


def test_16_profiles_read_as_201_decimals_and_all() -> None:
    profile = {
        "charging_profile_id": 3,
        "stack_level": 0,
        "charging_profile_purpose": "ChargePointMaxProfile",
        "charging_profile_kind": "Absolute",
        "charging_schedule": {
            "charging_rate_unit": "A",
            "charging_schedule_period": [
                {"start_period": 0, "limit": Decimal("16.0")},
                {"start_period": 600, "limit": Decimal("8.5"), "number_phases": 1},
            ],
        },
    }
    limits = ChargingLimits(volts=230.0, phases=3)
    limits.set(1, v16.profile_201(profile))
    assert limits.profiles["ChargingStationMaxProfile"].pmax == ((0, 16 * 230 * 3), (600, 8.5 * 230))
    back = v16.profile_201(v16.profile_16(v16.profile_201(profile)))
    assert profile_schedule(back, volts=230.0, phases=3).pmax == ((0, 16 * 230 * 3), (600, 8.5 * 230))


def _record(n: int) -> SignedMeterValue:
    ocmf = 'OCMF|{"RD":[{"RV":' + f"{n}" + ',"RU":"kWh"}]}|{"SD":"00"}'
    return SignedMeterValue("s1", ocmf, "ECDSA-secp256r1-SHA256", "OCMF", "3059")


def test_16_transaction_messages_carry_the_ocmf_record_as_signed_data(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.json")
    tx = Transactions16(outbox)
    tx.authorized({"id_token": "DEV2G123456789K", "type": "eMAID"}, WHEN, False)
    tx.meter_values(_record(2), WHEN, False)
    assert tx.ended(True, WHEN, False) and not tx.ended(True, WHEN, False)
    (_, start), (_, values), (_, stop) = list(outbox)
    assert start["id_tag"] == "DEV2G123456789K" and start["meter_start"] == 0
    plain, signed = values["meter_value"][0]["sampled_value"]
    assert plain["value"] == "2000" and signed["format"] == "SignedData"
    assert (
        signed["value"] == _record(2).signed_meter_data
        and signed["measurand"] == "Energy.Active.Import.Register"
    )
    assert stop["meter_stop"] == 2000 and stop["reason"] == "Local"
    assert stop["transaction_data"][0]["sampled_value"][0]["context"] == "Transaction.End"
    # until the CSMS names the transaction, the messages behind StartTransaction wait with a local reference
    assert values["transaction_id"] == stop["transaction_id"] == start["transaction_ref"]
    assert tx.prepare("StartTransaction", start) == {k: v for k, v in start.items() if k != "transaction_ref"}
    tx.answered("StartTransaction", start, {"transaction_id": 41, "id_tag_info": {"status": "Accepted"}})
    outbox.pop()
    assert [p["transaction_id"] for _, p in Outbox(tmp_path / "outbox.json")] == [41, 41]  # also in the file


def test_16_messages_of_a_transaction_the_csms_refused_are_not_sent() -> None:
    outbox = Outbox()
    tx = Transactions16(outbox)
    tx.meter_values(_record(1), WHEN, True)  # started by the meter: no idTag
    (_, start), (_, values) = list(outbox)
    assert start["id_tag"] == ""
    tx.answered("StartTransaction", start, {})  # a CALLERROR: no transactionId
    assert tx.prepare("MeterValues", values) is None
