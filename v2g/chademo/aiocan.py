"""The CAN edge: a CHAdeMO machine on any python-can bus (``virtual`` in tests, ``socketcan`` on a
box), under asyncio. The only module of :mod:`v2g.chademo` that does I/O or reads a clock.

:class:`CanPort` runs one machine (:class:`~v2g.chademo.charger.ChademoCharger` or
:class:`~v2g.chademo.vehicle.ChademoVehicle`): received frames are decoded and handed to the machine
as they arrive (a python-can ``Notifier`` feeding an ``AsyncBufferedReader``), and every 100 ms on
an absolute schedule (no drift) the machine is polled and its frames sent, the sequence lines moved
between the machine and :class:`Lines`. The send times are kept, so the cycle's jitter is measured
(:meth:`CanPort.cycle_stats`). Receive timeouts are the machines' (1 s on 0x102 / 0x109, §6).
"""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import can

from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.chademo.bridge import CcsSide
from v2g.chademo.charger import ChademoCharger
from v2g.chademo.frames import CYCLE, Frame, FrameError, RawFrame, decode
from v2g.chademo.vehicle import ChademoVehicle
from v2g.errors import V2GError
from v2g.evcc import EvccResult
from v2g.trace import TraceRecord


@dataclass
class Lines:
    """The sequence lines (CHADEMO.md §1.2): d1, d2 driven by the charger, k by the vehicle. In
    tests one object is shared by both sides; on hardware a subclass reads and drives GPIOs."""

    d1: bool = False
    d2: bool = False
    k: bool = False


@dataclass
class CanOnlyLines(Lines):
    """For a bench with no sequence-line hardware (two processes on one CAN bus): each side infers
    the other's lines from its frames. The charger reads k as 102.5.0; the car has d1 until the
    charger unlocks at the end (§5.16) and reads d2 as "connector locked, an insulation voltage seen
    and gone" (CHADEMO.md §5.4-5.8)."""

    insulation_seen: bool = False
    was_locked: bool = False
    released: bool = False

    def infer(self, node: object) -> None:
        if isinstance(node, ChademoCharger):
            self.k = node.ev_status is not None and node.ev_status.charging_enabled
        elif isinstance(node, ChademoVehicle):
            ch = node.charger
            self.d1 = not self.released
            if ch is None or not ch.locked:
                self.released = self.released or self.was_locked  # unlocked at the end: d1 is off
                self.d1 = not self.released
                self.d2 = False
                return
            self.was_locked = True
            self.insulation_seen = self.insulation_seen or ch.present_voltage > 10
            self.d2 = self.d2 or (self.insulation_seen and ch.present_voltage <= 10)


