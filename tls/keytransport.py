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

ISO 15118-20 (§7.9.2.5, without TPM)
    Ephemeral-static ECDH, "One-Pass Diffie-Hellman C(1, 1, ECC CDH)" of NIST SP 800-56A: secp521r1
    (``DHPublicKey`` uncompressed, 133 bytes) with the OEM provisioning certificate's key, or X448
    (RFC 7748, ``DHPublicKey`` 56 bytes without padding [V2G20-2495]) with the private key of the OEM
    provisioning certificate's Alternate Subject Public Key [V2G20-2534]. Session key ``K`` = the
    concatenation KDF with SHA-512, exactly 256 bits, ``OtherInfo = AlgorithmID 0x01 || PartyUInfo
    0x55 ("U", the SA / eMSP) || PartyVInfo 0x56 ("V", the EVCC)``, i.e. ``K = SHA-512(00000001 || Z
    || 01 55 56)[:32]``, for X448 with the shared secret ``Z`` of RFC 7748 [V2G20-2535]
    (:func:`iso20_session_key`). AES-GCM-256 with a random 96-bit IV and a 128-bit tag; the input is
    big-endian [V2G20-2501]; the 521-bit key is padded to 66 bytes with 7 leading zero bits
    [V2G20-2497]; the field is ``IV (12) || ciphertext (66 or 56) || tag (16)`` = 94 or 84 bytes
    [V2G20-2499], [V2G20-2500..2502]; AAD = PCID (18 ASCII characters) || contract certificate SKI as
    upper-case hex [V2G20-2492]. The receiver checks the tag [V2G20-2504], the 7 leading zero bits
    [V2G20-2678], the order and the public key match [V2G20-2507], [V2G20-2510].

    The Ed448 family (X448_EncryptedPrivateKey): the EVCC uses "the 448-bit decrypted data as the
    448-bit contract certificate private key" [V2G20-2509] and checks it is below the order of the base
    point and that multiplying the base point with it gives the contract certificate's 448-bit public
    key [V2G20-2510]. An RFC 8032 Ed448 private key is a 57-byte seed and cannot travel in 56 bytes;
    OUR READING, unconfirmed by any public test vector, is that the 56 bytes are the Ed448 secret
    scalar ``s`` (the clamped first half of SHAKE256(seed, 114), reduced mod L), big-endian, with
    ``[s]B`` the certificate's Ed448 key. :func:`iso20_decrypt_ed448_private_key` returns it as a
    :class:`tls.ed448.Ed448ScalarKey`, which signs without a seed.

Errors are :class:`~tls.errors.KeyTransportError`; the -20 functions raise its subclasses
:class:`~tls.errors.KeyTransportFormatError` (lengths, points), :class:`~tls.errors.KeyTransportTagError`
(the GCM tag) and :class:`~tls.errors.ContractKeyMismatch` (range, leading bits, public key).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed448, x448
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.concatkdf import ConcatKDFHash
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tls.ed448 import Ed448ScalarKey
from tls.ed448 import L as ED448_ORDER
from tls.errors import (
    ContractKeyMismatch,
    KeyTransportError,
    KeyTransportFormatError,
    KeyTransportTagError,
)

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
    """K = concatenation KDF (SP 800-56A), SHA-512, 256 bits, OtherInfo 01 55 56 [V2G20-2535]."""
    return ConcatKDFHash(ISO20_KDF_HASH, ISO20_KEY_BYTES, ISO20_KDF_OTHER_INFO).derive(shared_secret)


ReceiverPublic = ec.EllipticCurvePublicKey | x448.X448PublicKey
ReceiverPrivate = ec.EllipticCurvePrivateKey | x448.X448PrivateKey


