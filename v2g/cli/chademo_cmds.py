"""The `v2g chademo` commands (imported only when one runs: they need the ``[can]`` extra)."""

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
