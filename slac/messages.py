"""HomePlug AV / Green PHY management messages used by ISO 15118-3 (SLAC) and Qualcomm modem control.

Every message is a frozen, slotted dataclass carrying the whole Ethernet frame: destination and
source address, an optional 802.1Q tag, the management message version (MMV), the fragmentation
bytes (MMV >= 1) and, for vendor messages, the OUI.  Payloads are described declaratively with
``construct``; :func:`decode` and :func:`encode` work on whole frames.

Rules of this module:

* Multi-byte numbers are little-endian (MMTYPE, MVFLength, PRN, AMLEN, QCA cookies); MAC addresses,
  RunIDs, NIDs, NMKs, nonces and IDs are opaque byte strings.
* ``encode`` zero-pads to 60 bytes (the Ethernet minimum without FCS).
* Bytes after the last field a message defines are kept in ``trailer`` unless they are exactly the
  zero padding ``encode`` would add, so ``encode(decode(frame)) == frame`` for every frame of at
  least 60 bytes (real modems pad with garbage, open-plc-utils appends a private counter).
* A message may end early where its last fields carry nothing a receiver interprets
  (``OPTIONAL_TAIL`` bytes: reserved fields and random filler): the missing bytes read as zero and
  ``absent`` says how many there were, so such a frame round-trips too. Old open-plc-utils ``pev``
  sends 64-byte CM_MNBC_SOUND.IND frames like that.
* A frame whose MMTYPE (or MMV, or vendor OUI) is not modelled decodes to :class:`UnknownMme`.
* Malformed frames raise :class:`~slac.errors.FrameError` subclasses, never ``IndexError``.
"""

from __future__ import annotations

import dataclasses
import io
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

import construct as cs

from slac.errors import EncodeError, NotHomePlugError, TruncatedFrameError, UnsupportedMmvError

ETHERTYPE_HOMEPLUG = 0x88E1
ETHERTYPE_VLAN = 0x8100
MIN_FRAME_LENGTH = 60

BROADCAST = b"\xff" * 6
NULL_MAC = b"\x00" * 6
LOCALCAST = bytes.fromhex("00b052000001")
"""Qualcomm "local modem" address: reaches only the modem attached to the host."""
QUALCOMM_OUI = bytes.fromhex("00b052")

# MMTYPE modes (two low bits)
REQ, CNF, IND, RSP = 0, 1, 2, 3

# Standard CM_* bases (HomePlug GP / ISO 15118-3)
CM_SET_KEY = 0x6008
CM_GET_KEY = 0x600C
CM_AMP_MAP = 0x601C
CM_SLAC_PARM = 0x6064
CM_START_ATTEN_CHAR = 0x6068
CM_ATTEN_CHAR = 0x606C
CM_MNBC_SOUND = 0x6074
CM_VALIDATE = 0x6078
CM_SLAC_MATCH = 0x607C
CM_ATTEN_PROFILE = 0x6084

# Qualcomm vendor-specific bases
VS_SW_VER = 0xA000
VS_RS_DEV = 0xA01C
VS_NW_INFO = 0xA038
VS_HOST_ACTION = 0xA060
VS_OP_ATTRIBUTES = 0xA068
VS_PL_LNK_STATUS = 0xA0B8

ISO_GROUPS = 58
"""Attenuation groups of an ISO 15118-3 profile (CM_ATTEN_CHAR.IND, CM_ATTEN_PROFILE.IND)."""


def format_mac(mac: bytes) -> str:
    return ":".join(f"{b:02x}" for b in mac)


def parse_mac(text: str) -> bytes:
    parts = text.replace("-", ":").split(":")
    if len(parts) != 6:
        raise ValueError(f"not a MAC address: {text!r}")
    return bytes(int(p, 16) for p in parts)


# --------------------------------------------------------------------------------------------------
# Base classes


