"""`v2g evcc`: a vehicle (EVCC) with a simulated battery, for charger testers."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path

from tls.conn import TlsInfo
from tls.store import load_pki
from v2g import sdp
from v2g.aio.evcc import EvccRunnerConfig, NoTlsOffered, run_evcc
from v2g.apphand import NAMESPACE_SCHEMAS, NS_DIN
from v2g.cli import common, iso20, pcap
from v2g.cli.common import MODES, TraceWriter, UsageError
from v2g.cli.pnc import CHAIN_FILE, load_contract, save_contract
from v2g.controller import SimulatedEv
from v2g.controller.simulated_bpt import SimulatedBptEv
from v2g.evcc import EvccConfig, EvccResult, EvccSession, EvccTimeouts
from v2g.evcc.pnc import ContractCredentials, Provisioning
from v2g.trace import TraceRecord


def _evcc_config(args: argparse.Namespace, choice: iso20.Choice | None) -> EvccConfig:
    mode = MODES[args.mode]
    if choice is not None and mode.is_dc != choice.service.is_dc:
        mode = choice.service.energy_mode  # --service ac with the default --mode dc: AC it is
    return EvccConfig(
        protocols=common.protocols(args.protocol, choice.service.name if choice else "dc"),
        energy_mode=mode,
        specs=(choice.evcc_spec,) if choice else (),
        charging_loop_cycles=args.cycles,
        target_soc=args.target_soc,
        pause=args.pause,
        resume_session_id=args.resume,
        renegotiate_after=args.renegotiate_after,
        precharge_tolerance=args.precharge_tolerance,
        contract=_contract(args),
        provisioning=Provisioning.from_pki(load_pki(args.provisioning)) if args.provisioning else None,
        timeouts=(EvccTimeouts() if args.loop_timeout is None
                  else EvccTimeouts().with_loop_timeout(args.loop_timeout)),
    )


def _contract(args: argparse.Namespace) -> ContractCredentials | None:
    """--contract DIR; with --provisioning, a folder without a contract yet is fine (installed)."""
    if not args.contract:
        return None
    if args.provisioning and not (args.contract / CHAIN_FILE).exists():
        return None
    return load_contract(args.contract)


def _simulated_ev(args: argparse.Namespace, choice: iso20.Choice | None = None) -> SimulatedEv:
    ev = SimulatedEv(mac=args.evcc_id, soc_percent=args.soc, capacity_wh=args.capacity * 1000.0)
    if choice is not None and choice.service.name.endswith("_bpt"):  # a car that can discharge
        ev = SimulatedBptEv(mac=args.evcc_id, soc_percent=args.soc, capacity_wh=args.capacity * 1000.0,
                            discharge_from_cycle=args.discharge_from)
    if args.max_current is not None:
        ev.max_current = args.max_current
    if args.max_voltage is not None:  # the battery's voltage scales with it: 850 V is an 800 V car
        scale = args.max_voltage / ev.max_voltage
        ev.max_voltage = args.max_voltage
        ev.empty_voltage *= scale
        ev.full_voltage *= scale
    return ev


async def run(args: argparse.Namespace) -> int:
    choice = iso20.choice(args, args.protocol, secc=False)
    keylog = pcap.KeylogFile(args.keylog, needed=args.pcap is not None and args.tls)
    ssl_context = None
    if args.tls:
        ssl_context = iso20.client_context(args, choice is not None, keylog=keylog.path,
                                           require_ocsp=args.require_ocsp)
    group = iso20.group_name(args, choice is not None)
    recording = pcap.EvccRecording(args.pcap, keylog.path) if args.pcap is not None else None
    runner = EvccRunnerConfig(
        _evcc_config(args, choice),
        interface=args.interface,
        host=args.host if args.no_sdp else None,
        port=args.port if args.no_sdp else None,
        security=sdp.Security.TLS if args.tls else sdp.Security.NONE,
        tls_fallback=args.tls_fallback,
        ssl_context=ssl_context,
        slac=args.slac,
        sdp_port=args.sdp_port,
    )
    writer = TraceWriter(args, "ev")
    sessions: list[EvccSession] = []

    def trace(record: TraceRecord) -> None:
        writer(record)
        if record.direction == "rx" and record.message == "SessionSetupRes" and sessions:
            print(_started(sessions[-1], group), flush=True)

    def on_slac(time: float, event: object) -> None:
        if not args.quiet:
            print(f"SLAC: {type(event).__name__}", flush=True)

    def on_discovered(answer: sdp.SdpResponse) -> None:
        print(f"SDP: SECC at [{answer.address}]:{answer.port} security={answer.security.name}", flush=True)

    def on_tls(info: TlsInfo) -> None:
        print(f"TLS: {info.summary()}", flush=True)
        writer.tls = info.as_dict()

    ev = _simulated_ev(args, choice)
    loop, task = asyncio.get_running_loop(), asyncio.current_task()
    assert task is not None
    deadline: list[asyncio.TimerHandle] = []

    def on_signal(signum: int) -> None:
        """Ctrl-C or SIGTERM: in the charging loop, stop as the protocol says (PowerDelivery(Stop),
        welding detection, SessionStop) within STOP_BUDGET s; anywhere else, give up at once."""
        reason = f"stopped by {signal.Signals(signum).name}"
        if sessions and sessions[-1].request_stop(loop.time(), reason):
            deadline.append(loop.call_later(STOP_BUDGET, task.cancel))
        else:
            task.cancel()

    signals = common.StopSignals(on_signal)
    try:
        with signals:
            result = await run_evcc(runner, ev, trace, on_slac=on_slac, on_session=sessions.append,
                                    on_discovered=on_discovered, on_tls=on_tls,
                                    on_sdp=recording.sdp if recording is not None else None,
                                    via=recording.via if recording is not None else None)
    except NoTlsOffered as exc:
        print(f"v2g: {exc}: no session (--tls-fallback allows plain TCP then)", file=sys.stderr)
        return 1
    except asyncio.CancelledError:
        if signals.exit_code is None:
            raise
        print(f"session aborted: {signals.name} (the connection was closed without the stop sequence)",
              flush=True)
        return signals.exit_code
    finally:
        writer.close()
        for handle in deadline:
            handle.cancel()
        if recording is not None:
            await recording.close()
        keylog.remove()
    print(
        f"session {'OK' if result.ok else 'FAILED'}: {result.reason} (protocol {result.protocol}, "
        f"{result.loop_count} charging loops, SoC {result.final_soc}%){_hint(args, result, sessions, ev)}",
        flush=True,
    )
    if result.paused and result.session_id is not None:
        print(f"paused: resume with --resume {result.session_id.hex()}", flush=True)
    installed = sessions[-1].context.installed if sessions else None
    if installed is not None and args.contract:
        save_contract(installed, args.contract)
        print(f"contract {installed.emaid} installed in {args.contract}", flush=True)
    unmet = _not_done(args, result, sessions[-1]) if sessions else []
    for line in unmet:
        print(f"not done: {line}", flush=True)
    if signals.exit_code is not None:
        return signals.exit_code
    return 0 if result.ok and not unmet else 1


def _started(session: EvccSession, group: str) -> str:
    """The session start line: SessionID, protocol, transport (TLS group), -20 control mode."""
    ctx = session.context
    sid = ctx.session_id.hex() if ctx.session_id else "none"
    protocol = NAMESPACE_SCHEMAS.get(session.protocol or "", session.protocol)
    if protocol == "iso20" and session.protocol:
        protocol += " " + session.protocol.rsplit(":", 1)[-1]
    control = f", control mode {ctx.control_mode}" if ctx.control_mode else ""
    over = iso20.transport(session.security, group) or "plain TCP"
    return f"session started: SessionID {sid}, protocol {protocol}, {over}{control}"


STOP_BUDGET = 1.8
"""Seconds the stop sequence after Ctrl-C / SIGTERM may take before the connection is closed anyway."""


def _not_done(args: argparse.Namespace, result: EvccResult, session: EvccSession) -> list[str]:
    """What the tester asked for and the session did not do: a run that did not test what it was
    meant to test must not exit 0."""
    ctx = session.context
    if not ctx.session_id:  # ended before SessionSetup: the failure says it all
        return []
    unmet = []
    din = result.protocol == NS_DIN
    if args.resume is not None and not ctx.resumed:
        unmet.append(f"--resume {args.resume.hex()}: the SECC answered OK_NewSessionEstablished (SessionID "
                     f"{ctx.session_id.hex()}), not OK_OldSessionJoined")
    if args.pause and not result.paused:
        why = "DIN 70121 was negotiated, which has no pause" if din else "the session did not end paused"
        unmet.append(f"--pause: {why}")
    if args.renegotiate_after is not None and not ctx.renegotiations:
        why = ("DIN 70121 was negotiated, which has no renegotiation" if din
               else f"the charging loop ended after {ctx.loop_count} of the {args.renegotiate_after} loops")
        unmet.append(f"--renegotiate-after {args.renegotiate_after}: {why}")
    return unmet


def _hint(args: argparse.Namespace, result: EvccResult, sessions: list[EvccSession], ev: SimulatedEv) -> str:
    """What the reason alone does not tell a tester."""
    if not result.ok and result.protocol is None and not args.tls and "closed by the SECC" in result.reason:
        return " [closed before any answer: if that port is the SECC's TLS port, add --tls --pki DIR]"
    if sessions and "WrongChargeParameter" in result.reason:
        evse_max = sessions[-1].context.evse_max_voltage
        target = ev.battery_voltage()
        if 0 < evse_max < target:
            return (f" [the charger's maximum voltage is {evse_max:g} V, below this car's pre-charge target "
                    f"{target:.0f} V]")
    if sessions and "pre-charge did not reach" in result.reason:
        present = sessions[-1].context.present_voltage
        return (f" [the charger last reported {present:g} V; if it is a simulator that does not ramp, "
                "--precharge-tolerance VOLTS lets it pass]")
    return ""


def cmd_evcc(args: argparse.Namespace) -> int:
    if args.no_sdp and (args.host is None or args.port is None):
        print("v2g: --no-sdp needs --host ADDR --port N", file=sys.stderr)
        return 2
    if not args.no_sdp and args.interface is None:
        print("v2g: give --interface IF (SDP), or --no-sdp --host ADDR --port N", file=sys.stderr)
        return 2
    if set(args.protocol) == {"din"}:
        for option, given in (("--pause", args.pause), ("--renegotiate-after", args.renegotiate_after)):
            if given:
                raise UsageError(f"{option}: DIN 70121 has no pause or renegotiation (ISO 15118-2 has: "
                                 "--protocol iso2)")
    if args.tls_fallback and not (args.tls and not args.no_sdp):
        raise UsageError("--tls-fallback goes with --tls over SDP (whose answer may offer no TLS)")
    return asyncio.run(run(args))


def add_parser(sub: common.Subparsers) -> None:
    e = sub.add_parser("evcc", help="run a vehicle (EVCC) with a simulated battery")
    common.add_session_common(e, multi=True)
    iso20.add_arguments(e, secc=False)
    e.add_argument("--host", help="SECC address (with --no-sdp)")
    e.add_argument("--port", type=common.port, help="SECC port (with --no-sdp)")
    e.add_argument("--mode", choices=sorted(MODES), default="dc", help="energy mode (default dc)")
    e.add_argument("--cycles", type=common.positive, default=None,
                   help="charging loops before stopping (default: until the target SoC, which the "
                   "simulated 60 kWh battery reaches from 30 %% in about 35 min)")
    e.add_argument("--target-soc", type=common.soc, default=None, help="stop at this SoC (%%)")
    e.add_argument("--pause", action="store_true", help="end with SessionStop(Pause) (ISO 15118-2)")
    e.add_argument("--resume", type=common.session_id, metavar="SESSIONID",
                   help="resume the paused session with this SessionID (hex, as --pause printed it)")
    e.add_argument("--renegotiate-after", type=common.positive, metavar="N",
                   help="ask for a renegotiation after N charging loops (ISO 15118-2)")
    e.add_argument("--evcc-id", type=common.mac, default=SimulatedEv.mac, metavar="MAC",
                   help="EVCCID (the EV's MAC, e.g. 02:00:00:00:00:01; a resumed session needs the same)")
    e.add_argument("--soc", type=common.soc, default=SimulatedEv.soc_percent,
                   help="battery SoC at plug-in (%%)")
    e.add_argument("--capacity", type=common.positive_float, default=SimulatedEv.capacity_wh / 1000.0,
                   help="battery capacity (kWh, default 60)")
    e.add_argument("--max-current", type=common.positive_float, help="EV maximum current (A)")
    e.add_argument("--max-voltage", type=common.positive_float,
                   help="EV maximum voltage (V; the simulated battery's voltage scales with it: "
                   "850 is an 800 V car pre-charging near 670 V at 30 %%, default 450)")
    e.add_argument("--precharge-tolerance", type=common.positive_float, metavar="VOLTS",
                   default=EvccConfig.precharge_tolerance,
                   help="pre-charge is done once the charger's present voltage is this close to the target "
                   "(default %(default)g V, as a car does; a large value lets a simulator that reports 1 V "
                   "pass)")
    e.add_argument("--require-ocsp", action="store_true",
                   help="with --tls: refuse a charger that staples no good OCSP status for its certificate")
    e.add_argument("--loop-timeout", type=common.positive_float, metavar="SECONDS",
                   help="wait this long for each charging-loop answer instead of the standard's "
                   "0.25 s (CurrentDemand) / 0.5 s (-20 ChargeLoop): for a slow peer under test, "
                   "not what a car does")
    e.add_argument("--tls-fallback", action="store_true",
                   help="with --tls: run over plain TCP when the charger's SDP answer offers no TLS "
                   "(without it, that is an error: exit 1)")
    pcap.add_option(e)
    e.add_argument("--contract", type=Path, metavar="DIR",
                   help="Plug & Charge with the contract in DIR (contract_chain.pem + contract_key.pem, "
                   "or a test PKI folder); used over --tls only")
    e.add_argument("--provisioning", type=Path, metavar="PKI",
                   help="the OEM provisioning certificate and V2G root of this PKI folder: without a valid "
                   "contract in --contract DIR the car installs one there (files of mode 0600), and renews "
                   "one that expires within 30 days")
    e.add_argument("--sdp-port", type=common.port, default=sdp.SDP_PORT, help=argparse.SUPPRESS)
    e.set_defaults(func=cmd_evcc)

