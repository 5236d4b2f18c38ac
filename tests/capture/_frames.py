"""Build Ethernet/IPv6/IPv4/TCP/UDP frames for tests, independently of v2g.capture.packets."""

from __future__ import annotations

import ipaddress
import struct

EV_MAC = bytes.fromhex("020000000001")
EVSE_MAC = bytes.fromhex("020000000002")
EV_IP = ipaddress.IPv6Address("fe80::1")
EVSE_IP = ipaddress.IPv6Address("fe80::2")

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


def tcp(sport: int, dport: int, seq: int, ack: int, flags: int, payload: bytes = b"") -> bytes:
    return (
        struct.pack(
            ">HHIIHHHH", sport, dport, seq % (1 << 32), ack % (1 << 32), (5 << 12) | flags, 65535, 0, 0
        )
        + payload
    )


def udp(sport: int, dport: int, payload: bytes) -> bytes:
    return struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload


def ipv6(
    src: ipaddress.IPv6Address,
    dst: ipaddress.IPv6Address,
    next_header: int,
    payload: bytes,
    extension: bytes = b"",
) -> bytes:
    nh = next_header
    if extension:  # one hop-by-hop options header carrying `extension` (padded to 8n-2 bytes)
        body = extension + b"\x00" * (-(len(extension) + 2) % 8)
        payload = bytes((next_header, (len(body) + 2) // 8 - 1)) + body + payload
        nh = 0
    return struct.pack(">IHBB", 6 << 28, len(payload), nh, 64) + src.packed + dst.packed + payload


def ipv4(src: str, dst: str, protocol: int, payload: bytes) -> bytes:
    header = struct.pack(
        ">BBHHHBBH4s4s",
        0x45,
        0,
        20 + len(payload),
        0,
        0x4000,
        64,
        protocol,
        0,
        ipaddress.IPv4Address(src).packed,
        ipaddress.IPv4Address(dst).packed,
    )
    return header + payload


def ethernet(src: bytes, dst: bytes, ethertype: int, payload: bytes, vlan: int | None = None) -> bytes:
    tag = b"" if vlan is None else struct.pack(">HH", 0x8100, vlan)
    return dst + src + tag + struct.pack(">H", ethertype) + payload


def ev_to_evse_tcp(sport: int, dport: int, seq: int, ack: int, flags: int, payload: bytes = b"") -> bytes:
    return ethernet(
        EV_MAC, EVSE_MAC, 0x86DD, ipv6(EV_IP, EVSE_IP, 6, tcp(sport, dport, seq, ack, flags, payload))
    )


def evse_to_ev_tcp(sport: int, dport: int, seq: int, ack: int, flags: int, payload: bytes = b"") -> bytes:
    return ethernet(
        EVSE_MAC, EV_MAC, 0x86DD, ipv6(EVSE_IP, EV_IP, 6, tcp(sport, dport, seq, ack, flags, payload))
    )
