"""Streaming reader of classic pcap and pcapng that survives damage.

Formats (tcpdump.org ``pcap-savefile(5)``; IETF draft-ietf-opsawg-pcapng):

- classic pcap: a 24-byte file header whose magic gives the byte order and the timestamp unit
  (``a1b2c3d4`` microseconds, ``a1b23c4d`` nanoseconds), then records of a 16-byte header
  (seconds, fraction, captured length, original length) and the frame.
- pcapng: blocks of ``type, total length, body, total length``. A Section Header Block (SHB) sets the
  byte order of its section; Interface Description Blocks (IDB) give each interface's link type and
  timestamp resolution (``if_tsresol``, ``if_tsoffset``); Enhanced (EPB), Simple (SPB) and the
  obsolete Packet Blocks carry frames; a Decryption Secrets Block (DSB) carries e.g. a TLS key log.
  Every other block is skipped.

The file is read in chunks (memory stays flat however large it is). Damage is yielded as a
:class:`Damage` item where it is found, then reading goes on at the next readable record:

- pcapng: the next offset holding a block whose type is known, whose length is plausible and whose
  trailing length repeats it (the block structure makes this reliable); a block that is well framed
  but whose content is bad is skipped alone.
- pcap: the next offset holding a plausible record header (timestamp fraction in range, captured
  length within the snap length and not above the original length) that is followed by another
  plausible header or by the end of the file.

A file cut inside its last record gives one :class:`Damage` with ``resumed_at=None``.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator

from v2g.capture.errors import CaptureError
from v2g.capture.pcap_types import Damage, DecryptionSecrets, Packet
from v2g.capture.source import Source

PCAP_MAGIC_US = 0xA1B2C3D4
PCAP_MAGIC_NS = 0xA1B23C4D
PCAPNG_SHB = 0x0A0D0D0A
PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D
BLOCK_IDB, BLOCK_PB, BLOCK_SPB, BLOCK_NRB, BLOCK_ISB, BLOCK_EPB, BLOCK_DSB = 1, 2, 3, 4, 5, 6, 10
KNOWN_BLOCKS = frozenset(
    {
        PCAPNG_SHB,
        BLOCK_IDB,
        BLOCK_PB,
        BLOCK_SPB,
        BLOCK_NRB,
        BLOCK_ISB,
        BLOCK_EPB,
        BLOCK_DSB,
        9,
        0x00000BAD,
        0x40000BAD,
    }
)
"""Block types a resynchronisation accepts (9: systemd journal export; 0xBAD: custom blocks)."""
OPT_ENDOFOPT, OPT_COMMENT, OPT_IF_TSRESOL, OPT_IF_TSOFFSET = 0, 1, 9, 14
MAX_FRAME = 16 * 1024 * 1024
"""A record longer than this is taken as garbage, not a frame."""
MAX_PCAP_FRAME = 262144
"""The largest snap length tcpdump writes; a pcap record above max(this, snaplen) is garbage."""
MAX_BLOCK = 64 * 1024 * 1024


Item = Packet | DecryptionSecrets | Damage


class _Damaged(Exception):
    def __init__(self, problem: str, offset: int, truncated: bool = False) -> None:
        super().__init__(problem)
        self.problem, self.offset, self.truncated = problem, offset, truncated


def iter_items(src: Source) -> Iterator[Item]:
    """Frames, secrets and damage of a pcap or pcapng file, in file order (CaptureError if it is
    not a capture at all)."""
    head = src.get(0, 24)
    if len(head) < 4:
        raise CaptureError("file too short for a capture header", 0)
    magic_le = struct.unpack_from("<I", head, 0)[0]
    if magic_le == PCAPNG_SHB:
        yield from _Pcapng(src).items()
    elif magic_le in (PCAP_MAGIC_US, PCAP_MAGIC_NS):
        yield from _Pcap(src, "<").items()
    elif struct.unpack_from(">I", head, 0)[0] in (PCAP_MAGIC_US, PCAP_MAGIC_NS):
        yield from _Pcap(src, ">").items()
    else:
        raise CaptureError(f"not a pcap or pcapng file (magic {head[:4].hex()})", 0)


class _Pcap:
    def __init__(self, src: Source, order: str) -> None:
        self.src = src
        self.order = order
        self.record = struct.Struct(order + "IIII")

    def items(self) -> Iterator[Item]:
        head = self.src.get(0, 24)
        if len(head) < 24:
            raise CaptureError("file ends inside the pcap file header", 0)
        magic, major, _minor, _zone, _sigfigs, snaplen, network = struct.unpack_from(
            self.order + "IHHiIII", head
        )
        if major != 2:
            raise CaptureError(f"pcap version {major} is not 2", 4)
        self.nanos = magic == PCAP_MAGIC_NS
        self.limit = min(max(snaplen, MAX_PCAP_FRAME), MAX_FRAME)
        linktype = network & 0x0FFFFFFF
        offset, index, record = 24, 0, 1
        while True:
            self.src.release(offset)
            header = self.src.get(offset, 16)
            if not header:
                return
            problem = self._implausible(header)
            if problem is None and len(header) == 16:
                caplen = self.record.unpack(header)[2]
                frame = self.src.get(offset + 16, caplen)
                if len(frame) < caplen:
                    # cut short, or a garbled header claiming more than is left: look further first
                    resumed = self._resync(offset + 1)
                    problem = "pcap record claims more bytes than the file holds" if resumed else ""
                    yield Damage(
                        offset, record, index, problem or f"file ends inside frame {index + 1}", resumed
                    )
                    if resumed is None:
                        return
                    offset = resumed
                    record += 1
                    continue
                seconds, fraction = self.record.unpack(header)[:2]
                ts = seconds * 1_000_000_000 + (fraction if self.nanos else fraction * 1000)
                yield Packet(index, ts, linktype, frame, max(self.record.unpack(header)[3], caplen), 0)
                index += 1
                record += 1
                offset += 16 + caplen
                continue
            if len(header) < 16:
                yield Damage(offset, record, index, "file ends inside a pcap record header", None)
                return
            resumed = self._resync(offset + 1)
            yield Damage(offset, record, index, f"garbled pcap record header ({problem})", resumed)
            if resumed is None:
                return
            offset = resumed
            record += 1

    def _implausible(self, header: bytes) -> str | None:
        if len(header) < 16:
            return "short"
        _seconds, fraction, caplen, origlen = self.record.unpack(header)
        if fraction >= (1_000_000_000 if self.nanos else 1_000_000):
            return f"timestamp fraction {fraction} out of range"
        if caplen > self.limit:
            return f"claims {caplen} captured bytes"
        if caplen == 0 and origlen == 0:
            return "empty record"
        if origlen < caplen or origlen > MAX_FRAME:
            return f"original length {origlen} with {caplen} captured"
        return None

    def _candidates(self) -> re.Pattern[bytes]:
        """Offsets whose bytes can be a record header: the timestamp fraction's high bytes within
        range (below 10^6 or 10^9) and the captured length below 2^25 (a prefilter, checked after)."""
        if self.order == "<":
            fraction = rb".{6}[\x00-\x0f]\x00" if not self.nanos else rb".{7}[\x00-\x3b]"
            return re.compile(rb"(?=" + fraction + rb".{3}[\x00\x01])", re.DOTALL)
        fraction = rb".{4}\x00[\x00-\x0f].{2}" if not self.nanos else rb".{4}[\x00-\x3b].{3}"
        return re.compile(rb"(?=" + fraction + rb"[\x00\x01])", re.DOTALL)

    def _resync(self, start: int) -> int | None:
        pattern = self._candidates()
        window = 1 << 16
        offset = start
        while True:
            self.src.release(offset)
            chunk = self.src.get(offset, window + 15)
            if len(chunk) < 16:
                return None
            for found in pattern.finditer(chunk):
                if found.start() >= window:
                    break
                at = offset + found.start()
                header = self.src.get(at, 16)
                if self._implausible(header) is not None:
                    continue
                caplen = self.record.unpack(header)[2]
                after = self.src.get(at + 16 + caplen, 16)
                if (not after and self.src.eof) or (len(after) == 16 and self._implausible(after) is None):
                    return at
            if len(chunk) < window + 15:
                return None
            offset += window


class _Pcapng:
    def __init__(self, src: Source) -> None:
        self.src = src
        self.order = "<"
        self.interfaces: list[tuple[int, int, int, int, int, int]] = []
        """(linktype, snaplen, units per second, ns multiplier, ns divisor, offset) per interface."""

    def items(self) -> Iterator[Item]:
        offset, index, record = 0, 0, 1
        while True:
            self.src.release(offset)
            head = self.src.get(offset, 12)
            if not head:
                return
            try:
                total = self._framed(offset, head, first=offset == 0)
            except _Damaged as exc:
                if offset == 0:
                    raise CaptureError(exc.problem, exc.offset) from None
                resumed = self._resync(offset + 1)  # a garbled length may point past the end
                problem = f"garbled block ({exc.problem})" if exc.truncated and resumed else exc.problem
                yield Damage(offset, record, index, problem, resumed)
                if resumed is None:
                    return
                offset, record = resumed, record + 1
                continue
            block = self.src.get(offset, total)
            try:
                item = self._block(block, offset, index)
            except _Damaged as exc:
                yield Damage(exc.offset, record, index, exc.problem, offset + total)
                item = None
            if isinstance(item, Packet):
                index += 1
            if item is not None:
                yield item
            offset += total
            record += 1

    def _framed(self, offset: int, head: bytes, first: bool = False) -> int:
        if len(head) < 12:
            raise _Damaged("file ends inside a pcapng block header", offset, truncated=True)
        block_type = struct.unpack_from(self.order + "I", head, 0)[0]
        order = self.order
        if block_type == PCAPNG_SHB:
            bom = head[8:12]
            if bom == b"\x4d\x3c\x2b\x1a":
                order = "<"
            elif bom == b"\x1a\x2b\x3c\x4d":
                order = ">"
            else:
                raise _Damaged(f"bad pcapng byte-order magic {bom.hex()}", offset + 8)
        elif first:
            raise _Damaged("pcapng file does not start with a section header", offset)
        total = struct.unpack_from(order + "I", head, 4)[0]
        if total < 12 or total % 4 or total > MAX_BLOCK:
            raise _Damaged(f"pcapng block length {total} is invalid", offset + 4)
        trailer = self.src.get(offset + total - 4, 4)
        if len(trailer) < 4:
            raise _Damaged(f"file ends inside a pcapng block of {total} bytes", offset, truncated=True)
        if struct.unpack(order + "I", trailer)[0] != total:
            raise _Damaged(
                f"pcapng block lengths differ ({total} and {struct.unpack(order + 'I', trailer)[0]})", offset
            )
        if block_type == PCAPNG_SHB:
            self.order = order
        return int(total)

    def _resync(self, start: int) -> int | None:
        """The next offset holding a well-framed block of a known type; candidates are found with a
        regular expression over windows of the file (no per-byte Python work over long garbage)."""
        types = b"|".join(re.escape(struct.pack(self.order + "I", t)) for t in sorted(KNOWN_BLOCKS))
        pattern = re.compile(b"(?=" + types + b")")  # a lookahead: overlapping candidates too
        window = 1 << 16
        offset = start
        while True:
            self.src.release(offset)
            chunk = self.src.get(offset, window + 3)
            if len(chunk) < 12:
                return None
            for found in pattern.finditer(chunk):
                if found.start() >= window:
                    break
                at = offset + found.start()
                head = self.src.get(at, 12)
                if len(head) < 12:
                    return None
                try:
                    self._framed(at, head)
                    return at
                except _Damaged:
                    continue
            if len(chunk) < window + 3:
                return None
            offset += window

    def _block(self, block: bytes, offset: int, index: int) -> Packet | DecryptionSecrets | None:
        order = self.order
        block_type = struct.unpack_from(order + "I", block, 0)[0]
        body = block[8:-4]
        if block_type == PCAPNG_SHB:
            if len(body) < 16:
                raise _Damaged("section header block too short", offset)
            major = struct.unpack_from(order + "H", body, 4)[0]
            if major != 1:
                raise _Damaged(f"pcapng major version {major} is not 1", offset + 12)
            self.interfaces = []
        elif block_type == BLOCK_IDB:
            self.interfaces.append(self._interface(body, offset + 8))
        elif block_type in (BLOCK_EPB, BLOCK_PB):
            if len(body) < 20:
                raise _Damaged("packet block too short", offset)
            if block_type == BLOCK_EPB:
                if_id, ts_hi, ts_lo, caplen, origlen = struct.unpack_from(order + "IIIII", body, 0)
            else:
                if_id, _drops, ts_hi, ts_lo, caplen, origlen = struct.unpack_from(order + "HHIIII", body, 0)
            if if_id >= len(self.interfaces):
                raise _Damaged(f"packet on interface {if_id}, which was not described", offset)
            if 20 + caplen > len(body):
                raise _Damaged(f"packet block claims {caplen} bytes but holds {len(body) - 20}", offset)
            linktype, _snap, per_second, mul, div, ts_offset = self.interfaces[if_id]
            ts = (((ts_hi << 32) | ts_lo) + ts_offset * per_second) * mul // div
            comment = _comment(body, 20 + caplen + (-caplen % 4), order) if block_type == BLOCK_EPB else None
            frame = body[20 : 20 + caplen]
            return Packet(index, ts, linktype, frame, max(origlen, caplen), if_id, comment)
        elif block_type == BLOCK_SPB:
            if len(body) < 4:
                raise _Damaged("simple packet block too short", offset)
            if not self.interfaces:
                raise _Damaged("simple packet block before any interface description", offset)
            origlen = struct.unpack_from(order + "I", body, 0)[0]
            linktype, snaplen = self.interfaces[0][:2]
            caplen = min(origlen, len(body) - 4)
            if snaplen:
                caplen = min(caplen, snaplen)
            return Packet(index, 0, linktype, body[4 : 4 + caplen], origlen, 0)
        elif block_type == BLOCK_DSB:
            if len(body) < 8:
                raise _Damaged("decryption secrets block too short", offset)
            secrets_type, length = struct.unpack_from(order + "II", body, 0)
            if 8 + length > len(body):
                raise _Damaged(f"decryption secrets claim {length} bytes", offset)
            return DecryptionSecrets(secrets_type, body[8 : 8 + length], index)
        return None

    def _interface(self, body: bytes, base: int) -> tuple[int, int, int, int, int, int]:
        if len(body) < 8:
            raise _Damaged("interface description block too short", base)
        linktype, _reserved, snaplen = struct.unpack_from(self.order + "HHI", body, 0)
        per_second, mul, div = 1_000_000, 1_000_000_000, 1_000_000
        ts_offset = 0
        pos = 8
        while pos + 4 <= len(body):
            code, length = struct.unpack_from(self.order + "HH", body, pos)
            pos += 4
            if code == OPT_ENDOFOPT:
                break
            if pos + length > len(body):
                raise _Damaged("pcapng option runs past its block", base + pos)
            value = body[pos : pos + length]
            if code == OPT_IF_TSRESOL and length >= 1:
                per_second, mul, div = _resolution(value[0], base + pos)
            elif code == OPT_IF_TSOFFSET and length >= 8:
                ts_offset = struct.unpack_from(self.order + "q", value, 0)[0]
            pos += (length + 3) & ~3
        return linktype, snaplen, per_second, mul, div, ts_offset


def _comment(body: bytes, pos: int, order: str) -> str | None:
    """A packet block's first opt_comment; None without one, or when its options do not parse (they
    are not needed to read the packet)."""
    while pos + 4 <= len(body):
        code, length = struct.unpack_from(order + "HH", body, pos)
        pos += 4
        if code == OPT_ENDOFOPT or pos + length > len(body):
            return None
        if code == OPT_COMMENT:
            return body[pos : pos + length].decode("utf-8", "replace")
        pos += (length + 3) & ~3
    return None


def _resolution(code: int, offset: int) -> tuple[int, int, int]:
    """(units per second, ns multiplier, ns divisor) of an ``if_tsresol`` value."""
    exponent = code & 0x7F
    if code & 0x80:
        per_second = 1 << exponent
    else:
        if exponent > 18:
            raise _Damaged(f"if_tsresol 10^-{exponent} is not plausible", offset)
        per_second = 10**exponent
    return per_second, 1_000_000_000, per_second
