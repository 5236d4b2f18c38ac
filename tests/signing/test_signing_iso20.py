"""ISO 15118-20 signatures: ECDSA P-521 / SHA-512 and Ed448 / SHAKE256 over -20 EXI fragments."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed448
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding

import exi
from exi.iso20 import generated_types as T
from tls.pki import Pki
from tls.profiles import Role
from v2g import signing

HEADER = T.MessageHeaderType(SessionID=bytes.fromhex("0102030405060708"), TimeStamp=1_700_000_000)


def _der(pki: Pki, role: Role) -> list[bytes]:
    return [c.public_bytes(Encoding.DER) for c in pki.chain(role)]


def authorization_req(pki: Pki) -> T.AuthorizationReq:
    certs = _der(pki, Role.CONTRACT_LEAF)
    return T.AuthorizationReq(Header=HEADER, SelectedAuthorizationService=T.authorizationType.PnC,
                              PnC_AReqAuthorizationMode=T.PnC_AReqAuthorizationModeType(
                                  Id="PnC1", GenChallenge=bytes(range(16)),
                                  ContractCertificateChain=T.ContractCertificateChainType(
                                      Certificate=certs[0],
                                      SubCertificates=T.SubCertificatesType(Certificate=tuple(certs[1:])))))


def metering_confirmation_req() -> T.MeteringConfirmationReq:
    return T.MeteringConfirmationReq(Header=HEADER, SignedMeteringData=T.SignedMeteringDataType(
        Id="SMD1", SessionID=HEADER.SessionID,
        MeterInfo=T.MeterInfoType(MeterID="M1", ChargedEnergyReadingWh=123456, MeterTimestamp=1_700_000_100),
        Scheduled_SMDTControlMode=T.Scheduled_SMDTControlModeType(SelectedScheduleTupleID=1)))


def certificate_installation_req(pki: Pki) -> T.CertificateInstallationReq:
    certs = _der(pki, Role.OEM_PROV_LEAF)
    return T.CertificateInstallationReq(
        Header=HEADER,
        OEMProvisioningCertificateChain=T.SignedCertificateChainType(
            Id="OEM1", Certificate=certs[0],
            SubCertificates=T.SubCertificatesType(Certificate=tuple(certs[1:]))),
        ListOfRootCertificateIDs=T.ListOfRootCertificateIDsType(RootCertificateID=(
            T.X509IssuerSerialType(X509IssuerName="CN=V2G Root", X509SerialNumber=1),)),
        MaximumContractCertificateChains=1)


def _rational(v: int) -> T.RationalNumberType:
    return T.RationalNumberType(Exponent=0, Value=v)


def schedule_exchange_res() -> T.ScheduleExchangeRes:
    price = T.AbsolutePriceScheduleType(
        Id="APS1", TimeAnchor=0, PriceScheduleID=1, Currency="EUR", Language="ENG",
        PriceAlgorithm="urn:iso:std:iso:15118:-20:PriceAlgorithm:1-Power",
        PriceRuleStacks=T.PriceRuleStackListType(PriceRuleStack=(T.PriceRuleStackType(
            Duration=0,
            PriceRule=(T.PriceRuleType(EnergyFee=_rational(30), PowerRangeStart=_rational(0)),)),)))
    schedule = T.ChargingScheduleType(
        PowerSchedule=T.PowerScheduleType(TimeAnchor=0, PowerScheduleEntries=T.PowerScheduleEntryListType(
            PowerScheduleEntry=(T.PowerScheduleEntryType(Duration=3600, Power=_rational(11000)),))),
        AbsolutePriceSchedule=price)
    return T.ScheduleExchangeRes(
        Header=HEADER, ResponseCode=T.responseCodeType.OK, EVSEProcessing=T.processingType.Finished,
        Scheduled_SEResControlMode=T.Scheduled_SEResControlModeType(ScheduleTuple=(
            T.ScheduleTupleType(ScheduleTupleID=1, ChargingSchedule=schedule),)))


CASES: list[tuple[str, Any, str, Role]] = [
    ("PnC_AReqAuthorizationMode", authorization_req, "PnC1", Role.CONTRACT_LEAF),
    ("SignedMeteringData", lambda pki: metering_confirmation_req(), "SMD1", Role.CONTRACT_LEAF),
    ("OEMProvisioningCertificateChain", certificate_installation_req, "OEM1", Role.OEM_PROV_LEAF),
    ("AbsolutePriceSchedule", lambda pki: schedule_exchange_res(), "APS1", Role.SECC_LEAF),
]

SUITES = {
    "p521": ("pki_iso20", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
             "http://www.w3.org/2001/04/xmlenc#sha512", 132, lambda d: hashlib.sha512(d).digest()),
    "ed448": ("pki_ed448", "http://www.w3.org/2021/04/xmldsig-more#eddsa-ed448",
              "http://www.w3.org/2021/04/xmldsig-more#shake256", 114,
              lambda d: hashlib.shake_256(d).digest(64)),
}


def _alter(obj: Any) -> Any:
    """One value changed inside the referenced element."""
    if isinstance(obj, T.PnC_AReqAuthorizationModeType):
        return dataclasses.replace(obj, GenChallenge=bytes(16))
    if isinstance(obj, T.SignedMeteringDataType):
        meter = dataclasses.replace(obj.MeterInfo, ChargedEnergyReadingWh=1)
        return dataclasses.replace(obj, MeterInfo=meter)
    if isinstance(obj, T.SignedCertificateChainType):
        return dataclasses.replace(obj, Certificate=obj.Certificate[:-1] + bytes([obj.Certificate[-1] ^ 1]))
    if isinstance(obj, T.AbsolutePriceScheduleType):
        return dataclasses.replace(obj, Currency="USD")
    raise AssertionError(type(obj))


def _tampered(message: Any, element_id: str) -> Any:
    def change(obj: Any) -> Any:
        if getattr(obj, "Id", None) == element_id:
            return _alter(obj)
        if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
            return obj
        changes = {}
        for f in dataclasses.fields(obj):
            v = getattr(obj, f.name)
            new = tuple(change(x) for x in v) if isinstance(v, tuple) else change(v)
            if new != v:
                changes[f.name] = new
        return dataclasses.replace(obj, **changes) if changes else obj
    out = change(message)
    assert out != message
    return out


@pytest.mark.parametrize("suite", sorted(SUITES))
@pytest.mark.parametrize(("what", "build", "element_id", "role"), CASES, ids=[c[0] for c in CASES])
def test_sign_verify_tamper(request: pytest.FixtureRequest, suite: str, what: str, build: Any,
                            element_id: str, role: Role) -> None:
    fixture, method, digest_uri, length, digest = SUITES[suite]
    pki: Pki = request.getfixturevalue(fixture)
    message = build(pki)
    signed = signing.sign(message, [element_id], pki.keys[role], profile="iso20")
    sig = signed.Header.Signature
    assert sig is not None
    assert sig.SignedInfo.SignatureMethod.Algorithm == method
    (ref,) = sig.SignedInfo.Reference
    assert ref.URI == "#" + element_id
    assert ref.DigestMethod.Algorithm == digest_uri
    fragment = signing.reference_bytes(message, element_id)
    assert ref.DigestValue == digest(fragment)
    assert len(sig.SignatureValue.value) == length
    signing.verify(signed, pki.certs[role], profile="iso20")
    received = exi.decode(exi.encode(signed), "iso20")
    assert received == signed
    signing.verify(received, pki.certs[role], profile="iso20")
    # tampering with the referenced element breaks its Reference
    with pytest.raises(signing.SignatureError) as info:
        signing.verify(_tampered(signed, element_id), pki.certs[role], profile="iso20")
    assert (info.value.part, info.value.uri) == ("Reference", "#" + element_id)
    # another key
    other = Role.SECC_LEAF if role is not Role.SECC_LEAF else Role.CONTRACT_LEAF
    with pytest.raises(signing.SignatureError) as info:
        signing.verify(signed, pki.certs[other], profile="iso20")
    assert info.value.part == "SignatureValue"
    # the iso2 profile does not accept -20 keys
    with pytest.raises(signing.SignatureError, match="iso2"):
        signing.verify(signed, pki.certs[role], profile="iso2")


def test_signed_info_tampered(pki_iso20: Pki, pki_ed448: Pki) -> None:
    for pki in (pki_iso20, pki_ed448):
        signed = signing.sign(metering_confirmation_req(), ["SMD1"], pki.keys[Role.CONTRACT_LEAF],
                              profile="iso20")
        sig = signed.Header.Signature
        assert sig is not None
        ref = sig.SignedInfo.Reference[0]
        twice = dataclasses.replace(sig.SignedInfo, Reference=(ref, ref))
        bad = dataclasses.replace(signed, Header=dataclasses.replace(
            signed.Header, Signature=dataclasses.replace(sig, SignedInfo=twice)))
        with pytest.raises(signing.SignatureError) as info:
            signing.verify(bad, pki.certs[Role.CONTRACT_LEAF], profile="iso20")
        assert info.value.part == "SignatureValue"


def test_signature_values_checked_independently(pki_iso20: Pki, pki_ed448: Pki) -> None:
    """The SignatureValue is over the xmldsig-grammar fragment of SignedInfo: checked here with
    ``cryptography`` directly, not through the code under test."""
    key = pki_iso20.keys[Role.CONTRACT_LEAF]
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    signed = signing.sign(metering_confirmation_req(), ["SMD1"], key, profile="iso20")
    assert signed.Header.Signature is not None
    data = exi.encode_fragment(signed.Header.Signature.SignedInfo, "xmldsig")
    assert data[:2] == bytes.fromhex("8081")
    v = signed.Header.Signature.SignatureValue.value
    der = encode_dss_signature(int.from_bytes(v[:66], "big"), int.from_bytes(v[66:], "big"))
    key.public_key().verify(der, data, ec.ECDSA(hashes.SHA512()))
    ed = pki_ed448.keys[Role.CONTRACT_LEAF]
    assert isinstance(ed, ed448.Ed448PrivateKey)
    signed = signing.sign(metering_confirmation_req(), ["SMD1"], ed, profile="iso20")
    assert signed.Header.Signature is not None
    data = exi.encode_fragment(signed.Header.Signature.SignedInfo, "xmldsig")
    ed.public_key().verify(signed.Header.Signature.SignatureValue.value, data)


def test_algorithm_and_key_must_agree(pki_iso20: Pki, pki_ed448: Pki) -> None:
    """A P-521 signature presented with an Ed448 key (or the reverse) names the SignatureMethod."""
    signed = signing.sign(metering_confirmation_req(), ["SMD1"], pki_iso20.keys[Role.CONTRACT_LEAF],
                          profile="iso20")
    with pytest.raises(signing.SignatureError) as info:
        signing.verify(signed, pki_ed448.certs[Role.CONTRACT_LEAF], profile="iso20")
    assert info.value.part == "SignedInfo"
    assert "eddsa-ed448" in str(info.value)
    with pytest.raises(signing.SignatureError, match="iso20"):
        signing.sign(metering_confirmation_req(), ["SMD1"], ec.generate_private_key(ec.SECP256R1()),
                     profile="iso20")
