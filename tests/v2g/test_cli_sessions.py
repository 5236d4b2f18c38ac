"""The session commands end to end: `v2g demo`, and `v2g secc` against `v2g evcc` as two processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from v2g.cli import main

V2G = [sys.executable, "-m", "v2g.cli"]
PORT = 15600 + os.getpid() % 300


def test_demo_writes_trace_and_keylog(tmp_path: Path) -> None:
    assert main(["demo", "--cycles", "3", "--out", str(tmp_path), "--sdp-port", str(PORT)]) == 0
    lines = [json.loads(line) for line in (tmp_path / "trace.jsonl").read_text().splitlines()]
    names = [(rec["direction"], rec["message"]) for rec in lines]
    assert names[0] == ("tx", "supportedAppProtocolReq")
    assert names[-1] == ("rx", "SessionStopRes")
    assert names.count(("tx", "CurrentDemandReq")) == 3
    assert all(rec["decoded"] is not None and bytes.fromhex(rec["raw"]) for rec in lines)
    assert "CLIENT_RANDOM" in (tmp_path / "keylog.txt").read_text()


def test_demo_din_plain(tmp_path: Path) -> None:
    code = main(["demo", "--protocol", "din", "--cycles", "2", "--out", str(tmp_path), "-q",
                 "--sdp-port", str(PORT + 1)])
    assert code == 0
    trace = (tmp_path / "trace.jsonl").read_text()
    assert '"protocol": "din"' in trace


def _secc(*extra: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [*V2G, "secc", "--no-sdp", "--host", "::1", "--port", "0", "--sessions", "1", "-q", *extra],
        stdout=subprocess.PIPE, text=True,
    )
    return proc


def _port_of(proc: subprocess.Popen[str], key: str = "tcp") -> int:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("SECC listening"), line
    return int(line.split(f"{key}=")[1].split()[0])


def test_secc_and_evcc_processes_over_tcp() -> None:
    secc = _secc()
    try:
        port = _port_of(secc)
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
    secc = _secc("--tls", "--tls-only", "--pki", str(tmp_path / "pki"))
    try:
        port = _port_of(secc, "tls")
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
    secc = _secc("--sessions", "2", "--protocol", "iso2")
    try:
        port = str(_port_of(secc))
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
