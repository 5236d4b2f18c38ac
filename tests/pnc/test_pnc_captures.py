"""RISE V2G's Plug & Charge messages from the dSPACE DS5366 captures (../shared/captures/dsV2Gshark,
TLS 1.2 decrypted with the key disclosed inside each capture) pass our SECC's checks: the signed
AuthorizationReq against its PaymentDetailsRes challenge and contract certificate (eMAID = CN), and
each signed MeteringReceiptReq as the receipt store verifies it, against the MeterInfo the charger
sent with ReceiptRequired. (The captures hold no MO root, so the chain itself is not anchored here.)"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from exi.iso2 import generated_types as m
from tests.signing.test_signing_captures import SHARED, _keylog
from v2g._receipt_proofs import check_proofs
from v2g.backend import AuthorizeRequest, normalize_emaid
from v2g.capture import dissect
from v2g.envelope import Rx
from v2g.errors import SessionError
from v2g.receipts import Receipt
from v2g.secc.iso2.pnc import Contract, check_signed_authorization

CAPTURES = {
    "contract-dc": ("ISO-2_DC_PnC_TLS_Contract_DS5366_RiseV2G.pcapng", "PaymentDetailsReq"),
    "contract-ac-receipts": (
        "ISO-2_AC_PnC_TLS_Contract_MeteringReceipt_DS5366_RiseV2G.pcapng",
        "PaymentDetailsReq",
    ),
    "installation": ("ISO-2_DC_PnC_TLS_CertInstallation_DS5366_RiseV2G.pcapng", "CertificateInstallationRes"),
    "update": ("ISO-2_DC_PnC_TLS_CertUpdate_DS5366_RiseV2G.pcapng", "CertificateUpdateRes"),
}


def _session(name: str) -> list[Any]:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    return [x for x in dissect(path, _keylog(path)).messages if x.schema == "iso2" and x.message is not None]


def _body(msgs: list[Any], name: str) -> Any:
    return next(x.message.Body.BodyElement for x in msgs if x.name == name)


def _contract(msgs: list[Any], source: str) -> Contract:
    chain = _body(msgs, source).ContractSignatureCertChain
    leaf = x509.load_der_x509_certificate(chain.Certificate)
    subs = tuple(x509.load_der_x509_certificate(c) for c in chain.SubCertificates.Certificate)
    emaid = _body(msgs, "PaymentDetailsReq").eMAID
    challenge = _body(msgs, "PaymentDetailsRes").GenChallenge
    return Contract(emaid, (leaf, *subs), AuthorizeRequest(emaid, ()), challenge)


@pytest.mark.parametrize("case", list(CAPTURES))
def test_rise_v2g_authorization_passes_our_secc_checks(case: str) -> None:
    msgs = _session(CAPTURES[case][0])
    contract = _contract(msgs, CAPTURES[case][1])
    cn = contract.leaf.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
    assert normalize_emaid(contract.emaid) == normalize_emaid(str(cn))
    (auth,) = [x for x in msgs if x.name == "AuthorizationReq" and x.message.Header.Signature is not None]
    check_signed_authorization(
        contract, auth.message.Body.BodyElement, Rx(auth.message.Header, 0.0, 0.0, auth.raw)
    )
    # and the same request against another challenge is refused, as a replay would be
    stale = dataclasses.replace(contract, challenge=bytes(16))
    with pytest.raises(SessionError) as info:
        check_signed_authorization(
            stale, auth.message.Body.BodyElement, Rx(auth.message.Header, 0.0, 0.0, auth.raw)
        )
    assert info.value.response_code == "FAILED_ChallengeInvalid"


def test_rise_v2g_metering_receipts_pass_our_checks_and_the_store_verification() -> None:
    msgs = _session(CAPTURES["contract-ac-receipts"][0])
    contract = _contract(msgs, "PaymentDetailsReq")
    asked: m.MeterInfoType | None = None
    checked = 0
    for x in msgs:
        body = x.message.Body.BodyElement
        if isinstance(body, m.ChargingStatusRes) and body.ReceiptRequired:
            asked = body.MeterInfo
        if not isinstance(body, m.MeteringReceiptReq):
            continue
        assert asked is not None and dataclasses.astuple(body.MeterInfo) == dataclasses.astuple(asked)
        sig = x.message.Header.Signature
        receipt = Receipt(
            session_id=body.SessionID.hex(),
            evse_id="",
            emaid=contract.emaid,
            protocol="iso2",
            started=0.0,
            stopped=0.0,
            meter_start=0,
            meter_stop=body.MeterInfo.MeterReading or 0,
            schedule_id=body.SAScheduleTupleID or 0,
            meter_id=body.MeterInfo.MeterID,
            exi=x.raw.hex(),
            signature=sig.SignatureValue.value.hex(),
            certificate=contract.leaf.public_bytes(Encoding.DER).hex(),
            verified=True,
        )
        assert check_proofs(receipt) == []
        forged = dataclasses.replace(receipt, meter_stop=receipt.meter_stop + 1)
        assert check_proofs(forged) == ["the signed meter reading is not the record's"]
        checked += 1
    assert checked == 2
