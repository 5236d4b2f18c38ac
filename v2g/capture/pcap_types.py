"""The items of a capture file: frames (:class:`Packet`), Decryption Secrets Blocks and damage."""

from __future__ import annotations

from dataclasses import dataclass

from v2g.capture.errors import CaptureError

SECRETS_TLS_KEYLOG = 0x544C534B
"""DSB secrets type of an NSS key log file ("TLSK")."""


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
class Damage:
    """A damaged stretch of a capture file."""

    offset: int
    """Byte offset in the file where the damage was found."""
    record: int
    """Number of the record (pcap) or block (pcapng) there, from 1, counting the file's records."""
    frames_before: int
    """Frames read before it (the last good frame's Wireshark number)."""
    problem: str
    resumed_at: int | None
    """Offset where reading went on; None: the file ends in the damage (cut short)."""

    def __str__(self) -> str:
        where = f"at byte {self.offset} (record {self.record}, after frame {self.frames_before})"
        then = "file ends there" if self.resumed_at is None else f"resumed at byte {self.resumed_at}"
        return f"{self.problem} {where}; {then}"
