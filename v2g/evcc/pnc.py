"""ISO 15118-2 EVCC Plug & Charge: the contract the car holds, which payment it picks, and the
PaymentDetails / signed Authorization requests.

The EVCC offers Contract only over TLS and only with a contract that is valid at the wall-clock
time (its leaf and Sub-CAs within their validity); otherwise it falls back to ExternalPayment when
the SECC offers it. The first AuthorizationReq after PaymentDetails carries the SECC's
GenChallenge and is signed with the contract key (``Step.sign``); repeats while the SECC answers
Ongoing carry neither ([V2G2-684]).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, x448
from cryptography.hazmat.primitives.serialization import Encoding

from exi.iso2 import generated_types as m
from tls.errors import CertificateRejected, KeyTransportError
from tls.keys import PrivateKey, SigningKey
from tls.keytransport import iso2_decrypt_private_key
from tls.pki import Pki
from tls.profiles import Role
from tls.validate import ValidationPolicy, validate_cps_chain
from v2g import signing
from v2g.certificates import chain_certificates
from v2g.errors import EvccAbort
from v2g.evcc._machine import EvccContext, EvccState, Step

REQUEST_ID = "ID1"
AUTHORIZATION_ID = "ID1"
"""The Id of the signed AuthorizationReq (the Reference URI is ``#ID1``)."""
RECEIPT_ID = "ID1"


@dataclass(frozen=True)
class ContractCredentials:
    """A contract certificate chain and its private key, as the car stores them. The key of an Ed448
    contract installed through the -20 key transport is an :class:`~tls.ed448.Ed448ScalarKey` (the
    transport carries the scalar, not an RFC 8032 seed)."""

    leaf: x509.Certificate
    sub_cas: tuple[x509.Certificate, ...]
    key: SigningKey

    @classmethod
    def from_pki(cls, pki: Pki) -> ContractCredentials:
        chain = pki.chain(Role.CONTRACT_LEAF)
        return cls(chain[0], tuple(chain[1:]), pki.keys[Role.CONTRACT_LEAF])

    @property
    def emaid(self) -> str:
        names = self.leaf.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        return str(names[0].value) if names else ""

    def valid_at(self, when: dt.datetime) -> bool:
        return all(
            c.not_valid_before_utc <= when <= c.not_valid_after_utc for c in (self.leaf, *self.sub_cas)
        )

    def chain_element(self) -> m.CertificateChainType:
        return m.CertificateChainType(
            Certificate=self.leaf.public_bytes(Encoding.DER),
            SubCertificates=(
                m.SubCertificatesType(Certificate=tuple(c.public_bytes(Encoding.DER) for c in self.sub_cas))
                if self.sub_cas
                else None
            ),
        )


def _utc(wall: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(wall, tz=dt.timezone.utc)


def contract_usable(ctx: EvccContext, wall: float) -> bool:
    """Contract payment: over TLS, with a contract valid now, or OEM provisioning credentials to
    install one."""
    contract = ctx.contract
    valid = contract is not None and contract.valid_at(_utc(wall))
    return ctx.tls and (valid or ctx.config.provisioning is not None)


def choose_payment(ctx: EvccContext, offered: set[str], wall: float) -> str:
    if "Contract" in offered and contract_usable(ctx, wall):
        return "Contract"
    if "ExternalPayment" in offered:
        return "ExternalPayment"
    raise EvccAbort(f"the SECC offers {sorted(offered)}: no usable contract for Contract payment")


@dataclass(frozen=True)
class Provisioning:
    """The car's OEM provisioning certificate (with its Sub-CAs) and key, and the V2G roots it
    checks the certificate service's chain against."""

    leaf: x509.Certificate
    sub_cas: tuple[x509.Certificate, ...]
    key: PrivateKey
    v2g_roots: tuple[x509.Certificate, ...]
    max_contracts: int = 1
    """ISO 15118-20: MaximumContractCertificateChains of a CertificateInstallationReq."""
    prioritized_emaids: tuple[str, ...] = ()
    """ISO 15118-20: PrioritizedEMAIDs (empty: none sent)."""
    ecdh_key: x448.X448PrivateKey | None = None
    """ISO 15118-20, Ed448 family: the private key of the OEM provisioning certificate's Alternate
    Subject Public Key, the car's ECDH key when the ECDHCurve is X448 [V2G20-2534]."""

    @classmethod
    def from_pki(cls, pki: Pki) -> Provisioning:
        chain = pki.chain(Role.OEM_PROV_LEAF)
        return cls(chain[0], tuple(chain[1:]), pki.keys[Role.OEM_PROV_LEAF], (pki.certs[Role.V2G_ROOT],),
                   ecdh_key=pki.alt_keys.get(Role.OEM_PROV_LEAF))


def _root_ids(roots: tuple[x509.Certificate, ...]) -> m.ListOfRootCertificateIDsType:
    return m.ListOfRootCertificateIDsType(
        RootCertificateID=tuple(
            m.X509IssuerSerialType(X509IssuerName=r.issuer.rfc4514_string(), X509SerialNumber=r.serial_number)
            for r in roots
        )
    )


def contract_step(ctx: EvccContext, wall: float) -> Step:
    """After PaymentServiceSelection(Contract): install a contract (none, or not valid), renew one
    that expires soon, or go on with PaymentDetails."""
    contract, prov = ctx.contract, ctx.config.provisioning
    now = _utc(wall)
    if contract is None or not contract.valid_at(now):
        if prov is None:
            raise EvccAbort("no valid contract and no provisioning certificate to install one")
        req = m.CertificateInstallationReq(
            Id=REQUEST_ID,
            OEMProvisioningCert=prov.leaf.public_bytes(Encoding.DER),
            ListOfRootCertificateIDs=_root_ids(prov.v2g_roots),
        )
        return Step(req, EvccState.CERTIFICATE_INSTALLATION, sign=(REQUEST_ID,), key=prov.key)
    left = contract.leaf.not_valid_after_utc - now
    if prov is not None and left < dt.timedelta(days=ctx.config.renew_days):
        update = m.CertificateUpdateReq(
            Id=REQUEST_ID,
            ContractSignatureCertChain=contract.chain_element(),
            eMAID=contract.emaid,
            ListOfRootCertificateIDs=_root_ids(prov.v2g_roots),
        )
        return Step(update, EvccState.CERTIFICATE_UPDATE, sign=(REQUEST_ID,))
    return Step(payment_details_req(ctx), EvccState.PAYMENT_DETAILS)


def on_certificate(
    ctx: EvccContext, res: m.CertificateInstallationRes | m.CertificateUpdateRes, rx: Any
) -> Step:
    """Verify the certificate service's answer, decrypt the contract key, use the new contract."""
    prov = ctx.config.provisioning
    assert prov is not None
    try:
        sa_leaf, sa_subs = chain_certificates(res.SAProvisioningCertificateChain)
        validate_cps_chain(
            sa_leaf, sa_subs, prov.v2g_roots, now=_utc(rx.wall), policy=ValidationPolicy("iso2")
        )
        message = m.V2G_Message(Header=rx.header, Body=m.BodyType(BodyElement=res))
        signing.verify(message, sa_leaf)
        covered = {r.URI for r in rx.header.Signature.SignedInfo.Reference}
        wanted = {
            f"#{e.Id}"
            for e in (
                res.ContractSignatureCertChain,
                res.ContractSignatureEncryptedPrivateKey,
                res.DHpublickey,
                res.eMAID,
            )
        }
        if not wanted <= covered:
            raise EvccAbort(f"{type(res).__name__}: the signature does not cover {sorted(wanted - covered)}")
        leaf, subs = chain_certificates(res.ContractSignatureCertChain)
        receiver = prov.key if isinstance(res, m.CertificateInstallationRes) else ctx.contract.key
        public = leaf.public_key()
        if not isinstance(receiver, ec.EllipticCurvePrivateKey) or not isinstance(
            public, ec.EllipticCurvePublicKey
        ):
            raise EvccAbort("contract key transport needs secp256r1 keys")
        key = iso2_decrypt_private_key(
            res.ContractSignatureEncryptedPrivateKey.value, res.DHpublickey.value, receiver, public
        )
    except (ValueError, CertificateRejected, KeyTransportError, signing.SignatureError) as exc:
        raise EvccAbort(f"{type(res).__name__} refused: {exc}") from exc
    ctx.contract = ctx.installed = ContractCredentials(leaf, subs, key)
    return Step(payment_details_req(ctx), EvccState.PAYMENT_DETAILS)


def payment_details_req(ctx: EvccContext) -> m.PaymentDetailsReq:
    contract = ctx.contract
    assert contract is not None
    return m.PaymentDetailsReq(eMAID=contract.emaid, ContractSignatureCertChain=contract.chain_element())


def on_payment_details(ctx: EvccContext, res: m.PaymentDetailsRes, rx: object) -> Step:
    ctx.gen_challenge = res.GenChallenge
    return Step(
        m.AuthorizationReq(Id=AUTHORIZATION_ID, GenChallenge=res.GenChallenge),
        EvccState.AUTHORIZATION,
        sign=(AUTHORIZATION_ID,),
    )


def receipt_step(ctx: EvccContext, res: m.CurrentDemandRes | m.ChargingStatusRes) -> Step | None:
    """ReceiptRequired in a Plug & Charge session: the MeteringReceiptReq over the SessionID, the
    SAScheduleTupleID and the MeterInfo just received, signed with the contract key."""
    if not res.ReceiptRequired or ctx.payment != "Contract" or res.MeterInfo is None:
        return None
    if not ctx.config.sign_receipts:
        return None
    ctx.receipts_signed += 1
    req = m.MeteringReceiptReq(
        Id=RECEIPT_ID,
        SessionID=ctx.session_id,
        SAScheduleTupleID=ctx.schedule.schedule_id if ctx.schedule is not None else None,
        MeterInfo=res.MeterInfo,
    )
    return Step(req, EvccState.METERING_RECEIPT, sign=(RECEIPT_ID,))


def check_tariffs(ctx: EvccContext, res: m.ChargeParameterDiscoveryRes, header: Any) -> None:
    """A Contract session's SalesTariffs: a Signature over them must verify with the MO Sub-CA 2
    certificate of the car's contract chain (the contract's issuer); a bad one, or one that leaves
    a SalesTariff out, ends the session before a schedule is chosen. A charger that signs nothing
    is noted (``ctx.tariff_note``) and its tariffs are used as they are."""
    contract = ctx.contract
    tuples = getattr(res.SASchedules, "SAScheduleTuple", ())
    ids = {t.SalesTariff.Id for t in tuples if t.SalesTariff is not None}
    if ctx.payment != "Contract" or contract is None or not ids:
        return
    signature = header.Signature
    if signature is None:
        ctx.tariff_note = "SalesTariff not signed"
        return
    if not contract.sub_cas:
        raise EvccAbort("SalesTariff signed, and the contract chain has no MO Sub-CA to check it with")
    covered = {r.URI.removeprefix("#") for r in signature.SignedInfo.Reference}
    if not ids <= covered:
        raise EvccAbort(f"SalesTariff signature does not cover {sorted(ids - covered)}")
    message = m.V2G_Message(Header=header, Body=m.BodyType(BodyElement=res))
    try:
        signing.verify(message, contract.sub_cas[0])
    except signing.SignatureError as exc:
        raise EvccAbort(f"SalesTariff signature invalid: {exc}") from exc
    ctx.tariff_note = "SalesTariff signature verified"