@dataclass(frozen=True, slots=True, kw_only=True)
class Mme:
    """A HomePlug management message in an Ethernet frame."""

    MMTYPE: ClassVar[int] = -1
    MMVS: ClassVar[frozenset[int]] = frozenset({1, 2})
    DEFAULT_MMV: ClassVar[int] = 1
    OPTIONAL_TAIL: ClassVar[int] = 0
    """Payload bytes at the end a sender may leave out (fields no receiver interprets)."""

    dst: bytes = BROADCAST
    src: bytes = NULL_MAC
    mmv: int = -1  # -1: the class default (1 for CM_*, 0 for Qualcomm VS_*)
    fmi: bytes = b"\x00\x00"
    vlan: int | None = None
    trailer: bytes = field(default=b"", compare=False)
    absent: int = field(default=0, compare=False)
    """How many of the last ``OPTIONAL_TAIL`` payload bytes the frame did not carry (read as zero;
    ``encode`` leaves them out again)."""

    def __post_init__(self) -> None:
        if self.mmv == -1:
            object.__setattr__(self, "mmv", self.DEFAULT_MMV)

    @property
    def mmtype(self) -> int:
        return self.MMTYPE


@dataclass(frozen=True, slots=True, kw_only=True)
class VendorMme(Mme):
    """A vendor-specific MME (MMTYPE 0xA000-0xBFFF): an OUI follows the header."""

    MMVS: ClassVar[frozenset[int]] = frozenset({0})
    DEFAULT_MMV: ClassVar[int] = 0
    OUI: ClassVar[bytes] = QUALCOMM_OUI

    oui: bytes = QUALCOMM_OUI


@dataclass(frozen=True, slots=True, kw_only=True)
class UnknownMme(Mme):
    """Any MME this module does not model; ``payload`` is everything after the MMV/MMTYPE/FMI header
    (the OUI included for vendor messages), padding included."""

    type_code: int = 0
    payload: bytes = b""

    @property
    def mmtype(self) -> int:
        return self.type_code


_M = TypeVar("_M", bound=type[Mme])

_REGISTRY: dict[int, type[Mme]] = {}
_LAYOUTS: dict[type[Mme], Any] = {}
_FROM_WIRE: dict[type[Mme], Callable[[dict[str, Any]], dict[str, Any]]] = {}


def _message(mmtype: int, layout: Any) -> Callable[[_M], _M]:
    def register(cls: _M) -> _M:
        if mmtype in _REGISTRY:
            raise RuntimeError(f"MMTYPE {mmtype:#06x} registered twice")
        cls.MMTYPE = mmtype
        _REGISTRY[mmtype] = cls
        _LAYOUTS[cls] = layout
        return cls

    return register


def _tuple(value: Any) -> tuple[int, ...]:
    return tuple(int(v) for v in value)


Mac = cs.Bytes(6)
RunId = cs.Bytes(8)
Id17 = cs.Bytes(17)
Nid = cs.Bytes(7)
Key = cs.Bytes(16)
Nonce = cs.Bytes(4)
u8 = cs.Int8ul
u16 = cs.Int16ul
u32 = cs.Int32ul

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


# --------------------------------------------------------------------------------------------------
# Qualcomm vendor-specific messages (MMV 0, OUI 00:B0:52)


@_message(VS_SW_VER | REQ, cs.Struct("cookie" / u32))
@dataclass(frozen=True, slots=True, kw_only=True)
class VsSwVerReq(VendorMme):
    """VS_SW_VER.REQ (0xA000): ask the modem for its firmware version."""

    dst: bytes = LOCALCAST
    cookie: int = 0


@_message(VS_SW_VER | CNF, cs.Struct(
    "mstatus" / u8, "device_class" / u8, "version" / cs.Prefixed(u8, cs.GreedyBytes),
))
@dataclass(frozen=True, slots=True, kw_only=True)
class VsSwVerCnf(VendorMme):
    """VS_SW_VER.CNF (0xA001); ``version`` is the raw string, NUL terminator included."""

    mstatus: int = 0
    device_class: int = 0
    version: bytes = b""

    @property
    def version_text(self) -> str:
        return self.version.split(b"\x00", 1)[0].decode("ascii", "replace")