def _exchange_20(private: ReceiverPrivate, peer: ReceiverPublic) -> bytes:
    if isinstance(private, x448.X448PrivateKey) and isinstance(peer, x448.X448PublicKey):
        try:  # RFC 7748 §6.2: an all-zero shared secret (a small-order peer point) is refused
            return private.exchange(peer)
        except ValueError as exc:
            raise KeyTransportFormatError("DHPublicKey is a small-order X448 point") from exc
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
    big-endian Ed448 secret scalar (:meth:`Ed448ScalarKey.to_bytes`); the ECDH curve follows
    ``receiver_public`` (secp521r1, or X448 for the Ed448 family [V2G20-2534])."""
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
        raise KeyTransportFormatError("SECP521_EncryptedPrivateKey must be 94 bytes")
    if len(dh_public_key) != 133 or dh_public_key[0] != 0x04:
        raise KeyTransportFormatError("DHPublicKey must be an uncompressed secp521r1 point of 133 bytes")
    try:
        peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP521R1(), dh_public_key)
    except ValueError as exc:
        raise KeyTransportFormatError("DHPublicKey is not a point on secp521r1") from exc
    plain = _open(encrypted_private_key, iso20_session_key(_exchange_20(receiver_key, peer)), aad)
    if plain[0] & 0xFE:  # [V2G20-2678]
        raise ContractKeyMismatch("decrypted key lacks the 7 leading zero bits")
    try:  # [V2G20-2507]
        contract = ec.derive_private_key(int.from_bytes(plain, "big"), ec.SECP521R1())
    except ValueError as exc:
        raise ContractKeyMismatch("decrypted value is not a valid secp521r1 private key") from exc
    if contract.public_key() != contract_public:
        raise ContractKeyMismatch("decrypted private key does not match the contract certificate")
    return contract


def iso20_decrypt_ed448_private_key(
    encrypted_private_key: bytes,
    dh_public_key: bytes,
    receiver_key: x448.X448PrivateKey,
    aad: bytes,
    contract_public: ed448.Ed448PublicKey,
) -> Ed448ScalarKey:
    """EVCC side, X448_EncryptedPrivateKey (84 bytes) with a 56-byte X448 DHPublicKey; ``receiver_key``
    is the private key of the OEM provisioning certificate's Alternate Subject Public Key
    [V2G20-2534]. The 56 decrypted bytes are the Ed448 secret scalar (big-endian; our reading of
    [V2G20-2509], see the module doc), checked below L and against ``contract_public`` [V2G20-2510]."""
    if len(encrypted_private_key) != ISO20_IV_BYTES + X448_KEY_BYTES + ISO20_TAG_BYTES:
        raise KeyTransportFormatError("X448_EncryptedPrivateKey must be 84 bytes [V2G20-2502]")
    if len(dh_public_key) != X448_KEY_BYTES:
        raise KeyTransportFormatError("an X448 DHPublicKey is 56 bytes without padding [V2G20-2495]")
    peer = x448.X448PublicKey.from_public_bytes(dh_public_key)
    plain = _open(encrypted_private_key, iso20_session_key(_exchange_20(receiver_key, peer)), aad)
    scalar = int.from_bytes(plain, "big")  # [V2G20-2501]
    if not 0 < scalar < ED448_ORDER:  # [V2G20-2510] strictly smaller than the order of the base point
        raise ContractKeyMismatch("decrypted Ed448 scalar is not in 1 .. L-1")
    key = Ed448ScalarKey(scalar)
    if not key.matches(contract_public):  # [V2G20-2510] s*B is the certificate's public key
        raise ContractKeyMismatch("decrypted private key does not match the contract certificate")
    return key


def _open(field: bytes, key: bytes, aad: bytes) -> bytes:
    iv, sealed = field[:ISO20_IV_BYTES], field[ISO20_IV_BYTES:]
    try:
        return AESGCM(key).decrypt(iv, sealed, aad)
    except InvalidTag as exc:  # [V2G20-2504]
        raise KeyTransportTagError(
            "authentication tag does not verify (wrong key, AAD or tampered data)"
        ) from exc
