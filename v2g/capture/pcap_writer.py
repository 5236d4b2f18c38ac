"""pcapng writer (little endian, nanosecond timestamps): SHB, IDB, EPB and DSB (a TLS key log)."""

from __future__ import annotations

import math
import struct
from pathlib import Path
from typing import BinaryIO

from v2g.capture.pcap_reader import (
    BLOCK_DSB,
    BLOCK_EPB,
    BLOCK_IDB,
    OPT_COMMENT,
    OPT_ENDOFOPT,
    OPT_IF_TSRESOL,
    PCAPNG_BYTE_ORDER_MAGIC,
    PCAPNG_SHB,
)
from v2g.capture.pcap_types import SECRETS_TLS_KEYLOG

LINKTYPE_ETHERNET = 1


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
        padded = bytes(frame) + b"\x00" * (-len(frame) % 4)
        self._file.write(_block(BLOCK_EPB, body + padded + options))

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
