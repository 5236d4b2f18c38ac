"""Value and qname codecs of EXI 1.0 (7.1.6 unsigned integer, 7.1.10 string, 7.1.7 qname) and the
string table (7.3) they share. Every length is bounded by the input left."""

from __future__ import annotations

from typing import Any

from ._bits import BitReader, BitWriter
from .errors import ExiDecodeError, ExiTruncatedError


def bits_for(n: int) -> int:
    return (n - 1).bit_length() if n > 1 else 0


class Strings:
    """The string table (EXI 7.3): value partitions (needed to decode hits; encoders here never
    emit value hits) and the URI / local-name partitions used to code qnames of wildcard content."""

    __slots__ = ("builtin", "glob", "local", "names", "uris")

    def __init__(self, uris: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> None:
        self.glob: list[str] = []
        self.local: dict[tuple[str, str], list[str]] = {}
        self.uris: list[str] = [u for u, _ in uris]
        self.names: list[list[str]] = [list(n) for _, n in uris]
        self.builtin: dict[Any, Any] = {}  # built-in element grammars learned in this stream

    def read_qname(self, r: BitReader) -> tuple[str, str]:
        """A qname (7.1.7): URI compact id (0 = literal) and local name (0 = hit, else literal)."""
        i = r.read(bits_for(len(self.uris) + 1))
        if i == 0:
            uri = _read_literal(r, read_unsigned(r, 5))
            self.uris.append(uri)
            self.names.append([])
            ui = len(self.uris) - 1
        elif i - 1 < len(self.uris):
            ui = i - 1
            uri = self.uris[ui]
        else:
            raise ExiDecodeError(f"URI compact id {i} out of range", r.pos)
        n = read_unsigned(r, 5)
        names = self.names[ui]
        if n == 0:
            j = r.read(bits_for(len(names)))
            if j >= len(names):
                raise ExiDecodeError(f"local-name id {j} out of range", r.pos)
            return uri, names[j]
        local = _read_literal(r, n - 1)
        names.append(local)
        return uri, local

    def write_qname(self, w: BitWriter, uri: str, local: str) -> None:
        if uri in self.uris:
            ui = self.uris.index(uri)
            w.write(ui + 1, bits_for(len(self.uris) + 1))
        else:
            w.write(0, bits_for(len(self.uris) + 1))
            write_unsigned(w, len(uri))
            _write_chars(w, uri)
            self.uris.append(uri)
            self.names.append([])
            ui = len(self.uris) - 1
        names = self.names[ui]
        if local in names:
            write_unsigned(w, 0)
            w.write(names.index(local), bits_for(len(names)))
        else:
            write_unsigned(w, len(local) + 1)
            _write_chars(w, local)
            names.append(local)


def read_unsigned(r: BitReader, max_groups: int) -> int:
    result = 0
    shift = 0
    for _ in range(max_groups):
        b = r.read(8)
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result
        shift += 7
    raise ExiDecodeError("unsigned integer longer than its type allows", r.pos)


def write_unsigned(w: BitWriter, v: int) -> None:
    while v >= 0x80:
        w.write((v & 0x7F) | 0x80, 8)
        v >>= 7
    w.write(v, 8)


def _read_literal(r: BitReader, n: int) -> str:
    if n * 8 > r.remaining():
        raise ExiTruncatedError(f"string length {n} exceeds the input left", r.pos)
    chars = []
    for _ in range(n):
        c = read_unsigned(r, 3)
        if c > 0x10FFFF:
            raise ExiDecodeError(f"code point {c:#x} out of range", r.pos)
        chars.append(chr(c))
    return "".join(chars)


def _write_chars(w: BitWriter, s: str) -> None:
    for ch in s:
        write_unsigned(w, ord(ch))


def read_string(r: BitReader, st: Strings, qn: tuple[str, str]) -> str:
    n = read_unsigned(r, 5)
    if n == 0:
        part = st.local.get(qn, [])
        i = r.read(bits_for(len(part)))
        if i >= len(part):
            raise ExiDecodeError("local string-table hit out of range", r.pos)
        return part[i]
    if n == 1:
        i = r.read(bits_for(len(st.glob)))
        if i >= len(st.glob):
            raise ExiDecodeError("global string-table hit out of range", r.pos)
        return st.glob[i]
    n -= 2
    if n * 8 > r.remaining():
        raise ExiTruncatedError(f"string length {n} exceeds the input left", r.pos)
    start = r.pos
    raw = r.read_bytes(n)
    if raw.isascii():  # every code point below 128 takes exactly one byte
        s = raw.decode("ascii")
        if n:
            st.glob.append(s)
            st.local.setdefault(qn, []).append(s)
        return s
    r.pos = start
    chars = []
    for _ in range(n):
        c = read_unsigned(r, 3)
        if c > 0x10FFFF:
            raise ExiDecodeError(f"code point {c:#x} out of range", r.pos)
        chars.append(chr(c))
    s = "".join(chars)
    if n:
        st.glob.append(s)
        st.local.setdefault(qn, []).append(s)
    return s
