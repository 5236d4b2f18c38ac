"""Read a TLS ClientHello from the first bytes of a connection, before any TLS library sees them.

The SECC is sans-IO: it holds the client's first bytes anyway, so it parses the ClientHello itself and
picks its configuration by what the EV offers (the protocol version, the roots named in
``trusted_ca_keys`` for -2 ([V2G2-651]) or in ``certificate_authorities`` for -20 ([V2G20-2369])),
then hands the same bytes to the TLS library. Tests use the same parser to check what the EVCC sends,
from the bytes, not from the configuration.

:func:`hello_length` says how many bytes the first handshake message needs (None: not enough yet);
:func:`parse_client_hello` decodes it. Malformed input raises :class:`HelloError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# extension types (IANA TLS ExtensionType values)
EXT_SERVER_NAME = 0
EXT_STATUS_REQUEST = 5
EXT_TRUSTED_CA_KEYS = 3
EXT_SUPPORTED_GROUPS = 10
EXT_SIGNATURE_ALGORITHMS = 13
EXT_STATUS_REQUEST_V2 = 17
EXT_SUPPORTED_VERSIONS = 43
EXT_CERTIFICATE_AUTHORITIES = 47
EXT_KEY_SHARE = 51

# trusted_ca_keys identifier types (RFC 6066, section 6)
PRE_AGREED = 0
KEY_SHA1_HASH = 1
X509_NAME = 2
CERT_SHA1_HASH = 3

GROUP_NAMES = {23: "secp256r1", 24: "secp384r1", 25: "secp521r1", 29: "x25519", 30: "x448"}
SUITE_NAMES = {
    0x1301: "TLS_AES_128_GCM_SHA256",
    0x1302: "TLS_AES_256_GCM_SHA384",
    0x1303: "TLS_CHACHA20_POLY1305_SHA256",
    0xC023: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
    0xC025: "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256",
    0x00FF: "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
}
SIGALG_NAMES = {
    0x0403: "ecdsa_secp256r1_sha256",
    0x0503: "ecdsa_secp384r1_sha384",
    0x0603: "ecdsa_secp521r1_sha512",
    0x0807: "ed25519",
    0x0808: "ed448",
}
SIGNALING_SUITES = frozenset({0x00FF, 0x5600})
"""Signaling values in the cipher suite list, not suites: TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746),
TLS_FALLBACK_SCSV (RFC 7507). OpenSSL 3.0 appends the first to every ClientHello, TLS 1.3-only too."""
TLS12 = 0x0303
TLS13 = 0x0304
MAX_HELLO = 1 << 16
"""A ClientHello larger than this is refused (one V2G ClientHello is a few hundred bytes)."""


class HelloError(ValueError):
    """The first bytes are not a well-formed TLS ClientHello."""


@dataclass(frozen=True, slots=True)
class ClientHello:
    """What a ClientHello offers, in the client's order."""

    legacy_version: int
    suites: tuple[int, ...]
    extensions: tuple[int, ...]
    """Extension types in the order sent."""
    versions: tuple[int, ...] = ()
    """supported_versions (empty: the extension is absent, TLS 1.2 or below)."""
    groups: tuple[int, ...] = ()
    sigalgs: tuple[int, ...] = ()
    trusted_ca_keys: tuple[tuple[int, bytes], ...] = ()
    """(identifier type, identifier) pairs."""
    certificate_authorities: tuple[bytes, ...] = ()
    """DER-encoded distinguished names."""
    status_request: bool = False
    raw: bytes = field(default=b"", repr=False)

    @property
    def tls13(self) -> bool:
        return TLS13 in self.versions

    @property
    def group_names(self) -> tuple[str, ...]:
        return tuple(GROUP_NAMES.get(g, f"0x{g:04x}") for g in self.groups)

    @property
    def suite_names(self) -> tuple[str, ...]:
        return tuple(SUITE_NAMES.get(s, f"0x{s:04x}") for s in self.suites)

    @property
    def cipher_suite_names(self) -> tuple[str, ...]:
        """:attr:`suite_names` without the signaling values (:data:`SIGNALING_SUITES`)."""
        return tuple(SUITE_NAMES.get(s, f"0x{s:04x}") for s in self.suites if s not in SIGNALING_SUITES)

    @property
    def sigalg_names(self) -> tuple[str, ...]:
        return tuple(SIGALG_NAMES.get(s, f"0x{s:04x}") for s in self.sigalgs)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise HelloError("ClientHello truncated")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def uint(self, n: int) -> int:
        return int.from_bytes(self.take(n), "big")

    def vector(self, n: int) -> _Reader:
        return _Reader(self.take(self.uint(n)))

    def done(self) -> bool:
        return self.pos == len(self.data)

    def uints(self, n: int) -> tuple[int, ...]:
        out = []
        while not self.done():
            out.append(self.uint(n))
        return tuple(out)


