"""The charger's backend for Plug & Charge, shaped as OCPP carries it.

:class:`Backend` is what the SECC asks of the charge point operator's backend. Its methods and
values mirror the OCPP 2.0.1 messages (and the OCPP 1.6 "ISO 15118 Plug & Charge" extension, which
carries the same payloads through DataTransfer), so that a charge point client implements it by
moving fields, without translation:

- :meth:`Backend.authorize` / :meth:`Backend.authorize_result`: ``Authorize`` with the eMAID as
  ``idToken`` (type ``eMAID``) and ``iso15118CertificateHashData`` (:class:`CertificateHashData`, one
  per certificate of the contract chain); the answer is ``idTokenInfo.status`` and
  ``certificateStatus`` (:class:`AuthorizeResult`). Non-blocking (house rule 3): started by one
  call, polled by the other (None while pending: the SECC answers Ongoing).
- :meth:`Backend.certificate_status`: ``GetCertificateStatus`` (OCSP) for one certificate: the seam
  where OCSP data from the backend plugs into the contract check.
- :meth:`Backend.meter_values`: signed meter values out (``TransactionEvent`` / ``MeterValues``
  with ``signedMeterValue``).
- :meth:`Backend.get_15118_ev_certificate` / :meth:`Backend.ev_certificate_result`:
  ``Get15118EVCertificate``, the car's signed CertificateInstallationReq / CertificateUpdateReq as
  EXI in (forwarded as received), the response message as EXI out.

:class:`LocalBackend` decides alone (tests, the demo, a charger without a backend): an allow list
and revocation lists by eMAID and by certificate serial number, an optional decision delay, and a
:class:`v2g.certificates.LocalCertificateService` for contracts.
"""

from __future__ import annotations

import enum
import hashlib
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ed448, ed25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.x509.oid import AuthorityInformationAccessOID

from tls.keys import PrivateKey
from tls.validate import RevocationStatus
from v2g.certificates import CertificateRequest, CertificateResult, LocalCertificateService
from v2g.ocmf import OcmfMeter
from v2g.receipts import ReceiptStore

__all__ = [
    "AuthorizeRequest",
    "AuthorizeResult",
    "Backend",
    "CertificateHashData",
    "CertificateStatus",
    "IdTokenStatus",
    "LocalBackend",
    "PlugAndCharge",
    "RevocationStatus",
    "SignedMeterValue",
    "certificate_hash_data",
    "normalize_emaid",
]


class IdTokenStatus(str, enum.Enum):
    """OCPP 2.0.1 AuthorizationStatusEnumType (the values a Plug & Charge answer uses)."""

    ACCEPTED = "Accepted"
    BLOCKED = "Blocked"
    EXPIRED = "Expired"
    INVALID = "Invalid"
    UNKNOWN = "Unknown"


class CertificateStatus(str, enum.Enum):
    """OCPP 2.0.1 AuthorizeCertificateStatusEnumType; each names the ISO 15118-2 ResponseCode."""

    ACCEPTED = "Accepted"
    SIGNATURE_ERROR = "SignatureError"
    CERTIFICATE_EXPIRED = "CertificateExpired"
    CERTIFICATE_REVOKED = "CertificateRevoked"
    NO_CERTIFICATE_AVAILABLE = "NoCertificateAvailable"
    CERT_CHAIN_ERROR = "CertChainError"
    CONTRACT_CANCELLED = "ContractCancelled"

    @property
    def response_code(self) -> str:
        """The ISO 15118-2 responseCodeType value a refusal for this reason carries."""
        return _RESPONSE_CODES[self]


_RESPONSE_CODES = {
    CertificateStatus.ACCEPTED: "OK",
    CertificateStatus.SIGNATURE_ERROR: "FAILED_SignatureError",
    CertificateStatus.CERTIFICATE_EXPIRED: "FAILED_CertificateExpired",
    CertificateStatus.CERTIFICATE_REVOKED: "FAILED_CertificateRevoked",
    CertificateStatus.NO_CERTIFICATE_AVAILABLE: "FAILED_NoCertificateAvailable",
    CertificateStatus.CERT_CHAIN_ERROR: "FAILED_CertChainError",
    CertificateStatus.CONTRACT_CANCELLED: "FAILED_ContractCanceled",
}


@dataclass(frozen=True, slots=True)
class CertificateHashData:
    """OCPP OCSPRequestDataType / CertificateHashDataType (RFC 6960 CertID, hex strings)."""

    hash_algorithm: str
    issuer_name_hash: str
    issuer_key_hash: str
    serial_number: str
    responder_url: str = ""


def _ocsp_url(cert: x509.Certificate) -> str:
    try:
        aia = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    except x509.ExtensionNotFound:
        return ""
    for desc in aia:
        if desc.access_method == AuthorityInformationAccessOID.OCSP:
            return str(desc.access_location.value)
    return ""


