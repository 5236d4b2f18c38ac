"""ISO 15118-20 EVCC CertificateInstallation: a car without a usable -20 contract, with OEM
provisioning credentials (``EvccConfig(provisioning=Provisioning(...))``), at an SECC that offers
PnC and CertificateInstallationService, installs contracts before it authorizes.

CertificateInstallationReq: OEMProvisioningCertificateChain (Id ``OEM1``, the leaf and its
Sub-CAs), ListOfRootCertificateIDs (its V2G roots), MaximumContractCertificateChains
(``Provisioning.max_contracts``), PrioritizedEMAIDs; signed with the OEM provisioning key over the
chain (-20 suites). CertificateInstallationRes: the CPS chain is validated against the V2G roots,
the Signature must cover SignedInstallationData and verify with the CPS leaf, the contract key is
decrypted (``tls.keytransport.iso20_decrypt_secp521_private_key``: AAD = the OEM certificate's
PCID || the contract's SKI) and checked against the contract certificate. While
RemainingContractCertificateChains > 0 the car asks again; then it authorizes with the first
contract installed (``EvccContext.installed_contracts`` has them all, for the caller to store).
Any failure ends the session with the reason. Only the secp521r1 family (see
:mod:`v2g.certificates20` for why not Ed448/X448).
"""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from exi.iso20 import generated_types as c
from tls.errors import CertificateRejected, KeyTransportError
from tls.keytransport import iso20_aad, iso20_decrypt_secp521_private_key
from tls.validate import ValidationPolicy, validate_cps_chain
from v2g import signing
from v2g.certificates import chain_certificates
from v2g.certificates20 import contract_ski
from v2g.errors import EvccAbort
from v2g.evcc._machine import EvccContext, EvccState, Step
from v2g.evcc.iso20_requests import PENDING
from v2g.evcc.pnc import ContractCredentials, _utc

OEM_ID = "OEM1"
"""The Id of OEMProvisioningCertificateChain (the Reference URI is ``#OEM1``)."""


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(Encoding.DER)


def installation_request(ctx: EvccContext) -> Step:
    prov = ctx.config.provisioning
    assert prov is not None
    req = c.CertificateInstallationReq(
        Header=PENDING,
        OEMProvisioningCertificateChain=c.SignedCertificateChainType(
            Id=OEM_ID,
            Certificate=_der(prov.leaf),
            SubCertificates=(
                c.SubCertificatesType(Certificate=tuple(_der(s) for s in prov.sub_cas))
                if prov.sub_cas
                else None
            ),
        ),
        ListOfRootCertificateIDs=c.ListOfRootCertificateIDsType(
            RootCertificateID=tuple(
                c.X509IssuerSerialType(
                    X509IssuerName=r.issuer.rfc4514_string(), X509SerialNumber=r.serial_number
                )
                for r in prov.v2g_roots
            )
        ),
        MaximumContractCertificateChains=max(1, min(255, prov.max_contracts)),
        PrioritizedEMAIDs=c.EMAIDListType(EMAID=prov.prioritized_emaids)
        if prov.prioritized_emaids
        else None,
    )
    return Step(req, EvccState.CERTIFICATE_INSTALLATION, sign=(OEM_ID,), key=prov.key)


def _pcid(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def installed_contract(
    ctx: EvccContext, res: c.CertificateInstallationRes, wall: float
) -> ContractCredentials:
    """The contract of one CertificateInstallationRes, checked and decrypted (EvccAbort if not)."""
    prov = ctx.config.provisioning
    assert prov is not None
    try:
        cps_leaf, cps_subs = chain_certificates(res.CPSCertificateChain)
        validate_cps_chain(
            cps_leaf, cps_subs, prov.v2g_roots, now=_utc(wall), policy=ValidationPolicy("iso20")
        )
        data = res.SignedInstallationData
        signature = res.Header.Signature
        if signature is None or f"#{data.Id}" not in {r.URI for r in signature.SignedInfo.Reference}:
            raise signing.SignatureError("SignedInstallationData is not signed", part="Signature")
        signing.verify(res, cps_leaf, profile="iso20")
        leaf, subs = chain_certificates(data.ContractCertificateChain)
        public = leaf.public_key()
        if (
            data.SECP521_EncryptedPrivateKey is None
            or not isinstance(prov.key, ec.EllipticCurvePrivateKey)
            or not isinstance(public, ec.EllipticCurvePublicKey)
        ):
            raise EvccAbort("CertificateInstallationRes: only secp521r1 key transport is supported")
        aad = iso20_aad(_pcid(prov.leaf), contract_ski(leaf))
        key = iso20_decrypt_secp521_private_key(
            data.SECP521_EncryptedPrivateKey, data.DHPublicKey, prov.key, aad, public
        )
    except (ValueError, CertificateRejected, KeyTransportError, signing.SignatureError) as exc:
        raise EvccAbort(f"CertificateInstallationRes refused: {exc}") from exc
    return ContractCredentials(leaf, subs, key)
