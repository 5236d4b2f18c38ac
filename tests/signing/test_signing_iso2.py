"""ISO 15118-2 signatures: ECDSA P-256 / SHA-256 over EXI fragments, SignedInfo in the xmldsig grammar.

Published bytes used here (their sources):
- the SignedInfo with two References that libcbv2g's ``encode_iso2_xmldsigFragment`` produces
  (Test_SignedInfo_Fragment_ISO2), as collected in ../shared/tools/exi-oracle/check_fragments.py and
  tests/exi/test_exi_fragments.py (``SIGNED_INFO``);
- the eMAID and DHpublickey fragments with Id ``id1`` of tests/exi/test_exi_fragments.py (checked there
  against EXIficient).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

import exi
from exi.iso2 import generated_types as T
from tls.pki import Pki
from tls.profiles import Role
from v2g import signing
from v2g.errors import SessionError, V2GError

BODY = "urn:iso:15118:2:2013:MsgBody"
DATATYPES = "urn:iso:15118:2:2013:MsgDataTypes"
ECDSA512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512"
# tests/exi/test_exi_fragments.py SIGNED_INFO (libcbv2g Test_SignedInfo_Fragment_ISO2)
PUBLISHED_SIGNED_INFO = (
    "808112b43a3a381d1797bbbbbb973b999737b93397aa2917b1b0b737b734b1b0b616b2bc3497a1ab43a3a381d1797bbbbbb9"
    "73b999737b933979918181897981a17bc36b63239b4b396b6b7b93291b2b1b239b096b9b4309a98992205696431025687474"
    "703a2f2f7777772e77332e6f72672f54522f63616e6f6e6963616c2d6578692f486ad0e8e8e0745e5eeeeeee5cee665cdee4"
    "ce5e646060625e60685ef0dad8c8e6d2ce5adadee4ca46cac6c8e6c25ae6d0c26a626480e020406080a0c0e0815a590c8095"
    "a1d1d1c0e8bcbddddddcb9dcccb9bdc99cbd5148bd8d85b9bdb9a58d85b0b595e1a4bd21ab43a3a381d1797bbbbbb973b999"
    "737b933979918181897981a17bc36b63239b4b396b6b7b93291b2b1b239b096b9b4309a9899203808101820283038dc0")


def _message(body: object) -> T.V2G_Message:
    return T.V2G_Message(Header=T.MessageHeaderType(SessionID=bytes.fromhex("0102030405060708")),
                         Body=T.BodyType(BodyElement=body))


def authorization_req() -> T.V2G_Message:
    return _message(T.AuthorizationReq(Id="ID1", GenChallenge=bytes(range(1, 17))))


def metering_receipt_req() -> T.V2G_Message:
    return _message(T.MeteringReceiptReq(
        Id="MR1", SessionID=bytes.fromhex("0102030405060708"), SAScheduleTupleID=1,
        MeterInfo=T.MeterInfoType(MeterID="M1", MeterReading=12345, TMeter=1700000000)))


def _watts(value: int) -> T.PhysicalValueType:
    return T.PhysicalValueType(Multiplier=0, Unit=T.unitSymbolType.W, Value=value)


def _volts(value: int) -> T.PhysicalValueType:
    return T.PhysicalValueType(Multiplier=0, Unit=T.unitSymbolType.V, Value=value)


def _amps(value: int) -> T.PhysicalValueType:
    return T.PhysicalValueType(Multiplier=0, Unit=T.unitSymbolType.A, Value=value)


def _tariff(tid: int, ident: str) -> T.SalesTariffType:
    return T.SalesTariffType(Id=ident, SalesTariffID=tid, NumEPriceLevels=2, SalesTariffEntry=(
        T.SalesTariffEntry(TimeInterval=T.RelativeTimeInterval(start=0), EPriceLevel=1),
        T.SalesTariffEntry(TimeInterval=T.RelativeTimeInterval(start=3600, duration=7200), EPriceLevel=2),
    ))


def charge_parameter_discovery_res() -> T.V2G_Message:
    tuples = tuple(T.SAScheduleTupleType(
        SAScheduleTupleID=i,
        PMaxSchedule=T.PMaxScheduleType(PMaxScheduleEntry=(
            T.PMaxScheduleEntry(TimeInterval=T.RelativeTimeInterval(start=0, duration=86400),
                                PMax=_watts(11000)),)),
        SalesTariff=_tariff(i, f"ST{i}")) for i in (1, 2))
    status = T.AC_EVSEStatusType(NotificationMaxDelay=0, EVSENotification=T.EVSENotificationType.None_,
                                 RCD=False)
    return _message(T.ChargeParameterDiscoveryRes(
        ResponseCode=T.responseCodeType.OK, EVSEProcessing=T.EVSEProcessingType.Finished,
        SASchedules=T.SAScheduleList(SAScheduleTuple=tuples),
        EVSEChargeParameter=T.AC_EVSEChargeParameter(AC_EVSEStatus=status, EVSENominalVoltage=_volts(230),
                                                     EVSEMaxCurrent=_amps(16))))


def _chain(ident: str, pki: Pki) -> T.CertificateChainType:
    from cryptography.hazmat.primitives.serialization import Encoding
    certs = [c.public_bytes(Encoding.DER) for c in pki.chain(Role.CONTRACT_LEAF)]
    return T.CertificateChainType(Id=ident, Certificate=certs[0],
                                  SubCertificates=T.SubCertificatesType(Certificate=tuple(certs[1:])))


def certificate_installation_res(pki: Pki, cls: type = T.CertificateInstallationRes) -> T.V2G_Message:
    from cryptography.hazmat.primitives.serialization import Encoding
    sa = [c.public_bytes(Encoding.DER) for c in pki.chain(Role.CPS_LEAF)]
    extra = {"RetryCounter": 3} if cls is T.CertificateUpdateRes else {}
    return _message(cls(
        ResponseCode=T.responseCodeType.OK,
        SAProvisioningCertificateChain=T.CertificateChainType(
            Id="CPS", Certificate=sa[0], SubCertificates=T.SubCertificatesType(Certificate=tuple(sa[1:]))),
        ContractSignatureCertChain=_chain("id1", pki),
        ContractSignatureEncryptedPrivateKey=T.ContractSignatureEncryptedPrivateKeyType(
            Id="id2", value=bytes(range(48))),
        DHpublickey=T.DiffieHellmanPublickeyType(Id="id3", value=b"\x04" + bytes(range(64))),
        eMAID=T.EMAIDType(Id="id4", value="DEV2G123456789K"), **extra))


CERT_IDS = ("id1", "id2", "id3", "id4")


def _cases(pki: Pki) -> list[tuple[str, T.V2G_Message, tuple[str, ...], Role]]:
    return [
        ("AuthorizationReq", authorization_req(), ("ID1",), Role.CONTRACT_LEAF),
        ("MeteringReceiptReq", metering_receipt_req(), ("MR1",), Role.CONTRACT_LEAF),
        ("ChargeParameterDiscoveryRes", charge_parameter_discovery_res(), ("ST1", "ST2"), Role.SECC_LEAF),
        ("CertificateInstallationRes", certificate_installation_res(pki), CERT_IDS, Role.CPS_LEAF),
        ("CertificateUpdateRes", certificate_installation_res(pki, T.CertificateUpdateRes), CERT_IDS,
         Role.CPS_LEAF),
    ]


NAMES = ["AuthorizationReq", "MeteringReceiptReq", "ChargeParameterDiscoveryRes",
         "CertificateInstallationRes", "CertificateUpdateRes"]


def _case(pki: Pki, name: str) -> tuple[T.V2G_Message, tuple[str, ...], Role]:
    (case,) = [c for c in _cases(pki) if c[0] == name]
    return case[1], case[2], case[3]


@pytest.mark.parametrize("name", NAMES)
def test_signature_verifies_here_and_after_the_wire(pki_iso2: Pki, name: str) -> None:
    message, ids, role = _case(pki_iso2, name)
    signed = signing.sign(message, ids, pki_iso2.keys[role])
    sig = signed.Header.Signature
    assert sig is not None
    assert [r.URI for r in sig.SignedInfo.Reference] == ["#" + i for i in ids]
    assert sig.SignedInfo.CanonicalizationMethod.Algorithm == "http://www.w3.org/TR/canonical-exi/"
    assert sig.SignedInfo.SignatureMethod.Algorithm == "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
    for ref in sig.SignedInfo.Reference:
        assert ref.Transforms is not None
        assert [t.Algorithm for t in ref.Transforms.Transform] == ["http://www.w3.org/TR/canonical-exi/"]
        assert ref.DigestMethod.Algorithm == "http://www.w3.org/2001/04/xmlenc#sha256"
        assert len(ref.DigestValue) == 32
    assert len(sig.SignatureValue.value) == 64  # raw r || s
    assert signed.Body == message.Body
    signing.verify(signed, pki_iso2.certs[role])
    # what the peer receives: encoded, decoded, verified again
    received = exi.decode(exi.encode(signed), "iso2")
    assert received == signed
    signing.verify(received, pki_iso2.certs[role].public_key())


def test_digest_is_sha256_of_the_element_fragment(pki_iso2: Pki) -> None:
    message = metering_receipt_req()
    signed = signing.sign(message, ["MR1"], pki_iso2.keys[Role.CONTRACT_LEAF])
    assert signed.Header.Signature is not None
    element = message.Body.BodyElement
    fragment = exi.encode_fragment(element)
    assert fragment == signing.reference_bytes(message, "MR1")
    assert fragment[:2] == bytes.fromhex("8079")  # fragment grammar code of MeteringReceiptReq (C reference)
    assert signed.Header.Signature.SignedInfo.Reference[0].DigestValue == hashlib.sha256(fragment).digest()


def test_signature_value_is_over_the_xmldsig_fragment_of_signed_info(pki_iso2: Pki) -> None:
    key = pki_iso2.keys[Role.CONTRACT_LEAF]
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    signed = signing.sign(authorization_req(), ["ID1"], key)
    assert signed.Header.Signature is not None
    si = signed.Header.Signature.SignedInfo
    data = signing.signed_info_bytes(si)
    assert data == exi.encode_fragment(si, "xmldsig")
    assert data[:2] == bytes.fromhex("8081")  # xmldsig-only grammar: SignedInfo = 32 in 6 bits
    r_s = signed.Header.Signature.SignatureValue.value
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    der = encode_dss_signature(int.from_bytes(r_s[:32], "big"), int.from_bytes(r_s[32:], "big"))
    key.public_key().verify(der, data, ec.ECDSA(hashes.SHA256()))  # independent of the code under test


def _published_signed_info(**extra: Any) -> T.SignedInfo:
    c14n = "http://www.w3.org/TR/canonical-exi/"
    refs = tuple(T.Reference(
        URI=u, Type=extra.get("Type"),
        Transforms=T.Transforms(Transform=(T.Transform(Algorithm=c14n, XPath=extra.get("XPath", ())),)),
        DigestMethod=T.DigestMethod(Algorithm=ECDSA512), DigestValue=base64.b64decode("AQIDBAUGBw=="))
        for u in ("id1", "id2"))
    return T.SignedInfo(Id=extra.get("Id"), CanonicalizationMethod=T.CanonicalizationMethod(Algorithm=c14n),
                        SignatureMethod=T.SignatureMethod(Algorithm=ECDSA512,
                                                          HMACOutputLength=extra.get("HMACOutputLength")),
                        Reference=refs)


def test_signed_info_bytes_match_the_c_reference() -> None:
    assert signing.signed_info_bytes(_published_signed_info()).hex() == PUBLISHED_SIGNED_INFO


@pytest.mark.parametrize("extra", [{"Id": "si"}, {"HMACOutputLength": 128}, {"Type": "urn:x"},
                                   {"XPath": ("/a",)}, {"Id": "si", "HMACOutputLength": 8, "Type": "t"}])
def test_signed_info_leaves_out_what_v2g2_771_excludes(extra: dict[str, Any]) -> None:
    si = _published_signed_info(**extra)
    assert exi.encode_fragment(si, "xmldsig").hex() != PUBLISHED_SIGNED_INFO  # the field is coded ...
    assert signing.signed_info_bytes(si).hex() == PUBLISHED_SIGNED_INFO  # ... but not signed


@pytest.mark.parametrize(("build", "expected"), [
    (lambda m: dataclasses.replace(m.Body.BodyElement, eMAID=T.EMAIDType(Id="id1", value="DE1234567890123"),
                                   ContractSignatureCertChain=dataclasses.replace(
                                       m.Body.BodyElement.ContractSignatureCertChain, Id="c")),
     "80ec0202b4b218c00451114c4c8ccd0d4d8dce0e4c0c4c8cfd3d00"),
    (lambda m: dataclasses.replace(m.Body.BodyElement, DHpublickey=T.DiffieHellmanPublickeyType(
        Id="id1", value=b"\x01\x02\x03"), ContractSignatureCertChain=dataclasses.replace(
            m.Body.BodyElement.ContractSignatureCertChain, Id="c")),
     "802d02b4b21880c04080de80"),
])
def test_reference_fragments_of_certificate_installation_parts(
    pki_iso2: Pki, build: Any, expected: str
) -> None:
    """The local elements eMAID / DHpublickey inside a CertificateInstallationRes are digested as
    fragments of their own qualified name (bytes of tests/exi/test_exi_fragments.py)."""
    base = certificate_installation_res(pki_iso2)
    message = dataclasses.replace(base, Body=T.BodyType(BodyElement=build(base)))
    assert signing.reference_bytes(message, "id1").hex() == expected
    signed = signing.sign(message, ["id1"], pki_iso2.keys[Role.CPS_LEAF])
    assert signed.Header.Signature is not None
    assert signed.Header.Signature.SignedInfo.Reference[0].DigestValue == hashlib.sha256(
        bytes.fromhex(expected)).digest()


# ---------------------------------------------------------------------------------------- tampering

def _tampered(message: T.V2G_Message, element_id: str) -> T.V2G_Message:
    """``message`` with one value inside the element ``element_id`` changed (the Id stays)."""
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
    out = dataclasses.replace(message, Body=change(message.Body))
    assert out != message
    return out


def _alter(obj: Any) -> Any:
    if isinstance(obj, T.AuthorizationReqType):
        return dataclasses.replace(obj, GenChallenge=bytes(16))
    if isinstance(obj, T.MeteringReceiptReqType):
        return dataclasses.replace(obj, MeterInfo=dataclasses.replace(obj.MeterInfo, MeterReading=12346))
    if isinstance(obj, T.SalesTariffType):
        return dataclasses.replace(obj, NumEPriceLevels=3)
    if isinstance(obj, T.CertificateChainType):
        return dataclasses.replace(obj, Certificate=obj.Certificate[:-1] + bytes([obj.Certificate[-1] ^ 1]))
    if isinstance(obj, T.ContractSignatureEncryptedPrivateKeyType | T.DiffieHellmanPublickeyType):
        return dataclasses.replace(obj, value=obj.value[:-1] + bytes([obj.value[-1] ^ 0x80]))
    if isinstance(obj, T.EMAIDType):
        return dataclasses.replace(obj, value="DEV2G123456789X")
    raise AssertionError(type(obj))


@pytest.mark.parametrize("name", NAMES)
def test_each_referenced_element_tampered_fails_naming_its_reference(pki_iso2: Pki, name: str) -> None:
    message, ids, role = _case(pki_iso2, name)
    signed = signing.sign(message, ids, pki_iso2.keys[role])
    for element_id in ids:
        bad = _tampered(signed, element_id)
        with pytest.raises(signing.SignatureError) as info:
            signing.verify(bad, pki_iso2.certs[role])
        assert info.value.part == "Reference"
        assert info.value.uri == "#" + element_id
        assert ("#" + element_id) in str(info.value)
        assert info.value.response_code == "FAILED_SignatureError"
        assert isinstance(info.value, V2GError)
        assert isinstance(info.value, SessionError)


def test_unsigned_parts_may_change(pki_iso2: Pki) -> None:
    signed = signing.sign(charge_parameter_discovery_res(), ["ST1"], pki_iso2.keys[Role.SECC_LEAF])
    body = signed.Body.BodyElement
    assert isinstance(body, T.ChargeParameterDiscoveryRes)
    other = dataclasses.replace(body, EVSEProcessing=T.EVSEProcessingType.Ongoing)
    signing.verify(dataclasses.replace(signed, Body=T.BodyType(BodyElement=other)),
                   pki_iso2.certs[Role.SECC_LEAF])
    # ... but the second tariff was not referenced this time; the first one was
    with pytest.raises(signing.SignatureError, match="#ST1"):
        signing.verify(_tampered(signed, "ST1"), pki_iso2.certs[Role.SECC_LEAF])
    signing.verify(_tampered(signed, "ST2"), pki_iso2.certs[Role.SECC_LEAF])


def _with_signed_info(message: T.V2G_Message, **changes: Any) -> T.V2G_Message:
    sig = message.Header.Signature
    assert sig is not None
    si = dataclasses.replace(sig.SignedInfo, **changes)
    return dataclasses.replace(message, Header=dataclasses.replace(
        message.Header, Signature=dataclasses.replace(sig, SignedInfo=si)))


def test_signed_info_tampered_fails_on_the_signature_value(pki_iso2: Pki) -> None:
    message, ids, role = _case(pki_iso2, "CertificateInstallationRes")
    signed = signing.sign(message, ids, pki_iso2.keys[role])
    sig = signed.Header.Signature
    assert sig is not None
    refs = sig.SignedInfo.Reference
    # every digest still matches its element, but SignedInfo is no longer what was signed
    for bad in (_with_signed_info(signed, Reference=tuple(reversed(refs))),
                _with_signed_info(signed, Reference=refs[:-1])):
        with pytest.raises(signing.SignatureError) as info:
            signing.verify(bad, pki_iso2.certs[role])
        assert info.value.part == "SignatureValue"
        assert "SignatureValue" in str(info.value)
    # a DigestValue changed in SignedInfo: its Reference fails first
    changed = dataclasses.replace(refs[1], DigestValue=bytes(32))
    with pytest.raises(signing.SignatureError) as info:
        signing.verify(_with_signed_info(signed, Reference=(refs[0], changed, *refs[2:])),
                       pki_iso2.certs[role])
    assert (info.value.part, info.value.uri) == ("Reference", "#id2")
    # the SignatureValue itself
    value = sig.SignatureValue.value
    flipped = dataclasses.replace(
        sig, SignatureValue=T.SignatureValue(value=value[:-1] + bytes([value[-1] ^ 1])))
    bad = dataclasses.replace(signed, Header=dataclasses.replace(signed.Header, Signature=flipped))
    with pytest.raises(signing.SignatureError) as info:
        signing.verify(bad, pki_iso2.certs[role])
    assert info.value.part == "SignatureValue"


def test_signed_info_fields_outside_the_signature_do_not_matter(pki_iso2: Pki) -> None:
    """[V2G2-771] parts are not signed: adding a SignedInfo Id does not break verification."""
    signed = signing.sign(authorization_req(), ["ID1"], pki_iso2.keys[Role.CONTRACT_LEAF])
    signing.verify(_with_signed_info(signed, Id="anything"), pki_iso2.certs[Role.CONTRACT_LEAF])


def test_wrong_key_fails(pki_iso2: Pki) -> None:
    signed = signing.sign(authorization_req(), ["ID1"], pki_iso2.keys[Role.CONTRACT_LEAF])
    with pytest.raises(signing.SignatureError) as info:
        signing.verify(signed, pki_iso2.certs[Role.SECC_LEAF])
    assert info.value.part == "SignatureValue"
    with pytest.raises(signing.SignatureError) as info:
        signing.verify(signed, ec.generate_private_key(ec.SECP256R1()).public_key())
    assert info.value.part == "SignatureValue"


def test_profile_rules(pki_iso2: Pki, pki_iso20: Pki) -> None:
    key = pki_iso2.keys[Role.CONTRACT_LEAF]
    with pytest.raises(signing.SignatureError, match="iso2"):  # P-521 is not an iso2 key
        signing.sign(authorization_req(), ["ID1"], pki_iso20.keys[Role.CONTRACT_LEAF])
    with pytest.raises(signing.SignatureError, match="curve"):
        signing.sign(authorization_req(), ["ID1"], ec.generate_private_key(ec.SECP384R1()))
    with pytest.raises(ValueError, match="profile"):
        signing.sign(authorization_req(), ["ID1"], key, profile="din")
    with pytest.raises(signing.SignatureError) as info:
        signing.sign(authorization_req(), ["nope"], key)
    assert (info.value.part, info.value.uri) == ("Reference", "#nope")
    with pytest.raises(signing.SignatureError) as info:
        signing.verify(authorization_req(), pki_iso2.certs[Role.CONTRACT_LEAF])
    assert info.value.part == "Signature"
    signed = signing.sign(authorization_req(), ["ID1"], key)
    sig = signed.Header.Signature
    assert sig is not None
    ref = sig.SignedInfo.Reference[0]
    for bad, part in [
        (_with_signed_info(signed, SignatureMethod=T.SignatureMethod(Algorithm=ECDSA512)), "SignedInfo"),
        (_with_signed_info(signed, CanonicalizationMethod=T.CanonicalizationMethod(Algorithm="urn:c14n")),
         "SignedInfo"),
        (_with_signed_info(signed, Reference=(dataclasses.replace(ref, URI="ID1"),)), "Reference"),
        (_with_signed_info(signed, Reference=(dataclasses.replace(ref, Transforms=None),)), "Reference"),
        (_with_signed_info(signed, Reference=(dataclasses.replace(
            ref, DigestMethod=T.DigestMethod(Algorithm="http://www.w3.org/2001/04/xmlenc#sha512")),)),
         "Reference"),
    ]:
        with pytest.raises(signing.SignatureError) as info:
            signing.verify(bad, pki_iso2.certs[Role.CONTRACT_LEAF])
        assert info.value.part == part


def test_duplicate_ids_are_refused(pki_iso2: Pki) -> None:
    message = charge_parameter_discovery_res()
    body = message.Body.BodyElement
    assert isinstance(body, T.ChargeParameterDiscoveryRes)
    assert isinstance(body.SASchedules, T.SAScheduleList)
    tuples = body.SASchedules.SAScheduleTuple
    assert tuples[1].SalesTariff is not None
    same = dataclasses.replace(tuples[1], SalesTariff=dataclasses.replace(tuples[1].SalesTariff, Id="ST1"))
    dup = dataclasses.replace(body, SASchedules=T.SAScheduleList(SAScheduleTuple=(tuples[0], same)))
    with pytest.raises(signing.SignatureError, match="2 times"):
        signing.sign(dataclasses.replace(message, Body=T.BodyType(BodyElement=dup)), ["ST1"],
                     pki_iso2.keys[Role.SECC_LEAF])
