"""The decoding half of the pure-Python EXI engine: documents, elements, values and fragments (8.5.2,
8.5.3), and the refusal of the second-level events V2G peers never produce (``exi/_engine.py``)."""

from __future__ import annotations

from typing import Any

from ._bits import BitReader
from ._builtin import decode_builtin
from ._grammar import (
    _SIMPLE_END,
    _SIMPLE_FIRST,
    AT,
    CH,
    CHX,
    EE,
    MAX_DEPTH,
    SE,
    Datatype,
    Element,
    FragmentElement,
    GrammarTables,
    TypeGrammar,
)
from ._values import Strings, bits_for, read_string, read_unsigned
from .errors import ExiDecodeError, ExiError, ExiTruncatedError, ExiUnsupportedError


def _refuse_level2(r: BitReader, level2: tuple[str, ...], where: str) -> ExiError:
    at = r.pos
    return _level2_error(r.read(bits_for(len(level2))), level2, where, at)


def _level2_error(code: int, level2: tuple[str, ...], where: str, at: int) -> ExiError:
    if code >= len(level2):
        return ExiDecodeError(f"invalid second-level event code {code} in {where}", at)
    event = level2[code]
    return ExiUnsupportedError(f"second-level event {event} in {where}: not produced by V2G peers and "
                               "refused like the C references do", at)


def _level2_empty(r: BitReader, level2: tuple[str, ...], where: str, dt: Datatype) -> str | bytes:
    """A second-level event where a typed CH is next and EE is not first level: EE (code 0, how
    EXIficient ends an element with empty simple content) is the empty value, the rest are refused."""
    at = r.pos
    code = r.read(bits_for(len(level2)))
    if code != 0:
        raise _level2_error(code, level2, where, at)
    if dt.empty is None:
        raise ExiDecodeError(f"{where} ends without a value (second-level EE), but {dt.no_empty}", at)
    return dt.empty


