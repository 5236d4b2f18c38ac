"""SupportedAppProtocol negotiation (ISO 15118-2 8.2 / ISO 15118-20 8.3 "V2G communication session
handshake"; DIN SPEC 70121 uses the same handshake), sans-IO and codec-neutral.

The EVCC offers up to 20 protocols, each with namespace, major and minor version, a SchemaID it picks
(0..255) and a Priority (1 = most preferred). The SECC answers with the SchemaID of the one protocol it
chooses, or ``Failed_NoNegotiation``:

- offers whose namespace the SECC does not know are passed over, never an error: real vehicles offer
  vendor namespaces (``urn:tesla:din:2018:MsgDef``) before the standard ones;
- among the offers the SECC supports with the same major version, the one with the best (lowest)
  Priority wins; ties go to the SECC's own preference order;
- a differing minor version is accepted and answered ``OK_SuccessfulNegotiationWithMinorDeviation``;
- a differing major version is not supported.

The EXI layer turns the decoded messages into :class:`AppProtocol` tuples and back.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from v2g.errors import V2GError

MAX_OFFERS = 20
"""The AppProtocol list of supportedAppProtocolReq holds 1 to 20 entries."""

NS_DIN = "urn:din:70121:2012:MsgDef"
NS_ISO2 = "urn:iso:15118:2:2013:MsgDef"
NS_ISO20_DC = "urn:iso:std:iso:15118:-20:DC"
NS_ISO20_AC = "urn:iso:std:iso:15118:-20:AC"
NS_ISO20_WPT = "urn:iso:std:iso:15118:-20:WPT"
NS_ISO20_ACDP = "urn:iso:std:iso:15118:-20:ACDP"


NAMESPACE_SCHEMAS: dict[str, str] = {
    NS_DIN: "din",
    NS_ISO2: "iso2",
    NS_ISO20_AC: "iso20",
    NS_ISO20_DC: "iso20",
    NS_ISO20_ACDP: "iso20",
    NS_ISO20_WPT: "iso20",
}
"""Namespace of an AppProtocol offer -> the EXI schema of the session's messages (0x8001 / 0x8002)."""


class ResponseCode(enum.Enum):
    OK_SUCCESSFUL_NEGOTIATION = "OK_SuccessfulNegotiation"
    OK_SUCCESSFUL_NEGOTIATION_WITH_MINOR_DEVIATION = "OK_SuccessfulNegotiationWithMinorDeviation"
    FAILED_NO_NEGOTIATION = "Failed_NoNegotiation"


class HandshakeError(V2GError):
    """A handshake message that breaks the rules; carries the response code to answer with."""

    response_code = ResponseCode.FAILED_NO_NEGOTIATION


@dataclass(frozen=True, slots=True)
class AppProtocol:
    """One offer of a supportedAppProtocolReq."""

    namespace: str
    major: int
    minor: int
    schema_id: int
    priority: int


@dataclass(frozen=True, slots=True)
class Protocol:
    """A protocol this side implements."""

    namespace: str
    major: int
    minor: int


DIN = Protocol(NS_DIN, 2, 0)
ISO2 = Protocol(NS_ISO2, 2, 0)
ISO20_DC = Protocol(NS_ISO20_DC, 1, 0)
ISO20_AC = Protocol(NS_ISO20_AC, 1, 0)


@dataclass(frozen=True, slots=True)
class Negotiation:
    response_code: ResponseCode
    schema_id: int | None
    chosen: AppProtocol | None
    protocol: Protocol | None

    @property
    def ok(self) -> bool:
        return self.response_code is not ResponseCode.FAILED_NO_NEGOTIATION


FAILED = Negotiation(ResponseCode.FAILED_NO_NEGOTIATION, None, None, None)


def validate_offers(offers: Sequence[AppProtocol]) -> None:
    """Check the request's structural rules; raises :class:`HandshakeError`."""
    if not 1 <= len(offers) <= MAX_OFFERS:
        raise HandshakeError(f"{len(offers)} AppProtocol entries (1 to {MAX_OFFERS} allowed)")
    ids = [offer.schema_id for offer in offers]
    if len(set(ids)) != len(ids):
        raise HandshakeError(f"SchemaIDs are not unique: {ids}")
    for offer in offers:
        if not 0 <= offer.schema_id <= 255 or not 1 <= offer.priority <= MAX_OFFERS:
            raise HandshakeError(f"offer out of range: {offer}")


def negotiate(offers: Sequence[AppProtocol], supported: Sequence[Protocol]) -> Negotiation:
    """The SECC's choice among the EVCC's offers; ``supported`` is in the SECC's order of preference."""
    try:
        validate_offers(offers)
    except HandshakeError:
        return FAILED
    preference = {(p.namespace, p.major): rank for rank, p in enumerate(supported)}
    candidates = [
        (offer.priority, preference[(offer.namespace, offer.major)], index, offer)
        for index, offer in enumerate(offers)
        if (offer.namespace, offer.major) in preference
    ]
    if not candidates:
        return FAILED
    _, rank, _, offer = min(candidates)
    protocol = supported[rank]
    code = (
        ResponseCode.OK_SUCCESSFUL_NEGOTIATION
        if offer.minor == protocol.minor
        else ResponseCode.OK_SUCCESSFUL_NEGOTIATION_WITH_MINOR_DEVIATION
    )
    return Negotiation(code, offer.schema_id, offer, protocol)


def offers_for(protocols: Sequence[Protocol], first_schema_id: int = 1) -> tuple[AppProtocol, ...]:
    """The EVCC's offer list: ``protocols`` in order of preference, priorities 1, 2, ..."""
    if not 1 <= len(protocols) <= MAX_OFFERS:
        raise ValueError(f"offer 1 to {MAX_OFFERS} protocols, not {len(protocols)}")
    return tuple(
        AppProtocol(p.namespace, p.major, p.minor, first_schema_id + i, i + 1)
        for i, p in enumerate(protocols)
    )


def accept_response(
    offers: Sequence[AppProtocol], response_code: ResponseCode, schema_id: int | None
) -> AppProtocol:
    """The EVCC's check of a supportedAppProtocolRes: the offer the SECC chose, or HandshakeError."""
    if response_code is ResponseCode.FAILED_NO_NEGOTIATION:
        raise HandshakeError("the SECC supports none of the offered protocols")
    for offer in offers:
        if offer.schema_id == schema_id:
            return offer
    raise HandshakeError(f"the SECC chose SchemaID {schema_id}, which was not offered")
