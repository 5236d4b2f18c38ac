"""`v2g secc`: a charger (SECC) with a simulated power stage."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import tls.context
import tls.ocsp
import tls.store
from tls.profiles import Role
from v2g import apphand, sdp
from v2g.aio.secc import SeccServer, SeccServerConfig, SessionInfo, SessionSummary
from v2g.cli import common, iso20, pcap
from v2g.cli import ocpp as ocpp_cli
from v2g.cli.common import MODES, TraceWriter, UsageError
from v2g.cli.pnc import add_secc_options, payment_options, plug_and_charge
from v2g.controller import (
    EnergyMode,
    EvseController,
    EvseServices,
    SimulatedAcDcEvse,
    SimulatedAcEvse,
    SimulatedDcEvse,
)
from v2g.controller.simulated_bpt import SimulatedBptAcEvse, SimulatedBptDcEvse
from v2g.secc import SeccConfig, SeccTimeouts
from v2g.trace import TraceRecord

if TYPE_CHECKING:
    from v2g.ocpp import OcppBackend


def power_stage(args: argparse.Namespace, bpt: bool = False) -> Callable[[], EvseController]:
    """The simulated charger behind each session, with the limits given on the command line
    (``bpt``: a bidirectional one, for -20 DC_BPT / AC_BPT)."""
    kinds = {MODES[m].is_dc for m in args.mode}

    def dc() -> SimulatedDcEvse:
        return (SimulatedBptDcEvse if bpt else SimulatedDcEvse)(
            max_voltage=args.max_voltage, max_current=args.max_current, max_power=args.max_power,
            site_power=args.max_power)

    def ac() -> SimulatedAcEvse:
        return (SimulatedBptAcEvse if bpt else SimulatedAcEvse)(max_current=args.ac_max_current)

    if len(kinds) == 2:
        return lambda: SimulatedAcDcEvse(dc(), ac())
    return dc if True in kinds else ac


def session_config(
    args: argparse.Namespace,
    pnc: bool,
    choice: iso20.Choice | None = None,
    modes: Sequence[EnergyMode] | None = None,
) -> SeccConfig:
    """The session configuration of `v2g secc` options (``pnc``: Plug & Charge services exist;
    ``choice``: the ISO 15118-20 service and control mode; ``modes``: the energy modes, else
    ``--mode``)."""
    return SeccConfig(
        protocols=common.protocols(args.protocol or ["iso2", "din"], choice.service.name if choice else "dc"),
        energy_modes=tuple(modes) if modes is not None else tuple(MODES[m] for m in args.mode or ["dc"]),
        specs=(choice.secc_spec,) if choice else (),
        payment_options=payment_options(args, pnc),
        strict=args.strict,
        pause=args.pause,
        timeouts=_timeouts(args),
    )


def _peer(peer: tuple[str, int] | None) -> str:
    return f"[{peer[0]}]:{peer[1]}" if peer else "?"


def _describe(peer: tuple[str, int] | None, session_id: bytes | None, protocol: str | None) -> str:
    name = apphand.NAMESPACE_SCHEMAS.get(protocol, protocol) if protocol else "none"
    return f"peer {_peer(peer)}, SessionID {session_id.hex() if session_id else 'none'}, protocol {name}"


class _SessionLog:
    """What `v2g secc` prints: a line when a session starts (its SessionSetupRes) and when it ends,
    each message (tagged with the session's number while several run at once), the trace file."""

    def __init__(self, writer: TraceWriter, group: str = "") -> None:
        self.writer = writer
        self.group = group
        """The TLS key exchange group configured (named in the start line)."""
        self.server: SeccServer | None = None
        self._tls_written: set[int] = set()

    def message(self, info: SessionInfo, record: TraceRecord) -> None:
        several = self.server is not None and self.server.active_sessions > 1
        if info.tls is not None and info.number not in self._tls_written:
            self._tls_written.add(info.number)
            self.writer.tls = info.tls.as_dict()
        self.writer.write(record, f"#{info.number} " if several else "", connection=info.number,
                          peer=_peer(info.peer))
        if record.direction == "tx" and record.message == "SessionSetupRes":
            what = _describe(info.peer, info.session.session_id, info.session.protocol)
            # what the TLS layer negotiated (version, suite, group, peer), else (ssl path) the security
            over = (f"TLS {info.tls.summary()}" if info.tls is not None
                    else iso20.transport(info.session.security, self.group))
            print(f"session #{info.number} started: {what}{', ' + over if over else ''}", flush=True)

    def ended(self, summary: SessionSummary) -> None:
        number = f"#{summary.info.number} " if summary.info else ""
        print(f"session {number}ended: {_describe(summary.peer, summary.session_id, summary.protocol)}: "
              f"{summary.reason}", flush=True)


def _stapled(args: argparse.Namespace, iso20: bool) -> tls.ocsp.OcspCache | None:
    """``--ocsp FILE``: the DER response (``v2g pki ocsp``) the SECC staples for its -2 leaf (with
    --protocol iso20, the one of ``--pki-iso2``)."""
    if args.ocsp is None or (iso20 and not args.pki_iso2):
        return None
    folder = Path(args.pki_iso2) if iso20 else common.pki_dir(args)
    leaf = tls.context.anchors_of([tls.store.chain_path(folder, Role.SECC_LEAF, "iso2")])[0]
    cache = tls.ocsp.OcspCache()
    try:
        cache.put(leaf, Path(args.ocsp).read_bytes())
    except OSError as exc:
        raise UsageError(f"--ocsp: {exc}") from exc
    return cache


def _timeouts(args: argparse.Namespace) -> SeccTimeouts:
    """--loop-timeout: the -20 charge loop's sequence timeout (0.5 s by the standard), for a slow
    peer under test."""
    return SeccTimeouts() if args.loop_timeout is None else SeccTimeouts(iso20_charge_loop=args.loop_timeout)


async def serve(args: argparse.Namespace) -> int:
    if args.tls_only and not args.tls:
        raise UsageError("--tls-only needs --tls (and --pki DIR)")
    modes = list(dict.fromkeys(MODES[m] for m in args.mode))
    choice = iso20.choice(args, args.protocol, secc=True)
    if choice is not None and choice.service.energy_mode not in modes:
        modes.append(choice.service.energy_mode)  # the -20 service needs its kind of power stage
    keylog = pcap.KeylogFile(args.keylog, needed=args.pcap is not None and args.tls)
    ssl_context = None
    if args.tls:
        ssl_context = iso20.server_context(args, choice is not None, keylog=keylog.path,
                                           ocsp=_stapled(args, choice is not None))
    sdp_interface = None if args.no_sdp else args.interface
    if sdp_interface is None and not args.no_sdp:
        raise UsageError("give --interface IF for SDP, or --no-sdp with --host/--port")
    pnc = plug_and_charge(args, common.pki_dir(args) if args.tls else None)
    config = SeccServerConfig(
        session_config(args, pnc is not None, choice, modes),
        host=args.host,
        tcp_port=None if args.tls_only else args.port,
        tls_port=args.tls_port if args.tls else None,
        ssl_context=ssl_context,
        sdp_interface=sdp_interface,
        sdp_port=args.sdp_port,
        slac=args.slac,
    )
    args.mode = [m for m, mode in MODES.items() if mode in modes]
    factory = power_stage(args, choice is not None and choice.service.name.endswith("_bpt"))
    services = None
    backend = None
    if pnc is not None or args.ocpp:  # one connector: the meter that signs is the one that charges
        charger = factory()
        factory, services = (lambda: charger), EvseServices.of(charger, pnc)
        if args.ocpp:
            backend, services = ocpp_cli.secc_backend(args, charger, pnc)
    writer = TraceWriter(args, "evse")
    log = _SessionLog(writer, iso20.group_name(args, choice is not None) if args.tls else "")
    stop = asyncio.Event()
    recording = pcap.SeccRecording(args.pcap, keylog.path) if args.pcap is not None else None
    try:
        async with contextlib.AsyncExitStack() as stack:
            ends: list[Callable[[SessionSummary], None]] = [log.ended]
            if backend is not None:  # the CSMS connection is kept (and retried) while the SECC serves
                await stack.enter_async_context(backend)
                ends.append(backend.session_ended)
                await ocpp_cli.wait_connected(backend)
                if args.ocpp_renew_secc:
                    config = await _renew_secc(args, backend, config, log, keylog.path)

            def on_end(summary: SessionSummary) -> None:
                for end in ends:
                    end(summary)

            note = _iso20_line(choice, log.group, bool(args.pki_iso2))
            return await _serve(args, config, factory, services, log, on_end, stop, recording, sdp_interface,
                                note)
    finally:
        writer.close()
        if recording is not None:
            await recording.close()
        keylog.remove()


async def _serve(
    args: argparse.Namespace,
    config: SeccServerConfig,
    factory: Callable[[], EvseController],
    services: EvseServices | None,
    log: _SessionLog,
    on_end: Callable[[SessionSummary], None],
    stop: asyncio.Event,
    recording: pcap.SeccRecording | None,
    sdp_interface: str | None,
    note: str = "",
) -> int:
    with common.StopSignals(lambda signum: stop.set()) as signals:
        if recording is not None:  # relays on the public ports, the SECC behind them on ::1
            config = await recording.start(config)
        server = SeccServer(config, factory, session_trace=log.message, on_session_end=on_end,
                            services=services,
                            sdp_observer=recording.sdp if recording is not None else None)
        if recording is not None:
            recording.server = server
        async with server:
            log.server = server
            tcp, tls_port = server.tcp_port, server.tls_port
            if recording is not None:
                tcp, tls_port = config.sdp_ports or (None, None)
            print(
                f"SECC listening on [{args.host}] tcp={tcp} tls={tls_port} "
                f"sdp={sdp_interface or 'off'}{f' pcap={args.pcap}' if recording else ''}{note}",
                flush=True,
            )
            await _until_done_or(stop, server, args.sessions)
            if signals.received is not None:  # power off, the next request answered, then exit
                await server.shutdown(f"stopped by {signals.name}")
                print(f"SECC stopped by {signals.name}", flush=True)
            _print_turnaround(server)
    return signals.exit_code or 0


async def _renew_secc(args: argparse.Namespace, backend: OcppBackend, config: SeccServerConfig,
                      log: _SessionLog, keylog: Path | None) -> SeccServerConfig:
    """``--ocpp-renew-secc``: the renewed chain in the TLS context the server starts with (and, should
    CertificateSigned come later, in the running server's for its new connections)."""
    if not args.tls or iso20.choice(args, args.protocol, secc=True) is not None:
        raise UsageError("--ocpp-renew-secc renews the -2 SECC certificate: it needs --tls (-2)")

    def context() -> tls.context.TlsContext:
        return iso20.server_context(args, False, keylog=keylog, ocsp=_stapled(args, False))

    def reload() -> None:
        if log.server is not None:
            log.server.use_tls_context(context())

    if await ocpp_cli.renew_secc(args, backend, reload):
        return dataclasses.replace(config, ssl_context=context())
    return config


def _iso20_line(choice: iso20.Choice | None, group: str, both: bool) -> str:
    if choice is None:
        return ""
    control = choice.control or "scheduled and dynamic"
    port = "-20 over TLS 1.3 mutual" + (" and -2 over TLS 1.2" if both else ", -2 too with --pki-iso2")
    return f" iso20={choice.service.name} control={control} (TLS port: {port}; group {group})"


async def _until_done_or(stop: asyncio.Event, server: SeccServer, sessions: int) -> None:
    """Serve until ``sessions`` sessions ended (0: forever) or ``stop`` is set."""
    serving = asyncio.ensure_future(server.wait_finished(sessions) if sessions else server.serve_forever())
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait((serving, stopping), return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (serving, stopping):
            task.cancel()


def _print_turnaround(server: SeccServer) -> None:
    if server.turnaround:
        times = sorted(server.turnaround)
        median, p99 = times[len(times) // 2], times[min(len(times) - 1, int(0.99 * len(times)))]
        print(
            f"response time: median {median * 1e3:.3f} ms, p99 {p99 * 1e3:.3f} ms "
            f"over {len(times)} responses",
            flush=True,
        )


def cmd_secc(args: argparse.Namespace) -> int:
    level = args.log_level or ("DEBUG" if args.verbose > 1 else "INFO" if args.verbose else "WARNING")
    logging.basicConfig(level=level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return asyncio.run(serve(args))


def add_parser(sub: common.Subparsers) -> None:
    s = sub.add_parser("secc", help="run a charger (SECC) with a simulated power stage")
    common.add_session_common(s, multi=True)
    iso20.add_arguments(s, secc=True)
    s.add_argument("--host", default="::", help="listen address (default ::)")
    s.add_argument("--port", type=common.listen_port, default=0,
                   help="TCP port (default: a free one in 49152-65535)")
    s.add_argument("--tls-port", type=common.listen_port, default=0,
                   help="TLS port (default: a free one in 49152-65535)")
    s.add_argument("--tls-only", action="store_true", help="offer no plain TCP")
    pcap.add_option(s)
    s.add_argument("--sdp-port", type=common.port, default=sdp.SDP_PORT, help=argparse.SUPPRESS)
    ocpp_cli.add_secc_options(s)
    s.add_argument("--ocsp", metavar="FILE", help="with --tls: staple this OCSP response (v2g pki ocsp)")
    s.add_argument("--mode", choices=sorted(MODES), action="append", help="energy modes (default dc)")
    s.add_argument("--sessions", type=common.count, default=0,
                   help="exit after this many sessions (0: never)")
    s.add_argument("--loop-timeout", type=common.positive_float, metavar="SECONDS",
                   help="-20: wait this long for the next charging-loop request instead of the "
                   "standard's 0.5 s: for a slow peer under test, not what a charger does")
    dc, ac = SimulatedDcEvse, SimulatedAcEvse
    s.add_argument("--max-voltage", type=common.positive_float, default=dc.max_voltage, metavar="V",
                   help=f"DC: the charger's maximum voltage (default {dc.max_voltage:g} V)")
    s.add_argument("--max-current", type=common.positive_float, default=dc.max_current, metavar="A",
                   help=f"DC: the charger's maximum current (default {dc.max_current:g} A)")
    s.add_argument("--max-power", type=common.positive_float, default=dc.max_power, metavar="W",
                   help=f"DC: the charger's maximum power (default {dc.max_power:g} W)")
    s.add_argument("--ac-max-current", type=common.positive_float, default=ac.max_current, metavar="A",
                   help=f"AC: the maximum current per phase (default {ac.max_current:g} A)")
    s.add_argument("--verbose", "-v", action="count", default=0,
                   help="log what the server does to stderr (-v: INFO, -vv: DEBUG)")
    s.add_argument("--log-level", choices=("DEBUG", "INFO", "WARNING", "ERROR"), type=str.upper,
                   help="log level (instead of -v)")
    s.add_argument("--strict", action="store_true",
                   help="conformance testing: FAILED_SequenceError where real chargers are lenient (an "
                   "EV that stops with PowerDelivery before the charging loop, SessionStop in the cable "
                   "check or pre-charge)")
    s.add_argument("--no-pause", dest="pause", action="store_false",
                   help="ISO 15118-2: a charger that cannot pause: SessionStop(Pause) is answered FAILED "
                   "and the session ends")
    add_secc_options(s)
    s.set_defaults(func=cmd_secc)
