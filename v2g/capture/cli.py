"""``v2g capture``: dissect pcap/pcapng captures of charging sessions (see docs/capture.md).

Wire it into the main command with::

    p = sub.add_parser("capture", help="dissect pcap/pcapng captures of V2G sessions")
    v2g.capture.cli.add_arguments(p)
    p.set_defaults(func=v2g.capture.cli.run)

The commands live in :mod:`v2g.capture.dissect_cli` (``dissect``, ``sessions``) and
:mod:`v2g.capture.report_cli` (``report``); ``replay`` in :mod:`v2g.cli.capture_replay` (it needs
asyncio, which lives with the other I/O).
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from v2g.capture import dissect_cli, report_cli


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``capture`` sub-commands to ``parser``."""
    sub = parser.add_subparsers(dest="capture_command", required=True)
    dissect_cli.add_parsers(sub)
    report_cli.add_parser(sub)
    from v2g.cli import capture_replay

    capture_replay.add_parser(sub)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Execute the parsed ``capture`` command; returns the exit code (0 ok, 1 decode errors,
    2 unreadable, 3 damaged)."""
    out = out or sys.stdout
    if args.capture_command in ("dissect", "sessions"):
        return dissect_cli.run(args, out)
    if args.capture_command == "report":
        return report_cli.run(args, out)
    if args.capture_command == "replay":
        from v2g.cli import capture_replay

        return capture_replay.run(args, out)
    print(f"unknown capture command {args.capture_command!r}", file=sys.stderr)
    return 2
