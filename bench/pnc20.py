"""ISO 15118-20 Plug & Charge figures (DC, our SECC and EVCC pumped in memory on the real clock,
the receipt store on disk): for each algorithm family (P-521, Ed448) the PnC authorization round
trip (AuthorizationReq sent to AuthorizationRes received: the car signed PnC_AReqAuthorizationMode
before sending, the SECC validates the chain and verifies) against the EIM one, and the
MeteringConfirmation round trip (request sent to response received: the SECC verifies, adds the
meter's OCMF record and writes durably) against the DC_ChargeLoop one.

    python bench/pnc20.py [--sessions N] [--tiny-targets]   (--repeat N: the same, for the smoke run)

Targets, as for ISO 15118-2 Plug & Charge in bench/session.py: PnC authorization median below
50 ms and MeteringConfirmation p99 below 50 ms, each beside its baseline (EIM authorization,
DC_ChargeLoop); the script exits 3 when one is missed (runs of fewer than 20 sessions are smoke
runs: printed, not judged).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _lib import add_tiny_targets, missed, scale
from _lib.pnc import pump

from tests.pnc._pnc20 import Pnc20Setup
from v2g.ocmf import OcmfMeter
from v2g.receipts import ReceiptStore


def _pairs(marks: dict[str, list[float]], sent: str, received: str) -> list[float]:
    return [(b - a) * 1e3 for a, b in zip(marks.get(sent, []), marks.get(received, []), strict=False)]


def run(family: str, sessions: int, folder: Path) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"pnc": [], "eim": [], "confirm": [], "loop": []}
    for i in range(sessions):
        for contract in (True, False):
            store = ReceiptStore(folder / f"{family}-{i}-{contract}.db")
            setup = Pnc20Setup(family, receipts=store, meter=OcmfMeter(), receipt_interval=3)
            marks: dict[str, list[float]] = {}
            kw = {} if contract else {"contract": None}
            ev = setup.evcc(charging_loop_cycles=10, **kw)
            pump(setup.secc(), ev, marks)
            key = "pnc" if contract else "eim"
            out[key] += _pairs(marks, "ev tx AuthorizationReq", "ev rx AuthorizationRes")[:1]
            if contract:
                confirm = ("ev tx MeteringConfirmationReq", "ev rx MeteringConfirmationRes")
                out["confirm"] += _pairs(marks, *confirm)
            out["loop"] += _pairs(marks, "ev tx DC_ChargeLoopReq", "ev rx DC_ChargeLoopRes")
            store.close()
    return out


AUTH_TARGET_MS = 50.0
CONFIRM_P99_TARGET_MS = 50.0
JUDGED_FROM = 20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", "--repeat", dest="sessions", type=int, default=20)
    add_tiny_targets(parser)
    args = parser.parse_args()
    misses: list[str] = []
    auth_target, confirm_target = AUTH_TARGET_MS * scale(args), CONFIRM_P99_TARGET_MS * scale(args)
    with tempfile.TemporaryDirectory() as tmp:
        for family in ("p521", "ed448"):
            r = run(family, args.sessions, Path(tmp))
            med = {k: statistics.median(v) for k, v in r.items() if v}
            p99 = statistics.quantiles(r["confirm"], n=100)[98] if len(r["confirm"]) > 1 else float("nan")
            print(
                f"{family}: PnC authorization {med['pnc']:.2f} ms median (EIM {med['eim']:.3f} ms); "
                f"MeteringConfirmation {med['confirm']:.2f} ms median, {p99:.2f} ms p99 "
                f"(DC_ChargeLoop {med['loop']:.3f} ms), {args.sessions} sessions; targets: "
                f"authorization median < {auth_target:g} ms, "
                f"confirmation p99 < {confirm_target:g} ms"
            )
            if not med["pnc"] < auth_target:
                misses.append(f"{family} PnC authorization median {med['pnc']:.2f} ms")
            if not p99 < confirm_target:
                misses.append(f"{family} MeteringConfirmation p99 {p99:.2f} ms")
    if args.sessions < JUDGED_FROM and not args.tiny_targets:
        print(f"smoke run ({args.sessions} < {JUDGED_FROM} sessions): not judged")
    elif misses:
        return missed("; ".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
