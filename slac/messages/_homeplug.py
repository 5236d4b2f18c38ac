"""HomePlug GP / ISO 15118-3 messages (CM_*): key management, SLAC proper, CM_AMP_MAP."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import construct as cs

from slac.errors import EncodeError
from slac.messages._frame import (
    BROADCAST,
    CM_AMP_MAP,
    CM_ATTEN_CHAR,
    CM_ATTEN_PROFILE,
    CM_GET_KEY,
    CM_MNBC_SOUND,
    CM_SET_KEY,
    CM_SLAC_MATCH,
    CM_SLAC_PARM,
    CM_START_ATTEN_CHAR,
    CM_VALIDATE,
    CNF,
    IND,
    ISO_GROUPS,
    LOCALCAST,
    NULL_MAC,
    REQ,
    RSP,
    Id17,
    Key,
    Mac,
    Mme,
    Nid,
    Nonce,
    RunId,
    _message,
    u8,
    u16,
)

_COMMON = ("application_type" / u8, "security_type" / u8)

# --------------------------------------------------------------------------------------------------
# CM_SET_KEY, CM_GET_KEY


@_message(CM_SET_KEY | REQ, cs.Struct(
    "key_type" / u8, "my_nonce" / Nonce, "your_nonce" / Nonce, "pid" / u8, "prn" / u16, "pmn" / u8,
    "cco_capability" / u8, "nid" / Nid, "new_eks" / u8, "new_key" / Key,
))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmSetKeyReq(Mme):
    """CM_SET_KEY.REQ (0x6008): host -> local modem, installs an NMK/NID."""

    dst: bytes = LOCALCAST
    key_type: int = 0x01  # NMK (AES-128)
    my_nonce: bytes = b"\xaa\xaa\xaa\xaa"  # what every real stack sends (ISO text says 0)
    your_nonce: bytes = b"\x00\x00\x00\x00"
    pid: int = 0x04  # HLE protocol
    prn: int = 0
    pmn: int = 0
    cco_capability: int = 0
    nid: bytes = b"\x00" * 7
    new_eks: int = 0x01  # NMK
    new_key: bytes = b"\x00" * 16


@_message(CM_SET_KEY | CNF, cs.Struct(
    "result" / u8, "my_nonce" / Nonce, "your_nonce" / Nonce, "pid" / u8, "prn" / u16, "pmn" / u8,
    "cco_capability" / u8,
))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmSetKeyCnf(Mme):
    """CM_SET_KEY.CNF (0x6009). QCA firmware answers result 0x01 when it applied the key."""

    result: int = 0x01
    my_nonce: bytes = b"\x00\x00\x00\x00"
    your_nonce: bytes = b"\xaa\xaa\xaa\xaa"
    pid: int = 0x04
    prn: int = 0
    pmn: int = 0
    cco_capability: int = 0


@_message(CM_GET_KEY | REQ, cs.Struct(
    "request_type" / u8, "requested_key_type" / u8, "nid" / Nid, "my_nonce" / Nonce, "pid" / u8,
    "prn" / u16, "pmn" / u8,
))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmGetKeyReq(Mme):
    """CM_GET_KEY.REQ (0x600C): helper used to read the NID/NMK a modem uses."""

    request_type: int = 0
    requested_key_type: int = 0x01
    nid: bytes = b"\x00" * 7
    my_nonce: bytes = b"\xaa\xaa\xaa\xaa"
    pid: int = 0x04
    prn: int = 0
    pmn: int = 0


@_message(CM_GET_KEY | CNF, cs.Struct(
    "result" / u8, "requested_key_type" / u8, "my_nonce" / Nonce, "your_nonce" / Nonce, "nid" / Nid,
    "eks" / u8, "pid" / u8, "prn" / u16, "pmn" / u8,
))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmGetKeyCnf(Mme):
    """CM_GET_KEY.CNF (0x600D); the key itself (if any) stays in ``trailer``."""

    result: int = 0
    requested_key_type: int = 0x01
    my_nonce: bytes = b"\x00\x00\x00\x00"
    your_nonce: bytes = b"\xaa\xaa\xaa\xaa"
    nid: bytes = b"\x00" * 7
    eks: int = 0
    pid: int = 0x04
    prn: int = 0
    pmn: int = 0


# --------------------------------------------------------------------------------------------------
# SLAC proper


@_message(CM_SLAC_PARM | REQ, cs.Struct(*_COMMON, "run_id" / RunId))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmSlacParmReq(Mme):
    """CM_SLAC_PARM.REQ (0x6064): EV -> all EVSEs (broadcast)."""

    application_type: int = 0
    security_type: int = 0
    run_id: bytes = b"\x00" * 8


@_message(CM_SLAC_PARM | CNF, cs.Struct(
    "msound_target" / Mac, "num_sounds" / u8, "time_out" / u8, "resp_type" / u8,
    "forwarding_sta" / Mac, *_COMMON, "run_id" / RunId,
))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmSlacParmCnf(Mme):
    """CM_SLAC_PARM.CNF (0x6065): EVSE -> EV."""

    msound_target: bytes = BROADCAST
    num_sounds: int = 10
    time_out: int = 6  # 100 ms units
    resp_type: int = 1
    forwarding_sta: bytes = NULL_MAC
    application_type: int = 0
    security_type: int = 0
    run_id: bytes = b"\x00" * 8


@_message(CM_START_ATTEN_CHAR | IND, cs.Struct(
    *_COMMON, "num_sounds" / u8, "time_out" / u8, "resp_type" / u8, "forwarding_sta" / Mac,
    "run_id" / RunId,
))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmStartAttenCharInd(Mme):
    """CM_START_ATTEN_CHAR.IND (0x606A): EV -> EVSEs, sent three times."""

    application_type: int = 0
    security_type: int = 0
    num_sounds: int = 10
    time_out: int = 6
    resp_type: int = 1
    forwarding_sta: bytes = NULL_MAC
    run_id: bytes = b"\x00" * 8


@_message(CM_MNBC_SOUND | IND, cs.Struct(
    *_COMMON, "sender_id" / Id17, "cnt" / u8, "run_id" / RunId, "reserved" / cs.Bytes(8),
    "rnd" / cs.Bytes(16),
))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmMnbcSoundInd(Mme):
    """CM_MNBC_SOUND.IND (0x6076): EV -> broadcast; ``cnt`` counts down to 0.

    A receiver needs the fields up to ``run_id``; the 8 reserved bytes and the random ``rnd`` after
    it may be cut short. Old open-plc-utils ``pev`` leaves out the reserved field and sends a 17-byte
    RND of zeros in its place: 45 payload bytes, a 64-byte frame, 7 bytes short of ISO's 52."""

    OPTIONAL_TAIL: ClassVar[int] = 24  # reserved (8) + rnd (16)

    application_type: int = 0
    security_type: int = 0
    sender_id: bytes = b"\x00" * 17
    cnt: int = 0
    run_id: bytes = b"\x00" * 8
    reserved: bytes = b"\x00" * 8
    rnd: bytes = b"\x00" * 16


