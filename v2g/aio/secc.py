"""The SECC server: SDP on the charger's PLC interface, V2GTP over TCP and/or TLS, one isolated
sans-IO :class:`v2g.secc.SeccSession` per connection.

Firmware embeds it like this (see the README)::

    server = SeccServer(SeccServerConfig(sdp_interface="eth1"), controller_factory=MyPowerStage)
    async with server:
        await server.serve_forever()

What observers hear of each session is in :mod:`v2g.aio.seccinfo`; the TLS context's protocols and
its renewal in :mod:`v2g.aio.secctls` (both re-exported here).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import ipaddress
import logging
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from slac.aio.link import AssociationError, SlacLink
from slac.aio.runner import cancel_and_wait
from v2g.aio import netif
from v2g.aio.admission import Failure
from v2g.aio.ports import start_in_dynamic_range
from v2g.aio.runner import CoreConnection
from v2g.aio.sdp import SdpResponder
from v2g.aio.seccinfo import ObservedSession
from v2g.aio.seccinfo import SessionInfo as SessionInfo  # re-exported
from v2g.aio.seccinfo import SessionSummary as SessionSummary  # re-exported
from v2g.aio.secctls import serving_iso20 as serving_iso20  # re-exported
from v2g.aio.secctls import use_tls_context
from v2g.aio.server import CoreServer
from v2g.aio.tlsedge import AnyTlsContext
from v2g.aio.transport import ServerConfig
from v2g.aio.warmup import warm_up
from v2g.controller import EvseController, EvseServices, PowerStage
from v2g.sdp import SDP_PORT, SdpServerConfig
from v2g.secc import SeccConfig, SeccSession, SessionStore
from v2g.secc import warm_up as prepare_failures
from v2g.trace import TraceRecord

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class SeccServerConfig:
    secc: SeccConfig = field(default_factory=SeccConfig)
    host: str = "::"
    """Address the V2G servers listen on (``::`` = every interface)."""
    tcp_port: int | None = 0
    """Plain TCP port (0: a free one in 49152-65535; None: no unencrypted V2G, e.g. ISO 15118-20 only)."""
    tls_port: int | None = None
    """TLS port (0: a free one in 49152-65535); needs ``ssl_context``."""
    ssl_context: AnyTlsContext | None = None
    sdp_interface: str | None = None
    """Answer SDP on this interface; None: no SDP (test rigs connect to host and port directly)."""
    sdp_port: int = SDP_PORT
    advertise: ipaddress.IPv6Address | None = None
    """Address given in SDP responses (default: the SDP interface's link-local address)."""
    server: ServerConfig = field(default_factory=ServerConfig)
    sdp_ports: tuple[int | None, int | None] | None = None
    """(TCP, TLS) ports to announce in SDP instead of the servers' own (a relay or port forward)."""
    slac: bool = False
    """Run SLAC (ISO 15118-3, charger side) on ``sdp_interface``; SDP answers once an EV is associated."""
    freeze_gc: bool = True
    """``gc.freeze()`` once the grammars are loaded at start (see :func:`v2g.aio.warmup.warm_up`)."""
    keep_finished: int = 1000
    """Summaries of ended sessions kept in ``SeccServer.finished`` (the latest; older ones are dropped)."""

    def __post_init__(self) -> None:
        if self.slac and self.sdp_interface is None:
            raise ValueError("SLAC runs on the SDP interface: give sdp_interface")
        if self.tcp_port is None and self.tls_port is None:
            raise ValueError("the SECC needs a TCP port, a TLS port or both")
        if self.tls_port is not None and self.ssl_context is None:
            raise ValueError("a TLS port needs an ssl_context (see tls.context)")


class SeccServer:
    """Accepts EVCCs; each connection runs its own session with its own controller."""

    def __init__(
        self,
        config: SeccServerConfig,
        controller_factory: Callable[[], EvseController | PowerStage],
        trace: Callable[[TraceRecord], None] | None = None,
        *,
        sdp_observer: Callable[[bytes, object, bytes], None] | None = None,
        services: EvseServices | None = None,
        session_trace: Callable[[SessionInfo, TraceRecord], None] | None = None,
        on_session_end: Callable[[SessionSummary], None] | None = None,
        measured: Callable[[tuple[str, int] | None], bool] | None = None,
    ) -> None:
        """``controller_factory()`` gives the power stage for a new connection (firmware with one
        connector returns the same object every time); ``services`` (authorization, schedules,
        meter) are shared by every session, default: each controller provides its own.
        ``session_trace`` hears of every message with the session it belongs to (for a server
        running several at once); ``on_session_end`` of every session's end, as it happens.
        ``measured(peer)`` picks the connections whose response times go to ``turnaround``
        (default: all). A TLS 1.3 context adds ISO 15118-20 to default protocols
        (:func:`serving_iso20`)."""
        self.config = config = serving_iso20(config)
        self.services = services
        self.session_store = SessionStore()
        """Sessions paused here, joined by the EVCC's next connection (pause and resume)."""
        self.session_trace = session_trace
        self.on_session_end = on_session_end
        self._opened_count = 0
        self._opening: CoreConnection | None = None
        self.sdp_observer = sdp_observer
        self.controller_factory = controller_factory
        self.trace = trace
        self.measured = measured
        self.turnaround: deque[float] = deque(maxlen=100_000)
        """The latest response times (seconds, message in to response out) of every session (of those
        ``measured`` picks)."""
        self._tcp: CoreServer | None = self._server(tls=False) if config.tcp_port is not None else None
        self._tls: CoreServer | None = self._server(tls=True) if config.tls_port is not None else None
        self._sdp: SdpResponder | None = None
        self._slac: SlacLink | None = None
        self._slac_task: asyncio.Task[None] | None = None
        self.slac_events: list[tuple[float, object]] = []
        self.finished: deque[SessionSummary] = deque(maxlen=config.keep_finished)
        """The latest ended sessions (``keep_finished`` of them), oldest first."""
        self.sessions_ended = 0
        self._live: set[SeccSession] = set()
        self._one_ended = asyncio.Event()
        self._stopped = asyncio.Event()

    @property
    def tcp_port(self) -> int | None:
        return self._tcp.port if self._tcp is not None else None

    @property
    def tls_port(self) -> int | None:
        return self._tls.port if self._tls is not None else None

    def use_tls_context(self, ssl_context: AnyTlsContext) -> None:
        """The TLS port's new connections use ``ssl_context`` (e.g. after a renewed SECC certificate)."""
        use_tls_context(self._tls, ssl_context)

    @property
    def active_sessions(self) -> int:
        return sum(s.connections for s in (self._tcp, self._tls) if s is not None)

    def failure_counts(self) -> Counter[str]:
        """Refused and failed connections of the V2G servers, by kind (see CoreServer.failures)."""
        counts: Counter[str] = Counter()
        for server in (self._tcp, self._tls):
            if server is not None:
                counts.update(server.failures.by_kind)
        return counts

    def recent_failures(self) -> list[Failure]:
        """The latest refused and failed connections of the V2G servers, oldest first."""
        records = [f for s in (self._tcp, self._tls) if s is not None for f in s.failures.recent]
        return sorted(records, key=lambda f: f.at)

    def _server(self, *, tls: bool) -> CoreServer:
        server = self.config.server
        # nothing at all from an EVCC within the communication setup timeout ends it as well
        setup = self.config.secc.timeouts.communication_setup
        if setup < server.hello_timeout:
            server = dataclasses.replace(server, hello_timeout=setup)
        return CoreServer(
            self._new_tls_session if tls else self._new_session,
            server,
            trace=self.trace,
            turnaround=self.turnaround.append,
            on_close=self._session_ended,
            measured=self.measured,
            on_open=self._connection_opening,
        )

    def _connection_opening(self, connection: CoreConnection) -> None:
        self._opening = connection  # the factory, called next, labels its session with the peer

    def _new_tls_session(self, now: float) -> SeccSession | ObservedSession:
        return self._new_session(now, tls=True)

    def _new_session(self, now: float, *, tls: bool = False) -> SeccSession | ObservedSession:
        opening, self._opening = self._opening, None
        session = SeccSession(
            self.config.secc,
            self.controller_factory(),
            now,
            wall=time.time(),
            services=self.services,
            store=self.session_store,
            security=opening.security if opening is not None else None,
            tls=tls,
        )
        self._live.add(session)
        if self.session_trace is None:
            return session
        self._opened_count += 1
        info = SessionInfo(self._opened_count, opening.peer if opening else None, time.time(), session,
                           opening.tls_info if opening else None)
        return ObservedSession(info, self.session_trace)

    def _session_ended(self, connection: CoreConnection) -> None:
        core = connection.core
        info = core.info if isinstance(core, ObservedSession) else None
        session = info.session if info is not None else core
        reason = connection.reason
        protocol = session_id = None
        if isinstance(session, SeccSession):  # None only when building the session failed
            self._live.discard(session)
            protocol, session_id = session.protocol, session.session_id
            if session.close_reason:
                reason = f"{reason}: {session.close_reason}"
        summary = SessionSummary(connection.peer, protocol, reason, info, session_id)
        self.finished.append(summary)
        self.sessions_ended += 1
        self._one_ended.set()
        log.info("session with %s ended (%s): %s", connection.peer, protocol, reason)
        if self.on_session_end is not None:
            self.on_session_end(summary)

    def warm_up(self) -> None:
        """Load the EXI grammars of every offered protocol and build their FAILED responses now, not
        when the first car is waiting (then freeze the GC's view of it all)."""
        prepare_failures(self.config.secc)
        warm_up(self.config.secc.protocols, freeze_gc=self.config.freeze_gc)

    async def start(self) -> None:
        self.warm_up()
        config = self.config
        if self._tcp is not None:
            assert config.tcp_port is not None
            await self._listen(self._tcp, config.tcp_port, None)
        if self._tls is not None:
            assert config.tls_port is not None
            await self._listen(self._tls, config.tls_port, config.ssl_context)
        if config.sdp_interface is None:
            return
        if config.slac:
            self._slac = await SlacLink.open_evse(config.sdp_interface, on_event=self._slac_event)
            self._slac_task = asyncio.create_task(self._sdp_after_slac(self._slac))
        else:
            await self._start_sdp(config.sdp_interface)

    async def _listen(self, server: CoreServer, port: int, ssl_context: AnyTlsContext | None) -> None:
        if port:
            await server.start(self.config.host, port, ssl_context=ssl_context)
        else:
            await start_in_dynamic_range(server, self.config.host, ssl_context=ssl_context)

    def _slac_event(self, time: float, event: object) -> None:
        self.slac_events.append((time, event))
        log.info("SLAC %s", event)

    async def _sdp_after_slac(self, link: SlacLink) -> None:
        """SDP starts with the first EV's link; the connector then serves one EV after another (a
        failed attempt or a lost link puts SLAC back to waiting for the next EV)."""
        interface = self.config.sdp_interface
        assert interface is not None
        while True:
            try:
                ready = await link.wait_ready()
            except AssociationError as exc:
                log.warning("SLAC on %s failed: %s", interface, exc)
                if exc.final:
                    return
                continue
            log.info("SLAC on %s: EV %s joined network %s", interface, ready.peer_mac.hex(":"),
                     ready.nid.hex())
            if self._sdp is None:
                await self._start_sdp(interface)
            await link.wait_lost()

    async def _start_sdp(self, interface: str) -> None:
        address = self.config.advertise
        if address is None:
            address = (await netif.wait_for_interface(interface)).address()
        tcp, tls = self.config.sdp_ports or (self.tcp_port, self.tls_port)
        sdp_config = SdpServerConfig(address, tcp_port=tcp, tls_port=tls)
        self._sdp = SdpResponder(
            interface, sdp_config, port=self.config.sdp_port, on_answer=self.sdp_observer
        )
        await self._sdp.start()

    async def serve_forever(self) -> None:
        await self._stopped.wait()

    async def wait_finished(self, count: int) -> list[SessionSummary]:
        """Wait until ``count`` sessions have ended (however they ended); returns the first ``count``
        of those still kept (all of them while ``count`` <= ``keep_finished``)."""
        while self.sessions_ended < count:
            self._one_ended.clear()
            await self._one_ended.wait()
        return list(self.finished)[:count]

    async def shutdown(self, reason: str, grace: float = 1.0) -> None:
        """Stop as a charger going down does: every session powers off now and answers its next
        request with the protocol's stop (:meth:`SeccSession.shutdown`); after at most ``grace`` s
        the server closes (what is still open then is closed as in :meth:`close`)."""
        now = asyncio.get_running_loop().time()
        for session in list(self._live):
            session.shutdown(reason, now)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(grace):
                while self._live:
                    self._one_ended.clear()
                    await self._one_ended.wait()
        await self.close()

    async def close(self) -> None:
        self._stopped.set()
        if self._slac_task is not None:
            await cancel_and_wait(self._slac_task)
        if self._slac is not None:
            await self._slac.close()
        if self._sdp is not None:
            await self._sdp.close()
        for server in (self._tcp, self._tls):
            if server is not None:
                await server.close()

    async def __aenter__(self) -> SeccServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
