"""The Plug & Charge section of bench/session.py (ISO 15118-2 DC, sans-IO pair in memory, real
clock): the PnC handshake (PaymentDetailsReq sent to AuthorizationRes Finished received: the EVCC
signs the challenge, the SECC validates the contract chain and verifies the signature) and a
metering receipt round trip (ReceiptRequired received to MeteringReceiptRes received: the EVCC
signs, the SECC verifies, adds the meter's OCMF record and writes it durably, SQLite WAL
synchronous=FULL in a temporary folder on disk). Baselines of the same run: the EIM Authorization
round trip, and the CurrentDemand round trip that carries no receipt."""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from tls.pki import PkiConfig, create_pki
from tls.profiles import Role
from v2g.apphand import ISO2
from v2g.backend import LocalBackend, PlugAndCharge
from v2g.controller import EvseServices, SimulatedDcEvse, SimulatedEv
from v2g.evcc import EvccConfig, EvccSession
from v2g.evcc.pnc import ContractCredentials
from v2g.ocmf import OcmfMeter
from v2g.receipts import ReceiptStore
from v2g.secc import SeccConfig, SeccSession

from .hostile_secc import percentile

HANDSHAKE_TARGET_MS = 50.0
"""PaymentDetails + Authorization of one car, both sides' work (the car allows 5 s + 2 s)."""
RECEIPT_P99_TARGET_MS = 50.0
"""A receipt round trip with the durable write, p99 (it holds up a 250 ms-timeout charging loop)."""
JUDGED_SESSIONS = 20
"""Shorter runs (the test suite's smoke run) print their figures but are not judged."""


def pump(secc: SeccSession, evcc: EvccSession, marks: dict[str, list[float]]) -> None:
    """Move messages both ways on the real clock; note when each message was handed over."""
    clock = time.perf_counter
    evcc.start(clock())
    while not (secc.closed and evcc.closed):
        moved = False
        for pt, data in evcc.data_to_send():
            moved = True
            secc.receive(pt, data, clock())
        for pt, data in secc.data_to_send():
            moved = True
            evcc.receive(pt, data, clock())
        for side, label in ((evcc, "ev"), (secc, "evse")):
            while (rec := side.next_trace()) is not None:
                marks.setdefault(f"{label} {rec.direction} {rec.message}", []).append(rec.time)
        if moved:
            continue
        timers = [t for t in (secc.get_timer(), evcc.get_timer()) if t is not None]
        if not timers or secc.closed or evcc.closed:
            break
        wait = min(timers) - clock()
        if wait > 0:
            time.sleep(wait)
        now = clock()
        secc.handle_timer(now)
        evcc.handle_timer(now)


def _session(
    pnc: PlugAndCharge | None, contract: ContractCredentials | None, cycles: int
) -> dict[str, list[float]]:
    evse = SimulatedDcEvse(cable_check_time=0.0, ramp_rate=1e9)
    now, wall = time.perf_counter(), time.time()
    options = ("Contract",) if pnc else ("ExternalPayment",)
    secc = SeccSession(
        SeccConfig(protocols=(ISO2,), payment_options=options),
        evse,
        now,
        wall=wall,
        services=EvseServices.of(evse, pnc),
        tls=True,
    )
    cfg = EvccConfig(
        protocols=(ISO2,),
        charging_loop_cycles=cycles,
        loop_interval=0.0,
        ongoing_interval=0.0,
        contract=contract,
    )
    evcc = EvccSession(cfg, SimulatedEv(), now, wall=wall, tls=True)
    marks: dict[str, list[float]] = {}
    pump(secc, evcc, marks)
    assert evcc.result is not None and evcc.result.ok, evcc.result
    return marks


def _ms(values: list[float]) -> tuple[float, float]:
    return statistics.median(values) * 1e3, percentile(values, 0.99) * 1e3


def pnc_table(sessions: int = 20, cycles: int = 20, scale: float = 1.0, judged: bool | None = None) -> bool:
    """Print the section (targets times ``scale``); False when a target is missed in a judged run (by
    default one of at least :data:`JUDGED_SESSIONS` sessions)."""
    hs_limit, rc_limit = HANDSHAKE_TARGET_MS * scale, RECEIPT_P99_TARGET_MS * scale
    pki = create_pki(PkiConfig("iso2", now=dt.datetime.now(dt.timezone.utc)))
    contract = ContractCredentials.from_pki(pki)
    handshake, eim, receipt, loop = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="v2g-bench-receipts-") as folder:
        store = ReceiptStore(Path(folder) / "receipts.db")
        pnc = PlugAndCharge(
            LocalBackend(), (pki.certs[Role.MO_ROOT],), store, receipt_interval=2, meter=OcmfMeter()
        )
        for _ in range(sessions):
            m = _session(pnc, contract, cycles)
            handshake.append(m["ev rx AuthorizationRes"][-1] - m["ev tx PaymentDetailsReq"][0])
            asked = m["ev rx CurrentDemandRes"]
            sent = m["ev tx MeteringReceiptReq"]
            done = m["ev rx MeteringReceiptRes"]
            receipt += [d - max(a for a in asked if a <= s) for s, d in zip(sent, done, strict=True)]
            e = _session(None, None, cycles)
            eim.append(e["ev rx AuthorizationRes"][-1] - e["ev tx AuthorizationReq"][0])
            loop += [
                r - t for t, r in zip(e["ev tx CurrentDemandReq"], e["ev rx CurrentDemandRes"], strict=True)
            ]
        stored = sum(1 for _ in store)
        store.close()
    hs, ei, rc, lp = _ms(handshake), _ms(eim), _ms(receipt), _ms(loop)
    print(
        f"Plug & Charge DC (ISO 15118-2, sans-IO pair on the real clock, {sessions} sessions, "
        f"{stored} receipts stored durably):"
    )
    print(f"  {'':34s} {'median ms':>10s} {'p99 ms':>8s}   target")
    hs_target, rc_target = f"median < {hs_limit:g} ms", f"p99 < {rc_limit:g} ms"
    print(f"  {'PnC handshake (PaymentDetails..Auth)':34s} {hs[0]:10.3f} {hs[1]:8.3f}   {hs_target}")
    print(f"  {'  baseline: EIM Authorization':34s} {ei[0]:10.3f} {ei[1]:8.3f}")
    print(f"  {'receipt round trip + durable write':34s} {rc[0]:10.3f} {rc[1]:8.3f}   {rc_target}")
    print(f"  {'  baseline: CurrentDemand round trip':34s} {lp[0]:10.3f} {lp[1]:8.3f}")
    ok = hs[0] < hs_limit and rc[1] < rc_limit
    if not (sessions >= JUDGED_SESSIONS if judged is None else judged):
        print(f"  (a smoke run of fewer than {JUDGED_SESSIONS} sessions: not judged)")
        return True
    if not ok:
        print("  Plug & Charge target MISSED")
    return ok
