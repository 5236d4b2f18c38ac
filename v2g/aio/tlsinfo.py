"""What the asyncio adapters read from a TLS context or connection for the sans-IO cores: the
transport's security (:class:`v2g.security.TransportSecurity`) and whether a context is TLS 1.3."""

from __future__ import annotations

import ssl

from v2g.security import PLAIN, TransportSecurity


def transport_security(obj: ssl.SSLObject | None) -> TransportSecurity:
    """What protects a connection: plain TCP, or the negotiated TLS version and whether the peer's
    certificate was verified (``getpeercert()`` is a non-empty dict only for a verified one), and
    the negotiated suite."""
    if obj is None:
        return PLAIN
    cipher = obj.cipher()
    return TransportSecurity.of_tls(obj.version(), bool(obj.getpeercert()), cipher[0] if cipher else None)


def is_tls13(context: ssl.SSLContext | None) -> bool:
    """A context that speaks TLS 1.3 only (as :func:`tls.context.iso20_server_context` and
    ``iso20_client_context`` make): the servers then serve ISO 15118-20 by default."""
    return context is not None and context.minimum_version >= ssl.TLSVersion.TLSv1_3
