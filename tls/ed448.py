"""Ed448 (RFC 8032 §5.2) from its secret scalar: what an ISO 15118-20 EVCC holds after an Ed448
CertificateInstallation.

The -20 key transport carries the contract private key as a 448-bit value that the EVCC uses as "the
448-bit contract certificate private key" [V2G20-2509], checks to be below the group order and to give
the certificate's public key when multiplied with the base point [V2G20-2510]. An RFC 8032 private key
is a 57-byte seed, which does not fit in 56 bytes; our reading is that the value is the Ed448 secret
scalar ``s`` (the clamped first half of SHAKE256(seed, 114), reduced modulo the group order ``L``),
big-endian. ``cryptography`` signs only from a seed, so this module does the curve arithmetic itself:

* edwards448, ``x^2 + y^2 = 1 + d x^2 y^2`` over GF(p), ``p = 2^448 - 2^224 - 1``, ``d = -39081``,
  projective coordinates (X:Y:Z) with the complete addition and doubling formulas of RFC 8032 §5.2.4;
* point encoding and decoding (57 bytes: y little-endian, the sign of x in the top bit) per §5.2.2/3;
* :func:`scalar_from_seed` (§5.2.5), :func:`public_from_scalar`, and :class:`Ed448ScalarKey`, whose
  ``sign`` makes a standard 114-byte pure Ed448 signature with an empty context (§5.2.6) that any
  RFC 8032 verifier accepts. Without a seed there is no RFC nonce prefix: the prefix is derived
  deterministically as SHAKE256(``NONCE_DOMAIN`` || s, 57), secret because ``s`` is.

Verification is left to ``cryptography`` (``Ed448PublicKey.verify``). The arithmetic is plain Python
integers, not constant time: fit for a test EVCC and the emulators, not for a car's secure element.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric import ed448
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

P = 2**448 - 2**224 - 1
D = P - 39081
L = 2**446 - 13818066809895115352007386748515426880336692474882178609894547503885
"""The order of the base point."""
_BX = 224580040295924300187604334099896036246789641632564134246125461686950415467406032909029192869357953282578032075146446173674602635247710  # noqa: E501
_BY = 298819210078481492676017930443930673437544040154080242095928241372331506189835876003536878655418784733982303233503462500531545062832660  # noqa: E501
SCALAR_BYTES = 56
"""The transported scalar: 448 bits, big-endian [V2G20-2501]."""
POINT_BYTES = 57
SIGNATURE_BYTES = 114
NONCE_DOMAIN = b"v2g ISO 15118-20 Ed448 scalar key nonce prefix"
_DOM4 = b"SigEd448" + bytes([0, 0])  # dom4(0, ""): pure Ed448, empty context

Point = tuple[int, int, int]
"""Projective (X:Y:Z), x = X/Z, y = Y/Z."""
IDENTITY: Point = (0, 1, 1)
BASE: Point = (_BX, _BY, 1)


class Ed448Error(ValueError):
    """A point encoding that is not on edwards448, or a scalar out of range."""


def _add(p1: Point, p2: Point) -> Point:
    x1, y1, z1 = p1
    x2, y2, z2 = p2
    a = z1 * z2 % P
    b = a * a % P
    c = x1 * x2 % P
    d = y1 * y2 % P
    e = D * c % P * d % P
    f = (b - e) % P
    g = (b + e) % P
    h = (x1 + y1) * (x2 + y2) % P
    return a * f % P * (h - c - d) % P, a * g % P * (d - c) % P, f * g % P


def _double(p1: Point) -> Point:
    x1, y1, z1 = p1
    b = (x1 + y1) * (x1 + y1) % P
    c = x1 * x1 % P
    d = y1 * y1 % P
    e = (c + d) % P
    h = z1 * z1 % P
    j = (e - 2 * h) % P
    return (b - e) * j % P, e * (c - d) % P, e * j % P


def multiply(k: int, point: Point = BASE) -> Point:
    """[k]point, k >= 0, with a 4-bit fixed window."""
    if k < 0:
        raise Ed448Error("negative scalar")
    table = [IDENTITY, point]
    for _ in range(14):
        table.append(_add(table[-1], point))
    acc = IDENTITY
    for shift in range((k.bit_length() + 3) // 4 * 4 - 4, -1, -4):
        for _ in range(4):
            acc = _double(acc)
        acc = _add(acc, table[(k >> shift) & 0xF])
    return acc


def affine(point: Point) -> tuple[int, int]:
    x, y, z = point
    inv = pow(z, P - 2, P)
    return x * inv % P, y * inv % P


def on_curve(point: Point) -> bool:
    x, y = affine(point)
    return (x * x + y * y - 1 - D * x * x % P * y * y) % P == 0


def same_point(p1: Point, p2: Point) -> bool:
    return (p1[0] * p2[2] - p2[0] * p1[2]) % P == 0 and (p1[1] * p2[2] - p2[1] * p1[2]) % P == 0


def encode_point(point: Point) -> bytes:
    """57 bytes: y little-endian, bit 7 of the last octet the least significant bit of x."""
    x, y = affine(point)
    return (y | (x & 1) << 455).to_bytes(POINT_BYTES, "little")


def decode_point(data: bytes) -> Point:
    """The point of a 57-byte encoding; :class:`Ed448Error` if it is none."""
    if len(data) != POINT_BYTES:
        raise Ed448Error("an Ed448 point is 57 bytes")
    value = int.from_bytes(data, "little")
    sign, y = value >> 455, value & ((1 << 455) - 1)
    if y >= P:
        raise Ed448Error("y is not below p")
    u = (y * y - 1) % P
    v = (D * y * y - 1) % P
    x = pow(u * pow(v, P - 2, P) % P, (P + 1) // 4, P)  # p = 3 mod 4
    if (v * x * x - u) % P:
        raise Ed448Error("no x for this y: not a point of edwards448")
    if x == 0 and sign:
        raise Ed448Error("x = 0 with the sign bit set")
    if x & 1 != sign:
        x = P - x
    return x, y, 1


def _shake(data: bytes, size: int = SIGNATURE_BYTES) -> bytes:
    return hashlib.shake_256(data).digest(size)


def _expand_seed(seed: bytes) -> tuple[int, bytes]:
    if len(seed) != POINT_BYTES:
        raise Ed448Error("an RFC 8032 Ed448 private key (seed) is 57 bytes")
    h = bytearray(_shake(seed))
    h[0] &= 0xFC  # clear the two lowest bits,
    h[56] = 0  # all of the last octet,
    h[55] |= 0x80  # and set the highest bit of the one before
    return int.from_bytes(h[:57], "little"), bytes(h[57:])


def scalar_from_seed(seed: bytes) -> int:
    """s of an RFC 8032 seed: the clamped first half of SHAKE256(seed, 114), reduced mod L."""
    return _expand_seed(seed)[0] % L


def public_from_scalar(scalar: int) -> bytes:
    """The 57-byte public key [s]B."""
    return encode_point(multiply(scalar % L))


def _sign(scalar: int, prefix: bytes, public: bytes, message: bytes) -> bytes:
    r = int.from_bytes(_shake(_DOM4 + prefix + message), "little") % L
    big_r = encode_point(multiply(r))
    k = int.from_bytes(_shake(_DOM4 + big_r + public + message), "little") % L
    return big_r + ((r + k * scalar) % L).to_bytes(POINT_BYTES, "little")


def sign_with_seed(seed: bytes, message: bytes) -> bytes:
    """RFC 8032 Ed448 from a seed (the nonce prefix of the RFC): for tests against ``cryptography``."""
    scalar, prefix = _expand_seed(seed)
    return _sign(scalar % L, prefix, public_from_scalar(scalar), message)


@dataclass(frozen=True, slots=True)
class Ed448ScalarKey:
    """An Ed448 private key known by its secret scalar ``0 < s < L`` only (an installed -20 Ed448
    contract key). Signs like ``Ed448PrivateKey`` (pure, empty context)."""

    scalar: int
    _public: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 0 < self.scalar < L:
            raise Ed448Error("an Ed448 secret scalar is in 1 .. L-1 [V2G20-2510]")
        object.__setattr__(self, "_public", public_from_scalar(self.scalar))

    def __repr__(self) -> str:
        return "Ed448ScalarKey(<secret>)"

    @classmethod
    def from_bytes(cls, data: bytes) -> Ed448ScalarKey:
        """From the 56-byte big-endian transport form."""
        if len(data) != SCALAR_BYTES:
            raise Ed448Error("an Ed448 secret scalar is 56 bytes")
        return cls(int.from_bytes(data, "big"))

    @classmethod
    def from_private_key(cls, key: ed448.Ed448PrivateKey) -> Ed448ScalarKey:
        """The scalar of a ``cryptography`` key (what the certificate service transports)."""
        return cls(scalar_from_seed(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())))

    def to_bytes(self) -> bytes:
        """56 bytes, big-endian [V2G20-2501]."""
        return self.scalar.to_bytes(SCALAR_BYTES, "big")

    def public_bytes(self) -> bytes:
        return self._public

    def public_key(self) -> ed448.Ed448PublicKey:
        return ed448.Ed448PublicKey.from_public_bytes(self._public)

    def matches(self, public: object) -> bool:
        """``public`` is this key's Ed448 public key."""
        return isinstance(public, ed448.Ed448PublicKey) and (
            public.public_bytes(Encoding.Raw, PublicFormat.Raw) == self._public
        )

    def sign(self, data: bytes) -> bytes:
        """A 114-byte RFC 8032 Ed448 signature (empty context) over ``data``."""
        prefix = _shake(NONCE_DOMAIN + self.to_bytes(), POINT_BYTES)
        return _sign(self.scalar, prefix, self._public, data)


