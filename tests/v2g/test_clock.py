from __future__ import annotations

import pytest

from v2g.clock import Timer, earliest


def test_timer_lifecycle() -> None:
    timer = Timer("t")
    assert not timer.running and timer.deadline is None and not timer.expired(1e9)
    timer.start(10.0, 2.5)
    assert timer.deadline == 12.5
    assert not timer.expired(12.4)
    assert timer.expired(12.5)
    timer.start_once(11.0, 100.0)  # already running: keeps the earlier deadline
    assert timer.deadline == 12.5
    timer.cancel()
    assert not timer.expired(100.0)
    timer.start_once(20.0, 1.0)
    assert timer.deadline == 21.0
    with pytest.raises(ValueError):
        timer.start(0.0, -1.0)


def test_earliest() -> None:
    assert earliest([]) is None
    assert earliest([None, None]) is None
    assert earliest([None, 5.0, 3.0, None, 4.0]) == 3.0
