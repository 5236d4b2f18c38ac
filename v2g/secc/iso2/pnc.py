"""ISO 15118-2 SECC Plug & Charge: PaymentDetails (the contract chain) and the contract's
Authorization (GenChallenge signed with the contract key).

- PaymentDetailsReq: the chain is decoded and validated against the MO roots of
  ``EvseServices.pnc`` at the wall-clock time (profile, validity, eMAID = the leaf's CN, the
  backend's OCSP data through the revocation hook), the backend's Authorize is started with the
  eMAID and the chain's hash data, and a fresh 16-byte GenChallenge is answered (one per
  PaymentDetails).
- The first AuthorizationReq after it must carry that GenChallenge ([V2G2-475]) and a Signature
  over the AuthorizationReq made with the contract key; the challenge is then spent. Repeats while
  the backend decides carry neither ([V2G2-684]) and get Ongoing.
- A resumed session (pause, then SessionSetup with its SessionID) presents its contract again:
  the chain and the signature are checked again with a new challenge, and the contract the session
  was authorized with before the pause is not sent to the backend a second time.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from cryptography import x509

from exi.iso2 import generated_types as m
from tls import errors as tls_errors
from tls.validate import RevocationStatus, ValidationPolicy, validate_contract_chain
from v2g import signing
from v2g.backend import (
    AuthorizeRequest,
    AuthorizeResult,
    PlugAndCharge,
    certificate_hash_data,
    normalize_emaid,
)
from v2g.certificates import chain_certificates
from v2g.errors import SessionError
from v2g.secc._machine import SeccContext
from v2g.secc._spec import ADVANCE, STAY, Reply, Rx
from v2g.secc.iso2._shared import FINISHED, ONGOING, RC

AUTHORIZATION_CODES = frozenset(
    {
        "OK",
        "FAILED",
        "FAILED_SequenceError",
        "FAILED_SignatureError",
        "FAILED_UnknownSession",
        "FAILED_ChallengeInvalid",
    }
)
"""The ResponseCodes an AuthorizationRes may carry (ISO 15118-2 Table 112); a later refusal by the
backend (revoked, unknown contract) is FAILED there."""


@dataclass
class Contract:
    """The contract a session presented in PaymentDetails."""

    emaid: str
    chain: tuple[x509.Certificate, ...]
    """The validated path: leaf, Sub-CAs, MO root."""
    request: AuthorizeRequest
    challenge: bytes
    challenge_open: bool = True
    """The GenChallenge waits for its signed AuthorizationReq (spent by the first one)."""
    authorized: bool = False
    interval: tuple[float, int] = (0.0, 0)
    """Start of the metering interval not yet receipted: (wall-clock time, Wh)."""
    loops: int = 0
    asked: m.MeterInfoType | None = None
    """The MeterInfo sent with ReceiptRequired, waiting for its MeteringReceiptReq."""
    asked_at: float = 0.0
    receipts: int = 0

    @property
    def leaf(self) -> x509.Certificate:
        return self.chain[0]

    @property
    def key(self) -> str:
        """eMAID and leaf serial number: the same contract in a resumed session."""
        return f"{normalize_emaid(self.emaid)}:{self.leaf.serial_number:x}"


def pnc_of(ctx: SeccContext) -> PlugAndCharge | None:
    """The session's Plug & Charge services, if the connection allows Contract payment (TLS)."""
    return ctx.services.pnc if ctx.tls else None


def wall_time(rx: Rx) -> dt.datetime:
    return dt.datetime.fromtimestamp(rx.wall, tz=dt.timezone.utc)


def _certificates(chain: m.CertificateChainType) -> tuple[x509.Certificate, tuple[x509.Certificate, ...]]:
    try:
        return chain_certificates(chain)
    except ValueError as exc:
        raise SessionError("FAILED_CertChainError", f"contract chain not DER X.509: {exc}") from exc


def check_contract_chain(
    pnc: PlugAndCharge, chain: m.CertificateChainType, now: dt.datetime, mono: float
) -> tuple[x509.Certificate, ...]:
    """The validated path of a contract chain, or the SessionError with its ResponseCode."""
    if not pnc.mo_roots:
        raise SessionError(
            "FAILED_NoCertificateAvailable", "the SECC holds no MO root to check contracts with"
        )
    leaf, subs = _certificates(chain)

    def revocation(cert: x509.Certificate, issuer: x509.Certificate) -> RevocationStatus:
        # the seam where OCSP data from the backend plugs in (GetCertificateStatus)
        (data,) = certificate_hash_data((cert, issuer))
        return pnc.backend.certificate_status(data, mono)

    policy = ValidationPolicy("iso2", revocation=revocation)
    try:
        validated = validate_contract_chain(leaf, subs, pnc.mo_roots, now=now, policy=policy)
    except (tls_errors.Expired, tls_errors.NotYetValid) as exc:
        # a certificate outside its validity (also not yet valid, [V2G2-824])
        raise SessionError("FAILED_CertificateExpired", str(exc)) from exc
    except tls_errors.Revoked as exc:
        raise SessionError("FAILED_CertificateRevoked", str(exc)) from exc
    except tls_errors.CertificateRejected as exc:
        # untrusted root (a chain that fails against the MO root), signature, profile, eMAID syntax
        raise SessionError("FAILED_CertChainError", f"{exc.rule.value}: {exc}") from exc
    return validated.path


