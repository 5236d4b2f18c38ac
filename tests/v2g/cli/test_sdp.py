"""`v2g sdp` (on loopback: tests/v2g/aio/test_sdp_aio.py)."""

from __future__ import annotations

import pytest

from v2g.cli import main


def test_sdp_serve_needs_a_port(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sdp", "serve", "--interface", "lo"]) == 2
    assert "--port" in capsys.readouterr().err


def test_bad_port_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as info:
        main(["sdp", "serve", "--interface", "lo", "--port", "70000"])
    assert info.value.code == 2
