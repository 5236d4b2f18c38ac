"""What the EVCC and SECC runners need from SLAC: associate on an interface, wait for the link,
then keep the machine running in the background and tell when the link is lost.

    async with await SlacLink.open_ev("eth1") as link:
        ready = await link.wait_ready(timeout=30)      # ev.LinkReady, or AssociationError
        ... SDP and the V2G session over the same interface ...
        lost = await link.wait_lost()                  # returns when the link goes away

The same for a charger connector with ``SlacLink.open_evse``. A connector serves one EV after
another: when a link is lost, or an EV's attempt fails and the machine is waiting again, the next
:meth:`~SlacLink.wait_ready` waits for the next EV (:attr:`AssociationError.final` says whether
there will be one).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from slac import events as ev
from slac.aio.packet import FrameSocket, PacketSocket
from slac.aio.runner import cancel_and_wait, run_machine
from slac.config import EvConfig, EvseConfig
from slac.errors import SlacError
from slac.ev import EvSlac
from slac.evse import EvseSlac, EvseState


class AssociationError(SlacError):
    """SLAC ended without a link (the reason is the machine's)."""

    def __init__(self, reason: str, *, final: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.final = final
        """False when the machine goes on waiting for EVs (a charger connector after one EV failed)."""


_FAILURES = (ev.MatchingFailed, ev.KeySetFailed)


class SlacLink:
    """Runs one machine on one socket in a background task and exposes its milestones."""

    def __init__(self, machine: EvSlac | EvseSlac, sock: FrameSocket, *, owns_socket: bool = False,
                 on_event: Callable[[float, ev.Event], None] | None = None) -> None:
        self.machine = machine
        self.sock = sock
        self._owns = owns_socket
        self._on_event = on_event
        loop = asyncio.get_running_loop()
        self._ready: asyncio.Future[ev.LinkReady] = loop.create_future()  # this round's link
        self._lost: asyncio.Future[ev.LinkLost] | None = None  # the loss of the latest link
        machine.start(loop.time())
        self._task = asyncio.create_task(self._drive())

    @classmethod
    async def open_ev(cls, interface: str, config: Callable[[bytes], EvConfig] | None = None,
                      on_event: Callable[[float, ev.Event], None] | None = None) -> SlacLink:
        """Open ``interface`` and start an EV association; ``config`` builds the EvConfig from the
        interface MAC (default: ISO values)."""
        sock = PacketSocket(interface)
        build = config or (lambda mac: EvConfig(mac=mac))
        return cls(EvSlac(build(sock.mac)), sock, owns_socket=True, on_event=on_event)

    @classmethod
    async def open_evse(cls, interface: str, config: Callable[[bytes], EvseConfig] | None = None,
                        on_event: Callable[[float, ev.Event], None] | None = None) -> SlacLink:
        """Open ``interface`` and start serving one charger connector."""
        sock = PacketSocket(interface)
        build = config or (lambda mac: EvseConfig(mac=mac))
        return cls(EvseSlac(build(sock.mac)), sock, owns_socket=True, on_event=on_event)

    def _serves_again(self) -> bool:
        """After a lost link or a failed EV: will the machine associate another EV?"""
        return isinstance(self.machine, EvseSlac) and self.machine.state is not EvseState.FAILED

    def _next_round(self) -> None:
        if not self._ready.cancelled():
            self._ready.exception()  # whoever cared has it; no "never retrieved" warning
        self._ready = asyncio.get_running_loop().create_future()

    async def _drive(self) -> None:
        async for t, event in run_machine(self.machine, self.sock):
            if self._on_event is not None:
                self._on_event(t, event)
            if isinstance(event, ev.LinkReady) and not self._ready.done():
                self._lost = asyncio.get_running_loop().create_future()
                self._ready.set_result(event)
            elif isinstance(event, ev.LinkLost) and self._lost is not None and not self._lost.done():
                self._lost.set_result(event)
                if self._serves_again():
                    self._next_round()
            elif isinstance(event, _FAILURES) and not self._ready.done():
                again = self._serves_again()
                self._ready.set_exception(AssociationError(event.reason, final=not again))
                if again:
                    self._next_round()

    async def wait_ready(self, timeout: float | None = None) -> ev.LinkReady:
        """D-LINK_READY, or :class:`AssociationError` when matching fails, TimeoutError on timeout.

        On a charger connector: the current EV's link, else the next EV's."""
        async with asyncio.timeout(timeout):
            return await asyncio.shield(self._ready)

    async def wait_lost(self) -> ev.LinkLost:
        """Returns when the latest link (the one :meth:`wait_ready` returned, or else the next) is lost:
        the machine left the network."""
        if self._lost is None:
            await asyncio.shield(self._ready)
        assert self._lost is not None
        return await asyncio.shield(self._lost)

    async def close(self) -> None:
        try:
            await cancel_and_wait(self._task)
        finally:
            for future in (self._ready, self._lost):
                if future is None:
                    continue
                if not future.done():
                    future.cancel()
                elif not future.cancelled():
                    future.exception()  # retrieved: no "never retrieved" warning
            if self._owns and isinstance(self.sock, PacketSocket):
                self.sock.close()

    async def __aenter__(self) -> SlacLink:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