def _key_bits(cert: x509.Certificate) -> bytes:
    """The subjectPublicKey BIT STRING content: the uncompressed point of an EC key, the raw key of
    an EdDSA one (ISO 15118-20 Ed448 certificates, RFC 8410)."""
    public = cert.public_key()
    if isinstance(public, (ed448.Ed448PublicKey, ed25519.Ed25519PublicKey)):
        return public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return public.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def certificate_hash_data(chain: Sequence[x509.Certificate]) -> tuple[CertificateHashData, ...]:
    """The hash data of every certificate of ``chain`` (leaf first) whose issuer is in it: SHA-256
    over the issuer's DER name and over its public key's BIT STRING content (RFC 6960 4.1.1)."""
    out = []
    for cert, issuer in itertools.pairwise(chain):
        key = _key_bits(issuer)
        out.append(
            CertificateHashData(
                "SHA256",
                hashlib.sha256(issuer.subject.public_bytes()).hexdigest(),
                hashlib.sha256(key).hexdigest(),
                format(cert.serial_number, "x"),
                _ocsp_url(cert),
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class AuthorizeRequest:
    """OCPP ``AuthorizeRequest`` for a contract: eMAID and the chain's hash data."""

    emaid: str
    hash_data: tuple[CertificateHashData, ...]
    evse_id: str = ""


@dataclass(frozen=True, slots=True)
class AuthorizeResult:
    """OCPP ``AuthorizeResponse``: ``idTokenInfo.status`` and ``certificateStatus``."""

    status: IdTokenStatus
    certificate_status: CertificateStatus | None = None

    @property
    def accepted(self) -> bool:
        return self.status is IdTokenStatus.ACCEPTED and self.certificate_status in (
            None,
            CertificateStatus.ACCEPTED,
        )

    @property
    def response_code(self) -> str:
        """The ISO 15118-2 ResponseCode of a refusal (FAILED when the certificate is not the reason)."""
        if self.certificate_status not in (None, CertificateStatus.ACCEPTED):
            assert self.certificate_status is not None
            return self.certificate_status.response_code
        return "OK" if self.accepted else "FAILED"


class Backend(Protocol):
    """What the SECC asks of the operator's backend (see the module docstring). Every call returns
    at once; ``now`` is the SECC's monotonic clock."""

    def authorize(self, request: AuthorizeRequest, now: float) -> None:
        """Start ``Authorize`` for a contract (eMAID + iso15118CertificateHashData)."""

    def authorize_result(self, request: AuthorizeRequest, now: float) -> AuthorizeResult | None:
        """The answer to :meth:`authorize` for ``request``; None while the backend decides."""

    def certificate_status(self, hash_data: CertificateHashData, now: float) -> RevocationStatus:
        """``GetCertificateStatus``: the OCSP status the backend holds for one certificate
        (UNKNOWN when it has none); the contract check refuses REVOKED."""

    def meter_values(self, record: SignedMeterValue) -> None:
        """Signed meter values out (``TransactionEvent`` / ``MeterValues.signedMeterValue``)."""

    def get_15118_ev_certificate(self, request: CertificateRequest, now: float) -> None:
        """Start ``Get15118EVCertificate``: the car's signed CertificateInstallationReq /
        CertificateUpdateReq as EXI, forwarded as received."""

    def ev_certificate_result(self, request: CertificateRequest, now: float) -> CertificateResult | None:
        """Its answer (the response message as EXI), None while pending. The SECC waits at most
        ``SeccTimeouts.certificate`` (no Ongoing is allowed here), then answers FAILED."""


@dataclass(frozen=True, slots=True)
class SignedMeterValue:
    """OCPP 2.0.1 SignedMeterValueType, with the session it belongs to."""

    session_id: str
    signed_meter_data: str
    """The OCMF record (or the EV-signed MeteringReceiptReq, base64 EXI) as a string."""
    signing_method: str
    encoding_method: str
    public_key: str = ""


class LocalBackend:
    """A backend that decides alone: every contract is accepted unless its eMAID is not in
    ``allowed`` (when given), or its eMAID or a certificate serial number is revoked; the
    decision comes ``delay`` seconds after the request (Ongoing meanwhile). ``ocsp`` is the seam
    where OCSP data plugs in (e.g. responses the charger fetched with ``v2g pki ocsp``): it is asked
    for each certificate's status before the local lists."""

    def __init__(
        self,
        *,
        allowed: Sequence[str] | None = None,
        revoked_emaids: Sequence[str] = (),
        revoked_serials: Sequence[int] = (),
        delay: float = 0.0,
        ocsp: Callable[[CertificateHashData], RevocationStatus] | None = None,
        certificates: LocalCertificateService | None = None,
        certificate_delay: float = 0.0,
    ) -> None:
        self.allowed = None if allowed is None else {normalize_emaid(e) for e in allowed}
        self.revoked_emaids = {normalize_emaid(e) for e in revoked_emaids}
        self.revoked_serials = {format(s, "x") for s in revoked_serials}
        self.delay = delay
        self.ocsp = ocsp
        self.requests: list[AuthorizeRequest] = []
        """Every Authorize asked (tests count them: one per authorized session)."""
        self.sent: list[SignedMeterValue] = []
        self._started: dict[AuthorizeRequest, float] = {}
        self.certificates = certificates
        """Answers Get15118EVCertificate (None: every such request fails)."""
        self.certificate_delay = certificate_delay
        self.certificate_requests: list[CertificateRequest] = []
        self._cert_started: dict[CertificateRequest, float] = {}

    def authorize(self, request: AuthorizeRequest, now: float) -> None:
        self.requests.append(request)
        self._started[request] = now

    def authorize_result(self, request: AuthorizeRequest, now: float) -> AuthorizeResult | None:
        started = self._started.get(request)
        if started is None or now - started < self.delay:
            return None
        return self.decide(request, now)

    def decide(self, request: AuthorizeRequest, now: float) -> AuthorizeResult:
        emaid = normalize_emaid(request.emaid)
        for data in request.hash_data:
            if self.certificate_status(data, now) is RevocationStatus.REVOKED:
                return AuthorizeResult(IdTokenStatus.BLOCKED, CertificateStatus.CERTIFICATE_REVOKED)
        if emaid in self.revoked_emaids:
            return AuthorizeResult(IdTokenStatus.BLOCKED, CertificateStatus.CERTIFICATE_REVOKED)
        if self.allowed is not None and emaid not in self.allowed:
            return AuthorizeResult(IdTokenStatus.UNKNOWN)
        return AuthorizeResult(IdTokenStatus.ACCEPTED, CertificateStatus.ACCEPTED)

    def certificate_status(self, hash_data: CertificateHashData, now: float) -> RevocationStatus:
        if self.ocsp is not None:
            status = self.ocsp(hash_data)
            if status is not RevocationStatus.UNKNOWN:
                return status
        if hash_data.serial_number in self.revoked_serials:
            return RevocationStatus.REVOKED
        return RevocationStatus.UNKNOWN

    def meter_values(self, record: SignedMeterValue) -> None:
        self.sent.append(record)

    def get_15118_ev_certificate(self, request: CertificateRequest, now: float) -> None:
        self.certificate_requests.append(request)
        self._cert_started[request] = now

    def ev_certificate_result(self, request: CertificateRequest, now: float) -> CertificateResult | None:
        started = self._cert_started.get(request)
        if started is None or now - started < self.certificate_delay:
            return None
        if self.certificates is None:
            return CertificateResult("Failed", reason="no certificate service")
        return self.certificates.answer(request)


@dataclass(frozen=True)
class PlugAndCharge:
    """What an SECC needs for Plug & Charge, passed beside the controller
    (``EvseServices(..., pnc=PlugAndCharge(...))``): the backend, the MO root certificates the
    contract chains are checked against, and the receipt store (None: receipts are not asked for)."""

    backend: Backend
    mo_roots: tuple[x509.Certificate, ...] = ()
    receipts: ReceiptStore | None = None
    """With a store, the SECC asks the car for signed MeteringReceipts and keeps them."""
    receipt_interval: int = 10
    """Charging-loop messages between two receipts asked for."""
    meter: OcmfMeter | None = None
    """The meter's own signing (OCMF) of each receipt's interval, stored beside the car's."""
    tariff_key: PrivateKey | None = None
    """The key the backend provides to sign each SalesTariff of a Contract session with (the MO
    Sub-CA 2 key whose certificate is in the car's contract chain); None: tariffs unsigned."""
    price_schedules: Callable[[int, int], Any] | None = None
    """ISO 15118-20: the operator's price schedule of a ScheduleTuple, ``(ScheduleTupleID, time
    anchor) -> AbsolutePriceScheduleType | PriceLevelScheduleType`` (generated -20 classes, their
    ``Id`` left out) or None; with ``tariff_key`` the SECC signs each one (see
    ``v2g.secc.iso20.prices``)."""
    expires_soon_days: float = 14.0
    """ISO 15118-20: an authorized contract whose certificate expires within this many days is
    answered ``OK_CertificateExpiresSoon`` instead of ``OK`` (so the car can renew it); 0: never."""


def normalize_emaid(value: str) -> str:
    """eMAIDs compare without their optional separators and case (DE-V2G-... == DEV2G...)."""
    return value.replace("-", "").replace("*", "").upper()
