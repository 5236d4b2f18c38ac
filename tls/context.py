"""TLS contexts for the V2G profiles (pyOpenSSL over the OpenSSL bundled with ``cryptography``), and
the NSS key log. A :class:`TlsContext` makes sans-IO connections (:mod:`tls.conn`): bytes in, bytes out.

ISO 15118-2 (TLS 1.2, server authentication only)
    TLS 1.2 exactly, cipher suite ``TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256`` (OpenSSL name
    ``ECDHE-ECDSA-AES128-SHA256``) on secp256r1, signature algorithm ecdsa_secp256r1_sha256. The SECC
    presents its chain (leaf, CPO Sub-CA 2, CPO Sub-CA 1) without the root; the EVCC verifies it
    against its V2G roots (no host name: the SECC was found by IP address through SDP), then applies
    the SECC certificate profile (:func:`tls.validate.validate_secc_chain`; the refusal names the
    rule). The EVCC sends ``trusted_ca_keys`` with the SHA-1 key hash of each V2G root
    ([V2G2-651]) and ``status_request``; the SECC picks, among its chains, the one under a root the EV
    named, and staples an OCSP response for its leaf when it has one ([V2G2-871]).
    Known deviations: the static-ECDH suite ``TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256`` ([V2G2-602])
    is gone from OpenSSL since 1.1.0; ``status_request_v2`` (Sub-CA responses) is not implemented by
    OpenSSL.

ISO 15118-20 (TLS 1.3, mutual authentication)
    TLS 1.3 exactly, suites ``TLS_AES_256_GCM_SHA384`` and ``TLS_CHACHA20_POLY1305_SHA256`` only
    ([V2G20-1638], Table 6), groups secp521r1 then x448 ([V2G20-1637], [V2G20-1634]), signature
    algorithms ecdsa_secp521r1_sha512 then ed448 (Table 8, [V2G20-1666/1667]) in the ClientHello and in
    the SECC's CertificateRequest, which also carries the names of the vehicle roots ([V2G20-2401]).
    The EVCC sends ``status_request`` ([V2G20-2372]); holding several vehicle chains
    (``ClientConfig.alternatives``), it presents the one under a root the CertificateRequest names
    (:mod:`tls.conn`), the first otherwise. A client offering only other suites or groups
    fails in the handshake. The EVCC's ``certificate_authorities`` ([V2G20-2369/2370], the names of
    its V2G roots) needs ``SSL_CTX_set0_CA_list``, which the bundled OpenSSL does not offer: an EVCC
    context therefore also holds the same configuration in the system libssl (:mod:`tls.sysconn`,
    :attr:`TlsContext.system`), which :func:`tls.conn.open_connection` uses; without that library
    the pyOpenSSL path stays (a logged warning; :attr:`tls.conn.TlsInfo.deviations` says so). The
    SECC reads the extension and picks its chain by it.

Key log
    ``keylog`` (a path) appends the NSS key log lines (``CLIENT_RANDOM`` for TLS 1.2, the TLS 1.3
    traffic secrets) that Wireshark and the capture decryptor read. Never enable it in production.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import Encoding
from OpenSSL import SSL

from tls import _ossl, hello
from tls.config import ClientConfig as ClientConfig
from tls.config import Credentials as Credentials
from tls.config import OcspSource as OcspSource
from tls.config import ServerConfig as ServerConfig
from tls.config import client_config_from_dir as client_config_from_dir
from tls.config import client_config_from_dirs as client_config_from_dirs
from tls.config import server_config_from_dir as server_config_from_dir
from tls.errors import ContextError
from tls.keylog import append_line as append_keylog_line
from tls.sysconn import SystemClientContext, client_context

ISO2_CIPHERS = "ECDHE-ECDSA-AES128-SHA256"
ISO2_GROUP = "P-256"
ISO2_SIGALGS = "ECDSA+SHA256"
ISO20_SUITES = frozenset({"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
ISO20_SUITE_LIST = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
ISO20_GROUPS = "P-521:X448"
ISO20_DEFAULT_GROUP = "secp521r1"
ISO20_SIGALGS = "ECDSA+SHA512:ed448"
_GROUP_ALIASES = {"secp521r1": "P-521", "prime256v1": "P-256", "secp256r1": "P-256", "x448": "X448"}


@dataclass(frozen=True, slots=True, eq=False)
class Chain:
    """One server chain and the context that presents it, with what identifies its root."""

    context: SSL.Context
    profile: str
    leaf: x509.Certificate
    issuer_names: frozenset[bytes]
    """DER names of the chain's trust anchor."""
    key_hashes: frozenset[bytes]
    """SHA-1 of the anchor's public key bits (and its key identifier as the chain names it)."""
    cert_hashes: frozenset[bytes] = frozenset()

    def named_by(self, offer: hello.ClientHello) -> bool:
        for kind, ident in offer.trusted_ca_keys:
            if (kind == hello.KEY_SHA1_HASH and ident in self.key_hashes) or (
                kind == hello.X509_NAME and ident in self.issuer_names) or (
                kind == hello.CERT_SHA1_HASH and ident in self.cert_hashes):
                return True
        return any(name in self.issuer_names for name in offer.certificate_authorities)


