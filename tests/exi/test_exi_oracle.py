"""Differential test against EXIficient (../shared/tools/exi-oracle), when it is built.

Random valid messages of every global element of every schema set, and random fragment elements,
must give the same bytes here and in EXIficient (fed with our XML rendering). Skips without the
oracle (it needs Java; build it with ``bash build.sh`` in that folder).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from _exi_gen import Unwalkable, Walker, message_roots, random_value
from _exi_support import SHARED

import exi

ORACLE_DIR = SHARED / "tools" / "exi-oracle"
HOME = Path(os.environ.get("EXI_ORACLE_HOME") or Path.home() / ".cache" / "exi-oracle")

_MISSING = (not (ORACLE_DIR / "oracle.py").exists() or not (HOME / "classes").exists()
            or shutil.which("java") is None)
pytestmark = pytest.mark.skipif(
    _MISSING,
    reason="EXI oracle not built (bash ../shared/tools/exi-oracle/build.sh)")


@pytest.fixture(scope="module")
def oracle() -> Any:
    sys.path.insert(0, str(ORACLE_DIR))
    try:
        from oracle import Oracle  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ORACLE_DIR))
    o = Oracle(schema_dir=str(SHARED / "schemas"))
    yield o
    o.close()


def _walker(g: exi._engine.Grammar, rng: random.Random) -> Walker:
    return Walker(g, rng.randrange, lambda dt: random_value(rng, dt, xml_safe=True), max_depth=10,
                  budget=80, abstract=False, undeclared=False)


@pytest.mark.parametrize("schema", [k for k in exi.SCHEMAS if k != "xmldsig"])
def test_documents_match_exificient(oracle: Any, schema: str) -> None:
    g = exi.grammar(schema)
    for eid in message_roots(g):
        for seed in range(2):
            rng = random.Random(seed * 7919 + eid)
            try:
                message = _walker(g, rng).root(eid)
            except Unwalkable:
                break
            ours = exi.encode(message, schema).hex()
            theirs = oracle.encode(schema, exi.to_xml(message, schema))
            assert ours == theirs, exi.to_xml(message, schema)


@pytest.mark.parametrize("schema", list(exi.SCHEMAS))
def test_fragments_match_exificient(oracle: Any, schema: str) -> None:
    g = exi.grammar(schema)
    for code, (uri, local, eid, _alts) in enumerate(g.fragment):
        if eid < 0:
            continue
        rng = random.Random(code)
        try:
            value = _walker(g, rng).element(eid, True, 0)
        except Unwalkable:
            continue
        element = value if g.elements[eid].cls is not None else exi.FragmentElement(uri, local, value)
        ours = exi.encode_fragment(element, schema).hex()
        theirs = oracle.encode(f"{schema}-frag", exi.to_xml(element, schema))
        assert ours == theirs, exi.to_xml(element, schema)


@pytest.fixture(scope="module")
def stock_oracle() -> Any:
    """EXIficient as Josev runs it: empty simple content ends with the second-level EE."""
    sys.path.insert(0, str(ORACLE_DIR))
    try:
        from oracle import Oracle  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ORACLE_DIR))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EXI_ORACLE_EMPTY_CH", "0")  # read by the JVM at start
        o = Oracle(schema_dir=str(SHARED / "schemas"))
    yield o
    o.close()


def test_hand_made_empty_values_are_exificients_bytes(stock_oracle: Any) -> None:
    from test_exi_empty_value import VALID, _decode, _stream

    for name, key, theirs, _ours, fragment in VALID:
        message = _decode(_stream(theirs), key, fragment)
        if fragment:
            xml = exi.to_xml(message[0], key)
            assert stock_oracle.encode(f"{key}-frag", xml) == _stream(theirs).hex(), name
        else:
            assert stock_oracle.encode(key, exi.to_xml(message)) == _stream(theirs).hex(), name


def test_empty_value_vectors_are_exificients_bytes(stock_oracle: Any) -> None:
    from test_exi_empty_value import DATA

    for line in DATA.read_text(encoding="utf-8").splitlines():
        v = json.loads(line)
        message = exi.decode(bytes.fromhex(v["ours"]), v["schema"])
        xml = exi.to_xml(message, v["schema"])
        assert stock_oracle.encode(v["schema"], xml) == v["exificient"], v["root"]
