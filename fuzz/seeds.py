"""Write the fuzz seed corpus: every public vector of a schema set, plus generated messages of every
global element (so that sets without vectors, e.g. xmldsig, start from valid streams), plus the
streams with empty simple content coded as EXIficient codes it (second-level EE): the hand-made ones
of tests/exi/test_exi_empty_value.py and EXIficient's in tests/exi/data/exificient_empty.jsonl.

    python fuzz/seeds.py OUT_DIR        # writes OUT_DIR/<schema>/<n>.exi
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "exi")]

from _exi_gen import Unwalkable, Walker, message_roots  # noqa: E402
from _exi_support import load_vectors, schema_key  # noqa: E402
from test_exi_empty_value import DATA, INVALID, VALID, _stream  # noqa: E402

import exi  # noqa: E402


def _value(rng: random.Random, dt: exi._engine.Datatype) -> object:
    k = dt.kind
    if k == "string":
        return "s" * (dt.min_len or 1)
    if k == "binary":
        return b"\x5a" * (dt.min_len or 1)
    if k == "boolean":
        return rng.random() < 0.5
    if k == "enum":
        return rng.choice(dt.members)
    lo = dt.lo if dt.lo is not None else -1000
    hi = dt.hi if dt.hi is not None else 1000
    return rng.randint(lo, hi)


def main() -> None:
    out = Path(sys.argv[1])
    seeds: dict[str, set[bytes]] = {key: set() for key in exi.SCHEMAS}
    for v in load_vectors():
        seeds[schema_key(v)].add(bytes.fromhex(v["hex"]))
    for _name, key, theirs, ours, _fragment in VALID:
        seeds[key] |= {_stream(theirs), _stream(ours)}
    for _name, key, bits, _element, _reason, _fragment in INVALID:
        seeds[key].add(_stream(bits))
    for line in DATA.read_text(encoding="utf-8").splitlines():
        v = json.loads(line)
        seeds[v["schema"]].add(bytes.fromhex(v["exificient"]))
    rng = random.Random(15118)
    for key in exi.SCHEMAS:
        g = exi.grammar(key)
        for eid in message_roots(g):
            try:
                walker = Walker(g, rng.randrange, lambda dt: _value(rng, dt), max_depth=8, budget=60)
                message = walker.root(eid)
                seeds[key].add(exi.encode(message, key, check_facets=False))
            except (Unwalkable, exi.ExiError):
                continue
    for key, items in seeds.items():
        d = out / key
        d.mkdir(parents=True, exist_ok=True)
        for i, data in enumerate(sorted(items)):
            (d / f"{i:04d}.exi").write_bytes(data)
        print(f"{key}: {len(items)} seeds")


if __name__ == "__main__":
    main()
