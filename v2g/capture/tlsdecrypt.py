"""Decryption of captured TLS 1.2 and 1.3 streams with an NSS key log.

Key log format (NSS "Key Log Format", as written by OpenSSL / ``tls.keylog`` / Wireshark's DSB):
``<label> <client_random hex> <secret hex>`` per line. TLS 1.3 (RFC 8446 7.1-7.3) uses
``CLIENT/SERVER_HANDSHAKE_TRAFFIC_SECRET`` and ``CLIENT/SERVER_TRAFFIC_SECRET_0``; TLS 1.2
(RFC 5246 6.3) uses ``CLIENT_RANDOM`` (the master secret).

Supported cipher suites: TLS 1.3 AES-128/256-GCM and ChaCha20-Poly1305; TLS 1.2 AES-GCM
(RFC 5288/5289) and AES-CBC with HMAC-SHA256/SHA384/SHA1 (ISO 15118-2 [V2G2-601]: the
ECDH(E)_ECDSA_WITH_AES_128_CBC_SHA256 suites), MAC-then-encrypt or encrypt-then-MAC (RFC 7366).

:class:`TlsConnectionDecryptor` is fed each direction's reassembled TCP bytes and gives back the
decrypted records (application data for the V2GTP framer). Problems are reported, never raised.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

CONTENT_CHANGE_CIPHER_SPEC = 20
CONTENT_ALERT = 21
CONTENT_HANDSHAKE = 22
CONTENT_APPLICATION_DATA = 23

HS_CLIENT_HELLO = 1
HS_SERVER_HELLO = 2
HS_FINISHED = 20

EXT_SUPPORTED_VERSIONS = 43
EXT_ENCRYPT_THEN_MAC = 22
TLS13 = 0x0304

MAX_RECORD = (1 << 14) + 2048


@dataclass(frozen=True, slots=True)
class _Suite:
    aead: str | None
    """``"aes-gcm"`` or ``"chacha20"``; None for CBC with HMAC."""
    key_len: int
    hash_name: str
    mac_len: int = 0


TLS13_SUITES = {
    0x1301: _Suite("aes-gcm", 16, "sha256"),
    0x1302: _Suite("aes-gcm", 32, "sha384"),
    0x1303: _Suite("chacha20", 32, "sha256"),
}
TLS12_SUITES = {
    # AES-GCM (RFC 5288, 5289): PRF hash as named
    0x009C: _Suite("aes-gcm", 16, "sha256"),
    0x009D: _Suite("aes-gcm", 32, "sha384"),
    0xC02B: _Suite("aes-gcm", 16, "sha256"),
    0xC02C: _Suite("aes-gcm", 32, "sha384"),
    0xC02F: _Suite("aes-gcm", 16, "sha256"),
    0xC030: _Suite("aes-gcm", 32, "sha384"),
    # AES-CBC + HMAC (RFC 5246, 5289); ISO 15118-2: 0xC023, 0xC025
    0x003C: _Suite(None, 16, "sha256", 32),
    0x003D: _Suite(None, 32, "sha256", 32),
    0xC023: _Suite(None, 16, "sha256", 32),
    0xC024: _Suite(None, 32, "sha384", 48),
    0xC025: _Suite(None, 16, "sha256", 32),
    0xC027: _Suite(None, 16, "sha256", 32),
    0xC028: _Suite(None, 32, "sha384", 48),
    0xC009: _Suite(None, 16, "sha256", 20),  # SHA-1 MAC, PRF SHA-256
    0xC013: _Suite(None, 16, "sha256", 20),
    0x002F: _Suite(None, 16, "sha256", 20),
}


def parse_keylog(text: str) -> dict[tuple[str, bytes], bytes]:
    """``{(label, client_random): secret}`` of an NSS key log; malformed lines are skipped."""
    secrets: dict[tuple[str, bytes], bytes] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 3 or parts[0].startswith("#"):
            continue
        try:
            secrets[(parts[0], bytes.fromhex(parts[1]))] = bytes.fromhex(parts[2])
        except ValueError:
            continue
    return secrets


def _hash(name: str) -> hashes.HashAlgorithm:
    return hashes.SHA384() if name == "sha384" else hashes.SHA256()


def hkdf_expand_label(secret: bytes, label: str, context: bytes, length: int, hash_name: str) -> bytes:
    """RFC 8446 7.1 HKDF-Expand-Label."""
    full = b"tls13 " + label.encode()
    info = struct.pack(">H", length) + bytes((len(full),)) + full + bytes((len(context),)) + context
    return HKDFExpand(_hash(hash_name), length, info).derive(secret)


def prf12(secret: bytes, label: bytes, seed: bytes, length: int, hash_name: str) -> bytes:
    """RFC 5246 5 P_hash."""
    digest = hashlib.sha384 if hash_name == "sha384" else hashlib.sha256
    out = b""
    a = label + seed
    while len(out) < length:
        a = hmac.new(secret, a, digest).digest()
        out += hmac.new(secret, a + label + seed, digest).digest()
    return out[:length]


@dataclass(frozen=True, slots=True)
class TlsRecord:
    """One record of a TLS stream after decryption (``content_type`` is the inner type in 1.3)."""

    from_client: bool
    content_type: int
    data: bytes
    decrypted: bool


@dataclass(slots=True)
class _Keys:
    suite: _Suite
    key: bytes
    iv: bytes
    mac_key: bytes = b""
    seq: int = 0
    tls13: bool = True
    encrypt_then_mac: bool = False
    secret: str = "CLIENT_RANDOM"
    """The key log label the keys come from (named when a record does not decrypt)."""


@dataclass(slots=True)
class _Direction:
    buffer: bytearray = field(default_factory=bytearray)
    keys: _Keys | None = None
    pending: _Keys | None = None
    """TLS 1.2: keys that take effect after this side's ChangeCipherSpec."""
    handshake: bytearray = field(default_factory=bytearray)
    failed: str | None = None


