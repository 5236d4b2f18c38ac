"""Regenerate ``tests/exi/data/exificient_empty.jsonl``: EXIficient's encodings of messages whose
string and binary values are empty wherever the datatype allows it.

Stock EXIficient (what Josev and RISE V2G run) ends an element with empty simple content with the
second-level EE instead of CH with a zero-length value; the oracle in ``../shared/tools/exi-oracle``
does that with ``EXI_ORACLE_EMPTY_CH=0``. One random message per global element of complex type of
each schema set that has such elements (app, din, iso2, iso20), values from the datatype's facets
(XML-safe), empty where allowed. A line: ``{"schema", "root", "exificient", "ours"}`` (hex; ``ours``
is this codec's encoding of the same message); only messages where the two differ are kept.
test_exi_oracle.py checks the lines against EXIficient again; the other tests use them without Java.

    python tests/exi/make_exificient_empty.py      # needs the built oracle (Java)
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]

from _exi_gen import Unwalkable, Walker, message_roots, random_value  # noqa: E402
from _exi_support import SHARED  # noqa: E402

import exi  # noqa: E402

OUT = HERE / "data" / "exificient_empty.jsonl"
SETS = ("app", "din", "iso2", "iso20")


def empty_or_random(rng: random.Random, dt: exi._engine.Datatype) -> Any:
    return dt.empty if dt.empty is not None else random_value(rng, dt, xml_safe=True)


def messages(key: str) -> list[tuple[str, Any]]:
    g = exi.grammar(key)
    out = []
    for eid in message_roots(g):
        rng = random.Random(eid)
        walker = Walker(g, rng.randrange, lambda dt, rng=rng: empty_or_random(rng, dt), max_depth=10,
                        budget=80, abstract=False, undeclared=False)
        try:
            out.append((g.elements[eid].local, walker.root(eid)))
        except Unwalkable:
            continue
    return out


def main() -> None:
    os.environ["EXI_ORACLE_EMPTY_CH"] = "0"
    sys.path.insert(0, str(SHARED / "tools" / "exi-oracle"))
    from oracle import Oracle  # type: ignore[import-not-found]

    lines = []
    with Oracle(schema_dir=str(SHARED / "schemas")) as o:
        for key in SETS:
            for root, message in messages(key):
                ours = exi.encode(message).hex()
                theirs = o.encode(key, exi.to_xml(message))
                if theirs != ours:
                    line = {"schema": key, "root": root, "exificient": theirs, "ours": ours}
                    lines.append(json.dumps(line))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lines)} messages")


if __name__ == "__main__":
    main()
