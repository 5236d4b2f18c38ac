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
            # asyncio.timeout, not wait_for: on 3.11 wait_for returns a frame that arrived in the same
            # loop pass as a cancel and drops the cancel, and the link's close() then waits forever
            async with asyncio.timeout(timeout):
                frame = await sock.recv()
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
        async with asyncio.timeout(timeout):
            return await consume()
    except TimeoutError:
        return None


async def cancel_and_wait(task: asyncio.Task[object]) -> None:
    """Cancel ``task`` and wait until it has ended; raise what it failed with, if not the cancel.

    Not ``with suppress(CancelledError): await task``: that also swallows a cancel of the caller
    that arrives meanwhile, and the caller's own timeout then never fires."""
    task.cancel()
    await asyncio.wait((task,))
    if not task.cancelled() and (error := task.exception()) is not None:
        raise error


def loop_clock() -> Callable[[], float]:
    """The running loop's monotonic clock."""
    return asyncio.get_running_loop().time
