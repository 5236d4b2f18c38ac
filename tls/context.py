"""``ssl.SSLContext`` factories for the V2G TLS profiles, and the NSS key log.

ISO 15118-2 (TLS 1.2, server authentication only)
    TLS 1.2 exactly, cipher suite ``TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256`` (OpenSSL name
    ``ECDHE-ECDSA-AES128-SHA256``) on secp256r1. The SECC presents its chain (SECC leaf, CPO Sub-CA 2,
    CPO Sub-CA 1); the EVCC verifies it against its V2G roots. The EVCC does not check a host name:
    it found the SECC by IP address through SDP, and the SECC certificate names a station, not a host.
    The standard also lists the static-ECDH suite ``TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256``; OpenSSL
    removed static ECDH suites in 1.1.0, so OpenSSL 3 (and therefore Python's ``ssl``) cannot offer
    it. Only the ECDHE suite is configured. The ``trusted_ca_keys`` ClientHello extension the
    standard asks the EVCC to send is not exposed by ``ssl`` either.

ISO 15118-20 (TLS 1.3, mutual authentication)
    TLS 1.3 exactly; the SECC requires and verifies the vehicle certificate (against the roots it is
    given, the OEM roots of the created PKI), the EVCC verifies the SECC against its V2G roots.
    Allowed suites: ``TLS_AES_256_GCM_SHA384`` and ``TLS_CHACHA20_POLY1305_SHA256``. Python's ``ssl``
    cannot restrict TLS 1.3 suites (there is no ``set_ciphersuites``; ``set_ciphers`` only affects
    TLS <= 1.2), so OpenSSL 3's default TLS 1.3 list is offered, in which ``TLS_AES_256_GCM_SHA384``
    comes first; the server context prefers its own order, so two contexts from this module
    negotiate ``TLS_AES_256_GCM_SHA384``. :func:`check_negotiated` rejects a connection that ended up
    with any other suite (e.g. ``TLS_AES_128_GCM_SHA256`` offered by a foreign peer); call it after
    the handshake. The key exchange group is secp521r1 unless configured otherwise (``X448``).

Key log
    ``keylog`` (a path) turns on OpenSSL's key log in the NSS format (``CLIENT_RANDOM`` lines for
    TLS 1.2; ``CLIENT_HANDSHAKE_TRAFFIC_SECRET``, ``SERVER_HANDSHAKE_TRAFFIC_SECRET``,
    ``CLIENT_TRAFFIC_SECRET_0``, ``SERVER_TRAFFIC_SECRET_0``, ``EXPORTER_SECRET`` for TLS 1.3), which
    Wireshark and the capture decryptor read. Never enable it in production.

These factories only configure contexts; they open no sockets.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

from tls.errors import ContextError
from tls.profiles import Role
from tls.store import chain_path, key_path, manifest_profile, root_path

ISO2_CIPHERS = "ECDHE-ECDSA-AES128-SHA256"
ISO2_GROUP = "prime256v1"
ISO20_SUITES = frozenset({"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
ISO20_DEFAULT_GROUP = "secp521r1"


@dataclass(frozen=True, slots=True)
class Credentials:
    """A certificate chain (leaf first, Sub-CAs after it, PEM) and its private key file."""

    chain: Path
    key: Path
    password: bytes | None = None


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """The SECC side. ``client_roots`` is required for -20 (mutual TLS), ignored for -2."""

    credentials: Credentials
    client_roots: Path | None = None
    keylog: Path | None = None
    group: str | None = None


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """The EVCC side. ``credentials`` (the vehicle certificate) is required for -20."""

    server_roots: Path
    credentials: Credentials | None = None
    keylog: Path | None = None
    group: str | None = None


def _load(ctx: ssl.SSLContext, creds: Credentials) -> None:
    try:
        ctx.load_cert_chain(str(creds.chain), str(creds.key), creds.password)
    except (OSError, ssl.SSLError) as exc:
        raise ContextError(f"cannot load certificate chain {creds.chain} / key {creds.key}: {exc}") from exc


def _verify_against(ctx: ssl.SSLContext, roots: Path) -> None:
    try:
        ctx.load_verify_locations(cafile=str(roots))
    except (OSError, ssl.SSLError) as exc:
        raise ContextError(f"cannot load trust anchors {roots}: {exc}") from exc


def _common(ctx: ssl.SSLContext, version: ssl.TLSVersion, group: str, keylog: Path | None) -> None:
    ctx.minimum_version = version
    ctx.maximum_version = version
    ctx.options |= ssl.OP_NO_COMPRESSION | ssl.OP_NO_RENEGOTIATION
    try:
        ctx.set_ecdh_curve(group)
    except ValueError as exc:
        raise ContextError(f"key exchange group {group!r} not available: {exc}") from exc
    if keylog is not None:
        ctx.keylog_filename = str(keylog)


def iso2_server_context(config: ServerConfig) -> ssl.SSLContext:
    """SECC, ISO 15118-2: TLS 1.2, ECDHE-ECDSA-AES128-SHA256, server authentication only."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    _common(ctx, ssl.TLSVersion.TLSv1_2, config.group or ISO2_GROUP, config.keylog)
    ctx.set_ciphers(ISO2_CIPHERS)
    ctx.options |= ssl.OP_CIPHER_SERVER_PREFERENCE
    ctx.verify_mode = ssl.CERT_NONE  # -2: the EVCC is not authenticated in TLS
    _load(ctx, config.credentials)
    return ctx