@_message(VS_RS_DEV | REQ, cs.Struct())
@dataclass(frozen=True, slots=True, kw_only=True)
class VsRsDevReq(VendorMme):
    """VS_RS_DEV.REQ (0xA01C): reset the modem."""

    dst: bytes = LOCALCAST


@_message(VS_RS_DEV | CNF, cs.Struct("mstatus" / u8))
@dataclass(frozen=True, slots=True, kw_only=True)
class VsRsDevCnf(VendorMme):
    """VS_RS_DEV.CNF (0xA01D)."""

    mstatus: int = 0


@_message(VS_NW_INFO | REQ, cs.Struct())
@dataclass(frozen=True, slots=True, kw_only=True)
class VsNwInfoReq(VendorMme):
    """VS_NW_INFO.REQ (0xA038), MMV 0 form."""

    dst: bytes = LOCALCAST


@dataclass(frozen=True, slots=True, kw_only=True)
class NwStation:
    mac: bytes
    tei: int
    bridge_mac: bytes
    avg_tx_rate: int
    avg_rx_rate: int


@dataclass(frozen=True, slots=True, kw_only=True)
class NwNetwork:
    nid: bytes
    snid: int
    tei: int
    role: int
    cco_mac: bytes
    cco_tei: int
    stations: tuple[NwStation, ...] = ()


_STATION = cs.Struct(
    "mac" / Mac, "tei" / u8, "bridge_mac" / Mac, "avg_tx_rate" / u8, "avg_rx_rate" / u8,
)
_NETWORK = cs.Struct(
    "nid" / Nid, "snid" / u8, "tei" / u8, "role" / u8, "cco_mac" / Mac, "cco_tei" / u8,
    "stations" / cs.PrefixedArray(u8, _STATION),
)


def _networks_from_wire(values: dict[str, Any]) -> dict[str, Any]:
    nets = []
    for n in values["networks"]:
        stations = tuple(
            NwStation(mac=s.mac, tei=s.tei, bridge_mac=s.bridge_mac, avg_tx_rate=s.avg_tx_rate,
                      avg_rx_rate=s.avg_rx_rate)
            for s in n.stations
        )
        nets.append(NwNetwork(nid=n.nid, snid=n.snid, tei=n.tei, role=n.role, cco_mac=n.cco_mac,
                              cco_tei=n.cco_tei, stations=stations))
    return {"networks": tuple(nets)}


@_message(VS_NW_INFO | CNF, cs.Struct("networks" / cs.PrefixedArray(u8, _NETWORK)))
@dataclass(frozen=True, slots=True, kw_only=True)
class VsNwInfoCnf(VendorMme):
    """VS_NW_INFO.CNF (0xA039), MMV 0 layout: networks with their stations."""

    networks: tuple[NwNetwork, ...] = ()


_FROM_WIRE[VsNwInfoCnf] = _networks_from_wire


@_message(VS_HOST_ACTION | IND, cs.Struct("action" / u8, "major" / u8, "minor" / u8))
@dataclass(frozen=True, slots=True, kw_only=True)
class VsHostActionInd(VendorMme):
    """VS_HOST_ACTION.IND (0xA062): the modem asks its host to act (e.g. load firmware)."""

    action: int = 0
    major: int = 0
    minor: int = 0


@_message(VS_HOST_ACTION | RSP, cs.Struct("mstatus" / u8))
@dataclass(frozen=True, slots=True, kw_only=True)
class VsHostActionRsp(VendorMme):
    """VS_HOST_ACTION.RSP (0xA063)."""

    dst: bytes = LOCALCAST
    mstatus: int = 0


@_message(VS_OP_ATTRIBUTES | REQ, cs.Struct("cookie" / u32, "report_type" / u8))
@dataclass(frozen=True, slots=True, kw_only=True)
class VsOpAttributesReq(VendorMme):
    """VS_OP_ATTRIBUTES.REQ (0xA068)."""

    dst: bytes = LOCALCAST
    cookie: int = 0
    report_type: int = 0