class TlsConnectionDecryptor:
    """Decrypts one TLS connection (both directions) with the secrets of a key log."""

    def __init__(self, secrets: dict[tuple[str, bytes], bytes]) -> None:
        self._secrets = secrets
        self._dirs = {True: _Direction(), False: _Direction()}
        self.client_random: bytes | None = None
        self.server_random: bytes | None = None
        self.version: int | None = None
        self.cipher_suite: int | None = None
        self.encrypt_then_mac = False
        self.problems: list[str] = []
        self.decrypted_records = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def feed(self, from_client: bool, data: bytes) -> list[TlsRecord]:
        d = self._dirs[from_client]
        if d.failed:
            return []
        d.buffer += data
        out: list[TlsRecord] = []
        while len(d.buffer) >= 5:
            content_type = d.buffer[0]
            length = struct.unpack_from(">H", d.buffer, 3)[0]
            if d.buffer[1] != 3 or length > MAX_RECORD:
                self._fail(d, f"not a TLS record (header {bytes(d.buffer[:5]).hex()})")
                return out
            if len(d.buffer) < 5 + length:
                break
            header = bytes(d.buffer[:5])
            body = bytes(d.buffer[5 : 5 + length])
            del d.buffer[: 5 + length]
            record = self._record(from_client, d, content_type, header, body)
            if record is None:
                return out
            out.append(record)
        return out

    # --- records ----------------------------------------------------------------------------------

    def _fail(self, d: _Direction, problem: str) -> None:
        d.failed = problem
        d.buffer = bytearray()
        self.problems.append(problem)

    def _record(
        self, from_client: bool, d: _Direction, content_type: int, header: bytes, body: bytes
    ) -> TlsRecord | None:
        if content_type == CONTENT_CHANGE_CIPHER_SPEC:
            if self.version != TLS13 and d.pending is not None:
                d.keys, d.pending = d.pending, None
            return TlsRecord(from_client, content_type, body, False)
        keys = d.keys
        if keys is None:
            if content_type == CONTENT_HANDSHAKE:
                self._handshake(from_client, d, body)
            return TlsRecord(from_client, content_type, body, False)
        try:
            if keys.tls13:
                inner_type, plain = self._open13(keys, header, body)
            else:
                inner_type, plain = content_type, self._open12(keys, content_type, header, body)
        except (InvalidTag, ValueError) as exc:
            side = "client" if from_client else "server"
            self._fail(d, f"cannot decrypt a {side} record: {type(exc).__name__} {exc}".rstrip()
                       + f" (wrong {keys.secret} in the key log?)")
            return None
        keys.seq += 1
        self.decrypted_records += 1
        if inner_type == CONTENT_HANDSHAKE:
            self._handshake(from_client, d, plain)
        return TlsRecord(from_client, inner_type, plain, True)

    def _open13(self, keys: _Keys, header: bytes, body: bytes) -> tuple[int, bytes]:
        nonce = bytes(a ^ b for a, b in zip(keys.iv, keys.seq.to_bytes(12, "big"), strict=True))
        aead = AESGCM(keys.key) if keys.suite.aead == "aes-gcm" else ChaCha20Poly1305(keys.key)
        plain = aead.decrypt(nonce, body, header).rstrip(b"\x00")
        if not plain:
            raise ValueError("TLS 1.3 record without content type")
        return plain[-1], plain[:-1]

    def _open12(self, keys: _Keys, content_type: int, header: bytes, body: bytes) -> bytes:
        seq = keys.seq.to_bytes(8, "big")
        if keys.suite.aead is not None:
            if len(body) < 8 + 16:
                raise ValueError("AES-GCM record too short")
            nonce = keys.iv + body[:8]
            length = len(body) - 8 - 16
            aad = seq + bytes((content_type,)) + header[1:3] + length.to_bytes(2, "big")
            return AESGCM(keys.key).decrypt(nonce, body[8:], aad)
        mac_len = keys.suite.mac_len
        digest = {20: hashlib.sha1, 32: hashlib.sha256, 48: hashlib.sha384}[mac_len]
        if keys.encrypt_then_mac:
            if len(body) < 16 + 16 + mac_len:
                raise ValueError("CBC record too short")
            ciphertext, mac = body[:-mac_len], body[-mac_len:]
            data = (
                seq + bytes((content_type,)) + header[1:3] + len(ciphertext).to_bytes(2, "big") + ciphertext
            )
            if not hmac.compare_digest(hmac.new(keys.mac_key, data, digest).digest(), mac):
                raise ValueError("bad record MAC (encrypt-then-MAC)")
            return self._cbc(keys, ciphertext)
        plain = self._cbc(keys, body)
        if len(plain) < mac_len:
            raise ValueError("CBC record shorter than its MAC")
        content, mac = plain[:-mac_len], plain[-mac_len:]
        data = seq + bytes((content_type,)) + header[1:3] + len(content).to_bytes(2, "big") + content
        if not hmac.compare_digest(hmac.new(keys.mac_key, data, digest).digest(), mac):
            raise ValueError("bad record MAC")
        return content

    @staticmethod
    def _cbc(keys: _Keys, body: bytes) -> bytes:
        if len(body) < 32 or len(body) % 16:
            raise ValueError("CBC record of a bad length")
        decryptor = Cipher(algorithms.AES(keys.key), modes.CBC(body[:16])).decryptor()
        plain = decryptor.update(body[16:]) + decryptor.finalize()
        pad = plain[-1]
        if pad + 1 > len(plain) or plain[-pad - 1 :] != bytes((pad,)) * (pad + 1):
            raise ValueError("bad CBC padding")
        return plain[: -pad - 1]

    # --- handshake --------------------------------------------------------------------------------

    def _handshake(self, from_client: bool, d: _Direction, data: bytes) -> None:
        d.handshake += data
        while len(d.handshake) >= 4:
            msg_type = d.handshake[0]
            length = int.from_bytes(d.handshake[1:4], "big")
            if len(d.handshake) < 4 + length:
                return
            body = bytes(d.handshake[4 : 4 + length])
            del d.handshake[: 4 + length]
            if msg_type == HS_CLIENT_HELLO and len(body) >= 34:
                self.client_random = body[2:34]
            elif msg_type == HS_SERVER_HELLO and len(body) >= 34:
                self._server_hello(body)
            elif msg_type == HS_FINISHED and self.version == TLS13:
                self._tls13_application_keys(from_client)

    def _server_hello(self, body: bytes) -> None:
        self.server_random = body[2:34]
        pos = 34
        sid_len = body[pos] if pos < len(body) else 0
        pos += 1 + sid_len
        if pos + 3 > len(body):
            self.problems.append("ServerHello too short")
            return
        self.cipher_suite = struct.unpack_from(">H", body, pos)[0]
        pos += 3
        version = 0x0303
        if pos + 2 <= len(body):
            ext_end = pos + 2 + struct.unpack_from(">H", body, pos)[0]
            pos += 2
            while pos + 4 <= min(ext_end, len(body)):
                ext_type, ext_len = struct.unpack_from(">HH", body, pos)
                value = body[pos + 4 : pos + 4 + ext_len]
                if ext_type == EXT_SUPPORTED_VERSIONS and len(value) == 2:
                    version = struct.unpack(">H", value)[0]
                elif ext_type == EXT_ENCRYPT_THEN_MAC:
                    self.encrypt_then_mac = True
                pos += 4 + ext_len
        self.version = version
        if version == TLS13:
            self._tls13_keys("HANDSHAKE_TRAFFIC_SECRET")
        else:
            self._tls12_keys()

    def _secret(self, label: str) -> bytes | None:
        if self.client_random is None:
            self.problems.append("no ClientHello seen: cannot look up the key log")
            return None
        secret = self._secrets.get((label, self.client_random))
        if secret is None:
            self.problems.append(
                f"key log has no {label} for client random {self.client_random.hex()}"
            )
        return secret

    def _tls13_keys(self, kind: str) -> None:
        suite = TLS13_SUITES.get(self.cipher_suite or -1)
        if suite is None:
            self.problems.append(f"TLS 1.3 cipher suite {self.cipher_suite:#06x} not supported")
            return
        for from_client, side in ((True, "CLIENT"), (False, "SERVER")):
            secret = self._secret(f"{side}_{kind}")
            if secret is None:
                return
            keys = _Keys(
                suite,
                hkdf_expand_label(secret, "key", b"", suite.key_len, suite.hash_name),
                hkdf_expand_label(secret, "iv", b"", 12, suite.hash_name),
                secret=f"{side}_{kind}",
            )
            self._dirs[from_client].keys = keys

    def _tls13_application_keys(self, from_client: bool) -> None:
        suite = TLS13_SUITES.get(self.cipher_suite or -1)
        label = ("CLIENT" if from_client else "SERVER") + "_TRAFFIC_SECRET_0"
        secret = self._secret(label)
        if suite is None or secret is None:
            return
        self._dirs[from_client].keys = _Keys(
            suite,
            hkdf_expand_label(secret, "key", b"", suite.key_len, suite.hash_name),
            hkdf_expand_label(secret, "iv", b"", 12, suite.hash_name),
            secret=label,
        )

    def _tls12_keys(self) -> None:
        suite = TLS12_SUITES.get(self.cipher_suite or -1)
        if suite is None:
            self.problems.append(f"TLS 1.2 cipher suite {self.cipher_suite:#06x} not supported")
            return
        master = self._secret("CLIENT_RANDOM")
        if master is None or self.server_random is None or self.client_random is None:
            return
        iv_len = 4 if suite.aead else 0
        size = 2 * (suite.mac_len + suite.key_len + iv_len)
        block = prf12(
            master, b"key expansion", self.server_random + self.client_random, size, suite.hash_name
        )
        pos = 0

        def take(n: int) -> bytes:
            nonlocal pos
            pos += n
            return block[pos - n : pos]

        client_mac, server_mac = take(suite.mac_len), take(suite.mac_len)
        client_key, server_key = take(suite.key_len), take(suite.key_len)
        client_iv, server_iv = take(iv_len), take(iv_len)
        etm = self.encrypt_then_mac and suite.aead is None
        self._dirs[True].pending = _Keys(suite, client_key, client_iv, client_mac, 0, False, etm)
        self._dirs[False].pending = _Keys(suite, server_key, server_iv, server_mac, 0, False, etm)
