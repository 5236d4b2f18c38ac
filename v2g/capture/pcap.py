"""Classic pcap and pcapng: what a capture holds, read whole (:func:`read_capture`) or streamed
(:func:`iter_file`), and the pcapng writer (:class:`PcapngWriter`, in :mod:`v2g.capture.pcap_writer`).

The formats and the damage handling are described in :mod:`v2g.capture.pcap_reader`. Strict reading
(the default of :func:`parse_capture` / :func:`read_capture`, and :func:`iter_capture`) raises
:class:`CaptureError` at the first damage; with ``allow_truncated_tail=True`` a damaged file is read
around its damage (a cut tail, garbage in the middle), which is kept in :attr:`Capture.damage`.
Nothing but :class:`CaptureError` is raised for a file that is not a capture.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from v2g.capture.errors import CaptureError
from v2g.capture.pcap_reader import (
    BLOCK_DSB,
    BLOCK_EPB,
    BLOCK_IDB,
    BLOCK_PB,
    BLOCK_SPB,
    MAX_BLOCK,
    MAX_FRAME,
    PCAP_MAGIC_NS,
    PCAP_MAGIC_US,
    PCAPNG_BYTE_ORDER_MAGIC,
    PCAPNG_SHB,
    iter_items,
)
from v2g.capture.pcap_types import SECRETS_TLS_KEYLOG, Damage, DecryptionSecrets, Packet
from v2g.capture.pcap_writer import LINKTYPE_ETHERNET, PcapngWriter
from v2g.capture.source import Source

__all__ = [
    "BLOCK_DSB",
    "BLOCK_EPB",
    "BLOCK_IDB",
    "BLOCK_PB",
    "BLOCK_SPB",
    "LINKTYPE_ETHERNET",
    "MAX_BLOCK",
    "MAX_FRAME",
    "PCAPNG_BYTE_ORDER_MAGIC",
    "PCAPNG_SHB",
    "PCAP_MAGIC_NS",
    "PCAP_MAGIC_US",
    "SECRETS_TLS_KEYLOG",
    "Capture",
    "Damage",
    "DecryptionSecrets",
    "Packet",
    "PcapngWriter",
    "iter_capture",
    "iter_file",
    "parse_capture",
    "read_capture",
]


@dataclass(frozen=True, slots=True)
class Capture:
    """Everything a capture file holds."""

    format: str
    """``"pcap"`` or ``"pcapng"``."""
    packets: tuple[Packet, ...]
    secrets: tuple[DecryptionSecrets, ...]
    truncated: str | None = None
    """The first damage (only with ``allow_truncated_tail``), as text."""
    damage: tuple[Damage, ...] = ()
    """Every damaged stretch, in file order (only with ``allow_truncated_tail``)."""

    def tls_keylog(self) -> str:
        """All embedded TLS key logs, concatenated (empty if there are none)."""
        return "".join(s.keylog_text() for s in self.secrets if s.is_tls_keylog)


CaptureItem = Packet | DecryptionSecrets


def _items(src: Source) -> Iterator[CaptureItem | Damage]:
    try:
        yield from iter_items(src)
    except (struct.error, ValueError, OverflowError) as exc:  # defensive: never leak parser internals
        raise CaptureError(f"garbled capture: {exc}") from exc


def iter_capture(data: bytes) -> Iterator[CaptureItem]:
    """Every frame and decryption-secrets block of a pcap or pcapng file, in file order; strict
    (CaptureError at the first damage)."""
    for item in _items(Source(bytes(data))):
        if isinstance(item, Damage):
            raise CaptureError(f"{item.problem} (record {item.record})", item.offset)
        yield item


def iter_file(path: str | Path) -> Iterator[CaptureItem | Damage]:
    """Stream a capture file: frames, secrets and damage in file order, the file read in chunks."""
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed in the finally below, after the generator ends
    except OSError as exc:
        raise CaptureError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        yield from _items(Source(file=f))
    except OSError as exc:
        raise CaptureError(f"cannot read {path}: {exc.strerror or exc}") from exc
    finally:
        f.close()


def capture_format(head: bytes) -> str:
    return "pcapng" if head[:4] == b"\x0a\x0d\x0d\x0a" else "pcap"


def _collect(items: Iterator[CaptureItem | Damage], fmt: str, tolerant: bool) -> Capture:
    packets: list[Packet] = []
    secrets: list[DecryptionSecrets] = []
    damage: list[Damage] = []
    for item in items:
        if isinstance(item, Packet):
            packets.append(item)
        elif isinstance(item, DecryptionSecrets):
            secrets.append(item)
        elif not tolerant or (item.resumed_at is None and not packets and not secrets):
            raise CaptureError(f"{item.problem} (record {item.record})", item.offset)
        else:
            damage.append(item)
    if damage and not packets and not secrets:
        raise CaptureError(f"no readable record: {damage[0]}")
    return Capture(fmt, tuple(packets), tuple(secrets), str(damage[0]) if damage else None, tuple(damage))


def parse_capture(data: bytes, *, allow_truncated_tail: bool = False) -> Capture:
    """Read a whole pcap or pcapng file held in memory."""
    data = bytes(data)
    return _collect(_items(Source(data)), capture_format(data), allow_truncated_tail)


def read_capture(source: str | Path | bytes, *, allow_truncated_tail: bool = False) -> Capture:
    """Read a capture from a path (streamed from the file) or from bytes already in memory."""
    if isinstance(source, bytes):
        return parse_capture(source, allow_truncated_tail=allow_truncated_tail)
    try:
        with open(source, "rb") as f:
            head = f.read(4)
    except OSError as exc:
        raise CaptureError(f"cannot read {source}: {exc.strerror or exc}") from exc
    return _collect(iter_file(source), capture_format(head), allow_truncated_tail)
