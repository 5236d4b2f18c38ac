"""Classic pcap and pcapng: a reader for both and a pcapng writer.

Formats (tcpdump.org ``pcap-savefile(5)``; IETF draft-ietf-opsawg-pcapng):

- classic pcap: a 24-byte file header whose magic gives the byte order and the timestamp unit
  (``a1b2c3d4`` microseconds, ``a1b23c4d`` nanoseconds), then records of a 16-byte header
  (seconds, fraction, captured length, original length) and the frame.
- pcapng: blocks of ``type, total length, body, total length``. A Section Header Block (SHB) sets the
  byte order of its section; Interface Description Blocks (IDB) give each interface's link type and
  timestamp resolution (``if_tsresol``, ``if_tsoffset``); Enhanced (EPB), Simple (SPB) and the
  obsolete Packet Blocks carry frames; a Decryption Secrets Block (DSB) carries e.g. a TLS key log.
  Every other block is skipped.

The reader works on bytes in memory (captures of charging sessions are a few MB) and never raises
anything but :class:`CaptureError` for a file it cannot read: truncated, garbled, or not a capture.
A capture that ends in the middle of its last record (tcpdump killed before flushing) can be read
up to that record with ``allow_truncated_tail=True``; the problem is then kept in
:attr:`Capture.truncated`.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from v2g.capture.errors import CaptureError

PCAP_MAGIC_US = 0xA1B2C3D4
PCAP_MAGIC_NS = 0xA1B23C4D
PCAPNG_SHB = 0x0A0D0D0A
PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D

BLOCK_IDB = 0x00000001
BLOCK_PB = 0x00000002
BLOCK_SPB = 0x00000003
BLOCK_EPB = 0x00000006
BLOCK_DSB = 0x0000000A

SECRETS_TLS_KEYLOG = 0x544C534B
"""DSB secrets type of an NSS key log file ("TLSK")."""

OPT_ENDOFOPT = 0
OPT_COMMENT = 1
OPT_IF_TSRESOL = 9
OPT_IF_TSOFFSET = 14

LINKTYPE_ETHERNET = 1

MAX_FRAME = 16 * 1024 * 1024
"""A record longer than this is taken as garbage, not a frame."""
MAX_BLOCK = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Packet:
    """One captured frame."""

    index: int
    """Position among the frames of the file, from 0 (Wireshark's frame number is index + 1)."""
    timestamp_ns: int
    """Nanoseconds since the epoch (or since the capture's own origin for relative captures)."""
    linktype: int
    data: bytes
    original_length: int
    interface: int = 0
    comment: str | None = None
    """The packet's first opt_comment (pcapng), if any."""

    @property
    def timestamp(self) -> float:
        return self.timestamp_ns / 1e9


@dataclass(frozen=True, slots=True)
class DecryptionSecrets:
    """The content of one pcapng Decryption Secrets Block."""

    secrets_type: int
    data: bytes
    after_packet: int
    """How many frames of the file come before this block."""

    @property
    def is_tls_keylog(self) -> bool:
        return self.secrets_type == SECRETS_TLS_KEYLOG

    def keylog_text(self) -> str:
        """The NSS key log text of a TLS key log block."""
        if not self.is_tls_keylog:
            raise CaptureError(f"secrets type {self.secrets_type:#010x} is not a TLS key log")
        return self.data.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class Interface:
    linktype: int
    snaplen: int
    tsresol_num: int
    """Timestamp units per second (``if_tsresol``); ``ts_mul / ts_div`` converts units to ns."""
    ts_mul: int
    ts_div: int
    ts_offset: int = 0

    def to_ns(self, ticks: int) -> int:
        return (ticks + self.ts_offset * self.tsresol_num) * self.ts_mul // self.ts_div


@dataclass(frozen=True, slots=True)
class Capture:
    """Everything a capture file holds."""

    format: str
    """``"pcap"`` or ``"pcapng"``."""
    packets: tuple[Packet, ...]
    secrets: tuple[DecryptionSecrets, ...]
    truncated: str | None = None
    """Why reading stopped before the end of the file (only with ``allow_truncated_tail``)."""

    def tls_keylog(self) -> str:
        """All embedded TLS key logs, concatenated (empty if there are none)."""
        return "".join(s.keylog_text() for s in self.secrets if s.is_tls_keylog)


CaptureItem = Packet | DecryptionSecrets


class _Truncated(CaptureError):
    """The file ends inside a record; the caller may tolerate this at the tail."""


def _resolution(code: int) -> tuple[int, int, int]:
    """(units per second, ns multiplier, ns divisor) of an ``if_tsresol`` value."""
    exponent = code & 0x7F
    if code & 0x80:
        per_second = 1 << exponent
    else:
        if exponent > 18:
            raise CaptureError(f"if_tsresol 10^-{exponent} is not plausible")
        per_second = 10**exponent
    return per_second, 1_000_000_000, per_second


def iter_capture(data: bytes) -> Iterator[CaptureItem]:
    """Every frame and decryption-secrets block of a pcap or pcapng file, in file order."""
    try:
        yield from _iter_items(bytes(data))
    except (struct.error, ValueError, OverflowError) as exc:  # defensive: never leak parser internals
        raise CaptureError(f"garbled capture: {exc}") from exc


def _iter_items(data: bytes) -> Iterator[CaptureItem]:
    if len(data) < 4:
        raise _Truncated("file too short for a capture header", 0)
    magic_le = struct.unpack_from("<I", data, 0)[0]
    if magic_le == PCAPNG_SHB:
        yield from _iter_pcapng(data)
    elif magic_le in (PCAP_MAGIC_US, PCAP_MAGIC_NS):
        yield from _iter_pcap(data, "<")
    elif struct.unpack_from(">I", data, 0)[0] in (PCAP_MAGIC_US, PCAP_MAGIC_NS):
        yield from _iter_pcap(data, ">")
    else:
        raise CaptureError(f"not a pcap or pcapng file (magic {data[:4].hex()})", 0)


def _iter_pcap(data: bytes, order: str) -> Iterator[Packet]:
    if len(data) < 24:
        raise _Truncated("file ends inside the pcap file header", 0)
    magic, major, _minor, _zone, _sigfigs, snaplen, network = struct.unpack_from(order + "IHHiIII", data, 0)
    if major != 2:
        raise CaptureError(f"pcap version {major} is not 2", 4)
    nanos = magic == PCAP_MAGIC_NS
    linktype = network & 0x0FFFFFFF
    record = struct.Struct(order + "IIII")
    offset = 24
    index = 0
    while offset < len(data):
        if offset + 16 > len(data):
            raise _Truncated("file ends inside a pcap record header", offset)
        seconds, fraction, caplen, origlen = record.unpack_from(data, offset)
        if caplen > MAX_FRAME or (snaplen and caplen > max(snaplen, 262144)):
            raise CaptureError(f"pcap record claims {caplen} captured bytes", offset)
        if fraction >= (1_000_000_000 if nanos else 1_000_000):
            raise CaptureError(f"pcap timestamp fraction {fraction} out of range", offset)
        start = offset + 16
        if start + caplen > len(data):
            raise _Truncated(f"file ends inside frame {index + 1}", offset)
        ts = seconds * 1_000_000_000 + (fraction if nanos else fraction * 1000)
        yield Packet(index, ts, linktype, data[start : start + caplen], max(origlen, caplen))
        index += 1
        offset = start + caplen


def _options(body: bytes, start: int, order: str, base: int) -> Iterator[tuple[int, bytes]]:
    offset = start
    while offset + 4 <= len(body):
        code, length = struct.unpack_from(order + "HH", body, offset)
        offset += 4
        if code == OPT_ENDOFOPT:
            return
        if offset + length > len(body):
            raise CaptureError("pcapng option runs past its block", base + offset)
        yield code, body[offset : offset + length]
        offset += (length + 3) & ~3


def _comment(body: bytes, start: int, order: str) -> str | None:
    """A packet block's first opt_comment; None without one, or when its options do not parse (they
    are not needed to read the packet)."""
    try:
        for code, value in _options(body, start, order, 0):
            if code == OPT_COMMENT:
                return value.decode("utf-8", "replace")
    except CaptureError:
        return None
    return None


def _iter_pcapng(data: bytes) -> Iterator[CaptureItem]:
    order = "<"
    interfaces: list[Interface] = []
    offset = 0
    index = 0
    while offset < len(data):
        if offset + 12 > len(data):
            raise _Truncated("file ends inside a pcapng block header", offset)
        block_type = struct.unpack_from(order + "I", data, offset)[0]
        if block_type == PCAPNG_SHB:
            if offset + 12 > len(data):
                raise _Truncated("file ends inside a section header", offset)
            bom = data[offset + 8 : offset + 12]
            if bom == b"\x4d\x3c\x2b\x1a":
                order = "<"
            elif bom == b"\x1a\x2b\x3c\x4d":
                order = ">"
            else:
                raise CaptureError(f"bad pcapng byte-order magic {bom.hex()}", offset + 8)
            interfaces = []
        total = struct.unpack_from(order + "I", data, offset + 4)[0]
        if total < 12 or total % 4 or total > MAX_BLOCK:
            raise CaptureError(f"pcapng block length {total} is invalid", offset + 4)
        if offset + total > len(data):
            raise _Truncated(f"file ends inside a pcapng block of {total} bytes", offset)
        trailer = struct.unpack_from(order + "I", data, offset + total - 4)[0]
        if trailer != total:
            raise CaptureError(f"pcapng block lengths differ ({total} and {trailer})", offset)
        body = data[offset + 8 : offset + total - 4]
        base = offset + 8
        if block_type == PCAPNG_SHB:
            if len(body) < 16:
                raise CaptureError("section header block too short", offset)
            major = struct.unpack_from(order + "H", body, 4)[0]
            if major != 1:
                raise CaptureError(f"pcapng major version {major} is not 1", base + 4)
        elif block_type == BLOCK_IDB:
            interfaces.append(_interface(body, order, base))
        elif block_type in (BLOCK_EPB, BLOCK_PB):
            if len(body) < 20:
                raise CaptureError("packet block too short", offset)
            if block_type == BLOCK_EPB:
                if_id, ts_hi, ts_lo, caplen, origlen = struct.unpack_from(order + "IIIII", body, 0)
            else:
                if_id, _drops, ts_hi, ts_lo, caplen, origlen = struct.unpack_from(order + "HHIIII", body, 0)
            if if_id >= len(interfaces):
                raise CaptureError(f"packet on interface {if_id}, which was not described", offset)
            if 20 + caplen > len(body):
                raise CaptureError(f"packet block claims {caplen} bytes but holds {len(body) - 20}", offset)
            iface = interfaces[if_id]
            ts = iface.to_ns((ts_hi << 32) | ts_lo)
            comment = _comment(body, 20 + caplen + (-caplen % 4), order) if block_type == BLOCK_EPB else None
            frame = body[20 : 20 + caplen]
            yield Packet(index, ts, iface.linktype, frame, max(origlen, caplen), if_id, comment)
            index += 1
        elif block_type == BLOCK_SPB:
            if len(body) < 4:
                raise CaptureError("simple packet block too short", offset)
            if not interfaces:
                raise CaptureError("simple packet block before any interface description", offset)
            origlen = struct.unpack_from(order + "I", body, 0)[0]
            iface = interfaces[0]
            caplen = min(origlen, len(body) - 4)
            if iface.snaplen:
                caplen = min(caplen, iface.snaplen)
            yield Packet(index, 0, iface.linktype, body[4 : 4 + caplen], origlen, 0)
            index += 1
        elif block_type == BLOCK_DSB:
            if len(body) < 8:
                raise CaptureError("decryption secrets block too short", offset)
            secrets_type, length = struct.unpack_from(order + "II", body, 0)
            if 8 + length > len(body):
                raise CaptureError(f"decryption secrets claim {length} bytes", offset)
            yield DecryptionSecrets(secrets_type, body[8 : 8 + length], index)
        offset += total


def _interface(body: bytes, order: str, base: int) -> Interface:
    if len(body) < 8:
        raise CaptureError("interface description block too short", base)
    linktype, _reserved, snaplen = struct.unpack_from(order + "HHI", body, 0)
    per_second, mul, div = 1_000_000, 1_000_000_000, 1_000_000
    ts_offset = 0
    for code, value in _options(body, 8, order, base):
        if code == OPT_IF_TSRESOL and len(value) >= 1:
            per_second, mul, div = _resolution(value[0])
        elif code == OPT_IF_TSOFFSET and len(value) >= 8:
            ts_offset = struct.unpack_from(order + "q", value, 0)[0]
    return Interface(linktype, snaplen, per_second, mul, div, ts_offset)


def parse_capture(data: bytes, *, allow_truncated_tail: bool = False) -> Capture:
    """Read a whole pcap or pcapng file held in memory."""
    data = bytes(data)
    packets: list[Packet] = []
    secrets: list[DecryptionSecrets] = []
    truncated: str | None = None
    fmt = "pcapng" if data[:4] == b"\x0a\x0d\x0d\x0a" else "pcap"
    try:
        for item in iter_capture(data):
            if isinstance(item, Packet):
                packets.append(item)
            else:
                secrets.append(item)
    except _Truncated as exc:
        if not allow_truncated_tail or (not packets and not secrets):
            raise CaptureError(str(exc)) from None
        truncated = str(exc)
    return Capture(fmt, tuple(packets), tuple(secrets), truncated)


def read_capture(source: str | Path | bytes, *, allow_truncated_tail: bool = False) -> Capture:
    """Read a capture from a path (or from bytes already in memory)."""
    if isinstance(source, bytes):
        return parse_capture(source, allow_truncated_tail=allow_truncated_tail)
    try:
        data = Path(source).read_bytes()
    except OSError as exc:
        raise CaptureError(f"cannot read {source}: {exc.strerror or exc}") from exc
    return parse_capture(data, allow_truncated_tail=allow_truncated_tail)


# --- writer -------------------------------------------------------------------------------------


def _block(block_type: int, body: bytes) -> bytes:
    body += b"\x00" * (-len(body) % 4)
    total = len(body) + 12
    return struct.pack("<II", block_type, total) + body + struct.pack("<I", total)


def _option(code: int, value: bytes) -> bytes:
    return struct.pack("<HH", code, len(value)) + value + b"\x00" * (-len(value) % 4)


class PcapngWriter:
    """Write a pcapng file (little endian, nanosecond timestamps).

    ``PcapngWriter(path_or_binary_file, linktype=1)`` writes the section header and one interface;
    :meth:`add_interface` describes more. A path is opened (and closed by :meth:`close` or the
    ``with`` block); a file object passed in is left open.
    """

    def __init__(
        self,
        target: str | Path | BinaryIO,
        linktype: int = LINKTYPE_ETHERNET,
        *,
        snaplen: int = 0,
        application: str = "v2g capture",
    ) -> None:
        if isinstance(target, (str, Path)):
            self._file: BinaryIO = open(target, "wb")  # noqa: SIM115 - closed in close()
            self._owned = True
        else:
            self._file = target
            self._owned = False
        self._interfaces: list[int] = []
        shb = struct.pack("<IHHq", PCAPNG_BYTE_ORDER_MAGIC, 1, 0, -1)
        shb += _option(4, application.encode()) + _option(OPT_ENDOFOPT, b"")
        self._file.write(_block(PCAPNG_SHB, shb))
        self.add_interface(linktype, snaplen=snaplen)

    def add_interface(self, linktype: int, *, snaplen: int = 0, name: str | None = None) -> int:
        """Describe one more interface; returns its id for :meth:`write_packet`."""
        if not 0 <= linktype <= 0xFFFF:
            raise ValueError(f"link type {linktype} does not fit 16 bits")
        body = struct.pack("<HHI", linktype, 0, snaplen)
        if name is not None:
            body += _option(2, name.encode())
        body += _option(OPT_IF_TSRESOL, bytes((9,))) + _option(OPT_ENDOFOPT, b"")
        self._file.write(_block(BLOCK_IDB, body))
        self._interfaces.append(linktype)
        return len(self._interfaces) - 1

    def write_packet(
        self, ts: float, frame: bytes, *, interface: int = 0, timestamp_ns: int | None = None,
        comment: str | None = None,
    ) -> None:
        """One frame captured at ``ts`` seconds (or exactly ``timestamp_ns`` if given); ``comment``
        becomes the packet's opt_comment (Wireshark shows it as ``frame.comment``)."""
        if not 0 <= interface < len(self._interfaces):
            raise ValueError(f"interface {interface} was not added")
        if timestamp_ns is None:
            seconds = math.floor(ts)
            ns = seconds * 1_000_000_000 + round((ts - seconds) * 1e9)
        else:
            ns = timestamp_ns
        if ns < 0:
            raise ValueError("timestamps before the epoch cannot be written")
        body = struct.pack("<IIIII", interface, ns >> 32, ns & 0xFFFFFFFF, len(frame), len(frame))
        options = b""
        if comment:
            options = _option(OPT_COMMENT, comment.encode()) + _option(OPT_ENDOFOPT, b"")
        frame = bytes(frame) + b"\x00" * (-len(frame) % 4)
        self._file.write(_block(BLOCK_EPB, body + frame + options))

    def write_secrets(self, keylog_text: str, secrets_type: int = SECRETS_TLS_KEYLOG) -> None:
        """A Decryption Secrets Block; by default a TLS key log (NSS key log format)."""
        data = keylog_text.encode("utf-8")
        self._file.write(_block(BLOCK_DSB, struct.pack("<II", secrets_type, len(data)) + data))

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        if self._owned:
            self._file.close()
        else:
            self._file.flush()

    def __enter__(self) -> PcapngWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
