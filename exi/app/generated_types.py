# GENERATED - do not edit. Produced by `python -m exi.codegen` from the SupportedAppProtocol XSDs.
"""Typed message classes of the SupportedAppProtocol schema set."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar

__all__ = [
    'AppProtocolType',
    'responseCodeType',
    'supportedAppProtocolReq',
    'supportedAppProtocolRes',
]


class responseCodeType(str, enum.Enum):
    OK_SuccessfulNegotiation = 'OK_SuccessfulNegotiation'
    OK_SuccessfulNegotiationWithMinorDeviation = 'OK_SuccessfulNegotiationWithMinorDeviation'
    Failed_NoNegotiation = 'Failed_NoNegotiation'


@dataclass(frozen=True, slots=True, kw_only=True)
class supportedAppProtocolReq:
    """XSD complex type anonymous."""
    AppProtocol: tuple[AppProtocolType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class supportedAppProtocolRes:
    """XSD complex type anonymous."""
    ResponseCode: responseCodeType
    SchemaID: int | None = None
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'SchemaID': {'type': 'idType', 'minInclusive': 0, 'maxInclusive': 255},
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class AppProtocolType:
    """XSD complex type {urn:iso:15118:2:2010:AppProtocol}AppProtocolType."""
    ProtocolNamespace: str
    VersionNumberMajor: int
    VersionNumberMinor: int
    SchemaID: int
    Priority: int
    FACETS: ClassVar[dict[str, dict[str, int | str]]] = {
        'ProtocolNamespace': {'type': 'protocolNamespaceType', 'maxLength': 100},
        'VersionNumberMajor': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'VersionNumberMinor': {'type': 'unsignedInt', 'minInclusive': 0, 'maxInclusive': 4294967295},
        'SchemaID': {'type': 'idType', 'minInclusive': 0, 'maxInclusive': 255},
        'Priority': {'type': 'priorityType', 'minInclusive': 1, 'maxInclusive': 20},
    }
