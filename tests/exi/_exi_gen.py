"""Valid random messages, made by walking the generated grammar (so choices, order and occurrence
bounds always hold), with values drawn per datatype and its facets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from exi import AnyElement
from exi._engine import ANY, AT, CH, CHX, EE, SE, Datatype, Grammar

XMLDSIG = "http://www.w3.org/2000/09/xmldsig#"

Choose = Callable[[int], int]
Value = Callable[[Datatype], Any]


_POOLS: dict[tuple[int, tuple[str, ...]], list[int]] = {}


class Unwalkable(Exception):
    """The type can only be completed through wildcard content, which the codec does not build."""


class Walker:
    def __init__(self, g: Grammar, choose: Choose, value: Value, *, max_depth: int = 8,
                 budget: int = 200, abstract: bool = True, greedy: bool = False,
                 undeclared: bool = True) -> None:
        self.g = g
        self.choose = choose
        self.value = value
        self.max_depth = max_depth
        self.budget = budget
        self.abstract = abstract
        self.greedy = greedy  # fill every list to its maximum and take optional content
        self.wildcards = True
        self.undeclared = undeclared  # AnyElement trees (built-in grammars) in wildcards
        self.used = 0

    def root(self, eid: int) -> Any:
        return self.element(eid, True, 0)

    def element(self, eid: int, as_element: bool, depth: int) -> Any:
        el = self.g.elements[eid]
        if el.simple:
            v = self.value(self.g.datatypes[el.ref])
            return el.cls(value=v) if (as_element and el.cls is not None) else v
        cls = el.cls if (as_element and el.cls is not None) else None
        return self.complex(el.ref, cls, depth)

    def _allowed(self, prod: tuple[int, int, Any, int]) -> bool:
        kind = prod[0]
        if kind == ANY and not self._pool(prod[2]):
            return False
        if kind in (ANY, CHX):
            return self.wildcards and self.used < self.budget // 2
        if kind not in (AT, SE, CH, EE):
            return False
        return not (kind == SE and not self.abstract and self.g.elements[prod[2]].abstract)

    def complex(self, tid: int, cls: type | None, depth: int) -> Any:
        t = self.g.types[tid]
        values: list[Any] = [[] if f.repeated else None for f in t.fields]
        seq: list[int] = []
        state = t.states[0]
        cur, count = -1, 0
        while True:
            prods = [p for p in state.prods if self._allowed(p)]
            if not prods:
                prods = [p for p in state.prods if p[0] in (AT, SE, CH, EE)]
            if not prods:
                raise Unwalkable(f"{t.cls.__name__} needs wildcard or mixed content")
            ee = [p for p in prods if p[0] == EE]
            self.used += 1
            if ee and (depth >= self.max_depth or self.used > self.budget):
                prod = ee[0]
            elif self.greedy and len(prods) > len(ee):
                again = [p for p in prods if p[3] == cur and p[0] != EE]
                rest = [p for p in prods if p[0] != EE]
                prod = again[0] if again else rest[self.choose(len(rest))]
            else:
                prod = prods[self.choose(len(prods))]
            kind, fidx, arg, target = prod
            if kind == EE:
                break
            if kind == CHX:
                items = values[t.any_field]
                if items and isinstance(items[-1], str) and seq and seq[-1] == t.any_field:
                    items[-1] += self.text()  # XML merges adjacent text; so do we
                else:
                    items.append(self.text())
                    seq.append(t.any_field)
                state = t.states[target]
                continue
            f = t.fields[fidx]
            if kind == ANY:
                values[fidx].append(self.wildcard(arg, depth))
            elif kind == SE:
                v = self.element(arg, f.substitution, depth + 1)
            else:
                v = self.value(self.g.datatypes[f.datatype])
            if kind != AT:
                seq.append(fidx)
            if kind == ANY:
                pass
            elif f.repeated:
                values[fidx].append(v)
            else:
                values[fidx] = v
            lo, hi, s_low, s_mid, s_top = t.positions[target]
            if target == cur and (hi is None or count < hi):
                count += 1
            else:
                cur, count = target, 1
            state = t.states[s_low if count < lo else (s_mid if hi is None or count < hi else s_top)]
        kwargs: dict[str, Any] = {}
        if t.any_field >= 0 and seq != sorted(seq):
            kwargs["order_"] = tuple(seq)
        for f, v in zip(t.fields, values, strict=True):
            if f.repeated:
                kwargs[f.name] = tuple(v)
            elif v is not None:
                kwargs[f.name] = v
        return (cls or t.cls)(**kwargs)


    def _pool(self, namespaces: tuple[str, ...]) -> list[int]:
        key = (id(self.g), namespaces)
        pool = _POOLS.get(key)
        if pool is None:
            pool = _POOLS[key] = [
                e for e in self.g.globals if not self.g.elements[e].abstract
                and (namespaces[0] == "##any" or self.g.elements[e].uri not in ("", namespaces[1]))
                and not self.g.elements[e].simple]
        return pool

    def any_element(self, depth: int) -> AnyElement:
        names = (("urn:x", "Foo"), ("urn:x", "Bar"), ("urn:y", "Foo"), ("", "plain"))
        ns, name = names[self.choose(len(names))]
        attrs = tuple(("" if i % 2 else "urn:a", f"a{i}", "v" * i) for i in range(self.choose(3)))
        content: list[Any] = []
        for _ in range(self.choose(4) if depth < 6 else 0):
            if self.choose(2) and (not content or not isinstance(content[-1], str)):
                content.append(self.text())
            else:
                content.append(self.any_element(depth + 1))
        return AnyElement(ns, name, attrs, tuple(content))

    def text(self) -> str:
        return "t" * (1 + self.choose(3))

    def wildcard(self, namespaces: tuple[str, ...], depth: int) -> Any:
        """A global element of the set allowed by the wildcard (##other: not xmldsig), or an
        undeclared element tree."""
        if self.undeclared and self.choose(3) == 0:
            return self.any_element(depth)
        pool = self._pool(namespaces)
        if not pool:
            raise Unwalkable("no global element fits the wildcard")
        return self.element(pool[self.choose(len(pool))], True, depth + 3)


def message_roots(g: Grammar) -> list[int]:
    """Global elements of complex type (the messages and the signable parts)."""
    return [eid for eid in g.globals if not g.elements[eid].simple]


_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:."


def random_value(rng: Any, dt: Datatype, *, xml_safe: bool = False) -> Any:
    """A value within the datatype's facets, biased to the edges. ``xml_safe``: characters XML can
    hold and no empty strings (the oracle works through XML)."""
    k = dt.kind
    if k in ("string", "binary"):
        lo = dt.min_len or 0
        if xml_safe and k == "string":
            lo = max(lo, 1)
        hi = dt.max_len if dt.max_len is not None else lo + 16
        n = rng.choice((lo, min(hi, lo + 16), rng.randint(lo, min(hi, lo + 16))))
        if k == "binary":
            return bytes(rng.randrange(256) for _ in range(n))
        if xml_safe:
            return "".join(rng.choice(_ALPHABET) for _ in range(n))
        return "".join(chr(rng.choice((0, 0x41, 0x7A, 0xE9, 0x20AC, 0x1F600, 0x10FFFF))) for _ in range(n))
    if k == "boolean":
        return rng.random() < 0.5
    if k == "enum":
        return rng.choice(dt.members)
    lo = dt.lo if dt.lo is not None else -(2**70)
    hi = dt.hi if dt.hi is not None else 2**70
    c = rng.random()
    if c < 0.2:
        return lo
    if c < 0.4:
        return hi
    if c < 0.6:
        return rng.randint(max(lo, -200), min(hi, 200))
    return rng.randint(lo, hi)
