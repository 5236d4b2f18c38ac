"""The server side of the runner: :class:`CoreServer` accepts TCP or TLS connections and runs one
sans-IO core on each (:class:`v2g.aio.runner.CoreConnection`), admitting and timing them by stage
(silent, setup, session; :mod:`v2g.aio.admission`) so that one peer cannot lock the others out.
"""

from __future__ import annotations

import asyncio
import logging
import math
import ssl
import time
from collections.abc import Callable
from typing import Any

from v2g.aio.admission import Admission, FailureLog, Slot, Stage
from v2g.aio.gate import Gate, Handoff, SilentEvictedError
from v2g.aio.runner import CoreConnection, CoreFactory
from v2g.aio.tlsedge import AnyTlsContext, TlsContext, TlsEdge
from v2g.aio.transport import ServerConfig
from v2g.errors import V2GError

log = logging.getLogger(__name__)


def session_started(core: object) -> bool:
    """Whether a core is past SessionSetup: the session cores' ``session_id`` (SeccSession and
    EvccSession) is set once SessionSetup was answered. A core without it never gets past setup."""
    return getattr(core, "session_id", None) is not None


class SetupTimeoutError(V2GError):
    """A connection had no answered SessionSetup within ``ServerConfig.setup_timeout``."""


class CoreServer:
    """Accepts TCP or TLS connections and runs one core on each, isolated from the others.

    ``on_close(connection)`` is called once an established connection is gone (its reason, failure
    and core are final then). Every connection is admitted and then timed by stage (silent, setup,
    session) against the limits of ``config`` (see :mod:`v2g.aio.admission`); refused and failed
    connections are counted in :attr:`failures` (a bounded log). ``started(core)`` says whether a
    core got past SessionSetup (default: :func:`session_started`). ``measured(peer)`` picks the
    connections whose response times go to ``turnaround`` (default: every connection), e.g. a
    charger's own vehicles apart from whatever else connects.
    """

    def __init__(
        self,
        factory: CoreFactory,
        config: ServerConfig | None = None,
        *,
        trace: Callable[[Any], None] | None = None,
        turnaround: Callable[[float], None] | None = None,
        on_close: Callable[[CoreConnection], None] | None = None,
        started: Callable[[Any], bool] = session_started,
        measured: Callable[[tuple[str, int] | None], bool] | None = None,
        on_open: Callable[[CoreConnection], None] | None = None,
    ) -> None:
        self.factory = factory
        self.measured = measured
        self.on_open = on_open
        """Told of each admitted connection right before ``factory`` builds its core (its peer is
        known then): what a server needs to label the session it is about to build."""
        self.config = config or ServerConfig()
        self.trace = trace
        self.turnaround = turnaround
        self.on_close = on_close
        self.started = started
        self._server: asyncio.Server | None = None
        self._ssl: AnyTlsContext | None = None
        self._edges: set[TlsEdge] = set()
        self._closing = False
        self.admission = Admission(self.config)
        self._gates: dict[Gate, Slot] = {}
        self._slots: dict[CoreConnection, Slot] = {}
        self._setup_timers: dict[CoreConnection, asyncio.TimerHandle] = {}
        self._handshakes: set[asyncio.Task[None]] = set()
        self._open: set[CoreConnection] = set()
        self.refused = 0
        self.failures = FailureLog(self.config.failure_log)
        """Recent refused and failed connections as short records, and counts by kind (bounded)."""

    @property
    def connections(self) -> int:
        """Established connections (running a core)."""
        return len(self._open)

    @property
    def port(self) -> int:
        assert self._server is not None and self._server.sockets
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self, host: str, port: int, *, ssl_context: AnyTlsContext | None = None) -> None:
        # TLS starts on a connection's first byte (a TlsEdge, or loop.start_tls for an ssl.SSLContext),
        # not at accept: see v2g.aio.gate
        self._ssl = ssl_context
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self._gate, host, port)

    def use_tls(self, ssl_context: AnyTlsContext) -> None:
        """Connections accepted from now on do TLS with ``ssl_context`` (a renewed certificate);
        those already open keep theirs."""
        self._ssl = ssl_context

    # ------------------------------------------------------------------------------ stages

    def _gate(self) -> Gate:
        timeout = min(self.config.hello_timeout, self.config.transport.idle_timeout or math.inf)
        if self._ssl is not None:
            timeout = min(timeout, self.config.handshake_timeout)
        return Gate(timeout, self._admit, self._ready, self._gone)

    def _admit(self, gate: Gate) -> bool:
        now = asyncio.get_running_loop().time()
        slot = "server closing" if self._closing else self.admission.admit(gate.address, now)
        if isinstance(slot, str) and self._gates and self.admission.admits_after_eviction(gate.address):
            oldest = next(iter(self._gates))  # dicts keep insertion order: the longest silent
            silent_for = now - oldest.accepted_at
            oldest.abort(SilentEvictedError(
                f"dropped for a newer connection: silent for {silent_for:.3f} s, the budget was full"
            ))
            slot = self.admission.admit(gate.address, now)
        if isinstance(slot, str):
            self._refuse(gate.peer, slot)
            return False
        self._gates[gate] = slot
        return True

    def _refuse(self, peer: tuple[str, int] | None, why: str) -> None:
        self.refused += 1
        self.failures.add(peer, why, time.time(), f"refused: {why}")
        log.info("refused a connection from %s: %s", peer, why)

    def _gone(self, gate: Gate, error: BaseException | None) -> None:
        self.admission.release(self._gates.pop(gate))
        if error is not None:
            self.failures.add_error(gate.peer, str(error), time.time(), error)
            log.info("connection %s ended: %r", gate.peer, error)

    def _ready(self, gate: Gate) -> None:
        """The first bytes are there: a TLS handshake or a session starts; the setup budget applies."""
        slot = self._gates.pop(gate)
        transport = gate.transport
        assert transport is not None
        loop = asyncio.get_running_loop()
        now = loop.time()
        self._promote(now)
        why = "server closing" if self._closing else self.admission.advance(slot, Stage.SETUP, now)
        if why is not None:
            self.admission.release(slot)
            self._refuse(gate.peer, why)
            transport.abort()
            return
        measured = self.measured is None or self.measured(gate.peer)
        connection = CoreConnection(
            self.factory,
            self.config.transport,
            trace=self.trace,
            turnaround=self.turnaround if measured else None,
            on_close=self._closed,
            on_open=self._opened,
        )
        self._slots[connection] = slot
        if self._ssl is None:
            transport.set_protocol(connection)
            connection.connection_made(transport)
            transport.resume_reading()  # a no-op if the connection already closed
            return
        budget = self.config.handshake_timeout - (now - gate.accepted_at)
        if isinstance(self._ssl, TlsContext):
            edge = TlsEdge(self._ssl, lambda: connection, timeout=max(budget, 0.1))
            self._edges.add(edge)
            edge.done.add_done_callback(lambda done: self._edge_done(edge, connection, gate.peer))
            transport.set_protocol(edge)
            edge.connection_made(transport)
            transport.resume_reading()
            return
        task = loop.create_task(self._handshake(transport, connection, gate.peer, max(budget, 0.1)))
        self._handshakes.add(task)
        task.add_done_callback(self._handshakes.discard)

    async def _handshake(
        self,
        transport: asyncio.Transport,
        connection: CoreConnection,
        peer: tuple[str, int] | None,
        timeout: float,
    ) -> None:
        assert isinstance(self._ssl, ssl.SSLContext)
        held = Handoff()  # holds what arrives between the handshake's end and this task's next step
        try:
            tls = await asyncio.get_running_loop().start_tls(
                transport, held, self._ssl, server_side=True, ssl_handshake_timeout=timeout
            )
        except (OSError, EOFError) as exc:  # SSLError, a reset, the handshake timeout: start_tls closed it
            self._release(connection)
            self.failures.add_error(peer, "TLS handshake failed", time.time(), exc)
            log.info("TLS handshake with %s failed: %r", peer, exc)
            return
        except asyncio.CancelledError:  # server shutdown; start_tls closed the transport
            self._release(connection)
            raise
        if tls is None or held.lost:  # gone right after its handshake: never a session
            self._release(connection)
            return
        held.hand_over(tls, connection)

    def _edge_done(self, edge: TlsEdge, connection: CoreConnection, peer: tuple[str, int] | None) -> None:
        self._edges.discard(edge)
        exc = edge.done.exception()
        if exc is not None:  # the handshake (or the checks after it) failed: never a session
            self._release(connection)
            self.failures.add_error(peer, "TLS handshake failed", time.time(), exc)
            log.info("TLS handshake with %s failed: %r", peer, exc)

    def _opened(self, connection: CoreConnection) -> bool:
        # admitted already (at accept, and to the setup stage on its first bytes)
        self._open.add(connection)
        if self.on_open is not None:
            self.on_open(connection)
        timeout = self.config.setup_timeout
        if timeout is not None:
            handle = asyncio.get_running_loop().call_later(timeout, self._setup_due, connection)
            self._setup_timers[connection] = handle
        return True

    def _promote(self, now: float) -> None:
        """Connections whose core got past SessionSetup leave the setup budget (checked when it
        matters: at most ``max_setup`` of them, on a new connection's first bytes)."""
        for connection, slot in self._slots.items():
            if slot.stage is Stage.SETUP and connection.core is not None and self.started(connection.core):
                self.admission.advance(slot, Stage.SESSION, now)
                timer = self._setup_timers.pop(connection, None)
                if timer is not None:
                    timer.cancel()

    def _setup_due(self, connection: CoreConnection) -> None:
        self._setup_timers.pop(connection, None)
        slot = self._slots.get(connection)
        if slot is None or slot.stage is not Stage.SETUP:
            return
        if connection.core is not None and self.started(connection.core):
            self.admission.advance(slot, Stage.SESSION, asyncio.get_running_loop().time())
            return
        error = SetupTimeoutError(f"no SessionSetup within {self.config.setup_timeout} s")
        self.failures.add_error(connection.peer, str(error), time.time(), error)
        log.info("connection %s ended: %r", connection.peer, error)
        connection.abort(f"{type(error).__name__}: {error}")

    def _release(self, connection: CoreConnection) -> None:
        slot = self._slots.pop(connection, None)
        if slot is not None:
            self.admission.release(slot)
        timer = self._setup_timers.pop(connection, None)
        if timer is not None:
            timer.cancel()

    def _closed(self, connection: CoreConnection) -> None:
        self._open.discard(connection)
        self._release(connection)
        if connection.failure is not None:
            self.failures.add_error(connection.peer, connection.reason, time.time(), connection.failure)
        if self.on_close is not None:
            self.on_close(connection)

    # ------------------------------------------------------------------------------ shutdown

    async def close(self) -> None:
        """Stop accepting, close every connection cleanly; abort those that outlive the timeout."""
        self._closing = True
        if self._server is not None:
            self._server.close()
        for gate in list(self._gates):
            gate.abort()
        for edge in list(self._edges):
            if edge.raw is not None:
                edge.raw.abort()
        handshakes = list(self._handshakes)
        for task in handshakes:
            task.cancel()
        if handshakes:
            await asyncio.wait(handshakes)
        open_now = list(self._open)
        for connection in open_now:
            connection.close("server shut down")
        pending = [c.ended for c in open_now if not c.ended.done()]
        if pending:
            _, late = await asyncio.wait(pending, timeout=self.config.shutdown_timeout)
            for connection in open_now:
                if not connection.ended.done():
                    connection.abort("server shut down")
            if late:
                await asyncio.wait(late, timeout=1.0)
        if self._server is not None:
            await self._server.wait_closed()

    async def __aenter__(self) -> CoreServer:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
