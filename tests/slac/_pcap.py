"""A minimal pcap / pcapng reader for tests: yields Ethernet frames (link type 1 only)."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

_LINKTYPE_ETHERNET = 1


def _pcap_frames(data: bytes) -> Iterator[bytes]:
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise ValueError("not a pcap file")
    (linktype,) = struct.unpack_from(endian + "I", data, 20)
    if linktype != _LINKTYPE_ETHERNET:
        return
    pos = 24
    while pos + 16 <= len(data):
        _sec, _frac, incl, _orig = struct.unpack_from(endian + "IIII", data, pos)
        pos += 16
        if pos + incl > len(data):
            return  # the file ends inside this record
        yield data[pos : pos + incl]
        pos += incl


def _pcapng_frames(data: bytes) -> Iterator[bytes]:
    pos = 0
    endian = "<"
    linktypes: list[int] = []
    while pos + 12 <= len(data):
        (btype,) = struct.unpack_from(endian + "I", data, pos)
        if btype == 0x0A0D0D0A:  # section header: learn the byte order
            bom = data[pos + 8 : pos + 12]
            endian = "<" if bom == b"\x4d\x3c\x2b\x1a" else ">"
            linktypes = []
        (blen,) = struct.unpack_from(endian + "I", data, pos + 4)
        if blen < 12 or pos + blen > len(data):
            break  # damaged block or the file ends inside it
        body = data[pos + 8 : pos + blen - 4]
        if btype == 1:  # interface description
            linktypes.append(struct.unpack_from(endian + "H", body, 0)[0])
        elif btype == 6:  # enhanced packet
            iface, _hi, _lo, caplen, _orig = struct.unpack_from(endian + "IIIII", body, 0)
            if iface < len(linktypes) and linktypes[iface] == _LINKTYPE_ETHERNET:
                yield body[20 : 20 + caplen]
        elif btype == 3 and linktypes and linktypes[0] == _LINKTYPE_ETHERNET:  # simple packet
            (orig,) = struct.unpack_from(endian + "I", body, 0)
            yield body[4 : 4 + min(orig, len(body) - 4)]
        pos += blen


def ethernet_frames(path: Path) -> Iterator[bytes]:
    data = path.read_bytes()
    if data[:4] == b"\x0a\x0d\x0d\x0a":
        yield from _pcapng_frames(data)
    else:
        yield from _pcap_frames(data)


def capture_files(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix in (".pcap", ".pcapng", ".dump")
    )
