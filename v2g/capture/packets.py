"""Link, network and transport headers of captured frames.

Link types (tcpdump.org link-layer header types): Ethernet (1, with any number of 802.1Q/802.1ad
tags), BSD loopback (0), raw IP (101, and 12/14 on some BSDs), Linux cooked SLL (113) and SLL2
(276), raw IPv4 (228) and raw IPv6 (229). Above them IPv4 and IPv6 (with its extension headers),
then UDP and TCP. HomePlug AV frames (ethertype 0x88E1: SLAC and vendor MMEs) are recognised and
passed up raw for the ``slac`` package.

Lengths come from the IP headers, so Ethernet padding is cut off; a frame captured shorter than its
IP length (snaplen, a capture cut short) yields the bytes that are there and ``truncated=True``.
Checksums are not verified: captures taken on a sending host carry offloaded, unfilled checksums.
"""

from __future__ import annotations

import enum
import functools
import ipaddress
import struct
from dataclasses import dataclass

from v2g.capture.errors import PacketError


class LinkType(enum.IntEnum):
    NULL = 0
    ETHERNET = 1
    RAW_BSD12 = 12
    RAW_BSD14 = 14
    RAW = 101
    LINUX_SLL = 113
    IPV4 = 228
    IPV6 = 229
    LINUX_SLL2 = 276


ETHERTYPE_IPV4 = 0x0800
ETHERTYPE_IPV6 = 0x86DD
ETHERTYPE_VLAN = (0x8100, 0x88A8, 0x9100)
ETHERTYPE_HOMEPLUG = 0x88E1
ETHERTYPE_HOMEPLUG_MEDIAXTREAM = 0x8912

IPPROTO_TCP = 6
IPPROTO_UDP = 17
_IPV6_EXTENSIONS = {0, 43, 44, 60, 135, 139, 140}
_IPPROTO_AH = 51
_IPPROTO_NONE = 59

TCP_FIN = 0x01
TCP_SYN = 0x02
TCP_RST = 0x04
TCP_PSH = 0x08
TCP_ACK = 0x10

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True, slots=True)
class Endpoint:
    address: IpAddress
    port: int

    def __str__(self) -> str:
        if self.address.version == 6:
            return f"[{self.address}]:{self.port}"
        return f"{self.address}:{self.port}"


@dataclass(frozen=True, slots=True)
class TcpSegment:
    src: Endpoint
    dst: Endpoint
    seq: int
    ack: int
    flags: int
    window: int
    payload: bytes
    truncated: bool = False

    @property
    def syn(self) -> bool:
        return bool(self.flags & TCP_SYN)

    @property
    def fin(self) -> bool:
        return bool(self.flags & TCP_FIN)

    @property
    def rst(self) -> bool:
        return bool(self.flags & TCP_RST)

    @property
    def has_ack(self) -> bool:
        return bool(self.flags & TCP_ACK)


@dataclass(frozen=True, slots=True)
class UdpDatagram:
    src: Endpoint
    dst: Endpoint
    payload: bytes
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class HomePlugFrame:
    """An Ethernet frame of ethertype 0x88E1 (HomePlug AV / GreenPHY MME), payload after the type."""

    src_mac: bytes
    dst_mac: bytes
    ethertype: int
    payload: bytes


@dataclass(frozen=True, slots=True)
class OtherFrame:
    """Anything else (ARP, ICMPv6, fragments, other link types); ``what`` says what it is."""

    what: str


Decoded = TcpSegment | UdpDatagram | HomePlugFrame | OtherFrame


def _need(data: bytes, size: int, what: str) -> None:
    if len(data) < size:
        raise PacketError(f"{what}: needs {size} bytes, frame has {len(data)}")


def decode_frame(linktype: int, frame: bytes) -> Decoded:
    """The transport-level content of one frame; raises :class:`PacketError` if headers are broken."""
    try:
        return _decode_link(linktype, frame)
    except (struct.error, ValueError, IndexError) as exc:  # defensive: a bug must not kill a capture
        raise PacketError(f"unparsable frame: {exc}") from exc


