"""The JSON-ready dict form of messages and its inverse.

``{"<global element>": {...}}``; children and attributes keyed by local name; an element that may
occur more than once is always a list; absent optionals are omitted; hexBinary and base64Binary are
lowercase hex strings; enumerations are their XSD values; an element whose type has simple content
and attributes carries its text under ``"value"``; an element with no content is ``{}``. A
substitution-group position is keyed by the member element actually present.
"""

from __future__ import annotations

import enum
from typing import Any

from ._builtin import AnyElement
from ._engine import Datatype, Element, Grammar
from .errors import ExiEncodeError


def _json_value(dt: Datatype, v: Any) -> Any:
    if isinstance(v, enum.Enum):
        return v.value
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).hex()
    return v


def _element_value(g: Grammar, el: Element, v: Any) -> Any:
    if el.simple:
        if el.cls is not None and isinstance(v, el.cls):
            v = getattr(v, "value")  # noqa: B009 - generated class with a value field
        return _json_value(g.datatypes[el.ref], v)
    return _type_dict(g, el.ref, v)


def _type_dict(g: Grammar, tid: int, obj: Any) -> dict[str, Any]:
    t = g.types[tid]
    out: dict[str, Any] = {}
    order = getattr(obj, "order_", ()) if t.any_field >= 0 else ()
    if order:  # interleaved declared and wildcard content: the stream order by field name
        out["#order"] = [t.fields[i].name for i in order]
    for f in t.fields:
        v = getattr(obj, f.name)
        if v is None or (f.repeated and not v):
            continue
        if f.kind in ("attr", "value"):
            out[f.xml_name] = _json_value(g.datatypes[f.datatype], v)
            continue
        if f.kind == "any":
            # wildcard elements (global elements of the set) and mixed text, in stream order
            out["#any"] = [_any_item(g, x) for x in v]
            continue
        for item in (v if f.repeated else (v,)):
            eid = g.class_element.get(type(item), -1) if f.substitution else -1
            # an instance of the type itself stands for the referenced element
            el = g.elements[eid] if eid >= 0 else _plain_element(g, f.xml_name, t.index)
            conv = _element_value(g, el, item)
            if f.repeated:
                out.setdefault(el.local, []).append(conv)
            else:
                out[el.local] = conv
    return out


_PLAIN: dict[tuple[int, int, str], Element] = {}


def _plain_element(g: Grammar, name: str, tid: int) -> Element:
    key = (id(g), tid, name)
    el = _PLAIN.get(key)
    if el is None:
        for st in g.types[tid].states:
            for kind, fidx, arg, _t in st.prods:
                if kind == 1 and g.types[tid].fields[fidx].xml_name == name:
                    el = g.elements[arg]
                    break
            if el is not None:
                break
        assert el is not None
        _PLAIN[key] = el
    return el


def _any_item(g: Grammar, x: Any) -> Any:
    """Wildcard content in the dict form: text as a string, a declared element as its dict form,
    an undeclared one as ``{"#element": {"namespace", "name", "attributes", "content"}}``."""
    if isinstance(x, str):
        return x
    if isinstance(x, AnyElement):
        return {"#element": {"namespace": x.namespace, "name": x.name,
                             "attributes": [list(a) for a in x.attributes],
                             "content": [_any_item(g, c) for c in x.content]}}
    return to_dict_with(g, x)


def _any_from(g: Grammar, x: Any, path: str) -> Any:
    if isinstance(x, str):
        return x
    if isinstance(x, dict) and set(x) == {"#element"} and isinstance(x["#element"], dict):
        e = x["#element"]
        try:
            attrs = tuple((str(a[0]), str(a[1]), str(a[2])) for a in e.get("attributes", []))
            return AnyElement(str(e["namespace"]), str(e["name"]), attrs,
                              tuple(_any_from(g, c, path) for c in e.get("content", [])))
        except (KeyError, IndexError, TypeError) as exc:
            raise ExiEncodeError(f"{path}: bad #element ({exc})") from None
    return from_dict_with(g, x)


def to_dict_with(g: Grammar, message: Any) -> dict[str, Any]:
    eid = g.class_element.get(type(message))
    if eid is None:
        raise ExiEncodeError(f"{type(message).__name__} is not a global element of {g.key}")
    el = g.elements[eid]
    return {el.local: _element_value(g, el, message)}


# ---------------------------------------------------------------------------------------- inverse


