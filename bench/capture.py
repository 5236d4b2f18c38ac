"""Capture dissection benchmark: every shared capture (../shared/captures) dissected, with the C and
the pure EXI engines, and the speed-up of a process pool.

    python bench/capture.py [--runs 3] [--jobs 2] [--no-pure] [--json] [--tiny-targets]

Figures (each engine in a child process of its own, ``V2G_EXI_PURE=1`` for the pure one; CPU time of
that process, so "per core"): MB/s of capture file and V2G messages/s for the whole pipeline (read,
decode frames, reassemble TCP, decrypt TLS, frame V2GTP, decode EXI), best of ``--runs`` passes
after a warm-up pass. Baselines from the same run: the reader alone (MB/s: only pcap/pcapng records,
nothing decoded) and the bare ``exi.decode`` of the same messages (messages/s). The pool figure is
the wall-time speed-up of ``--jobs`` workers over one, the C engine, files spread over the workers
(``v2g capture report DIR --jobs N`` does the same).

Target: at least 20,000 V2G messages/s per core with the C engine; the script exits 3 when it is
missed (judged in runs of at least 3 passes over all captures; fewer are smoke runs).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _lib import add_tiny_targets, missed, scale  # imported while bench/ is on the path

# run as a script, this folder comes first on sys.path and bench/exi.py would shadow the ``exi`` package
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from v2g.capture.batch import capture_files, run_pool  # noqa: E402

CAPTURES = _HERE.parent.parent / "shared" / "captures"
TARGET_MSGS_PER_S = 20_000.0
JUDGED_RUNS = 3


def _count(path: str) -> tuple[int, int]:
    """(messages, frames) of one capture (a pool worker)."""
    from v2g.capture import dissect

    d = dissect(Path(path))
    return len(d.messages), d.frames


def child(runs: int, limit: int | None) -> dict[str, Any]:
    """One engine's figures, measured in this process (the engine chosen by the environment)."""
    import exi
    from v2g.capture import dissect
    from v2g.capture.pcap import iter_file

    files = capture_files(CAPTURES)[:limit]
    size = sum(f.stat().st_size for f in files)
    raws: list[tuple[str, bytes]] = []
    for f in files[: len(files) if exi.ENGINE == "c" else 0]:  # warm-up pass (C only: pure is slow)
        dissect(f)
    passes = []
    for _ in range(runs):
        t0 = time.process_time()
        messages = frames = 0
        raws = []
        for f in files:
            d = dissect(f)
            messages += len(d.messages)
            frames += d.frames
            raws += [(m.schema, m.raw) for m in d.messages if m.schema]
        passes.append(time.process_time() - t0)
    t0 = time.process_time()
    for f in files:
        for _item in iter_file(f):
            pass
    read = time.process_time() - t0
    t0 = time.process_time()
    for schema, raw in raws:
        exi.decode(raw, schema)
    decode = time.process_time() - t0
    return {
        "engine": exi.ENGINE,
        "files": len(files),
        "bytes": size,
        "messages": messages,
        "frames": frames,
        "cpu": passes,
        "read_cpu": read,
        "decode_cpu": decode,
        "decoded": len(raws),
    }


def _spawn(pure: bool, runs: int, limit: int | None) -> dict[str, Any]:
    env = dict(os.environ)
    env.pop("V2G_EXI_PURE", None)
    if pure:
        env["V2G_EXI_PURE"] = "1"
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "--runs",
            str(runs),
            *(["--limit", str(limit)] if limit else []),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def _pool(jobs: int, limit: int | None) -> tuple[float, float]:
    files = [(str(f),) for f in capture_files(CAPTURES)[:limit]]
    run_pool(_count, files[:4], 1)  # imports and schema tables loaded before timing
    t0 = time.perf_counter()
    one = run_pool(_count, files, 1)
    t1 = time.perf_counter()
    many = run_pool(_count, files, jobs)
    t2 = time.perf_counter()
    assert one == many
    return t1 - t0, t2 - t1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=JUDGED_RUNS, help="passes per engine (best is shown)")
    ap.add_argument("--jobs", type=int, default=2, help="workers for the pool figure")
    ap.add_argument("--no-pure", action="store_true", help="skip the pure engine (about a minute)")
    ap.add_argument("--limit", type=int, help="only the first N captures (a smoke run, not judged)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    add_tiny_targets(ap)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.runs, args.limit)))
        return
    if not CAPTURES.exists():
        sys.exit(f"{CAPTURES} not found")
    c = _spawn(False, args.runs, args.limit)
    if c["engine"] != "c":
        sys.exit("the C engine is not available (not built, or V2G_EXI_PURE=1)")
    pure = None if args.no_pure else _spawn(True, 1, args.limit)
    single, pooled = _pool(args.jobs, args.limit)
    rows = []
    for r in filter(None, (c, pure)):
        best = min(r["cpu"])
        rows.append(
            {
                "engine": r["engine"],
                "MB/s": r["bytes"] / best / 1e6,
                "msgs/s": r["messages"] / best,
                "frames/s": r["frames"] / best,
                "reader MB/s": r["bytes"] / r["read_cpu"] / 1e6,
                "bare decode msgs/s": r["decoded"] / r["decode_cpu"],
            }
        )
    result = {
        "files": c["files"],
        "bytes": c["bytes"],
        "messages": c["messages"],
        "frames": c["frames"],
        "engines": rows,
        "jobs": args.jobs,
        "wall_1": single,
        "wall_jobs": pooled,
        "speedup": single / pooled,
        "cpus": os.cpu_count(),
    }
    c_rate, target = rows[0]["msgs/s"], TARGET_MSGS_PER_S / scale(args)
    ok = c_rate >= target
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(
            f"{c['files']} captures, {c['bytes'] / 1e6:.1f} MB, {c['frames']} frames, {c['messages']} V2G "
            f"messages; CPU time of one process, best of {args.runs} (pure: 1)"
        )
        print(
            f"{'engine':8} {'MB/s':>8} {'msgs/s':>10} {'frames/s':>10}   baseline: {'reader MB/s':>11} "
            f"{'bare decode msgs/s':>19}"
        )
        for r in rows:
            print(
                f"{r['engine']:8} {r['MB/s']:8.2f} {r['msgs/s']:10.0f} {r['frames/s']:10.0f}   "
                f"{'':9} {r['reader MB/s']:11.1f} {r['bare decode msgs/s']:19.0f}"
            )
        if pure is not None:
            print(f"C / pure: {rows[0]['msgs/s'] / rows[1]['msgs/s']:.1f}x messages/s")
        print(
            f"target: >= {target:,.0f} V2G messages/s per core with the C engine: "
            f"{c_rate:,.0f} -> {'met' if ok else 'MISSED'}"
        )
        print(
            f"--jobs {args.jobs}: {single:.2f} s -> {pooled:.2f} s wall, speed-up {single / pooled:.2f}x "
            f"(ideal {min(args.jobs, os.cpu_count() or 1)}x on {os.cpu_count()} CPUs; less on a busy machine)"
        )
    if (args.runs < JUDGED_RUNS or args.limit) and not args.tiny_targets:
        print(f"(a smoke run: the target is judged with --runs {JUDGED_RUNS} or more over all captures)")
    elif not ok:
        return missed(f"capture benchmark: the C engine under {target:,.0f} V2G messages/s per core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
