"""Build and verify V2G certificate chains under the ISO 15118 profiles.

``validate_chain(leaf, sub_cas, anchors, now=..., leaf_role=..., policy=...)`` builds the path from the
leaf through the Sub-CAs supplied (in any order, as a message's SubCertificates carries them) to one
of the trust anchors, then checks every certificate on it against the :mod:`tls.profiles` table. The
first broken rule raises a :class:`~tls.errors.CertificateRejected` subclass naming the rule and the
subject of the certificate. Signatures are verified by ``cryptography``
(``Certificate.verify_directly_issued_by``); nothing here computes cryptography by hand.

``now`` is an argument: this module never reads the clock. Revocation is a hook: a callable the
integrator supplies that answers for one (certificate, issuer) pair from a CRL or an OCSP response
its backend obtained.

Wrappers name the standard's checks: :func:`validate_secc_chain` (EVCC side: SECC chain vs V2G
roots), :func:`validate_contract_chain` (SECC side: contract chain vs MO roots, eMAID in the CN),
:func:`validate_oem_chain`, :func:`validate_cps_chain`, :func:`validate_vehicle_chain`.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, SignatureAlgorithmOID

from tls import errors
from tls.emaid import parse_emaid
from tls.errors import InvalidEmaid
from tls.keys import PublicKey, algorithm_of
from tls.pki import Pki
from tls.profiles import (
    MAX_DER_SIZE_ISO2,
    MAX_SUB_CAS,
    KeyAlgorithm,
    KeyUsageBit,
    Kind,
    Role,
    RoleSpec,
    algorithms,
    role_specs,
)


class RevocationStatus(enum.Enum):
    GOOD = "good"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


RevocationHook = Callable[[x509.Certificate, x509.Certificate], RevocationStatus]
"""``hook(certificate, issuer) -> status``; called for every certificate below the trust anchor."""


@dataclass(frozen=True, slots=True)
class ValidationPolicy:
    """How strictly to validate. ``profile`` is "iso2" or "iso20"."""

    profile: str
    algorithms: tuple[KeyAlgorithm, ...] | None = None
    """Accepted key algorithms; None: every algorithm of the profile."""
    max_sub_cas: int = MAX_SUB_CAS
    check_validity_period: bool = True
    check_subject: bool = True
    """Leaf DomainComponent (-2: SECC "CPO", contract "MO", OEM provisioning "OEM", CPS "CPS")."""
    max_der_size: int | None = None
    """None: 800 bytes for iso2 (certificateType maxLength), unlimited for iso20."""
    revocation: RevocationHook | None = None
    reject_unknown_revocation: bool = False
    require_emaid_check_character: bool = True


@dataclass(frozen=True, slots=True)
class ValidatedChain:
    """The verified path, leaf first, trust anchor last."""

    path: tuple[x509.Certificate, ...]

    @property
    def leaf(self) -> x509.Certificate:
        return self.path[0]

    @property
    def anchor(self) -> x509.Certificate:
        return self.path[-1]


def subject_of(cert: x509.Certificate) -> str:
    return cert.subject.rfc4514_string()


_EXPECTED_SIGNATURE = {
    KeyAlgorithm.SECP256R1: SignatureAlgorithmOID.ECDSA_WITH_SHA256,
    KeyAlgorithm.SECP521R1: SignatureAlgorithmOID.ECDSA_WITH_SHA512,
    KeyAlgorithm.ED448: SignatureAlgorithmOID.ED448,
}


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _build_path(
    leaf: x509.Certificate,
    sub_cas: Sequence[x509.Certificate],
    anchors: Sequence[x509.Certificate],
    max_sub_cas: int,
) -> list[x509.Certificate]:
    path = [leaf]
    current = leaf
    while True:
        named = [a for a in anchors if a.subject == current.issuer]
        trusted = [a for a in named if _issued_by(current, a)]
        if trusted:
            path.append(trusted[0])
            return path
        candidates = [c for c in sub_cas if c.subject == current.issuer and c not in path]
        if not candidates:
            why = (
                "signature does not verify with any trust anchor of that name"
                if named
                else "issuer is neither a trust anchor nor among the Sub-CAs supplied"
            )
            raise errors.UntrustedRoot(
                subject_of(current), f"{why} (issuer {current.issuer.rfc4514_string()})"
            )
        parent = next((c for c in candidates if _issued_by(current, c)), None)
        if parent is None:
            raise errors.SignatureRejected(
                subject_of(current), f"signature does not verify with the key of {subject_of(candidates[0])}"
            )
        path.append(parent)
        # [V2G2-009]-style depth limit: at most two Sub-CAs between leaf and root.
        if len(path) - 1 > max_sub_cas:
            raise errors.ChainDepthRejected(
                subject_of(parent), f"more than {max_sub_cas} Sub-CA certificates below the root"
            )
        current = parent


def _expected_roles(leaf_role: Role, profile: str) -> list[RoleSpec]:
    specs = role_specs(profile)
    out = [specs[leaf_role]]
    while out[-1].issuer is not None:
        issuer = out[-1].issuer
        assert issuer is not None
        out.append(specs[issuer])
    return out


def _check_time(cert: x509.Certificate, spec: RoleSpec, now: dt.datetime, policy: ValidationPolicy) -> None:
    subject = subject_of(cert)
    if cert.version is not x509.Version.v3:
        raise errors.SyntaxRejected(subject, "not an X.509 v3 certificate")
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    if now < start:
        raise errors.NotYetValid(subject, f"valid from {start.isoformat()}, now is {now.isoformat()}")
    if now > end:
        raise errors.Expired(subject, f"expired {end.isoformat()}, now is {now.isoformat()}")
    if policy.check_validity_period and end - start > dt.timedelta(days=spec.max_days):
        raise errors.ValidityPeriodRejected(
            subject, f"validity {(end - start).days} days exceeds {spec.max_days} for {spec.role.value}"
        )


def _check_algorithms(
    cert: x509.Certificate, issuer: x509.Certificate, accepted: tuple[KeyAlgorithm, ...]
) -> None:
    subject = subject_of(cert)
    key = cert.public_key()
    alg = algorithm_of(key) if isinstance(key, PublicKey) else None
    if alg is None or alg not in accepted:
        name = getattr(getattr(key, "curve", None), "name", type(key).__name__)
        raise errors.CurveRejected(
            subject, f"public key {name} is not one of {', '.join(a.value for a in accepted)}"
        )
    issuer_key = issuer.public_key()
    issuer_alg = algorithm_of(issuer_key) if isinstance(issuer_key, PublicKey) else None
    expected = _EXPECTED_SIGNATURE.get(issuer_alg) if issuer_alg is not None else None
    if cert.signature_algorithm_oid != expected:
        raise errors.HashRejected(
            subject,
            f"signature algorithm {cert.signature_algorithm_oid.dotted_string} is not "
            f"{expected.dotted_string if expected else '?'} required for a "
            f"{issuer_alg.value if issuer_alg else 'unknown'} issuer key",
        )


def _extension(
    cert: x509.Certificate, cls: type[x509.ExtensionType]
) -> x509.Extension[x509.ExtensionType] | None:
    try:
        return cert.extensions.get_extension_for_class(cls)
    except x509.ExtensionNotFound:
        return None


def _check_constraints(cert: x509.Certificate, spec: RoleSpec, cas_below: int) -> None:
    subject = subject_of(cert)
    ext = _extension(cert, x509.BasicConstraints)
    if ext is None or not ext.critical:
        raise errors.BasicConstraintsRejected(subject, "basicConstraints missing or not critical")
    bc = ext.value
    assert isinstance(bc, x509.BasicConstraints)
    if bc.ca is not spec.is_ca:
        raise errors.BasicConstraintsRejected(
            subject, f"cA={bc.ca} but a {spec.kind.value} certificate needs cA={spec.is_ca}"
        )
    if spec.is_ca and bc.path_length is not None and cas_below > bc.path_length:
        raise errors.PathLengthRejected(
            subject, f"pathLenConstraint {bc.path_length} but {cas_below} Sub-CA(s) below it"
        )


def _check_key_usage(cert: x509.Certificate, spec: RoleSpec) -> None:
    subject = subject_of(cert)
    ext = _extension(cert, x509.KeyUsage)
    if ext is None or not ext.critical:
        raise errors.KeyUsageRejected(subject, "keyUsage missing or not critical")
    ku = ext.value
    assert isinstance(ku, x509.KeyUsage)
    for bit in spec.required_key_usage:
        if not getattr(ku, bit.value):
            raise errors.KeyUsageRejected(subject, f"{bit.value} not set (required for {spec.role.value})")
    if not spec.is_ca and ku.key_cert_sign:
        raise errors.KeyUsageRejected(subject, "a leaf certificate must not have keyCertSign")
    if spec.is_ca and not ku.key_cert_sign:
        raise errors.KeyUsageRejected(subject, f"{KeyUsageBit.KEY_CERT_SIGN.value} not set on a CA")


def _check_eku(cert: x509.Certificate, spec: RoleSpec) -> None:
    ext = _extension(cert, x509.ExtendedKeyUsage)
    if ext is None or spec.eku is None:
        return
    eku = ext.value
    assert isinstance(eku, x509.ExtendedKeyUsage)
    purposes = list(eku)
    if spec.eku not in purposes and ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE not in purposes:
        raise errors.ExtendedKeyUsageRejected(
            subject_of(cert), f"extendedKeyUsage lacks {spec.eku.dotted_string} needed for {spec.role.value}"
        )


def _check_subject(cert: x509.Certificate, spec: RoleSpec, policy: ValidationPolicy) -> None:
    subject = subject_of(cert)
    cns = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if len(cns) != 1:
        raise errors.SubjectRejected(subject, "exactly one CommonName required")
    if (
        policy.check_subject
        and policy.profile == "iso2"
        and spec.kind is Kind.LEAF
        and spec.domain_component is not None
    ):
        dcs = [str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.DOMAIN_COMPONENT)]
        if dcs != [spec.domain_component]:
            raise errors.SubjectRejected(
                subject, f"DomainComponent {dcs} but {spec.role.value} needs [{spec.domain_component!r}]"
            )
    if spec.role is Role.CONTRACT_LEAF:
        try:
            parse_emaid(str(cns[0].value), require_check=policy.require_emaid_check_character)
        except InvalidEmaid as exc:
            raise errors.EmaidRejected(subject, exc.detail) from exc


def _check_size(cert: x509.Certificate, policy: ValidationPolicy) -> None:
    limit = policy.max_der_size
    if limit is None and policy.profile == "iso2":
        limit = MAX_DER_SIZE_ISO2
    if limit is not None:
        size = len(cert.public_bytes(Encoding.DER))
        if size > limit:
            raise errors.SizeRejected(subject_of(cert), f"DER is {size} bytes, the message allows {limit}")


def validate_chain(
    leaf: x509.Certificate,
    sub_cas: Sequence[x509.Certificate],
    anchors: Sequence[x509.Certificate],
    *,
    now: dt.datetime,
    leaf_role: Role,
    policy: ValidationPolicy,
) -> ValidatedChain:
    """Build the path leaf -> Sub-CAs -> anchor and check every rule; raise on the first violation."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    accepted = policy.algorithms or algorithms(policy.profile)
    path = _build_path(leaf, sub_cas, anchors, policy.max_sub_cas)
    expected = _expected_roles(leaf_role, policy.profile)
    for index, cert in enumerate(path):
        is_anchor = index == len(path) - 1
        spec = expected[-1] if is_anchor else expected[min(index, len(expected) - 2)]
        issuer = cert if is_anchor else path[index + 1]
        _check_time(cert, spec, now, policy)
        _check_algorithms(cert, issuer, accepted)
        _check_constraints(cert, spec, max(index - 1, 0))
        _check_key_usage(cert, spec)
        _check_eku(cert, spec)
        _check_subject(cert, spec, policy)
        _check_size(cert, policy)
    if policy.revocation is not None:
        for cert, issuer in itertools.pairwise(path):
            status = policy.revocation(cert, issuer)
            if status is RevocationStatus.REVOKED:
                raise errors.Revoked(subject_of(cert), "revoked according to the revocation hook")
            if status is RevocationStatus.UNKNOWN and policy.reject_unknown_revocation:
                raise errors.RevocationUnknown(subject_of(cert), "revocation status unknown")
    return ValidatedChain(tuple(path))


