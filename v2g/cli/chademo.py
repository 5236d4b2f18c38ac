"""`v2g chademo`: CHAdeMO over CAN (python-can: any interface, ``virtual`` for tries, ``socketcan``
on a box). ``bridge`` charges a CHAdeMO car at a CCS charger (our EVCC), ``charger`` and ``vehicle``
run one side with the simulated power stage / battery, ``dissect`` reads a CAN log."""

from __future__ import annotations

import argparse
import asyncio
import csv
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import can

from v2g.aio.evcc import EvccRunnerConfig
from v2g.chademo.aiocan import CanOnlyLines, CanPort, run_bridge
from v2g.chademo.bridge import BridgeConfig, CcsSide
from v2g.chademo.charger import ChademoCharger, ChargerConfig
from v2g.chademo.dissect import Dissection, dissect
from v2g.chademo.frames import CHARGER_IDS, VEHICLE_IDS, Frame, RawFrame
from v2g.chademo.vehicle import ChademoVehicle, VehicleConfig
from v2g.cli import common
from v2g.cli.canlog import read_log
from v2g.controller import EnergyMode, SimulatedDcEvse, SimulatedEv
from v2g.evcc import EvccConfig


def _bus(args: argparse.Namespace) -> can.BusABC:
    kwargs: dict[str, Any] = {"interface": args.can_bus, "channel": args.can_interface}
    if args.bitrate and args.can_bus not in ("virtual",):
        kwargs["bitrate"] = args.bitrate
    try:
        return can.Bus(**kwargs)
    except (can.CanError, ImportError) as exc:
        raise OSError(f"CAN {args.can_bus} {args.can_interface}: {exc}") from exc


def _print_end(name: str, node: ChademoCharger | ChademoVehicle) -> int:
    t0 = node.log.events[0][0] if node.log.events else 0.0
    for t, event in node.log.events:
        print(f"  {name} {t - t0:8.3f} s  {event}")
    print(f"{name}: {'fault: ' + node.fault if node.fault else node.stop_reason or 'done'}", flush=True)
    return 1 if node.fault else 0


def cmd_charger(args: argparse.Namespace) -> int:
    bus = _bus(args)
    config = ChargerConfig(max_voltage=args.max_voltage, max_current=args.max_current)
    charger = ChademoCharger(config, SimulatedDcEvse())
    port = CanPort(bus, VEHICLE_IDS)
    try:
        charger.start(port.clock())
        asyncio.run(port.run(charger, CanOnlyLines()))
    finally:
        bus.shutdown()
    return _print_end("charger", charger)


def cmd_vehicle(args: argparse.Namespace) -> int:
    bus = _bus(args)
    ev = SimulatedEv(soc_percent=args.soc, target_soc=args.target_soc, capacity_wh=args.capacity * 1000)
    config = VehicleConfig(target_voltage=args.target_voltage, max_current=args.max_current)
    vehicle = ChademoVehicle(config, ev)
    port = CanPort(bus, CHARGER_IDS)
    lines = CanOnlyLines()
    try:
        vehicle.set_lines(True, False, port.clock())
        asyncio.run(port.run(vehicle, lines))
    finally:
        bus.shutdown()
    return _print_end("vehicle", vehicle)


def cmd_bridge(args: argparse.Namespace) -> int:
    bus = _bus(args)
    protocols = common.protocols(args.protocol)
    evcc = EvccRunnerConfig(
        EvccConfig(protocols=protocols, energy_mode=EnergyMode.DC_EXTENDED, loop_interval=0.02),
        interface=args.interface,
        host=args.host,
        port=args.port,
        slac=args.slac,
    )
    bridge = CcsSide(BridgeConfig())
    port = CanPort(bus, VEHICLE_IDS)
    try:
        result = asyncio.run(run_bridge(bridge, port, CanOnlyLines(), evcc))
    finally:
        bus.shutdown()
    print(f"station: {result.reason if result else 'not started'}")
    return _print_end("bridge", bridge.charger)


# ------------------------------------------------------------------------------------- dissect


def _fields(frame: Frame | RawFrame) -> dict[str, object]:
    if isinstance(frame, RawFrame):
        return {}
    return {f.name: getattr(frame, f.name) for f in dataclasses.fields(frame)}


