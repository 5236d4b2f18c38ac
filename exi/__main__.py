"""``python -m exi``: decode EXI hex to the JSON dict form (or XML), encode the dict form to hex.

    python -m exi decode --schema din 809a0011d0...        JSON (``--xml`` for XML)
    python -m exi encode --schema din [FILE]               JSON from FILE or stdin -> hex
    python -m exi generate --schemas ../shared/schemas     regenerate the schema-set packages
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import SCHEMAS, ExiError, decode_with_rest, encode, from_dict, to_dict, to_xml


def main(argv: list[str] | None = None, prog: str = "python -m exi") -> int:
    ap = argparse.ArgumentParser(prog=prog, description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    dec = sub.add_parser("decode", help="EXI hex -> JSON dict form")
    dec.add_argument("--schema", required=True, choices=sorted(SCHEMAS))
    dec.add_argument("--xml", action="store_true", help="print XML instead of JSON")
    dec.add_argument("hex")
    enc = sub.add_parser("encode", help="JSON dict form -> EXI hex")
    enc.add_argument("--schema", required=True, choices=sorted(SCHEMAS))
    enc.add_argument("file", nargs="?", default="-")
    gen = sub.add_parser("generate", help="regenerate exi/<set>/ from the XSDs")
    gen.add_argument("--schemas", type=Path, default=Path("../shared/schemas"))
    gen.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = ap.parse_args(argv)
    try:
        if args.command == "decode":
            data = bytes.fromhex(args.hex)
            message, used = decode_with_rest(data, args.schema)
            # the schema is named: the root may be a class several sets share (e.g. xmldsig's)
            if args.xml:
                print(to_xml(message, args.schema))
            else:
                print(json.dumps(to_dict(message, args.schema), indent=2))
            rest = len(data) - used
            if rest:
                print(f"note: {rest} bytes after the end of the document", file=sys.stderr)
        elif args.command == "encode":
            text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
            print(encode(from_dict(json.loads(text), args.schema), args.schema).hex())
        else:
            from .codegen import generate

            for path in generate(args.schemas, args.out):
                print(path)
    except (ExiError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
