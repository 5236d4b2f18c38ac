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
from cryptography.hazmat.primitives.serialization import Encoding

from exi.iso2 import generated_types as m
from tls.keys import PrivateKey
from tls.pki import Pki
from tls.profiles import Role
from v2g import signing
from v2g.errors import EvccAbort
from v2g.evcc._machine import EvccContext, EvccState, Step

AUTHORIZATION_ID = "ID1"
"""The Id of the signed AuthorizationReq (the Reference URI is ``#ID1``)."""
RECEIPT_ID = "ID1"


@dataclass(frozen=True)
class ContractCredentials:
    """A contract certificate chain and its private key, as the car stores them."""

    leaf: x509.Certificate
    sub_cas: tuple[x509.Certificate, ...]
    key: PrivateKey

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


def contract_usable(ctx: EvccContext, wall: float) -> bool:
    """Contract payment: over TLS, with a contract valid now."""
    contract = ctx.config.contract
    when = dt.datetime.fromtimestamp(wall, tz=dt.timezone.utc)
    return ctx.tls and contract is not None and contract.valid_at(when)


def choose_payment(ctx: EvccContext, offered: set[str], wall: float) -> str:
    if "Contract" in offered and contract_usable(ctx, wall):
        return "Contract"
    if "ExternalPayment" in offered:
        return "ExternalPayment"
    raise EvccAbort(f"the SECC offers {sorted(offered)}: no usable contract for Contract payment")


def payment_details_req(ctx: EvccContext) -> m.PaymentDetailsReq:
    contract = ctx.config.contract
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
    contract = ctx.config.contract
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
