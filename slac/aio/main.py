"""``python -m slac ev|evse --interface IF`` (the same as ``v2g slac ...`` once wired)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from slac import cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m slac", description="ISO 15118-3 SLAC association")
    cli.add_arguments(parser)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return asyncio.run(cli.run(args))
    except KeyboardInterrupt:
        return 130
