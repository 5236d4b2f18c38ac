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


def test_shared_classes_must_agree_with_their_defining_set() -> None:
    """A set re-exports the xmldsig and -20 CommonTypes classes only when it would generate them
    exactly as their defining set does; a disagreement is a generator error, not a silent copy."""
    if not SCHEMAS.exists():
        pytest.skip("../shared/schemas not present")
    from exi.codegen.sets import _sharing, build
    from exi.codegen.xsd import SchemaError

    by_key = {s.key: s for s in SCHEMA_SETS}
    builders = {k: build(SCHEMAS, by_key[k]) for k in ("iso20", "iso20-dc", "xmldsig")}
    imported, shared = _sharing("iso20-dc", builders["iso20-dc"], builders.__getitem__)
    assert imported["MessageHeaderType"] == "iso20" and imported["SignedInfo"] == "xmldsig"
    assert not shared and "DC_ChargeLoopReq" not in imported
    assert "MessageHeaderType" in _sharing("iso20", builders["iso20"], builders.__getitem__)[1]
    header = next(t for t in builders["iso20"].types if t.class_name == "MessageHeaderType")
    header.fields[0].optional = not header.fields[0].optional  # the defining set now differs
    with pytest.raises(SchemaError, match="MessageHeaderType"):
        _sharing("iso20-dc", builders["iso20-dc"], builders.__getitem__)
