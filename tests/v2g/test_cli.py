from __future__ import annotations

from pathlib import Path

import pytest

from v2g.cli import main


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "sdp" in out and "pki" in out


def test_pki_create_and_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pki", "create", str(tmp_path / "pki"), "--profile", "iso2"]) == 0
    assert (tmp_path / "pki").is_dir()
    assert main(["pki", "check", str(tmp_path / "pki")]) == 0
    assert "CONTRACT_LEAF: OK" in capsys.readouterr().out
    before = (tmp_path / "pki" / "pki.json").read_bytes()
    assert main(["pki", "create", str(tmp_path / "pki"), "--profile", "iso2"]) == 1  # not over it
    assert "--force" in capsys.readouterr().err
    assert (tmp_path / "pki" / "pki.json").read_bytes() == before
    assert main(["pki", "create", str(tmp_path / "pki"), "--profile", "iso2", "--force"]) == 0


def test_sdp_serve_needs_a_port(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sdp", "serve", "--interface", "lo"]) == 2
    assert "--port" in capsys.readouterr().err


def test_bad_port_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as info:
        main(["sdp", "serve", "--interface", "lo", "--port", "70000"])
    assert info.value.code == 2


def test_exi_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    # A Polestar 2's DIN SessionSetupReq (public vector #55).
    assert main(["exi", "decode", "--schema", "din", "809a004011d019231636c790f800"]) == 0
    assert '"SessionSetupReq"' in capsys.readouterr().out


@pytest.mark.parametrize("command", [
    ["secc", "--no-sdp", "--host", "::1", "--port", "0", "--tls"],
    ["evcc", "--no-sdp", "--host", "::1", "--port", "1", "--tls"],
])
def test_a_missing_pki_is_one_line_and_exit_1(command: list[str], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--pki", str(tmp_path / "nothing here")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("v2g: cannot load") and "nothing here" in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_an_unreachable_secc_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evcc", "--no-sdp", "--host", "::1", "--port", "1", "-q"]) == 1
    assert capsys.readouterr().err.startswith("v2g: cannot connect to [::1]:1")


@pytest.mark.parametrize(("command", "says"), [
    (["secc", "--no-sdp", "--host", "::1", "--port", "0", "--tls-only"], "--tls-only needs --tls"),
    (["secc", "--no-sdp", "--host", "::1", "--port", "0", "--tls"], "--tls needs --pki"),
    (["secc", "--port", "0"], "give --interface"),
    (["demo", "--protocol", "din", "--mode", "ac"], "DIN 70121 is DC only"),
])
def test_option_combinations_that_cannot_work_are_usage_errors(
        command: list[str], says: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(command) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1


@pytest.mark.parametrize("command", [
    ["evcc", "--no-sdp", "--host", "::1", "--port", "5", "--cycles", "0"],
    ["evcc", "--no-sdp", "--host", "::1", "--port", "5", "--target-soc", "150"],
    ["demo", "--cycles", "-3"],
    ["secc", "--no-sdp", "--host", "::1", "--sessions", "-1"],
    ["sdp", "discover", "-i", "lo", "--retries", "0"],
    ["sdp", "discover", "-i", "lo", "--interval", "-1"],
    ["sdp", "serve", "-i", "lo", "--port", "5", "--address", "notanip"],
    ["evcc", "--no-sdp", "--host", "::1", "--port", "5", "--resume", "zz"],
    ["evcc", "--no-sdp", "--host", "::1", "--port", "5", "--resume", "0000000000000000"],
    ["evcc", "--no-sdp", "--host", "::1", "--port", "5", "--evcc-id", "02:00:00:00:01"],
    ["evcc", "--no-sdp", "--host", "::1", "--port", "5", "--capacity", "0"],
])
def test_out_of_range_values_are_refused_by_the_parser(command: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(command)
    assert info.value.code == 2


def test_a_din_only_charger_without_dc_refuses_to_start(capsys: pytest.CaptureFixture[str]) -> None:
    command = ["secc", "--no-sdp", "--host", "::1", "--port", "0", "--protocol", "din", "--mode", "ac"]
    assert main(command) == 1
    assert "DIN 70121 is DC only" in capsys.readouterr().err


def test_exi_usage_names_the_v2g_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["exi", "decode", "--schema", "nosuch", "00"])
    assert "usage: v2g exi decode" in capsys.readouterr().err
