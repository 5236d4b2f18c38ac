"""The EVCC runner: SDP on the vehicle's PLC interface (or a fixed address), TCP or TLS, then one
sans-IO :class:`v2g.evcc.EvccSession` to its end.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from slac.aio.link import AssociationError, SlacLink
from tls.conn import TlsInfo
from v2g.aio import netif
from v2g.aio.runner import CoreConnection, connect
from v2g.aio.sdp import discover
from v2g.aio.tlsedge import AnyTlsContext
from v2g.aio.tlsinfo import is_tls13
from v2g.aio.transport import TransportConfig
from v2g.aio.warmup import warm_up
from v2g.controller import EvController
from v2g.errors import V2GError
from v2g.evcc import EvccConfig, EvccResult, EvccSession
from v2g.iso20_catalog import protocols_for
from v2g.sdp import SDP_PORT, DiscoveryFailed, SdpClientConfig, SdpResponse, Security
from v2g.trace import TraceRecord


class DiscoveryError(V2GError):
    """SDP found no SECC."""


class NoTlsOffered(DiscoveryError):
    """TLS was asked for and the SECC's SDP answer offers plain TCP only (and ``tls_fallback`` is off)."""


@dataclass(frozen=True)
class EvccRunnerConfig:
    evcc: EvccConfig = field(default_factory=EvccConfig)
    interface: str | None = None
    """The PLC interface: SDP runs there, and a link-local SECC address is scoped to it."""
    host: str | None = None
    """Connect here directly, without SDP (with ``port``)."""
    port: int | None = None
    security: Security = Security.NONE
    tls_fallback: bool = False
    """With ``security`` TLS: accept an SDP answer that offers plain TCP only (else :class:`NoTlsOffered`)."""
    ssl_context: AnyTlsContext | None = None
    """Used when the SECC's SDP answer (or ``security`` without SDP) says TLS."""
    sdp: SdpClientConfig | None = None
    sdp_port: int = SDP_PORT
    transport: TransportConfig = field(default_factory=TransportConfig)
    slac: bool = False
    """Associate with the charger over the PLC modem on ``interface`` (ISO 15118-3) before SDP."""
    slac_timeout: float = 60.0
    freeze_gc: bool = True
    """``gc.freeze()`` once the grammars are loaded (see :func:`v2g.aio.warmup.warm_up`)."""

    def __post_init__(self) -> None:
        if self.slac and self.interface is None:
            raise ValueError("SLAC needs the PLC interface")
        if self.host is None and self.interface is None:
            raise ValueError("give an interface (SDP) or a host and port")
        if self.host is not None and self.port is None:
            raise ValueError("a host needs a port")


_DEFAULT_PROTOCOLS = EvccConfig.__dataclass_fields__["protocols"].default


def offering_iso20(config: EvccRunnerConfig) -> EvccConfig:
    """The session's config: with a TLS 1.3 context (``tls.context.iso20_client_context``) and the
    protocols left at their default, ISO 15118-20 for the energy mode is offered first (over TLS 1.3
    with mutual authentication only: over plain TCP the session offers the others, see
    :mod:`v2g.security`)."""
    evcc = config.evcc
    if not is_tls13(config.ssl_context) or evcc.protocols != _DEFAULT_PROTOCOLS:
        return evcc
    return dataclasses.replace(evcc, protocols=protocols_for((evcc.energy_mode,)) + evcc.protocols)


async def _endpoint(
    config: EvccRunnerConfig,
    on_discovered: Callable[[SdpResponse], None] | None = None,
    on_sdp: SdpObserver | None = None,
) -> tuple[str, int, Security, int]:
    scope = 0
    if config.interface is not None:
        scope = (await netif.interface(config.interface)).index
    if config.host is not None:
        assert config.port is not None
        return config.host, config.port, config.security, scope
    assert config.interface is not None
    sdp = config.sdp or SdpClientConfig(security=config.security)
    event = await discover(config.interface, sdp, port=config.sdp_port, on_datagram=on_sdp)
    if isinstance(event, DiscoveryFailed):
        raise DiscoveryError(event.reason)
    response = event.response
    if on_discovered is not None:
        on_discovered(response)
    if config.security is Security.TLS and response.security is not Security.TLS and not config.tls_fallback:
        raise NoTlsOffered(
            f"TLS was asked for, and the SECC at [{response.address}]:{response.port} offers plain TCP only"
        )
    return str(response.address), response.port, response.security, scope