def _describe(frame: Frame | RawFrame) -> str:
    if isinstance(frame, RawFrame):
        return "raw " + frame.data.hex(" ")
    parts = []
    for name, value in _fields(frame).items():
        if isinstance(value, bool):
            if value:
                parts.append(name)
        else:
            parts.append(f"{name}={value}")
    return " ".join(parts)


def _report_text(d: Dissection, changes: bool) -> None:
    last: dict[int, bytes] = {}
    for rec in d.records:
        if changes and last.get(rec.arbitration_id) == rec.data:
            continue
        last[rec.arbitration_id] = rec.data
        name = type(rec.frame).__name__ if not rec.error else "BadFrame"
        text = _describe(rec.frame) + (f" ({rec.error})" if rec.error else "")
        print(f"{rec.t:10.3f} {rec.channel:>6} 0x{rec.arbitration_id:03X} {name:<22} {text}")
    print("\nevents:")
    for t, event in d.events:
        print(f"{t:10.3f}  {event}")
    print("phases:")
    for name, start, end in d.phases:
        print(f"  {name:<20} {start:9.3f} - {end:9.3f} s")
    values = {k: v for k, v in d.values.items() if not isinstance(v, Frame)}
    print("values: " + ", ".join(f"{k} {v}" for k, v in values.items()))
    print(f"timing faults: {len(d.faults)}")
    for t, fault in d.faults:
        print(f"  {t:9.3f}  {fault}")
    print(f"deviations: {len(d.deviations)}")
    for text in d.deviations:
        print(f"  {text}")


def _json_value(value: object) -> object:
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, Frame):
        return {"frame": type(value).__name__, **_fields(value)}
    if isinstance(value, tuple):
        return list(value)
    return value


def _report_json(d: Dissection) -> None:
    doc = {
        "frames": [
            {
                "t": r.t,
                "channel": r.channel,
                "id": r.arbitration_id,
                "data": r.data.hex(),
                "name": None if isinstance(r.frame, RawFrame) else type(r.frame).__name__,
                "fields": _fields(r.frame) or None,
                "error": r.error or None,
            }
            for r in d.records
        ],
        "events": [{"t": t, "event": e} for t, e in d.events],
        "phases": [{"phase": n, "start": s, "end": e} for n, s, e in d.phases],
        "values": {k: _json_value(v) for k, v in d.values.items()},
        "timing_faults": [{"t": t, "fault": f} for t, f in d.faults],
        "deviations": d.deviations,
    }
    json.dump(doc, sys.stdout, indent=1)
    print()


def _report_csv(d: Dissection) -> None:
    writer = csv.writer(sys.stdout)
    names = [f.name for f in dataclasses.fields(d.samples[0])] if d.samples else ["t"]
    writer.writerow(names)
    for sample in d.samples:
        writer.writerow([getattr(sample, n) for n in names])


def cmd_dissect(args: argparse.Namespace) -> int:
    result = dissect(read_log(Path(args.log)))
    if args.json:
        _report_json(result)
    elif args.csv:
        _report_csv(result)
    else:
        _report_text(result, args.changes)
    return 0


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
    b.set_defaults(func=cmd_bridge)

    c = cs.add_parser("charger", help="a CHAdeMO charger with the simulated power stage")
    can_options(c)
    c.add_argument("--max-voltage", type=common.positive, default=500)
    c.add_argument("--max-current", type=common.positive, default=125)
    c.set_defaults(func=cmd_charger)

    v = cs.add_parser("vehicle", help="a CHAdeMO car with the simulated battery")
    can_options(v)
    v.add_argument("--soc", type=common.soc, default=70.0)
    v.add_argument("--target-soc", type=common.soc, default=80.0)
    v.add_argument("--capacity", type=float, default=1.0, help="battery capacity in kWh (default 1)")
    v.add_argument("--target-voltage", type=common.positive, default=410)
    v.add_argument("--max-current", type=common.positive, default=125)
    v.set_defaults(func=cmd_vehicle)

    d = cs.add_parser("dissect", help="decode a CAN log (candump, ASC, BLF, CSV, TRC, SavvyCAN CSV)")
    d.add_argument("log")
    out = d.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="one JSON document for tools")
    out.add_argument("--csv", action="store_true", help="the time series: requested vs delivered")
    out.add_argument("--changes", action="store_true", help="print a frame only when its data changed")
    d.set_defaults(func=cmd_dissect)
