"""A whole session between two hosts (network namespaces over a veth pair), found with SDP multicast."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from v2g.cli import main

V2G = [sys.executable, "-m", "v2g.cli"]


@pytest.mark.privileged
@pytest.mark.parametrize(("protocol", "tls"), [("din", False), ("iso2", True)])
def test_session_between_namespaces(
    two_hosts: tuple[str, str], protocol: str, tls: bool, tmp_path: Path
) -> None:
    ev, evse = two_hosts
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    tls_args: list[str] = []
    if tls:
        assert main(["pki", "create", str(tmp_path / "pki"), "--profile", "iso2"]) == 0
        tls_args = ["--tls", "--pki", str(tmp_path / "pki")]
    secc = subprocess.Popen(
        ["ip", "netns", "exec", evse, *V2G, "secc", "-i", "veth-evse", "--sessions", "1", "-q", *tls_args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert secc.stdout is not None
        assert secc.stdout.readline().startswith("SECC listening")
        out = subprocess.run(
            [
                "ip",
                "netns",
                "exec",
                ev,
                *V2G,
                "evcc",
                "-i",
                "veth-ev",
                "--protocol",
                protocol,
                "--cycles",
                "3",
                *tls_args,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
        assert out.returncode == 0, out.stdout + out.stderr
        assert "session OK" in out.stdout
        assert f"protocol {'urn:din' if protocol == 'din' else 'urn:iso:15118:2'}" in out.stdout
        assert secc.wait(timeout=15) == 0
    finally:
        secc.kill()
