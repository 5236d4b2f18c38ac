"""The EVCC's SupportedAppProtocol step, filtered by the connection's transport security: which of
``EvccConfig.protocols`` it offers, the request that offers them, and the check of the SECC's choice.

Only the protocols the connection's :class:`v2g.security.TransportSecurity` allows are offered
(:func:`v2g.security.allowed`; [V2G20-1237]: ISO 15118-20 not over plain TCP or TLS 1.2; ``None``,
a machine driven without a transport: all of them), and an SECC that selects one the transport does
not allow ends the session. Sans-IO and stateless: :class:`v2g.evcc.EvccSession` sends, traces and
times the messages.
"""

from __future__ import annotations

from collections.abc import Sequence

from exi.app import generated_types as app
from v2g import apphand
from v2g.errors import EvccAbort
from v2g.security import TransportSecurity, allowed, allows

__all__ = ["accept", "allowed_offers", "none_allowed", "offer_request"]


def allowed_offers(
    protocols: Sequence[apphand.Protocol], security: TransportSecurity | None
) -> tuple[apphand.AppProtocol, ...]:
    """The offers for those of ``protocols`` (in their order) that ``security`` allows; empty when
    it allows none of them (:func:`none_allowed` says why)."""
    # [V2G20-1237]: ISO 15118-20 is not offered over plain TCP or TLS 1.2
    offered = allowed(protocols, security)
    return apphand.offers_for(offered) if offered else ()


def none_allowed(protocols: Sequence[apphand.Protocol], security: TransportSecurity | None) -> str:
    """Why the session cannot start: ``security`` allows none of ``protocols``."""
    names = ", ".join(p.namespace for p in protocols)
    return f"none of the protocols ({names}) is allowed over {security}"


def offer_request(offers: Sequence[apphand.AppProtocol]) -> app.supportedAppProtocolReq:
    """The supportedAppProtocolReq carrying ``offers``."""
    return app.supportedAppProtocolReq(
        AppProtocol=tuple(
            app.AppProtocolType(
                ProtocolNamespace=o.namespace,
                VersionNumberMajor=o.major,
                VersionNumberMinor=o.minor,
                SchemaID=o.schema_id,
                Priority=o.priority,
            )
            for o in offers
        )
    )


def accept(
    offers: Sequence[apphand.AppProtocol],
    res: app.supportedAppProtocolRes,
    security: TransportSecurity | None,
) -> apphand.AppProtocol:
    """The offer the SECC chose in ``res``; :class:`v2g.errors.EvccAbort` when it chose none, one
    not offered, or one ``security`` does not allow."""
    try:
        chosen = apphand.accept_response(offers, apphand.ResponseCode(res.ResponseCode.value), res.SchemaID)
    except apphand.HandshakeError as exc:
        raise EvccAbort(str(exc)) from exc
    if security is not None and not allows(chosen.namespace, security):
        raise EvccAbort(f"the SECC chose {chosen.namespace}, which is not allowed over {security}")
    return chosen
