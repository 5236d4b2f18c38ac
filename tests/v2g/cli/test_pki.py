"""`v2g pki`."""

from __future__ import annotations

from pathlib import Path

import pytest

from v2g.cli import main


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