def _common_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def payment_details(ctx: SeccContext, req: m.PaymentDetailsReq, rx: Rx) -> Reply:
    pnc = pnc_of(ctx)
    if pnc is None:  # not reachable through the table: Contract is selected only where offered
        raise SessionError("FAILED", "no Plug & Charge on this connection")
    path = check_contract_chain(pnc, req.ContractSignatureCertChain, wall_time(rx), rx.now)
    if normalize_emaid(req.eMAID) != normalize_emaid(_common_name(path[0])):
        raise SessionError("FAILED_CertChainError", f"eMAID {req.eMAID} is not the contract certificate's CN")
    request = AuthorizeRequest(req.eMAID, certificate_hash_data(path), ctx.config.evse_id)
    contract = Contract(req.eMAID, path, request, secrets.token_bytes(16))
    ctx.contract = contract
    ctx.auth_started = rx.now
    if ctx.resumed and ctx.resumed_contract == contract.key:
        contract.authorized = True  # authorized before the pause: not asked again
    else:
        pnc.backend.authorize(request, rx.now)
        result = pnc.backend.authorize_result(request, rx.now)
        if result is not None:
            _decided(contract, result, "PaymentDetails")
    return Reply(
        m.PaymentDetailsRes(ResponseCode=RC.OK, GenChallenge=contract.challenge, EVSETimeStamp=int(rx.wall))
    )


def _decided(contract: Contract, result: AuthorizeResult, where: str) -> None:
    if not result.accepted:
        code = result.response_code
        if where == "Authorization" and code not in AUTHORIZATION_CODES:
            code = "FAILED"
        raise SessionError(
            code, f"contract {contract.emaid} refused: {result.status.value}/{result.certificate_status}"
        )
    contract.authorized = True


def check_signed_authorization(contract: Contract, req: m.AuthorizationReq, rx: Rx) -> None:
    # [V2G2-475] the GenChallenge of PaymentDetailsRes, once: a replayed or stale one is refused
    if req.GenChallenge != contract.challenge:
        raise SessionError("FAILED_ChallengeInvalid", "GenChallenge is not the one of PaymentDetailsRes")
    signature = rx.header.Signature
    if signature is None or req.Id is None:
        raise signing.SignatureError("AuthorizationReq is not signed", part="Signature")
    uris = {r.URI for r in signature.SignedInfo.Reference}
    if f"#{req.Id}" not in uris:
        raise signing.SignatureError("the Signature does not cover the AuthorizationReq", part="Reference")
    message = m.V2G_Message(Header=rx.header, Body=m.BodyType(BodyElement=req))
    signing.verify(message, contract.leaf)  # FAILED_SignatureError


def contract_authorization(ctx: SeccContext, req: m.AuthorizationReq, rx: Rx) -> Reply:
    contract: Contract | None = ctx.contract
    pnc = pnc_of(ctx)
    if contract is None or pnc is None:
        raise SessionError("FAILED_SequenceError", "Contract payment without PaymentDetails")
    if contract.challenge_open:
        contract.challenge_open = False  # spent, whatever the outcome (one challenge per PaymentDetails)
        check_signed_authorization(contract, req, rx)
    # repeats while the backend decides carry no signature ([V2G2-684])
    if not contract.authorized:
        result = pnc.backend.authorize_result(contract.request, rx.now)
        if result is not None:
            _decided(contract, result, "Authorization")
    if contract.authorized:
        contract.interval = (rx.wall, max(0, round(ctx.services.meter.meter_wh(rx.now))))
        return Reply(m.AuthorizationRes(ResponseCode=RC.OK, EVSEProcessing=FINISHED), ADVANCE)
    started = ctx.auth_started if ctx.auth_started is not None else rx.now
    if rx.now - started >= ctx.config.timeouts.ongoing:
        raise SessionError("FAILED", "the backend did not decide within the Ongoing limit")
    return Reply(m.AuthorizationRes(ResponseCode=RC.OK, EVSEProcessing=ONGOING), STAY)


def sign_tariffs(ctx: SeccContext, reply: Reply, rx: Rx) -> Reply:
    """A Contract session's ChargeParameterDiscoveryRes: each SalesTariff signed with the backend's
    tariff key (one Reference per SalesTariff Id, in the header Signature)."""
    pnc = pnc_of(ctx)
    if ctx.payment != "Contract" or pnc is None or pnc.tariff_key is None:
        return reply
    tuples = getattr(reply.body.SASchedules, "SAScheduleTuple", ())
    ids = [t.SalesTariff.Id for t in tuples if t.SalesTariff is not None]
    if ids:
        draft = m.V2G_Message(
            Header=m.MessageHeaderType(SessionID=ctx.session_id), Body=m.BodyType(BodyElement=reply.body)
        )
        reply.signature = signing.sign(draft, ids, pnc.tariff_key).Header.Signature
    return reply
