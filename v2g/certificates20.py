"""The local certificate provisioning service for ISO 15118-20 CertificateInstallation (tests and
the demo), beside the -2 one it extends (:class:`v2g.certificates.LocalCertificateService`).

It takes the car's signed CertificateInstallationReq as EXI (forwarded as received, schema
``ISO20_SCHEMA``), checks the Signature over OEMProvisioningCertificateChain with the OEM
provisioning certificate (-20 suites), issues a contract under the PKI's MO Sub-CA 2 (an eMAID of
PrioritizedEMAIDs first, else the service's), encrypts its key for the car with
``tls.keytransport.iso20_encrypt_private_key`` (ephemeral-static ECDH on secp521r1 with the OEM
provisioning key, AES-256-GCM, AAD = PCID || contract SKI; the session key derivation is the one
documented, and flagged, in ``tls.keytransport.iso20_session_key``), and answers a
CertificateInstallationRes with the CPS chain and SignedInstallationData signed with the CPS leaf
key. ``MaximumContractCertificateChains`` N: the car asks again while
RemainingContractCertificateChains > 0 and gets up to N contracts, each a new one.

Only the secp521r1 family: the schema's X448_EncryptedPrivateKey carries 56 bytes (an X448
key), an Ed448 contract key is 57 bytes (RFC 8032), and an Ed448 OEM provisioning key is no X448
ECDH key; an Ed448 request is answered Failed with that reason.
"""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

import exi
from exi.iso20 import generated_types as c
from tls.errors import InvalidEmaid, KeyTransportError
from tls.keys import generate_key
from tls.keytransport import iso20_aad, iso20_encrypt_private_key
from tls.pki import PkiConfig, issue_certificate, spec_for
from tls.profiles import KeyAlgorithm, Role, role_specs
from v2g import signing
from v2g.certificates import INSTALL, CertificateRequest, CertificateResult, LocalCertificateService

ISO20_SCHEMA = "urn:iso:std:iso:15118:-20:CommonMessages"
"""The ``schema`` of a -20 CertificateRequest (OCPP Get15118EVCertificate ``iso15118SchemaVersion``)."""
INSTALLATION_ID = "SID1"
"""The Id of SignedInstallationData in the answers."""

__all__ = ["INSTALLATION_ID", "ISO20_SCHEMA", "LocalCertificateService20", "contract_ski"]


def contract_ski(cert: x509.Certificate) -> bytes:
    """The SubjectKeyIdentifier of a contract certificate (the AAD's second part)."""
    return cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(Encoding.DER)


def _common_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