@dataclass(frozen=True, slots=True, eq=False)
class TlsContext:
    """What :mod:`tls.conn` needs to run one side of a V2G TLS connection."""

    server: bool
    profile: str
    """"iso2", "iso20", or (a server serving both, :func:`serve_both`) "any"."""
    chains: tuple[Chain, ...] = ()
    """Server: the chains it may present. Client (-20): its vehicle chains, the first the default."""
    client: SSL.Context | None = None
    roots: tuple[x509.Certificate, ...] = ()
    """The client's trust anchors (the V2G roots), for the profile check."""
    check_profile: bool = False
    require_ocsp: bool = False
    keep: tuple[Any, ...] = field(default=(), repr=False)
    """Objects the OpenSSL context calls back into (kept alive with it)."""
    system: SystemClientContext | None = field(default=None, repr=False)
    """The -20 EVCC: the same configuration in the system libssl, which sends certificate_authorities
    (:mod:`tls.sysconn`; :func:`tls.conn.open_connection` takes it); None on every other context and
    when that library cannot be loaded."""
    system_error: str = ""
    """Why :attr:`system` is None for a -20 EVCC (the library could not be loaded)."""

    def pick(self, offer: hello.ClientHello) -> Chain:
        """The server chain for a ClientHello: by version (TLS 1.3: -20, else -2), then the first one
        under a root the EV named in trusted_ca_keys / certificate_authorities, else the first."""
        want = "iso20" if offer.tls13 else "iso2"
        fitting = [c for c in self.chains if c.profile == want] or list(self.chains)
        for chain in fitting:
            if chain.named_by(offer):
                return chain
        return fitting[0]

    def pick_vehicle(self, ca_names: Sequence[bytes]) -> tuple[Chain, bool]:
        """The vehicle chain for a CertificateRequest naming ``ca_names`` (DER names) [V2G20-2401]:
        the first one under a named root (and True), else the first one (and False)."""
        for chain in self.chains:
            if any(name in chain.issuer_names for name in ca_names):
                return chain, True
        return self.chains[0], False


def serve_both(*contexts: TlsContext) -> TlsContext:
    """One server context for one TLS port serving -2 (TLS 1.2) and -20 (TLS 1.3): the ClientHello's
    supported_versions picks."""
    if not contexts or not all(c.server for c in contexts):
        raise ContextError("serve_both takes server contexts")
    return TlsContext(True, "any", tuple(c for ctx in contexts for c in ctx.chains),
                      keep=tuple(k for ctx in contexts for k in ctx.keep))


