"""Link, IP and transport header parsing."""

from __future__ import annotations

import ipaddress
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.capture import _frames as f
from v2g.capture.errors import PacketError
from v2g.capture.packets import (
    HomePlugFrame,
    LinkType,
    OtherFrame,
    TcpSegment,
    UdpDatagram,
    decode_frame,
)


def _segment() -> bytes:
    return f.tcp(50000, 61000, 1000, 2000, f.PSH | f.ACK, b"\x01\xfe\x80\x01\x00\x00\x00\x00")


def test_ethernet_ipv6_tcp_cuts_ethernet_padding() -> None:
    frame = f.ethernet(f.EV_MAC, f.EVSE_MAC, 0x86DD, f.ipv6(f.EV_IP, f.EVSE_IP, 6, _segment())) + b"\x00" * 6
    seg = decode_frame(LinkType.ETHERNET, frame)
    assert isinstance(seg, TcpSegment)
    assert (seg.src.address, seg.src.port, seg.dst.address, seg.dst.port) == (
        f.EV_IP,
        50000,
        f.EVSE_IP,
        61000,
    )
    assert (seg.seq, seg.ack, seg.has_ack, seg.syn) == (1000, 2000, True, False)
    assert seg.payload == b"\x01\xfe\x80\x01\x00\x00\x00\x00"
    assert str(seg.src) == "[fe80::1]:50000"


def test_vlan_tags_and_ipv6_extension_headers() -> None:
    ip = f.ipv6(
        f.EV_IP,
        f.EVSE_IP,
        17,
        f.udp(15118, 15118, b"\x01\xfe\x90\x00\x00\x00\x00\x02\x10\x00"),
        extension=b"\x01\x02\x00\x00",
    )
    frame = f.ethernet(f.EV_MAC, f.EVSE_MAC, 0x86DD, ip, vlan=7)
    udp = decode_frame(LinkType.ETHERNET, frame)
    assert isinstance(udp, UdpDatagram)
    assert udp.dst.port == 15118 and udp.payload.endswith(b"\x10\x00")


def test_homeplug_frames_are_passed_up_raw() -> None:
    frame = f.ethernet(f.EV_MAC, b"\xff" * 6, 0x88E1, b"\x01\x64\x60" + b"\x00" * 40)
    hp = decode_frame(LinkType.ETHERNET, frame)
    assert isinstance(hp, HomePlugFrame)
    assert hp.payload[:3] == b"\x01\x64\x60" and hp.src_mac == f.EV_MAC


def test_cooked_raw_and_ipv4_link_types() -> None:
    ip6 = f.ipv6(f.EV_IP, f.EVSE_IP, 6, _segment())
    ip4 = f.ipv4("192.168.1.1", "192.168.1.2", 6, _segment())
    sll = struct.pack(">HHH8sH", 0, 1, 6, b"\x00" * 8, 0x86DD) + ip6
    sll2 = struct.pack(">HHIHBB8s", 0x86DD, 0, 1, 1, 0, 6, b"\x00" * 8) + ip6
    for linktype, frame in [
        (LinkType.LINUX_SLL, sll),
        (LinkType.LINUX_SLL2, sll2),
        (LinkType.RAW, ip6),
        (LinkType.IPV6, ip6),
        (LinkType.RAW, ip4),
        (LinkType.IPV4, ip4),
        (LinkType.NULL, struct.pack("<I", 2) + ip4),
    ]:
        seg = decode_frame(linktype, frame)
        assert isinstance(seg, TcpSegment), linktype
        assert seg.dst.port == 61000
    seg4 = decode_frame(LinkType.IPV4, ip4)
    assert isinstance(seg4, TcpSegment) and seg4.src.address == ipaddress.IPv4Address("192.168.1.1")


def test_snapped_frame_is_marked_truncated() -> None:
    frame = f.ethernet(f.EV_MAC, f.EVSE_MAC, 0x86DD, f.ipv6(f.EV_IP, f.EVSE_IP, 6, _segment()))
    seg = decode_frame(LinkType.ETHERNET, frame[:-3])
    assert isinstance(seg, TcpSegment) and seg.truncated and len(seg.payload) == 5


def test_other_traffic_is_named() -> None:
    arp = f.ethernet(f.EV_MAC, b"\xff" * 6, 0x0806, b"\x00" * 28)
    icmp = f.ethernet(f.EV_MAC, f.EVSE_MAC, 0x86DD, f.ipv6(f.EV_IP, f.EVSE_IP, 58, b"\x80\x00\x00\x00"))
    assert decode_frame(LinkType.ETHERNET, arp) == OtherFrame("ethertype 0x0806")
    assert decode_frame(LinkType.ETHERNET, icmp) == OtherFrame("IP protocol 58")
    assert decode_frame(999, b"") == OtherFrame("link type 999")


@given(st.binary(max_size=120), st.sampled_from(list(LinkType)))
def test_random_bytes_give_a_result_or_packet_error(data: bytes, linktype: LinkType) -> None:
    try:
        result = decode_frame(linktype, data)
    except PacketError:
        return
    assert isinstance(result, (TcpSegment, UdpDatagram, HomePlugFrame, OtherFrame))
    if isinstance(result, (TcpSegment, UdpDatagram)):
        assert len(result.payload) <= len(data)


@pytest.mark.parametrize("cut", range(0, 74, 7))
def test_cut_headers_raise_packet_error(cut: int) -> None:
    frame = f.ethernet(f.EV_MAC, f.EVSE_MAC, 0x86DD, f.ipv6(f.EV_IP, f.EVSE_IP, 6, _segment()))
    if cut < 14 + 40 + 20:
        with pytest.raises(PacketError):
            decode_frame(LinkType.ETHERNET, frame[:cut])
