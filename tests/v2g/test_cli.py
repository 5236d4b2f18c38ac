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
