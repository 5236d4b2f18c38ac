"""`v2g secc` / `v2g evcc --protocol iso20 --service S --control C --tls-group G` as processes over
TLS 1.3 with mutual authentication, their start lines, and the usage errors."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.v2g.cli._procs import V2G, port_of, start_secc
from tls.context import (
    client_config_from_dir,
    iso20_client_context,
    iso20_server_context,
    server_config_from_dir,
)
from v2g import iso20_catalog
from v2g.capture import sessions
from v2g.cli import main


@pytest.fixture(scope="module")
def pki20(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli20") / "pki"
    assert main(["pki", "create", str(folder), "--profile", "iso20"]) == 0
    return folder


def test_pki_create_iso20_makes_what_both_sides_need(pki20: Path) -> None:
    iso20_server_context(server_config_from_dir(pki20, "iso20"))
    iso20_client_context(client_config_from_dir(pki20, "iso20"))


@pytest.mark.parametrize(
    ("service", "control", "group", "loop"),
    [("dc", "dynamic", "secp256r1", "DC_ChargeLoopRes"), ("ac", "scheduled", None, "AC_ChargeLoopRes"),
     ("dc_bpt", "dynamic", "x448", "DC_ChargeLoopRes")],
)
def test_iso20_secc_and_evcc_processes_over_tls13_mutual(
    pki20: Path, tmp_path: Path, service: str, control: str, group: str | None, loop: str
) -> None:
    common = ["--tls", "--pki", str(pki20), "--protocol", "iso20", "--service", service]
    common += ["--tls-group", group] if group else []
    secc = start_secc(*common)
    try:
        assert secc.stdout is not None
        port = port_of(secc, "tls")
        out = subprocess.run(
            [*V2G, "evcc", "--no-sdp", "--host", "::1", "--port", str(port), *common, "--control", control,
             "--cycles", "2", "--keylog", str(tmp_path / "keys")],
            capture_output=True, text=True, timeout=60,
        )
        assert out.returncode == 0, out.stdout + out.stderr
        assert secc.wait(timeout=10) == 0
        secc_out = secc.stdout.read()
    finally:
        secc.kill()
    assert "session OK" in out.stdout and loop in out.stdout
    said = group or "secp521r1"
    started = next(line for line in out.stdout.splitlines() if line.startswith("session started"))
    assert f"protocol iso20 {service.split('_')[0].upper()}" in started
    assert f"TLS 1.3, peer authenticated, group {said}" in started  # the negotiated group
    assert f"control mode {control.capitalize()}" in started
    secc_started = next(line for line in secc_out.splitlines() if "started" in line)
    assert f"TLS TLSv1.3 TLS_AES_256_GCM_SHA384 {said} peer=" in secc_started  # the SECC's start line
    assert "CLIENT_TRAFFIC_SECRET_0" in (tmp_path / "keys").read_text()


@pytest.mark.parametrize("side", ["secc", "evcc"])
@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--protocol", "iso20"], "runs over TLS 1.3 with mutual authentication only"),
        (["--protocol", "iso20", "--tls", "--pki", "P", "--service", "wpt"], "unknown ISO 15118-20 service"),
        (["--service", "dc"], "--service and --control go with --protocol iso20"),
    ],
)
def test_iso20_usage_errors(
    side: str, options: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    where = ["--no-sdp", "--host", "::1", "--port", "1"]
    assert main([side, *where, *options]) == 2
    assert message in capsys.readouterr().err


def test_demo_iso20_over_tls13_mutual_prints_power_soc_and_control_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = str(16600 + os.getpid() % 300)
    args = ["demo", "--protocol", "iso20", "--service", "dc", "--control", "dynamic", "--cycles", "2",
            "--out", str(tmp_path), "--sdp-port", port, "--pcap", str(tmp_path / "d.pcapng")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "v2g demo: ISO20 DC, dynamic control, TLS 1.3 mutual, groups secp521r1/x448" in out
    loops = [line for line in out.splitlines() if "DC_ChargeLoopRes" in line]
    assert len(loops) == 2 and all("kW=" in line and "control=Dynamic" in line for line in loops)
    assert [line for line in out.splitlines() if "DC_ChargeLoopReq" in line and "SoC%=" in line]
    assert "dynamic control, SoC" in out.splitlines()[-1]
    assert "CLIENT_TRAFFIC_SECRET_0" in (tmp_path / "keylog.txt").read_text()
    (session,) = sessions(tmp_path / "d.pcapng")  # our own -20 recording dissects, decrypted
    assert session.encrypted and session.schema == "iso20" and not session.errors
    assert [m.name for m in session.requests].count("DC_ChargeLoopReq") == 2


@pytest.mark.parametrize("control", ["scheduled", "dynamic"])
def test_demo_iso20_dc_bpt_charges_then_discharges(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], control: str
) -> None:
    port = str(16300 + os.getpid() % 300)
    args = ["demo", "--protocol", "iso20", "--service", "dc_bpt", "--control", control, "--cycles", "6",
            "--out", str(tmp_path), "--sdp-port", port]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"v2g demo: ISO20 DC_BPT, {control} control, TLS 1.3 mutual" in out
    loops = [line for line in out.splitlines() if "DC_ChargeLoopRes" in line]
    assert len(loops) == 6 and all(f"control={control.capitalize()}" in line for line in loops)
    power = [float(line.split("kW=")[1].split()[0]) for line in loops]
    assert power[0] > 0 and power[-1] < 0, power  # charge, then discharge: power both ways
    socs = [int(line.split("SoC%=")[1].split()[0]) for line in out.splitlines()
            if "DC_ChargeLoopReq" in line and "SoC%=" in line]
    assert len(socs) == 6
    assert f"{control} control, SoC" in out.splitlines()[-1]


@pytest.mark.parametrize(
    ("options", "message"),
    [(["--service", "ac"], "go with --protocol iso20"),
     (["--protocol", "iso20", "--no-tls"], "TLS 1.3 with mutual authentication only"),
     (["--protocol", "iso20", "--service", "wpt"], "unknown ISO 15118-20 service")],
)
def test_demo_iso20_usage_errors(
    options: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", *options]) == 2
    assert message in capsys.readouterr().err


def test_the_secc_line_says_which_control_modes_it_offers_and_what_the_tls_port_serves() -> None:
    from v2g.cli.iso20 import Choice
    from v2g.cli.secc import _iso20_line

    dc = iso20_catalog.service("dc")
    both = Choice(dc, None, iso20_catalog.secc_spec("dc"), None)
    line = _iso20_line(both, "x448", True)
    assert "control=scheduled and dynamic (TLS port: -20 over TLS 1.3 mutual and -2 over TLS 1.2" in line
    asked = Choice(dc, "dynamic", iso20_catalog.secc_spec("dc", "dynamic"), None)
    line = _iso20_line(asked, "secp521r1/x448", False)
    assert "control=dynamic " in line and "-2 too with --pki-iso2" in line


def test_one_secc_tls_port_serves_iso2_over_tls12_and_iso20_over_tls13(pki20: Path, tmp_path: Path) -> None:
    pki2 = tmp_path / "pki2"
    assert main(["pki", "create", str(pki2), "--profile", "iso2"]) == 0
    secc = start_secc("--tls", "--pki", str(pki20), "--pki-iso2", str(pki2), "--protocol", "iso20",
                      "--protocol", "iso2", "--sessions", "2")
    try:
        assert secc.stdout is not None
        port = port_of(secc, "tls")
        where = ["evcc", "--no-sdp", "--host", "::1", "--port", str(port), "--tls", "--cycles", "1"]
        lines = []
        evccs = (["--pki", str(pki2), "--protocol", "iso2"], ["--pki", str(pki20), "--protocol", "iso20"])
        for options in evccs:
            out = subprocess.run([*V2G, *where, *options], capture_output=True, text=True, timeout=60)
            assert out.returncode == 0, out.stdout + out.stderr
            lines.append(next(line for line in out.stdout.splitlines() if line.startswith("session started")))
        assert secc.wait(timeout=10) == 0
        secc_out = secc.stdout.read()
    finally:
        secc.kill()
    assert "protocol iso2," in lines[0] and "TLS 1.2" in lines[0]
    assert "protocol iso20 DC" in lines[1] and "TLS 1.3, peer authenticated" in lines[1]
    started = [line for line in secc_out.splitlines() if "started" in line]
    assert "TLSv1.2" in started[0] and "TLSv1.3" in started[1], started


def test_the_secc_loop_timeout_option_sets_the_iso20_charge_loop_timeout_only() -> None:
    from v2g.cli import build_parser
    from v2g.cli.secc import _timeouts
    from v2g.secc import SeccTimeouts

    parse = build_parser().parse_args
    slow = _timeouts(parse(["secc", "--protocol", "iso20", "--loop-timeout", "2"]))
    assert slow.iso20_charge_loop == 2.0
    assert slow == SeccTimeouts(iso20_charge_loop=2.0)  # nothing else changed
    assert _timeouts(parse(["secc", "--protocol", "iso20"])) == SeccTimeouts()


def test_an_evcc_with_two_vehicle_pkis_presents_the_one_the_secc_trusts(tmp_path: Path) -> None:
    folders = {}
    for oem in ("A", "B"):
        folders[oem] = tmp_path / oem
        create = ["pki", "create", str(folders[oem]), "--profile", "iso20", "--organization", f"OEM {oem}"]
        assert main(create) == 0
    secc = start_secc("--tls", "--pki", str(folders["B"]), "--protocol", "iso20")
    try:
        assert secc.stdout is not None
        port = port_of(secc, "tls")
        out = subprocess.run(
            [*V2G, "evcc", "--no-sdp", "--host", "::1", "--port", str(port), "--tls", "--protocol", "iso20",
             "--pki", str(folders["A"]), "--pki-more", str(folders["B"]), "--cycles", "1"],
            capture_output=True, text=True, timeout=60,
        )
        assert out.returncode == 0, out.stdout + out.stderr
        assert secc.wait(timeout=10) == 0
        secc_out = secc.stdout.read()
    finally:
        secc.kill()
    tls_line = next(line for line in out.stdout.splitlines() if line.startswith("TLS: "))
    assert " own=" in tls_line and "O=OEM B" in tls_line.split(" own=")[1], tls_line
    assert tls_line.endswith("(named by the SECC)"), tls_line
    secc_started = next(line for line in secc_out.splitlines() if "started" in line)
    assert "peer=" in secc_started and "O=OEM B" in secc_started.split("peer=")[1], secc_started


def test_pki_more_goes_with_iso20(capsys: pytest.CaptureFixture[str]) -> None:
    where = ["--no-sdp", "--host", "::1", "--port", "1", "--tls", "--pki", "P"]
    assert main(["evcc", *where, "--pki-more", "Q"]) == 2
    assert "--pki-more (further vehicle certificates) goes with --protocol iso20" in capsys.readouterr().err
