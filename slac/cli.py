"""``v2g slac ev|evse --interface IF``: run one SLAC association on a real interface and print its
steps and result.

For the integrator: ``add_arguments(parser)`` fills a (sub)parser; ``await run(args)`` dispatches on
``args.slac_role``; ``await run_ev(args)`` / ``await run_evse(args)`` return the exit code (0 = link
ready). Standalone: ``python -m slac ev --interface eth1``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import fields
from typing import Any, TextIO

from slac import events as ev
from slac.aio.modem import QcaModem
from slac.aio.packet import PacketSocket
from slac.aio.runner import associate, loop_clock
from slac.config import EvConfig, EvseConfig, SetKeySuccess, Timing
from slac.errors import ConfigError, ModemError, SlacError
from slac.ev import EvSlac
from slac.evse import EvseSlac
from slac.messages import LOCALCAST, format_mac, parse_mac


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="slac_role", required=True, metavar="{ev,evse}")
    for role, text in (("ev", "associate as the EV (PEV host)"), ("evse", "wait for an EV and associate")):
        p = sub.add_parser(role, help=text, description=text)
        p.add_argument("--interface", "-i", required=True, help="network interface of the PLC modem")
        p.add_argument("--modem-mac", type=parse_mac, default=LOCALCAST,
                       help="address of the local modem (default 00:b0:52:00:00:01, QCA localcast)")
        p.add_argument("--timeout", type=float, default=60.0, help="give up after this many seconds")
        p.add_argument("--set-key-success", choices=[s.value for s in SetKeySuccess], default="0x01",
                       help="CM_SET_KEY.CNF result meaning success (QCA firmware: 0x01)")
        p.add_argument("--no-link-poll", action="store_true",
                       help="modem without VS_PL_LNK_STATUS: assume the link after a settle time")
        p.add_argument("--settle-time", type=float, default=3.0)
        p.add_argument("--json", action="store_true", help="print JSON lines instead of text")
        p.add_argument("--trace", action="store_true",
                       help="also print every frame sent and received as JSON lines on stderr")
        p.add_argument("--stay", action="store_true",
                       help="after the link is ready keep watching it until --timeout (exit 3 on link loss)")
        if role == "ev":
            p.add_argument("--attenuation-threshold", type=float, default=40.0,
                           help="reject chargers with a higher mean attenuation (dB)")
            p.add_argument("--run-id", type=bytes.fromhex, default=None, help="8-byte RunID (hex)")
            p.add_argument("--attempts", type=int, default=3, help="whole matching attempts")
        else:
            p.add_argument("--nmk", type=bytes.fromhex, default=None, help="fixed 16-byte NMK (hex)")
            p.add_argument("--slac-init-timeout", type=float, default=40.0,
                           help="TT_EVSE_SLAC_init: report when no EV starts within this time")


def _value(v: Any) -> Any:
    if isinstance(v, bytes):
        return format_mac(v) if len(v) == 6 else v.hex()
    return v


class _Printer:
    def __init__(self, role: str, as_json: bool, out: TextIO | None, t0: float) -> None:
        self.role, self.as_json, self.out, self.t0 = role, as_json, out, t0

    def line(self, kind: str, t: float, **data: Any) -> None:
        clean = {k: _value(v) for k, v in data.items()}
        if self.as_json:
            text = json.dumps({"role": self.role, "t": round(t - self.t0, 4), "event": kind, **clean})
        else:
            detail = " ".join(f"{k}={v}" for k, v in clean.items())
            text = f"[{self.role} {t - self.t0:8.3f}s] {kind} {detail}".rstrip()
        print(text, file=self.out, flush=True)

    def event(self, t: float, event: ev.Event) -> None:
        self.line(type(event).__name__, t, **{f.name: getattr(event, f.name) for f in fields(event)})


def _timing(args: argparse.Namespace) -> Timing:
    return Timing(settle_time=args.settle_time)


async def _run(args: argparse.Namespace, role: str,
               build: Callable[[bytes], EvSlac | EvseSlac], out: TextIO | None) -> int:
    try:
        build(bytes(6))  # validate the options before touching the interface
    except ConfigError as exc:
        print(f"slac {role}: {exc}", file=out)
        return 2
    try:
        sock = PacketSocket(args.interface)
    except SlacError as exc:
        print(f"slac {role}: {exc}", file=out)
        return 2
    with sock:
        clock = loop_clock()
        printer = _Printer(role, args.json, out, clock())
        printer.line("start", clock(), interface=args.interface, mac=sock.mac)
        try:
            info = await QcaModem(sock, args.modem_mac).find_local_modem(0.5)
            printer.line("modem", clock(), mac=info.mac, version=info.version)
        except ModemError:
            printer.line("modem", clock(), mac=args.modem_mac, version="(no answer to VS_SW_VER)")
        machine = build(sock.mac)

        def on_event(t: float, event: ev.Event) -> None:
            for record in machine.trace_records():
                print(json.dumps({"role": role, **record, "t": round(record["t"] - printer.t0, 4)}),
                      file=sys.stderr, flush=True)
            printer.event(t, event)

        machine.start(clock())
        started = clock()
        final = await associate(machine, sock, args.timeout, on_event, clock=clock)
        if isinstance(final, ev.LinkReady):
            printer.line("result", clock(), ok=True, peer=final.peer_mac, nid=final.nid)
            if not args.stay:
                return 0
            left = max(0.0, args.timeout - (clock() - started))
            lost = await associate(machine, sock, left, on_event, until=(ev.LinkLost,), clock=clock)
            if isinstance(lost, ev.LinkLost):  # run_machine has sent the leave (new key) already
                printer.line("link-lost", clock(), nid=lost.nid)
                return 3
            return 0
        reason = getattr(final, "reason", None) or f"timeout after {args.timeout} s"
        printer.line("result", clock(), ok=False, reason=reason)
        return 1


async def run_ev(args: argparse.Namespace, out: TextIO | None = None) -> int:
    def build(mac: bytes) -> EvSlac:
        config = EvConfig(
            mac=mac, modem_mac=args.modem_mac, timing=_timing(args), run_id=args.run_id,
            attenuation_threshold_db=args.attenuation_threshold, max_attempts=args.attempts,
            set_key_success=SetKeySuccess(args.set_key_success), poll_link=not args.no_link_poll,
            trace=args.trace,
        )
        return EvSlac(config, os.urandom)

    return await _run(args, "ev", build, out)


async def run_evse(args: argparse.Namespace, out: TextIO | None = None) -> int:
    def build(mac: bytes) -> EvseSlac:
        timing = Timing(settle_time=args.settle_time, tt_evse_slac_init=args.slac_init_timeout)
        config = EvseConfig(
            mac=mac, modem_mac=args.modem_mac, timing=timing, nmk=args.nmk,
            set_key_success=SetKeySuccess(args.set_key_success), poll_link=not args.no_link_poll,
            trace=args.trace,
        )
        return EvseSlac(config, os.urandom)

    return await _run(args, "evse", build, out)


async def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    if args.slac_role == "ev":
        return await run_ev(args, out)
    return await run_evse(args, out)
