"""Drive a sans-IO session core over a V2GTP stream: the one loop both the SECC and the EVCC use.

The core is anything with the session interface (:class:`SessionCore`): bytes in with ``receive``,
bytes out with ``data_to_send``, its next deadline from ``get_timer`` and ``handle_timer``, and
``closed`` once it wants the connection gone. The loop sends what the core has, waits for the next
message or the core's deadline, whichever comes first, and hands every trace record to ``trace``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Protocol, TypeVar

from v2g.aio.transport import ConnectionClosed, V2gtpStream
from v2g.errors import FramingError

log = logging.getLogger(__name__)

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class SessionCore(Protocol[T_co]):
    @property
    def closed(self) -> bool: ...

    def receive(self, payload_type: int, payload: bytes, now: float) -> None: ...

    def data_to_send(self) -> list[tuple[int, bytes]]: ...

    def get_timer(self) -> float | None: ...

    def handle_timer(self, now: float) -> None: ...

    def next_trace(self) -> T_co | None: ...

    def connection_lost(self, now: float) -> None: ...


def _flush_trace(core: SessionCore[T], trace: Callable[[T], None] | None) -> None:
    while (record := core.next_trace()) is not None:
        if trace is not None:
            trace(record)


async def drive(
    stream: V2gtpStream,
    core: SessionCore[T],
    trace: Callable[[T], None] | None = None,
    turnaround: Callable[[float], None] | None = None,
) -> str:
    """Run ``core`` on ``stream`` until either side ends it; returns why it ended.

    ``turnaround(seconds)`` is told, for every message received that the core answered at once, the
    time from the message's arrival to its answer's hand-over to the socket (the response time).
    """
    loop = asyncio.get_running_loop()
    arrived: float | None = None
    try:
        while True:
            sent = False
            for payload_type, payload in core.data_to_send():
                await stream.send(payload_type, payload)
                sent = True
            if arrived is not None and sent and turnaround is not None:
                turnaround(time.perf_counter() - arrived)
            arrived = None
            _flush_trace(core, trace)
            if core.closed:
                return "session closed"
            deadline = core.get_timer()
            timeout = None if deadline is None else max(0.0, deadline - loop.time())
            try:
                message = await asyncio.wait_for(stream.receive(), timeout)
            except TimeoutError:
                core.handle_timer(loop.time())
                continue
            arrived = time.perf_counter()
            core.receive(message.payload_type, message.payload, loop.time())
    except ConnectionClosed as exc:
        core.connection_lost(loop.time())
        _flush_trace(core, trace)
        return f"connection closed: {exc}"
    except FramingError as exc:
        core.connection_lost(loop.time())
        _flush_trace(core, trace)
        return f"framing error: {exc}"
    finally:
        await stream.close()
