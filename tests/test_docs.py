"""Python examples in docs/ that are complete programs run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _blocks(name: str) -> list[str]:
    blocks: list[str] = re.findall(r"```python\n(.*?)```", (DOCS / name).read_text(encoding="utf-8"), re.S)
    return blocks


def test_the_pki_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (example, *_) = _blocks("pki.md")
    namespace: dict[str, object] = {}
    exec(compile(example, "docs/pki.md", "exec"), namespace)
    assert (tmp_path / "pki" / "pki.json").exists()
    pki = namespace["pki"]
    from tls.pki import Pki
    from tls.profiles import Role

    assert isinstance(pki, Pki) and Role.SECC_LEAF in pki.certs
