"""The bytes of a capture file by absolute offset, read in chunks (memory stays flat however large
the file is), or of bytes already in memory."""

from __future__ import annotations

from typing import BinaryIO

CHUNK = 1 << 20


class Source:
    """The bytes of a file by absolute offset, read in chunks; :meth:`release` forgets what is before."""

    def __init__(self, data: bytes | None = None, file: BinaryIO | None = None) -> None:
        self._file = file
        self._buf = b"" if data is None else data
        self._base = 0
        self.eof = file is None

    def get(self, offset: int, n: int) -> bytes:
        """Up to ``n`` bytes from ``offset`` (fewer only at the end of the file)."""
        start = offset - self._base
        if start + n > len(self._buf) and not self.eof:
            self._fill(start + n)
            start = offset - self._base
        return self._buf[start : start + n]

    def _fill(self, needed: int) -> None:
        assert self._file is not None
        parts = [self._buf]
        have = len(self._buf)
        while have < needed:
            more = self._file.read(max(CHUNK, needed - have))
            if not more:
                self.eof = True
                break
            parts.append(more)
            have += len(more)
        self._buf = b"".join(parts)

    def release(self, offset: int) -> None:
        drop = offset - self._base
        if self._file is not None and drop > CHUNK:
            self._buf = self._buf[drop:]
            self._base = offset
