"""What a V2G TLS side is configured with (frozen dataclasses), and those configurations read from a
PKI folder written by :func:`tls.store.write_pki`. :mod:`tls.context` turns them into contexts (and
re-exports these names)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography import x509

from tls.errors import ContextError
from tls.profiles import Role
from tls.store import chain_path, key_path, manifest_profile, root_path


@dataclass(frozen=True, slots=True)
class Credentials:
    """A certificate chain (leaf first, Sub-CAs after it, PEM) and its private key file; ``root``
    (optional) is the trust anchor the chain ends in, to match the EV's trusted_ca_keys."""

    chain: Path
    key: Path
    password: bytes | None = None
    root: Path | None = None


class OcspSource(Protocol):
    """Where the SECC gets the OCSP response it staples for a leaf (:class:`tls.ocsp.OcspCache`)."""

    def response_for(self, leaf: x509.Certificate) -> bytes | None: ...


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """The SECC side. ``client_roots`` is required for -20 (mutual TLS), ignored for -2.
    ``alternatives``: further chains (under other V2G roots); the EV's trusted_ca_keys or
    certificate_authorities picks one, the first otherwise."""

    credentials: Credentials
    client_roots: Path | None = None
    keylog: Path | None = None
    group: str | None = None
    alternatives: tuple[Credentials, ...] = ()
    ocsp: OcspSource | None = None


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """The EVCC side. ``credentials`` (the vehicle certificate) is required for -20.
    ``check_profile``: apply the SECC certificate profile after every handshake;
    ``require_ocsp``: refuse a server that staples no OCSP response ([V2G2-873]).
    ``alternatives`` (-20): further vehicle chains (under other OEM / V2G roots); the CA names of the
    SECC's CertificateRequest pick one, the first (``credentials``) otherwise. ``extra_roots``: more
    V2G root files the SECC chain may end in."""

    server_roots: Path
    credentials: Credentials | None = None
    keylog: Path | None = None
    group: str | None = None
    check_profile: bool = True
    require_ocsp: bool = False
    alternatives: tuple[Credentials, ...] = ()
    extra_roots: tuple[Path, ...] = ()


def _same_profile(directory: Path, profile: str) -> None:
    """A folder whose manifest names another profile is refused here, not at the first handshake (a
    folder assembled by hand, without pki.json, is taken as it is)."""
    found = manifest_profile(directory)
    if found is not None and found != profile:
        raise ContextError(f"{directory} holds an {found} PKI, and {profile} TLS needs an {profile} one "
                           f"(v2g pki create DIR --profile {profile})")


def server_config_from_dir(
    directory: Path, profile: str, *, password: bytes | None = None, keylog: Path | None = None,
    ocsp: OcspSource | None = None,
) -> ServerConfig:
    """The SECC's :class:`ServerConfig` from a folder written by :func:`tls.store.write_pki`."""
    _same_profile(directory, profile)
    creds = Credentials(
        chain_path(directory, Role.SECC_LEAF, profile),
        key_path(directory, Role.SECC_LEAF, profile),
        password,
        root_path(directory, Role.V2G_ROOT),
    )
    roots = root_path(directory, Role.OEM_ROOT) if profile == "iso20" else None
    return ServerConfig(creds, roots, keylog, ocsp=ocsp)


def client_config_from_dir(
    directory: Path, profile: str, *, password: bytes | None = None, keylog: Path | None = None
) -> ClientConfig:
    """The EVCC's :class:`ClientConfig` (V2G roots; for -20 the vehicle certificate) from a folder."""
    return client_config_from_dirs([directory], profile, password=password, keylog=keylog)


def client_config_from_dirs(
    directories: Sequence[Path], profile: str, *, password: bytes | None = None, keylog: Path | None = None
) -> ClientConfig:
    """The EVCC's :class:`ClientConfig` from one or more folders: the V2G roots of all; for -20 the
    vehicle chain of each (the first folder's the default, the others ``alternatives``)."""
    if not directories:
        raise ContextError("no PKI folder")
    creds = []
    for directory in directories:
        _same_profile(directory, profile)
        if profile == "iso20":
            creds.append(Credentials(
                chain_path(directory, Role.VEHICLE_LEAF, profile),
                key_path(directory, Role.VEHICLE_LEAF, profile),
                password,
                root_path(directory, Role.OEM_ROOT),
            ))
    roots = [root_path(d, Role.V2G_ROOT) for d in directories]
    return ClientConfig(roots[0], creds[0] if creds else None, keylog,
                        alternatives=tuple(creds[1:]), extra_roots=tuple(roots[1:]))
