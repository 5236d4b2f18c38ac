"""Built-in element grammars (EXI 1.0 section 8.4.3) for wildcard content whose name the schema does
not declare, with the default fidelity options (no NS, SC, ER, CM or PI productions):

    StartTagContent : EE 0.0 | AT(*) StartTagContent 0.1 | SE(*) ElementContent 0.2 | CH ElementContent 0.3
    ElementContent  : EE 0   | SE(*) ElementContent 1.0 | CH ElementContent 1.1

Every AT(*), SE(*) and CH matched through the generic productions is learned: a production with that
qname (or CH, or EE in StartTagContent) is added with event code 0, moving the others up by one. The
grammars live per document, one per element name. Attribute values and text are untyped strings.

No reference implementation with built-in grammars is at hand (the oracle runs with the EXI Profile
setting of zero built-in grammars), so this part is checked by round trips only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._bits import BitReader, BitWriter
from ._values import Strings, bits_for, read_string, write_unsigned
from .errors import ExiDecodeError, ExiEncodeError, ExiUnsupportedError

XSI = "http://www.w3.org/2001/XMLSchema-instance"
MAX_DEPTH = 64

QName = tuple[str, str]
_GENERIC_START = (("EE",), ("AT*",), ("SE*",), ("CH",))
_GENERIC_CONTENT = (("SE*",), ("CH",))


@dataclass(frozen=True, slots=True)
class AnyElement:
    """An element the schema does not declare (reached through an xs:any wildcard): its name,
    attributes (namespace, local name, value) and content (text, AnyElement or global elements)."""

    namespace: str
    name: str
    attributes: tuple[tuple[str, str, str], ...] = ()
    content: tuple[Any, ...] = ()


@dataclass
class BuiltinGrammar:
    start: list[tuple[Any, ...]] = field(default_factory=list)  # learned, newest first
    content: list[tuple[Any, ...]] = field(default_factory=list)


def _grammars(st: Strings) -> dict[QName, BuiltinGrammar]:
    grammars: dict[QName, BuiltinGrammar] = st.builtin
    return grammars


def decode_builtin(r: BitReader, st: Strings, qn: QName, depth: int,
                   child: Callable[[BitReader, QName, int], Any]) -> AnyElement:
    """Decode the content of undeclared element ``qn``; ``child`` decodes a child element by name."""
    if depth > MAX_DEPTH:
        raise ExiDecodeError("elements nested too deeply", r.pos)
    g = _grammars(st).setdefault(qn, BuiltinGrammar())
    attrs: list[tuple[str, str, str]] = []
    content: list[Any] = []
    in_start = True
    while True:
        learned = g.start if in_start else g.content
        extra = 1 if in_start else 2  # the generic group (and ElementContent's EE)
        c = r.read(bits_for(len(learned) + extra))
        generic = False
        if c < len(learned):
            prod = learned[c]
        elif not in_start and c == len(learned):
            prod = ("EE",)
        elif c == len(learned) + extra - 1:
            generic = True
            prod = _GENERIC_START[r.read(2)] if in_start else _GENERIC_CONTENT[r.read(1)]
        else:
            raise ExiDecodeError(f"invalid event code {c} in {qn[1]}", r.pos)
        kind = prod[0]
        if kind == "EE":
            if generic and in_start:
                g.start.insert(0, ("EE",))
            break
        if kind in ("AT*", "AT"):
            if not in_start:
                raise ExiDecodeError("attribute after content", r.pos)
            aq = st.read_qname(r) if kind == "AT*" else prod[1]
            if aq[0] == XSI:
                raise ExiUnsupportedError(f"xsi:{aq[1]} in undeclared content", r.pos)
            if kind == "AT*":
                g.start.insert(0, ("AT", aq))
            attrs.append((aq[0], aq[1], read_string(r, st, aq)))
            continue
        if kind in ("SE*", "SE"):
            cq = st.read_qname(r) if kind == "SE*" else prod[1]
            if kind == "SE*":
                learned.insert(0, ("SE", cq))
            content.append(child(r, cq, depth + 1))
        else:  # CH
            if generic and ("CH",) not in learned:
                learned.insert(0, ("CH",))
            content.append(read_string(r, st, qn))
        in_start = False
    return AnyElement(qn[0], qn[1], tuple(attrs), tuple(content))


def encode_builtin(w: BitWriter, st: Strings, el: AnyElement, depth: int,
                   qname_of: Callable[[Any], QName | None],
                   child: Callable[[BitWriter, Any, int], None]) -> None:
    """Encode an undeclared element's content; ``qname_of`` names a global element object and
    ``child`` encodes one."""
    if depth > MAX_DEPTH:
        raise ExiEncodeError(f"{el.name}: elements nested too deeply")
    g = _grammars(st).setdefault((el.namespace, el.name), BuiltinGrammar())

    def code(in_start: bool, prod: tuple[Any, ...], generic_index: int) -> None:
        learned = g.start if in_start else g.content
        extra = 1 if in_start else 2
        width = bits_for(len(learned) + extra)
        if prod in learned:
            w.write(learned.index(prod), width)
            return
        if not in_start and prod == ("EE",):
            w.write(len(learned), width)
            return
        w.write(len(learned) + extra - 1, width)
        w.write(generic_index, 2 if in_start else 1)
        if prod[0] in ("AT", "SE"):
            st.write_qname(w, *prod[1])
        learned.insert(0, prod)

    for ns, name, value in el.attributes:
        if ns == XSI:
            raise ExiEncodeError(f"{el.name}: xsi attributes are not supported in undeclared content")
        if not isinstance(value, str):
            raise ExiEncodeError(f"{el.name}@{name}: attribute values are strings")
        code(True, ("AT", (ns, name)), 1)
        _literal(w, value)
    in_start = True
    for item in el.content:
        if isinstance(item, str):
            code(in_start, ("CH",), 3 if in_start else 1)
            _literal(w, item)
        elif isinstance(item, AnyElement):
            code(in_start, ("SE", (item.namespace, item.name)), 2 if in_start else 0)
            encode_builtin(w, st, item, depth + 1, qname_of, child)
        else:
            qn = qname_of(item)
            if qn is None:
                raise ExiEncodeError(f"{el.name}: {type(item).__name__} is not an element")
            code(in_start, ("SE", qn), 2 if in_start else 0)
            child(w, item, depth + 1)
        in_start = False
    code(in_start, ("EE",), 0)


def _literal(w: BitWriter, s: str) -> None:
    write_unsigned(w, len(s) + 2)
    for ch in s:
        write_unsigned(w, ord(ch))