def validate_secc_chain(
    leaf: x509.Certificate,
    sub_cas: Sequence[x509.Certificate],
    v2g_roots: Sequence[x509.Certificate],
    *,
    now: dt.datetime,
    policy: ValidationPolicy,
) -> ValidatedChain:
    """The EVCC's check of the SECC certificate chain against its V2G roots."""
    return validate_chain(leaf, sub_cas, v2g_roots, now=now, leaf_role=Role.SECC_LEAF, policy=policy)


def validate_contract_chain(
    leaf: x509.Certificate,
    sub_cas: Sequence[x509.Certificate],
    mo_roots: Sequence[x509.Certificate],
    *,
    now: dt.datetime,
    policy: ValidationPolicy,
) -> ValidatedChain:
    """The SECC's check of a contract certificate chain against the MO roots (CN must be an eMAID)."""
    return validate_chain(leaf, sub_cas, mo_roots, now=now, leaf_role=Role.CONTRACT_LEAF, policy=policy)


def validate_oem_chain(
    leaf: x509.Certificate,
    sub_cas: Sequence[x509.Certificate],
    oem_roots: Sequence[x509.Certificate],
    *,
    now: dt.datetime,
    policy: ValidationPolicy,
) -> ValidatedChain:
    """An OEM provisioning certificate chain against the OEM roots."""
    return validate_chain(leaf, sub_cas, oem_roots, now=now, leaf_role=Role.OEM_PROV_LEAF, policy=policy)


