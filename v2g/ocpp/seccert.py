"""The charger's own SECC certificate through the CSMS: a CSR for a new key (SignCertificate,
certificateType ``V2GCertificate``), the CSMS's CertificateSigned checked and installed.

:class:`SeccCertificate` does no network I/O: :meth:`SeccCertificate.new_csr` makes a key (kept in
memory until a chain for it arrives) and the PEM CSR with the SECC profile's subject (CN, O, C,
DC=CPO, :mod:`tls.profiles`); :meth:`SeccCertificate.install` takes the PEM chain of a
CertificateSigned, checks that its leaf holds the CSR's key and that it is a valid SECC chain under
the V2G roots (:func:`tls.validate.validate_secc_chain`), writes the chain and the key (mode 0600) to
the paths it was given, and calls ``on_installed(chain, key)`` so the SECC's TLS serves the new chain
on new connections (the CLI rebuilds its TLS context there). A chain that fails any of this is
refused (CertificateSigned answered ``Rejected``) and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448
from cryptography.x509.oid import NameOID

from tls.errors import CertificateRejected
from tls.keys import PrivateKey, algorithm_of, generate_key, signature_hash
from tls.pki import Pki, key_identifier
from tls.profiles import KeyAlgorithm, Role, algorithms, role_specs
from tls.validate import ValidationPolicy, validate_secc_chain

__all__ = [
    "CERTIFICATE_TYPE",
    "SeccCertificate",
    "SeccCertificateConfig",
    "SeccCertificateRejected",
    "issue_secc_chain",
]

CERTIFICATE_TYPE = "V2GCertificate"
"""OCPP 2.0.1 CertificateSigningUseEnumType for the charger's ISO 15118 (SECC) certificate."""


class SeccCertificateRejected(ValueError):
    """A CertificateSigned chain the charger refuses (answered ``Rejected``); ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SeccCertificateConfig:
    chain_path: Path
    """Where the installed chain goes (PEM: leaf, CPO Sub-CA 2, CPO Sub-CA 1)."""
    key_path: Path
    """Where its private key goes (PKCS#8 PEM, unencrypted, mode 0600)."""
    v2g_roots: tuple[x509.Certificate, ...]
    """The V2G roots the chain must end in."""
    profile: str = "iso2"
    common_name: str = "SECC"
    """The CSR's CommonName (the charger's identity, e.g. its EVSE ID)."""
    organization: str | None = None
    country: str | None = None
    algorithm: KeyAlgorithm | None = None
    """The new key's algorithm (None: the profile's first, secp256r1 for -2)."""
    policy: ValidationPolicy | None = None
    """None: ``ValidationPolicy(profile)``."""


@dataclass
class SeccCertificate:
    """One charger's SECC certificate renewal (see the module docstring)."""

    config: SeccCertificateConfig
    on_installed: Callable[[Path, Path], None] | None = None
    """Called with (chain path, key path) after a chain is installed."""
    installed: x509.Certificate | None = None
    """The leaf of the last chain installed."""
    rejected: list[str] = field(default_factory=list)
    """Why chains were refused, latest last."""
    _pending: PrivateKey | None = None

    def new_csr(self) -> str:
        """A new key (kept until its chain arrives, replacing an earlier pending one) and its PEM
        CSR, subject as the SECC profile has it (DC=CPO). The key never leaves the charger
        (OCPP 2.0.1 A02.FR.05): only the file ``key_path`` gets it, mode 0600."""
        cfg = self.config
        algorithm = cfg.algorithm or algorithms(cfg.profile)[0]
        key = generate_key(algorithm)
        attrs = [x509.NameAttribute(NameOID.COMMON_NAME, cfg.common_name)]
        if cfg.organization:
            attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, cfg.organization))
        if cfg.country:
            attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, cfg.country))
        dc = role_specs(cfg.profile)[Role.SECC_LEAF].domain_component
        if dc:
            attrs.append(x509.NameAttribute(NameOID.DOMAIN_COMPONENT, dc))
        csr = (
            x509.CertificateSigningRequestBuilder()
            .subject_name(x509.Name(attrs))
            .sign(key, signature_hash(algorithm))
        )
        self._pending = key
        return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")

    def install(self, chain_pem: str, now: dt.datetime) -> x509.Certificate:
        """Check ``chain_pem`` (leaf first) and install it with the pending key; its leaf.
        Raises :class:`SeccCertificateRejected` (nothing written) when it is not for that key or
        not a valid SECC chain."""
        try:
            leaf = self._check(chain_pem, now)
        except SeccCertificateRejected as e:
            self.rejected.append(e.reason)
            raise
        key = self._pending
        assert key is not None  # _check refuses a chain without a pending key
        cfg = self.config
        pem = chain_pem if chain_pem.endswith("\n") else chain_pem + "\n"
        _write(cfg.chain_path, pem.encode("ascii"), 0o644)
        key_pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        _write(cfg.key_path, key_pem, 0o600)
        self._pending = None
        self.installed = leaf
        if self.on_installed is not None:
            self.on_installed(cfg.chain_path, cfg.key_path)
        return leaf

    def _check(self, chain_pem: str, now: dt.datetime) -> x509.Certificate:
        if self._pending is None:
            raise SeccCertificateRejected("no CSR is waiting for a certificate")
        try:
            certs = x509.load_pem_x509_certificates(chain_pem.encode("ascii"))
        except (ValueError, UnicodeEncodeError) as e:
            raise SeccCertificateRejected(f"certificateChain is not PEM: {e}") from None
        leaf, subs = certs[0], certs[1:]
        mine = self._pending.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        theirs = leaf.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        if mine != theirs:
            raise SeccCertificateRejected("the leaf does not hold the CSR's key")
        cfg = self.config
        policy = cfg.policy or ValidationPolicy(cfg.profile)
        # OCPP 2.0.1 A02.FR.06 / A03.FR.06: validity period, the certificate profile, the CPO hierarchy
        try:
            validate_secc_chain(leaf, subs, list(cfg.v2g_roots), now=now, policy=policy)
        except CertificateRejected as e:
            raise SeccCertificateRejected(f"not a valid SECC chain: {e}") from None
        return leaf

    def certificate_signed(self, chain_pem: object, now: dt.datetime) -> str:
        """The CertificateSigned status for ``chain_pem``: ``Accepted`` once installed, else
        ``Rejected``."""
        if not isinstance(chain_pem, str):
            self.rejected.append("certificateChain is not a string")
            return "Rejected"
        try:
            self.install(chain_pem, now)
        except SeccCertificateRejected:
            return "Rejected"
        return "Accepted"


