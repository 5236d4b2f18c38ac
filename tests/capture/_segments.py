"""An independent, deliberately simple count of V2GTP headers in the TCP segments of a capture, the
way PROVENANCE.txt measured them (per segment, no reassembly), used to check the reassembler.

It knows just enough of pcap, pcapng, Ethernet, IPv4/IPv6 and TCP for the shared captures, and
shares no code with v2g.capture.
"""

from __future__ import annotations

import struct
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


def _frames(data: bytes) -> list[bytes]:
    frames = []
    if data[:4] == b"\x0a\x0d\x0d\x0a":
        pos = 0
        while pos + 12 <= len(data):
            btype, blen = struct.unpack_from("<II", data, pos)
            if pos + blen > len(data) or blen < 12:
                break
            if btype == 6:
                caplen = struct.unpack_from("<I", data, pos + 20)[0]
                frames.append(data[pos + 28 : pos + 28 + caplen])
            pos += blen
    else:
        order = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
        pos = 24
        while pos + 16 <= len(data):
            caplen = struct.unpack_from(order + "I", data, pos + 8)[0]
            if pos + 16 + caplen > len(data):
                break
            frames.append(data[pos + 16 : pos + 16 + caplen])
            pos += 16 + caplen
    return frames


@dataclass(frozen=True)
class Counts:
    per_segment: int
    """Headers found, retransmitted copies included (PROVENANCE's measure)."""
    unique: int
    """Distinct headers: one at the same stream position (ports and sequence number) counts once."""
    by_direction: Counter[str]
    """Unique headers by direction, where the SYN shows the client (EV->EVSE = from the client)."""


def count_v2gtp(path: Path) -> Counts:
    seen: set[tuple[bytes, bytes, int, int, int]] = set()
    clients: set[tuple[bytes, int]] = set()
    raw = 0
    unique = 0
    by_direction: Counter[str] = Counter()
    for frame in _frames(path.read_bytes()):
        if len(frame) < 14:
            continue
        ethertype = struct.unpack_from(">H", frame, 12)[0]
        ip = frame[14:]
        if ethertype == 0x8100 and len(frame) >= 18:  # one 802.1Q tag
            ethertype = struct.unpack_from(">H", frame, 16)[0]
            ip = frame[18:]
        if ethertype == 0x86DD and len(ip) >= 40 and ip[6] == 6:
            src, dst = ip[8:24], ip[24:40]
            seg = ip[40 : 40 + struct.unpack_from(">H", ip, 4)[0]]
        elif ethertype == 0x0800 and len(ip) >= 20 and ip[9] == 6:
            ihl = (ip[0] & 15) * 4
            src, dst = ip[12:16], ip[16:20]
            seg = ip[ihl : struct.unpack_from(">H", ip, 2)[0]]
        else:
            continue
        if len(seg) < 20:
            continue
        sport, dport, seq = struct.unpack_from(">HHI", seg, 0)
        flags = seg[13]
        if flags & 0x12 == 0x02:
            clients.add((src, sport))
        payload = seg[(seg[12] >> 4) * 4 :]
        pos = 0
        while pos + 8 <= len(payload) and payload[pos] == 0x01 and payload[pos + 1] == 0xFE:
            raw += 1
            key = (src, dst, sport, dport, (seq + pos) % (1 << 32))
            pos += 8 + struct.unpack_from(">I", payload, pos + 4)[0]
            if key in seen:  # a retransmitted copy of a header already counted
                continue
            seen.add(key)
            unique += 1
            if (src, sport) in clients:
                by_direction["EV->EVSE"] += 1
            elif (dst, dport) in clients:
                by_direction["EVSE->EV"] += 1
            else:
                by_direction["unknown"] += 1
    return Counts(raw, unique, by_direction)
