"""`v2g` as a whole: help, the exi hand-over, usage errors and run errors of every command."""

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


def test_exi_usage_names_the_v2g_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["exi", "decode", "--schema", "nosuch", "00"])
    assert "usage: v2g exi decode" in capsys.readouterr().err
