"""Shared set-up of the ISO 15118-20 session tests: both our sides on the -20 DC (or AC) specs, power
stages that record their set points (AC: the charging switched on and off), and a tap on the V2GTP
payload types each side sends."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from _session_harness import Run, pump

from v2g import apphand
from v2g.controller import EnergyMode, SimulatedAcEvse, SimulatedDcEvse, SimulatedEv
from v2g.evcc import EvccConfig, EvccSession
from v2g.evcc import iso20 as evcc20
from v2g.evcc import iso20_ac as evcc20ac
from v2g.secc import SeccConfig, SeccSession
from v2g.secc import iso20 as secc20

ISO20_DC = apphand.Protocol(apphand.NS_ISO20_DC, 1, 0)
ISO20_AC = apphand.Protocol(apphand.NS_ISO20_AC, 1, 0)
WALL = 1_765_000_000.0


@dataclass
class RecordingDcEvse(SimulatedDcEvse):
    precharge: list[tuple[float, float]] = field(default_factory=list)
    demand: list[tuple[float, float]] = field(default_factory=list)

    def set_precharge(self, voltage: float, current: float, now: float) -> None:
        self.precharge.append((voltage, current))
        super().set_precharge(voltage, current, now)

    def set_current_demand(self, voltage: float, current: float, now: float) -> None:
        self.demand.append((voltage, current))
        super().set_current_demand(voltage, current, now)


@dataclass
class RecordingAcEvse(SimulatedAcEvse):
    """An AC power stage that records ``set_ac_charging`` ("on" / "off") and ``stop_power`` ("stop")."""

    events: list[str] = field(default_factory=list)

    def set_ac_charging(self, active: bool, now: float) -> None:
        self.events.append("on" if active else "off")
        super().set_ac_charging(active, now)

    def stop_power(self, now: float) -> None:
        self.events.append("stop")
        super().stop_power(now)


def ac_secc_for(evse: SimulatedAcEvse | None = None, **config: Any) -> SeccSession:
    config.setdefault("energy_modes", (EnergyMode.AC_THREE_PHASE,))
    cfg = SeccConfig(protocols=(ISO20_AC,), specs=(secc20.AC_SPEC,), **config)
    return SeccSession(cfg, evse or RecordingAcEvse(), 0.0, wall=WALL)


def ac_evcc_for(dynamic: bool = False, **config: Any) -> EvccSession:
    config.setdefault("charging_loop_cycles", 4)
    config.setdefault("specs", (evcc20ac.AC_DYNAMIC_SPEC if dynamic else evcc20ac.AC_SPEC,))
    config.setdefault("energy_mode", EnergyMode.AC_THREE_PHASE)
    cfg = EvccConfig(protocols=(ISO20_AC,), **config)
    return EvccSession(cfg, SimulatedEv(), 0.0, wall=WALL)


def tap(session: Any, log: list[tuple[int, bytes]]) -> None:
    """Record every (payload type, payload) ``session`` sends."""
    send = session.data_to_send

    def logged() -> list[tuple[int, bytes]]:
        out: list[tuple[int, bytes]] = send()
        log.extend(out)
        return out

    session.data_to_send = logged


def secc_for(evse: SimulatedDcEvse | None = None, **config: Any) -> SeccSession:
    cfg = SeccConfig(protocols=(ISO20_DC,), specs=(secc20.SPEC,), **config)
    return SeccSession(cfg, evse or RecordingDcEvse(), 0.0, wall=WALL)


def evcc_for(**config: Any) -> EvccSession:
    config.setdefault("charging_loop_cycles", 4)
    config.setdefault("specs", (evcc20.SPEC,))
    cfg = EvccConfig(protocols=(ISO20_DC,), **config)
    return EvccSession(cfg, SimulatedEv(), 0.0, wall=WALL)


def collapse(names: list[str]) -> list[str]:
    """The sequence with repeats folded (Ongoing and loop messages)."""
    return [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n]


def run_session(evse: SimulatedDcEvse | None = None, **evcc: Any) -> tuple[Run, SeccSession, EvccSession]:
    secc, ev = secc_for(evse), evcc_for(**evcc)
    return pump(secc, ev), secc, ev


def with_sid(message: Any, sid: bytes) -> Any:
    return dataclasses.replace(message, Header=dataclasses.replace(message.Header, SessionID=sid))
