"""Create the V2G PKI: every chain of ISO 15118-2 / -20 with the profiles of :mod:`tls.profiles`.

``create_pki(config)`` returns a :class:`Pki` in memory; :func:`tls.store.write_pki` writes it in the
documented folder layout and :func:`tls.store.load_pki` reads it back. :func:`issue_certificate` is the
one place a certificate is built, public so that tests and tools can issue variants (expired, wrong
key usage, ...) from a :class:`CertSpec` derived from a role with :func:`dataclasses.replace`.

The Ed448 family's OEM provisioning certificate also carries an X448 key for the ECDH of the -20
CertificateInstallation: the EVCC uses "the private key associated with the 'Alternate Subject Public
Key' of the OEM provisioning certificate" when the ECDHCurve is X448 [V2G20-2534], a key pair used for
ECDH being marked keyAgreement [V2G20-822]. It is encoded as the X.509 (2019) extension
subjectAltPublicKeyInfo (:data:`ALT_PUBLIC_KEY_OID`, 2.5.29.72, non-critical), whose value is the DER
SubjectPublicKeyInfo of the X448 key; its private key is ``Pki.alt_keys[Role.OEM_PROV_LEAF]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import x448
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_der_public_key
from cryptography.x509.oid import NameOID

from tls.emaid import check_pcid, parse_emaid
from tls.keys import PrivateKey, PublicKey, generate_key, signature_hash
from tls.profiles import KeyAlgorithm, KeyUsageBit, Kind, Role, RoleSpec, algorithms, role_specs


@dataclass(frozen=True, slots=True)
class CertSpec:
    """Everything that goes into one certificate."""

    common_name: str
    domain_component: str | None
    organization: str | None
    country: str | None
    ca: bool
    path_length: int | None
    key_usage: frozenset[KeyUsageBit]
    not_before: dt.datetime
    not_after: dt.datetime
    eku: tuple[x509.ObjectIdentifier, ...] = ()
    basic_constraints_critical: bool = True
    include_basic_constraints: bool = True
    short_key_identifier: bool = False
    """RFC 5280 4.2.1.2 method (2): 0100 + the 60 low bits of SHA-1 = 8 bytes. Used for -20, whose
    contract key transport AAD carries the contract certificate's SKI as 16 hex characters
    ([V2G20-2492]); -2 uses method (1), the full 20-byte SHA-1."""
    alt_public_key: x448.X448PublicKey | None = None
    """The Alternate Subject Public Key (subjectAltPublicKeyInfo) [V2G20-2534]; None: no extension."""

ALT_PUBLIC_KEY_OID = x509.ObjectIdentifier("2.5.29.72")
"""subjectAltPublicKeyInfo (ITU-T X.509 (2019) 9.8.2): the value is a SubjectPublicKeyInfo."""


def alt_public_key(cert: x509.Certificate) -> x448.X448PublicKey | None:
    """The X448 Alternate Subject Public Key of ``cert`` (an Ed448-family OEM provisioning
    certificate), None if it has none; ``ValueError`` if the extension holds no X448 key."""
    try:
        ext = cert.extensions.get_extension_for_oid(ALT_PUBLIC_KEY_OID)
    except x509.ExtensionNotFound:
        return None
    value = ext.value
    raw = value.value if isinstance(value, x509.UnrecognizedExtension) else b""
    try:
        key = load_der_public_key(raw)
    except ValueError as exc:
        raise ValueError("subjectAltPublicKeyInfo is not a SubjectPublicKeyInfo") from exc
    if not isinstance(key, x448.X448PublicKey):
        raise ValueError(f"the Alternate Subject Public Key is {type(key).__name__}, not X448")
    return key


@dataclass(frozen=True, slots=True)
class PkiConfig:
    """What ``create_pki`` builds. ``now`` is the start of every validity period."""

    profile: str
    now: dt.datetime
    algorithm: KeyAlgorithm | None = None
    """None: the profile's default (secp256r1 for iso2, secp521r1 for iso20)."""
    emaid: str = "DEV2G123456789K"
    pcid: str = "WMIV2G1234567890AB"
    organization: str = "V2G Test PKI"
    country: str = "DE"
    validity_days: Mapping[Role, int] = field(default_factory=dict)
    """Per-role overrides of the creation validity."""
    secc_common_name: str | None = None


@dataclass(frozen=True, slots=True)
class Pki:
    """A created PKI: one certificate and key per role."""

    profile: str
    algorithm: KeyAlgorithm
    certs: Mapping[Role, x509.Certificate]
    keys: Mapping[Role, PrivateKey]
    alt_keys: Mapping[Role, x448.X448PrivateKey] = field(default_factory=dict)
    """Private keys of Alternate Subject Public Keys: the Ed448 OEM provisioning leaf's X448 key."""

    def chain(self, leaf: Role) -> list[x509.Certificate]:
        """``leaf`` and its Sub-CAs, leaf first, root excluded (what a message or TLS carries)."""
        specs = role_specs(self.profile)
        out = [self.certs[leaf]]
        issuer = specs[leaf].issuer
        while issuer is not None and specs[issuer].kind is not Kind.ROOT:
            out.append(self.certs[issuer])
            issuer = specs[issuer].issuer
        return out

    def root_of(self, role: Role) -> x509.Certificate:
        specs = role_specs(self.profile)
        current = role
        while specs[current].issuer is not None:
            parent = specs[current].issuer
            assert parent is not None
            current = parent
        return self.certs[current]


