"""The ``v2g`` command: one module per command group, :mod:`v2g.cli.common` for what they share.
The only package that reads files, arguments or the environment."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from v2g import __version__
from v2g.cli import capture, chademo, demo, evcc, exi, ocpp, pki, receipts, secc, slac
from v2g.cli import sdp as sdp_cli
from v2g.cli.common import RUN_ERRORS, Command, UsageError

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="v2g",
        description="ISO 15118 / DIN SPEC 70121 EV-EVSE communication stack",
    )
    parser.add_argument("--version", action="version", version=f"v2g {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    secc.add_parser(sub)
    evcc.add_parser(sub)
    demo.add_parser(sub)
    sdp_cli.add_parser(sub)
    pki.add_parser(sub)
    slac.add_parser(sub)
    capture.add_parser(sub)
    exi.add_parser(sub)
    receipts.add_parser(sub)
    chademo.add_parser(sub)
    ocpp.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["exi"]:  # the codec's own command line, options and all
        return exi.run(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "protocol", "") is None:
        args.protocol = ["iso2", "din"]
    if getattr(args, "mode", "") is None:
        args.mode = ["dc"]
    func: Command = args.func
    try:
        return func(args)
    except UsageError as exc:
        print(f"v2g {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # commands that serve until stopped catch it themselves (exit 0)
        print("v2g: interrupted", file=sys.stderr)
        return 130
    except RUN_ERRORS as exc:
        print(f"v2g: {exc}", file=sys.stderr)
        return 1
