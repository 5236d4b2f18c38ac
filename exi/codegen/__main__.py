"""``python -m exi.codegen --schemas DIR --out exi``: regenerate the schema-set packages."""

from __future__ import annotations

import argparse
from pathlib import Path

from .sets import generate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m exi.codegen", description=__doc__)
    ap.add_argument("--schemas", type=Path, default=Path("../shared/schemas"),
                    help="folder with app/, din/, iso2/, iso20/ XSDs (never committed)")
    ap.add_argument("--out", type=Path, default=Path("exi"), help="the exi package folder")
    ap.add_argument("--only", action="append", default=[], help="schema set key (repeatable)")
    args = ap.parse_args(argv)
    for path in generate(args.schemas, args.out, tuple(args.only)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
