"""Raw r||s ECDSA over digests (P-256/SHA-256, P-521/SHA-512) and Ed448."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed448
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from tls.errors import SignatureFormatError
from tls.signatures import SignatureInvalid, digest_for, sign_digest, sign_ed448, verify_digest, verify_ed448

SIGNED_INFO = b"<SignedInfo>example canonical EXI fragment bytes</SignedInfo>"


@pytest.mark.parametrize(
    ("curve", "h", "size"),
    [(ec.SECP256R1(), hashlib.sha256, 64), (ec.SECP521R1(), hashlib.sha512, 132)],
)
def test_ecdsa_raw_signatures(curve: ec.EllipticCurve, h: object, size: int) -> None:
    key = ec.generate_private_key(curve)
    digest = h(SIGNED_INFO).digest()  # type: ignore[operator]
    assert digest_for(key, SIGNED_INFO) == digest
    sig = sign_digest(key, digest)
    assert len(sig) == size
    verify_digest(key.public_key(), digest, sig)
    # cross-check with cryptography's own verifier over the message (DER form)
    n = size // 2
    der = encode_dss_signature(int.from_bytes(sig[:n], "big"), int.from_bytes(sig[n:], "big"))
    algo = hashes.SHA256() if size == 64 else hashes.SHA512()
    key.public_key().verify(der, SIGNED_INFO, ec.ECDSA(algo))
    modified = digest_for(key, SIGNED_INFO + b" ")
    with pytest.raises(SignatureInvalid):
        verify_digest(key.public_key(), modified, sig)
    with pytest.raises(SignatureInvalid):
        verify_digest(ec.generate_private_key(curve).public_key(), digest, sig)
    with pytest.raises(SignatureFormatError):
        verify_digest(key.public_key(), digest, sig[:-1])
    with pytest.raises(SignatureFormatError):
        sign_digest(key, digest[:-1])


def test_unsupported_curve() -> None:
    with pytest.raises(SignatureFormatError):
        sign_digest(ec.generate_private_key(ec.SECP384R1()), bytes(48))


def test_ed448() -> None:
    key = ed448.Ed448PrivateKey.generate()
    sig = sign_ed448(key, SIGNED_INFO)
    assert len(sig) == 114
    verify_ed448(key.public_key(), SIGNED_INFO, sig)
    with pytest.raises(SignatureInvalid):
        verify_ed448(key.public_key(), SIGNED_INFO + b"x", sig)
    with pytest.raises(SignatureFormatError):
        verify_ed448(key.public_key(), SIGNED_INFO, sig[:-1])
