"""OCSP for V2G: make responses (the local PKI's OCSP signer, ``v2g pki ocsp``), keep them in a cache
the SECC staples from ([V2G2-871], [V2G20-2388]), and check a stapled response on the EVCC
([V2G2-873]). Plug & Charge reuses :func:`check_response` for contract certificates.

The cache is fed by whoever has responses: the backend interface (``OcspCache.put``) or a local
responder (:class:`LocalResponder`, which signs with the PKI's OCSP signer). ``now`` is an argument
everywhere; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed448
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp

from tls.keys import PrivateKey, algorithm_of, generate_key
from tls.pki import CertSpec, issue_certificate
from tls.profiles import KeyUsageBit, Role
from tls.store import load_ocsp_signer, load_pki, write_ocsp_signer

GOOD = "good"
REVOKED = "revoked"
UNKNOWN = "unknown"
INVALID = "invalid"


def _hash_for(key: PrivateKey) -> hashes.HashAlgorithm | None:
    if isinstance(key, ed448.Ed448PrivateKey):
        return None
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return hashes.SHA512() if key.curve.key_size > 384 else hashes.SHA256()


def make_response(
    cert: x509.Certificate,
    issuer: x509.Certificate,
    signer: x509.Certificate,
    signer_key: PrivateKey,
    *,
    now: dt.datetime,
    status: str = GOOD,
    valid_for: dt.timedelta = dt.timedelta(days=7),
    revoked_at: dt.datetime | None = None,
) -> bytes:
    """A DER OCSP response for ``cert`` (issued by ``issuer``), signed by ``signer`` (the issuer itself
    or a delegated OCSP signer it issued)."""
    cert_status = {GOOD: ocsp.OCSPCertStatus.GOOD, REVOKED: ocsp.OCSPCertStatus.REVOKED,
                   UNKNOWN: ocsp.OCSPCertStatus.UNKNOWN}[status]
    builder = ocsp.OCSPResponseBuilder().add_response(
        cert=cert, issuer=issuer, algorithm=hashes.SHA1(), cert_status=cert_status,
        this_update=now, next_update=now + valid_for,
        revocation_time=(revoked_at or now) if status == REVOKED else None,
        revocation_reason=x509.ReasonFlags.key_compromise if status == REVOKED else None,
    ).responder_id(ocsp.OCSPResponderEncoding.HASH, signer)
    if signer != issuer:
        builder = builder.certificates([signer])
    response = builder.sign(signer_key, _hash_for(signer_key))
    return response.public_bytes(Encoding.DER)


def _signed_by(response: ocsp.OCSPResponse, issuer: x509.Certificate) -> bool:
    """The response is signed by the issuer, or by a signer the issuer certified for OCSP."""
    candidates = [issuer, *response.certificates]
    for signer in candidates:
        if signer != issuer:
            try:
                signer.verify_directly_issued_by(issuer)
                eku = signer.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
            except (ValueError, TypeError, InvalidSignature, x509.ExtensionNotFound):
                continue
            if x509.oid.ExtendedKeyUsageOID.OCSP_SIGNING not in eku:
                continue
        key = signer.public_key()
        try:
            if isinstance(key, ec.EllipticCurvePublicKey):
                assert response.signature_hash_algorithm is not None
                key.verify(response.signature, response.tbs_response_bytes,
                           ec.ECDSA(response.signature_hash_algorithm))
            elif isinstance(key, ed448.Ed448PublicKey):
                key.verify(response.signature, response.tbs_response_bytes)
            else:
                continue
        except InvalidSignature:
            continue
        return True
    return False


def check_response(der: bytes, cert: x509.Certificate, issuer: x509.Certificate, *, now: dt.datetime) -> str:
    """The status an OCSP response gives ``cert``: GOOD, REVOKED, UNKNOWN, or INVALID (unparsable,
    not signed by the issuer or its OCSP signer, about another certificate, or out of date)."""
    try:
        response = ocsp.load_der_ocsp_response(der)
    except ValueError:
        return INVALID
    if response.response_status is not ocsp.OCSPResponseStatus.SUCCESSFUL or not _signed_by(response, issuer):
        return INVALID
    if response.serial_number != cert.serial_number:
        return INVALID
    stale = response.next_update_utc is not None and response.next_update_utc < now
    if response.this_update_utc > now or stale:
        return INVALID
    return {ocsp.OCSPCertStatus.GOOD: GOOD, ocsp.OCSPCertStatus.REVOKED: REVOKED}.get(
        response.certificate_status, UNKNOWN)


@dataclass(slots=True)
class OcspCache:
    """Responses by certificate serial, as the SECC staples them. ``fetch(cert)``, when given, is asked
    for a response the cache does not hold (a local responder, or the backend's)."""

    fetch: Callable[[x509.Certificate], bytes | None] | None = None
    _by_serial: dict[int, bytes] = field(default_factory=dict)

    def put(self, cert: x509.Certificate, response: bytes) -> None:
        self._by_serial[cert.serial_number] = response

    def response_for(self, leaf: x509.Certificate) -> bytes | None:
        found = self._by_serial.get(leaf.serial_number)
        if found is None and self.fetch is not None:
            found = self.fetch(leaf)
            if found is not None:
                self._by_serial[leaf.serial_number] = found
        return found


# ------------------------------------------------------------------------------ the PKI's OCSP signer

SIGNER_NAME = "OCSP_SIGNER"
"""Files of the signer beside the CPO Sub-CA 2 that issued it: ``v2g/OCSP_SIGNER.pem`` and
``v2g/private/OCSP_SIGNER.key.pem`` in a folder written by :func:`tls.store.write_pki`."""


@dataclass(frozen=True, slots=True)
class Signer:
    """An OCSP signer: a certificate with the OCSPSigning EKU issued by ``issuer`` (the CA whose
    certificates it answers for), and its key."""

    cert: x509.Certificate
    key: PrivateKey
    issuer: x509.Certificate


def issue_signer(issuer: x509.Certificate, issuer_key: PrivateKey, *, now: dt.datetime,
                 days: int = 365) -> Signer:
    """A delegated OCSP signer for the certificates ``issuer`` issues (RFC 6960 4.2.2.2)."""
    algorithm = algorithm_of(issuer_key)
    assert algorithm is not None
    org = issuer.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)
    spec = CertSpec("OCSPSigner", None, str(org[0].value) if org else None, None, False, None,
                    frozenset({KeyUsageBit.DIGITAL_SIGNATURE}), now, now + dt.timedelta(days=days),
                    eku=(x509.oid.ExtendedKeyUsageOID.OCSP_SIGNING,))
    key = generate_key(algorithm)
    return Signer(issue_certificate(spec, key, issuer_key, issuer, algorithm), key, issuer)