class LocalCertificateService20(LocalCertificateService):
    """-2 requests as :class:`LocalCertificateService`; -20 CertificateInstallationReq here. The
    PKI must be a -20 one (``PkiConfig("iso20")``, secp521r1)."""

    def __init__(self, pki: object, **kw: object) -> None:
        super().__init__(pki, **kw)  # type: ignore[arg-type]
        self._remaining: dict[int, int] = {}
        """OEM provisioning certificate serial -> contracts still to give in its installation."""

    def answer(self, request: CertificateRequest) -> CertificateResult:
        if request.schema != ISO20_SCHEMA:
            return super().answer(request)
        try:
            req = exi.decode(request.exi_request, "iso20")
        except exi.ExiError as exc:
            return CertificateResult("Failed", reason=f"undecodable request: {exc}")
        if not isinstance(req, c.CertificateInstallationReq) or request.action != INSTALL:
            return CertificateResult(
                "Failed", reason=f"{type(req).__name__} for action {request.action}"
            )
        chain = req.OEMProvisioningCertificateChain
        try:
            oem = x509.load_der_x509_certificate(chain.Certificate)
            signature = req.Header.Signature
            if signature is None or f"#{chain.Id}" not in {
                r.URI for r in signature.SignedInfo.Reference
            }:
                raise signing.SignatureError(
                    "OEMProvisioningCertificateChain is not signed", part="Signature"
                )
            signing.verify(req, oem, profile="iso20")
        except (ValueError, signing.SignatureError) as exc:
            return CertificateResult("Failed", reason=str(exc))
        receiver = oem.public_key()
        if not isinstance(receiver, ec.EllipticCurvePublicKey) or not isinstance(
            receiver.curve, ec.SECP521R1
        ):
            return CertificateResult(
                "Failed",
                reason="only secp521r1 key transport: X448_EncryptedPrivateKey holds 56 bytes, an Ed448 "
                "contract key is 57, and an Ed448 OEM key is no X448 ECDH key",
            )
        wanted = max(1, req.MaximumContractCertificateChains)
        remaining = self._remaining.get(oem.serial_number, wanted) - 1
        self._remaining[oem.serial_number] = remaining if remaining > 0 else wanted
        emaids = list(req.PrioritizedEMAIDs.EMAID) if req.PrioritizedEMAIDs else []
        index = wanted - 1 - max(0, remaining)
        emaid = emaids[index] if index < len(emaids) else self.emaid
        now = dt.datetime.fromtimestamp(request.wall, tz=dt.timezone.utc)
        try:
            res = self._response20(receiver, _common_name(oem), emaid, now, max(0, remaining))
        except (InvalidEmaid, KeyTransportError) as exc:  # a PrioritizedEMAID we cannot issue, a PCID
            return CertificateResult("Failed", reason=str(exc))
        return CertificateResult("Accepted", exi.encode(res))

    def _response20(
        self,
        receiver: ec.EllipticCurvePublicKey,
        pcid: str,
        emaid: str,
        now: dt.datetime,
        remaining: int,
    ) -> c.CertificateInstallationRes:
        pki = self.pki
        role = role_specs("iso20")[Role.CONTRACT_LEAF]
        days = {Role.CONTRACT_LEAF: self.validity_days} if self.validity_days else {}
        spec = spec_for(
            role, PkiConfig("iso20", now, KeyAlgorithm.SECP521R1, emaid=emaid, validity_days=days)
        )
        key = generate_key(KeyAlgorithm.SECP521R1)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        leaf = issue_certificate(
            spec, key, pki.keys[Role.MO_SUB_CA2], pki.certs[Role.MO_SUB_CA2], KeyAlgorithm.SECP521R1
        )
        self.issued.append(leaf)
        scalar = key.private_numbers().private_value.to_bytes(66, "big")
        sealed = iso20_encrypt_private_key(scalar, receiver, iso20_aad(pcid, contract_ski(leaf)))
        cps = pki.chain(Role.CPS_LEAF)
        data = c.SignedInstallationDataType(
            Id=INSTALLATION_ID,
            ContractCertificateChain=c.ContractCertificateChainType(
                Certificate=_der(leaf),
                SubCertificates=c.SubCertificatesType(
                    Certificate=tuple(_der(s) for s in pki.chain(Role.CONTRACT_LEAF)[1:])
                ),
            ),
            ECDHCurve=c.ecdhCurveType.SECP521,
            DHPublicKey=sealed.dh_public_key,
            SECP521_EncryptedPrivateKey=sealed.encrypted_private_key,
        )
        res = c.CertificateInstallationRes(
            Header=c.MessageHeaderType(SessionID=bytes(8), TimeStamp=int(now.timestamp())),
            ResponseCode=c.responseCodeType.OK,
            EVSEProcessing=c.processingType.Finished,
            CPSCertificateChain=c.CertificateChainType(
                Certificate=_der(cps[0]),
                SubCertificates=c.SubCertificatesType(Certificate=tuple(_der(s) for s in cps[1:])),
            ),
            SignedInstallationData=data,
            RemainingContractCertificateChains=remaining,
        )
        signed: c.CertificateInstallationRes = signing.sign(
            res, [INSTALLATION_ID], pki.keys[Role.CPS_LEAF], profile="iso20"
        )
        return signed