def _decode_link(linktype: int, frame: bytes) -> Decoded:
    if linktype == LinkType.ETHERNET:
        _need(frame, 14, "Ethernet header")
        dst, src = frame[0:6], frame[6:12]
        ethertype = struct.unpack_from(">H", frame, 12)[0]
        offset = 14
        while ethertype in ETHERTYPE_VLAN:
            _need(frame, offset + 4, "802.1Q tag")
            ethertype = struct.unpack_from(">H", frame, offset + 2)[0]
            offset += 4
        if ethertype in (ETHERTYPE_HOMEPLUG, ETHERTYPE_HOMEPLUG_MEDIAXTREAM):
            return HomePlugFrame(src, dst, ethertype, frame[offset:])
        return _decode_ethertype(ethertype, frame[offset:])
    if linktype == LinkType.LINUX_SLL:
        _need(frame, 16, "Linux cooked header")
        return _decode_ethertype(struct.unpack_from(">H", frame, 14)[0], frame[16:])
    if linktype == LinkType.LINUX_SLL2:
        _need(frame, 20, "Linux cooked v2 header")
        return _decode_ethertype(struct.unpack_from(">H", frame, 0)[0], frame[20:])
    if linktype in (LinkType.RAW, LinkType.RAW_BSD12, LinkType.RAW_BSD14):
        _need(frame, 1, "raw IP")
        version = frame[0] >> 4
        if version == 4:
            return _decode_ipv4(frame)
        if version == 6:
            return _decode_ipv6(frame)
        raise PacketError(f"raw IP frame of version {version}")
    if linktype == LinkType.IPV4:
        return _decode_ipv4(frame)
    if linktype == LinkType.IPV6:
        return _decode_ipv6(frame)
    if linktype == LinkType.NULL:
        _need(frame, 4, "loopback header")
        family = struct.unpack_from("<I", frame, 0)[0]
        if family > 0xFFFF:
            family = struct.unpack_from(">I", frame, 0)[0]
        if family == 2:
            return _decode_ipv4(frame[4:])
        if family in (10, 24, 28, 30):
            return _decode_ipv6(frame[4:])
        return OtherFrame(f"loopback family {family}")
    return OtherFrame(f"link type {linktype}")


def _decode_ethertype(ethertype: int, data: bytes) -> Decoded:
    if ethertype == ETHERTYPE_IPV6:
        return _decode_ipv6(data)
    if ethertype == ETHERTYPE_IPV4:
        return _decode_ipv4(data)
    return OtherFrame(f"ethertype {ethertype:#06x}")


@functools.lru_cache(maxsize=4096)
def _ipv4(packed: bytes) -> ipaddress.IPv4Address:
    """One address object per address (a capture has few): built once, compared and hashed fast."""
    return ipaddress.IPv4Address(packed)


@functools.lru_cache(maxsize=4096)
def _ipv6(packed: bytes) -> ipaddress.IPv6Address:
    return ipaddress.IPv6Address(packed)


def _decode_ipv4(data: bytes) -> Decoded:
    _need(data, 20, "IPv4 header")
    if data[0] >> 4 != 4:
        raise PacketError(f"IPv4 header of version {data[0] >> 4}")
    ihl = (data[0] & 0x0F) * 4
    if ihl < 20:
        raise PacketError(f"IPv4 header length {ihl}")
    _need(data, ihl, "IPv4 header with options")
    total, frag = struct.unpack_from(">H2xH", data, 2)
    protocol = data[9]
    if frag & 0x3FFF:
        return OtherFrame("IPv4 fragment")
    if total < ihl:
        raise PacketError(f"IPv4 total length {total} below header length {ihl}")
    src = _ipv4(data[12:16])
    dst = _ipv4(data[16:20])
    end = min(total, len(data))
    return _decode_transport(protocol, src, dst, data[ihl:end], total > len(data))


def _decode_ipv6(data: bytes) -> Decoded:
    _need(data, 40, "IPv6 header")
    if data[0] >> 4 != 6:
        raise PacketError(f"IPv6 header of version {data[0] >> 4}")
    payload_length = struct.unpack_from(">H", data, 4)[0]
    next_header = data[6]
    src = _ipv6(data[8:24])
    dst = _ipv6(data[24:40])
    end = 40 + payload_length
    truncated = end > len(data)
    payload = data[40:end]
    while next_header in _IPV6_EXTENSIONS or next_header == _IPPROTO_AH:
        _need(payload, 8, "IPv6 extension header")
        if next_header == 44:
            offset_flags = struct.unpack_from(">H", payload, 2)[0]
            if offset_flags & 0xFFF9:
                return OtherFrame("IPv6 fragment")
            size = 8
        elif next_header == _IPPROTO_AH:
            size = (payload[1] + 2) * 4
        else:
            size = (payload[1] + 1) * 8
        _need(payload, size, "IPv6 extension header")
        next_header = payload[0]
        payload = payload[size:]
    if next_header == _IPPROTO_NONE:
        return OtherFrame("IPv6 no next header")
    return _decode_transport(next_header, src, dst, payload, truncated)


def _decode_transport(protocol: int, src: IpAddress, dst: IpAddress, data: bytes, truncated: bool) -> Decoded:
    if protocol == IPPROTO_TCP:
        _need(data, 20, "TCP header")
        sport, dport, seq, ack, off_flags, window = struct.unpack_from(">HHIIHH", data, 0)
        header = (off_flags >> 12) * 4
        if header < 20:
            raise PacketError(f"TCP header length {header}")
        _need(data, header, "TCP header with options")
        return TcpSegment(
            Endpoint(src, sport),
            Endpoint(dst, dport),
            seq,
            ack,
            off_flags & 0x1FF,
            window,
            data[header:],
            truncated,
        )
    if protocol == IPPROTO_UDP:
        _need(data, 8, "UDP header")
        sport, dport, length = struct.unpack_from(">HHH", data, 0)
        if length < 8:
            raise PacketError(f"UDP length {length}")
        body = data[8:length]
        return UdpDatagram(Endpoint(src, sport), Endpoint(dst, dport), body, truncated or length > len(data))
    return OtherFrame(f"IP protocol {protocol}")
