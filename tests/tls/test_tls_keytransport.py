"""Contract private key transport: round trips, tamper and mismatch rejection, and known vectors
computed independently of the code under test (hashlib + raw AES, and the openssl CLI); the -20
session key pinned to [V2G20-2535]; the Ed448 family's X448 transport of the Ed448 scalar."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed448, x448
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from tls.ed448 import Ed448ScalarKey, L
from tls.errors import ContractKeyMismatch, KeyTransportError, KeyTransportFormatError, KeyTransportTagError
from tls.keytransport import (
    iso2_decrypt_private_key,
    iso2_encrypt_private_key,
    iso20_aad,
    iso20_decrypt_ed448_private_key,
    iso20_decrypt_secp521_private_key,
    iso20_encrypt_private_key,
    iso20_session_key,
)
from tls.pki import Pki
from tls.profiles import Role

# Fixed test scalars (any value below the group order works); the vector is reproducible.
STATIC_D = 0x1F2E3D4C5B6A79881F2E3D4C5B6A79881F2E3D4C5B6A79881F2E3D4C5B6A7988
EPHEMERAL_D = 0x0102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F20
CONTRACT_D = 0x7766554433221100FFEEDDCCBBAA99887766554433221100FFEEDDCCBBAA9988
IV = bytes(range(16))


def _independent_iso2_vector() -> tuple[bytes, bytes]:
    """IV || AES-128-CBC(SHA-256(00000001 || Z || 01 55 56)[:16], d) from the standard's text."""
    static = ec.derive_private_key(STATIC_D, ec.SECP256R1())
    eph = ec.derive_private_key(EPHEMERAL_D, ec.SECP256R1())
    z = eph.exchange(ec.ECDH(), static.public_key())
    k = hashlib.sha256(b"\x00\x00\x00\x01" + z + b"\x01\x55\x56").digest()[:16]
    enc = Cipher(algorithms.AES(k), modes.CBC(IV)).encryptor()
    ct = enc.update(CONTRACT_D.to_bytes(32, "big")) + enc.finalize()
    return eph.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint), IV + ct


def test_iso2_known_vector_both_ways() -> None:
    dh, field = _independent_iso2_vector()
    static = ec.derive_private_key(STATIC_D, ec.SECP256R1())
    contract = ec.derive_private_key(CONTRACT_D, ec.SECP256R1())
    got = iso2_decrypt_private_key(field, dh, static, contract.public_key())
    assert got.private_numbers().private_value == CONTRACT_D
    enc = iso2_encrypt_private_key(
        contract, static.public_key(), ephemeral=ec.derive_private_key(EPHEMERAL_D, ec.SECP256R1()), iv=IV
    )
    assert (enc.dh_public_key, enc.encrypted_private_key) == (dh, field)


OPENSSL = shutil.which("openssl")


