"""Run a sans-IO SLAC machine on a packet socket: the only place where its clock is read."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from slac import events as ev
from slac._core import Machine
from slac.aio.packet import FrameSocket


async def run_machine(machine: Machine, sock: FrameSocket,
                      clock: Callable[[], float] | None = None) -> AsyncIterator[tuple[float, ev.Event]]:
    """Move frames between ``machine`` and ``sock``, fire its timers, and yield its events with the
    time they happened. Runs until the consumer stops iterating."""
    now = clock or asyncio.get_running_loop().time
    while True:
        for frame in machine.frames_to_send():
            sock.send(frame)
        while (event := machine.next_event()) is not None:
            yield now(), event
        for frame in machine.frames_to_send():
            sock.send(frame)
        timer = machine.get_timer()
        timeout = None if timer is None else max(0.0, timer - now())
        try:
            frame = await asyncio.wait_for(sock.recv(), timeout)
        except TimeoutError:
            pass
        else:
            machine.receive_frame(frame, now())
            while (more := sock.recv_nowait()) is not None:
                machine.receive_frame(more, now())
        timer = machine.get_timer()
        if timer is not None and timer <= now():
            machine.handle_timer(now())


async def associate(machine: Machine, sock: FrameSocket, timeout: float,
                    on_event: Callable[[float, ev.Event], None] | None = None,
                    until: tuple[type[ev.Event], ...] = (ev.LinkReady, ev.MatchingFailed, ev.KeySetFailed),
                    clock: Callable[[], float] | None = None) -> ev.Event | None:
    """Drive ``machine`` until one of ``until`` happens (returned) or ``timeout`` seconds pass (None)."""

    async def consume() -> ev.Event | None:
        async for t, event in run_machine(machine, sock, clock):
            if on_event is not None:
                on_event(t, event)
            if isinstance(event, until):
                return event
        return None

    try:
        return await asyncio.wait_for(consume(), timeout)
    except TimeoutError:
        return None


def loop_clock() -> Callable[[], float]:
    """The running loop's monotonic clock."""
    return asyncio.get_running_loop().time
