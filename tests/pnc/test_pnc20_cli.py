"""The ISO 15118-20 Plug & Charge command line: `v2g demo --protocol iso20 --pnc` (installation,
authorization, charging, MeteringConfirmations stored, the store verified; its files in --out) and
`v2g secc --protocol iso20 --receipts` with `v2g evcc --protocol iso20 --contract --provisioning`
as two processes over TLS 1.3 mutual, on a `v2g pki create --profile iso20` PKI of either family
(secp521r1, ed448)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tls.profiles import Role
from tls.store import load_pki
from v2g.cli import main
from v2g.cli.pnc import KEY_FILE, SCALAR_KEY_FILE

SDP_PORT = 16800 + os.getpid() % 150
V2G = [sys.executable, "-m", "v2g"]
RECEIPTS_EVERY_LOOP = ["--receipt-interval", "1", "--sessions", "2"]


@pytest.mark.parametrize("service", [None, "dc", "ac_bpt"])
def test_demo_iso20_pnc_prints_each_step_and_leaves_its_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], service: str | None
) -> None:
    """Without --service the Plug & Charge demo runs a bidirectional (DC_BPT) session."""
    args = ["demo", "--protocol", "iso20", "--pnc", "--cycles", "6"]
    args += ["--service", service] if service else []
    code = main(
        [
            *args,
            "--out",
            str(tmp_path),
            "-q",
            "--sdp-port",
            str(SDP_PORT),
            "--pcap",
            str(tmp_path / "s.pcapng"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "TLS 1.3 mutual" in out and "Plug & Charge" in out
    assert f"ISO20 {(service or 'dc_bpt').upper()}, scheduled control" in out, out
    steps = [
        "1. certificate installation: contract DEV2G123456789K",
        "2. authorization: DEV2G123456789K authorized with a signed GenChallenge",
        "3. charging: 6 loops; price schedule signature verified; 3 MeteringConfirmations signed",
        f"4. MeteringConfirmation: 3 stored in {tmp_path / 'receipts.db'}, 3 with the car's signature",
        "5. receipt store: verified OK",
    ]
    at = [out.find(s) for s in steps]
    assert -1 not in at and at == sorted(at), out
    for name in ("contract_chain.pem", "contract_key.pem"):
        assert stat.S_IMODE((tmp_path / "contract" / name).stat().st_mode) == 0o600
    for name in ("pki20", "keylog.txt", "trace.jsonl", "receipts.db", "s.pcapng"):
        assert (tmp_path / name).exists(), name
    assert "CLIENT_TRAFFIC_SECRET_0" in (tmp_path / "keylog.txt").read_text()
    trace = (tmp_path / "trace.jsonl").read_text()
    assert "CertificateInstallationReq" in trace and "MeteringConfirmationReq" in trace
    assert main(["receipts", "verify", str(tmp_path / "receipts.db")]) == 0


def test_demo_pnc_refuses_din_and_plain_tcp() -> None:
    assert main(["demo", "--protocol", "din", "--pnc"]) == 2
    assert main(["demo", "--pnc", "--no-tls"]) == 2


def test_pki_create_iso20_holds_what_pnc_needs(tmp_path: Path) -> None:
    assert main(["pki", "create", str(tmp_path / "pki"), "--profile", "iso20"]) == 0
    pki = load_pki(tmp_path / "pki")
    for role in (
        Role.MO_ROOT,
        Role.MO_SUB_CA1,
        Role.MO_SUB_CA2,
        Role.CONTRACT_LEAF,
        Role.OEM_ROOT,
        Role.OEM_SUB_CA1,
        Role.OEM_SUB_CA2,
        Role.OEM_PROV_LEAF,
    ):
        assert role in pki.certs, role
    for role in (Role.CONTRACT_LEAF, Role.OEM_PROV_LEAF, Role.MO_SUB_CA2):
        assert role in pki.keys, role


@pytest.mark.parametrize("algorithm", ["secp521r1", "ed448"])
def test_secc_iso20_receipts_and_evcc_installing_then_using_its_contract(
    tmp_path: Path, algorithm: str
) -> None:
    """The first car process installs (Ed448: X448 key transport, the key stored as its secret
    scalar), the second authorizes with the stored contract; both sessions' MeteringConfirmations
    are signed with it and verified."""
    pki, db, car = tmp_path / "pki", tmp_path / "r.db", tmp_path / "car"
    assert main(["pki", "create", str(pki), "--profile", "iso20", "--algorithm", algorithm]) == 0
    tls = ["--no-sdp", "--host", "::1", "--tls", "--pki", str(pki), "--protocol", "iso20"]
    secc = subprocess.Popen(
        [*V2G, "secc", *tls, "--tls-only", "--tls-port", "0", "--receipts", str(db), *RECEIPTS_EVERY_LOOP],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert secc.stdout is not None
        port = secc.stdout.readline().split("tls=")[1].split()[0]
        car_cmd = [*V2G, "evcc", *tls, "--port", port, "--contract", str(car), "--cycles", "3", "-q"]
        first = subprocess.run(
            [*car_cmd, "--provisioning", str(pki)], capture_output=True, text=True, timeout=60
        )
        assert first.returncode == 0 and f"installed in {car}" in first.stdout, first.stdout + first.stderr
        assert "TLS 1.3, peer authenticated" in first.stdout
        stored = SCALAR_KEY_FILE if algorithm == "ed448" else KEY_FILE
        assert sorted(p.name for p in car.iterdir()) == sorted(["contract_chain.pem", stored])
        again = subprocess.run(car_cmd, capture_output=True, text=True, timeout=60)  # the stored contract
        assert again.returncode == 0 and "installed" not in again.stdout, again.stdout + again.stderr
        for run in (first, again):  # authorized (a refusal also ends "OK"), then charged
            assert "3 charging-loop cycles done" in run.stdout, run.stdout
        secc.wait(30)
    finally:
        if secc.poll() is None:
            secc.kill()
            secc.wait(10)
    assert secc.returncode == 0
    listed = subprocess.run([*V2G, "receipts", "list", str(db)], capture_output=True, text=True, timeout=60)
    assert listed.stdout.count("verified") == 6 and listed.stdout.count("DEV2G123456789K") == 6, listed.stdout
    assert subprocess.run([*V2G, "receipts", "verify", str(db)], timeout=60).returncode == 0