def _read_certs(path: Path) -> list[x509.Certificate]:
    try:
        return x509.load_pem_x509_certificates(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise ContextError(f"cannot load certificates {path}: {exc}") from exc


def key_sha1(cert: x509.Certificate) -> bytes:
    """SHA-1 of a certificate's subjectPublicKey bits: trusted_ca_keys' key_sha1_hash (RFC 6066)."""
    return x509.SubjectKeyIdentifier.from_public_key(cert.public_key()).digest


def _groups(group: str) -> str:
    return ":".join(_GROUP_ALIASES.get(g, g) for g in group.split(":"))


def _base(version: int, group: str, keylog: Path | None, keep: list[Any]) -> SSL.Context:
    ctx = SSL.Context(SSL.TLS_METHOD)
    ctx.set_min_proto_version(version)
    ctx.set_max_proto_version(version)
    ctx.set_options(SSL.OP_NO_COMPRESSION | SSL.OP_NO_RENEGOTIATION | SSL.OP_NO_TICKET)
    _ossl.set_groups(ctx, _groups(group))
    if version == SSL.TLS1_2_VERSION:
        ctx.set_cipher_list(ISO2_CIPHERS.encode())
        _ossl.set_sigalgs(ctx, ISO2_SIGALGS)
    else:
        ctx.set_tls13_ciphersuites(ISO20_SUITE_LIST.encode())
        _ossl.set_sigalgs(ctx, ISO20_SIGALGS)
    if keylog is not None:
        ctx.set_keylog_callback(_keylog_writer(keylog))
    return ctx


def _keylog_writer(path: Path) -> Callable[[SSL.Connection, bytes], None]:
    def write(conn: SSL.Connection, line: bytes) -> None:
        append_keylog_line(path, line)

    return write


def _verify_against(ctx: SSL.Context, roots: Path) -> list[x509.Certificate]:
    anchors = _read_certs(roots)
    try:
        ctx.load_verify_locations(str(roots))
    except SSL.Error as exc:
        raise ContextError(f"cannot load trust anchors {roots}: {exc}") from exc
    ctx.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT)
    return anchors


def _load(ctx: SSL.Context, creds: Credentials) -> list[x509.Certificate]:
    certs = _read_certs(creds.chain)
    try:
        key = serialization.load_pem_private_key(creds.key.read_bytes(), creds.password)
        ctx.use_certificate_chain_file(str(creds.chain))
        ctx.use_privatekey(key)  # type: ignore[arg-type]
        ctx.check_privatekey()
    except (OSError, ValueError, TypeError, SSL.Error) as exc:
        raise ContextError(f"cannot load certificate chain {creds.chain} / key {creds.key}: {exc}") from exc
    return certs


def _chain(ctx: SSL.Context, profile: str, creds: Credentials) -> Chain:
    certs = _load(ctx, creds)
    top = certs[-1]
    names = {top.issuer.public_bytes()}
    keys: set[bytes] = set()
    hashes: set[bytes] = set()
    try:
        aki = top.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier
        if aki is not None:
            keys.add(aki)
    except x509.ExtensionNotFound:
        pass
    for root in _read_certs(creds.root) if creds.root is not None else []:
        names.add(root.subject.public_bytes())
        keys.add(key_sha1(root))
        hashes.add(hashlib.sha1(root.public_bytes(Encoding.DER)).digest())
    return Chain(ctx, profile, certs[0], frozenset(names), frozenset(keys), frozenset(hashes))


def _ocsp_stapler(source: OcspSource, leaf: x509.Certificate) -> Callable[[SSL.Connection, Any], bytes]:
    def staple(conn: SSL.Connection, data: Any) -> bytes:
        response = source.response_for(leaf) or b""
        owner = conn.get_app_data()
        if response and owner is not None:
            owner.ocsp_status = "stapled"
        return response

    return staple


def _record_staple(conn: SSL.Connection, data: bytes, arg: Any) -> bool:
    owner = conn.get_app_data()
    if owner is not None:
        owner.stapled = data or None
    return True


def _server(config: ServerConfig, profile: str, version: int, group: str) -> TlsContext:
    chains = []
    for creds in (config.credentials, *config.alternatives):
        ctx = _base(version, group, config.keylog, [])
        ctx.set_options(SSL.OP_CIPHER_SERVER_PREFERENCE)
        if profile == "iso20":
            assert config.client_roots is not None
            anchors = _verify_against(ctx, config.client_roots)
            for anchor in anchors:  # the CA names in the CertificateRequest [V2G20-2401]
                ctx.add_client_ca(anchor)
        chain = _chain(ctx, profile, creds)
        if config.ocsp is not None:
            ctx.set_ocsp_server_callback(_ocsp_stapler(config.ocsp, chain.leaf))
        chains.append(chain)
    return TlsContext(True, profile, tuple(chains))


