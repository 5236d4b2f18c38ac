"""`v2g chademo`: CHAdeMO over CAN (python-can: any interface, ``virtual`` for tries, ``socketcan``
on a box). ``bridge`` charges a CHAdeMO car at a CCS charger (our EVCC), ``charger`` and ``vehicle``
run one side with the simulated power stage / battery, ``dissect`` reads a CAN log. The commands
live in :mod:`v2g.cli.chademo_cmds`, imported when one runs, so `v2g` works without the [can] extra."""

from __future__ import annotations

import argparse
import importlib

from v2g.cli import common
from v2g.cli.common import UsageError


def _command(name: str) -> common.Command:
    def run(args: argparse.Namespace) -> int:
        try:
            module = importlib.import_module("v2g.cli.chademo_cmds")
        except ImportError as exc:
            raise UsageError(f"needs the [can] extra (pip install 'v2g[can]'): {exc}") from None
        func: common.Command = getattr(module, name)
        return func(args)

    return run


def add_parser(sub: common.Subparsers) -> None:
    p = sub.add_parser("chademo", help="CHAdeMO over CAN: bridge to CCS, charger, vehicle, log dissector")
    cs = p.add_subparsers(dest="chademo_command", required=True, metavar="SUBCOMMAND")

    def can_options(q: argparse.ArgumentParser) -> None:
        q.add_argument("--can-interface", default="can0", help="the CAN interface / channel (default can0)")
        q.add_argument(
            "--can-bus", default="socketcan", help="python-can interface type (socketcan, virtual, pcan ...)"
        )
        q.add_argument("--bitrate", type=int, default=500_000, help="CHAdeMO uses 500 kbit/s")

    b = cs.add_parser("bridge", help="a CHAdeMO car on CAN charged by a CCS charger through our EVCC")
    can_options(b)
    b.add_argument("--interface", help="the PLC interface towards the CCS charger (SDP there)")
    b.add_argument("--host", help="the SECC's address (no SDP), with --port")
    b.add_argument("--port", type=common.port)
    b.add_argument("--slac", action="store_true", help="associate over the PLC modem first (ISO 15118-3)")
    b.add_argument("--protocol", nargs="+", choices=["din", "iso2"], default=["din", "iso2"])
    b.set_defaults(func=_command("cmd_bridge"))

    c = cs.add_parser("charger", help="a CHAdeMO charger with the simulated power stage")
    can_options(c)
    c.add_argument("--max-voltage", type=common.positive, default=500)
    c.add_argument("--max-current", type=common.positive, default=125)
    c.set_defaults(func=_command("cmd_charger"))

    v = cs.add_parser("vehicle", help="a CHAdeMO car with the simulated battery")
    can_options(v)
    v.add_argument("--soc", type=common.soc, default=70.0)
    v.add_argument("--target-soc", type=common.soc, default=80.0)
    v.add_argument("--capacity", type=float, default=1.0, help="battery capacity in kWh (default 1)")
    v.add_argument("--target-voltage", type=common.positive, default=410)
    v.add_argument("--max-current", type=common.positive, default=125)
    v.set_defaults(func=_command("cmd_vehicle"))

    d = cs.add_parser("dissect", help="decode a CAN log (candump, ASC, BLF, CSV, TRC, SavvyCAN CSV)")
    d.add_argument("log")
    out = d.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="one JSON document for tools")
    out.add_argument("--csv", action="store_true", help="the time series: requested vs delivered")
    out.add_argument("--changes", action="store_true", help="print a frame only when its data changed")
    d.set_defaults(func=_command("cmd_dissect"))
