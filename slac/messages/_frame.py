"""The frame machinery of :mod:`slac.messages`: constants, the :class:`Mme` base classes, the
message registry, the ``construct`` field types and the whole-frame codec (:func:`decode`,
:func:`encode`). The message definitions register themselves with :func:`_message` from
``_homeplug`` and ``_qualcomm``; import everything through :mod:`slac.messages`.
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


