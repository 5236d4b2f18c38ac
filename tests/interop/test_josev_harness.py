"""The harness itself, without Josev or privileges: reading Josev's log, laying our PKI out as it
reads it, the checks failing on a bad session, and a missing peer failing under CI=true."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.interop import _josev
from tests.interop._interop import Case, check_messages
from tests.interop._josev import JosevUnavailable, Message, ensure_josev, parse_messages, write_josev_pki
from tests.interop.conftest import unavailable
from tls.pki import PkiConfig, create_pki

_SAP_REQ = ('{"supportedAppProtocolReq":{"AppProtocol":'
            '[{"ProtocolNamespace":"urn:iso:15118:2:2013:MsgDef"}]}}')
LOG = f"""\
INFO    2026-12-07 16:21:01,322 - iso15118.shared.exi_codec (302): Decoded message (ns=Namespace.SAP): \
{_SAP_REQ}
INFO    2026-12-07 16:21:01,322 - iso15118.shared.comm_session (235): supportedAppProtocolReq received
INFO    2026-12-07 16:21:01,322 - iso15118.shared.exi_codec (248): Message to encode (ns=Namespace.SAP): \
{{"supportedAppProtocolRes": {{"ResponseCode": "OK_SuccessfulNegotiation", "SchemaID": 1}}}}
INFO    2026-12-07 16:21:01,363 - iso15118.shared.comm_session (431): Sent supportedAppProtocolRes
INFO    2026-12-07 16:42:01,077 - iso15118.shared.exi_codec (248): Message to encode \
(ns=Namespace.ISO_V2_MSG_DEF): {{"AuthorizationReq": {{"Id": "id1", "GenChallenge": "+Ryu"}}}}
INFO    2026-12-07 16:42:01,455 - iso15118.shared.exi_codec (248): Message to encode \
(ns=Namespace.ISO_V2_MSG_DEF): {{"V2G_Message": {{"Header": {{"SessionID": "AB"}}, "Body": \
{{"AuthorizationReq": {{"Id": "id1", "GenChallenge": "+Ryu"}}}}}}}}
INFO    2026-12-07 16:42:01,663 - iso15118.shared.comm_session (431): Sent AuthorizationReq
INFO    2026-12-07 16:21:02,600 - iso15118.shared.exi_codec (248): Message to encode \
(ns=Namespace.ISO_V2_MSG_DEF): {{"SalesTariff": {{"SalesTariffID": 1}}}}
INFO    2026-12-07 16:21:04,192 - iso15118.shared.exi_codec (302): Decoded message \
(ns=Namespace.ISO_V2_MSG_DEF): {{"V2G_Message":{{"Header":{{"SessionID":"AB"}},"Body":{{"SessionStopReq":\
{{"ChargingSession":"Terminate"}}}}}}}}
INFO    2026-12-07 16:21:04,192 - iso15118.shared.comm_session (235): SessionStopReq received
INFO    2026-12-07 16:21:05,000 - iso15118.shared.exi_codec (302): Decoded message \
(ns=Namespace.ISO_V20_DC): {{"DC_ChargeLoopRes":{{"Header":{{"SessionID":"AB"}},"ResponseCode":"OK"}}}}
INFO    2026-12-07 16:21:05,000 - iso15118.shared.comm_session (235): DC_ChargeLoopRes received
INFO    2026-12-07 16:21:01,176 - iso15118.secc.comm_session_handler (437): \
  SDPRequest received: [Security: TLS]
