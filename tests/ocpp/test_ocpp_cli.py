"""`v2g csms` and `v2g secc --ocpp`: a car authorized by its RFID card at the CSMS, the transaction
recorded there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("ocpp")

from v2g.cli import main

V2G = [sys.executable, "-m", "v2g"]


def _first_line_with(proc: subprocess.Popen[str], text: str) -> str:
    assert proc.stdout is not None
    for line in proc.stdout:
        if text in line:
            return line
    raise AssertionError(f"{text!r} never printed")


@pytest.mark.parametrize(("token", "ok"), [("04AABBCC", True), ("04FFFFFF", False)])
def test_secc_with_ocpp_authorizes_at_the_csms(tmp_path: Path, token: str, ok: bool) -> None:
    csms = subprocess.Popen(
        [*V2G, "csms", "--port", "0", "--token", "04AABBCC", "--limit", "11000"],
        stdout=subprocess.PIPE,
        text=True,
    )
    secc = None
    try:
        url = _first_line_with(csms, "CSMS listening on").split()[-1]
        secc = subprocess.Popen(
            [
                *V2G,
                "secc",
                "--no-sdp",
                "--host",
                "::1",
                "--port",
                "0",
                "--sessions",
                "1",
                "--ocpp",
                url,
                "--charge-point-id",
                "CP7",
                "--ocpp-token",
                token,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert "OCPP: connected to " + url + "/CP7" in _first_line_with(secc, "OCPP:")
        port = _first_line_with(secc, "SECC listening").split("tcp=")[1].split()[0]
        car = subprocess.run(
            [*V2G, "evcc", "--no-sdp", "--host", "::1", "--port", port, "--cycles", "3", "-q"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (car.returncode == 0) is ok, car.stdout + car.stderr
        assert secc.wait(30) == 0
    finally:
        for proc in (secc, csms):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGINT)
    out, _ = csms.communicate(timeout=30)
    assert ("Started Ended" in out) is ok, out


def test_ocpp_16_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["secc", "--no-sdp", "--port", "0", "--ocpp", "ws://127.0.0.1:1", "--ocpp-version", "1.6"])
    assert code == 2 and "1.6J is not supported yet" in capsys.readouterr().err


def test_demo_ocpp_runs_plug_and_charge_through_the_csms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["demo", "--ocpp", "--out", str(tmp_path), "-q", "--sdp-port", str(16800 + os.getpid() % 150)]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Get15118EVCertificate (Install): the CSMS issued the contract" in out
    assert "Authorize eMAID DEV2G123456789K, 3 certificate hashes" in out
    assert "TransactionEvents: Started Updated Updated Updated Ended" in out
    assert "3 signed OCMF meter values, 3 verified with the meter's key" in out
    assert "the car's schedule: 7000 W after 1 renegotiation(s)" in out


def test_demo_ocpp_16_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--ocpp", "--ocpp-version", "1.6"]) == 2
