"""`v2g secc`."""

from __future__ import annotations

import pytest

from v2g.cli import main


def test_a_din_only_charger_without_dc_refuses_to_start(capsys: pytest.CaptureFixture[str]) -> None:
    command = ["secc", "--no-sdp", "--host", "::1", "--port", "0", "--protocol", "din", "--mode", "ac"]
    assert main(command) == 1
    assert "DIN 70121 is DC only" in capsys.readouterr().err
