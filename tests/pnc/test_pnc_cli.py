"""The Plug & Charge command line: `v2g demo --pnc` (installation, authorization, charging, signed
receipts stored and verified, all in --out) and `v2g secc --receipts` with `v2g evcc --contract`."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from v2g.cli import main

SDP_PORT = 16500 + os.getpid() % 300
V2G = [sys.executable, "-m", "v2g"]


def test_demo_pnc_installs_authorizes_charges_and_verifies_its_receipts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["demo", "--pnc", "--cycles", "6", "--out", str(tmp_path), "-q", "--sdp-port", str(SDP_PORT)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "1. certificate installation: contract DEV2G123456789K" in out
    assert "2. authorization: DEV2G123456789K authorized" in out
    assert "SalesTariff signature verified" in out
    assert "4. receipts: 3 stored" in out and "verified OK" in out
    for name in ("contract_chain.pem", "contract_key.pem"):
        assert stat.S_IMODE((tmp_path / "contract" / name).stat().st_mode) == 0o600
    for name in ("pki", "keylog.txt", "trace.jsonl", "receipts.db"):
        assert (tmp_path / name).exists()
    assert main(["receipts", "verify", str(tmp_path / "receipts.db")]) == 0


def test_demo_pnc_needs_tls(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--pnc", "--no-tls"]) == 2


def test_secc_with_receipts_and_evcc_with_a_contract_folder(tmp_path: Path) -> None:
    pki, db, car = tmp_path / "pki", tmp_path / "r.db", tmp_path / "car"
    assert main(["pki", "create", str(pki), "--profile", "iso2"]) == 0
    secc = subprocess.Popen(
        [
            *V2G,
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
            "--sessions",
            "2",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert secc.stdout is not None
        line = secc.stdout.readline()
        port = line.split("tls=")[1].split()[0]
        car_cmd = [
            *V2G,
            "evcc",
            "--no-sdp",
            "--host",
            "::1",
            "--port",
            port,
            "--tls",
            "--pki",
            str(pki),
            "--contract",
            str(car),
            "--provisioning",
            str(pki),
            "--cycles",
            "3",
            "-q",
        ]
        first = subprocess.run(car_cmd, capture_output=True, text=True, timeout=60)
        assert first.returncode == 0 and f"installed in {car}" in first.stdout, first.stdout + first.stderr
        again = subprocess.run(car_cmd, capture_output=True, text=True, timeout=60)  # with the stored one
        assert again.returncode == 0 and "installed" not in again.stdout, again.stdout + again.stderr
        secc.wait(30)
    finally:
        if secc.poll() is None:
            secc.kill()
            time.sleep(0.1)
    listed = subprocess.run([*V2G, "receipts", "list", str(db)], capture_output=True, text=True, timeout=60)
    assert listed.stdout.count("verified") == 6
    assert subprocess.run([*V2G, "receipts", "verify", str(db)], timeout=60).returncode == 0