def _client_base(config: ClientConfig, profile: str, version: int, group: str,
                 keep: list[Any]) -> tuple[SSL.Context, list[x509.Certificate]]:
    ctx = _base(version, group, config.keylog, [])
    anchors = _verify_against(ctx, config.server_roots)
    for extra in config.extra_roots:
        anchors += _verify_against(ctx, extra)
    if profile == "iso2":  # [V2G2-651] trusted_ca_keys: the SHA-1 key hash of every V2G root
        entries = tuple((hello.KEY_SHA1_HASH, key_sha1(a)) for a in anchors)
        body = hello.encode_trusted_ca_keys(entries)
        keep.append(_ossl.ClientExtension(ctx, hello.EXT_TRUSTED_CA_KEYS, body))
    ctx.set_ocsp_client_callback(_record_staple)  # judged after the handshake, where `now` is known
    return ctx, anchors


def _client(config: ClientConfig, profile: str, version: int, group: str) -> TlsContext:
    """One OpenSSL context per vehicle chain, alike but for the certificate: the connection switches
    to the one the SECC's CertificateRequest names (:mod:`tls.conn`)."""
    if config.alternatives and profile != "iso20":
        raise ContextError("several vehicle certificates go with ISO 15118-20 (mutual TLS) only")
    keep: list[Any] = []
    ctx, anchors = _client_base(config, profile, version, group, keep)
    chains = []
    if config.credentials is not None:
        chains.append(_chain(ctx, profile, config.credentials))
    for creds in config.alternatives:
        chains.append(_chain(_client_base(config, profile, version, group, keep)[0], profile, creds))
    system, why = None, ""
    if profile == "iso20":  # the second path, for certificate_authorities [V2G20-2369/2370]
        system, why = client_context(
            roots=(config.server_roots, *config.extra_roots), anchors=anchors,
            vehicle=[c for c in (config.credentials, *config.alternatives) if c is not None],
            suites=ISO20_SUITE_LIST, groups=_groups(group), sigalgs=ISO20_SIGALGS, keylog=config.keylog)
    return TlsContext(False, profile, tuple(chains), client=ctx, roots=tuple(anchors),
                      check_profile=config.check_profile, require_ocsp=config.require_ocsp, keep=tuple(keep),
                      system=system, system_error=why)


def iso2_server_context(config: ServerConfig) -> TlsContext:
    """SECC, ISO 15118-2: TLS 1.2, ECDHE-ECDSA-AES128-SHA256, server authentication only."""
    return _server(config, "iso2", SSL.TLS1_2_VERSION, config.group or ISO2_GROUP)


def iso2_client_context(config: ClientConfig) -> TlsContext:
    """EVCC, ISO 15118-2: TLS 1.2, trusted_ca_keys and status_request, verifies the SECC chain."""
    return _client(config, "iso2", SSL.TLS1_2_VERSION, config.group or ISO2_GROUP)


def iso20_server_context(config: ServerConfig) -> TlsContext:
    """SECC, ISO 15118-20: TLS 1.3, requires and verifies the vehicle certificate."""
    if config.client_roots is None:
        raise ContextError("ISO 15118-20 TLS is mutual: client_roots (the vehicle certificate roots) needed")
    return _server(config, "iso20", SSL.TLS1_3_VERSION, config.group or ISO20_GROUPS)


def iso20_client_context(config: ClientConfig) -> TlsContext:
    """EVCC, ISO 15118-20: TLS 1.3, presents the vehicle certificate, verifies the SECC."""
    if config.credentials is None:
        raise ContextError("ISO 15118-20 TLS is mutual: the vehicle certificate (credentials) is needed")
    return _client(config, "iso20", SSL.TLS1_3_VERSION, config.group or ISO20_GROUPS)


class _Negotiated(Protocol):
    def cipher(self) -> tuple[str, str, int] | None: ...
    def version(self) -> str | None: ...


def check_negotiated(conn: _Negotiated, profile: str) -> str:
    """After the handshake: raise :class:`ContextError` unless version and suite fit ``profile``
    (a belt to the handshake's braces; also for ``ssl`` objects). Returns the suite name."""
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


def anchors_of(paths: Sequence[Path]) -> list[x509.Certificate]:
    """Every certificate in the PEM files ``paths``."""
    return [c for p in paths for c in _read_certs(p)]