@_message(VS_OP_ATTRIBUTES | CNF, cs.Struct(
    "status" / u16, "cookie" / u32, "report_type" / u8, "attributes" / cs.Prefixed(u16, cs.GreedyBytes),
))
@dataclass(frozen=True, slots=True, kw_only=True)
class VsOpAttributesCnf(VendorMme):
    """VS_OP_ATTRIBUTES.CNF (0xA069); ``attributes`` is the binary report (118 bytes on QCA)."""

    status: int = 0
    cookie: int = 0
    report_type: int = 0
    attributes: bytes = b""

    def _text(self, start: int, size: int) -> str:
        return self.attributes[start : start + size].split(b"\x00", 1)[0].decode("ascii", "replace")

    @property
    def hw_platform(self) -> str:
        return self._text(0, 16)

    @property
    def sw_platform(self) -> str:
        return self._text(16, 16)


@_message(VS_PL_LNK_STATUS | REQ, cs.Struct())
@dataclass(frozen=True, slots=True, kw_only=True)
class VsPlLnkStatusReq(VendorMme):
    """VS_PL_LNK_STATUS.REQ (0xA0B8): does the modem have a powerline link?"""

    dst: bytes = LOCALCAST


LINK_UP = 0x01


@_message(VS_PL_LNK_STATUS | CNF, cs.Struct("mstatus" / u8, "link_status" / u8))
@dataclass(frozen=True, slots=True, kw_only=True)
class VsPlLnkStatusCnf(VendorMme):
    """VS_PL_LNK_STATUS.CNF (0xA0B9): ``link_status`` 0x01 = link to another station."""

    mstatus: int = 0
    link_status: int = 0


# --------------------------------------------------------------------------------------------------
# Codec

_PAYLOAD_FIELDS: dict[type[Mme], tuple[str, ...]] = {}
_BASE_FIELDS = frozenset(f.name for f in dataclasses.fields(VendorMme))


def _payload_fields(cls: type[Mme]) -> tuple[str, ...]:
    names = _PAYLOAD_FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in _BASE_FIELDS)
        _PAYLOAD_FIELDS[cls] = names
    return names


def message_types() -> dict[int, type[Mme]]:
    """Every modelled MMTYPE and its class (a copy)."""
    return dict(_REGISTRY)


