"""Key generation and the small helpers every module needs to treat the three key types alike."""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed448

from tls.ed448 import Ed448ScalarKey
from tls.profiles import KeyAlgorithm

PrivateKey = ec.EllipticCurvePrivateKey | ed448.Ed448PrivateKey
PublicKey = ec.EllipticCurvePublicKey | ed448.Ed448PublicKey
SigningKey = PrivateKey | Ed448ScalarKey
"""A key the V2G messages are signed with: a ``cryptography`` key, or an Ed448 key known by its
scalar only (an Ed448 contract installed through the -20 key transport, :mod:`tls.ed448`)."""

_CURVES: dict[KeyAlgorithm, type[ec.EllipticCurve]] = {
    KeyAlgorithm.SECP256R1: ec.SECP256R1,
    KeyAlgorithm.SECP521R1: ec.SECP521R1,
}


def generate_key(algorithm: KeyAlgorithm) -> PrivateKey:
    if algorithm is KeyAlgorithm.ED448:
        return ed448.Ed448PrivateKey.generate()
    return ec.generate_private_key(_CURVES[algorithm]())


def algorithm_of(key: PublicKey | SigningKey) -> KeyAlgorithm | None:
    """The profile algorithm of a key, None for a curve no profile uses."""
    if isinstance(key, ed448.Ed448PublicKey | ed448.Ed448PrivateKey | Ed448ScalarKey):
        return KeyAlgorithm.ED448
    for algorithm, curve in _CURVES.items():
        if isinstance(key.curve, curve):
            return algorithm
    return None


def signature_hash(algorithm: KeyAlgorithm) -> hashes.SHA256 | hashes.SHA512 | None:
    """The hash a certificate signed with a key of ``algorithm`` uses (None: Ed448 hashes itself)."""
    if algorithm is KeyAlgorithm.SECP256R1:
        return hashes.SHA256()
    if algorithm is KeyAlgorithm.SECP521R1:
        return hashes.SHA512()
    return None
