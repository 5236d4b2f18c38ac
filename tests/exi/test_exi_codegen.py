"""The committed generated code is exactly what the generator makes from ../shared/schemas."""

from __future__ import annotations

from pathlib import Path

import pytest
from _exi_support import REPO, SCHEMAS

from exi.codegen import SCHEMA_SETS, generate


def test_regenerate_identical(tmp_path: Path) -> None:
    if not SCHEMAS.exists():
        pytest.skip("../shared/schemas not present")
    written = generate(SCHEMAS, tmp_path)
    assert written
    for path in written:
        rel = path.relative_to(tmp_path)
        committed = REPO / "exi" / rel
        assert committed.exists(), f"{rel} is not committed"
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), f"{rel} differs"
    # and nothing stale is left in the generated folders
    for s in SCHEMA_SETS:
        names = {p.name for p in (REPO / "exi" / s.package).glob("*.py")}
        assert names == {p.name for p in (tmp_path / s.package).glob("*.py")}


def test_generated_files_are_headed() -> None:
    for s in SCHEMA_SETS:
        for p in (REPO / "exi" / s.package).glob("*.py"):
            assert p.read_text(encoding="utf-8").startswith("# GENERATED - do not edit")


def test_deterministic(tmp_path: Path) -> None:
    if not SCHEMAS.exists():
        pytest.skip("../shared/schemas not present")
    a = generate(SCHEMAS, tmp_path / "a", ("din",))
    b = generate(SCHEMAS, tmp_path / "b", ("din",))
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
