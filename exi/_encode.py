"""The encoding half of the pure-Python EXI engine: documents, elements, values and fragments, with the
facet checks (``exi/_engine.py``)."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import Any

from ._bits import BitWriter
from ._builtin import AnyElement, encode_builtin
from ._grammar import AT, CH, MAX_DEPTH, SE, Datatype, Field, FragmentElement, GrammarTables, TypeGrammar
from ._values import Strings, bits_for, write_unsigned
from .errors import ExiEncodeError


class _Enc:
    """Per-stream encoder state: facet checking and the string table (qnames, built-in grammars)."""

    __slots__ = ("chk", "st")

    def __init__(self, chk: bool, st: Strings) -> None:
        self.chk = chk
        self.st = st


class GrammarEncoder(GrammarTables):
    """Encoding of one schema set's tables (mixed into ``exi._engine.Grammar``)."""

    def _qname_of(self, item: object) -> tuple[str, str] | None:
        eid = self.class_element.get(type(item))
        if eid is None or eid not in self.global_code:
            return None
        return (self.elements[eid].uri, self.elements[eid].local)

    def _encode_global(self, w: BitWriter, item: object, path: str, depth: int, ctx: _Enc) -> None:
        eid = self.class_element[type(item)]
        self.encode_element(w, eid, item, path, depth, ctx)

    def encode_fragment(self, elements: list[object], check_facets: bool = True) -> bytes:
        ctx = _Enc(check_facets, Strings(self.uris))
        w = BitWriter()
        w.write(0x80, 8)
        for obj in elements:
            if isinstance(obj, FragmentElement):
                code = self.fragment_code.get((obj.namespace, obj.name))
                value = obj.value
            else:
                eid = self.class_element.get(type(obj))
                code = None if eid is None else self.fragment_code.get(
                    (self.elements[eid].uri, self.elements[eid].local))
                value = obj
            if code is None:
                raise ExiEncodeError(f"{type(obj).__name__} is not an element of {self.key}")
            w.write(code, self.fragment_bits)
            _uri, local, eid, _alts = self.fragment[code]
            if eid >= 0:
                self.encode_element(w, eid, value, local, 0, ctx)
            else:
                self._encode_relaxed(w, code, value, local)
        w.write(len(self.fragment) + 1, self.fragment_bits)
        return w.getvalue()

    def _encode_relaxed(self, w: BitWriter, code: int, value: object, path: str) -> None:
        na = len(self.fragment_attributes)
        m = len(self.fragment)
        bits0 = bits_for(na + m + 4)
        bits1 = bits_for(m + 3)
        if isinstance(value, str):
            text = value
        else:
            tid = self.class_type.get(type(value))
            t = self.types[tid] if tid is not None else None
            alts = self.fragment[code][3]
            if t is None or t.content != "simple" or not any(
                    not self.elements[e].simple and self.elements[e].ref == t.index for e in alts):
                raise ExiEncodeError(f"{path}: {type(value).__name__} is not a type of this element")
            codes = []
            for f in t.fields:
                if f.kind == "attr" and getattr(value, f.name) is not None:
                    codes.append((self.fragment_attr_code[(f.namespace, f.xml_name)], f))
            for c, f in sorted(codes, key=lambda x: x[0]):
                w.write(c, bits0)
                dt = self.fragment_attributes[c][2]
                v = getattr(value, f.name)
                if dt >= 0:
                    self.encode_value(w, self.datatypes[dt], v, f"{path}.{f.name}", True)
                else:
                    self.encode_value(w, _UNTYPED, str(v), f"{path}.{f.name}", True)
            text = getattr(value, "value")  # noqa: B009
            if not isinstance(text, str):
                raise ExiEncodeError(f"{path}: only string content is supported here")
        if text:
            w.write(na + m + 3, bits0)
            self.encode_value(w, _UNTYPED, text, path, True)
            w.write(m + 1, bits1)
        else:
            w.write(na + m + 2, bits0)

    # ------------------------------------------------------------------ encoding
    def encode_document(self, obj: object, check_facets: bool = True) -> bytes:
        eid = self.class_element.get(type(obj))
        if eid is None or eid not in self.global_code:
            raise ExiEncodeError(f"{type(obj).__name__} is not a global element of {self.key}")
        w = BitWriter()
        w.write(0x80, 8)
        w.write(self.global_code[eid], self.doc_bits)
        self.encode_element(w, eid, obj, type(obj).__name__, 0, _Enc(check_facets, Strings(self.uris)))
        return w.getvalue()

    def encode_element(self, w: BitWriter, eid: int, obj: object, path: str, depth: int, ctx: _Enc) -> None:
        if depth > MAX_DEPTH:
            raise ExiEncodeError(f"{path}: elements nested too deeply")
        el = self.elements[eid]
        if el.simple:
            if el.cls is not None and isinstance(obj, el.cls):
                obj = obj.value  # type: ignore[attr-defined]
            w.write(0, 1)
            self.encode_value(w, self.datatypes[el.ref], obj, path, ctx.chk)
            w.write(0, 1)
            return
        self.encode_complex(w, el.ref, obj, path, depth, ctx)

    def encode_complex(self, w: BitWriter, tid: int, obj: object, path: str, depth: int, ctx: _Enc) -> None:
        t = self.types[tid]
        if not isinstance(obj, t.cls):
            raise ExiEncodeError(f"{path}: expected {t.cls.__module__}.{t.cls.__qualname__}, got "
                                 f"{type(obj).__module__}.{type(obj).__qualname__}")
        chk = ctx.chk
        states = t.states
        positions = t.positions
        state = states[0]
        cur = -1
        count = 0
        for fidx, f, item in self._content_items(t, obj, path):
            if f.kind == "any":
                if isinstance(item, str):
                    hit = state.enc.get("x")
                    if hit is None:
                        raise ExiEncodeError(f"{path}: character content not allowed here")
                    w.write(hit[0], state.bits)
                    self.encode_value(w, _UNTYPED, item, f"{path}.{f.name}", chk)
                    state = states[hit[1][3]]
                    continue
                hit = state.enc.get("w")
                sub = self.class_element.get(type(item))
                if hit is None or ((sub is None or sub not in self.global_code)
                                   and not isinstance(item, AnyElement)):
                    raise ExiEncodeError(f"{path}.{f.name}: {type(item).__name__} not allowed here "
                                         "(wildcard content is a global element or an AnyElement)")
                code, (_kind, _f, _arg, target) = hit
                w.write(code, state.bits)
                if isinstance(item, AnyElement):
                    if (item.namespace, item.name) in self.global_by_qname:
                        raise ExiEncodeError(f"{path}.{f.name}: {item.name} is declared; use its class")
                    ctx.st.write_qname(w, item.namespace, item.name)
                    encode_builtin(w, ctx.st, item, depth + 1, self._qname_of,
                                   lambda w2, x, d: self._encode_global(w2, x, path, d, ctx))
                else:
                    assert sub is not None
                    sel = self.elements[sub]
                    ctx.st.write_qname(w, sel.uri, sel.local)
                    self.encode_element(w, sub, item, f"{path}.{f.name}", depth + 1, ctx)
            else:
                key: object
                if f.kind == "attr":
                    key = ("a", fidx)
                elif f.kind == "value":
                    key = "c"
                elif f.substitution:
                    sub = self.class_element.get(type(item))
                    if sub is None:
                        # an instance of the type itself stands for the referenced element
                        # when exactly one candidate element has that very type
                        sub = self._element_of_type(t, fidx, type(item), path)
                    key = ("e", fidx, sub)
                else:
                    key = ("p", fidx)
                hit = state.enc.get(key)
                if hit is None:
                    raise ExiEncodeError(f"{path}.{f.name}: not allowed here (order, count or choice)")
                code, (kind, _f, arg, target) = hit
                w.write(code, state.bits)
                sub_path = f"{path}.{f.name}"
                if kind == SE:
                    self.encode_element(w, arg, item, sub_path, depth + 1, ctx)
                else:
                    self.encode_value(w, self.datatypes[f.datatype], item, sub_path, chk)
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
        if state.ee < 0:
            missing = [p for p in state.prods if p[0] in (SE, AT, CH)]
            names = sorted({t.fields[p[1]].name for p in missing})
            raise ExiEncodeError(f"{path}: missing required content ({', '.join(names)})")
        w.write(state.ee, state.bits)

    @staticmethod
    def _content_items(t: TypeGrammar, obj: object, path: str) -> Iterator[tuple[int, Field, Any]]:
        """The attributes and content items of an instance in emission order: field order, or for
        types with wildcard content the recorded stream order ``order_`` when there is one."""
        order: tuple[int, ...] = getattr(obj, "order_", ()) if t.any_field >= 0 else ()
        if not order:
            return _field_order_items(t, obj, path)
        items: list[tuple[int, Field, Any]] = []
        queues: dict[int, list[Any]] = {}
        for fidx, f in enumerate(t.fields):
            v = getattr(obj, f.name)
            if v is None:
                continue
            if f.repeated or f.kind == "any":
                if not isinstance(v, (tuple, list)):
                    raise ExiEncodeError(f"{path}.{f.name}: expected a tuple")
                vals = list(v)
            else:
                vals = [v]
            if f.kind != "attr":
                queues[fidx] = vals
            else:
                items.extend((fidx, f, x) for x in vals)
        for fidx in order:
            q = queues.get(fidx) if isinstance(fidx, int) else None  # order_ may come from a user
            if not q:
                raise ExiEncodeError(f"{path}.order_: does not match the content")
            items.append((fidx, t.fields[fidx], q.pop(0)))
        if any(queues.values()):
            raise ExiEncodeError(f"{path}.order_: leaves content out")
        return iter(items)

    def _element_of_type(self, t: TypeGrammar, fidx: int, cls: type, path: str) -> int:
        found = {arg for st in t.states for kind, f, arg, _t in st.prods
                 if kind == SE and f == fidx and not self.elements[arg].simple
                 and self.types[self.elements[arg].ref].cls is cls}
        if len(found) != 1:
            raise ExiEncodeError(f"{path}.{t.fields[fidx].name}: a {cls.__name__} does not say which element "
                                 "it is; use the element's class")
        eid: int = found.pop()
        return eid

    def encode_value(self, w: BitWriter, dt: Datatype, v: Any, path: str, chk: bool) -> None:
        kind = dt.kind
        if kind == "enum":
            if not isinstance(v, enum.Enum) or dt.enum_cls is None or not isinstance(v, dt.enum_cls):
                try:
                    v = dt.enum_cls(v) if dt.enum_cls is not None else v
                except ValueError:
                    raise ExiEncodeError(f"{path}: {v!r} is not a {dt.name} value") from None
            w.write(dt.members.index(v), dt.bits)
            return
        if kind == "boolean":
            if not isinstance(v, bool):
                raise ExiEncodeError(f"{path}: expected a bool")
            w.write(1 if v else 0, 1)
            return
        if kind in ("nbit", "unsigned", "integer"):
            if not isinstance(v, int) or isinstance(v, bool):
                raise ExiEncodeError(f"{path}: expected an int")
            hi = dt.hi
            if kind == "nbit" and not chk:
                hi = (dt.lo or 0) + (1 << dt.bits) - 1
            if (dt.lo is not None and v < dt.lo) or (hi is not None and v > hi):
                raise ExiEncodeError(f"{path}: {v} outside {dt.name} range [{dt.lo}, {hi}]")
            if kind == "nbit":
                w.write(v - (dt.lo or 0), dt.bits)
            elif kind == "unsigned":
                write_unsigned(w, v)
            elif v < 0:
                w.write(1, 1)
                write_unsigned(w, -v - 1)
            else:
                w.write(0, 1)
                write_unsigned(w, v)
            return
        if kind == "binary":
            if not isinstance(v, (bytes, bytearray)):
                raise ExiEncodeError(f"{path}: expected bytes")
            if chk:
                _check_len(dt, len(v), path)
            write_unsigned(w, len(v))
            w.write_bytes(bytes(v))
            return
        if kind == "string":
            if not isinstance(v, str):
                raise ExiEncodeError(f"{path}: expected a str")
            if chk:
                _check_len(dt, len(v), path)
            write_unsigned(w, len(v) + 2)
            if v.isascii():
                w.write_bytes(v.encode("ascii"))
                return
            for ch in v:
                write_unsigned(w, ord(ch))
            return
        raise ExiEncodeError(f"{path}: unknown datatype {kind}")


def _field_order_items(t: TypeGrammar, obj: object, path: str) -> Iterator[tuple[int, Field, Any]]:
    for fidx, f in t.indexed_fields:
        v = getattr(obj, f.name)
        if v is None:
            continue
        if f.repeated or f.kind == "any":
            if not isinstance(v, (tuple, list)):
                raise ExiEncodeError(f"{path}.{f.name}: expected a tuple")
            for x in v:
                yield fidx, f, x
        else:
            yield fidx, f, v


_UNTYPED = Datatype("string", None, None, 0, None, "", None, None, "untyped", (), 0, "", "")


def _check_len(dt: Datatype, n: int, path: str) -> None:
    if dt.max_len is not None and n > dt.max_len:
        raise ExiEncodeError(f"{path}: length {n} above maxLength {dt.max_len} of {dt.name}")
    if dt.min_len is not None and n < dt.min_len:
        raise ExiEncodeError(f"{path}: length {n} below minLength {dt.min_len} of {dt.name}")

