"""ISO 15118-20 EVCC CertificateInstallation: a car without a usable -20 contract, with OEM
provisioning credentials (``EvccConfig(provisioning=Provisioning(...))``), at an SECC that offers
PnC and CertificateInstallationService, installs contracts before it authorizes.

CertificateInstallationReq: OEMProvisioningCertificateChain (Id ``OEM1``, the leaf and its
Sub-CAs), ListOfRootCertificateIDs (its V2G roots), MaximumContractCertificateChains
(``Provisioning.max_contracts``), PrioritizedEMAIDs; signed with the OEM provisioning key over the
chain (-20 suites). CertificateInstallationRes: the CPS chain is validated against the V2G roots,
the Signature must cover SignedInstallationData and verify with the CPS leaf, the contract key is
decrypted (AAD = the OEM certificate's PCID || the contract's SKI) and checked against the contract
certificate. ECDHCurve SECP521: ECDH with the OEM provisioning key
(``tls.keytransport.iso20_decrypt_secp521_private_key``); X448 (the Ed448 family): ECDH with the
private key of the OEM certificate's Alternate Subject Public Key (``Provisioning.ecdh_key``)
[V2G20-2534], the 56 bytes decrypted being the Ed448 contract key's secret scalar
(``tls.keytransport.iso20_decrypt_ed448_private_key``, our reading of [V2G20-2509]; the contract key
is then an ``Ed448ScalarKey``). While RemainingContractCertificateChains > 0 the car asks again; then
it authorizes with the first contract installed (``EvccContext.installed_contracts`` has them all,
for the caller to store). Any failure ends the session with the reason.
"""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed448
from cryptography.hazmat.primitives.serialization import Encoding

from exi.iso20 import generated_types as c
from tls.errors import CertificateRejected, KeyTransportError
from tls.keys import SigningKey
from tls.keytransport import (
    iso20_aad,
    iso20_decrypt_ed448_private_key,
    iso20_decrypt_secp521_private_key,
)
from tls.validate import ValidationPolicy, validate_cps_chain
from v2g import signing
from v2g.certificates import chain_certificates
from v2g.certificates20 import contract_ski
from v2g.errors import EvccAbort
from v2g.evcc._machine import EvccContext, EvccState, Step
from v2g.evcc.iso20_requests import PENDING
from v2g.evcc.pnc import ContractCredentials, Provisioning, _utc

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
        aad = iso20_aad(_pcid(prov.leaf), contract_ski(leaf))
        key = _contract_key(prov, data, leaf.public_key(), aad)
    except (ValueError, CertificateRejected, KeyTransportError, signing.SignatureError) as exc:
        raise EvccAbort(f"CertificateInstallationRes refused: {exc}") from exc
    return ContractCredentials(leaf, subs, key)


def _contract_key(
    prov: Provisioning, data: c.SignedInstallationDataType, public: object, aad: bytes
) -> SigningKey:
    """The contract key of SignedInstallationData, by its ECDHCurve."""
    if data.ECDHCurve == c.ecdhCurveType.X448:
        if prov.ecdh_key is None:  # [V2G20-2534]: the OEM certificate's Alternate Subject Public Key
            raise EvccAbort("CertificateInstallationRes: X448 key transport, and the car has no X448 key "
                            "of its OEM provisioning certificate's Alternate Subject Public Key")
        if data.X448_EncryptedPrivateKey is None or not isinstance(public, ed448.Ed448PublicKey):
            raise EvccAbort("CertificateInstallationRes: X448 without X448_EncryptedPrivateKey or an "
                            "Ed448 contract certificate")
        return iso20_decrypt_ed448_private_key(
            data.X448_EncryptedPrivateKey, data.DHPublicKey, prov.ecdh_key, aad, public
        )
    if (
        data.SECP521_EncryptedPrivateKey is None
        or not isinstance(prov.key, ec.EllipticCurvePrivateKey)
        or not isinstance(public, ec.EllipticCurvePublicKey)
    ):
        raise EvccAbort("CertificateInstallationRes: SECP521 without SECP521_EncryptedPrivateKey, a "
                        "secp521r1 OEM provisioning key or a secp521r1 contract certificate")
    return iso20_decrypt_secp521_private_key(
        data.SECP521_EncryptedPrivateKey, data.DHPublicKey, prov.key, aad, public
    )
