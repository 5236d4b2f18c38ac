"""Crash test: the SECC process (`v2g secc --receipts DB`) is killed with SIGKILL at random points
during a series of Plug & Charge sessions; every receipt acknowledged to a car (MeteringReceiptRes
OK) is in the store afterwards, and the store verifies."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import os
import random
import re
import signal
import sys
from pathlib import Path

from tls.context import client_config_from_dir, iso2_client_context
from tls.pki import PkiConfig, create_pki
from tls.store import write_pki
from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.apphand import ISO2
from v2g.controller import SimulatedEv
from v2g.evcc import EvccConfig
from v2g.evcc.pnc import ContractCredentials
from v2g.receipts import ReceiptStore, verify
from v2g.sdp import Security
from v2g.trace import TraceRecord

ROUNDS = 6
_DRAINS: set[asyncio.Future[None]] = set()


async def _start_secc(pki: Path, db: Path) -> tuple[asyncio.subprocess.Process, int]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "v2g",
        "secc",
        "--no-sdp",
        "--host",
        "::1",
        "--tls",
        "--pki",
        str(pki),
        "--tls-only",
        "--tls-port",
        "0",
        "--receipts",
        str(db),
        "--receipt-interval",
        "1",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert proc.stdout is not None
    while True:
        line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
        assert line, "the SECC exited before listening"
        if found := re.search(r"tls=(\d+)", line):
            break
    _DRAINS.add(asyncio.ensure_future(_drain(proc)))
    return proc, int(found.group(1))


async def _drain(proc: asyncio.subprocess.Process) -> None:
    assert proc.stdout is not None
    while await proc.stdout.readline():
        pass


async def test_sigkill_loses_no_acknowledged_receipt(tmp_path: Path) -> None:
    pki_dir, db = tmp_path / "pki", tmp_path / "receipts.db"
    pki = create_pki(PkiConfig("iso2", now=datetime.datetime.now(datetime.timezone.utc)))
    write_pki(pki, pki_dir)
    client_tls = iso2_client_context(client_config_from_dir(pki_dir, "iso2"))
    rng = random.Random(1815)
    acknowledged: set[tuple[str, int]] = set()
    sent: dict[str, int] = {}

    def trace(record: TraceRecord) -> None:
        if record.message not in ("MeteringReceiptReq", "MeteringReceiptRes") or record.document is None:
            return
        body = record.document.Body.BodyElement
        if record.direction == "tx" and record.message == "MeteringReceiptReq":
            sent["last"] = body.MeterInfo.MeterReading
            sent["sid"] = int.from_bytes(body.SessionID, "big")
        elif record.direction == "rx" and body.ResponseCode.value == "OK":
            acknowledged.add((format(sent["sid"], "016x"), sent["last"]))

    sessions = 0
    for _ in range(ROUNDS):
        proc, port = await _start_secc(pki_dir, db)
        runner = EvccRunnerConfig(
            EvccConfig(
                protocols=(ISO2,),
                charging_loop_cycles=30,
                loop_interval=0.005,
                contract=ContractCredentials.from_pki(pki),
            ),
            host="::1",
            port=port,
            security=Security.TLS,
            ssl_context=client_tls,
        )
        kill_at = asyncio.get_running_loop().time() + rng.uniform(0.05, 1.5)
        while proc.returncode is None:
            delay = kill_at - asyncio.get_running_loop().time()
            if delay <= 0:
                break
            session = asyncio.ensure_future(run_evcc(runner, SimulatedEv(), trace))
            done, _ = await asyncio.wait({session}, timeout=delay)
            if not done:
                break
            sessions += 1
        proc.send_signal(signal.SIGKILL)  # in the middle of whatever it does
        await proc.wait()
        if not session.done():
            with contextlib.suppress(OSError, TimeoutError):
                await asyncio.wait_for(session, 10)
    with ReceiptStore(db) as store:
        stored = {(r.receipt.session_id, r.receipt.meter_stop) for r in store if r.receipt.verified}
        problems = verify(store)
    assert acknowledged, "no receipt was acknowledged at all"
    assert acknowledged <= stored, sorted(acknowledged - stored)
    assert problems == [], problems