def respond(signer: Signer, cert: x509.Certificate, *, now: dt.datetime, status: str = GOOD,
            valid_for: dt.timedelta = dt.timedelta(days=7)) -> bytes:
    """``signer``'s DER response for ``cert``."""
    return make_response(cert, signer.issuer, signer.cert, signer.key, now=now, status=status,
                         valid_for=valid_for)


@dataclass(slots=True)
class LocalResponder:
    """A local OCSP responder: answers for the certificates its signer's issuer issued, from a set of
    revoked serials; ``clock()`` gives the time of each answer (the caller's, never read here)."""

    signer: Signer
    clock: Callable[[], dt.datetime]
    revoked: set[int] = field(default_factory=set)

    def __call__(self, cert: x509.Certificate) -> bytes | None:
        if cert.issuer != self.signer.issuer.subject:
            return None
        status = REVOKED if cert.serial_number in self.revoked else GOOD
        return respond(self.signer, cert, now=self.clock(), status=status)


def local_cache(directory: Path, profile: str, clock: Callable[[], dt.datetime],
                password: bytes | None = None) -> OcspCache:
    """A cache answered by a local responder for the SECC leaves of the PKI folder ``directory``
    (its OCSP signer, made and written there if it has none): what the demo staples."""
    pki = load_pki(directory, password)
    issuer, issuer_key = pki.certs[Role.CPO_SUB_CA2], pki.keys[Role.CPO_SUB_CA2]
    found = load_ocsp_signer(directory, profile, password)
    if found is None:
        made = issue_signer(issuer, issuer_key, now=clock())
        write_ocsp_signer(directory, profile, made.cert, made.key, password)
        found = (made.cert, made.key)
    return OcspCache(LocalResponder(Signer(found[0], found[1], issuer), clock))
