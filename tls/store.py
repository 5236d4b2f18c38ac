"""The PKI folder layout: write a :class:`~tls.pki.Pki` and load it back.

Layout (``ROLE`` is the :class:`~tls.profiles.Role` value, e.g. ``SECC_LEAF``)::

    DIR/
      pki.json                 {"layout": 1, "profile": "iso2", "algorithm": "secp256r1",
                                "encrypted_keys": false, "roles": [...]}
      <group>/ROLE.pem         every certificate, PEM
      <group>/ROLE.der         the same certificate, DER (what the V2G messages carry)
      <group>/LEAF_CHAIN.pem   for each leaf: leaf, Sub-CA 2, Sub-CA 1 (the TLS / message chain)
      <group>/private/ROLE.key.pem   PKCS#8 PEM private key, encrypted if a password was given
      oem/private/OEM_PROV_LEAF.alt-x448.key.pem   Ed448 family only: the X448 private key of the OEM
                               provisioning certificate's Alternate Subject Public Key (the ECDH key
                               of CertificateInstallation [V2G20-2534]); listed under "alt_keys"
      roots/V2G_ROOT_CA.pem, roots/MO_ROOT_CA.pem, roots/OEM_ROOT_CA.pem   the trust anchors

with ``<group>`` one of ``v2g`` (V2G root, CPO Sub-CAs, SECC leaf), ``cps`` (provisioning-service
Sub-CAs and leaf, under the V2G root), ``mo`` (MO root, Sub-CAs, contract leaf) and ``oem`` (OEM root,
Sub-CAs, provisioning leaf and, for -20, the vehicle TLS client leaf).

This module reads and writes files; paths and passwords are arguments, nothing comes from the
environment.
"""

from __future__ import annotations

import json
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import x448

from tls.errors import PkiStoreError
from tls.keys import PrivateKey
from tls.pki import Pki, alt_public_key
from tls.profiles import KeyAlgorithm, Kind, Role, role_specs

LAYOUT_VERSION = 1
MANIFEST = "pki.json"


def cert_path(root: Path, role: Role, profile: str, suffix: str = ".pem") -> Path:
    return root / role_specs(profile)[role].group.value / f"{role.value}{suffix}"


def key_path(root: Path, role: Role, profile: str) -> Path:
    return root / role_specs(profile)[role].group.value / "private" / f"{role.value}.key.pem"


def alt_key_path(root: Path, role: Role, profile: str) -> Path:
    """The private key of ``role``'s Alternate Subject Public Key (see :mod:`tls.pki`)."""
    return root / role_specs(profile)[role].group.value / "private" / f"{role.value}.alt-x448.key.pem"


def chain_path(root: Path, leaf: Role, profile: str) -> Path:
    return root / role_specs(profile)[leaf].group.value / f"{leaf.value}_CHAIN.pem"


def root_path(root: Path, role: Role) -> Path:
    return root / "roots" / f"{role.value}.pem"