def _generic_from_wire(cls: type[Mme], parsed: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in _payload_fields(cls):
        value = parsed[name]
        values[name] = _tuple(value) if isinstance(value, list) else value
    return values


def decode(frame: bytes) -> Mme:
    """Decode a whole Ethernet frame carrying a HomePlug MME (ethertype 0x88E1)."""
    frame = bytes(frame)
    if len(frame) < 14:
        raise TruncatedFrameError(f"{len(frame)} bytes is shorter than an Ethernet header")
    dst, src = frame[0:6], frame[6:12]
    (ethertype,) = struct.unpack_from("!H", frame, 12)
    pos = 14
    vlan: int | None = None
    if ethertype == ETHERTYPE_VLAN:
        if len(frame) < 18:
            raise TruncatedFrameError("frame ends inside the 802.1Q tag")
        vlan, ethertype = struct.unpack_from("!HH", frame, 14)
        pos = 18
    if ethertype != ETHERTYPE_HOMEPLUG:
        raise NotHomePlugError(f"ethertype {ethertype:#06x} is not HomePlug AV (0x88e1)")
    if len(frame) < pos + 3:
        raise TruncatedFrameError("frame ends inside the MMV/MMTYPE header")
    mmv = frame[pos]
    (mmtype,) = struct.unpack_from("<H", frame, pos + 1)
    pos += 3
    if mmv > 2:
        raise UnsupportedMmvError(f"MMV {mmv} is not 0, 1 or 2")
    fmi = b"\x00\x00"
    if mmv >= 1:
        if len(frame) < pos + 2:
            raise TruncatedFrameError("frame ends inside the fragmentation bytes")
        fmi = frame[pos : pos + 2]
        pos += 2
    header: dict[str, Any] = {"dst": dst, "src": src, "mmv": mmv, "fmi": fmi, "vlan": vlan}

    cls = _REGISTRY.get(mmtype)
    payload_start = pos
    if cls is not None and mmv in cls.MMVS and issubclass(cls, VendorMme):
        if frame[pos : pos + 3] != cls.OUI:
            cls = None
        else:
            header["oui"] = frame[pos : pos + 3]
            payload_start = pos + 3
    if cls is None or mmv not in cls.MMVS:
        return UnknownMme(type_code=mmtype, payload=frame[pos:], **header)

    body = frame[payload_start:]
    layout = _LAYOUTS[cls]
    absent = 0
    if cls.OPTIONAL_TAIL:
        full = layout.sizeof()  # classes with an optional tail have a fixed size
        if full - cls.OPTIONAL_TAIL <= len(body) < full:
            absent = full - len(body)
            body += bytes(absent)
    try:
        stream = io.BytesIO(body)
        parsed = layout.parse_stream(stream)
        consumed = stream.tell()
    except cs.ConstructError as exc:
        raise TruncatedFrameError(
            f"{cls.__name__}: payload of {len(body)} bytes is too short ({exc.__class__.__name__})"
        ) from None
    from_wire = _FROM_WIRE.get(cls)
    values = from_wire(parsed) if from_wire is not None else _generic_from_wire(cls, parsed)
    rest = body[consumed:]
    if len(frame) <= MIN_FRAME_LENGTH and not any(rest):
        rest = b""  # exactly the padding encode() adds
    return cls(**header, **values, trailer=rest, absent=absent)


def _to_wire(message: Mme) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in _payload_fields(type(message)):
        value = getattr(message, name)
        if isinstance(value, tuple):
            value = [
                dataclasses.asdict(v) if dataclasses.is_dataclass(v) and not isinstance(v, type) else v
                for v in value
            ]
        values[name] = value
    return values


def _check_mac(name: str, value: Any) -> None:
    if not isinstance(value, bytes) or len(value) != 6:
        raise EncodeError(f"{name} must be 6 bytes, got {value!r}")


def encode(message: Mme) -> bytes:
    """Encode a message as a whole Ethernet frame, zero-padded to 60 bytes."""
    _check_mac("dst", message.dst)
    _check_mac("src", message.src)
    if not 0 <= message.mmv <= 2:
        raise EncodeError(f"MMV {message.mmv} is not 0, 1 or 2")
    out = bytearray(message.dst + message.src)
    if message.vlan is not None:
        if not 0 <= message.vlan <= 0xFFFF:
            raise EncodeError(f"VLAN TCI {message.vlan} out of range")
        out += struct.pack("!HH", ETHERTYPE_VLAN, message.vlan)
    out += struct.pack("!H", ETHERTYPE_HOMEPLUG)
    if not 0 <= message.mmtype <= 0xFFFF:
        raise EncodeError(f"MMTYPE {message.mmtype} out of range")
    out += struct.pack("<BH", message.mmv, message.mmtype)
    if message.mmv >= 1:
        if len(message.fmi) != 2:
            raise EncodeError("fmi must be 2 bytes")
        out += message.fmi
    if isinstance(message, UnknownMme):
        out += message.payload
    else:
        cls = type(message)
        if message.mmv not in cls.MMVS:
            raise EncodeError(f"{cls.__name__} is defined for MMV {sorted(cls.MMVS)}, not {message.mmv}")
        if isinstance(message, VendorMme):
            if len(message.oui) != 3:
                raise EncodeError("oui must be 3 bytes")
            out += message.oui
        if not 0 <= message.absent <= cls.OPTIONAL_TAIL:
            raise EncodeError(f"{cls.__name__} can leave out at most {cls.OPTIONAL_TAIL} bytes, "
                              f"not {message.absent}")
        try:
            payload = _LAYOUTS[cls].build(_to_wire(message))
        except (cs.ConstructError, TypeError, ValueError, struct.error, AttributeError) as exc:
            raise EncodeError(f"{cls.__name__}: {exc}") from None
        out += payload[: len(payload) - message.absent]
        out += message.trailer
    if len(out) < MIN_FRAME_LENGTH:
        out += bytes(MIN_FRAME_LENGTH - len(out))
    return bytes(out)


