"""EXI codec benchmark: both engines in one run, microseconds per message and the ratio.

    python bench/exi.py [--runs K] [--budget MS] [--engine c|python|both] [--tiny-targets]

Messages: DIN and ISO 15118-2 CurrentDemandReq/Res (real-vehicle and real-charger captures from the
public vectors), ISO 15118-20 DC_ChargeLoopReq/Res (cbV2G / libiso15118 unit-test vectors), an
ISO 15118-2 ChargeParameterDiscoveryRes with 24 PMaxScheduleEntries and a SupportedAppProtocolReq.
Each figure is the median over K runs (each run long enough to take about --budget ms; runs of the
two engines alternate) of the time of one decode to typed objects, or one encode from them, through
the public API (``exi.decode`` / ``exi.encode``); the best run is shown too. The last columns are
pure / C, and whether the issue's targets hold (C: <= 5 us each way for CurrentDemand and
DC_ChargeLoop, <= 25 us for the 24-entry ChargeParameterDiscoveryRes, >= 30x the pure engine on
every message); the script exits 3 when one is missed, or when the C engine is missing from a judged
run (runs of fewer than 5 are smoke runs, printed but not judged).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _lib import add_tiny_targets, missed, scale

# this file is named like the package: run as a script, its folder must not shadow ``exi``
_HERE = Path(__file__).resolve().parent
_PATH = sys.path[:]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.modules.pop("exi", None)
import exi  # noqa: E402
from exi import _select  # noqa: E402

if __name__ != "__main__":
    sys.path[:] = _PATH  # imported as ``exi`` by a sibling script: give it its folder back

MESSAGES: list[tuple[str, str, str]] = [
    ("din CurrentDemandReq (Hyundai Ioniq)", "din",
     "809a02000000000ca8919450d100000720406014010285010004061a01e04070c84c0000c083f01c06041c006040a19c3600"),
    ("din CurrentDemandRes (Alpitronic HYC150)", "din",
     "809a02000000000ca8919450e00040800001028660d80018098000060a1e80601030fe8f01020387719000"),
    ("iso2 CurrentDemandReq (VW ID.4)", "iso2",
     "8098020939b7ffdfdfda5690d1002601060000108144400106158364020400004080000840a22000"),
    ("iso2 CurrentDemandRes (tux-evse)", "iso2",
     "809802004080c1014181c210e001a4121040010409003040c10020260e7475782d657673652d30303106e8"),
    ("iso20-dc DC_ChargeLoopReq (cbV2G)", "iso20-dc",
     "8034041ea65fc99ba76c4d8cdbfe1b6062810012006464000a02002400ca"),
    ("iso20-dc DC_ChargeLoopRes (libiso15118, dynamic BPT)", "iso20-dc",
     "8038041ea65fc99ba76c4d8cebfe1b60620063e8740381fc2807c22270830960104003202040f010401200"),
    ("app supportedAppProtocolReq (Tesla)", "app",
     "8000dbab9371d3234b71d1b981899189d191818991d26b9b3a232b30020000040401b75726e3a7465736c613a64696e3a32303138"
     "3a4d736744656600001c0100080"),
]
CPD_NAME = "iso2 ChargeParameterDiscoveryRes, 24 PMaxScheduleEntry"
JUDGED_RUNS = 5
"""Fewer runs (the test suite's smoke run) print the figures without judging them."""

#: target (us, each way) of the C engine per message; None: only the 30x ratio applies
TARGETS = {name: 5.0 for name, _k, _h in MESSAGES if "CurrentDemand" in name or "ChargeLoop" in name}
TARGETS[CPD_NAME] = 25.0
MIN_RATIO = 30.0


def _cpd_res_24() -> bytes:
    entries: list[dict[str, Any]] = [
        {"RelativeTimeInterval": {"start": i * 3600, **({"duration": 3600} if i == 23 else {})},
         "PMax": {"Multiplier": 3, "Unit": "W", "Value": 11 + i}} for i in range(24)]
    header = {"SessionID": "0102030405060708"}
    d = {"V2G_Message": {"Header": header, "Body": {"ChargeParameterDiscoveryRes": {
        "ResponseCode": "OK", "EVSEProcessing": "Finished",
        "SAScheduleList": {"SAScheduleTuple": [{"SAScheduleTupleID": 1, "PMaxSchedule": {
            "PMaxScheduleEntry": entries}}]},
        "DC_EVSEChargeParameter": {
            "DC_EVSEStatus": {"NotificationMaxDelay": 0, "EVSENotification": "None",
                              "EVSEIsolationStatus": "Valid", "EVSEStatusCode": "EVSE_Ready"},
            **{k: {"Multiplier": 0, "Unit": u, "Value": v} for k, u, v in (
                ("EVSEMaximumCurrentLimit", "A", 200), ("EVSEMaximumPowerLimit", "W", 150),
                ("EVSEMaximumVoltageLimit", "V", 920), ("EVSEMinimumCurrentLimit", "A", 0),
                ("EVSEMinimumVoltageLimit", "V", 150), ("EVSEPeakCurrentRipple", "A", 1))}}}}}}
    return exi.encode(exi.from_dict(d, "iso2"))


def _calibrate(fn: Callable[[], object], budget_s: float) -> int:
    """How many calls of ``fn`` take about ``budget_s``."""
    t0 = time.perf_counter()
    fn()
    n = max(1, int(budget_s / max(time.perf_counter() - t0, 1e-7)))
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        n = max(1, int(n * budget_s / max(time.perf_counter() - t0, 1e-7)))
    return n


def _once(fn: Callable[[], object], n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n * 1e6


def measure(engines: list[str], runs: int, budget_s: float) -> list[dict[str, Any]]:
    """Runs of the engines alternate (C, pure, C, pure ...) so that a busy machine slows both alike."""
    cases = [(name, key, bytes.fromhex(h)) for name, key, h in MESSAGES]
    cases.insert(4, (CPD_NAME, "iso2", _cpd_res_24()))
    rows = []
    for name, key, data in cases:
        row: dict[str, Any] = {"message": name, "bytes": len(data)}
        jobs: list[tuple[str, str, Callable[[], object], int]] = []
        for engine in engines:
            _select.use(engine)
            message = exi.decode(data, key)
            assert exi.encode(message) == data
            dec: Callable[[], object] = lambda data=data, key=key: exi.decode(data, key)  # noqa: E731
            enc: Callable[[], object] = lambda message=message: exi.encode(message)  # noqa: E731
            jobs += [(engine, "decode", dec, _calibrate(dec, budget_s)),
                     (engine, "encode", enc, _calibrate(enc, budget_s))]
        times: dict[tuple[str, str], list[float]] = {(e, op): [] for e, op, _f, _n in jobs}
        for _ in range(runs):
            for engine, op, fn, n in jobs:
                _select.use(engine)
                times[(engine, op)].append(_once(fn, n))
        for engine in engines:
            row[engine] = {op: statistics.median(times[(engine, op)]) for op in ("decode", "encode")}
            row[engine].update({f"{op}_best": min(times[(engine, op)]) for op in ("decode", "encode")})
        rows.append(row)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=21, help="runs per figure (the median is shown)")
    ap.add_argument("--budget", type=float, default=20.0, help="milliseconds per run")
    ap.add_argument("--engine", choices=("c", "python", "both"), default="both")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    add_tiny_targets(ap)
    args = ap.parse_args()
    judged = args.runs >= JUDGED_RUNS or args.tiny_targets
    engines = ["c", "python"] if args.engine == "both" else [args.engine]
    if "c" in engines and not _select.C_AVAILABLE:
        print("the C engine is not available (not built, or V2G_EXI_PURE=1): pure engine only")
        engines = ["python"]
    if judged and engines != ["c", "python"]:
        print("(only both engines are judged: C against its targets, pure as the baseline of the ratio)")
        if not _select.C_AVAILABLE:
            return missed("the C engine is not available: its targets cannot be met")
    before = _select.ENGINE
    try:
        rows = measure(engines, args.runs, args.budget / 1000)
    finally:
        _select.use(before)
    s = scale(args)
    both = len(engines) == 2
    all_ok = all([_judge(row, s) for row in rows]) if both else True  # every row judged
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        _table(rows, engines, args.runs, s)
    if both:
        print("all targets met" if all_ok else "some targets missed")
    if not judged:
        print(f"(a smoke run: targets are judged with --runs {JUDGED_RUNS} or more)")
    elif not all_ok:
        return missed("EXI benchmark: a target was missed")


def _judge(row: dict[str, Any], s: float) -> bool:
    """Note in ``row`` the ratios pure / C, the C target (us, times ``s``) and whether they are met."""
    c, p = row["c"], row["python"]
    row["ratio"] = {op: p[op] / c[op] for op in ("decode", "encode")}
    target = TARGETS.get(row["message"])
    row["target_us"] = None if target is None else target * s
    row["ok"] = all(r >= MIN_RATIO / s for r in row["ratio"].values()) and (
        row["target_us"] is None or max(c["decode"], c["encode"]) <= row["target_us"])
    return bool(row["ok"])


def _table(rows: list[dict[str, Any]], engines: list[str], runs: int, s: float) -> None:
    print(f"median of {runs} runs (best in brackets), us per message; ratio = python / c")
    head = f"{'message':54} {'bytes':>5}"
    for engine in engines:
        head += f" {engine + ' decode':>17} {engine + ' encode':>17}"
    if len(engines) == 2:
        head += f" {'ratio dec':>9} {'ratio enc':>9}  targets (ratio >= {MIN_RATIO / s:g}x)"
    print(head)
    for row in rows:
        line = f"{row['message']:54} {row['bytes']:5d}"
        for engine in engines:
            r = row[engine]
            line += f" {r['decode']:8.2f} ({r['decode_best']:6.2f})"
            line += f" {r['encode']:8.2f} ({r['encode_best']:6.2f})"
        if "ok" in row:
            line += f" {row['ratio']['decode']:8.1f}x {row['ratio']['encode']:8.1f}x"
            line += f"  {'ok' if row['ok'] else 'MISSED'}"
            if row["target_us"] is not None:
                line += f" (<= {row['target_us']:g} us)"
        print(line)

if __name__ == "__main__":
    sys.exit(main())
