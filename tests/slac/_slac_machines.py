"""Helpers shared by the EV and EVSE machine tests over the in-memory PLC line."""

from __future__ import annotations

from slac import events as ev

DROP: tuple[float, ...] = ()


def kinds(events: list[tuple[float, ev.Event]]) -> list[str]:
    return [type(e).__name__ for _, e in events]
