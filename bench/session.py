"""Session benchmark: first the SECC's CPU time per charging-loop message sans-IO (a session
pumped in memory, no sockets: target 20 µs), then whole DIN and ISO 15118-2 DC sessions through
real sockets against one SECC process, alone and with many concurrent EVCCs.

    python bench/session.py [--cycles 100] [--concurrent 200] [--workers 2] [--repeat 1]
    python bench/session.py --loop-only [--loop-cycles 3000]     # quick: the sans-IO section only
    python bench/session.py --iso20 [--cycles 100] [--concurrent 200]   # the ISO 15118-20 section only
    python bench/session.py --pnc-only [--pnc-sessions 20]      # the Plug & Charge DC section only

The sans-IO section times SeccSession.receive only (time.process_time, the clocks' own cost taken
off) for every CurrentDemandReq of a real EVCC's session, beside the bare exi.decode + exi.encode
of the same messages measured in the same run; the script exits non-zero when a target is missed
(in a run of at least 3,000 cycles: shorter runs are smoke runs, printed but not judged).

Per scenario it prints the SECC response time (measured inside the SECC from a request's arrival to
its answer's hand-over to the socket: median, p99), the round trip the EVCCs see, the session wall
time, and the SECC process's CPU time per response while serving, total CPU time and peak RSS. The
baseline is a bare V2GTP echo round trip over the same loopback sockets, measured in the same run.

The ISO 15118-20 section (bench/_lib/iso20.py; after the table, or alone with ``--iso20``) runs -20
DC and DC_BPT (charge, then discharge) over TLS 1.3 with mutual authentication, alone and with
``--concurrent`` EVCCs. Every socket row (DIN, -2 and -20) misses its target when a session fails or
the SECC's median (2 ms) or p99 (25 ms) response time is missed, a lone DIN or -2 session also when
it takes over 1 s per 100 cycles; judged with at least 20 concurrent EVCCs (fewer: a smoke run).

Every section exits 3 when one of its targets is missed (a crash exits 1); ``--tiny-targets`` judges
a run, however short, against targets no machine meets (the tests' check of that exit).

The Plug & Charge section (bench/_lib/pnc.py) times the PnC handshake (PaymentDetails to Authorization
Finished) and a metering receipt round trip including its durable write, beside the EIM
Authorization and the plain CurrentDemand round trip of the same run.

The concurrent EVCCs are the load generator; they run in ``--workers`` processes of their own so that
the round trips they report are not their own queueing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import functools
import itertools
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _lib import add_tiny_targets, hostile, iso20, missed, scale
from _lib.echo import echo_baseline
from _lib.hostile_secc import percentile
from _lib.loop import LOOP_JUDGED_CYCLES, LOOP_TARGET_US, loop_table
from _lib.pnc import pnc_table

import exi
from tls.pki import PkiConfig, create_pki
from tls.store import write_pki
from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.aio.transport import ConnectionClosed, ServerConfig, TransportConfig
from v2g.controller import EnergyMode
from v2g.evcc import EvccConfig
from v2g.sdp import Security
from v2g.trace import TraceRecord


async def secc_child(sessions: int, pki: str, name: str) -> None:
    """The SECC process: serve ``sessions`` sessions of protocol ``name`` (over TLS with the PKI folder
    ``pki``), then print the response-time statistics."""
    tls = iso20.server_tls(name, pki)
    config = SeccServerConfig(
        iso20.secc_config(name),
        host="::1",
        tcp_port=None if tls else 0,
        tls_port=0 if tls else None,
        ssl_context=tls,
        # every EVCC of the benchmark comes from ::1, all at once: one address may hold them all
        server=ServerConfig(
            max_connections=sessions + 1,
            max_per_peer=sessions + 1,
            max_silent=sessions + 1,
            max_setup=sessions + 1,
        ),
    )
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with SeccServer(config, iso20.charger(name)) as server:
        print(f"SECC listening port={server.tls_port if tls else server.tcp_port}", flush=True)
        cpu = time.process_time()
        while server.sessions_ended < sessions and not stop.is_set():
            await asyncio.sleep(0.05)
        cpu = time.process_time() - cpu
        times = sorted(server.turnaround)
    print(
        f"response time: median {times[len(times) // 2] * 1e3:.3f} ms, "
        f"p99 {percentile(times, 0.99) * 1e3:.3f} ms, serving cpu {cpu:.3f} s for {len(times)} responses",
        flush=True,
    )


def start_secc(sessions: int, pki: str, name: str) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen(
        [sys.executable, __file__, "--secc-child", str(sessions), "--pki", pki, "--protocol-name", name],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    return proc, int(line.split("port=")[1].split()[0])


def stop_secc(proc: subprocess.Popen[str]) -> tuple[float, float, float, float, float]:
    """Wait for the SECC to exit: its CPU seconds, peak RSS MiB, its own response time (ms, median
    and p99) and its CPU time per response while serving (µs), as it printed them."""
    assert proc.stdout is not None
    deadline = time.monotonic() + 10
    while True:
        pid, _, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.terminate()  # some sessions never reached it (failed EVCCs): it prints what it has
            _, _, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.05)
    out = proc.stdout.read()
    proc.returncode = 0
    line = next(x for x in out.splitlines() if x.startswith("response time:"))
    median = float(line.split("median ")[1].split()[0])
    p99 = float(line.split("p99 ")[1].split()[0])
    serving = float(line.split("serving cpu ")[1].split()[0])
    responses = int(line.split(" for ")[1].split()[0])
    per_response = serving / max(1, responses) * 1e6
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, median, p99, per_response


async def one_session(
    port: int, name: str, cycles: int, interval: float, delay: float = 0.0, pki: str = ""
) -> tuple[float, list[float], bool]:
    """One EVCC plugging in after ``delay`` seconds: (session wall time, round trips, ok)."""
    await asyncio.sleep(delay)
    marks: list[tuple[str, float]] = []  # (direction, time) only: holding whole records would load the GC

    def mark(record: TraceRecord) -> None:
        marks.append((record.direction, record.time))

    config = EvccRunnerConfig(
        EvccConfig(
            protocols=(iso20.protocol_of(name),),
            specs=iso20.evcc_specs(name),
            timeouts=iso20.evcc_timeouts(name),
            energy_mode=EnergyMode.DC_EXTENDED,
            charging_loop_cycles=cycles,
            loop_interval=interval,
            ongoing_interval=0.0,
        ),
        host="::1",
        port=port,
        security=Security.TLS if pki else Security.NONE,
        ssl_context=iso20.client_tls(name, pki),
        # hundreds of TLS handshakes at once on one loopback: the whole communication setup time
        transport=TransportConfig(connect_timeout=20.0),
    )
    t0 = time.perf_counter()
    try:
        result = await run_evcc(config, iso20.car(name, cycles), mark)
    except ConnectionClosed as exc:  # no connection (a TLS handshake that took too long): a failed session
        print(f"session failed: {exc}", file=sys.stderr)
        return time.perf_counter() - t0, [], False
    wall = time.perf_counter() - t0
    if not result.ok:
        print(f"session failed: {result.reason}", file=sys.stderr)
    rtts = [b[1] - a[1] for a, b in itertools.pairwise(marks) if a[0] == "tx" and b[0] == "rx"]
    return wall, rtts, result.ok


async def evcc_batch(
    port: int, name: str, cycles: int, interval: float, delays: list[float], pki: str
) -> list[tuple[float, list[float], bool]]:
    sessions = (one_session(port, name, cycles, interval, delay, pki) for delay in delays)
    return list(await asyncio.gather(*sessions))


async def evcc_worker(spec: str) -> None:
    """A load-generating process: ``port,name,cycles,interval,delay:delay:...,pki`` (name: din, iso2,
    iso20-dc ...); prints its results as JSON."""
    port, name, cycles, interval, delays, pki = spec.split(",")
    plug_ins = [float(d) for d in delays.split(":")]
    results = await evcc_batch(int(port), name, int(cycles), float(interval), plug_ins, pki)
    print(json.dumps([[wall, rtts, ok] for wall, rtts, ok in results]), flush=True)


async def evcc_processes(
    port: int, name: str, cycles: int, interval: float, delays: list[float], workers: int, pki: str
) -> list[tuple[float, list[float], bool]]:
    shares = [delays[w::workers] for w in range(workers)]  # interleaved: each worker plugs in all along
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            __file__,
            "--evcc-worker",
            f"{port},{name},{cycles},{interval},{':'.join(f'{d:.6f}' for d in share)},{pki}",
            stdout=asyncio.subprocess.PIPE,
        )
        for share in shares
        if share
    ]
    results: list[tuple[float, list[float], bool]] = []
    for proc in procs:
        out, _ = await proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(f"EVCC worker failed with exit code {proc.returncode}")
        results.extend((wall, rtts, ok) for wall, rtts, ok in json.loads(out))
    return results


async def scenario(
    name: str,
    cycles: int,
    concurrent: int,
    interval: float,
    workers: int,
    window: float,
    pki: str = "",
) -> dict[str, float]:
    """``concurrent`` EVCCs plugging in evenly over ``window`` seconds (0: all at once); over TLS
    when ``pki`` names a PKI folder."""
    proc, port = start_secc(concurrent, pki, name)
    delays = [i * window / concurrent for i in range(concurrent)]
    t0 = time.perf_counter()
    if workers > 1 and concurrent > 1:
        results = await evcc_processes(port, name, cycles, interval, delays, workers, pki)
    else:
        results = await evcc_batch(port, name, cycles, interval, delays, pki)
    total = time.perf_counter() - t0
    cpu, rss, secc_median, secc_p99, per_response = stop_secc(proc)
    rtts = [r for _, session, _ in results for r in session]
    return {
        "secc_median_ms": secc_median,
        "secc_p99_ms": secc_p99,
        "secc_us_per_response": per_response,
        "ok": sum(ok for _, _, ok in results),
        "median_ms": statistics.median(rtts) * 1e3,
        "p99_ms": percentile(rtts, 0.99) * 1e3,
        "session_s": statistics.median(w for w, _, _ in results),
        "total_s": total,
        "cpu_s": cpu,
        "rss_mib": rss,
    }


async def main() -> int:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--concurrent", type=int, default=200)
    parser.add_argument("--interval", type=float, default=0.05,
                        help="charging-loop pacing of the concurrent EVCCs (s; real cars: 0.05-0.1)")
    parser.add_argument("--workers", type=int, default=1, help="processes the concurrent EVCCs run in")
    parser.add_argument("--window", type=float, default=1.0,
                        help="the concurrent EVCCs plug in evenly over this many seconds (also: all at once)")
    parser.add_argument("--repeat", type=int, default=1, help="unused; accepted for the bench runner")
    parser.add_argument(
        "--loop-cycles", type=int, default=3000, help="CurrentDemand cycles of the sans-IO loop section"
    )
    parser.add_argument(
        "--loop-repeat", type=int, default=3, help="runs of the sans-IO section; the best is shown"
    )
    parser.add_argument(
        "--loop-only", action="store_true", help="quick mode: only the sans-IO loop section (seconds)"
    )
    parser.add_argument("--pnc-only", action="store_true", help="only the Plug & Charge DC section")
    parser.add_argument("--pnc-sessions", type=int, default=20, help="sessions of the Plug & Charge section")
    parser.add_argument(
        "--hostile",
        type=float,
        metavar="SECONDS",
        help="only the hostile-load section (bench/_lib/hostile.py): good sessions without and with a mix "
        "of hostile clients for SECONDS (30 in the acceptance test)",
    )
    parser.add_argument("--iso20", action="store_true", help="only the ISO 15118-20 section (TLS 1.3)")
    add_tiny_targets(parser)
    parser.add_argument("--secc-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--protocol-name", default="iso2", help=argparse.SUPPRESS)
    parser.add_argument("--pki", default="", help=argparse.SUPPRESS)
    parser.add_argument("--evcc-worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.secc_child:
        await secc_child(args.secc_child, args.pki, args.protocol_name)
        return 0
    if args.evcc_worker:
        await evcc_worker(args.evcc_worker)
        return 0
    s, judged = scale(args), True if args.tiny_targets else None
    if args.hostile:
        ok = await hostile.bench(args.hostile, s)
        return 0 if ok else missed("hostile-load section above its targets")
    for schema in ("app", "din", "iso2"):
        exi.grammar(schema)
    if args.iso20:
        misses = await sockets(args, iso2=False)
        return missed("; ".join(misses)) if misses else 0
    if args.pnc_only:
        ok = pnc_table(args.pnc_sessions, scale=s, judged=judged)
        return 0 if ok else missed("Plug & Charge section above its targets")
    loop_ok = loop_table(args.loop_cycles, args.loop_repeat, s)
    if not args.tiny_targets and args.loop_cycles < LOOP_JUDGED_CYCLES:
        print(f"  (a smoke run of fewer than {LOOP_JUDGED_CYCLES} cycles: not judged)")
        loop_ok = True
    pnc_ok = args.loop_only or pnc_table(args.pnc_sessions, scale=s, judged=judged)
    misses = [] if args.loop_only else await sockets(args)
    if not loop_ok:
        misses.insert(0, f"sans-IO charging loop above its {LOOP_TARGET_US * s:g} µs target")
    if not pnc_ok:
        misses.insert(0, "Plug & Charge section above its targets")
    return missed("; ".join(misses)) if misses else 0


async def sockets(args: argparse.Namespace, *, iso2: bool = True) -> list[str]:
    """The table through real sockets (DIN and -2 unless ``iso2`` is False, then the -20 section);
    the rows that missed a target, in a judged run."""
    baseline = await echo_baseline()
    print(
        f"session benchmark: {args.cycles} charging loops per session (alone: back to back; concurrent: "
        f"one request per {args.interval * 1e3:g} ms per EVCC, in {args.workers} EVCC process(es)); "
        f"exi engine {exi.ENGINE}"
    )
    print(f"  baseline: a bare V2GTP echo round trip over loopback takes {baseline * 1e3:.3f} ms")
    print("  rtt = EVCC request sent to response received; SECC = in the SECC, request in to response out")
    print(
        f"  {'scenario':24s} {'ok':>4s} {'rtt med ms':>10s} {'rtt p99':>8s} {'x baseline':>10s} "
        f"{'SECC med ms':>11s} {'SECC p99':>8s} {'session s':>9s} {'SECC µs/msg':>11s} "
        f"{'SECC cpu s':>10s} {'RSS MiB':>8s}"
    )
    s, misses = scale(args), []
    with tempfile.TemporaryDirectory(prefix="v2g-bench-pki-") as folder:
        if iso2:
            now = datetime.datetime.now(datetime.timezone.utc)
            write_pki(create_pki(PkiConfig("iso2", now=now)), Path(folder))
            misses += await _table(args, baseline, folder)
            print(f"  {iso20.targets(s)}")
        pki20 = iso20.make_pki(Path(folder) / "iso20")
        row = functools.partial(_row, baseline=baseline)
        misses += await iso20.section(args, scenario, row, pki20, s)
    if args.tiny_targets or args.concurrent >= iso20.JUDGED_CONCURRENT:
        return misses
    print(f"  (a smoke run of fewer than {iso20.JUDGED_CONCURRENT} concurrent sessions: not judged)")
    return []


async def _table(args: argparse.Namespace, baseline: float, pki: str) -> list[str]:
    """The DIN and -2 rows; those that missed a target."""
    misses = []
    many = args.concurrent, args.interval
    rows = (
        ("DIN", "din", ""),
        ("ISO 15118-2", "iso2", ""),
        ("ISO-2 TLS", "iso2", pki),  # TLS 1.2, ECDHE-ECDSA-AES128-SHA256, the generated V2G PKI
    )
    for label, name, tls in rows:
        runs = ((1, 0.0, 0.0), (*many, args.window), (*many, 0.0))
        for concurrent, interval, window in runs:
            r = await scenario(name, args.cycles, concurrent, interval, args.workers, window, tls)
            text = f"{label} x{concurrent}"
            if concurrent > 1:
                text += f" in {window:g}s" if window else " at once"
            _row(text, r, concurrent, baseline=baseline)
            miss = iso20.row_misses(r, concurrent, scale(args), args.cycles)
            if miss:
                misses.append(text)
                print(f"  MISSED {text}: {'; '.join(miss)}")
    return misses


def _row(label: str, r: dict[str, float], concurrent: int, *, baseline: float) -> None:
    print(
        f"  {label:24s} {int(r['ok']):4d} {r['median_ms']:10.3f} {r['p99_ms']:8.3f} "
        f"{r['median_ms'] / (baseline * 1e3):10.1f} {r['secc_median_ms']:11.3f} "
        f"{r['secc_p99_ms']:8.3f} {r['session_s']:9.3f} {r['secc_us_per_response']:11.0f} "
        f"{r['cpu_s']:10.2f} {r['rss_mib']:8.1f}"
    )


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
