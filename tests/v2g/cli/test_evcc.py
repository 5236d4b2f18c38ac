"""`v2g evcc`, against `v2g secc` as two processes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from pathlib import Path
from typing import IO

import pytest

from tests.v2g.cli._procs import V2G, port_of, start_secc
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.apphand import ISO2
from v2g.cli import build_parser, main
from v2g.cli.evcc import _evcc_config
from v2g.controller import SimulatedDcEvse
from v2g.evcc import EvccTimeouts
from v2g.secc import SeccConfig


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
def test_an_800_volt_car_charges_at_the_default_charger_not_at_a_500_volt_one(protocol: str) -> None:
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


class _NoRampEvse(SimulatedDcEvse):
    """A peer's simulated charger: EVSEPresentVoltage is 1 V whatever it is asked for."""

    def present_voltage(self, now: float) -> float:
        return 1.0


async def _evcc_against_a_charger_that_does_not_ramp(*extra: str) -> tuple[int, str]:
    config = SeccServerConfig(SeccConfig(protocols=(ISO2,)), host="::1", freeze_gc=False)
    async with SeccServer(config, _NoRampEvse) as server:
        proc = await asyncio.create_subprocess_exec(
            *V2G, "evcc", "--no-sdp", "--host", "::1", "--port", str(server.tcp_port), "--protocol", "iso2",
            "--cycles", "2", "-q", *extra, stdout=asyncio.subprocess.PIPE,
        )
        out, _ = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode is not None
    return proc.returncode, out.decode()


async def test_precharge_tolerance_lets_a_simulator_that_does_not_ramp_pass() -> None:
    code, out = await _evcc_against_a_charger_that_does_not_ramp("--precharge-tolerance", "1000")
    assert code == 0, out
    assert "session OK" in out


async def test_by_default_the_car_waits_for_the_pre_charge_target_as_a_real_one_must() -> None:
    code, out = await _evcc_against_a_charger_that_does_not_ramp()
    assert code == 1, out
    assert "pre-charge did not reach" in out and "last reported 1 V" in out and "--precharge-tolerance" in out


def test_tls_over_sdp_from_a_charger_without_tls_fails_unless_a_fallback_is_allowed(tmp_path: Path) -> None:
    assert main(["pki", "create", str(tmp_path / "pki"), "--profile", "iso2"]) == 0
    sdp_port = str(15900 + os.getpid() % 90)
    secc = start_secc("--sessions", "1")  # plain TCP only
    responder = None
    try:
        port = str(port_of(secc))
        responder = subprocess.Popen(
            [*V2G, "sdp", "serve", "-i", "lo", "--port", port, "--sdp-port", sdp_port, "--duration", "60"],
            stdout=subprocess.PIPE, text=True,
        )
        assert responder.stdout is not None and responder.stdout.readline().startswith("SDP server")
        car = [*V2G, "evcc", "-i", "lo", "--sdp-port", sdp_port, "--tls", "--pki", str(tmp_path / "pki"),
               "--cycles", "2", "-q"]
        refused = subprocess.run(car, capture_output=True, text=True, timeout=60)
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert f"SDP: SECC at [::1]:{port} security=NONE" in refused.stdout
        assert "offers plain TCP only" in refused.stderr and "--tls-fallback" in refused.stderr
        assert "session" not in refused.stdout
        allowed = subprocess.run([*car, "--tls-fallback"], capture_output=True, text=True, timeout=60)
        assert allowed.returncode == 0, allowed.stdout + allowed.stderr
        assert f"SDP: SECC at [::1]:{port} security=NONE" in allowed.stdout
        assert "session OK" in allowed.stdout
    finally:
        secc.kill()
        if responder is not None:
            responder.kill()
            responder.wait()
        secc.wait()


def test_tls_fallback_without_tls_over_sdp_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evcc", "--no-sdp", "--host", "::1", "--port", "5", "--tls-fallback"]) == 2
    assert "--tls-fallback goes with --tls over SDP" in capsys.readouterr().err


