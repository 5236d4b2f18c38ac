"""Typed errors of the capture package."""

from __future__ import annotations

from v2g.errors import V2GError


class CaptureError(V2GError):
    """A capture file that cannot be read: not pcap/pcapng, truncated, or garbled.

    ``offset`` is the byte offset in the file where the problem was found (None if unknown).
    """

    def __init__(self, message: str, offset: int | None = None) -> None:
        super().__init__(message if offset is None else f"{message} (at byte {offset})")
        self.offset = offset


class PacketError(V2GError):
    """A frame whose headers cannot be parsed (reported per frame, never fatal to a capture)."""
