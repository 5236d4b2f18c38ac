"""`v2g exi`: the EXI codec's own command line (:mod:`exi.__main__`), options and all."""

from __future__ import annotations

import argparse

from v2g.cli import common


def run(argv: list[str]) -> int:
    from exi.__main__ import main as exi_main

    return exi_main(argv, prog="v2g exi")


def add_parser(sub: common.Subparsers) -> None:
    """Listed in `v2g --help`; :func:`v2g.cli.main` hands `v2g exi ...` to :func:`run` before parsing."""
    p_exi = sub.add_parser(
        "exi",
        help="EXI codec: decode, encode, generate (`v2g exi generate --schemas ../shared/schemas`)",
        add_help=False,
    )
    p_exi.add_argument("exi_args", nargs=argparse.REMAINDER, help="arguments of `python -m exi`")
