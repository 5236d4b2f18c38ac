"""What protects a V2GTP connection, as the session cores see it, and which protocols may run on it.

The asyncio adapter reads it from the transport when the connection opens (plain TCP, or the
:class:`tls.conn.TlsInfo` of the handshake: version, suite and whether the peer presented a
certificate chain, which OpenSSL verified; :meth:`TransportSecurity.of_info`) and the connection
core hands it to the session core (:meth:`v2g.connection.Connection`); SupportedAppProtocol then
offers and selects only the protocols the standard allows on that transport (ISO 15118-20 7.7.3.2, Table 5):

- ISO 15118-20 only over TLS 1.3 (or higher) with mutual authentication ([V2G20-1264]); the EVCC does
  not offer it on plain TCP or TLS 1.2 ([V2G20-1237]) and the SECC does not select it there
  ([V2G20-2356]): it answers ``Failed_NoNegotiation`` when nothing else was offered;
- ISO 15118-2 over plain TCP (EIM), TLS 1.2 ([V2G20-2359]) and TLS 1.3 (Table 5);
- DIN SPEC 70121 without TLS (Table 5 lists it under "No TLS" only); it stays allowed over TLS 1.2
  as before, since a TLS 1.2 port of an ISO 15118-2 charger has always served it here.

Sans-IO: nothing here touches a socket or ``ssl``.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from v2g.apphand import NAMESPACE_SCHEMAS, NS_DIN, Protocol

if TYPE_CHECKING:
    from tls.conn import TlsInfo


class TlsVersion(enum.IntEnum):
    NONE = 0
    """Plain TCP."""
    TLS_1_2 = 12
    TLS_1_3 = 13


_VERSIONS = {"TLSv1.2": TlsVersion.TLS_1_2, "TLSv1.3": TlsVersion.TLS_1_3}

ISO20_SUITES = frozenset({"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
"""The TLS 1.3 cipher suites ISO 15118-20 allows (the same set as ``tls.context.ISO20_SUITES``):
Python's ``ssl`` cannot restrict a TLS 1.3 context to them, so a connection that negotiated another
(a foreign peer offering only TLS_AES_128_GCM_SHA256) does not count as -20 capable; our own
:mod:`tls.context` never negotiates another."""


@dataclass(frozen=True, slots=True)
class TransportSecurity:
    """The protection of one connection: TLS version and whether the peer proved its certificate."""

    tls: TlsVersion = TlsVersion.NONE
    peer_authenticated: bool = False
    """The peer presented a certificate that was verified (SECC: the vehicle certificate of mutual
    TLS; EVCC: the SECC's chain)."""
    suite: str | None = None
    """The negotiated cipher suite (None: not known, not checked)."""
    group: str | None = None
    """The key exchange group (``secp521r1``, ``x448``; None: not known)."""

    @classmethod
    def of_info(cls, info: TlsInfo) -> TransportSecurity:
        """From what our TLS layer negotiated: the peer is authenticated when it sent a chain (both
        sides' OpenSSL contexts verify what is sent, and fail the handshake otherwise)."""
        security = cls.of_tls(info.version, bool(info.peer_chain), info.suite)
        return TransportSecurity(security.tls, security.peer_authenticated, security.suite, info.group)

    @classmethod
    def of_tls(
        cls, version: str | None, peer_authenticated: bool, suite: str | None = None
    ) -> TransportSecurity:
        """From the TLS library's version name (``"TLSv1.3"``); an older or unknown version counts as
        the lowest this stack knows (TLS 1.2 rules), a newer one as TLS 1.3 ([V2G20-1521])."""
        if version is None:
            return PLAIN
        known = _VERSIONS.get(version)
        if known is None:
            known = TlsVersion.TLS_1_3 if version > "TLSv1.3" else TlsVersion.TLS_1_2
        return cls(known, peer_authenticated, suite)

    @property
    def mutual_tls13(self) -> bool:
        """TLS 1.3 (or newer), the peer authenticated and, when known, one of the -20 suites."""
        suite_ok = self.suite is None or self.suite in ISO20_SUITES
        return self.tls >= TlsVersion.TLS_1_3 and self.peer_authenticated and suite_ok

    def __str__(self) -> str:
        if self.tls is TlsVersion.NONE:
            return "plain TCP"
        version = "TLS 1.3" if self.tls is TlsVersion.TLS_1_3 else "TLS 1.2"
        odd = self.tls is TlsVersion.TLS_1_3 and self.suite is not None and self.suite not in ISO20_SUITES
        who = ", peer authenticated" if self.peer_authenticated else ""
        return f"{version}{f' ({self.suite})' if odd else ''}{who}"


PLAIN = TransportSecurity()


def allows(protocol: Protocol | str, security: TransportSecurity) -> bool:
    """Whether ``protocol`` (or a namespace) may be offered and selected on ``security``."""
    namespace = protocol if isinstance(protocol, str) else protocol.namespace
    if NAMESPACE_SCHEMAS.get(namespace) == "iso20":
        return security.mutual_tls13  # [V2G20-1264], [V2G20-1237], [V2G20-2356]
    if namespace == NS_DIN:
        return security.tls <= TlsVersion.TLS_1_2  # ISO 15118-20 Table 5: DIN without TLS
    return True  # ISO 15118-2: no TLS (EIM), TLS 1.2 [V2G20-2359], TLS 1.3 (Table 5)


def allowed(protocols: Sequence[Protocol], security: TransportSecurity | None) -> tuple[Protocol, ...]:
    """``protocols`` (in their order) that ``security`` allows; ``None`` (not told: a machine driven
    directly, without a transport) keeps them all."""
    if security is None:
        return tuple(protocols)
    return tuple(p for p in protocols if allows(p, security))
