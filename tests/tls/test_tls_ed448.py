"""The pure-Python Ed448 of tls.ed448, checked against ``cryptography`` (OpenSSL): the scalar and public
key of random seeds, RFC 8032 signatures byte for byte, and signatures made from the scalar alone
verified by ``Ed448PublicKey.verify``."""

from __future__ import annotations

import base64

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed448
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from hypothesis import given, settings
from hypothesis import strategies as st

from tls import ed448 as pure
from tls.ed448 import Ed448Error, Ed448ScalarKey

seeds = st.binary(min_size=57, max_size=57)
messages = st.binary(max_size=300)


def _public(key: ed448.Ed448PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def test_curve_constants() -> None:
    assert pure.on_curve(pure.BASE)
    assert pure.same_point(pure.multiply(pure.L), pure.IDENTITY)  # B has order L
    assert not pure.same_point(pure.multiply(pure.L - 1), pure.IDENTITY)
    assert pure.same_point(pure.multiply(2), pure._double(pure.BASE))


@settings(max_examples=25, deadline=None)
@given(seed=seeds)
def test_scalar_and_public_key_of_a_seed_match_cryptography(seed: bytes) -> None:
    key = ed448.Ed448PrivateKey.from_private_bytes(seed)
    s = pure.scalar_from_seed(seed)
    assert 0 < s < pure.L
    assert pure.public_from_scalar(s) == _public(key)
    assert Ed448ScalarKey.from_private_key(key).public_key() == key.public_key()


@settings(max_examples=20, deadline=None)
@given(seed=seeds, message=messages)
def test_rfc8032_signature_from_the_seed_is_cryptographys(seed: bytes, message: bytes) -> None:
    key = ed448.Ed448PrivateKey.from_private_bytes(seed)
    assert pure.sign_with_seed(seed, message) == key.sign(message)  # Ed448 is deterministic


@settings(max_examples=20, deadline=None)
@given(seed=seeds, message=messages)
def test_signatures_of_the_scalar_key_verify_with_cryptography(seed: bytes, message: bytes) -> None:
    key = ed448.Ed448PrivateKey.from_private_bytes(seed)
    scalar_key = Ed448ScalarKey.from_private_key(key)
    signature = scalar_key.sign(message)
    assert len(signature) == 114
    key.public_key().verify(signature, message)
    assert scalar_key.sign(message) == signature  # deterministic nonce
    with pytest.raises(InvalidSignature):
        key.public_key().verify(signature, message + b"x")


@settings(max_examples=15, deadline=None)
@given(scalar=st.integers(min_value=1, max_value=pure.L - 1), message=messages)
def test_any_scalar_signs_verifiably(scalar: int, message: bytes) -> None:
    key = Ed448ScalarKey(scalar)
    public = ed448.Ed448PublicKey.from_public_bytes(key.public_bytes())
    public.verify(key.sign(message), message)
    assert Ed448ScalarKey.from_bytes(key.to_bytes()) == key and len(key.to_bytes()) == 56


@settings(max_examples=15, deadline=None)
@given(seed=seeds)
def test_point_encoding_round_trip(seed: bytes) -> None:
    encoded = _public(ed448.Ed448PrivateKey.from_private_bytes(seed))
    point = pure.decode_point(encoded)
    assert pure.on_curve(point) and pure.encode_point(point) == encoded


def test_decoding_refuses_what_is_no_point() -> None:
    with pytest.raises(Ed448Error, match="57 bytes"):
        pure.decode_point(bytes(56))
    with pytest.raises(Ed448Error, match="below p"):
        pure.decode_point(pure.P.to_bytes(57, "little"))
    with pytest.raises(Ed448Error, match="sign bit"):  # y = 1 gives x = 0
        pure.decode_point((1 | 1 << 455).to_bytes(57, "little"))
    bad = next(y for y in range(2, 100) if _no_x(y))
    with pytest.raises(Ed448Error, match="not a point"):
        pure.decode_point(bad.to_bytes(57, "little"))


def _no_x(y: int) -> bool:
    try:
        pure.decode_point(y.to_bytes(57, "little"))
    except Ed448Error:
        return True
    return False


@pytest.mark.parametrize("scalar", [0, pure.L, pure.L + 1, 2**448 - 1])
def test_scalar_out_of_range_is_refused(scalar: int) -> None:
    with pytest.raises(Ed448Error, match=r"1 \.\. L-1"):
        Ed448ScalarKey(scalar)


def test_scalar_key_file_form_round_trip_and_refusals() -> None:
    key = Ed448ScalarKey.from_private_key(ed448.Ed448PrivateKey.generate())
    text = pure.scalar_key_to_pem(key)
    assert b"-----BEGIN ED448 SECRET SCALAR-----" in text and b"not an RFC 8032 seed" in text
    assert pure.scalar_key_from_pem(text) == key
    assert "secret" in repr(key) and str(key.scalar) not in repr(key)
    with pytest.raises(Ed448Error, match="no ED448 SECRET SCALAR"):
        pure.scalar_key_from_pem(b"nothing")
    begin, end = b"-----BEGIN ED448 SECRET SCALAR-----\n", b"\n-----END ED448 SECRET SCALAR-----\n"
    short = begin + base64.b64encode(bytes(55)) + end
    with pytest.raises(Ed448Error, match="56 bytes"):
        pure.scalar_key_from_pem(short)
    with pytest.raises(Ed448Error, match="not base64"):
        pure.scalar_key_from_pem(short.replace(b"AAAA", b"A!AA", 1))
    with pytest.raises(Ed448Error, match="seed"):
        pure.sign_with_seed(bytes(56), b"")


def test_cryptography_key_seed_round_trip_is_the_seed() -> None:
    key = ed448.Ed448PrivateKey.generate()
    seed = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    assert Ed448ScalarKey.from_private_key(key).scalar == pure.scalar_from_seed(seed)
    assert Ed448ScalarKey.from_private_key(key).matches(key.public_key())
    assert not Ed448ScalarKey.from_private_key(key).matches(ed448.Ed448PrivateKey.generate().public_key())