@_message(CM_ATTEN_PROFILE | IND, cs.Struct(
    "pev_mac" / Mac, "num_groups" / cs.Rebuild(u8, cs.len_(cs.this.aag)), "reserved" / u8,
    "aag" / cs.Array(cs.this.num_groups, u8),
))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmAttenProfileInd(Mme):
    """CM_ATTEN_PROFILE.IND (0x6086): EVSE modem -> EVSE host, one per received sound."""

    pev_mac: bytes = NULL_MAC
    reserved: int = 0
    aag: tuple[int, ...] = (0,) * ISO_GROUPS


@_message(CM_ATTEN_CHAR | IND, cs.Struct(
    *_COMMON, "source_address" / Mac, "run_id" / RunId, "source_id" / Id17, "resp_id" / Id17,
    "num_sounds" / u8, "num_groups" / cs.Rebuild(u8, cs.len_(cs.this.aag)),
    "aag" / cs.Array(cs.this.num_groups, u8),
))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmAttenCharInd(Mme):
    """CM_ATTEN_CHAR.IND (0x606E): EVSE -> EV, the averaged attenuation profile."""

    application_type: int = 0
    security_type: int = 0
    source_address: bytes = NULL_MAC
    run_id: bytes = b"\x00" * 8
    source_id: bytes = b"\x00" * 17
    resp_id: bytes = b"\x00" * 17
    num_sounds: int = 0
    aag: tuple[int, ...] = (0,) * ISO_GROUPS


@_message(CM_ATTEN_CHAR | RSP, cs.Struct(
    *_COMMON, "source_address" / Mac, "run_id" / RunId, "source_id" / Id17, "resp_id" / Id17,
    "result" / u8,
))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmAttenCharRsp(Mme):
    """CM_ATTEN_CHAR.RSP (0x606F): EV -> EVSE."""

    application_type: int = 0
    security_type: int = 0
    source_address: bytes = NULL_MAC
    run_id: bytes = b"\x00" * 8
    source_id: bytes = b"\x00" * 17
    resp_id: bytes = b"\x00" * 17
    result: int = 0