def validate_cps_chain(
    leaf: x509.Certificate,
    sub_cas: Sequence[x509.Certificate],
    v2g_roots: Sequence[x509.Certificate],
    *,
    now: dt.datetime,
    policy: ValidationPolicy,
) -> ValidatedChain:
    """The provisioning-service chain that signs certificate installation responses, vs V2G roots."""
    return validate_chain(leaf, sub_cas, v2g_roots, now=now, leaf_role=Role.CPS_LEAF, policy=policy)


def validate_vehicle_chain(
    leaf: x509.Certificate,
    sub_cas: Sequence[x509.Certificate],
    oem_roots: Sequence[x509.Certificate],
    *,
    now: dt.datetime,
    policy: ValidationPolicy,
) -> ValidatedChain:
    """The -20 vehicle TLS client certificate chain against the OEM roots."""
    return validate_chain(leaf, sub_cas, oem_roots, now=now, leaf_role=Role.VEHICLE_LEAF, policy=policy)


def validate_pki(
    pki: Pki, *, now: dt.datetime, policy: ValidationPolicy | None = None
) -> dict[Role, ValidatedChain]:
    """Validate the chain of every leaf of a created or loaded PKI against its own root."""
    policy = policy or ValidationPolicy(pki.profile)
    specs = role_specs(pki.profile)
    out = {}
    for role, spec in specs.items():
        if spec.kind is Kind.LEAF and role in pki.certs:
            chain = pki.chain(role)
            out[role] = validate_chain(
                chain[0], chain[1:], [pki.root_of(role)], now=now, leaf_role=role, policy=policy
            )
    return out
