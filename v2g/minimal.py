"""Minimal messages built from the schema: every mandatory field with a neutral value.

ISO 15118-2 [V2G2-736] (and the same rule in DIN SPEC 70121 and ISO 15118-20): a response with a
FAILED ResponseCode carries only what the schema makes mandatory, and the receiver ignores the rest.
This module builds such a message for any generated class, so that no protocol hand-writes a FAILED
response per request type, and so that building one never calls firmware code.

How a mandatory field is filled (optional fields stay None / empty):

- a value given by name in ``fields`` (ResponseCode, EVSEID, ...) wins;
- an enumeration: the member named in ``NEUTRAL`` for its type (EVSEProcessing Finished, a status
  code that says the EVSE has shut down, ...), else its first member;
- a choice or substitution group: the first member whose class name is in ``prefer`` (e.g. the DC
  variants in a DC session), else the concrete member with the fewest mandatory fields;
- a repeated element: one neutral item; a number: 0 moved into its facet range; a string or binary:
  the shortest value its length facets allow (``Id`` attributes get ``"id1"``); a boolean: False.

The result is a frozen instance; callers cache what they build often.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar

import exi

T = TypeVar("T")

NEUTRAL: dict[str, str] = {
    "EVSEProcessingType": "Finished",
    "processingType": "Finished",
    "DC_EVSEStatusCodeType": "EVSE_Shutdown",
    "EVSENotificationType": "StopCharging",
    "evseNotificationType": "Terminate",
    "isolationLevelType": "Invalid",
}
"""Enumeration type name -> the member a minimal message uses."""


class MinimalError(TypeError):
    """The class cannot be filled (a field type this builder does not know)."""


_ABSTRACT: dict[str, frozenset[type]] = {}


def _is_abstract(cls: type) -> bool:
    """Whether ``cls`` is an abstract element or type, by the grammar of the set that defines it
    (only that set's tables are loaded: a session has loaded them anyway)."""
    module = cls.__module__
    if not module.startswith("exi."):
        return False  # a built-in (a -20 parameter value: bool, int, str) is never abstract
    known = _ABSTRACT.get(module)
    if known is None:
        grammar = importlib.import_module(module.rsplit(".", 1)[0] + ".generated_grammar")
        known = _ABSTRACT[module] = frozenset(
            row[4] for row in grammar.ELEMENTS if row[4] is not None and row[5]
        ) | frozenset(row_cls for row_cls in _abstract_types(grammar))
    return cls in known


def _abstract_types(grammar: Any) -> list[type]:
    out: list[type] = []
    for row in grammar.ELEMENTS:
        cls = row[4]
        if cls is not None and row[5] and not row[2]:
            out.extend(base for base in cls.__mro__[1:2] if base is not object)
    return out


_FIELDS: dict[type, tuple[tuple[str, Any, bool], ...]] = {}


def _fields(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    """(name, resolved type, mandatory) of every dataclass field of ``cls``."""
    known = _FIELDS.get(cls)
    if known is not None:
        return known
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        mandatory = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        out.append((f.name, hints[f.name], mandatory))
    _FIELDS[cls] = tuple(out)
    return _FIELDS[cls]


def _required_count(cls: type) -> int:
    return sum(1 for _, _, mandatory in _fields(cls) if mandatory)


def _choose(options: tuple[Any, ...], prefer: frozenset[str]) -> Any:
    classes = [o for o in options if isinstance(o, type) and o is not type(None)]
    for o in classes:
        if o.__name__ in prefer and not _is_abstract(o):
            return o
    concrete = [o for o in classes if not _is_abstract(o)]
    if not concrete:
        raise MinimalError(f"no concrete choice among {[o.__name__ for o in classes]}")
    if all(dataclasses.is_dataclass(o) for o in concrete):
        return min(concrete, key=_required_count)
    return concrete[0]


def _facet_int(facets: Mapping[str, Any]) -> int:
    lo = facets.get("minInclusive")
    hi = facets.get("maxInclusive")
    value = 0
    if isinstance(lo, int) and value < lo:
        value = lo
    if isinstance(hi, int) and value > hi:
        value = hi
    return value


def _facet_length(facets: Mapping[str, Any]) -> int:
    for key in ("length", "minLength"):
        n = facets.get(key)
        if isinstance(n, int):
            return n
    return 0


def _value(
    name: str, kind: Any, facets: Mapping[str, Any], fields: Mapping[str, Any], prefer: frozenset[str]
) -> Any:
    origin = typing.get_origin(kind)
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return (_value(name, item, facets, fields, prefer),)
    if origin in (types.UnionType, typing.Union):
        kind = _choose(typing.get_args(kind), prefer)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        wanted = NEUTRAL.get(kind.__name__)
        members = list(kind)
        for m in members:
            if m.name == wanted or m.value == wanted:
                return m
        return members[0]
    if kind is bool:
        return False
    if kind is int:
        return _facet_int(facets)
    if kind is float:
        return 0.0
    if kind is str:
        n = _facet_length(facets)
        if name == "Id":
            return "id1"
        return "0" * n
    if kind is bytes:
        return b"\x00" * _facet_length(facets)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if _is_abstract(kind):
            raise MinimalError(f"{name}: {kind.__name__} is abstract")
        return minimal(kind, fields=fields, prefer=prefer)
    raise MinimalError(f"{name}: cannot fill a field of type {kind!r}")


def minimal(
    cls: type[T], *, fields: Mapping[str, Any] | None = None, prefer: frozenset[str] = frozenset()
) -> T:
    """An instance of the generated class ``cls`` with its mandatory content only.

    ``fields`` gives values by field name, at any depth (``{"ResponseCode": code, "EVSEID": id}``),
    optional fields included; an enumeration field also takes its XSD string.
    """
    given = fields or {}
    facets: Mapping[str, Mapping[str, Any]] = getattr(cls, "FACETS", {})
    kwargs: dict[str, Any] = {}
    for name, kind, mandatory in _fields(cls):
        if name in given:
            value = given[name]
            if isinstance(value, str) and isinstance(kind, type) and issubclass(kind, enum.Enum):
                value = kind(value)  # an XSD string for an enumeration field
            kwargs[name] = value
        elif mandatory:
            kwargs[name] = _value(name, kind, facets.get(name, {}), given, prefer)
    return cls(**kwargs)


_MAX_REPAIRS = 16


def _pick(cls: type, names: list[str], prefer: frozenset[str]) -> str:
    """Which of the alternatives of a choice the minimal message takes."""
    hints = dict((n, k) for n, k, _ in _fields(cls))

    def weight(name: str) -> tuple[int, int]:
        args = [a for a in typing.get_args(hints[name]) if a is not type(None)] or [hints[name]]
        kinds = [typing.get_args(a)[0] if typing.get_origin(a) is tuple else a for a in args]
        if any(isinstance(k, type) and k.__name__ in prefer for k in kinds):
            return (0, 0)
        data = [k for k in kinds if isinstance(k, type) and dataclasses.is_dataclass(k)]
        return (1, min((_required_count(k) for k in data), default=-1))

    return min((n for n in names if n in hints), key=weight)


def _fill(
    node: Any, path: list[str], names: list[str], fields: Mapping[str, Any], prefer: frozenset[str]
) -> Any:
    if not path:
        cls = type(node)
        name = _pick(cls, names, prefer)
        kind = dict((n, k) for n, k, _ in _fields(cls))[name]
        facets = getattr(cls, "FACETS", {}).get(name, {})
        return dataclasses.replace(node, **{name: _value(name, kind, facets, fields, prefer)})
    head, rest = path[0], path[1:]
    child = getattr(node, head)
    if isinstance(child, tuple):
        return dataclasses.replace(node, **{head: (_fill(child[0], rest, names, fields, prefer), *child[1:])})
    return dataclasses.replace(node, **{head: _fill(child, rest, names, fields, prefer)})


def minimal_message(
    cls: type[T], *, fields: Mapping[str, Any] | None = None, prefer: frozenset[str] = frozenset()
) -> T:
    """:func:`minimal` for a global element class, completed until it encodes.

    A choice between optional-looking fields (ISO 15118-20 has many: EIM or PnC, Scheduled or
    Dynamic, the parameter value kinds) is only visible in the grammar: the encoder names what is
    missing, and the alternative :func:`_pick` prefers is filled in."""
    given = fields or {}
    message = minimal(cls, fields=given, prefer=prefer)
    for _ in range(_MAX_REPAIRS):
        try:
            exi.encode(message)
        except exi.ExiEncodeError as exc:
            text = str(exc)
            marker = ": missing required content ("
            if marker not in text:
                raise MinimalError(f"{cls.__name__}: {text}") from exc
            where, _, missing = text.partition(marker)
            names = missing.rstrip(")").split(", ")
            message = _fill(message, where.split(".")[1:], names, given, prefer)
        else:
            return message
    raise MinimalError(f"{cls.__name__}: still incomplete after {_MAX_REPAIRS} repairs")


@cache
def failed_response(
    response: type[T],
    code: str,
    fields: tuple[tuple[str, Any], ...] = (),
    prefer: frozenset[str] = frozenset(),
) -> T:
    """The response ``response`` with ResponseCode ``code`` (``"FAILED"`` when the protocol has no
    such code) and only its mandatory content; ``fields`` as in :func:`minimal`. Cached: the
    arguments are hashable and the result is frozen."""
    code_type = typing.get_type_hints(response)["ResponseCode"]
    try:
        value = code_type(code)
    except ValueError:
        value = code_type("FAILED")
    return minimal_message(response, fields={"ResponseCode": value, **dict(fields)}, prefer=prefer)