"""


def test_josevs_log_gives_what_it_sent_and_received_in_order() -> None:
    assert parse_messages(LOG) == [
        Message("rx", "supportedAppProtocolReq",
                {"AppProtocol": [{"ProtocolNamespace": "urn:iso:15118:2:2013:MsgDef"}], "_ns": SAP}),
        Message("tx", "supportedAppProtocolRes",
                {"ResponseCode": "OK_SuccessfulNegotiation", "SchemaID": 1, "_ns": SAP}),
        # the AuthorizationReq once (its signed fragment was encoded too), no SalesTariff fragment
        Message("tx", "AuthorizationReq", {"Id": "id1", "GenChallenge": "+Ryu", "_ns": V2}),
        Message("rx", "SessionStopReq", {"ChargingSession": "Terminate", "_ns": V2}),
        # -20: the grammar it read the message with (the one the V2GTP payload type named)
        Message("rx", "DC_ChargeLoopRes", {"Header": {"SessionID": "AB"}, "ResponseCode": "OK",
                                           "_ns": "Namespace.ISO_V20_DC"}),
    ]


SAP, V2 = "Namespace.SAP", "Namespace.ISO_V2_MSG_DEF"


def _cn(cert: x509.Certificate) -> str:
    return str(cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value)


def _pki(profile: str, tmp_path: Path) -> Path:
    created = create_pki(PkiConfig(profile=profile, now=dt.datetime.now(dt.timezone.utc)))
    return write_josev_pki(created, tmp_path / "josev") / "iso15118_2"


def test_our_pki_in_josevs_layout_serves_a_chain_its_car_accepts(tmp_path: Path) -> None:
    folder = _pki("iso2", tmp_path)
    chain = x509.load_pem_x509_certificates((folder / "certs" / "cpoCertChain.pem").read_bytes())
    root = x509.load_pem_x509_certificate((folder / "certs" / "v2gRootCACert.pem").read_bytes())
    assert [_cn(c) for c in chain] == ["SECCCert", "CPOSubCA2", "CPOSubCA1"]
    for cert, issuer in zip(chain, [*chain[1:], root], strict=True):
        cert.verify_directly_issued_by(issuer)
    # issue 18 item 8: Josev's car refuses a charger chain with an EKU that lacks serverAuth
    for cert in [*chain, root]:
        try:
            eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        except x509.ExtensionNotFound:
            continue
        assert ExtendedKeyUsageOID.SERVER_AUTH in eku, cert.subject
    for name in ("seccLeaf.key", "oemLeaf.key", "contractLeaf.key", "moSubCA2.key", "cpsLeaf.key"):
        assert (folder / "private_keys" / name).read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert (folder / "private_keys" / "seccLeafPassword.txt").read_text() == ""  # no password
    for name in ("contractLeafCert.der", "moSubCA1Cert.der", "oemRootCACert.der", "cpsLeafCert.der"):
        x509.load_der_x509_certificate((folder / "certs" / name).read_bytes())


def test_for_20_josevs_car_presents_our_vehicle_certificate(tmp_path: Path) -> None:
    folder = _pki("iso20", tmp_path)
    chain = x509.load_pem_x509_certificates((folder / "certs" / "oemCertChain.pem").read_bytes())
    assert [_cn(c) for c in chain] == ["VehicleCert", "OEMSubCA2", "OEMSubCA1"]
    key = serialization.load_pem_private_key((folder / "private_keys" / "oemLeaf.key").read_bytes(), None)
    assert key.public_key() == chain[0].public_key()


CASE = Case("x", "iso2", "ISO_15118_2", "CurrentDemandReq", cycles=2)


def _session(*middle: tuple[str, str | None]) -> list[Message]:
    pairs = [("supportedAppProtocol", "OK_SuccessfulNegotiation"),
             ("SessionSetup", "OK_NewSessionEstablished"), *middle, ("SessionStop", "OK")]
    out = []
    for name, code in pairs:
        out += [Message("tx", f"{name}Req", {}), Message("rx", f"{name}Res", {"ResponseCode": code})]
    return out


def test_the_checks_pass_a_whole_session_and_catch_what_is_missing_or_failed() -> None:
    check_messages(_session(("CurrentDemand", "OK"), ("CurrentDemand", "OK")), CASE, "ok")
    with pytest.raises(AssertionError, match="FAILED"):
        check_messages(_session(("CurrentDemand", "OK"), ("CurrentDemand", "FAILED")), CASE, "failed")
    with pytest.raises(AssertionError, match="CurrentDemandReq"):
        check_messages(_session(("CurrentDemand", "OK")), CASE, "one loop")
    with pytest.raises(AssertionError, match="without its response"):
        check_messages(_session(("CurrentDemand", "OK"), ("CurrentDemand", "OK"))[:-1], CASE, "cut")


def test_without_java_josev_is_unavailable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(_josev.shutil, "which", lambda name: None)
    with pytest.raises(JosevUnavailable, match="Java"):
        ensure_josev(tmp_path / "venv")
    assert not (tmp_path / "venv").exists()


@pytest.mark.parametrize("ci", [True, False])
def test_an_unavailable_peer_fails_under_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch,
                                                                 ci: bool) -> None:
    if ci:
        monkeypatch.setenv("CI", "true")
    else:
        monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.fail.Exception if ci else pytest.skip.Exception, match="no Java"):
        unavailable("no Java")
