"""`v2g pki`: create and check a V2G test PKI (the commands live in :mod:`tls.cli`)."""

from __future__ import annotations

import tls.cli
from v2g.cli import common


def add_parser(sub: common.Subparsers) -> None:
    p_pki = sub.add_parser("pki", help="create and check a V2G test PKI (see docs/pki.md)")
    tls.cli.add_arguments(p_pki)
    p_pki.set_defaults(func=tls.cli.run)
