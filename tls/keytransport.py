"""Contract private key transport of CertificateInstallationRes / CertificateUpdateRes.

ISO 15118-2 (§7.9.2.4.3)
    Ephemeral-static ECDH on secp256r1 between the sender's ephemeral key (sent as ``DHpublickey``,
    uncompressed, 65 bytes [V2G2-819]) and the receiver's static key: the OEM provisioning
    certificate's key for an installation [V2G2-820], the old contract certificate's key for an update
    [V2G2-821]. Session key ``K`` = the concatenation KDF of NIST SP 800-56A with SHA-256, 128 bits,
    ``OtherInfo = AlgorithmID 0x01 || PartyUInfo 0x55 ("U") || PartyVInfo 0x56 ("V")`` [V2G2-818],
    i.e. ``K = SHA-256(00000001 || Z || 01 55 56)[:16]``. The 32-byte big-endian private key is
    encrypted with AES-128-CBC without padding under a random IV; the field
    ``ContractSignatureEncryptedPrivateKey`` is ``IV || ciphertext`` (48 bytes) [V2G2-815..817]. The
    receiver checks the decrypted scalar is below the group order and matches the contract
    certificate's public key [V2G2-823]. CBC has no integrity: the surrounding XML signature does.

ISO 15118-20 (§7.9.2.5.2, without TPM)
    Ephemeral-static ECDH (secp521r1, ``DHPublicKey`` uncompressed 133 bytes, or X448 56 bytes
    [V2G20-2495], [V2G20-2710], [V2G20-2711]); AES-GCM-256 with a random 96-bit IV and a 128-bit tag;
    the 521-bit key is padded to 66 bytes with 7 leading zero bits [V2G20-2497]; the field is
    ``IV (12) || ciphertext (66 or 56) || tag (16)`` = 94 or 84 bytes [V2G20-2499], [V2G20-2502]; AAD
    = PCID (18 ASCII characters) || contract certificate SKI as upper-case hex [V2G20-2492]. The
    receiver checks the 7 leading zero bits [V2G20-2678], the order and the public key match
    [V2G20-2507], [V2G20-2510].

    NOT ESTABLISHED FROM THE TEXT AVAILABLE HERE: the -20 session key derivation of §7.9.2.5.4. This
    module uses the -2 construction scaled to AES-256 (concatenation KDF, SHA-512, 256 bits, the same
    OtherInfo 01 55 56); the three choices are the parameters :data:`ISO20_KDF_HASH`,
    :data:`ISO20_KDF_OTHER_INFO` and :data:`ISO20_KEY_BYTES` of :func:`iso20_session_key`. Check
    them against the standard before interoperating.

    The X448 variant carries a 448-bit (56-byte) key: an X448 private key. An Ed448 private key is
    57 bytes (RFC 8032) and an X448 static key cannot be derived from an Ed448 certificate key with
    ``cryptography``; callers pass X448 keys explicitly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, x448
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.concatkdf import ConcatKDFHash
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tls.errors import KeyTransportError

ISO2_KDF_OTHER_INFO = bytes([0x01, 0x55, 0x56])
"""AlgorithmID 0x01, PartyUInfo "U" (0x55), PartyVInfo "V" (0x56) [V2G2-818]."""
ISO2_KEY_BYTES = 16
ISO2_IV_BYTES = 16
ISO2_ENCRYPTED_BYTES = 48
ISO2_DH_PUBLIC_BYTES = 65

ISO20_KDF_HASH: hashes.HashAlgorithm = hashes.SHA512()
ISO20_KDF_OTHER_INFO = ISO2_KDF_OTHER_INFO
ISO20_KEY_BYTES = 32
ISO20_IV_BYTES = 12
ISO20_TAG_BYTES = 16
SECP521_SCALAR_BYTES = 66
X448_KEY_BYTES = 56


@dataclass(frozen=True, slots=True)
class EncryptedKey:
    """What the sender puts into the message."""

    dh_public_key: bytes
    encrypted_private_key: bytes


def iso2_session_key(shared_secret: bytes) -> bytes:
    """K = concatenation KDF (SP 800-56A), SHA-256, 128 bits, OtherInfo 01 55 56 [V2G2-818]."""
    kdf = ConcatKDFHash(hashes.SHA256(), ISO2_KEY_BYTES, ISO2_KDF_OTHER_INFO)
    return kdf.derive(shared_secret)


def _p256_point(data: bytes, what: str) -> ec.EllipticCurvePublicKey:
    if len(data) != ISO2_DH_PUBLIC_BYTES or data[0] != 0x04:
        raise KeyTransportError(f"{what} must be an uncompressed secp256r1 point of 65 bytes")
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), data)
    except ValueError as exc:
        raise KeyTransportError(f"{what} is not a point on secp256r1") from exc


def iso2_encrypt_private_key(
    contract_key: ec.EllipticCurvePrivateKey,
    receiver_public: ec.EllipticCurvePublicKey,
    *,
    ephemeral: ec.EllipticCurvePrivateKey | None = None,
    iv: bytes | None = None,
) -> EncryptedKey:
    """The sender side (CPS / MO back end, or a test SECC). ``ephemeral`` and ``iv`` are for tests."""
    if not isinstance(receiver_public.curve, ec.SECP256R1) or not isinstance(
        contract_key.curve, ec.SECP256R1
    ):
        raise KeyTransportError("ISO 15118-2 key transport uses secp256r1 keys")
    eph = ephemeral or ec.generate_private_key(ec.SECP256R1())
    iv = os.urandom(ISO2_IV_BYTES) if iv is None else iv
    if len(iv) != ISO2_IV_BYTES:
        raise KeyTransportError("the IV is 16 bytes")
    key = iso2_session_key(eph.exchange(ec.ECDH(), receiver_public))
    plain = contract_key.private_numbers().private_value.to_bytes(32, "big")
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    ct = enc.update(plain) + enc.finalize()
    dh = eph.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return EncryptedKey(dh, iv + ct)


def iso2_decrypt_private_key(
    encrypted_private_key: bytes,
    dh_public_key: bytes,
    receiver_key: ec.EllipticCurvePrivateKey,
    contract_public: ec.EllipticCurvePublicKey,
) -> ec.EllipticCurvePrivateKey:
    """The EVCC side: recover the contract key and check it belongs to ``contract_public``."""
    if len(encrypted_private_key) != ISO2_ENCRYPTED_BYTES:
        raise KeyTransportError(f"ContractSignatureEncryptedPrivateKey must be {ISO2_ENCRYPTED_BYTES} bytes")
    peer = _p256_point(dh_public_key, "DHpublickey")
    key = iso2_session_key(receiver_key.exchange(ec.ECDH(), peer))
    iv, ct = encrypted_private_key[:ISO2_IV_BYTES], encrypted_private_key[ISO2_IV_BYTES:]
    dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    plain = dec.update(ct) + dec.finalize()
    try:  # [V2G2-823]: 0 < d < n ...
        contract = ec.derive_private_key(int.from_bytes(plain, "big"), ec.SECP256R1())
    except ValueError as exc:
        raise KeyTransportError("decrypted value is not a valid secp256r1 private key") from exc
    if contract.public_key() != contract_public:  # ... and d*G is the certificate's key
        raise KeyTransportError("decrypted private key does not match the contract certificate")
    return contract


def iso20_aad(pcid: str, contract_ski: bytes) -> bytes:
    """PCID (18 characters, upper case, no separators) || SKI as upper-case hex [V2G20-2492]."""
    if len(pcid) != 18 or not pcid.isalnum() or pcid.upper() != pcid:
        raise KeyTransportError("the PCID of the AAD is 18 upper-case letters and digits")
    return pcid.encode("ascii") + contract_ski.hex().upper().encode("ascii")


def iso20_session_key(shared_secret: bytes) -> bytes:
    """The -20 session key (see the module doc for which parts are assumed)."""
    return ConcatKDFHash(ISO20_KDF_HASH, ISO20_KEY_BYTES, ISO20_KDF_OTHER_INFO).derive(shared_secret)


ReceiverPublic = ec.EllipticCurvePublicKey | x448.X448PublicKey
ReceiverPrivate = ec.EllipticCurvePrivateKey | x448.X448PrivateKey


def _exchange_20(private: ReceiverPrivate, peer: ReceiverPublic) -> bytes:
    if isinstance(private, x448.X448PrivateKey) and isinstance(peer, x448.X448PublicKey):
        return private.exchange(peer)
    if isinstance(private, ec.EllipticCurvePrivateKey) and isinstance(peer, ec.EllipticCurvePublicKey):
        if not (isinstance(private.curve, ec.SECP521R1) and isinstance(peer.curve, ec.SECP521R1)):
            raise KeyTransportError("ISO 15118-20 ECDH uses secp521r1 or X448")
        return private.exchange(ec.ECDH(), peer)
    raise KeyTransportError("ECDH keys of different types")


def iso20_encrypt_private_key(
    contract_private: bytes,
    receiver_public: ReceiverPublic,
    aad: bytes,
    *,
    ephemeral: ReceiverPrivate | None = None,
    iv: bytes | None = None,
) -> EncryptedKey:
    """Sender side. ``contract_private``: the 66-byte big-endian secp521r1 scalar, or the 56-byte
    X448 key; the ECDH curve follows ``receiver_public``."""
    is_x448 = isinstance(receiver_public, x448.X448PublicKey)
    size = X448_KEY_BYTES if is_x448 else SECP521_SCALAR_BYTES
    if len(contract_private) != size:
        raise KeyTransportError(f"the contract private key is {size} bytes for this curve")
    if not is_x448 and contract_private[0] & 0xFE:
        raise KeyTransportError("a secp521r1 scalar has 7 leading zero bits")
    eph: ReceiverPrivate = ephemeral or (
        x448.X448PrivateKey.generate() if is_x448 else ec.generate_private_key(ec.SECP521R1())
    )
    iv = os.urandom(ISO20_IV_BYTES) if iv is None else iv
    if len(iv) != ISO20_IV_BYTES:
        raise KeyTransportError("the IV is 12 bytes")
    key = iso20_session_key(_exchange_20(eph, receiver_public))
    sealed = AESGCM(key).encrypt(iv, contract_private, aad)  # ciphertext || 16-byte tag
    pub = eph.public_key()
    dh = (
        pub.public_bytes(Encoding.Raw, PublicFormat.Raw)
        if isinstance(pub, x448.X448PublicKey)
        else pub.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    )
    return EncryptedKey(dh, iv + sealed)


def iso20_decrypt_secp521_private_key(
    encrypted_private_key: bytes,
    dh_public_key: bytes,
    receiver_key: ec.EllipticCurvePrivateKey,
    aad: bytes,
    contract_public: ec.EllipticCurvePublicKey,
) -> ec.EllipticCurvePrivateKey:
    """EVCC side, SECP521_EncryptedPrivateKey (94 bytes) with a 133-byte DHPublicKey."""
    if len(encrypted_private_key) != ISO20_IV_BYTES + SECP521_SCALAR_BYTES + ISO20_TAG_BYTES:
        raise KeyTransportError("SECP521_EncryptedPrivateKey must be 94 bytes")
    if len(dh_public_key) != 133 or dh_public_key[0] != 0x04:
        raise KeyTransportError("DHPublicKey must be an uncompressed secp521r1 point of 133 bytes")
    try:
        peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP521R1(), dh_public_key)
    except ValueError as exc:
        raise KeyTransportError("DHPublicKey is not a point on secp521r1") from exc
    plain = _open(encrypted_private_key, iso20_session_key(_exchange_20(receiver_key, peer)), aad)
    if plain[0] & 0xFE:  # [V2G20-2678]
        raise KeyTransportError("decrypted key lacks the 7 leading zero bits")
    try:  # [V2G20-2507]
        contract = ec.derive_private_key(int.from_bytes(plain, "big"), ec.SECP521R1())
    except ValueError as exc:
        raise KeyTransportError("decrypted value is not a valid secp521r1 private key") from exc
    if contract.public_key() != contract_public:
        raise KeyTransportError("decrypted private key does not match the contract certificate")
    return contract


def iso20_decrypt_x448_private_key(
    encrypted_private_key: bytes,
    dh_public_key: bytes,
    receiver_key: x448.X448PrivateKey,
    aad: bytes,
    contract_public: x448.X448PublicKey | None = None,
) -> bytes:
    """EVCC side, X448_EncryptedPrivateKey (84 bytes) with a 56-byte DHPublicKey. Returns the 56
    key bytes; if ``contract_public`` is given, checks they produce it [V2G20-2510]."""
    if len(encrypted_private_key) != ISO20_IV_BYTES + X448_KEY_BYTES + ISO20_TAG_BYTES:
        raise KeyTransportError("X448_EncryptedPrivateKey must be 84 bytes")
    if len(dh_public_key) != X448_KEY_BYTES:
        raise KeyTransportError("an X448 DHPublicKey is 56 bytes without padding [V2G20-2495]")
    peer = x448.X448PublicKey.from_public_bytes(dh_public_key)
    plain = _open(encrypted_private_key, iso20_session_key(_exchange_20(receiver_key, peer)), aad)
    if contract_public is not None:
        derived = x448.X448PrivateKey.from_private_bytes(plain).public_key()
        if derived != contract_public:
            raise KeyTransportError("decrypted private key does not match the contract certificate")
    return plain


def _open(field: bytes, key: bytes, aad: bytes) -> bytes:
    iv, sealed = field[:ISO20_IV_BYTES], field[ISO20_IV_BYTES:]
    try:
        return AESGCM(key).decrypt(iv, sealed, aad)
    except InvalidTag as exc:  # [V2G20-2504]
        raise KeyTransportError(
            "authentication tag does not verify (wrong key, AAD or tampered data)"
        ) from exc
