"""Adapter pieces that need no privileges, and the house rule that cores do no I/O."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from _pcap import capture_files, ethernet_frames

from slac.aio.emulator import Port
from slac.aio.packet import complete_checksum
from slac.emulator import Role
from slac.errors import ConfigError

CAPTURES = Path(__file__).resolve().parents[2].parent / "shared" / "captures"


def _verifies(frame: bytes) -> bool:
    """Independent check: the one's complement sum over pseudo header and segment is 0xFFFF."""
    length = int.from_bytes(frame[18:20], "big")
    data = frame[22:54] + length.to_bytes(4, "big") + bytes(3) + frame[20:21] + frame[54 : 54 + length]
    if len(data) % 2:
        data += b"\0"
    total = 0
    for i in range(0, len(data), 2):
        total += (data[i] << 8) | data[i + 1]
        total = (total & 0xFFFF) + (total >> 16)
    return total == 0xFFFF


def _udp_frames() -> list[bytes]:
    found: dict[int, list[bytes]] = {6: [], 17: []}
    for path in capture_files(CAPTURES / "pyPLC"):
        for frame in ethernet_frames(path):
            if frame[12:14] == b"\x86\xdd" and len(frame) > 62 and frame[20] in found:
                bucket = found[frame[20]]
                if len(bucket) < 20 and _verifies(frame):
                    bucket.append(frame)
        if all(len(b) >= 20 for b in found.values()):
            break
    assert found[6] and found[17], "captures hold verified TCP and UDP frames"
    return found[6] + found[17]


def test_complete_checksum_restores_real_tcp_and_udp_checksums() -> None:
    frames = _udp_frames()
    assert len(frames) >= 10
    for frame in frames:
        offset = 54 + (6 if frame[20] == 17 else 16)
        blanked = frame[:offset] + b"\x12\x34" + frame[offset + 2 :]
        assert complete_checksum(blanked) == frame
        assert complete_checksum(frame) == frame


def test_complete_checksum_leaves_other_frames_alone() -> None:
    arp = b"\xff" * 6 + b"\x02" * 6 + b"\x08\x06" + bytes(28)
    assert complete_checksum(arp) == arp
    assert complete_checksum(b"short") == b"short"
    v4 = bytearray(b"\x00" * 12 + b"\x08\x00" + bytes(20 + 8))
    v4[14] = 0x45
    v4[23] = 17
    v4[16:18] = struct.pack("!H", 28)
    v4[36:38] = struct.pack("!H", 8)  # UDP length
    fixed = complete_checksum(bytes(v4))
    assert fixed[40:42] != b"\x00\x00"


def test_port_spec() -> None:
    assert Port.parse("emu0:evse:12.5:0.3") == Port("emu0", Role.EVSE, 12.5, 0.3)
    assert Port.parse("emu1:pev") == Port("emu1", Role.PEV, 10.0, 0.0)
    with pytest.raises(ConfigError):
        Port.parse("emu1:car")
