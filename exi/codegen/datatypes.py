"""The datatype phase of the grammar builder: XSD simple types (restrictions and their facets) to EXI
value representations (EXI 7.1), enumerations and unique class names."""

from __future__ import annotations

from .model import _INT_BOUNDS, _STRINGS, Datatype, _identifier, bits_for
from .xsd import XS, QName, Schema, SchemaError, SimpleTypeDef


class DatatypeBuilder:
    """The datatypes and enumerations of a schema set, and the class names handed out so far."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.datatypes: list[Datatype] = []
        self._dt_index: dict[Datatype, int] = {}
        self.enums: dict[str, tuple[str, ...]] = {}  # class name -> values
        self.enum_namespace: dict[str, str | None] = {}  # class name -> namespace (None: anonymous)
        self._enum_owner: dict[int, str] = {}
        self._class_names: set[str] = set()

    # names ---------------------------------------------------------------------------------------
    def _unique(self, name: str) -> str:
        base = _identifier(name)
        cand = base
        n = 2
        while cand in self._class_names:
            cand = f"{base}_{n}"
            n += 1
        self._class_names.add(cand)
        return cand

    # datatypes -----------------------------------------------------------------------------------
    def _dt(self, dt: Datatype) -> int:
        if dt not in self._dt_index:
            self._dt_index[dt] = len(self.datatypes)
            self.datatypes.append(dt)
        return self._dt_index[dt]

    def simple_type_ref(self, ref: QName | SimpleTypeDef | None) -> SimpleTypeDef | str:
        """A user simple type definition, or the local name of an XSD built-in type."""
        if ref is None:
            return "anySimpleType"
        if isinstance(ref, SimpleTypeDef):
            return ref
        if ref[0] == XS:
            return ref[1]
        if ref in self.schema.simple_types:
            return self.schema.simple_types[ref]
        raise SchemaError(f"unknown simple type {ref}")

    def datatype(self, ref: QName | SimpleTypeDef | None) -> int:
        facets: dict[str, object] = {}
        enum_owner: SimpleTypeDef | None = None
        cur = self.simple_type_ref(ref)
        name = cur if isinstance(cur, str) else (cur.name[1] if cur.name else "")
        while isinstance(cur, SimpleTypeDef):
            if cur.variety == "list":
                raise SchemaError("list types are not used by the V2G schemas")
            for k, v in cur.facets.items():
                if k == "enumeration":
                    if enum_owner is None:
                        enum_owner = cur
                        facets[k] = v
                elif k in ("minInclusive", "minExclusive", "minLength"):
                    old = facets.get(k)
                    facets[k] = v if old is None else max(int(old), int(str(v)))  # type: ignore[call-overload]
                elif k in ("maxInclusive", "maxExclusive", "maxLength"):
                    old = facets.get(k)
                    facets[k] = v if old is None else min(int(old), int(str(v)))  # type: ignore[call-overload]
                else:
                    facets.setdefault(k, v)
            cur = cur.base_inline if cur.base_inline is not None else self.simple_type_ref(cur.base)
        builtin = cur
        if not isinstance(ref, (SimpleTypeDef, tuple)) or (isinstance(ref, tuple) and ref[0] == XS):
            name = builtin
        lo_len = facets.get("minLength", facets.get("length"))
        hi_len = facets.get("maxLength", facets.get("length"))
        min_len = int(str(lo_len)) if lo_len is not None else None
        max_len = int(str(hi_len)) if hi_len is not None else None
        if "enumeration" in facets:
            values = tuple(str(v) for v in facets["enumeration"])  # type: ignore[attr-defined]
            assert enum_owner is not None
            ename = self._enum_name(enum_owner, values)
            return self._dt(Datatype("enum", bits=bits_for(len(values)), values=values, enum_name=ename,
                                     name=name))
        if builtin in _STRINGS:
            return self._dt(Datatype("string", min_len=min_len, max_len=max_len, name=name))
        if builtin in ("hexBinary", "base64Binary"):
            return self._dt(Datatype("binary", binary="hex" if builtin == "hexBinary" else "base64",
                                     min_len=min_len, max_len=max_len, name=name))
        if builtin == "boolean":
            return self._dt(Datatype("boolean", name=name))
        if builtin in _INT_BOUNDS:
            lo, hi = _INT_BOUNDS[builtin]
            if "minInclusive" in facets:
                v = int(str(facets["minInclusive"]))
                lo = max(lo, v) if lo is not None else v
            if "minExclusive" in facets:
                v = int(str(facets["minExclusive"])) + 1
                lo = max(lo, v) if lo is not None else v
            if "maxInclusive" in facets:
                v = int(str(facets["maxInclusive"]))
                hi = min(hi, v) if hi is not None else v
            if "maxExclusive" in facets:
                v = int(str(facets["maxExclusive"])) - 1
                hi = min(hi, v) if hi is not None else v
            if lo is not None and hi is not None and hi - lo + 1 <= 4096:
                return self._dt(Datatype("nbit", lo=lo, hi=hi, bits=bits_for(hi - lo + 1), name=name))
            if lo is not None and lo >= 0:
                return self._dt(Datatype("unsigned", lo=lo, hi=hi, name=name))
            return self._dt(Datatype("integer", lo=lo, hi=hi, name=name))
        raise SchemaError(f"built-in type xs:{builtin} is not supported")

    def _enum_name(self, owner: SimpleTypeDef, values: tuple[str, ...]) -> str:
        known = self._enum_owner.get(id(owner))
        if known is not None:
            return known
        base = owner.name[1] if owner.name else "Enum"
        name = self._unique(base)
        self.enums[name] = values
        self.enum_namespace[name] = owner.name[0] if owner.name else None
        self._enum_owner[id(owner)] = name
        return name
