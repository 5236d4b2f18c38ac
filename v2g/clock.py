"""The time convention of every sans-IO core in this project.

Cores never read a clock. Each entry point that can start, check or expire a timer takes ``now``: a
float number of seconds on a monotonic clock that only the caller knows (``loop.time()`` in the
asyncio adapters, a plain counter in tests). A core reports the next moment it wants to be woken with
``get_timer() -> float | None`` and is woken with ``handle_timer(now)``; the adapter sleeps until
then, or until bytes arrive, whichever is first. This is the aioquic shape.

:class:`Timer` is the small building block the cores share.
"""

from __future__ import annotations

from collections.abc import Iterable


class Timer:
    """A one-shot deadline: started with a duration at ``now``, expired once ``now >= deadline``."""

    __slots__ = ("_deadline", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self._deadline: float | None = None

    @property
    def deadline(self) -> float | None:
        """The absolute time of expiry, or None while not running."""
        return self._deadline

    @property
    def running(self) -> bool:
        return self._deadline is not None

    def start(self, now: float, duration: float) -> None:
        if duration < 0:
            raise ValueError(f"timer {self.name}: negative duration {duration}")
        self._deadline = now + duration

    def start_once(self, now: float, duration: float) -> None:
        """Start the timer unless it is already running (keeps the earlier deadline)."""
        if self._deadline is None:
            self.start(now, duration)

    def cancel(self) -> None:
        self._deadline = None

    def expired(self, now: float) -> bool:
        return self._deadline is not None and now >= self._deadline

    def __repr__(self) -> str:
        return f"Timer({self.name!r}, deadline={self._deadline!r})"


def earliest(deadlines: Iterable[float | None]) -> float | None:
    """The soonest of several optional deadlines (None when none is set)."""
    best: float | None = None
    for deadline in deadlines:
        if deadline is not None and (best is None or deadline < best):
            best = deadline
    return best
