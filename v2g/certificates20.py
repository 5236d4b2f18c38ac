"""The local certificate provisioning service for ISO 15118-20 CertificateInstallation (tests and
the demo), beside the -2 one it extends (:class:`v2g.certificates.LocalCertificateService`).

It takes the car's signed CertificateInstallationReq as EXI (forwarded as received, schema
``ISO20_SCHEMA``), checks the Signature over OEMProvisioningCertificateChain with the OEM
provisioning certificate (-20 suites), issues a contract under the PKI's MO Sub-CA 2 (an eMAID of
PrioritizedEMAIDs first, else the service's) of the request's algorithm family, encrypts its key for
the car with ``tls.keytransport.iso20_encrypt_private_key`` (AES-256-GCM, AAD = PCID || contract SKI,
the session key of [V2G20-2535]), and answers a CertificateInstallationRes with the CPS chain and
SignedInstallationData signed with the CPS leaf key. ``MaximumContractCertificateChains`` N: the car
asks again while RemainingContractCertificateChains > 0 and gets up to N contracts, each a new one.

secp521r1 family: ECDHCurve SECP521, ECDH with the OEM provisioning certificate's key, the 66-byte
scalar in SECP521_EncryptedPrivateKey. Ed448 family: ECDHCurve X448, ECDH with the X448 key of the
OEM provisioning certificate's Alternate Subject Public Key (the subjectAltPublicKeyInfo extension,
see :mod:`tls.pki`) [V2G20-2534], and X448_EncryptedPrivateKey carrying the Ed448 contract key's
secret scalar, 56 bytes big-endian (our reading of [V2G20-2509]/[V2G20-2510], see
:mod:`tls.keytransport`). An Ed448 OEM certificate without that extension is answered Failed with the
reason, and so is a request whose family is not the PKI's (its MO Sub-CA 2 issues the contract).
"""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed448, x448
from cryptography.hazmat.primitives.serialization import Encoding

import exi
from exi.iso20 import generated_types as c
from tls.ed448 import Ed448ScalarKey
from tls.errors import InvalidEmaid, KeyTransportError
from tls.keys import PublicKey, algorithm_of, generate_key
from tls.keytransport import ReceiverPublic, iso20_aad, iso20_encrypt_private_key
from tls.pki import PkiConfig, alt_public_key, issue_certificate, spec_for
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
    PKI must be a -20 one (``PkiConfig("iso20")``, secp521r1 or Ed448)."""

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
        try:
            receiver = self._receiver(oem)
        except ValueError as exc:
            return CertificateResult("Failed", reason=str(exc))
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
        # [V2G20-2495]: a 56-byte X448 DHPublicKey, unpadded, where dhPublicKeyType says 133 bytes
        x448_curve = res.SignedInstallationData.ECDHCurve == c.ecdhCurveType.X448
        return CertificateResult("Accepted", exi.encode(res, check_facets=not x448_curve))

    def _receiver(self, oem: x509.Certificate) -> ReceiverPublic:
        """The car's static ECDH key: the OEM provisioning key (secp521r1), or the X448 key of its
        Alternate Subject Public Key (Ed448) [V2G20-2534]; ValueError with the reason if none."""
        public = oem.public_key()
        algorithm = algorithm_of(public) if isinstance(public, PublicKey) else None
        if algorithm not in (KeyAlgorithm.SECP521R1, KeyAlgorithm.ED448):
            raise ValueError(
                f"the OEM provisioning key is {type(public).__name__}: neither secp521r1 nor Ed448"
            )
        if algorithm is not self.pki.algorithm:
            raise ValueError(f"an {algorithm.value} OEM provisioning certificate, and this service issues "
                             f"{self.pki.algorithm.value} contracts")
        if isinstance(public, ec.EllipticCurvePublicKey):
            return public
        alt = alt_public_key(oem)
        if alt is None:
            raise ValueError("the Ed448 OEM provisioning certificate has no Alternate Subject Public Key "
                             "(subjectAltPublicKeyInfo, 2.5.29.72) with an X448 key for the ECDH "
                             "[V2G20-2534]")
        return alt

    def _response20(
        self,
        receiver: ReceiverPublic,
        pcid: str,
        emaid: str,
        now: dt.datetime,
        remaining: int,
    ) -> c.CertificateInstallationRes:
        pki = self.pki
        role = role_specs("iso20")[Role.CONTRACT_LEAF]
        days = {Role.CONTRACT_LEAF: self.validity_days} if self.validity_days else {}
        spec = spec_for(role, PkiConfig("iso20", now, pki.algorithm, emaid=emaid, validity_days=days))
        key = generate_key(pki.algorithm)
        leaf = issue_certificate(
            spec, key, pki.keys[Role.MO_SUB_CA2], pki.certs[Role.MO_SUB_CA2], pki.algorithm
        )
        self.issued.append(leaf)
        x448_curve = isinstance(receiver, x448.X448PublicKey)
        if isinstance(key, ed448.Ed448PrivateKey):  # the secret scalar, 56 bytes [V2G20-2509]
            scalar = Ed448ScalarKey.from_private_key(key).to_bytes()
        else:
            scalar = key.private_numbers().private_value.to_bytes(66, "big")  # [V2G20-2497]
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
            ECDHCurve=c.ecdhCurveType.X448 if x448_curve else c.ecdhCurveType.SECP521,
            DHPublicKey=sealed.dh_public_key,
            SECP521_EncryptedPrivateKey=None if x448_curve else sealed.encrypted_private_key,
            X448_EncryptedPrivateKey=sealed.encrypted_private_key if x448_curve else None,
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
            res, [INSTALLATION_ID], pki.keys[Role.CPS_LEAF], profile="iso20", check_facets=not x448_curve
        )
        return signed