def iso2_client_context(config: ClientConfig) -> ssl.SSLContext:
    """EVCC, ISO 15118-2: TLS 1.2, verifies the SECC chain against the V2G roots, no host name."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    _common(ctx, ssl.TLSVersion.TLSv1_2, config.group or ISO2_GROUP, config.keylog)
    ctx.set_ciphers(ISO2_CIPHERS)
    ctx.check_hostname = False  # the SECC is found by IP address via SDP
    ctx.verify_mode = ssl.CERT_REQUIRED
    _verify_against(ctx, config.server_roots)
    return ctx


def iso20_server_context(config: ServerConfig) -> ssl.SSLContext:
    """SECC, ISO 15118-20: TLS 1.3, requires and verifies the vehicle certificate."""
    if config.client_roots is None:
        raise ContextError("ISO 15118-20 TLS is mutual: client_roots (the vehicle certificate roots) needed")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    _common(ctx, ssl.TLSVersion.TLSv1_3, config.group or ISO20_DEFAULT_GROUP, config.keylog)
    ctx.options |= ssl.OP_CIPHER_SERVER_PREFERENCE
    ctx.verify_mode = ssl.CERT_REQUIRED
    _verify_against(ctx, config.client_roots)
    _load(ctx, config.credentials)
    return ctx


def iso20_client_context(config: ClientConfig) -> ssl.SSLContext:
    """EVCC, ISO 15118-20: TLS 1.3, presents the vehicle certificate, verifies the SECC."""
    if config.credentials is None:
        raise ContextError("ISO 15118-20 TLS is mutual: the vehicle certificate (credentials) is needed")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    _common(ctx, ssl.TLSVersion.TLSv1_3, config.group or ISO20_DEFAULT_GROUP, config.keylog)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_REQUIRED
    _verify_against(ctx, config.server_roots)
    _load(ctx, config.credentials)
    return ctx


def check_negotiated(conn: ssl.SSLObject | ssl.SSLSocket, profile: str) -> str:
    """After the handshake: raise :class:`ContextError` unless version and suite fit ``profile``.

    Returns the negotiated suite name. Needed for -20 because ``ssl`` cannot restrict TLS 1.3 suites.
    """
    cipher = conn.cipher()
    version = conn.version()
    if cipher is None or version is None:
        raise ContextError("handshake not complete")
    name = cipher[0]
    if profile == "iso2":
        if version != "TLSv1.2" or name != ISO2_CIPHERS:
            raise ContextError(f"ISO 15118-2 needs TLSv1.2 {ISO2_CIPHERS}, negotiated {version} {name}")
    elif profile == "iso20":
        if version != "TLSv1.3" or name not in ISO20_SUITES:
            raise ContextError(
                f"ISO 15118-20 needs TLSv1.3 with {sorted(ISO20_SUITES)}, negotiated {version} {name}"
            )
    else:
        raise ValueError(f"unknown profile {profile!r}")
    return name


def _same_profile(directory: Path, profile: str) -> None:
    """A folder whose manifest names another profile is refused here, not at the first handshake (a
    folder assembled by hand, without pki.json, is taken as it is)."""
    found = manifest_profile(directory)
    if found is not None and found != profile:
        raise ContextError(f"{directory} holds an {found} PKI, and {profile} TLS needs an {profile} one "
                           f"(v2g pki create DIR --profile {profile})")


def server_config_from_dir(
    directory: Path, profile: str, *, password: bytes | None = None, keylog: Path | None = None
) -> ServerConfig:
    """The SECC's :class:`ServerConfig` from a folder written by :func:`tls.store.write_pki`."""
    _same_profile(directory, profile)
    creds = Credentials(
        chain_path(directory, Role.SECC_LEAF, profile), key_path(directory, Role.SECC_LEAF, profile), password
    )
    roots = root_path(directory, Role.OEM_ROOT) if profile == "iso20" else None
    return ServerConfig(creds, roots, keylog)


def client_config_from_dir(
    directory: Path, profile: str, *, password: bytes | None = None, keylog: Path | None = None
) -> ClientConfig:
    """The EVCC's :class:`ClientConfig` (V2G roots; for -20 the vehicle certificate) from a folder."""
    _same_profile(directory, profile)
    creds = None
    if profile == "iso20":
        creds = Credentials(
            chain_path(directory, Role.VEHICLE_LEAF, profile),
            key_path(directory, Role.VEHICLE_LEAF, profile),
            password,
        )
    return ClientConfig(root_path(directory, Role.V2G_ROOT), creds, keylog)
