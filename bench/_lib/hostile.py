"""The hostile-load scenario: a mix of hostile clients against one SECC while well-behaved sessions
charge (the acceptance of "a charger that one hostile client cannot exhaust").

Used by tests/v2g/aio/test_hostile_load.py and by ``bench/session.py --hostile``. The SECC runs in
a process of its own (:mod:`_lib.hostile_secc`); the hostile clients and the good sessions run here,
in one event loop, at bounded rates. The hostile clients come from 127.0.0.2 and up (an attacker has
other addresses than the car); the good sessions, a DIN session over plain TCP and an ISO 15118-2
session over TLS, from 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import ssl
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tls.context import client_config_from_dir, iso2_client_context
from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.apphand import DIN, ISO2, Protocol
from v2g.controller import EnergyMode, SimulatedEv
from v2g.errors import V2GError
from v2g.evcc import EvccConfig
from v2g.sdp import Security
from v2g.trace import TraceRecord

from . import child_command, child_env
from .hostile_mix import MixConfig, MixStats, hostile_mix
from .hostile_secc import HOST, P99_TARGET_MS, RSS_TARGET_MB, SeccProcess, percentile

# ------------------------------------------------------------------------------ the good sessions


@dataclass
class GoodResult:
    name: str
    ok: bool
    reason: str
    rtts: list[float]
    """Round trips seen by the EVCC (seconds, request sent to response received)."""


async def good_session(
    name: str, protocol: Protocol, port: int, tls: ssl.SSLContext | None, cycles: int, interval: float
) -> GoodResult:
    marks: list[tuple[str, float]] = []

    def mark(record: TraceRecord) -> None:
        marks.append((record.direction, time.perf_counter()))

    evcc = EvccConfig(
        protocols=(protocol,),
        energy_mode=EnergyMode.DC_EXTENDED,
        charging_loop_cycles=cycles,
        loop_interval=interval,
    )
    security = Security.TLS if tls is not None else Security.NONE
    config = EvccRunnerConfig(evcc, host=HOST, port=port, security=security, ssl_context=tls)
    try:
        result = await run_evcc(config, SimulatedEv(), mark)
    except (V2GError, OSError) as exc:  # refused, or could not connect: the session failed
        return GoodResult(name, False, f"{type(exc).__name__}: {exc}", [])
    rtts = [b[1] - a[1] for a, b in itertools.pairwise(marks) if a[0] == "tx" and b[0] == "rx"]
    return GoodResult(name, result.ok, result.reason, rtts)


# ------------------------------------------------------------------------------ the scenario


@dataclass
class Outcome:
    good: list[GoodResult]
    secc: dict[str, Any]
    """The SECC's last summary (see :mod:`_lib.hostile_secc`)."""
    mix: MixStats | None

    @property
    def peak_rss(self) -> int:
        """The SECC's largest RSS sample (bytes), over the whole run."""
        return max(b for _, b in self.secc["rss"])

    def rss_at(self, mark: str) -> int:
        """The SECC's RSS (bytes) when it was told ``mark``: start, good-done, hostile-gone, after."""
        rss: int = self.secc["marks"][mark][2]
        return rss

    def turnaround_ms(self) -> list[float]:
        """The good sessions' response times inside the SECC (ms)."""
        first = self.secc["marks"]["start"][1]
        last = self.secc["marks"]["good-done"][1]
        return list(self.secc["turnaround_ms"][first:last])


