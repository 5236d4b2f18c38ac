"""A small XML Schema reader: exactly the constructs the V2G schemas (and xmldsig) use.

It turns a set of XSD files (an entry file and everything it imports or includes) into plain model
objects: global element declarations, named and anonymous complex and simple types, particles
(element, sequence, choice, wildcard) and attribute uses. Anything outside that subset raises
``SchemaError`` instead of being silently misread. Standard library only (``xml.etree``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

XS = "http://www.w3.org/2001/XMLSchema"

QName = tuple[str, str]  # (namespace URI, local name)


class SchemaError(Exception):
    """The schema uses a construct this reader does not support, or is inconsistent."""


@dataclass
class SimpleTypeDef:
    name: QName | None
    base: QName | None = None
    base_inline: SimpleTypeDef | None = None
    variety: str = "atomic"  # atomic | list
    item: QName | SimpleTypeDef | None = None
    facets: dict[str, object] = field(default_factory=dict)


@dataclass
class AttributeUse:
    name: QName
    type: QName | SimpleTypeDef
    required: bool


@dataclass
class ElementDecl:
    name: QName
    type: QName | ComplexTypeDef | SimpleTypeDef | None
    is_global: bool
    abstract: bool = False
    nillable: bool = False
    substitution_group: QName | None = None


@dataclass
class Particle:
    kind: str  # element | sequence | choice | any
    min: int
    max: int | None  # None = unbounded
    children: list[Particle] = field(default_factory=list)
    element: ElementDecl | None = None
    ref: QName | None = None  # for element references, resolved later
    namespaces: tuple[str, ...] = ()  # for any: ("##any",), ("##other", tns) or explicit URIs


@dataclass
class ComplexTypeDef:
    name: QName | None
    abstract: bool = False
    mixed: bool = False
    derivation: str | None = None  # extension | restriction | None
    base: QName | None = None
    content: str = "empty"  # empty | element | simple
    particle: Particle | None = None
    attributes: list[AttributeUse] = field(default_factory=list)
    any_attribute: tuple[str, ...] | None = None
    simple_type: QName | SimpleTypeDef | None = None
    schema_file: str = ""


@dataclass
class Schema:
    """Everything loaded from one entry point (with its imports)."""

    elements: dict[QName, ElementDecl] = field(default_factory=dict)
    complex_types: dict[QName, ComplexTypeDef] = field(default_factory=dict)
    simple_types: dict[QName, SimpleTypeDef] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


def _occurs(node: ET.Element) -> tuple[int, int | None]:
    lo = int(node.get("minOccurs", "1"))
    hi_s = node.get("maxOccurs", "1")
    hi = None if hi_s == "unbounded" else int(hi_s)
    return lo, hi


class _FileReader:
    def __init__(self, schema: Schema, path: Path, loader: _Loader) -> None:
        self.schema = schema
        self.path = path
        self.loader = loader
        self.ns: dict[str, str] = {}
        events = ET.iterparse(str(path), events=("start-ns",))
        root: ET.Element | None = None
        for ev, data in events:
            if ev == "start-ns":
                prefix, uri = data
                self.ns.setdefault(prefix, uri)
        root = events.root  # type: ignore[attr-defined]
        assert root is not None
        if root.tag != f"{{{XS}}}schema":
            raise SchemaError(f"{path}: not an XML schema")
        self.root = root
        self.tns = root.get("targetNamespace", "")
        self.elem_qualified = root.get("elementFormDefault", "unqualified") == "qualified"
        self.attr_qualified = root.get("attributeFormDefault", "unqualified") == "qualified"

    def qname(self, text: str) -> QName:
        if ":" in text:
            prefix, local = text.split(":", 1)
            if prefix not in self.ns:
                raise SchemaError(f"{self.path}: unknown prefix {prefix!r}")
            return (self.ns[prefix], local)
        return (self.ns.get("", ""), text)

    def read(self) -> None:
        for child in self.root:
            tag = _local(child)
            if tag in ("import", "include"):
                loc = child.get("schemaLocation")
                if loc is None:
                    raise SchemaError(f"{self.path}: import without schemaLocation")
                self.loader.load(self.path.parent / loc)
            elif tag == "element":
                decl = self.element(child, is_global=True)
                self.schema.elements[decl.name] = decl
            elif tag == "complexType":
                ct = self.complex_type(child)
                assert ct.name is not None
                self.schema.complex_types[ct.name] = ct
            elif tag == "simpleType":
                st = self.simple_type(child)
                assert st.name is not None
                self.schema.simple_types[st.name] = st
            elif tag == "annotation":
                continue
            else:
                raise SchemaError(f"{self.path}: unsupported top-level <{tag}>")

    def element(self, node: ET.Element, is_global: bool) -> ElementDecl:
        name = node.get("name")
        assert name is not None
        ns = self.tns if (is_global or self.elem_qualified or node.get("form") == "qualified") else ""
        typ: QName | ComplexTypeDef | SimpleTypeDef | None = None
        if node.get("type") is not None:
            typ = self.qname(node.get("type", ""))
        for child in node:
            tag = _local(child)
            if tag == "complexType":
                typ = self.complex_type(child)
            elif tag == "simpleType":
                typ = self.simple_type(child)
            elif tag == "annotation":
                continue
            else:
                raise SchemaError(f"{self.path}: unsupported <{tag}> in element {name}")
        sg = node.get("substitutionGroup")
        return ElementDecl(
            name=(ns, name),
            type=typ,
            is_global=is_global,
            abstract=node.get("abstract") == "true",
            nillable=node.get("nillable") == "true",
            substitution_group=self.qname(sg) if sg else None,
        )

    def particle(self, node: ET.Element) -> Particle:
        tag = _local(node)
        lo, hi = _occurs(node)
        if tag == "element":
            if node.get("ref") is not None:
                return Particle("element", lo, hi, ref=self.qname(node.get("ref", "")))
            return Particle("element", lo, hi, element=self.element(node, is_global=False))
        if tag in ("sequence", "choice"):
            kids = [self.particle(c) for c in node if _local(c) != "annotation"]
            return Particle(tag, lo, hi, children=kids)
        if tag == "any":
            ns = node.get("namespace", "##any").split()
            if ns == ["##other"]:
                spaces: tuple[str, ...] = ("##other", self.tns)
            elif ns == ["##any"]:
                spaces = ("##any",)
            else:
                spaces = tuple(self.tns if n == "##targetNamespace" else ("" if n == "##local" else n)
                               for n in ns)
            return Particle("any", lo, hi, namespaces=spaces)
        raise SchemaError(f"{self.path}: unsupported particle <{tag}>")

    def attribute(self, node: ET.Element) -> AttributeUse:
        if node.get("ref") is not None:
            raise SchemaError(f"{self.path}: attribute references are not supported")
        name = node.get("name")
        assert name is not None
        ns = self.tns if (self.attr_qualified or node.get("form") == "qualified") else ""
        typ: QName | SimpleTypeDef
        if node.get("type") is not None:
            typ = self.qname(node.get("type", ""))
        else:
            inline = [c for c in node if _local(c) == "simpleType"]
            typ = self.simple_type(inline[0]) if inline else (XS, "anySimpleType")
        return AttributeUse((ns, name), typ, node.get("use") == "required")

    def _attrs_and_particle(self, ct: ComplexTypeDef, nodes: list[ET.Element]) -> None:
        for c in nodes:
            tag = _local(c)
            if tag in ("sequence", "choice"):
                ct.particle = self.particle(c)
                ct.content = "element"
            elif tag == "attribute":
                ct.attributes.append(self.attribute(c))
            elif tag == "anyAttribute":
                ct.any_attribute = tuple(c.get("namespace", "##any").split())
            elif tag == "annotation":
                continue
            else:
                raise SchemaError(f"{self.path}: unsupported <{tag}> in complexType")

    def complex_type(self, node: ET.Element) -> ComplexTypeDef:
        name = node.get("name")
        ct = ComplexTypeDef(
            name=(self.tns, name) if name else None,
            abstract=node.get("abstract") == "true",
            mixed=node.get("mixed") == "true",
            schema_file=self.path.name,
        )
        kids = [c for c in node if _local(c) != "annotation"]
        if kids and _local(kids[0]) in ("complexContent", "simpleContent"):
            content = kids[0]
            if content.get("mixed") == "true":
                ct.mixed = True
            deriv = next(c for c in content if _local(c) != "annotation")
            ct.derivation = _local(deriv)
            ct.base = self.qname(deriv.get("base", ""))
            inner = [c for c in deriv if _local(c) != "annotation"]
            if _local(content) == "simpleContent":
                ct.content = "simple"
                if ct.derivation != "extension":
                    raise SchemaError(f"{self.path}: simpleContent restriction is not supported")
                ct.simple_type = ct.base
                for c in inner:
                    if _local(c) == "attribute":
                        ct.attributes.append(self.attribute(c))
                    else:
                        raise SchemaError(f"{self.path}: unsupported <{_local(c)}> in simpleContent")
            else:
                self._attrs_and_particle(ct, inner)
        else:
            self._attrs_and_particle(ct, kids)
        return ct

    def simple_type(self, node: ET.Element) -> SimpleTypeDef:
        name = node.get("name")
        st = SimpleTypeDef(name=(self.tns, name) if name else None)
        kids = [c for c in node if _local(c) != "annotation"]
        if len(kids) != 1:
            raise SchemaError(f"{self.path}: simpleType {name} must have one derivation")
        d = kids[0]
        tag = _local(d)
        if tag == "restriction":
            if d.get("base") is not None:
                st.base = self.qname(d.get("base", ""))
            for f in d:
                ft = _local(f)
                if ft == "annotation":
                    continue
                if ft == "simpleType":
                    st.base_inline = self.simple_type(f)
                    continue
                value = f.get("value", "")
                if ft == "enumeration":
                    enum = st.facets.setdefault("enumeration", [])
                    assert isinstance(enum, list)
                    enum.append(value)
                elif ft in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
                            "length", "minLength", "maxLength", "totalDigits", "fractionDigits"):
                    st.facets[ft] = int(value)
                elif ft == "pattern":
                    st.facets["pattern"] = value
                elif ft == "whiteSpace":
                    continue
                else:
                    raise SchemaError(f"{self.path}: unsupported facet {ft}")
        elif tag == "list":
            st.variety = "list"
            if d.get("itemType") is not None:
                st.item = self.qname(d.get("itemType", ""))
            else:
                st.item = self.simple_type(next(c for c in d if _local(c) == "simpleType"))
        else:
            raise SchemaError(f"{self.path}: unsupported simpleType derivation <{tag}>")
        return st


class _Loader:
    def __init__(self) -> None:
        self.schema = Schema()
        self.seen: set[Path] = set()

    def load(self, path: Path) -> None:
        path = path.resolve()
        if path in self.seen:
            return
        self.seen.add(path)
        self.schema.files.append(path.name)
        _FileReader(self.schema, path, self).read()


def _local(node: ET.Element) -> str:
    tag = node.tag
    if not isinstance(tag, str):
        return ""
    if not tag.startswith(f"{{{XS}}}"):
        raise SchemaError(f"unexpected element {tag} in a schema")
    return tag.split("}", 1)[1]


def load_schema(entry_files: list[Path]) -> Schema:
    """Read the entry files and every file they import or include."""
    loader = _Loader()
    for f in entry_files:
        loader.load(f)
    return loader.schema
