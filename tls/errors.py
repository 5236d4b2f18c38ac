"""Typed errors of the ``tls`` package.

Every certificate rejection is a :class:`CertificateRejected` subclass that names the rule it enforces
(:class:`Rule`) and the subject of the certificate that broke it, so that the session layer can map it
to the ResponseCode the standard prescribes (e.g. ``FAILED_CertChainError``,
``FAILED_CertificateExpired``, ``FAILED_CertificateRevoked``) without parsing messages.
"""

from __future__ import annotations

import enum


class TlsPackageError(Exception):
    """Base of every error raised by the ``tls`` package."""


class PkiStoreError(TlsPackageError):
    """A PKI folder is missing, incomplete or not in the documented layout."""


class Rule(enum.Enum):
    """The validation rules; the value is the short name used in messages and logs."""

    SYNTAX = "syntax"
    """The certificate cannot be parsed, or is not X.509 v3."""
    SIGNATURE = "signature"
    """The signature does not verify with the issuer's key, or the issuer name does not match."""
    NOT_YET_VALID = "not-yet-valid"
    EXPIRED = "expired"
    VALIDITY_PERIOD = "validity-period"
    """The validity period is longer than the profile allows for this role."""
    BASIC_CONSTRAINTS = "basic-constraints"
    """A CA lacks cA=TRUE, a leaf has cA=TRUE, or the extension is missing / not critical."""
    PATH_LENGTH = "path-length"
    """A CA's pathLenConstraint is exceeded by the certificates below it."""
    CHAIN_DEPTH = "chain-depth"
    """More Sub-CAs than the standard allows between leaf and root."""
    KEY_USAGE = "key-usage"
    EXTENDED_KEY_USAGE = "extended-key-usage"
    CURVE = "curve"
    """The public key is not of the algorithm / named curve the profile prescribes."""
    HASH = "hash"
    """The signature algorithm is not the one the profile prescribes."""
    SUBJECT = "subject"
    """A subject field (DomainComponent, CommonName) required by the profile is missing or wrong."""
    SIZE = "size"
    """The DER encoding is larger than the message schema allows."""
    UNTRUSTED_ROOT = "untrusted-root"
    """The chain does not end at one of the trust anchors supplied."""
    EMAID = "emaid"
    """The contract certificate's CommonName is not a valid eMAID (syntax or check character)."""
    REVOKED = "revoked"
    REVOCATION_UNKNOWN = "revocation-unknown"


class CertificateRejected(TlsPackageError):
    """A certificate or chain broke a rule. ``rule`` and ``subject`` say which and where."""

    rule: Rule = Rule.SYNTAX

    def __init__(self, subject: str, detail: str) -> None:
        super().__init__(f"[{self.rule.value}] {subject}: {detail}")
        self.subject = subject
        self.detail = detail


class SyntaxRejected(CertificateRejected):
    rule = Rule.SYNTAX


class SignatureRejected(CertificateRejected):
    rule = Rule.SIGNATURE


class NotYetValid(CertificateRejected):
    rule = Rule.NOT_YET_VALID


class Expired(CertificateRejected):
    rule = Rule.EXPIRED


class ValidityPeriodRejected(CertificateRejected):
    rule = Rule.VALIDITY_PERIOD


class BasicConstraintsRejected(CertificateRejected):
    rule = Rule.BASIC_CONSTRAINTS


class PathLengthRejected(CertificateRejected):
    rule = Rule.PATH_LENGTH


class ChainDepthRejected(CertificateRejected):
    rule = Rule.CHAIN_DEPTH


class KeyUsageRejected(CertificateRejected):
    rule = Rule.KEY_USAGE


class ExtendedKeyUsageRejected(CertificateRejected):
    rule = Rule.EXTENDED_KEY_USAGE


class CurveRejected(CertificateRejected):
    rule = Rule.CURVE


class HashRejected(CertificateRejected):
    rule = Rule.HASH


class SubjectRejected(CertificateRejected):
    rule = Rule.SUBJECT


class SizeRejected(CertificateRejected):
    rule = Rule.SIZE


class UntrustedRoot(CertificateRejected):
    rule = Rule.UNTRUSTED_ROOT


class EmaidRejected(CertificateRejected):
    rule = Rule.EMAID


class Revoked(CertificateRejected):
    rule = Rule.REVOKED


class RevocationUnknown(CertificateRejected):
    rule = Rule.REVOCATION_UNKNOWN


class InvalidEmaid(TlsPackageError):
    """A string is not a syntactically valid eMAID or its check character is wrong."""

    def __init__(self, value: str, detail: str) -> None:
        super().__init__(f"invalid eMAID {value!r}: {detail}")
        self.value = value
        self.detail = detail


class KeyTransportError(TlsPackageError):
    """The encrypted contract private key cannot be decrypted or does not match its certificate."""


class KeyTransportFormatError(KeyTransportError):
    """A key transport field has the wrong length, or DHPublicKey is no point of the curve."""


class KeyTransportTagError(KeyTransportError):
    """The AES-GCM authentication tag does not verify: wrong key, AAD or tampered data [V2G20-2504]."""


class ContractKeyMismatch(KeyTransportError):
    """The decrypted value is no valid private key of the curve (out of range, wrong leading bits) or
    does not give the contract certificate's public key [V2G20-2507], [V2G20-2510]."""


class SignatureFormatError(TlsPackageError):
    """A raw signature has the wrong length or a key of the wrong type was supplied."""


class ContextError(TlsPackageError):
    """A TLS context cannot be built as the profile requires, or a connection broke the profile."""