def _parse_value(dt: Datatype, v: Any, path: str) -> Any:
    try:
        if dt.kind == "enum":
            assert dt.enum_cls is not None
            return dt.enum_cls(v)
        if dt.kind == "binary":
            if not isinstance(v, str):
                raise TypeError("expected a hex string")
            return bytes.fromhex(v)
        if dt.kind == "boolean":
            if not isinstance(v, bool):
                raise TypeError("expected a boolean")
            return v
        if dt.kind in ("nbit", "unsigned", "integer"):
            if not isinstance(v, int) or isinstance(v, bool):
                raise TypeError("expected an integer")
            return v
        if not isinstance(v, str):
            raise TypeError("expected a string")
        return v
    except (TypeError, ValueError) as exc:
        raise ExiEncodeError(f"{path}: {exc}") from None


def _build_element(g: Grammar, el: Element, v: Any, as_element: bool, path: str) -> Any:
    if el.simple:
        value = _parse_value(g.datatypes[el.ref], v, path)
        if as_element and el.cls is not None:
            return el.cls(value=value)
        return value
    if not isinstance(v, dict):
        raise ExiEncodeError(f"{path}: expected an object")
    return _build_type(g, el.ref, v, el.cls if (as_element and el.cls is not None) else None, path)


def _build_type(g: Grammar, tid: int, d: dict[str, Any], cls: type | None, path: str) -> Any:
    t = g.types[tid]
    kwargs: dict[str, Any] = {}
    used: set[str] = set()
    for f in t.fields:
        if f.kind == "any":
            if "#any" in d:
                used.add("#any")
                raw = d["#any"]
                if not isinstance(raw, list):
                    raise ExiEncodeError(f"{path}.#any: expected a list")
                kwargs[f.name] = tuple(_any_from(g, x, f"{path}.#any") for x in raw)
            continue
        if f.kind in ("attr", "value"):
            if f.xml_name in d:
                used.add(f.xml_name)
                kwargs[f.name] = _parse_value(g.datatypes[f.datatype], d[f.xml_name], f"{path}.{f.xml_name}")
            continue
        if f.substitution:
            candidates = [g.elements[e] for e in _field_elements(g, tid, f.name)]
        else:
            candidates = [_plain_element(g, f.xml_name, tid)]
        items: list[Any] = []
        for el in candidates:
            if el.local not in d:
                continue
            used.add(el.local)
            raw = d[el.local]
            if f.repeated:
                if not isinstance(raw, list):
                    raise ExiEncodeError(f"{path}.{el.local}: expected a list")
                items.extend(_build_element(g, el, x, f.substitution, f"{path}.{el.local}") for x in raw)
            else:
                items.append(_build_element(g, el, raw, f.substitution, f"{path}.{el.local}"))
        if f.repeated:
            if items:
                kwargs[f.name] = tuple(items)
        elif len(items) > 1:
            raise ExiEncodeError(f"{path}.{f.xml_name}: more than one member of a single position")
        elif items:
            kwargs[f.name] = items[0]
    if "#order" in d and t.any_field >= 0:
        used.add("#order")
        names = {f.name: i for i, f in enumerate(t.fields)}
        raw_order = d["#order"]
        if not isinstance(raw_order, list) or not all(isinstance(n, str) and n in names for n in raw_order):
            raise ExiEncodeError(f"{path}.#order: expected a list of field names")
        kwargs["order_"] = tuple(names[n] for n in raw_order)
    extra = set(d) - used
    if extra:
        raise ExiEncodeError(f"{path}: unknown keys {sorted(extra)}")
    try:
        return (cls or t.cls)(**kwargs)
    except TypeError as exc:
        raise ExiEncodeError(f"{path}: {exc}") from None


_FIELD_ELEMENTS: dict[tuple[int, int, str], tuple[int, ...]] = {}


def _field_elements(g: Grammar, tid: int, name: str) -> tuple[int, ...]:
    key = (id(g), tid, name)
    got = _FIELD_ELEMENTS.get(key)
    if got is None:
        t = g.types[tid]
        seen: list[int] = []
        for st in t.states:
            for kind, fidx, arg, _t in st.prods:
                if kind == 1 and t.fields[fidx].name == name and arg not in seen:
                    seen.append(arg)
        got = _FIELD_ELEMENTS[key] = tuple(seen)
    return got


def from_dict_with(g: Grammar, d: dict[str, Any]) -> Any:
    if not isinstance(d, dict) or len(d) != 1:
        raise ExiEncodeError("expected {\"<global element>\": {...}}")
    (name, content), = d.items()
    eid = g.by_name.get(name)
    if eid is None:
        raise ExiEncodeError(f"{name} is not a global element of {g.key}")
    return _build_element(g, g.elements[eid], content, True, name)
