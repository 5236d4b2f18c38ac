"""`v2g evcc`, against `v2g secc` as two processes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.v2g.cli._procs import V2G, port_of, start_secc
from v2g.cli import main


def test_an_unreachable_secc_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evcc", "--no-sdp", "--host", "::1", "--port", "1", "-q"]) == 1
    assert capsys.readouterr().err.startswith("v2g: cannot connect to [::1]:1")


def test_secc_and_evcc_processes_over_tcp() -> None:
    secc = start_secc()
    try:
        port = port_of(secc)
        out = subprocess.run(
            [*V2G, "evcc", "--no-sdp", "--host", "::1", "--port", str(port), "--protocol", "din",
             "--cycles", "3"],
            capture_output=True, text=True, timeout=60,
        )
        assert out.returncode == 0, out.stdout + out.stderr
        assert "session OK" in out.stdout
        assert "CurrentDemandRes" in out.stdout
        assert secc.wait(timeout=10) == 0
    finally:
        secc.kill()


def test_secc_and_evcc_processes_over_tls(tmp_path: Path) -> None:
    assert main(["pki", "create", str(tmp_path / "pki"), "--profile", "iso2"]) == 0
    secc = start_secc("--tls", "--tls-only", "--pki", str(tmp_path / "pki"))
    try:
        port = port_of(secc, "tls")
        out = subprocess.run(
            [*V2G, "evcc", "--no-sdp", "--host", "::1", "--port", str(port), "--tls", "--pki",
             str(tmp_path / "pki"), "--protocol", "iso2", "--cycles", "2", "--keylog", str(tmp_path / "k")],
            capture_output=True, text=True, timeout=60,
        )
        assert out.returncode == 0, out.stdout + out.stderr
        assert "session OK" in out.stdout
        assert "CLIENT_RANDOM" in (tmp_path / "k").read_text()
    finally:
        secc.kill()


def test_evcc_usage_errors() -> None:
    assert main(["evcc", "--no-sdp"]) == 2
    assert main(["evcc"]) == 2


def test_pause_then_resume_from_the_command_line() -> None:
    secc = start_secc("--sessions", "2", "--protocol", "iso2")
    try:
        port = str(port_of(secc))
        car = [*V2G, "evcc", "--no-sdp", "--host", "::1", "--port", port, "--protocol", "iso2",
               "--evcc-id", "02:aa:bb:cc:dd:ee", "--cycles", "2"]
        first = subprocess.run([*car, "--pause", "-q"], capture_output=True, text=True, timeout=60)
        assert first.returncode == 0, first.stdout + first.stderr
        (line,) = [x for x in first.stdout.splitlines() if x.startswith("paused: resume with --resume ")]
        session_id = line.rsplit(" ", 1)[1]
        second = subprocess.run([*car, "--resume", session_id, "--renegotiate-after", "1"],
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stdout + second.stderr
        assert "SessionSetupRes                  rc=OK_OldSessionJoined" in second.stdout
        assert "progress=Renegotiate" in second.stdout and "session OK" in second.stdout
        assert secc.wait(timeout=10) == 0
    finally:
        secc.kill()


@pytest.mark.parametrize("protocol", ["iso2", "din"])
def test_an_800_volt_car_charges_at_the_default_charger_and_is_refused_by_a_500_volt_one(protocol: str) -> None:
    car = ["--protocol", protocol, "--max-voltage", "850", "--cycles", "2", "-q"]
    secc = start_secc()
    try:
        out = subprocess.run([*V2G, "evcc", "--no-sdp", "--host", "::1", "--port", str(port_of(secc)), *car],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stdout + out.stderr
        assert "session OK" in out.stdout
    finally:
        secc.kill()
        secc.wait()
    secc = start_secc("--max-voltage", "500")
    try:
        out = subprocess.run([*V2G, "evcc", "--no-sdp", "--host", "::1", "--port", str(port_of(secc)), *car],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 1, out.stdout + out.stderr
        assert "FAILED_WrongChargeParameter" in out.stdout and "500" in out.stdout, out.stdout
    finally:
        secc.kill()
        secc.wait()
