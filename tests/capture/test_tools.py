"""need_tool: a missing external tool skips a test for users, fails it under CI=true."""

from __future__ import annotations

import pytest

from tests.capture import _tools


def test_missing_tool_skips_without_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_tools.shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        _tools.need_tool("tshark")


def test_missing_tool_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_tools.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true but needs tshark"):
        _tools.need_tool("tshark")


def test_found_tool_is_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        _tools.shutil, "which", lambda name: f"/usr/bin/{name}" if name == "chromium" else None
    )
    assert _tools.need_tool("chromium-browser", "chromium") == "/usr/bin/chromium"