def test_a_resume_the_charger_did_not_join_is_not_a_success() -> None:
    secc = start_secc("--protocol", "iso2")
    try:
        out = subprocess.run(
            [*V2G, "evcc", "--no-sdp", "--host", "::1", "--port", str(port_of(secc)), "--protocol", "iso2",
             "--resume", "0102030405060708", "--cycles", "1", "-q"],
            capture_output=True, text=True, timeout=60,
        )
        assert out.returncode == 1, out.stdout + out.stderr
        assert "not done: --resume 0102030405060708: the SECC answered OK_NewSessionEstablished" in out.stdout
    finally:
        secc.kill()
        secc.wait()


@pytest.mark.parametrize("option", [["--pause"], ["--renegotiate-after", "1"]])
def test_din_has_no_pause_or_renegotiation(option: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evcc", "--no-sdp", "--host", "::1", "--port", "5", "--protocol", "din", *option]) == 2
    assert f"{option[0]}: DIN 70121 has no pause or renegotiation" in capsys.readouterr().err
    secc = start_secc("--protocol", "din")  # the car offers both; the charger picks DIN
    try:
        out = subprocess.run(
            [*V2G, "evcc", "--no-sdp", "--host", "::1", "--port", str(port_of(secc)), "--cycles", "2", "-q",
             *option],
            capture_output=True, text=True, timeout=60,
        )
        assert out.returncode == 1, out.stdout + out.stderr
        assert "session OK" in out.stdout
        assert f"not done: {' '.join(option)}: DIN 70121 was negotiated" in out.stdout
    finally:
        secc.kill()
        secc.wait()


def test_a_renegotiation_after_more_loops_than_run_is_not_done() -> None:
    secc = start_secc("--protocol", "iso2")
    try:
        out = subprocess.run(
            [*V2G, "evcc", "--no-sdp", "--host", "::1", "--port", str(port_of(secc)), "--protocol", "iso2",
             "--cycles", "2", "--renegotiate-after", "5", "-q"],
            capture_output=True, text=True, timeout=60,
        )
        assert out.returncode == 1, out.stdout + out.stderr
        assert "not done: --renegotiate-after 5: the charging loop ended after 2 of the 5 loops" in out.stdout
    finally:
        secc.kill()
        secc.wait()


def _lines_until(stream: IO[str], text: str, count: int) -> list[str]:
    seen: list[str] = []
    for line in stream:
        seen.append(line)
        if sum(text in x for x in seen) >= count:
            return seen
    raise AssertionError("".join(seen))


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_in_the_charging_loop_stops_the_session_as_the_protocol_says(signum: int) -> None:
    secc = start_secc()
    car = None
    try:
        car = subprocess.Popen([*V2G, "evcc", "--no-sdp", "--host", "::1", "--port", str(port_of(secc))],
                               stdout=subprocess.PIPE, text=True)
        assert car.stdout is not None
        _lines_until(car.stdout, "CurrentDemandRes", 2)
        car.send_signal(signum)
        rest = car.stdout.read().splitlines()
        assert car.wait(timeout=10) == 128 + signum
        stop = [x.split()[5] for x in rest if " iso2 " in x]
        assert stop[-3:] == ["WeldingDetectionRes", "SessionStopReq", "SessionStopRes"]
        assert "PowerDeliveryReq" in stop
        assert rest[-1].startswith(f"session OK: stopped by {signal.Signals(signum).name} ")
        assert secc.wait(timeout=10) == 0
    finally:
        secc.kill()
        if car is not None:
            car.kill()
            car.wait()
        secc.wait()


def test_loop_timeout_option_sets_the_charging_loop_timeouts_only() -> None:
    parse = build_parser().parse_args
    slow = _evcc_config(parse(["evcc", "--protocol", "iso2", "--loop-timeout", "1.5"]), None).timeouts
    assert slow.message("din", "CurrentDemandReq") == slow.message("iso2", "CurrentDemandReq") == 1.5
    assert slow.message("iso2", "SessionSetupReq") == EvccTimeouts().message("iso2", "SessionSetupReq")
    assert _evcc_config(parse(["evcc", "--protocol", "iso2"]), None).timeouts == EvccTimeouts()
