"""Signatures made by another stack: the dSPACE DS5366 / RISE V2G Plug & Charge captures of
../shared/captures/dsV2Gshark (PROVENANCE.txt: dspace-group/dsV2Gshark
Wireshark/dsV2Gshark_examples @ b553c06d). They are TLS 1.2; the DS5366 discloses the session's
secret as an NSS key log line (``CLIENT_RANDOM <random> <master secret>``) in a UDP datagram to port
52345 inside the capture, which is what decrypts them here. The certificates come from the same
sessions (PaymentDetailsReq / CertificateUpdateReq contract chain, CertificateInstallationReq OEM
provisioning certificate, CertificateInstallationRes/UpdateRes SA provisioning chain)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509

from exi.iso2 import generated_types as T
from v2g import signing
from v2g.capture import dissect, packets, read_capture

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "captures" / "dsV2Gshark"
DISCLOSURE_PORT = 52345


def _keylog(path: Path) -> str:
    capture = read_capture(path)
    lines = []
    for packet in capture.packets:
        try:
            decoded = packets.decode_frame(packet.linktype, packet.data)
        except packets.PacketError:
            continue
        if (isinstance(decoded, packets.UdpDatagram) and decoded.dst.port == DISCLOSURE_PORT
                and decoded.payload.startswith(b"CLIENT_RANDOM ")):
            lines.append(decoded.payload.decode("ascii").strip())
    return "\n".join(lines) + "\n"


def _messages(name: str) -> list[tuple[str, Any]]:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    keylog = _keylog(path)
    assert keylog.strip(), "the DS5366 key disclosure datagram is in the capture"
    out = [(m.name, m.message) for m in dissect(path, keylog).messages if m.schema == "iso2"]
    assert out, "TLS decrypted"
    return out


def _cert(der: bytes) -> x509.Certificate:
    return x509.load_der_x509_certificate(der)


def _signed(messages: list[tuple[str, Any]], name: str) -> list[Any]:
    found = [m for n, m in messages if n == name]
    assert found and all(m.Header.Signature is not None for m in found)
    return found


def _one(messages: list[tuple[str, Any]], name: str) -> Any:
    found = [m.Body.BodyElement for n, m in messages if n == name]
    assert len(found) == 1
    return found[0]


def _check(message: Any, signer: x509.Certificate, others: list[x509.Certificate]) -> None:
    signing.verify(message, signer)
    for other in others:
        with pytest.raises(signing.SignatureError) as info:
            signing.verify(message, other)
        assert info.value.part == "SignatureValue"
    # and tampering with the first referenced element breaks its Reference
    sig = message.Header.Signature
    first = sig.SignedInfo.Reference[0].URI
    body = message.Body.BodyElement
    if isinstance(body, T.AuthorizationReqType):
        bad = dataclasses.replace(body, GenChallenge=bytes(16))
    elif isinstance(body, T.MeteringReceiptReqType):
        bad = dataclasses.replace(body, SessionID=bytes(len(body.SessionID)))
    elif isinstance(body, T.CertificateInstallationReqType):
        bad = dataclasses.replace(body, OEMProvisioningCert=body.OEMProvisioningCert[:-1] + b"\x00")
    else:  # CertificateInstallationRes / UpdateRes: #ID1 is ContractSignatureCertChain
        chain = body.ContractSignatureCertChain
        bad = dataclasses.replace(body, ContractSignatureCertChain=dataclasses.replace(
            chain, Certificate=chain.Certificate[:-1] + bytes([chain.Certificate[-1] ^ 1])))
    with pytest.raises(signing.SignatureError) as info:
        signing.verify(dataclasses.replace(message, Body=T.BodyType(BodyElement=bad)), signer)
    assert (info.value.part, info.value.uri) == ("Reference", first)


def test_authorization_and_metering_receipts_of_rise_v2g_verify() -> None:
    messages = _messages("ISO-2_AC_PnC_TLS_Contract_MeteringReceipt_DS5366_RiseV2G.pcapng")
    contract = _cert(_one(messages, "PaymentDetailsReq").ContractSignatureCertChain.Certificate)
    (auth,) = _signed(messages, "AuthorizationReq")
    _check(auth, contract, [])
    receipts = _signed(messages, "MeteringReceiptReq")
    assert len(receipts) == 2
    for receipt in receipts:
        _check(receipt, contract, [])


def test_certificate_installation_of_rise_v2g_verifies() -> None:
    messages = _messages("ISO-2_DC_PnC_TLS_CertInstallation_DS5366_RiseV2G.pcapng")
    req = _one(messages, "CertificateInstallationReq")
    res = _one(messages, "CertificateInstallationRes")
    oem = _cert(req.OEMProvisioningCert)
    cps = _cert(res.SAProvisioningCertificateChain.Certificate)
    contract = _cert(res.ContractSignatureCertChain.Certificate)
    (signed_req,) = _signed(messages, "CertificateInstallationReq")
    _check(signed_req, oem, [cps, contract])
    (signed_res,) = _signed(messages, "CertificateInstallationRes")
    uris = [r.URI for r in signed_res.Header.Signature.SignedInfo.Reference]
    assert uris == ["#ID1", "#ID2", "#ID3", "#ID4"]
    _check(signed_res, cps, [oem, contract])
    (auth,) = _signed(messages, "AuthorizationReq")
    _check(auth, contract, [oem, cps])  # the newly installed contract certificate signs


def test_certificate_update_of_rise_v2g_verifies() -> None:
    messages = _messages("ISO-2_DC_PnC_TLS_CertUpdate_DS5366_RiseV2G.pcapng")
    req = _one(messages, "CertificateUpdateReq")
    res = _one(messages, "CertificateUpdateRes")
    old = _cert(req.ContractSignatureCertChain.Certificate)
    cps = _cert(res.SAProvisioningCertificateChain.Certificate)
    new = _cert(res.ContractSignatureCertChain.Certificate)
    assert old != new
    (signed_req,) = _signed(messages, "CertificateUpdateReq")
    signing.verify(signed_req, old)
    with pytest.raises(signing.SignatureError):
        signing.verify(signed_req, new)
    (signed_res,) = _signed(messages, "CertificateUpdateRes")
    _check(signed_res, cps, [old, new])
    (auth,) = _signed(messages, "AuthorizationReq")
    _check(auth, new, [cps])


def test_rise_v2g_leaves_a_stale_signature_in_later_headers() -> None:
    """A quirk of this peer: after MeteringReceiptReq its ChargingStatusReq headers still carry a
    Signature whose Reference (#id1) is not in the message; verify names the missing element."""
    messages = _messages("ISO-2_AC_PnC_TLS_Contract_MeteringReceipt_DS5366_RiseV2G.pcapng")
    contract = _cert(_one(messages, "PaymentDetailsReq").ContractSignatureCertChain.Certificate)
    stale = [m for n, m in messages if n == "ChargingStatusReq" and m.Header.Signature is not None]
    assert stale
    with pytest.raises(signing.SignatureError) as info:
        signing.verify(stale[0], contract)
    assert info.value.part == "Reference"
    assert "no element" in str(info.value)