def _handshake_bytes(data: bytes) -> bytes:
    """The handshake-layer bytes of the leading handshake records of ``data``."""
    out = bytearray()
    pos = 0
    while pos + 5 <= len(data):
        if data[pos] != 22:
            if not out:
                raise HelloError(f"first record is not a handshake record (content type {data[pos]})")
            break
        length = int.from_bytes(data[pos + 3 : pos + 5], "big")
        if length == 0 or length > 1 << 14:
            raise HelloError(f"handshake record length {length}")
        out += data[pos + 5 : pos + 5 + length]
        if pos + 5 + length > len(data):
            break
        pos += 5 + length
    return bytes(out)


def hello_length(data: bytes) -> int | None:
    """The number of handshake bytes the ClientHello in ``data`` needs once complete; None while the
    first bytes do not yet tell. Raises :class:`HelloError` for anything but a ClientHello."""
    if data and data[0] != 22:
        raise HelloError(f"first record is not a handshake record (content type {data[0]})")
    body = _handshake_bytes(data)
    if len(body) < 4:
        return None
    if body[0] != 1:
        raise HelloError(f"first handshake message is type {body[0]}, not ClientHello")
    need = 4 + int.from_bytes(body[1:4], "big")
    if need > MAX_HELLO:
        raise HelloError(f"ClientHello of {need} bytes")
    return need


def complete(data: bytes) -> bool:
    """Whether ``data`` holds the whole ClientHello."""
    need = hello_length(data)
    return need is not None and len(_handshake_bytes(data)) >= need


def parse_client_hello(data: bytes) -> ClientHello:
    """Decode the ClientHello at the start of ``data`` (TLS records, as sent on the wire)."""
    need = hello_length(data)
    body = _handshake_bytes(data)
    if need is None or len(body) < need:
        raise HelloError("ClientHello incomplete")
    r = _Reader(body[4:need])
    legacy = r.uint(2)
    r.take(32)  # random
    r.vector(1)  # legacy_session_id
    suites = r.vector(2).uints(2)
    r.vector(1)  # compression methods
    found: dict[str, object] = {}
    types: list[int] = []
    exts = r.vector(2) if not r.done() else _Reader(b"")
    while not exts.done():
        kind = exts.uint(2)
        types.append(kind)
        _extension(kind, exts.vector(2), found)
    return ClientHello(legacy, suites, tuple(types), raw=body[:need], **found)  # type: ignore[arg-type]


def _extension(kind: int, r: _Reader, found: dict[str, object]) -> None:
    if kind == EXT_SUPPORTED_VERSIONS:
        found["versions"] = r.vector(1).uints(2)
    elif kind == EXT_SUPPORTED_GROUPS:
        found["groups"] = r.vector(2).uints(2)
    elif kind == EXT_SIGNATURE_ALGORITHMS:
        found["sigalgs"] = r.vector(2).uints(2)
    elif kind == EXT_STATUS_REQUEST:
        found["status_request"] = r.uint(1) == 1  # status_type ocsp
    elif kind == EXT_CERTIFICATE_AUTHORITIES:
        names = r.vector(2)
        out = []
        while not names.done():
            out.append(names.vector(2).data)
        found["certificate_authorities"] = tuple(out)
    elif kind == EXT_TRUSTED_CA_KEYS:
        found["trusted_ca_keys"] = parse_trusted_ca_keys(r.data)


def parse_trusted_ca_keys(data: bytes) -> tuple[tuple[int, bytes], ...]:
    """The body of a ``trusted_ca_keys`` extension (RFC 6066 TrustedAuthorities)."""
    r = _Reader(data).vector(2)
    out: list[tuple[int, bytes]] = []
    while not r.done():
        kind = r.uint(1)
        if kind == PRE_AGREED:
            out.append((kind, b""))
        elif kind in (KEY_SHA1_HASH, CERT_SHA1_HASH):
            out.append((kind, r.take(20)))
        elif kind == X509_NAME:
            out.append((kind, r.vector(2).data))
        else:
            raise HelloError(f"trusted_ca_keys identifier type {kind}")
    return tuple(out)


def encode_trusted_ca_keys(entries: tuple[tuple[int, bytes], ...]) -> bytes:
    """The body of a ``trusted_ca_keys`` extension for ``entries`` ((type, identifier) pairs)."""
    body = bytearray()
    for kind, ident in entries:
        body.append(kind)
        if kind == X509_NAME:
            body += len(ident).to_bytes(2, "big")
        body += ident
    return len(body).to_bytes(2, "big") + bytes(body)
