"""A local certificate provisioning service for ISO 15118-2 (tests and the demo): what a backend's
contract certificate pool does for OCPP ``Get15118EVCertificate``.

It takes the car's signed CertificateInstallationReq / CertificateUpdateReq as EXI (the SECC
forwards it as received) and returns the CertificateInstallationRes / CertificateUpdateRes as EXI:
a new contract certificate issued by the MO Sub-CA 2 of a ``tls`` PKI, its private key encrypted
for the car (ECDH with the OEM provisioning certificate's key for an installation, with the old
contract certificate's key for an update; AES-128-CBC, ``tls.keytransport``), and the four
elements signed with the CPS (SA provisioning) leaf key. The request's signature is checked (the
OEM provisioning certificate, or the old contract's, which must also chain to the MO root); what
else the car wrote (ListOfRootCertificateIDs) is not judged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

import exi
from exi.iso2 import generated_types as m
from tls.errors import CertificateRejected
from tls.keys import generate_key
from tls.keytransport import iso2_encrypt_private_key
from tls.pki import Pki, PkiConfig, issue_certificate, spec_for
from tls.profiles import KeyAlgorithm, Role, role_specs
from tls.validate import ValidationPolicy, validate_contract_chain
from v2g import signing

__all__ = ["CertificateRequest", "CertificateResult", "LocalCertificateService", "chain_certificates"]

INSTALL = "Install"
UPDATE = "Update"


@dataclass(frozen=True, slots=True)
class CertificateRequest:
    """OCPP ``Get15118EVCertificateRequest``: the car's request as EXI, the action, the schema."""

    exi_request: bytes
    action: str
    """``Install`` or ``Update``."""
    schema: str = "urn:iso:15118:2:2013:MsgDef"
    wall: float = 0.0
    """Wall-clock time of the request (the new certificate's validity starts there)."""


@dataclass(frozen=True, slots=True)
class CertificateResult:
    """OCPP ``Get15118EVCertificateResponse``: status and the response message as EXI."""

    status: str
    """``Accepted`` or ``Failed``."""
    exi_response: bytes = b""
    reason: str = ""


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(Encoding.DER)


def chain_certificates(chain: Any) -> tuple[x509.Certificate, tuple[x509.Certificate, ...]]:
    """The leaf and Sub-CAs of a certificate chain element (-2 or -20: ``Certificate`` and the
    optional ``SubCertificates``), as X.509; ValueError where one is not DER X.509."""
    leaf = x509.load_der_x509_certificate(chain.Certificate)
    subs = chain.SubCertificates.Certificate if chain.SubCertificates else ()
    return leaf, tuple(x509.load_der_x509_certificate(der) for der in subs)


def _chain(certs: list[x509.Certificate], element_id: str | None = None) -> m.CertificateChainType:
    return m.CertificateChainType(
        Id=element_id,
        Certificate=_der(certs[0]),
        SubCertificates=m.SubCertificatesType(Certificate=tuple(_der(c) for c in certs[1:]))
        if certs[1:]
        else None,
    )


class LocalCertificateService:
    """Issues contracts from ``pki`` (its MO Sub-CA 2 and CPS chains). ``emaid``: the eMAID of an
    installed contract (an update keeps the request's); ``validity_days``: of the new contract."""

    def __init__(self, pki: Pki, *, emaid: str = "DEV2G123456789K", validity_days: int | None = None) -> None:
        self.pki = pki
        self.emaid = emaid
        self.validity_days = validity_days
        self.issued: list[x509.Certificate] = []

    def answer(self, request: CertificateRequest) -> CertificateResult:
        """The response to one request (synchronous; :class:`v2g.backend.LocalBackend` polls it)."""
        try:
            message = exi.decode(request.exi_request, "iso2")
        except exi.ExiError as exc:
            return CertificateResult("Failed", reason=f"undecodable request: {exc}")
        body = message.Body.BodyElement
        now = dt.datetime.fromtimestamp(request.wall, tz=dt.timezone.utc)
        try:
            if isinstance(body, m.CertificateInstallationReq) and request.action == INSTALL:
                oem = x509.load_der_x509_certificate(body.OEMProvisioningCert)
                signing.verify(message, oem)
                receiver, emaid = oem.public_key(), self.emaid
            elif isinstance(body, m.CertificateUpdateReq) and request.action == UPDATE:
                old, subs = chain_certificates(body.ContractSignatureCertChain)
                validate_contract_chain(
                    old, subs, [self.pki.certs[Role.MO_ROOT]], now=now, policy=ValidationPolicy("iso2")
                )
                signing.verify(message, old)
                receiver, emaid = old.public_key(), body.eMAID
            else:
                return CertificateResult(
                    "Failed", reason=f"{type(body).__name__} for action {request.action}"
                )
        except (ValueError, signing.SignatureError, CertificateRejected) as exc:
            return CertificateResult("Failed", reason=str(exc))
        if not isinstance(receiver, ec.EllipticCurvePublicKey):
            return CertificateResult("Failed", reason="the receiver key is not secp256r1")
        return CertificateResult("Accepted", exi.encode(self._response(body, receiver, emaid, now)))

    def _response(
        self, body: object, receiver: ec.EllipticCurvePublicKey, emaid: str, now: dt.datetime
    ) -> m.V2G_Message:
        pki = self.pki
        role = role_specs("iso2")[Role.CONTRACT_LEAF]
        days = {Role.CONTRACT_LEAF: self.validity_days} if self.validity_days else {}
        spec = spec_for(role, PkiConfig("iso2", now, emaid=emaid, validity_days=days))
        key = generate_key(KeyAlgorithm.SECP256R1)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        leaf = issue_certificate(
            spec, key, pki.keys[Role.MO_SUB_CA2], pki.certs[Role.MO_SUB_CA2], KeyAlgorithm.SECP256R1
        )
        self.issued.append(leaf)
        sealed = iso2_encrypt_private_key(key, receiver)
        fields: dict[str, Any] = {
            "ResponseCode": m.responseCodeType.OK,
            "SAProvisioningCertificateChain": _chain(pki.chain(Role.CPS_LEAF)),
            "ContractSignatureCertChain": _chain([leaf, *pki.chain(Role.CONTRACT_LEAF)[1:]], "id1"),
            "ContractSignatureEncryptedPrivateKey": m.ContractSignatureEncryptedPrivateKeyType(
                Id="id2", value=sealed.encrypted_private_key
            ),
            "DHpublickey": m.DiffieHellmanPublickeyType(Id="id3", value=sealed.dh_public_key),
            "eMAID": m.EMAIDType(Id="id4", value=emaid),
        }
        res: m.CertificateInstallationRes | m.CertificateUpdateRes = (
            m.CertificateInstallationRes(**fields)
            if isinstance(body, m.CertificateInstallationReq)
            else m.CertificateUpdateRes(**fields)
        )
        draft = m.V2G_Message(Header=m.MessageHeaderType(SessionID=b"\x00"), Body=m.BodyType(BodyElement=res))
        signed: m.V2G_Message = signing.sign(draft, ["id1", "id2", "id3", "id4"], pki.keys[Role.CPS_LEAF])
        return signed