# CM_VALIDATE result codes
VALIDATE_NOT_READY, VALIDATE_READY, VALIDATE_SUCCESS, VALIDATE_FAILURE, VALIDATE_NOT_REQUIRED = range(5)


@_message(CM_VALIDATE | REQ, cs.Struct("signal_type" / u8, "timer" / u8, "result" / u8))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmValidateReq(Mme):
    """CM_VALIDATE.REQ (0x6078)."""

    signal_type: int = 0
    timer: int = 0
    result: int = VALIDATE_READY


@_message(CM_VALIDATE | CNF, cs.Struct("signal_type" / u8, "toggle_num" / u8, "result" / u8))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmValidateCnf(Mme):
    """CM_VALIDATE.CNF (0x6079)."""

    signal_type: int = 0
    toggle_num: int = 0
    result: int = VALIDATE_NOT_REQUIRED


_MATCH_COMMON = (
    *_COMMON, "mvf_length" / u16, "pev_id" / Id17, "pev_mac" / Mac, "evse_id" / Id17,
    "evse_mac" / Mac, "run_id" / RunId, "reserved" / cs.Bytes(8),
)


@_message(CM_SLAC_MATCH | REQ, cs.Struct(*_MATCH_COMMON))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmSlacMatchReq(Mme):
    """CM_SLAC_MATCH.REQ (0x607C): EV -> chosen EVSE. ``mvf_length`` is kept as sent (pyslac
    writes it big-endian); 0x3E is the correct value."""

    application_type: int = 0
    security_type: int = 0
    mvf_length: int = 0x3E
    pev_id: bytes = b"\x00" * 17
    pev_mac: bytes = NULL_MAC
    evse_id: bytes = b"\x00" * 17
    evse_mac: bytes = NULL_MAC
    run_id: bytes = b"\x00" * 8
    reserved: bytes = b"\x00" * 8


@_message(CM_SLAC_MATCH | CNF, cs.Struct(
    *_MATCH_COMMON, "nid" / Nid, "reserved2" / u8, "nmk" / Key,
))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmSlacMatchCnf(Mme):
    """CM_SLAC_MATCH.CNF (0x607D): EVSE -> EV, carries the NID and NMK of the EVSE's network."""

    application_type: int = 0
    security_type: int = 0
    mvf_length: int = 0x56
    pev_id: bytes = b"\x00" * 17
    pev_mac: bytes = NULL_MAC
    evse_id: bytes = b"\x00" * 17
    evse_mac: bytes = NULL_MAC
    run_id: bytes = b"\x00" * 8
    reserved: bytes = b"\x00" * 8
    nid: bytes = b"\x00" * 7
    reserved2: int = 0
    nmk: bytes = b"\x00" * 16


@_message(CM_AMP_MAP | REQ, cs.Struct(
    "amlen" / u16, "amdata" / cs.Bytes(lambda ctx: (ctx.amlen + 1) // 2),
))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmAmpMapReq(Mme):
    """CM_AMP_MAP.REQ (0x601C): ``amlen`` carriers, one 4-bit amplitude each, two per byte, even
    carrier in the low nibble. AMLEN is read at payload offset 0 (CVE-2024-26003)."""

    amlen: int = 0
    amdata: bytes = b""

    @property
    def amplitudes(self) -> tuple[int, ...]:
        out = []
        for i in range(self.amlen):
            byte = self.amdata[i // 2]
            out.append(byte & 0x0F if i % 2 == 0 else byte >> 4)
        return tuple(out)

    @staticmethod
    def pack_amplitudes(amplitudes: tuple[int, ...] | list[int]) -> bytes:
        data = bytearray((len(amplitudes) + 1) // 2)
        for i, a in enumerate(amplitudes):
            if not 0 <= a <= 0x0F:
                raise EncodeError(f"amplitude {a} of carrier {i} does not fit in 4 bits")
            data[i // 2] |= a if i % 2 == 0 else a << 4
        return bytes(data)


@_message(CM_AMP_MAP | CNF, cs.Struct("result" / u8))
@dataclass(frozen=True, slots=True, kw_only=True)
class CmAmpMapCnf(Mme):
    """CM_AMP_MAP.CNF (0x601D)."""

    result: int = 0