PEM_LABEL = "ED448 SECRET SCALAR"
"""The file form of an :class:`Ed448ScalarKey`: RFC 7468 text, the 56-byte big-endian scalar."""
_PEM_NOTE = (
    b"An ISO 15118-20 Ed448 contract private key as CertificateInstallation delivers it: the Ed448\n"
    b"secret scalar s (not an RFC 8032 seed), 56 bytes big-endian. Keep it secret.\n"
)


def scalar_key_to_pem(key: Ed448ScalarKey) -> bytes:
    body = base64.encodebytes(key.to_bytes())
    begin, end = f"-----BEGIN {PEM_LABEL}-----\n", f"-----END {PEM_LABEL}-----\n"
    return _PEM_NOTE + begin.encode() + body + end.encode()


def scalar_key_from_pem(data: bytes) -> Ed448ScalarKey:
    """The key of :func:`scalar_key_to_pem`; :class:`Ed448Error` if the text holds none."""
    begin, end = f"-----BEGIN {PEM_LABEL}-----".encode(), f"-----END {PEM_LABEL}-----".encode()
    start, stop = data.find(begin), data.find(end)
    if start < 0 or stop < start:
        raise Ed448Error(f"no {PEM_LABEL} block")
    try:
        raw = base64.b64decode(b"".join(data[start + len(begin):stop].split()), validate=True)
    except ValueError as exc:
        raise Ed448Error(f"the {PEM_LABEL} block is not base64") from exc
    return Ed448ScalarKey.from_bytes(raw)