def _write(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to ``path`` with ``mode`` from the start (a temporary file renamed over it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def issue_secc_chain(
    csr_pem: str, pki: Pki, now: dt.datetime, *, issuer: Role = Role.CPO_SUB_CA2,
    subject: x509.Name | None = None,
) -> str:
    """The CSMS's side (the test CSMS): an SECC leaf for the CSR's key and subject, issued by
    ``issuer`` of ``pki`` (CPO Sub-CA 2) with the SECC profile's key usage and validity; the PEM
    chain leaf first, as CertificateSigned carries it (``subject``: another than the CSR's). Raises
    ValueError for a CSR that is not PEM, not self-signed correctly or whose key the profile does
    not use."""
    csr = x509.load_pem_x509_csr(csr_pem.encode("ascii"))
    if not csr.is_signature_valid:
        raise ValueError("the CSR's signature is wrong")
    public = csr.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey | ed448.Ed448PublicKey):
        raise ValueError("the CSR's key is neither EC nor Ed448")
    if algorithm_of(public) not in algorithms(pki.profile):
        raise ValueError(f"the CSR's key is not of profile {pki.profile}")
    spec = role_specs(pki.profile)[Role.SECC_LEAF]
    issuer_cert, issuer_key = pki.certs[issuer], pki.keys[issuer]
    bits = {b.value for b in spec.key_usage}
    usage = x509.KeyUsage(
        digital_signature="digital_signature" in bits,
        content_commitment="content_commitment" in bits,
        key_encipherment="key_encipherment" in bits,
        data_encipherment=False,
        key_agreement="key_agreement" in bits,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    ski = issuer_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    start = now.astimezone(dt.timezone.utc).replace(microsecond=0)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject or csr.subject)
        .issuer_name(issuer_cert.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=spec.days))
        .add_extension(usage, critical=True)
        .add_extension(key_identifier(public, short=pki.profile == "iso20"), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
    )
    if spec.eku is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage([spec.eku]), critical=False)
    leaf = builder.sign(issuer_key, signature_hash(pki.algorithm))
    chain = [leaf, *pki.chain(issuer)]
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in chain)