def _utc(now: dt.datetime) -> dt.datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(dt.timezone.utc).replace(microsecond=0)


def spec_for(role: RoleSpec, config: PkiConfig) -> CertSpec:
    """The creation spec of ``role`` under ``config``."""
    start = _utc(config.now)
    days = config.validity_days.get(role.role, role.days)
    cn = role.common_name
    if role.role is Role.CONTRACT_LEAF:
        cn = parse_emaid(config.emaid).normalized
    elif role.role is Role.OEM_PROV_LEAF:
        cn = check_pcid(config.pcid)
    elif role.role is Role.SECC_LEAF and config.secc_common_name is not None:
        cn = config.secc_common_name
    return CertSpec(
        common_name=cn,
        domain_component=role.domain_component,
        organization=config.organization,
        country=config.country,
        ca=role.is_ca,
        path_length=role.path_length,
        key_usage=role.key_usage,
        not_before=start,
        not_after=start + dt.timedelta(days=days),
        short_key_identifier=config.profile == "iso20",
    )


def _name(spec: CertSpec) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, spec.common_name)]
    if spec.organization:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, spec.organization))
    if spec.country:
        attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, spec.country))
    if spec.domain_component:
        attrs.append(x509.NameAttribute(NameOID.DOMAIN_COMPONENT, spec.domain_component))
    return x509.Name(attrs)


def _key_usage(bits: frozenset[KeyUsageBit]) -> x509.KeyUsage:
    flags = {b.value: b in bits for b in KeyUsageBit}
    return x509.KeyUsage(
        digital_signature=flags["digital_signature"],
        content_commitment=flags["content_commitment"],
        key_encipherment=flags["key_encipherment"],
        data_encipherment=False,
        key_agreement=flags["key_agreement"],
        key_cert_sign=flags["key_cert_sign"],
        crl_sign=flags["crl_sign"],
        encipher_only=False,
        decipher_only=False,
    )


def key_identifier(public: PublicKey, *, short: bool) -> x509.SubjectKeyIdentifier:
    """The subjectKeyIdentifier of ``public``: RFC 5280 method (1), or method (2) if ``short``."""
    full = x509.SubjectKeyIdentifier.from_public_key(public)  # SHA-1 of the subjectPublicKey bits
    if not short:
        return full
    low = full.digest[-8:]
    return x509.SubjectKeyIdentifier(bytes([0x40 | (low[0] & 0x0F)]) + low[1:])


def issue_certificate(
    spec: CertSpec,
    subject_key: PrivateKey,
    issuer_key: PrivateKey,
    issuer_cert: x509.Certificate | None,
    algorithm: KeyAlgorithm,
) -> x509.Certificate:
    """Build and sign one certificate. ``issuer_cert`` None means self-signed (a root).

    ``algorithm`` is the issuer key's algorithm: it fixes the signature hash (SHA-256 for secp256r1,
    SHA-512 for secp521r1, none for Ed448).
    """
    subject = _name(spec)
    issuer_name = subject if issuer_cert is None else issuer_cert.subject
    public = subject_key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(spec.not_before)
        .not_valid_after(spec.not_after)
        .add_extension(_key_usage(spec.key_usage), critical=True)
        .add_extension(key_identifier(public, short=spec.short_key_identifier), critical=False)
    )
    if spec.include_basic_constraints:
        builder = builder.add_extension(
            x509.BasicConstraints(ca=spec.ca, path_length=spec.path_length if spec.ca else None),
            critical=spec.basic_constraints_critical,
        )
    if issuer_cert is not None:
        ski = issuer_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
        )
    if spec.eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(list(spec.eku)), critical=False)
    if spec.alt_public_key is not None:
        spki = spec.alt_public_key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
        builder = builder.add_extension(
            x509.UnrecognizedExtension(ALT_PUBLIC_KEY_OID, spki), critical=False
        )
    return builder.sign(issuer_key, signature_hash(algorithm))


def create_pki(config: PkiConfig) -> Pki:
    """Create every chain of ``config.profile`` (see :mod:`tls.profiles` for the table)."""
    allowed = algorithms(config.profile)
    algorithm = config.algorithm or allowed[0]
    if algorithm not in allowed:
        raise ValueError(f"profile {config.profile} does not use {algorithm.value}")
    specs = role_specs(config.profile)
    certs: dict[Role, x509.Certificate] = {}
    keys: dict[Role, PrivateKey] = {}
    alt_keys: dict[Role, x448.X448PrivateKey] = {}
    for role, rspec in specs.items():  # the table lists every issuer before what it issues
        key = generate_key(algorithm)
        spec = spec_for(rspec, config)
        if role is Role.OEM_PROV_LEAF and algorithm is KeyAlgorithm.ED448:  # [V2G20-2534]
            alt_keys[role] = x448.X448PrivateKey.generate()
            spec = replace(spec, alt_public_key=alt_keys[role].public_key())
        if rspec.issuer is None:
            cert = issue_certificate(spec, key, key, None, algorithm)
        else:
            cert = issue_certificate(spec, key, keys[rspec.issuer], certs[rspec.issuer], algorithm)
        certs[role] = cert
        keys[role] = key
    return Pki(config.profile, algorithm, certs, keys, alt_keys)
