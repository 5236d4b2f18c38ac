"""`v2g slac`: ISO 15118-3 association over a PLC modem (the commands live in :mod:`slac.cli`)."""

from __future__ import annotations

import argparse
import asyncio

import slac.cli
from v2g.cli import common


def cmd_slac(args: argparse.Namespace) -> int:
    try:
        return asyncio.run(slac.cli.run(args))
    except KeyboardInterrupt:
        return 0


def add_parser(sub: common.Subparsers) -> None:
    p_slac = sub.add_parser("slac", help="ISO 15118-3 SLAC association over a PLC modem (see docs/slac.md)")
    slac.cli.add_arguments(p_slac)
    p_slac.set_defaults(func=cmd_slac)
