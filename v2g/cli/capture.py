"""`v2g capture`: dissect captures of V2G sessions (the commands live in :mod:`v2g.capture.cli`)."""

from __future__ import annotations

import v2g.capture.cli
from v2g.cli import common


def add_parser(sub: common.Subparsers) -> None:
    p_cap = sub.add_parser("capture", help="dissect pcap/pcapng captures of V2G sessions (docs/capture.md)")
    v2g.capture.cli.add_arguments(p_cap)
    p_cap.set_defaults(func=v2g.capture.cli.run)
