"""Contract private key transport: round trips, tamper and mismatch rejection, and known vectors
computed independently of the code under test (hashlib + raw AES, and the openssl CLI)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, x448
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from tls.errors import KeyTransportError
from tls.keytransport import (
    iso2_decrypt_private_key,
    iso2_encrypt_private_key,
    iso20_aad,
    iso20_decrypt_secp521_private_key,
    iso20_decrypt_x448_private_key,
    iso20_encrypt_private_key,
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


def test_iso20_x448_round_trip() -> None:
    receiver = x448.X448PrivateKey.generate()
    contract = x448.X448PrivateKey.generate()
    raw = contract.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    aad = iso20_aad("WMIV2G1234567890AB", bytes.fromhex("4000000000000001"))
    enc = iso20_encrypt_private_key(raw, receiver.public_key(), aad)
    assert len(enc.dh_public_key) == 56 and len(enc.encrypted_private_key) == 84
    got = iso20_decrypt_x448_private_key(
        enc.encrypted_private_key, enc.dh_public_key, receiver, aad, contract.public_key()
    )
    assert got == raw
    with pytest.raises(KeyTransportError, match="does not match"):
        iso20_decrypt_x448_private_key(
            enc.encrypted_private_key,
            enc.dh_public_key,
            receiver,
            aad,
            x448.X448PrivateKey.generate().public_key(),
        )
    with pytest.raises(KeyTransportError, match="authentication tag"):
        iso20_decrypt_x448_private_key(
            enc.encrypted_private_key, enc.dh_public_key, x448.X448PrivateKey.generate(), aad
        )
    with pytest.raises(KeyTransportError, match="56 bytes"):
        iso20_decrypt_x448_private_key(enc.encrypted_private_key, enc.dh_public_key + b"\0", receiver, aad)