class Node(Protocol):
    def poll(self, now: float) -> list[Frame]: ...

    def receive(self, frame: Frame, now: float) -> None: ...

    @property
    def done(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class CycleStats:
    """Intervals between two sends of one ID: count, mean, min, max and the largest deviation from
    the nominal cycle, in seconds."""

    count: int
    mean: float
    low: float
    high: float
    worst_jitter: float


TraceEntry = tuple[float, str, Frame | RawFrame]
"""(monotonic time, "rx" / "tx", frame)."""


class CanPort:
    """One machine on one bus."""

    def __init__(
        self,
        bus: can.BusABC,
        accept: frozenset[int],
        *,
        cycle: float = CYCLE,
        clock: Callable[[], float] = time.monotonic,
        trace_limit: int = 100_000,
    ) -> None:
        self.bus = bus
        self.accept = accept
        self.cycle = cycle
        self.clock = clock
        self.trace: deque[TraceEntry] = deque(maxlen=trace_limit)
        self.bad_frames: deque[tuple[float, int, str]] = deque(maxlen=1000)
        self.send_errors: deque[tuple[float, int, str]] = deque(maxlen=1000)
        self.on_frame: Callable[[Frame, float], None] | None = None
        """Called after each received frame went to the machine (the bridge uses it)."""
        self._sent: dict[int, deque[float]] = {}

    def sync_lines(self, node: Node, lines: Lines, now: float) -> None:
        if isinstance(node, CcsSide):
            node = node.charger
        if isinstance(lines, CanOnlyLines):
            lines.infer(node)
        if isinstance(node, ChademoCharger):
            node.set_k(lines.k, now)
            lines.d1, lines.d2 = node.d1, node.d2
        elif isinstance(node, ChademoVehicle):
            node.set_lines(lines.d1, lines.d2, now)
            lines.k = node.k

    def cycle_stats(self, arbitration_id: int) -> CycleStats | None:
        times = list(self._sent.get(arbitration_id, ()))
        gaps = [b - a for a, b in itertools.pairwise(times)]
        if not gaps:
            return None
        return CycleStats(
            len(gaps),
            statistics.fmean(gaps),
            min(gaps),
            max(gaps),
            max(abs(g - self.cycle) for g in gaps),
        )

    def _send(self, frame: Frame, now: float) -> None:
        msg = can.Message(arbitration_id=frame.ID, data=frame.encode(), is_extended_id=False, dlc=8)
        try:
            self.bus.send(msg, timeout=self.cycle / 2)
        except can.CanError as exc:  # bus-off, full queue: a lost frame; the peer's timeout answers it
            self.send_errors.append((now, frame.ID, str(exc)))
            return
        self.trace.append((now, "tx", frame))
        self._sent.setdefault(frame.ID, deque(maxlen=10_000)).append(now)

    def _handle(self, node: Node, msg: Any) -> None:
        now = self.clock()
        if msg.is_extended_id or msg.is_error_frame or msg.arbitration_id not in self.accept:
            return
        try:
            frame = decode(msg.arbitration_id, bytes(msg.data))
        except FrameError as exc:  # a bad frame counts as a missing one: the machine's timeout runs
            self.bad_frames.append((now, msg.arbitration_id, str(exc)))
            return
        self.trace.append((now, "rx", frame))
        if isinstance(frame, Frame):
            node.receive(frame, now)
            if self.on_frame is not None:
                self.on_frame(frame, now)

    async def run(self, node: Node, lines: Lines, *, until: Callable[[], bool] | None = None) -> None:
        """Run ``node`` until it is done (or ``until()``), cycling every ``self.cycle`` seconds."""
        loop = asyncio.get_running_loop()
        reader = can.AsyncBufferedReader()
        notifier = can.Notifier(self.bus, [reader], loop=loop)

        async def receiving() -> None:
            async for msg in reader:
                self._handle(node, msg)

        rx = asyncio.create_task(receiving())
        try:
            deadline = self.clock()
            while not node.done and not (until is not None and until()):
                now = self.clock()
                self.sync_lines(node, lines, now)
                for frame in node.poll(now):
                    self._send(frame, now)
                self.sync_lines(node, lines, now)
                deadline += self.cycle
                await asyncio.sleep(max(0.0, deadline - self.clock()))
            self.sync_lines(node, lines, self.clock())
        finally:
            rx.cancel()
            notifier.stop()
            await asyncio.gather(rx, return_exceptions=True)


async def run_bridge(
    bridge: CcsSide,
    port: CanPort,
    lines: Lines,
    evcc: EvccRunnerConfig,
    trace: Callable[[TraceRecord], None] | None = None,
) -> EvccResult | None:
    """The adapter: the CHAdeMO charger machine on ``port`` towards the car, and, once the car has
    given permission, the EVCC towards the station (``evcc``: SDP on the PLC interface, or a fixed
    address). Runs until the car is released and the station session is over."""
    bridge.charger.start(port.clock())
    task: asyncio.Task[EvccResult] | None = None

    async def station() -> EvccResult:
        try:
            return await run_evcc(evcc, bridge, trace, on_session=bridge.attach)
        except (OSError, V2GError) as exc:  # no station: a charger fault towards the car
            return EvccResult(False, f"{type(exc).__name__}: {exc}", None, None, 0, 0, False)

    def watch() -> bool:
        nonlocal task
        if task is None and bridge.wants_evcc:
            task = asyncio.create_task(station())
        if task is not None and task.done() and bridge.result is None:
            bridge.evcc_ended(task.result(), port.clock())
        return False

    try:
        await port.run(bridge, lines, until=watch)
    finally:
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    return bridge.result