async def _settle(secc: SeccProcess, timeout: float = 10.0) -> None:
    """Wait until the SECC holds no connection."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while (await secc.summary())["connections"] and loop.time() < end:
        await asyncio.sleep(0.1)


async def _mix_process(tcp_port: int, tls_port: int, config: MixConfig) -> MixStats:
    proc = await asyncio.create_subprocess_exec(
        *child_command("hostile_mix", "--mix", *(str(x) for x in (tcp_port, tls_port, config.seconds))),
        stdout=asyncio.subprocess.PIPE,
        env=child_env(),
    )
    out, _ = await proc.communicate()
    if proc.returncode:
        raise RuntimeError(f"the hostile mix process failed (exit code {proc.returncode})")
    return MixStats(Counter(json.loads(out)))


async def scenario(
    pki: Path, *, hostile: bool, mix: MixConfig | None = None, start_after: float = 2.0,
    interval: float = 0.1, mix_process: bool = False,
) -> Outcome:
    """One SECC process; (the hostile mix for ``mix.seconds`` and) a DIN session over TCP and an
    ISO 15118-2 session over TLS, plugging in ``start_after`` s into the mix and charging until
    ``start_after`` s before its end. The mix runs in this event loop, or with ``mix_process`` in a
    process of its own (the default MixConfig then), so that the good sessions' round trips are not
    its queueing."""
    mix = mix or MixConfig()
    cycles = max(1, int((mix.seconds - 2 * start_after - 1.0) / interval))
    tls = iso2_client_context(client_config_from_dir(pki, "iso2"))
    secc = await SeccProcess.start(pki)
    attack: asyncio.Future[MixStats] | None = None
    try:
        await secc.mark("start")
        if hostile:
            run = _mix_process if mix_process else hostile_mix
            attack = asyncio.ensure_future(run(secc.tcp_port, secc.tls_port, mix))
        await asyncio.sleep(start_after)
        good = await asyncio.gather(
            good_session("DIN over TCP", DIN, secc.tcp_port, None, cycles, interval),
            good_session("ISO 15118-2 over TLS", ISO2, secc.tls_port, tls, cycles, interval),
        )
        await secc.mark("good-done")
        stats = await attack if attack is not None else None
        await secc.mark("hostile-gone")
        await _settle(secc)
        await secc.mark("after")
    finally:
        if attack is not None and not attack.done():
            attack.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await attack
        summary = await secc.stop()
    return Outcome(list(good), summary, stats)


# ------------------------------------------------------------------------------ the benchmark section


async def bench(seconds: float, scale: float = 1.0) -> bool:
    """Print the good sessions' round-trip p99 and the SECC's peak RSS without and with the hostile
    mix (each beside its target, times ``scale``); returns whether every target was met and every
    session completed (the first row, without the mix, is the baseline).
    The mix runs in a process of its own here, so that the EVCCs' round trips are not its queueing."""
    import datetime
    import tempfile

    from tls.pki import PkiConfig, create_pki
    from tls.store import write_pki

    print(f"hostile load: a DIN session (TCP) and an ISO 15118-2 session (TLS), {seconds:g} s, one SECC "
          "process; without and with the hostile mix (bench/_lib/hostile_mix.py) from 127.0.0.2 and up")
    p99_target, rss_target = P99_TARGET_MS * scale, RSS_TARGET_MB * scale
    print(f"  {'scenario':12s} {'ok':>4s} {'rtt p99 ms':>10s} {'target':>7s} {'SECC p99 ms':>11s} "
          f"{'peak RSS MB':>11s} {'target':>7s} {'RSS after-start MB':>18s} {'SECC cpu s':>10s}")
    met = True
    with tempfile.TemporaryDirectory(prefix="v2g-bench-pki-") as folder:
        now = datetime.datetime.now(datetime.timezone.utc)
        write_pki(create_pki(PkiConfig("iso2", now=now)), Path(folder))
        for label, hostile in (("without mix", False), ("with mix", True)):
            outcome = await scenario(Path(folder), hostile=hostile, mix=MixConfig(seconds=seconds),
                                     mix_process=True)
            rtts = [r * 1e3 for good in outcome.good for r in good.rtts]
            rtt_p99 = percentile(rtts, 0.99) if rtts else float("inf")
            secc = outcome.turnaround_ms()
            secc_p99 = percentile(secc, 0.99) if secc else float("inf")
            peak = outcome.peak_rss / 1e6
            ok = sum(good.ok for good in outcome.good)
            back = (outcome.rss_at("after") - outcome.rss_at("start")) / 1e6
            row_met = ok == len(outcome.good) and rtt_p99 < p99_target and peak < rss_target
            met &= row_met
            print(f"  {label:12s} {ok:2d}/{len(outcome.good)} {rtt_p99:10.3f} {p99_target:7g} "
                  f"{secc_p99:11.3f} {peak:11.1f} {rss_target:7g} {back:18.1f} "
                  f"{outcome.secc['cpu_s']:10.2f}{'' if row_met else '  MISSED'}")
            for good in outcome.good:
                if not good.ok:
                    print(f"    {good.name} failed: {good.reason}")
            if outcome.mix is not None:
                print("    mix: " + ", ".join(f"{k} {v}" for k, v in sorted(outcome.mix.counts.items())))
    print(f"  targets: good sessions' round-trip p99 < {p99_target:g} ms, SECC peak RSS < "
          f"{rss_target:g} MB, both sessions complete: {'met' if met else 'MISSED'}")
    return met