SdpObserver = Callable[[bool, bytes, tuple[str, int], tuple[str, int]], None]
"""Told of each SDP datagram: (outgoing, data, source, destination)."""

Via = Callable[[str, int, int], Awaitable[tuple[str, int]]]
"""(host, port, scope) of the SECC -> where to connect instead (a recording relay in front of it)."""


@dataclass(frozen=True)
class _Hooks:
    on_session: Callable[[EvccSession], None] | None = None
    on_discovered: Callable[[SdpResponse], None] | None = None
    on_sdp: SdpObserver | None = None
    via: Via | None = None
    on_tls: Callable[[TlsInfo], None] | None = None


async def run_evcc(
    config: EvccRunnerConfig,
    controller: EvController,
    trace: Callable[[TraceRecord], None] | None = None,
    *,
    on_slac: Callable[[float, object], None] | None = None,
    on_session: Callable[[EvccSession], None] | None = None,
    on_discovered: Callable[[SdpResponse], None] | None = None,
    on_sdp: SdpObserver | None = None,
    via: Via | None = None,
    on_tls: Callable[[TlsInfo], None] | None = None,
) -> EvccResult:
    """(SLAC,) find the SECC, connect and run one session; returns how it ended. ``on_discovered`` gets
    the SDP answer; ``on_session`` the session once built, for what the result does not tell (its
    context: the EVSE's limits ...); ``on_sdp`` each SDP datagram; ``via`` may put a relay between
    (``v2g evcc --pcap``); ``on_tls`` what the TLS handshake negotiated (over TLS)."""
    hooks = _Hooks(on_session, on_discovered, on_sdp, via, on_tls)
    if not config.slac:
        return await _session(config, controller, trace, hooks)
    assert config.interface is not None
    async with await SlacLink.open_ev(config.interface, on_event=on_slac) as link:
        try:
            await link.wait_ready(config.slac_timeout)
        except TimeoutError:
            raise AssociationError(f"no SLAC association within {config.slac_timeout} s") from None
        return await _session(config, controller, trace, hooks)


async def _session(
    config: EvccRunnerConfig,
    controller: EvController,
    trace: Callable[[TraceRecord], None] | None,
    hooks: _Hooks,
) -> EvccResult:
    evcc = offering_iso20(config)
    warm_up(evcc.protocols, freeze_gc=config.freeze_gc)  # before the first request's clock starts
    host, port, security, scope = await _endpoint(config, hooks.on_discovered, hooks.on_sdp)
    if hooks.via is not None:
        host, port = await hooks.via(host, port, scope)
        scope = 0
    context = config.ssl_context if security is Security.TLS else None
    if security is Security.TLS and context is None:
        raise DiscoveryError("the SECC offers TLS only, and no ssl_context was given")
    def start(now: float) -> EvccSession:
        # the connection tells the session what protects it, and that starts it (transport_opened)
        session = EvccSession(evcc, controller, now, wall=time.time(), tls=context is not None)
        if hooks.on_session is not None:
            hooks.on_session(session)
        return session

    def opened(connection: CoreConnection) -> bool:  # before the session's first message
        if hooks.on_tls is not None and connection.tls_info is not None:
            hooks.on_tls(connection.tls_info)
        return True

    connection = await connect(
        host, port, start, ssl_context=context, config=config.transport, scope=scope, trace=trace,
        on_open=opened,
    )
    try:
        reason = await asyncio.shield(connection.ended)
    except asyncio.CancelledError:  # the caller gave up on the session: do not leave it running
        connection.abort("cancelled")
        raise
    session = connection.core
    if not isinstance(session, EvccSession):  # building the session failed
        return EvccResult(False, reason, None, None, 0, 0, False)
    if session.result is None:  # the connection ended before the session did
        return EvccResult(False, reason, session.protocol, session.session_id, 0, 0, False)
    return session.result
