"""What the asyncio adapters read from a TLS context or connection for the sans-IO cores: the
transport's security (:class:`v2g.security.TransportSecurity`) and whether a context speaks TLS 1.3.

Our TLS layer (:mod:`tls.conn`) says it in :class:`tls.conn.TlsInfo`; the ``ssl.SSLObject`` glue is
kept only for the ``ssl.SSLContext`` path (the benchmarks' baseline, foreign-peer tests)."""

from __future__ import annotations

import ssl

from tls.conn import TlsInfo
from tls.context import TlsContext
from v2g.security import PLAIN, TransportSecurity


def transport_security(info: TlsInfo | None, obj: object = None) -> TransportSecurity:
    """What protects a connection: plain TCP, what our TLS layer negotiated (``info``), or (the
    ``ssl`` path) the version, suite and whether the peer's certificate was verified
    (``getpeercert()`` is a non-empty dict only for a verified one)."""
    if info is not None:
        return TransportSecurity.of_info(info)
    if not isinstance(obj, ssl.SSLObject):
        return PLAIN
    cipher = obj.cipher()
    return TransportSecurity.of_tls(obj.version(), bool(obj.getpeercert()), cipher[0] if cipher else None)


def is_tls13(context: TlsContext | ssl.SSLContext | None) -> bool:
    """A context that can speak ISO 15118-20's TLS 1.3 (ours with the "iso20" profile, or a server
    one serving both, :func:`tls.context.serve_both`; an ``ssl`` context with TLS 1.3 as its
    minimum): the servers then serve ISO 15118-20 by default."""
    if isinstance(context, TlsContext):
        return context.profile == "iso20" or any(c.profile == "iso20" for c in context.chains)
    return context is not None and context.minimum_version >= ssl.TLSVersion.TLSv1_3