class GrammarDecoder(GrammarTables):
    """Decoding of one schema set's tables (mixed into ``exi._engine.Grammar``)."""

    # ------------------------------------------------------------------ decoding
    def decode_document(self, data: bytes) -> tuple[object, int]:
        """Decode a whole EXI document; returns (root element object, bits used)."""
        r = BitReader(data)
        _read_header(r)
        code = r.read(self.doc_bits)
        if code >= len(self.globals):
            if code == len(self.globals):
                raise ExiUnsupportedError("document root is an undeclared element (SE(*))", r.pos)
            raise ExiDecodeError(f"invalid document event code {code}", r.pos)
        eid = self.globals[code]
        obj = self.decode_element(r, eid, Strings(self.uris), 0, as_element=True)
        return obj, r.pos

    def decode_element(self, r: BitReader, eid: int, st: Strings, depth: int, as_element: bool) -> object:
        if depth > MAX_DEPTH:
            raise ExiDecodeError("elements nested too deeply", r.pos)
        el = self.elements[eid]
        if el.simple:
            if r.read(1):
                value = _level2_empty(r, _SIMPLE_FIRST, el.local, self.datatypes[el.ref])
            else:
                value = self.decode_value(r, self.datatypes[el.ref], st, (el.uri, el.local))
                if r.read(1):
                    raise _refuse_level2(r, _SIMPLE_END, el.local)
            if as_element and el.cls is not None:
                return el.cls(value=value)
            return value
        cls = el.cls if (as_element and el.cls is not None) else None
        return self.decode_complex(r, el.ref, st, depth, cls, el)

    def decode_complex(self, r: BitReader, tid: int, st: Strings, depth: int, cls: type | None,
                       el: Element) -> object:
        t = self.types[tid]
        fields = t.fields
        values: list[Any] = [None] * len(fields)
        for i, f in enumerate(fields):
            if f.repeated:
                values[i] = []
        states = t.states
        positions = t.positions
        state = states[0]
        cur = -1
        count = 0
        seq: list[int] | None = [] if t.any_field >= 0 else None
        while True:
            code = r.read(state.bits)
            if code >= state.n:
                if code == state.n and state.empty >= 0:  # no first-level EE, a typed CH next
                    fidx = state.prods[state.empty][1]
                    dt = self.datatypes[fields[fidx].datatype]
                    values[fidx] = _level2_empty(r, state.level2, el.local, dt)
                    break
                if code == state.n:
                    raise _refuse_level2(r, state.level2, el.local)
                raise ExiDecodeError(f"invalid event code {code} in {el.local}", r.pos)
            kind, fidx, arg, target = state.prods[code]
            if kind == EE:
                break
            if kind == SE:
                f = fields[fidx]
                value = self.decode_element(r, arg, st, depth + 1, f.substitution)
            elif kind in (AT, CH):
                f = fields[fidx]
                qn = (el.uri, el.local) if kind == CH else (
                    self._attr_qname(t, fidx, el))
                value = self.decode_value(r, self.datatypes[f.datatype], st, qn)
            elif kind == CHX:
                any_field = t.any_field
                if any_field < 0:
                    raise ExiUnsupportedError(f"mixed character content in {el.local}", r.pos)
                values[any_field].append(read_string(r, st, (el.uri, el.local)))
                if seq is not None:
                    seq.append(any_field)
                state = states[target]
                continue
            else:
                f = fields[fidx]
                value = self._decode_wildcard(r, st, depth, el)
            if f.repeated:
                values[fidx].append(value)
            else:
                values[fidx] = value
            if seq is not None and kind != AT:
                seq.append(fidx)
            pos = positions[target]
            if target == cur and (pos[1] is None or count < pos[1]):
                count += 1
            else:
                cur = target
                count = 1
            lo, hi, s_low, s_mid, s_top = pos
            if count < lo:
                state = states[s_low]
            elif hi is None or count < hi:
                state = states[s_mid]
            else:
                state = states[s_top]
        kwargs: dict[str, Any] = {}
        if seq is not None and seq != sorted(seq):
            kwargs["order_"] = tuple(seq)
        for f, v in zip(fields, values, strict=True):
            if f.repeated:
                kwargs[f.name] = tuple(v)
            elif v is not None:
                kwargs[f.name] = v
        target_cls = cls if cls is not None else t.cls
        return target_cls(**kwargs)

    def _decode_wildcard(self, r: BitReader, st: Strings, depth: int, el: Element) -> object:
        """SE(*) of a wildcard (xs:any): the qname, then the content in the grammar of the global
        element of that name, or a built-in element grammar (8.4.3) for an undeclared name."""
        qn = st.read_qname(r)
        return self._decode_named(r, qn, depth + 1, st)

    def _decode_named(self, r: BitReader, qn: tuple[str, str], depth: int, st: Strings) -> object:
        eid = self.global_by_qname.get(qn)
        if eid is None:  # undeclared: built-in element grammar (8.4.3)
            return decode_builtin(r, st, qn, depth, lambda r2, q, d: self._decode_named(r2, q, d, st))
        return self.decode_element(r, eid, st, depth, as_element=True)

    @staticmethod
    def _attr_qname(t: TypeGrammar, fidx: int, el: Element) -> tuple[str, str]:
        return ("", t.fields[fidx].xml_name)

    def decode_value(self, r: BitReader, dt: Datatype, st: Strings, qn: tuple[str, str]) -> Any:
        kind = dt.kind
        if kind == "nbit":
            # the n bits may hold values above the max facet; peers send them (public vector #135)
            return r.read(dt.bits) + (dt.lo or 0)
        if kind == "enum":
            i = r.read(dt.bits)
            if i >= len(dt.members):
                raise ExiDecodeError(f"{dt.name} enumeration index {i} out of range", r.pos)
            return dt.members[i]
        if kind == "boolean":
            return bool(r.read(1))
        if kind == "unsigned":
            v = read_unsigned(r, dt.groups)
            if dt.hi is not None and v > dt.hi:
                raise ExiDecodeError(f"{dt.name} value {v} above {dt.hi}", r.pos)
            if dt.lo is not None and v < dt.lo:
                raise ExiDecodeError(f"{dt.name} value {v} below {dt.lo}", r.pos)
            return v
        if kind == "integer":
            neg = r.read(1)
            mag = read_unsigned(r, dt.groups)
            v = -(mag + 1) if neg else mag
            if (dt.hi is not None and v > dt.hi) or (dt.lo is not None and v < dt.lo):
                raise ExiDecodeError(f"{dt.name} value {v} out of range", r.pos)
            return v
        if kind == "binary":
            n = read_unsigned(r, 10)
            return r.read_bytes(n)
        if kind == "string":
            return read_string(r, st, qn)
        raise ExiDecodeError(f"unknown datatype {kind}", r.pos)

    # ------------------------------------------------------------------ fragments (8.5.2, 8.5.3)
    def decode_fragment(self, data: bytes) -> tuple[list[object], int]:
        r = BitReader(data)
        _read_header(r)
        st = Strings(self.uris)
        n = len(self.fragment)
        out: list[object] = []
        while True:
            code = r.read(self.fragment_bits)
            if code == n + 1:
                return out, r.pos
            if code == n:
                raise ExiUnsupportedError("undeclared element (SE(*)) in a fragment", r.pos)
            if code > n + 1:
                raise ExiDecodeError(f"invalid fragment event code {code}", r.pos)
            if len(out) >= 1024:
                raise ExiDecodeError("too many elements in a fragment", r.pos)
            out.append(self._decode_fragment_element(r, code, st, 0))

    def _decode_fragment_element(self, r: BitReader, code: int, st: Strings, depth: int) -> object:
        uri, local, eid, alts = self.fragment[code]
        if eid >= 0:
            el = self.elements[eid]
            value = self.decode_element(r, eid, st, depth, as_element=True)
            if el.cls is not None:
                return value
            return FragmentElement(uri, local, value)
        return FragmentElement(uri, local, self._decode_relaxed(r, code, alts, st, depth))

    def _decode_relaxed(self, r: BitReader, code: int, alts: tuple[int, ...], st: Strings,
                        depth: int) -> object:
        """The schema-informed element fragment grammar (8.5.3) of a qname declared with several
        types: any declared attribute, then untyped character content (child elements refused)."""
        if depth > MAX_DEPTH:
            raise ExiDecodeError("elements nested too deeply", r.pos)
        na = len(self.fragment_attributes)
        m = len(self.fragment)
        bits0 = bits_for(na + m + 4)
        bits1 = bits_for(m + 3)
        qn = self.fragment[code][:2]
        attrs: dict[tuple[str, str], Any] = {}
        text: list[str] = []
        first = True
        while True:
            if first:
                c = r.read(bits0)
                if c < na:
                    auri, alocal, dt = self.fragment_attributes[c]
                    if (auri, alocal) in attrs:
                        raise ExiDecodeError(f"attribute {alocal} twice", r.pos)
                    attrs[(auri, alocal)] = (self.decode_value(r, self.datatypes[dt], st, (auri, alocal))
                                             if dt >= 0 else read_string(r, st, (auri, alocal)))
                    continue
                if c == na:
                    raise ExiUnsupportedError("undeclared attribute (AT(*))", r.pos)
                c -= na + 1
            else:
                c = r.read(bits1)
            if c < m:
                raise ExiUnsupportedError("child elements in a relaxed element fragment grammar", r.pos)
            if c == m:
                raise ExiUnsupportedError("undeclared element (SE(*))", r.pos)
            if c == m + 1:
                break
            if c == m + 2:
                text.append(read_string(r, st, (qn[0], qn[1])))
                first = False
                continue
            raise ExiDecodeError(f"invalid event code {c}", r.pos)
        return self._relaxed_value(alts, attrs, "".join(text), r.pos)

    def _relaxed_value(self, alts: tuple[int, ...], attrs: dict[tuple[str, str], Any], text: str,
                       bit: int) -> object:
        for eid in alts:
            el = self.elements[eid]
            if el.simple:
                if not attrs and self.datatypes[el.ref].kind == "string":
                    return text
                continue
            t = self.types[el.ref]
            if t.content != "simple":
                continue
            afields = {(f.namespace, f.xml_name): f for f in t.fields if f.kind == "attr"}
            vfield = next(f for f in t.fields if f.kind == "value")
            if self.datatypes[vfield.datatype].kind != "string" or not set(attrs) <= set(afields):
                continue
            if any(not f.optional and k not in attrs for k, f in afields.items()):
                continue
            kwargs = {afields[k].name: v for k, v in attrs.items()}
            return t.cls(value=text, **kwargs)
        raise ExiDecodeError("element content matches none of its declarations", bit)


def _read_header(r: BitReader) -> None:
    if r.remaining() < 8:
        raise ExiTruncatedError("no EXI header", 0)
    if r.data[:4] == b"$EXI":
        raise ExiUnsupportedError("EXI cookie: V2G streams start with the header byte 0x80", 0)
    b = r.read(8)
    if b >> 6 != 0b10:
        raise ExiDecodeError(f"not an EXI stream (header byte {b:#04x})", 0)
    if b & 0x20:
        raise ExiUnsupportedError("EXI options in the header: V2G agrees them out of band", 2)
    if b & 0x1F:
        raise ExiUnsupportedError(f"EXI version {b & 0x1F} (preview/version bits) is not 1.0", 3)
