"""The SECC's SupportedAppProtocol answer, filtered by the connection's transport security.

Of ``SeccConfig.protocols`` only those the connection's :class:`v2g.security.TransportSecurity`
allows may be selected (:func:`v2g.security.allowed`; [V2G20-2356]: ISO 15118-20 only over TLS 1.3
with mutual authentication; ``None``, a machine driven without a transport: all of them);
:func:`v2g.apphand.negotiate` then picks among the EVCC's offers in the SECC's order of preference.
When nothing is selected, the reason the session ends with names the offered protocols this SECC
has but the transport bars, so that a car offering only ISO 15118-20 over TLS 1.2 is told why.

Sans-IO and stateless: the session (:class:`v2g.secc.SeccSession`) decodes the request, sends and
traces the answer and ends the session on a failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from exi.app import generated_types as app
from v2g import apphand
from v2g.security import TransportSecurity, allowed, allows

__all__ = ["HandshakeAnswer", "answer_handshake", "barred"]


@dataclass(frozen=True, slots=True)
class HandshakeAnswer:
    """What the SECC answers one supportedAppProtocolReq."""

    response: app.supportedAppProtocolRes
    protocol: apphand.Protocol | None
    """The selected protocol (None: Failed_NoNegotiation, the session ends)."""
    reason: str = ""
    """Why nothing was selected (the session's close reason; empty when a protocol was)."""


def answer_handshake(
    req: app.supportedAppProtocolReq,
    protocols: Sequence[apphand.Protocol],
    security: TransportSecurity | None,
) -> HandshakeAnswer:
    """The answer to ``req`` by an SECC with ``protocols`` (in its order of preference) on a
    connection protected by ``security``."""
    offers = [
        apphand.AppProtocol(
            p.ProtocolNamespace, p.VersionNumberMajor, p.VersionNumberMinor, p.SchemaID, p.Priority
        )
        for p in req.AppProtocol
    ]
    # [V2G20-2356]: ISO 15118-20 is selected only over TLS 1.3 with mutual authentication
    result = apphand.negotiate(offers, allowed(protocols, security))
    res = app.supportedAppProtocolRes(
        ResponseCode=app.responseCodeType(result.response_code.value), SchemaID=result.schema_id
    )
    if not result.ok or result.protocol is None:
        reason = f"no common protocol (Failed_NoNegotiation){barred(offers, protocols, security)}"
        return HandshakeAnswer(res, None, reason)
    return HandshakeAnswer(res, result.protocol)


def barred(
    offers: Sequence[apphand.AppProtocol],
    protocols: Sequence[apphand.Protocol],
    security: TransportSecurity | None,
) -> str:
    """Why an offered protocol this SECC has was not selected: the transport does not allow it
    (``"; <namespaces> not allowed over <security>"``, or empty)."""
    ours = {p.namespace for p in protocols}
    names = sorted({o.namespace for o in offers if o.namespace in ours and security is not None
                    and not allows(o.namespace, security)})
    return f"; {', '.join(names)} not allowed over {security}" if names else ""
