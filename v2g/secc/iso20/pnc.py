"""ISO 15118-20 SECC Plug & Charge: AuthorizationSetup offering PnC with a GenChallenge, and the
PnC AuthorizationReq (the contract chain and a Signature over PnC_AReqAuthorizationMode).

- AuthorizationSetupRes offers PnC (beside EIM) only on a TLS connection of an SECC whose
  ``EvseServices.pnc`` holds MO roots to check contracts with; it then carries
  PnC_ASResAuthorizationMode with a fresh 16-byte GenChallenge (one per AuthorizationSetup).
- AuthorizationReq(PnC): the GenChallenge must be the one sent; the contract chain is validated
  against the MO roots at the wall-clock time with the -20 profile (P-521 or Ed448), each
  certificate's revocation asked of ``Backend.certificate_status`` (OCSP); the Signature must
  cover PnC_AReqAuthorizationMode and verify with the contract key (-20 suites, ``v2g.signing``);
  then ``Backend.authorize`` (eMAID, certificate hash data) starts and the SECC answers Ongoing
  until it decides. Repeats while Ongoing carry the same mode, challenge and signature.
- A refusal is a WARNING with EVSEProcessing Finished: the session stays in Authorization, so the
  EV may select another offered service (EIM) or stop; the challenge is spent. A Signature that
  does not verify is FAILED_SignatureError and ends the session.

Which -20 ResponseCode each failure carries. Every code is a value of the -20 responseCodeType
(V2G_CI_CommonTypes.xsd; ``tests/pnc/test_pnc20_codes.py`` checks each literal here against it);
the schema gives the codes, not which case gets which, so each row is chosen by the code's name
and meaning (docs/pnc.md says which rows are settled by the name and which stay a choice):

=================================================  ======================================
the EV selected PnC while it was not offered        WARNING_AuthorizationSelectionInvalid
wrong or replayed GenChallenge                      WARNING_ChallengeInvalid
a certificate expired / not yet valid               WARNING_CertificateExpired / ..NotYetValid
revoked (backend OCSP data, local lists)            WARNING_CertificateRevoked
the chain ends at no MO root the SECC knows         WARNING_eMSPUnknown
signature, profile, eMAID syntax, not DER           WARNING_CertificateValidationError
unsigned, other key, broken signature               FAILED_SignatureError (session ends)
the backend refuses, certificateStatus              :data:`BACKEND_WARNINGS`
the backend refuses for another reason              WARNING_GeneralPnCAuthorizationError
the backend does not decide within 60 s             FAILED (session ends)
=================================================  ======================================
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from dataclasses import dataclass

from cryptography import x509

from exi.iso20 import generated_types as c
from tls import errors as tls_errors
from tls.validate import RevocationStatus, ValidationPolicy, validate_contract_chain
from v2g import signing
from v2g.backend import (
    AuthorizeRequest,
    AuthorizeResult,
    CertificateStatus,
    PlugAndCharge,
    certificate_hash_data,
    normalize_emaid,
)
from v2g.certificates import chain_certificates
from v2g.errors import SessionError
from v2g.secc._machine import SeccContext
from v2g.secc._spec import ADVANCE, STAY, Reply, Rx
from v2g.secc.iso20._shared import FINISHED, ONGOING, PENDING, RC

CHALLENGE_BYTES = 16
"""genChallengeType: 16 bytes."""

BACKEND_WARNINGS = {
    CertificateStatus.CERTIFICATE_EXPIRED: "WARNING_CertificateExpired",
    CertificateStatus.CERTIFICATE_REVOKED: "WARNING_CertificateRevoked",
    CertificateStatus.CERT_CHAIN_ERROR: "WARNING_CertificateValidationError",
    # the message's Signature was verified here before the backend was asked: its SignatureError
    # is about a certificate's signature, a validation error of the chain (not FAILED_SignatureError)
    CertificateStatus.SIGNATURE_ERROR: "WARNING_CertificateValidationError",
    CertificateStatus.NO_CERTIFICATE_AVAILABLE: "WARNING_NoCertificateAvailable",
}
"""The backend's certificateStatus (OCPP AuthorizeCertificateStatusEnumType) -> the -20 code of
the same name or meaning; ContractCancelled (no -20 code of its own) and a refusal without a
certificate status (idTokenInfo Unknown, Blocked, Invalid ...) are
WARNING_GeneralPnCAuthorizationError."""


@dataclass
class Contract20:
    """The Plug & Charge state of a -20 session: the challenge of AuthorizationSetupRes, then the
    contract of the PnC AuthorizationReq. Kept in ``SeccContext.contract`` (``key`` and
    ``authorized`` are what pause and resume read)."""

    challenge: bytes
    challenge_open: bool = True
    emaid: str = ""
    chain: tuple[x509.Certificate, ...] = ()
    request: AuthorizeRequest | None = None
    authorized: bool = False
    refused: bool = False
    """Refused (a WARNING was answered): the challenge is spent, the contract not retried."""
    interval: tuple[float, int] = (0.0, 0)
    """Start of the metering interval not yet confirmed: (wall-clock time, Wh)."""
    loops: int = 0
    asked: c.MeterInfoType | None = None
    """The MeterInfo sent with the MeteringConfirmation notification, waiting for its request."""
    asked_at: float = 0.0
    confirmations: int = 0
    last_meter: tuple[c.MeterInfoType, float] | None = None
    """The MeterInfo of the last loop response and its wall-clock time (the final confirmation's)."""

    @property
    def leaf(self) -> x509.Certificate:
        return self.chain[0]

    @property
    def key(self) -> str:
        """eMAID and leaf serial number: the same contract in a resumed session."""
        if not self.chain:
            return ""
        return f"{normalize_emaid(self.emaid)}:{self.leaf.serial_number:x}"


def pnc_offered(ctx: SeccContext) -> PlugAndCharge | None:
    """The session's Plug & Charge services when PnC may be offered: over TLS (the contract
    chain and challenge need it), with MO roots to check a contract against."""
    pnc = ctx.services.pnc if ctx.tls else None
    return pnc if pnc is not None and pnc.mo_roots else None


def authorization_setup_pnc(ctx: SeccContext) -> c.AuthorizationSetupRes | None:
    """AuthorizationSetupRes offering PnC and EIM with a fresh GenChallenge, or None when PnC is
    not offered on this connection."""
    if pnc_offered(ctx) is None:
        return None
    contract = Contract20(secrets.token_bytes(CHALLENGE_BYTES))
    ctx.contract = contract
    return c.AuthorizationSetupRes(
        Header=PENDING,
        ResponseCode=RC.OK,
        AuthorizationServices=(c.authorizationType.PnC, c.authorizationType.EIM),
        CertificateInstallationService=True,  # relayed to the certificate service (.certs)
        PnC_ASResAuthorizationMode=c.PnC_ASResAuthorizationModeType(GenChallenge=contract.challenge),
    )


def _warning(code: str, reason: str) -> SessionError:
    """A refused PnC authorization: the WARNING answered with EVSEProcessing Finished, the session
    kept in Authorization (the EV may use EIM or stop)."""
    return SessionError(code, reason, close=False, details=(("EVSEProcessing", "Finished"),))


def _certificates(
    chain: c.ContractCertificateChainType,
) -> tuple[x509.Certificate, tuple[x509.Certificate, ...]]:
    try:
        return chain_certificates(chain)
    except ValueError as exc:
        raise _warning("WARNING_CertificateValidationError", f"contract chain not DER X.509: {exc}") from exc


def check_contract_chain20(
    pnc: PlugAndCharge, chain: c.ContractCertificateChainType, now: dt.datetime, mono: float
) -> tuple[x509.Certificate, ...]:
    """The validated path (leaf, Sub-CAs, MO root) of a -20 contract chain, or the WARNING."""
    leaf, subs = _certificates(chain)

    def revocation(cert: x509.Certificate, issuer: x509.Certificate) -> RevocationStatus:
        (data,) = certificate_hash_data((cert, issuer))  # OCSP data from the backend
        return pnc.backend.certificate_status(data, mono)

    policy = ValidationPolicy("iso20", revocation=revocation)
    try:
        return validate_contract_chain(leaf, subs, pnc.mo_roots, now=now, policy=policy).path
    except tls_errors.Expired as exc:
        raise _warning("WARNING_CertificateExpired", str(exc)) from exc
    except tls_errors.NotYetValid as exc:
        raise _warning("WARNING_CertificateNotYetValid", str(exc)) from exc
    except tls_errors.Revoked as exc:
        raise _warning("WARNING_CertificateRevoked", str(exc)) from exc
    except tls_errors.UntrustedRoot as exc:
        raise _warning("WARNING_eMSPUnknown", f"no known MO root: {exc}") from exc
    except tls_errors.CertificateRejected as exc:
        raise _warning("WARNING_CertificateValidationError", f"{exc.rule.value}: {exc}") from exc


def _common_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def check_signature20(leaf: x509.Certificate, req: c.AuthorizationReq, rx: Rx) -> None:
    """The header Signature must cover PnC_AReqAuthorizationMode (by its Id) and verify with the
    contract certificate's key, -20 suites (ECDSA P-521/SHA-512 or Ed448/SHAKE256)."""
    mode = req.PnC_AReqAuthorizationMode
    assert mode is not None
    signature = rx.header.Signature
    if signature is None:
        raise signing.SignatureError("PnC AuthorizationReq is not signed", part="Signature")
    if f"#{mode.Id}" not in {r.URI for r in signature.SignedInfo.Reference}:
        raise signing.SignatureError(
            "the Signature does not cover PnC_AReqAuthorizationMode", part="Reference"
        )
    signing.verify(
        dataclasses.replace(req, Header=rx.header), leaf, profile="iso20"
    )  # FAILED_SignatureError, the session ends


def _decided(contract: Contract20, result: AuthorizeResult) -> None:
    if not result.accepted:
        contract.refused = True
        status = result.certificate_status
        code = BACKEND_WARNINGS.get(status, "WARNING_GeneralPnCAuthorizationError") if status else None
        raise _warning(
            code or "WARNING_GeneralPnCAuthorizationError",
            f"contract {contract.emaid} refused: {result.status.value}/{status}",
        )
    contract.authorized = True


def _first_request(
    ctx: SeccContext, pnc: PlugAndCharge, contract: Contract20, req: c.AuthorizationReq, rx: Rx
) -> None:
    mode = req.PnC_AReqAuthorizationMode
    assert mode is not None
    # the challenge of AuthorizationSetupRes, once: spent whatever the outcome
    contract.challenge_open = False
    if mode.GenChallenge != contract.challenge:
        raise _warning("WARNING_ChallengeInvalid", "GenChallenge is not the one of AuthorizationSetupRes")
    path = check_contract_chain20(pnc, mode.ContractCertificateChain, _utc(rx.wall), rx.now)
    check_signature20(path[0], req, rx)
    contract.emaid = _common_name(path[0])
    contract.chain = path
    contract.request = AuthorizeRequest(contract.emaid, certificate_hash_data(path), ctx.config.evse_id)
    ctx.auth_started = rx.now
    if ctx.resumed and ctx.resumed_contract == contract.key:
        contract.authorized = True  # authorized before the pause: not asked again
        return
    pnc.backend.authorize(contract.request, rx.now)


def _repeat(contract: Contract20, req: c.AuthorizationReq, rx: Rx) -> None:
    """[V2G20-1582] the EV repeats its AuthorizationReq while Ongoing: the same challenge and
    contract, signed again."""
    mode = req.PnC_AReqAuthorizationMode
    assert mode is not None
    if mode.GenChallenge != contract.challenge:
        raise _warning("WARNING_ChallengeInvalid", "GenChallenge changed while Ongoing")
    leaf, _ = _certificates(mode.ContractCertificateChain)
    if leaf != contract.leaf:
        raise _warning("WARNING_CertificateValidationError", "another contract while Ongoing")
    check_signature20(contract.leaf, req, rx)


def _utc(wall: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(wall, tz=dt.timezone.utc)


def _authorized_code(pnc: PlugAndCharge, leaf: x509.Certificate, wall: float) -> c.responseCodeType:
    """OK, or OK_CertificateExpiresSoon for a contract certificate within
    ``PlugAndCharge.expires_soon_days`` of its end (a hint to the car to renew it)."""
    left = leaf.not_valid_after_utc - _utc(wall)
    soon = pnc.expires_soon_days > 0 and left <= dt.timedelta(days=pnc.expires_soon_days)
    return RC.OK_CertificateExpiresSoon if soon else RC.OK


def pnc_authorization(ctx: SeccContext, req: c.AuthorizationReq, rx: Rx) -> Reply:
    """AuthorizationReq with SelectedAuthorizationService PnC."""
    pnc = pnc_offered(ctx)
    contract = ctx.contract
    if pnc is None or not isinstance(contract, Contract20):
        raise _warning("WARNING_AuthorizationSelectionInvalid", "PnC is not offered on this connection")
    if req.PnC_AReqAuthorizationMode is None:
        raise _warning(
            "WARNING_AuthorizationSelectionInvalid", "PnC selected without PnC_AReqAuthorizationMode"
        )
    if contract.challenge_open:
        _first_request(ctx, pnc, contract, req, rx)
    elif contract.request is None or contract.refused:
        # a PnC request after a refused one: the challenge is spent (a new AuthorizationSetup gives one)
        raise _warning(
            "WARNING_ChallengeInvalid", "the GenChallenge was spent by an earlier AuthorizationReq"
        )
    elif not contract.authorized:
        _repeat(contract, req, rx)
    if not contract.authorized:
        assert contract.request is not None
        result = pnc.backend.authorize_result(contract.request, rx.now)
        if result is not None:
            _decided(contract, result)
    if contract.authorized:
        contract.interval = (rx.wall, max(0, round(ctx.services.meter.meter_wh(rx.now))))
        code = _authorized_code(pnc, contract.leaf, rx.wall)
        return Reply(c.AuthorizationRes(Header=PENDING, ResponseCode=code, EVSEProcessing=FINISHED), ADVANCE)
    started = ctx.auth_started if ctx.auth_started is not None else rx.now
    if rx.now - started >= ctx.config.timeouts.ongoing:
        raise SessionError("FAILED", "the backend did not decide within the Ongoing limit")
    return Reply(c.AuthorizationRes(Header=PENDING, ResponseCode=RC.OK, EVSEProcessing=ONGOING), STAY)