def write_pki(pki: Pki, directory: Path, password: bytes | None = None) -> None:
    """Write ``pki`` into ``directory`` (created if missing; existing files are overwritten)."""
    specs = role_specs(pki.profile)
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    )
    for role, cert in pki.certs.items():
        pem = cert_path(directory, role, pki.profile)
        pem.parent.mkdir(parents=True, exist_ok=True)
        pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        der = cert.public_bytes(serialization.Encoding.DER)
        cert_path(directory, role, pki.profile, ".der").write_bytes(der)
        kp = key_path(directory, role, pki.profile)
        kp.parent.mkdir(parents=True, exist_ok=True)
        kp.write_bytes(
            pki.keys[role].private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
            )
        )
        kp.chmod(0o600)
        if specs[role].kind is Kind.LEAF:
            chain_path(directory, role, pki.profile).write_bytes(
                b"".join(c.public_bytes(serialization.Encoding.PEM) for c in pki.chain(role))
            )
        if specs[role].kind is Kind.ROOT:
            rp = root_path(directory, role)
            rp.parent.mkdir(parents=True, exist_ok=True)
            rp.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    for role, alt in pki.alt_keys.items():
        path = alt_key_path(directory, role, pki.profile)
        path.write_bytes(alt.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           encryption))
        path.chmod(0o600)
    manifest = {
        "layout": LAYOUT_VERSION,
        "profile": pki.profile,
        "algorithm": pki.algorithm.value,
        "encrypted_keys": password is not None,
        "roles": [r.value for r in pki.certs],
        "alt_keys": [r.value for r in pki.alt_keys],
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")


def holds_pki(directory: Path) -> bool:
    """True if ``directory`` has a PKI manifest (:func:`write_pki` was run on it)."""
    return (directory / MANIFEST).is_file()


def manifest_profile(directory: Path) -> str | None:
    """The profile a folder written by :func:`write_pki` was made for; None without a readable
    manifest (a folder assembled by hand)."""
    try:
        profile = json.loads((directory / MANIFEST).read_text())["profile"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return str(profile)


def load_pki(directory: Path, password: bytes | None = None) -> Pki:
    """Load a folder written by :func:`write_pki`. Raises :class:`PkiStoreError` if it is incomplete,
    not in this layout, or the password is wrong."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
        if manifest.get("layout") != LAYOUT_VERSION:
            raise PkiStoreError(f"{directory}: unsupported layout {manifest.get('layout')!r}")
        profile = str(manifest["profile"])
        algorithm = KeyAlgorithm(manifest["algorithm"])
        roles = [Role(r) for r in manifest["roles"]]
        alt_roles = [Role(r) for r in manifest.get("alt_keys", [])]
    except (OSError, ValueError, KeyError) as exc:
        raise PkiStoreError(f"{directory}: not a PKI folder ({exc})") from exc
    certs: dict[Role, x509.Certificate] = {}
    keys: dict[Role, PrivateKey] = {}
    for role in roles:
        try:
            certs[role] = x509.load_pem_x509_certificate(cert_path(directory, role, profile).read_bytes())
            key_pem = key_path(directory, role, profile).read_bytes()
            key = serialization.load_pem_private_key(key_pem, password)
        except (OSError, ValueError, TypeError) as exc:
            raise PkiStoreError(f"{directory}: cannot load {role.value} ({exc})") from exc
        if not isinstance(key, PrivateKey):
            raise PkiStoreError(f"{directory}: {role.value} key is not EC or Ed448")
        if key.public_key() != certs[role].public_key():
            raise PkiStoreError(f"{directory}: {role.value} key does not belong to its certificate")
        keys[role] = key
    alt_keys = {role: _load_alt_key(directory, role, profile, certs[role], password) for role in alt_roles
                if role in certs}
    return Pki(profile, algorithm, certs, keys, alt_keys)


def _load_alt_key(directory: Path, role: Role, profile: str, cert: x509.Certificate,
                  password: bytes | None) -> x448.X448PrivateKey:
    try:
        pem = alt_key_path(directory, role, profile).read_bytes()
        key = serialization.load_pem_private_key(pem, password)
        public = alt_public_key(cert)
    except (OSError, ValueError, TypeError) as exc:
        raise PkiStoreError(f"{directory}: cannot load the alternate key of {role.value} ({exc})") from exc
    if not isinstance(key, x448.X448PrivateKey) or public is None or key.public_key() != public:
        raise PkiStoreError(f"{directory}: the alternate key of {role.value} is not the X448 key of its "
                            "certificate's subjectAltPublicKeyInfo")
    return key


def ocsp_signer_paths(root: Path, profile: str) -> tuple[Path, Path]:
    """Where the OCSP signer of the CPO Sub-CA 2 lives: (certificate PEM, key PEM)."""
    folder = cert_path(root, Role.CPO_SUB_CA2, profile).parent
    return folder / "OCSP_SIGNER.pem", folder / "private" / "OCSP_SIGNER.key.pem"


def write_ocsp_signer(root: Path, profile: str, cert: x509.Certificate, key: PrivateKey,
                      password: bytes | None = None) -> None:
    cert_file, key_file = ocsp_signer_paths(root, profile)
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           encryption))
    key_file.chmod(0o600)


def load_ocsp_signer(root: Path, profile: str, password: bytes | None = None
                     ) -> tuple[x509.Certificate, PrivateKey] | None:
    """The OCSP signer written by :func:`write_ocsp_signer`; None when the folder has none."""
    cert_file, key_file = ocsp_signer_paths(root, profile)
    if not cert_file.is_file():
        return None
    try:
        cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
        key = serialization.load_pem_private_key(key_file.read_bytes(), password)
    except (OSError, ValueError, TypeError) as exc:
        raise PkiStoreError(f"{root}: cannot load the OCSP signer ({exc})") from exc
    if not isinstance(key, PrivateKey):
        raise PkiStoreError(f"{root}: the OCSP signer key is not EC or Ed448")
    return cert, key
