"""Project-wide rules: lint, types, and the sans-IO import boundary."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("exi", "slac", "tls", "v2g")

# Only adapters and the CLI may do I/O. Everything else is a sans-IO core.
IO_MODULES = {"asyncio", "socket", "selectors", "asyncio_dgram", "pyroute2"}
ADAPTER_PARTS = {"aio", "cli", "cli.py"}


def _is_adapter(path: Path) -> bool:
    rel = path.relative_to(ROOT)
    inner = rel.parts[1:]
    return rel.name == "cli.py" or any(part in ADAPTER_PARTS or part.startswith("aio") for part in inner)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def test_cores_do_no_io() -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(_imports(p) & IO_MODULES)
        for p in _modules()
        if not _is_adapter(p) and _imports(p) & IO_MODULES
    }
    assert offenders == {}


def test_package_layering() -> None:
    forbidden = {"exi": {"v2g", "slac", "tls"}, "tls": {"v2g", "slac"}, "slac": {"v2g"}}
    offenders = {}
    for pkg, banned in forbidden.items():
        for path in (ROOT / pkg).rglob("*.py"):
            bad = _imports(path) & banned
            if bad:
                offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_boundary_checker_sees_a_violation(tmp_path: Path) -> None:
    core = tmp_path / "core.py"
    core.write_text("import asyncio\nfrom socket import socket\n")
    assert _imports(core) >= {"asyncio", "socket"}


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    found = str(exe) if exe.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: install the [dev] extra")
    return found


def test_ruff() -> None:
    result = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


BENCH = ROOT / "bench"
BENCH_SMOKE = {
    "session.py": [
        *("--cycles", "3", "--concurrent", "2", "--loop-cycles", "50", "--loop-repeat", "1"),
        *("--pnc-sessions", "2"),
    ],
    "exi.py": ["--runs", "1"],
    "v2gtp.py": ["--repeat", "1"],
    "pnc20.py": ["--sessions", "1"],
    "tls_handshake.py": ["--handshakes", "8", "--rounds", "50"],
    "capture.py": ["--runs", "1", "--no-pure", "--limit", "4"],
    "ocpp_backend.py": ["--authorize", "5", "--sessions", "1", "--cycles", "10"],
}
"""Each benchmark script's smoke run: seconds, figures printed, targets not judged (exit 0)."""
BENCH_MISS = {**BENCH_SMOKE, "session.py": ["--loop-only", "--loop-cycles", "50", "--loop-repeat", "1"]}
"""The cheapest run of each script that judges a target (with ``--tiny-targets``, none is met)."""


def _bench(script: str, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCH / script), *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_bench_holds_only_scripts() -> None:
    """Every bench/*.py is a benchmark script judged against its targets (``--tiny-targets``, exit
    code 3 on a miss); the helpers they import live in bench/_lib/ and judge nothing themselves."""
    scripts = sorted(BENCH.glob("*.py"))
    assert {p.name for p in scripts} == set(BENCH_SMOKE)
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        assert 'if __name__ == "__main__":' in text, script.name
        assert "add_tiny_targets(" in text, f"{script.name} has no --tiny-targets"
    helpers = {p.name for p in (BENCH / "_lib").glob("*.py")}
    assert "__init__.py" in helpers and helpers - {"__init__.py"}
    assert all("add_tiny_targets(" not in (BENCH / "_lib" / h).read_text(encoding="utf-8")
               for h in helpers - {"__init__.py"})


@pytest.mark.parametrize("script", sorted(BENCH_SMOKE))
def test_benchmarks_run(script: str) -> None:
    """The benchmark scripts keep working: a smoke run prints its figures and exits 0 (figures of a
    smoke run are read by people, not judged)."""
    result = _bench(script, BENCH_SMOKE[script])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip(), f"{script} printed nothing"


@pytest.mark.parametrize("script", sorted(BENCH_MISS))
def test_benchmarks_exit_3_on_a_missed_target(script: str) -> None:
    """A missed target exits 3 (a crash exits 1): with ``--tiny-targets`` every script judges even a
    short run, against targets no machine meets."""
    result = _bench(script, [*BENCH_MISS[script], "--tiny-targets"])
    assert result.returncode == 3, result.stdout + result.stderr
    assert "MISSED" in result.stdout, result.stdout


def test_readme_python_examples_import() -> None:
    """Every Python example in the README is valid and imports names that exist."""
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    for block in blocks:
        tree = ast.parse(block)
        imports = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
        exec(compile(ast.Module(body=imports, type_ignores=[]), "README.md", "exec"), {})
