"""Qualcomm vendor-specific messages (VS_*, MMV 0, OUI 00:B0:52) for modem control."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import construct as cs

from slac.messages._frame import (
    _FROM_WIRE,
    CNF,
    IND,
    LOCALCAST,
    REQ,
    RSP,
    VS_HOST_ACTION,
    VS_NW_INFO,
    VS_OP_ATTRIBUTES,
    VS_PL_LNK_STATUS,
    VS_RS_DEV,
    VS_SW_VER,
    Mac,
    Nid,
    VendorMme,
    _message,
    u8,
    u16,
    u32,
)

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
