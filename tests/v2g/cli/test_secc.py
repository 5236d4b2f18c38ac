"""`v2g secc`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.v2g.cli._procs import V2G
from v2g.cli import main


def test_a_din_only_charger_without_dc_refuses_to_start(capsys: pytest.CaptureFixture[str]) -> None:
    command = ["secc", "--no-sdp", "--host", "::1", "--port", "0", "--protocol", "din", "--mode", "ac"]
    assert main(command) == 1
    assert "DIN 70121 is DC only" in capsys.readouterr().err


def test_ports_left_to_the_secc_are_in_the_dynamic_range(tmp_path: Path) -> None:
    """An EVCC refuses an SDP answer whose port is outside 49152-65535: the kernel's choice often is."""
    assert main(["pki", "create", str(tmp_path / "pki"), "--profile", "iso2"]) == 0
    for _ in range(4):
        secc = subprocess.Popen(
            [*V2G, "secc", "--no-sdp", "--host", "::1", "--tls", "--pki", str(tmp_path / "pki"), "-q"],
            stdout=subprocess.PIPE, text=True,
        )
        try:
            assert secc.stdout is not None
            line = secc.stdout.readline()
            ports = [int(line.split(f"{key}=")[1].split()[0]) for key in ("tcp", "tls")]
            assert all(49152 <= port <= 65535 for port in ports), line
        finally:
            secc.kill()
            secc.wait()
