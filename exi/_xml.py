"""A readable XML rendering of messages (for people and for differential tests).

Lexical forms follow XML Schema: integers in decimal, booleans ``true``/``false``, hexBinary in
upper-case hex, base64Binary in base64, enumerations as their values. Characters XML 1.0 cannot hold
(NUL and most C0 controls, e.g. a BMW iX's ServiceScope) are written as ``&#x0;``-style references,
which XML parsers refuse: the rendering is for reading, the EXI bytes stay the reference.
"""

from __future__ import annotations

import base64
import enum
from typing import Any

from ._builtin import AnyElement
from ._dictform import _plain_element
from ._engine import Datatype, Element, FragmentElement, Grammar


def _escape(text: str, attr: bool = False) -> str:
    out = []
    for ch in text:
        o = ord(ch)
        if ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif attr and ch == '"':
            out.append("&quot;")
        elif (o < 0x20 and ch not in "\t\n") or ch == "\r" or 0xD800 <= o <= 0xDFFF or o in (0xFFFE, 0xFFFF):
            out.append(f"&#x{o:x};")
        else:
            out.append(ch)
    return "".join(out)


def lexical(dt: Datatype, v: Any) -> str:
    if isinstance(v, enum.Enum):
        return str(v.value)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).hex().upper() if dt.binary == "hex" else base64.b64encode(bytes(v)).decode()
    return str(v)


class _Writer:
    def __init__(self, g: Grammar) -> None:
        self.g = g
        self.prefixes: dict[str, str] = {}

    def prefix(self, uri: str) -> str:
        if not uri:
            return ""
        if uri not in self.prefixes:
            self.prefixes[uri] = f"ns{len(self.prefixes) + 1}"
        return self.prefixes[uri] + ":"

    def element(self, el: Element, v: Any, indent: str, out: list[str]) -> None:
        name = self.prefix(el.uri) + el.local
        if el.simple:
            if el.cls is not None and isinstance(v, el.cls):
                v = getattr(v, "value")  # noqa: B009
            out.append(f"{indent}<{name}>{_escape(lexical(self.g.datatypes[el.ref], v))}</{name}>")
            return
        self.complex(el.ref, name, v, indent, out)

    def complex(self, tid: int, name: str, obj: Any, indent: str, out: list[str]) -> None:
        t = self.g.types[tid]
        attrs = []
        text = None
        children: list[str] = []
        for _fidx, f, v in Grammar._content_items(t, obj, name):
            if f.kind == "attr":
                aname = self.prefix(f.namespace) + f.xml_name
                attrs.append(f' {aname}="{_escape(lexical(self.g.datatypes[f.datatype], v), True)}"')
            elif f.kind == "value":
                text = _escape(lexical(self.g.datatypes[f.datatype], v))
            elif f.kind == "elem":
                if f.substitution and type(v) in self.g.class_element:
                    el = self.g.elements[self.g.class_element[type(v)]]
                else:
                    el = _plain_element(self.g, f.xml_name, tid)
                self.element(el, v, indent + "  ", children)
            elif isinstance(v, str):
                children.append(_escape(v))
            elif isinstance(v, AnyElement):
                children.append(self.undeclared(v))
            else:
                self.element(self.g.elements[self.g.class_element[type(v)]], v, indent + "  ", children)
        head = f"{indent}<{name}{''.join(attrs)}"
        if t.mixed and children:
            # mixed content: no indentation, whitespace would be character content
            inline = "".join(c.strip() if not c.startswith(" ") and "<" not in c else c.lstrip()
                             for c in children)
            out.append(f"{head}>{inline}</{name}>")
        elif text is not None:
            out.append(f"{head}>{text}</{name}>")
        elif children:
            out.append(f"{head}>")
            out.extend(children)
            out.append(f"{indent}</{name}>")
        else:
            out.append(f"{head}/>")


    def undeclared(self, el: AnyElement) -> str:
        name = self.prefix(el.namespace) + el.name
        attrs = "".join(f' {self.prefix(ns) + local}="{_escape(v, True)}"' for ns, local, v in el.attributes)
        inner = []
        for c in el.content:
            if isinstance(c, str):
                inner.append(_escape(c))
            elif isinstance(c, AnyElement):
                inner.append(self.undeclared(c))
            else:
                part: list[str] = []
                self.element(self.g.elements[self.g.class_element[type(c)]], c, "", part)
                inner.append("".join(p.strip() for p in part))
        return f"<{name}{attrs}>{''.join(inner)}</{name}>" if inner else f"<{name}{attrs}/>"


def to_xml_with(g: Grammar, element: Any) -> str:
    w = _Writer(g)
    body: list[str] = []
    if isinstance(element, FragmentElement):
        code = g.fragment_code[(element.namespace, element.name)]
        _uri, _local, eid, alts = g.fragment[code]
        if eid < 0:
            eid = next(e for e in alts if (g.elements[e].simple == isinstance(element.value, str)))
        el = g.elements[eid]
        value = element.value
    else:
        el = g.elements[g.class_element[type(element)]]
        value = element
    w.element(el, value, "", body)
    decls = "".join(f' xmlns:{p}="{_escape(uri, True)}"' for uri, p in w.prefixes.items())
    first = body[0]
    cut = first.index(">") if not first.endswith("/>") else len(first) - 2
    if first.endswith("/>"):
        body[0] = first[:cut] + decls + "/>"
    else:
        body[0] = first[:cut] + decls + first[cut:]
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(body) + "\n"
