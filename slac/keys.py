"""NMK and NID generation (HomePlug AV key derivation as used by ISO 15118-3)."""

from __future__ import annotations

import hashlib
import string
from collections.abc import Callable

from slac.errors import ConfigError

NMK_HS_SALT = bytes.fromhex("08856daf7cf58186")
SECURITY_LEVEL_SIMPLE_CONNECT = 0b00
_PRINTABLE = (string.digits + string.ascii_uppercase).encode()

RandomSource = Callable[[int], bytes]
"""A function returning n random bytes (``os.urandom`` in production, a seeded one in tests)."""


def nid_from_nmk(nmk: bytes, security_level: int = SECURITY_LEVEL_SIMPLE_CONNECT) -> bytes:
    """The 7-byte network ID of an NMK: SHA-256 applied five times, the first 52 bits of the digest
    followed by the 2-bit security level (ISO 15118-3 uses level 0)."""
    if len(nmk) != 16:
        raise ConfigError(f"an NMK is 16 bytes, got {len(nmk)}")
    if not 0 <= security_level <= 3:
        raise ConfigError(f"security level {security_level} does not fit in 2 bits")
    digest = hashlib.sha256(nmk).digest()
    for _ in range(4):
        digest = hashlib.sha256(digest).digest()
    return digest[:6] + bytes([(security_level << 4) | (digest[6] >> 4)])


def nmk_from_password(password: str | bytes, salt: bytes = NMK_HS_SALT) -> bytes:
    """HomePlug NMK-HS from a network password: SHA-256(password || salt), re-hashed 999 times."""
    data = password.encode() if isinstance(password, str) else password
    digest = hashlib.sha256(data + salt).digest()
    for _ in range(999):
        digest = hashlib.sha256(digest).digest()
    return digest[:16]


def random_nmk(random_bytes: RandomSource, printable: bool = False) -> bytes:
    """A fresh session NMK. ``printable`` picks 16 characters from [0-9A-Z] (EVerest's legacy mode,
    which some modems' tools display nicely); otherwise the full byte range."""
    if not printable:
        nmk = random_bytes(16)
        if len(nmk) != 16:
            raise ConfigError("random source returned the wrong number of bytes")
        return nmk
    out = bytearray()
    while len(out) < 16:
        for b in random_bytes(32):
            if b < 252 and len(out) < 16:  # 252 = 7 * 36: no modulo bias
                out.append(_PRINTABLE[b % 36])
    return bytes(out)
