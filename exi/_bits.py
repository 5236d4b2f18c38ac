"""Bit-packed reading and writing (EXI 1.0 bit-packed alignment, most significant bit first)."""

from __future__ import annotations

from .errors import ExiTruncatedError


class BitReader:
    """Reads bit fields from ``data``; never reads past its end (raises ExiTruncatedError)."""

    __slots__ = ("big", "data", "end", "pos")

    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data = data
        self.pos = pos
        self.end = len(data) * 8
        # short streams (every V2G message but certificate exchanges) are read from one integer
        self.big = int.from_bytes(data, "big") if len(data) <= 2048 else -1

    def remaining(self) -> int:
        return self.end - self.pos

    def read(self, n: int) -> int:
        if n == 0:
            return 0
        pos = self.pos
        stop = pos + n
        if stop > self.end:
            raise ExiTruncatedError("unexpected end of input", pos)
        if self.big >= 0:
            self.pos = stop
            return (self.big >> (self.end - stop)) & ((1 << n) - 1)
        first = pos >> 3
        last = (stop + 7) >> 3
        chunk = int.from_bytes(self.data[first:last], "big")
        self.pos = stop
        return (chunk >> ((last << 3) - stop)) & ((1 << n) - 1)

    def read_bytes(self, count: int) -> bytes:
        if count * 8 > self.end - self.pos:
            raise ExiTruncatedError(f"declared length {count} exceeds the input left", self.pos)
        if count == 0:
            return b""
        if self.pos & 7 == 0:
            start = self.pos >> 3
            self.pos += count * 8
            return bytes(self.data[start:start + count])
        return self.read(count * 8).to_bytes(count, "big")


class BitWriter:
    """Accumulates bit fields; ``getvalue`` pads the last byte with zero bits."""

    __slots__ = ("acc", "buf", "nacc")

    def __init__(self) -> None:
        self.buf = bytearray()
        self.acc = 0
        self.nacc = 0

    def write(self, value: int, n: int) -> None:
        if n == 0:
            return
        self.acc = (self.acc << n) | value
        self.nacc += n
        if self.nacc >= 64:
            keep = self.nacc & 7
            full = self.nacc - keep
            self.buf += (self.acc >> keep).to_bytes(full >> 3, "big")
            self.acc &= (1 << keep) - 1
            self.nacc = keep

    def write_bytes(self, data: bytes) -> None:
        if self.nacc == 0:
            self.buf += data
        elif data:
            self.write(int.from_bytes(data, "big"), len(data) * 8)

    def bit_length(self) -> int:
        return len(self.buf) * 8 + self.nacc

    def getvalue(self) -> bytes:
        out = bytearray(self.buf)
        if self.nacc:
            pad = (8 - self.nacc % 8) % 8
            out += (self.acc << pad).to_bytes((self.nacc + pad) >> 3, "big")
        return bytes(out)
