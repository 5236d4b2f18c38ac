"""Test bench: EV and EVSE machines on an in-memory PLC line, in virtual time."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from slac import messages as m
from slac.config import EvConfig, EvseConfig
from slac.emulator import ModemConfig, PlcLine, Role, Simulation
from slac.ev import EvSlac
from slac.evse import EvseSlac

EV_MAC = bytes.fromhex("0a0000000001")


def evse_mac(i: int) -> bytes:
    return bytes.fromhex("0c00000000") + bytes([i])


@dataclass
class Bench:
    line: PlcLine
    sim: Simulation
    ev: EvSlac
    evses: list[EvseSlac]

    def start(self, ev_at: float = 0.1) -> None:
        for c in self.evses:
            c.start(self.sim.now)
        self.sim.run(ev_at)
        self.ev.start(self.sim.now)


def bench(
    attenuations: tuple[float, ...] = (20.0,),
    ev_config: dict[str, Any] | None = None,
    evse_config: dict[str, Any] | None = None,
    ev_modem: dict[str, Any] | None = None,
    evse_modem: dict[str, Any] | None = None,
    seed: int = 1,
) -> Bench:
    rng = random.Random(seed)
    line = PlcLine()
    sim = Simulation(line)
    line.add_modem("ev", ModemConfig(mac=bytes.fromhex("020000000001"), role=Role.PEV, attenuation_db=0,
                                     **(ev_modem or {})))
    ev = EvSlac(EvConfig(mac=EV_MAC, **(ev_config or {})), rng.randbytes)
    sim.attach("ev", ev)
    evses = []
    for i, att in enumerate(attenuations, start=1):
        name = f"evse{i}"
        line.add_modem(name, ModemConfig(mac=bytes.fromhex("0200000000") + bytes([0x10 + i]), role=Role.EVSE,
                                         attenuation_db=att, **(evse_modem or {})))
        c = EvseSlac(EvseConfig(mac=evse_mac(i), **(evse_config or {})), rng.randbytes)
        sim.attach(name, c)
        evses.append(c)
    return Bench(line, sim, ev, evses)


def mmtype_filter(sender: str | None, cls: type[m.Mme], verdicts: list[tuple[float, ...]]) -> Any:
    """A line filter that applies ``verdicts`` one by one to frames of ``cls`` (then passes them)."""

    def f(name: str, frame: bytes) -> tuple[float, ...] | None:
        if sender is not None and name != sender:
            return None
        if frame[12:14] != b"\x88\xe1" or int.from_bytes(frame[15:17], "little") != cls.MMTYPE:
            return None
        return verdicts.pop(0) if verdicts else None

    return f
