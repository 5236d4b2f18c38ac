"""The privileged marker: skip without root for users, fail under CI=true."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text(
        textwrap.dedent(
            f"""
            import os
            os.geteuid = lambda: 1000  # pretend to be an ordinary user
            exec(open({str(ROOT / "tests" / "conftest.py")!r}).read())
            """
        )
    )
    (tmp_path / "test_x.py").write_text(
        "import pytest\n\n@pytest.mark.privileged\ndef test_needs_root():\n    pass\n"
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    privileged: root\n")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )


def test_skips_for_users_without_root(tmp_path: Path) -> None:
    result = _run(tmp_path, ci=False)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout


def test_fails_in_ci_without_root(tmp_path: Path) -> None:
    result = _run(tmp_path, ci=True)
    assert result.returncode == 1, result.stdout
    assert "cannot run" in result.stdout
