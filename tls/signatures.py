"""The pure-crypto half of the XML signatures over EXI (the EXI/xmldsig half lives in v2g/signing.py).

ISO 15118-2 signs with ECDSA on secp256r1 over a SHA-256 digest and carries the signature as raw
``r || s`` (32 + 32 bytes) in SignatureValue; ISO 15118-20 uses ECDSA secp521r1 over SHA-512 (66 + 66
bytes) or Ed448 (114 bytes, hashing with SHAKE256 internally, signing the SignedInfo bytes directly).
``cryptography`` does the signing (:mod:`tls.ed448` for an Ed448 key known by its scalar only); this
module converts between DER and raw ``r || s``.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed448
from cryptography.hazmat.primitives.asymmetric.utils import (
    Prehashed,
    decode_dss_signature,
    encode_dss_signature,
)

from tls.ed448 import Ed448ScalarKey
from tls.errors import SignatureFormatError, TlsPackageError


class SignatureInvalid(TlsPackageError):
    """The signature does not verify over the data with the key given."""


_HASH_FOR_CURVE: dict[type[ec.EllipticCurve], type[hashes.HashAlgorithm]] = {
    ec.SECP256R1: hashes.SHA256,
    ec.SECP521R1: hashes.SHA512,
}


def _hash_for(curve: ec.EllipticCurve) -> hashes.HashAlgorithm:
    for curve_type, hash_type in _HASH_FOR_CURVE.items():
        if isinstance(curve, curve_type):
            return hash_type()
    raise SignatureFormatError(f"curve {curve.name} is not used by ISO 15118 (secp256r1, secp521r1)")


def _scalar_bytes(curve: ec.EllipticCurve) -> int:
    return (curve.key_size + 7) // 8


def sign_digest(key: ec.EllipticCurvePrivateKey, digest: bytes) -> bytes:
    """Sign a precomputed digest (SHA-256 for secp256r1, SHA-512 for secp521r1); return raw r || s."""
    algorithm = _hash_for(key.curve)
    if len(digest) != algorithm.digest_size:
        raise SignatureFormatError(f"a {algorithm.name} digest is {algorithm.digest_size} bytes")
    der = key.sign(digest, ec.ECDSA(Prehashed(algorithm)))
    r, s = decode_dss_signature(der)
    n = _scalar_bytes(key.curve)
    return r.to_bytes(n, "big") + s.to_bytes(n, "big")


def verify_digest(public: ec.EllipticCurvePublicKey, digest: bytes, signature: bytes) -> None:
    """Verify raw r || s over a precomputed digest; raise :class:`SignatureInvalid` if it fails."""
    algorithm = _hash_for(public.curve)
    n = _scalar_bytes(public.curve)
    if len(signature) != 2 * n:
        raise SignatureFormatError(f"a raw {public.curve.name} signature is {2 * n} bytes")
    if len(digest) != algorithm.digest_size:
        raise SignatureFormatError(f"a {algorithm.name} digest is {algorithm.digest_size} bytes")
    der = encode_dss_signature(int.from_bytes(signature[:n], "big"), int.from_bytes(signature[n:], "big"))
    try:
        public.verify(der, digest, ec.ECDSA(Prehashed(algorithm)))
    except InvalidSignature as exc:
        raise SignatureInvalid("ECDSA signature does not verify") from exc


def digest_for(
    public_or_private: ec.EllipticCurvePublicKey | ec.EllipticCurvePrivateKey, data: bytes
) -> bytes:
    """The digest of ``data`` with the hash that goes with the key's curve."""
    h = hashes.Hash(_hash_for(public_or_private.curve))
    h.update(data)
    return h.finalize()


def sign_ed448(key: ed448.Ed448PrivateKey | Ed448ScalarKey, data: bytes) -> bytes:
    """Ed448 (RFC 8032, pure, empty context) over ``data``: 114 bytes. An :class:`Ed448ScalarKey`
    (known by its scalar only) signs with :mod:`tls.ed448`."""
    return key.sign(data)


def verify_ed448(public: ed448.Ed448PublicKey, data: bytes, signature: bytes) -> None:
    if len(signature) != 114:
        raise SignatureFormatError("an Ed448 signature is 114 bytes")
    try:
        public.verify(signature, data)
    except InvalidSignature as exc:
        raise SignatureInvalid("Ed448 signature does not verify") from exc
