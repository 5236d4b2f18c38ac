"""The sans-IO section of bench/session.py: the SECC's CPU time per charging-loop message, a session
pumped in memory against a real EVCC (no sockets), beside the bare EXI codec of the same messages."""

from __future__ import annotations

import dataclasses
import statistics
import time

import exi
from v2g.apphand import DIN, ISO2, Protocol
from v2g.controller import EnergyMode, SimulatedDcEvse, SimulatedEv
from v2g.evcc import EvccConfig, EvccSession
from v2g.secc import SeccConfig, SeccSession, SeccState


def fast_charger() -> SimulatedDcEvse:
    """A simulated charger without simulated physics delays: the benchmark times the protocol."""
    return SimulatedDcEvse(cable_check_time=0.0, ramp_rate=1e9)


# ---------------------------------------------------------------------------------- sans-IO loop

LOOP_TARGET_US = 20.0
"""Acceptance of the session core: SECC CPU time per charging-loop message, sans-IO, C engine."""
LOOP_JUDGED_CYCLES = 3000
"""Shorter runs (the test suite's smoke run of this script) print their figures but are not judged."""


@dataclasses.dataclass(frozen=True)
class LoopFigures:
    """One protocol's charging loop pumped in memory: microseconds per CurrentDemand message."""

    messages: int
    cpu_us: float
    """Mean CPU time (time.process_time) inside SeccSession.receive, the clocks' own cost removed."""
    median_us: float
    """Median wall time (time.perf_counter) of one SeccSession.receive."""
    codec_us: float
    """Baseline: the bare exi.decode of the same requests plus exi.encode of the same responses."""


def _clock_cost(rounds: int = 20_000) -> float:
    """Seconds one perf_counter plus one process_time read costs (taken off each timed call)."""
    pc, cpu = time.perf_counter, time.process_time
    t0 = pc()
    for _ in range(rounds):
        cpu()
        pc()
    return (pc() - t0) / rounds


def loop_figures(protocol: Protocol, cycles: int) -> LoopFigures:
    """A real EvccSession against an SeccSession, pumped in memory (no sockets, time a number the
    pump advances); only SeccSession.receive of each CurrentDemandReq is timed, the EVCC's own time
    is not counted."""
    secc = SeccSession(SeccConfig(protocols=(protocol,)), fast_charger(), 0.0)  # tracing, as served
    evcc = EvccSession(
        EvccConfig(
            protocols=(protocol,),
            energy_mode=EnergyMode.DC_EXTENDED,
            charging_loop_cycles=cycles,
            loop_interval=0.0,
            ongoing_interval=0.0,
            trace=False,
        ),
        SimulatedEv(),
        0.0,
    )
    pc, cpu = time.perf_counter, time.process_time
    walls: list[float] = []
    cpu_total = 0.0
    pairs: list[tuple[bytes, bytes]] = []  # (CurrentDemandReq, CurrentDemandRes) for the baseline
    now = 0.0
    evcc.start(now)
    while not (secc.closed or evcc.closed):
        moved = False
        for pt, data in evcc.data_to_send():
            moved = True
            now += 0.001
            before = secc.state
            c0, t0 = cpu(), pc()
            secc.receive(pt, data, now)
            t1, c1 = pc(), cpu()
            out = secc.data_to_send()
            while secc.next_trace() is not None:  # what a runner does with the trace, not timed
                pass
            if before is SeccState.CHARGING and secc.state is SeccState.CHARGING and out:
                walls.append(t1 - t0)
                cpu_total += c1 - c0
                pairs.append((data, out[0][1]))
            for rpt, rdata in out:
                now += 0.001
                evcc.receive(rpt, rdata, now)
        if not moved:
            timers = [t for t in (secc.get_timer(), evcc.get_timer()) if t is not None]
            if not timers:
                break
            now = max(now, min(timers))
            secc.handle_timer(now)
            evcc.handle_timer(now)
    if not walls:
        raise RuntimeError(f"no charging loop: {secc.close_reason or evcc.result}")
    clocks = _clock_cost()
    schema = "din" if protocol is DIN else "iso2"
    responses = [exi.decode(res, schema) for _, res in pairs]
    c0 = cpu()
    for (req, _), res in zip(pairs, responses, strict=True):
        exi.decode(req, schema)
        exi.encode(res)
    codec = (cpu() - c0) / len(pairs)
    return LoopFigures(
        len(walls), (cpu_total / len(walls) - clocks) * 1e6, statistics.median(walls) * 1e6, codec * 1e6
    )


def loop_table(cycles: int, repeat: int, scale: float = 1.0) -> bool:
    """Print the sans-IO figures beside their target (times ``scale``) and baseline; False when a
    target is missed."""
    target = LOOP_TARGET_US * scale
    print(
        f"sans-IO charging loop: SECC CPU time per CurrentDemand message, {cycles} cycles pumped in "
        f"memory against a real EVCC (its time not counted), best of {repeat} runs; exi engine {exi.ENGINE}"
    )
    print(
        f"  {'protocol':12s} {'messages':>8s} {'cpu µs/msg':>10s} {'median µs':>9s} "
        f"{'codec µs':>8s} {'target µs':>9s}"
    )
    ok = True
    for name, protocol in (("DIN", DIN), ("ISO 15118-2", ISO2)):
        # the best of a few runs: other processes on the machine only ever add time
        f = min((loop_figures(protocol, cycles) for _ in range(repeat)), key=lambda f: f.cpu_us)
        met = f.cpu_us <= target
        ok = ok and met
        print(
            f"  {name:12s} {f.messages:8d} {f.cpu_us:10.1f} {f.median_us:9.1f} {f.codec_us:8.1f} "
            f"{target:9g} {'ok' if met else 'MISSED'}"
        )
    print(
        "  codec = the bare exi.decode + exi.encode of the same requests and responses (baseline)", flush=True
    )
    return ok


