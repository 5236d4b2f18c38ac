"""`v2g secc`."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.v2g.cli._procs import V2G, port_of
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


def test_secc_tells_which_session_starts_and_ends_and_tags_lines_while_several_run(tmp_path: Path) -> None:
    trace = tmp_path / "trace.jsonl"
    before = time.time()
    secc = subprocess.Popen(
        [*V2G, "secc", "--no-sdp", "--host", "::1", "--sessions", "2", "--trace", str(trace), "-v"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        port = port_of(secc)
        with socket.create_connection(("::1", port)) as idle:  # a connection that says next to nothing
            # a whole V2GTP message of an unknown payload type: past the silent stage, skipped, a
            # session that never sets up and stays open (no message timeout) until the car is done,
            # however long the car's process takes to start on a loaded machine
            idle.sendall(bytes([0x01, 0xFE, 0x99, 0x99, 0, 0, 0, 0]))
            idle_peer = f"[::1]:{idle.getsockname()[1]}"
            car = subprocess.run(
                [*V2G, "evcc", "--no-sdp", "--host", "::1", "--port", str(port), "--cycles", "2", "-q"],
                capture_output=True, text=True, timeout=60,
            )
            assert car.returncode == 0, car.stdout + car.stderr
        out, err = secc.communicate(timeout=30)
    finally:
        secc.kill()
    assert secc.returncode == 0, out + err
    lines = out.splitlines()
    (started,) = [x for x in lines if re.match(r"session #\d+ started: ", x)]
    number = int(started.split("#")[1].split()[0])
    session_id = started.split("SessionID ")[1].split(",")[0]
    pattern = rf"session #{number} started: peer \[::1\]:\d+, SessionID [0-9a-f]{{2,16}}, protocol iso2"
    assert re.fullmatch(pattern, started)
    car_peer = started.split("peer ")[1].split(",")[0]
    assert f"session #{number} ended: peer {car_peer}, SessionID {session_id}, protocol iso2: " in out
    (idle_end,) = [x for x in lines if f"ended: peer {idle_peer}, SessionID none, protocol none: " in x]
    assert not idle_end.startswith(f"session #{number} ")
    messages = [x for x in lines if "EV -> EVSE" in x or "EVSE -> EV" in x]
    # tagged while the other connection is open (it may be cut by its message timeout before the end)
    assert messages and messages[0].startswith(f"#{number} ")
    assert all(x.startswith(f"#{number} ") or not x.startswith("#") for x in messages)
    assert "session with" in err and "INFO" in err  # -v: the server's log
    records = [json.loads(x) for x in trace.read_text().splitlines()]
    assert {r["connection"] for r in records} == {number} and {r["peer"] for r in records} == {car_peer}
    assert all(before <= r["wall_time"] <= time.time() for r in records)
    assert records[0]["message"] == "supportedAppProtocolReq"


def test_sigterm_in_a_session_powers_off_answers_with_a_stop_and_exits_143() -> None:
    secc = subprocess.Popen([*V2G, "secc", "--no-sdp", "--host", "::1", "--sessions", "1"],
                            stdout=subprocess.PIPE, text=True)
    car = None
    try:
        assert secc.stdout is not None
        port = port_of(secc)
        car = subprocess.Popen([*V2G, "evcc", "--no-sdp", "--host", "::1", "--port", str(port), "-q"],
                               stdout=subprocess.PIPE, text=True)
        seen: list[str] = []
        for line in secc.stdout:
            seen.append(line)
            if sum("CurrentDemandRes" in x for x in seen) >= 2:
                break
        secc.send_signal(signal.SIGTERM)
        rest = secc.stdout.read().splitlines()
        assert secc.wait(timeout=10) == 143
        (last,) = [x for x in rest if "CurrentDemandRes" in x][-1:]
        assert "A=0 " in last and "notification=StopCharging" in last  # power off, the request answered
        (ended,) = [x for x in rest if x.startswith("session #1 ended: ")]
        assert ended.endswith("shutdown: stopped by SIGTERM")
        assert "SECC stopped by SIGTERM" in rest
        out, _ = car.communicate(timeout=10)
        assert "FAILED: CurrentDemandRes: FAILED" in out  # the car heard the charger stop
    finally:
        secc.kill()
        if car is not None:
            car.kill()
            car.wait()
        secc.wait()


def test_charger_behaviour_options_reach_the_session_config(capsys: pytest.CaptureFixture[str]) -> None:
    """`--strict`, `--no-pause`, `--payment` are SeccConfig's strict, pause and payment_options; the
    defaults are a lenient charger that pauses and offers ExternalPayment."""
    from v2g.cli import build_parser
    from v2g.cli.secc import session_config

    def config(*argv: str, pnc: bool = False) -> object:
        return session_config(build_parser().parse_args(["secc", "--no-sdp", *argv]), pnc)

    default = config()
    assert (default.strict, default.pause, default.payment_options) == (False, True, ("ExternalPayment",))
    assert config(pnc=True).payment_options == ("Contract", "ExternalPayment")
    chosen = config("--strict", "--no-pause", "--payment", "contract", pnc=True)
    assert (chosen.strict, chosen.pause, chosen.payment_options) == (True, False, ("Contract",))
    # Contract payment is Plug & Charge: it needs TLS and a PKI, like --pnc
    assert main(["secc", "--no-sdp", "--payment", "contract"]) == 2
    assert "Plug & Charge needs --tls" in capsys.readouterr().err