@pytest.mark.skipif(OPENSSL is None, reason="openssl CLI not installed")
def test_iso2_vector_made_by_openssl_decrypts(tmp_path: Path) -> None:
    assert OPENSSL is not None
    static = ec.generate_private_key(ec.SECP256R1())
    eph = ec.generate_private_key(ec.SECP256R1())
    contract = ec.generate_private_key(ec.SECP256R1())
    (tmp_path / "eph.pem").write_bytes(eph.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    (tmp_path / "static.pub").write_bytes(
        static.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    )
    z = subprocess.run(
        [
            OPENSSL,
            "pkeyutl",
            "-derive",
            "-inkey",
            str(tmp_path / "eph.pem"),
            "-peerkey",
            str(tmp_path / "static.pub"),
        ],
        capture_output=True,
        check=True,
    ).stdout
    assert len(z) == 32
    k = hashlib.sha256(b"\x00\x00\x00\x01" + z + b"\x01\x55\x56").digest()[:16]
    iv = bytes.fromhex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf")
    ct = subprocess.run(
        [OPENSSL, "enc", "-aes-128-cbc", "-nopad", "-K", k.hex(), "-iv", iv.hex()],
        input=contract.private_numbers().private_value.to_bytes(32, "big"),
        capture_output=True,
        check=True,
    ).stdout
    dh = eph.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    got = iso2_decrypt_private_key(iv + ct, dh, static, contract.public_key())
    assert got.private_numbers() == contract.private_numbers()


def test_iso2_round_trip_with_created_pki(pkis: dict[str, Pki]) -> None:
    pki = pkis["iso2"]
    contract = pki.keys[Role.CONTRACT_LEAF]
    oem = pki.keys[Role.OEM_PROV_LEAF]
    assert isinstance(contract, ec.EllipticCurvePrivateKey) and isinstance(oem, ec.EllipticCurvePrivateKey)
    contract_pub = pki.certs[Role.CONTRACT_LEAF].public_key()
    oem_pub = pki.certs[Role.OEM_PROV_LEAF].public_key()
    assert isinstance(contract_pub, ec.EllipticCurvePublicKey) and isinstance(
        oem_pub, ec.EllipticCurvePublicKey
    )
    a = iso2_encrypt_private_key(contract, oem_pub)
    b = iso2_encrypt_private_key(contract, oem_pub)
    assert len(a.encrypted_private_key) == 48 and len(a.dh_public_key) == 65
    assert a.encrypted_private_key != b.encrypted_private_key  # fresh ephemeral key and IV
    for e in (a, b):
        got = iso2_decrypt_private_key(e.encrypted_private_key, e.dh_public_key, oem, contract_pub)
        assert got.private_numbers() == contract.private_numbers()
    # [V2G2-823]: wrong receiver key or a flipped bit gives a key that does not match the certificate
    with pytest.raises(KeyTransportError, match=r"does not match|not a valid"):
        iso2_decrypt_private_key(a.encrypted_private_key, a.dh_public_key, contract, contract_pub)
    tampered = a.encrypted_private_key[:-1] + bytes([a.encrypted_private_key[-1] ^ 1])
    with pytest.raises(KeyTransportError):
        iso2_decrypt_private_key(tampered, a.dh_public_key, oem, contract_pub)
    with pytest.raises(KeyTransportError, match="48 bytes"):
        iso2_decrypt_private_key(a.encrypted_private_key[:-1], a.dh_public_key, oem, contract_pub)
    with pytest.raises(KeyTransportError, match="65 bytes"):
        iso2_decrypt_private_key(a.encrypted_private_key, a.dh_public_key[1:], oem, contract_pub)
    bad_point = b"\x04" + b"\x01" * 64
    with pytest.raises(KeyTransportError, match="not a point"):
        iso2_decrypt_private_key(a.encrypted_private_key, bad_point, oem, contract_pub)


def _ski(cert: x509.Certificate) -> bytes:
    return cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest


def test_iso20_aad() -> None:
    aad = iso20_aad("WMIV2G1234567890AB", bytes.fromhex("4a1b2c3d4e5f6071"))
    assert aad == b"WMIV2G1234567890AB4A1B2C3D4E5F6071" and len(aad) == 34
    with pytest.raises(KeyTransportError):
        iso20_aad("wmi-v2g", b"\x01")


def test_iso20_secp521_round_trip_and_independent_vector(pkis: dict[str, Pki]) -> None:
    pki = pkis["iso20"]
    contract = pki.keys[Role.CONTRACT_LEAF]
    oem = pki.keys[Role.OEM_PROV_LEAF]
    assert isinstance(contract, ec.EllipticCurvePrivateKey) and isinstance(oem, ec.EllipticCurvePrivateKey)
    ski = _ski(pki.certs[Role.CONTRACT_LEAF])
    assert len(ski) == 8 and ski[0] >> 4 == 0b0100  # RFC 5280 method (2): 16 hex characters in the AAD
    aad = iso20_aad("WMIV2G1234567890AB", ski)
    contract_pub = contract.public_key()
    scalar = contract.private_numbers().private_value.to_bytes(66, "big")
    eph = ec.generate_private_key(ec.SECP521R1())
    iv = bytes(range(12))
    enc = iso20_encrypt_private_key(scalar, oem.public_key(), aad, ephemeral=eph, iv=iv)
    assert len(enc.dh_public_key) == 133 and len(enc.encrypted_private_key) == 94
    # independent: SHA-512 concatenation KDF by hand with hashlib, AES-GCM from cryptography
    z = eph.exchange(ec.ECDH(), oem.public_key())
    k = hashlib.sha512(b"\x00\x00\x00\x01" + z + b"\x01\x55\x56").digest()[:32]
    assert enc.encrypted_private_key == iv + AESGCM(k).encrypt(iv, scalar, aad)
    got = iso20_decrypt_secp521_private_key(
        enc.encrypted_private_key, enc.dh_public_key, oem, aad, contract_pub
    )
    assert got.private_numbers() == contract.private_numbers()
    # wrong AAD (another PCID), wrong receiver, tampered tag: all fail authentication
    with pytest.raises(KeyTransportError, match="authentication tag"):
        iso20_decrypt_secp521_private_key(
            enc.encrypted_private_key,
            enc.dh_public_key,
            oem,
            iso20_aad("WMIV2G1234567890AC", ski),
            contract_pub,
        )
    with pytest.raises(KeyTransportError, match="authentication tag"):
        iso20_decrypt_secp521_private_key(
            enc.encrypted_private_key, enc.dh_public_key, contract, aad, contract_pub
        )
    tampered = enc.encrypted_private_key[:-1] + bytes([enc.encrypted_private_key[-1] ^ 0x80])
    with pytest.raises(KeyTransportError, match="authentication tag"):
        iso20_decrypt_secp521_private_key(tampered, enc.dh_public_key, oem, aad, contract_pub)
    # a key that does not belong to the certificate, and one without the 7 zero bits [V2G20-2678]
    other = ec.generate_private_key(ec.SECP521R1()).private_numbers().private_value.to_bytes(66, "big")
    e2 = iso20_encrypt_private_key(other, oem.public_key(), aad)
    with pytest.raises(KeyTransportError, match="does not match"):
        iso20_decrypt_secp521_private_key(e2.encrypted_private_key, e2.dh_public_key, oem, aad, contract_pub)
    with pytest.raises(KeyTransportError, match="leading zero"):
        iso20_encrypt_private_key(b"\x02" + scalar[1:], oem.public_key(), aad)
    z_eph = ec.generate_private_key(ec.SECP521R1())
    raw = b"\x02" + scalar[1:]
    k2 = hashlib.sha512(
        b"\x00\x00\x00\x01" + z_eph.exchange(ec.ECDH(), oem.public_key()) + b"\x01\x55\x56"
    ).digest()
    forged = iv + AESGCM(k2[:32]).encrypt(iv, raw, aad)
    dh2 = z_eph.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    with pytest.raises(KeyTransportError, match="7 leading zero bits"):
        iso20_decrypt_secp521_private_key(forged, dh2, oem, aad, contract_pub)


def _x448_pub(key: x448.X448PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _independent_iso20_session_key(z: bytes) -> bytes:
    """[V2G20-2535] from its text: SHA-512 over counter 00000001 || Z || AlgorithmID 01 || "U" || "V",
    the first 256 bits."""
    return hashlib.sha512(b"\x00\x00\x00\x01" + z + b"\x01\x55\x56").digest()[:32]


def test_iso20_session_key_is_the_one_pass_dh_concatenation_kdf() -> None:
    # [V2G20-2535]: a single SHA-512 block gives the 256 bits, counter 1, OtherInfo 01 55 56
    for z in (bytes(66), bytes(range(56)), b"\xff" * 66):
        assert iso20_session_key(z) == _independent_iso20_session_key(z)
    # and for X448 the shared secret Z is RFC 7748's, here computed by the openssl-backed X448
    static, eph = x448.X448PrivateKey.generate(), x448.X448PrivateKey.generate()
    z = eph.exchange(static.public_key())
    assert len(z) == 56 and iso20_session_key(z) == _independent_iso20_session_key(z)


@pytest.fixture(scope="module")
def ed448_transport() -> tuple[x448.X448PrivateKey, ed448.Ed448PrivateKey, bytes, bytes]:
    """The OEM certificate's alternate X448 key, an Ed448 contract key, its 56-byte scalar, the AAD."""
    receiver = x448.X448PrivateKey.generate()
    contract = ed448.Ed448PrivateKey.generate()
    scalar = Ed448ScalarKey.from_private_key(contract).to_bytes()
    aad = iso20_aad("WMIV2G1234567890AB", bytes.fromhex("4000000000000001"))
    return receiver, contract, scalar, aad


def test_iso20_ed448_round_trip_and_independent_vector(
    ed448_transport: tuple[x448.X448PrivateKey, ed448.Ed448PrivateKey, bytes, bytes],
) -> None:
    receiver, contract, scalar, aad = ed448_transport
    eph, iv = x448.X448PrivateKey.generate(), bytes(range(12))
    enc = iso20_encrypt_private_key(scalar, receiver.public_key(), aad, ephemeral=eph, iv=iv)
    # [V2G20-2495] 56-byte DHPublicKey, [V2G20-2502] IV || 56-byte ciphertext || tag = 84 bytes
    assert enc.dh_public_key == _x448_pub(eph) and len(enc.encrypted_private_key) == 84
    k = _independent_iso20_session_key(eph.exchange(receiver.public_key()))
    assert enc.encrypted_private_key == iv + AESGCM(k).encrypt(iv, scalar, aad)
    got = iso20_decrypt_ed448_private_key(
        enc.encrypted_private_key, enc.dh_public_key, receiver, aad, contract.public_key()
    )
    assert got.to_bytes() == scalar  # [V2G20-2509] the scalar, big-endian [V2G20-2501]
    message = b"PnC_AReqAuthorizationMode"
    contract.public_key().verify(got.sign(message), message)  # signs as the certificate's key


def _sealed(receiver: x448.X448PrivateKey, plain: bytes, aad: bytes) -> tuple[bytes, bytes]:
    """An X448_EncryptedPrivateKey of any 56 bytes, made by hand (the encryptor refuses nothing
    here, but this keeps the test independent of it)."""
    eph, iv = x448.X448PrivateKey.generate(), bytes(12)
    k = _independent_iso20_session_key(eph.exchange(receiver.public_key()))
    return iv + AESGCM(k).encrypt(iv, plain, aad), _x448_pub(eph)


def test_iso20_ed448_decrypt_rejections_are_typed(
    ed448_transport: tuple[x448.X448PrivateKey, ed448.Ed448PrivateKey, bytes, bytes],
) -> None:
    receiver, contract, scalar, aad = ed448_transport
    public = contract.public_key()
    field, dh = _sealed(receiver, scalar, aad)
    # [V2G20-2504] a flipped tag bit, another AAD, another receiver key: the tag does not verify
    for bad_field, bad_aad, bad_receiver in (
        (field[:-1] + bytes([field[-1] ^ 1]), aad, receiver),
        (field, iso20_aad("WMIV2G1234567890AC", bytes(8)), receiver),
        (field, aad, x448.X448PrivateKey.generate()),
    ):
        with pytest.raises(KeyTransportTagError, match="authentication tag"):
            iso20_decrypt_ed448_private_key(bad_field, dh, bad_receiver, bad_aad, public)
    # wrong lengths: the field is 84 bytes [V2G20-2502], DHPublicKey 56 without padding [V2G20-2495]
    with pytest.raises(KeyTransportFormatError, match="84 bytes"):
        iso20_decrypt_ed448_private_key(field[:-1], dh, receiver, aad, public)
    with pytest.raises(KeyTransportFormatError, match="84 bytes"):
        iso20_decrypt_ed448_private_key(field + b"\0", dh, receiver, aad, public)
    with pytest.raises(KeyTransportFormatError, match="56 bytes"):
        iso20_decrypt_ed448_private_key(field, dh + bytes(77), receiver, aad, public)
    with pytest.raises(KeyTransportFormatError, match="small-order"):
        iso20_decrypt_ed448_private_key(field, bytes(56), receiver, aad, public)
    # [V2G20-2510] the decrypted value must be below L, and give the certificate's public key
    for value in (L, L + 1, 2**448 - 1, 0):
        over, dh_over = _sealed(receiver, value.to_bytes(56, "big"), aad)
        with pytest.raises(ContractKeyMismatch, match="not in 1"):
            iso20_decrypt_ed448_private_key(over, dh_over, receiver, aad, public)
    other = Ed448ScalarKey.from_private_key(ed448.Ed448PrivateKey.generate()).to_bytes()
    wrong, dh_wrong = _sealed(receiver, other, aad)
    with pytest.raises(ContractKeyMismatch, match="does not match"):
        iso20_decrypt_ed448_private_key(wrong, dh_wrong, receiver, aad, public)
    # the little-endian reading of the same scalar is refused too: the byte order is fixed
    swapped, dh_swapped = _sealed(receiver, scalar[::-1], aad)
    with pytest.raises(ContractKeyMismatch):
        iso20_decrypt_ed448_private_key(swapped, dh_swapped, receiver, aad, public)
    assert issubclass(KeyTransportTagError, KeyTransportError)
    assert issubclass(ContractKeyMismatch, KeyTransportError)
    assert issubclass(KeyTransportFormatError, KeyTransportError)
