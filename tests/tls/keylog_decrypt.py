"""A small, independent TLS record decryptor for the tests: reads an NSS key log and decrypts the
application data of a recorded TLS 1.2 (AES-128-CBC-SHA256) or TLS 1.3 (AES-256-GCM-SHA384)
connection, using only `cryptography` primitives. It shares no code with the package under test."""

from __future__ import annotations

import hmac
import struct
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand


def records(stream: bytes) -> list[tuple[int, bytes, bytes]]:
    """(content type, 5-byte header, payload) of every TLS record in a byte stream."""
    out = []
    i = 0
    while i + 5 <= len(stream):
        ctype, _version, length = struct.unpack("!BHH", stream[i : i + 5])
        out.append((ctype, stream[i : i + 5], stream[i + 5 : i + 5 + length]))
        i += 5 + length
    return out


def keylog(path: Path) -> dict[tuple[str, bytes], bytes]:
    out = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            label, random, secret = line.split()
            out[(label, bytes.fromhex(random))] = bytes.fromhex(secret)
    return out


def _hello_random(stream: bytes) -> bytes:
    ctype, _, payload = records(stream)[0]
    assert ctype == 22 and payload[0] in (1, 2)  # ClientHello / ServerHello
    return payload[6:38]


def _expand_label(secret: bytes, label: bytes, length: int) -> bytes:
    full = b"tls13 " + label
    info = struct.pack("!H", length) + bytes([len(full)]) + full + b"\x00"
    return HKDFExpand(hashes.SHA384(), length, info).derive(secret)


def tls13_application_data(c2s: bytes, s2c: bytes, log: Path, *, from_client: bool) -> list[bytes]:
    """Decrypt one direction's application data (TLS_AES_256_GCM_SHA384)."""
    client_random = _hello_random(c2s)
    label = "CLIENT_TRAFFIC_SECRET_0" if from_client else "SERVER_TRAFFIC_SECRET_0"
    secret = keylog(log)[(label, client_random)]
    key, iv = _expand_label(secret, b"key", 32), _expand_label(secret, b"iv", 12)
    seq, out = 0, []
    for ctype, header, payload in records(c2s if from_client else s2c):
        if ctype != 23:
            continue
        nonce = bytes(a ^ b for a, b in zip(iv, seq.to_bytes(12, "big"), strict=True))
        try:
            inner = AESGCM(key).decrypt(nonce, payload, header)
        except InvalidTag:
            continue  # a handshake-traffic record (encrypted with the handshake secret)
        seq += 1
        inner = inner.rstrip(b"\x00")
        if inner[-1] == 23:
            out.append(inner[:-1])
    return out


def _prf(secret: bytes, label: bytes, seed: bytes, length: int) -> bytes:
    out, a = b"", label + seed
    while len(out) < length:
        a = hmac.digest(secret, a, "sha256")
        out += hmac.digest(secret, a + label + seed, "sha256")
    return out[:length]


def tls12_application_data(c2s: bytes, s2c: bytes, log: Path, *, from_client: bool) -> list[bytes]:
    """Decrypt one direction's application data (ECDHE-ECDSA-AES128-SHA256), with or without
    encrypt-then-MAC; every record's MAC is checked."""
    client_random, server_random = _hello_random(c2s), _hello_random(s2c)
    master = keylog(log)[("CLIENT_RANDOM", client_random)]
    block = _prf(master, b"key expansion", server_random + client_random, 96)
    mac_key = block[0:32] if from_client else block[32:64]
    enc_key = block[64:80] if from_client else block[80:96]
    out = []
    seq = -1
    encrypted = False
    for ctype, header, payload in records(c2s if from_client else s2c):
        if ctype == 20:
            encrypted = True
            continue
        if not encrypted:
            continue
        seq += 1
        for etm in (True, False):
            body, mac = (payload[:-32], payload[-32:]) if etm else (payload, b"")
            if len(body) % 16:
                continue
            dec = Cipher(algorithms.AES(enc_key), modes.CBC(body[:16])).decryptor()
            plain = dec.update(body[16:]) + dec.finalize()
            plain = plain[: -(plain[-1] + 1)]
            if etm:
                data = plain
                mac_input = header[:3] + struct.pack("!H", len(body)) + body
            else:
                data, mac = plain[:-32], plain[-32:]
                mac_input = header[:3] + struct.pack("!H", len(data)) + data
            expect = hmac.digest(mac_key, seq.to_bytes(8, "big") + mac_input, "sha256")
            if hmac.compare_digest(expect, mac):
                if ctype == 23:
                    out.append(data)
                break
        else:
            raise AssertionError(f"record {seq} does not authenticate")
    return out
