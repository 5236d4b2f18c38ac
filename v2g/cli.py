"""The ``v2g`` command. The only module that reads files, arguments or the environment."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import io
import ipaddress
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import slac.cli
import tls.cli
import tls.context
import tls.pki
import tls.store
import v2g.capture.cli
import v2g.capture.pcap
from slac.errors import SlacError
from tls.errors import TlsPackageError
from v2g import __version__, apphand, sdp, tracefmt
from v2g.aio import netif
from v2g.aio import sdp as aio_sdp
from v2g.aio.demo import DemoConfig, run_demo
from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.controller import EnergyMode, SimulatedAcDcEvse, SimulatedAcEvse, SimulatedDcEvse, SimulatedEv
from v2g.errors import V2GError
from v2g.evcc import EvccConfig
from v2g.secc import SeccConfig
from v2g.trace import TraceRecord

Command = Callable[[argparse.Namespace], int]


def _print(args: argparse.Namespace, text: str, **record: object) -> None:
    if args.json:
        print(json.dumps(record), flush=True)
    else:
        print(text, flush=True)


# --- sdp ------------------------------------------------------------------------------------------


def _cmd_sdp_discover(args: argparse.Namespace) -> int:
    security = sdp.Security.TLS if args.security == "tls" else sdp.Security.NONE
    accept = frozenset({security}) if args.strict else frozenset(sdp.Security)
    config = sdp.SdpClientConfig(
        security=security, retry_interval=args.interval, max_requests=args.retries, accept_security=accept
    )

    def progress(sent: int) -> None:
        if args.verbose:
            _print(args, f"SDP request {sent}/{args.retries} on {args.interface}", event="request", n=sent)

    try:
        event = asyncio.run(aio_sdp.discover(args.interface, config, port=args.sdp_port, on_request=progress))
    except netif.InterfaceError as exc:
        print(f"v2g: {exc}", file=sys.stderr)
        return 2
    if isinstance(event, sdp.DiscoveryFailed):
        _print(args, f"no SECC found: {event.reason}", event="failed", requests=event.requests_sent)
        return 1
    r = event.response
    _print(
        args,
        f"SECC at [{r.address}]:{r.port} security={r.security.name} transport={r.transport.name} "
        f"(after {event.requests_sent} request(s))",
        event="discovered",
        address=str(r.address),
        port=r.port,
        security=r.security.name,
        transport=r.transport.name,
        requests=event.requests_sent,
    )
    return 0


async def _sdp_serve(args: argparse.Namespace) -> int:
    iface = await netif.wait_for_interface(args.interface)
    address = args.address or iface.address()
    config = sdp.SdpServerConfig(address, tcp_port=args.port, tls_port=args.tls_port)
    done = asyncio.Event()
    answered = 0

    def on_answer(request: bytes, peer: object, answer: bytes) -> None:
        nonlocal answered
        answered += 1
        response = sdp.decode(answer)
        assert isinstance(response, sdp.SdpResponse)
        host = peer[0] if isinstance(peer, tuple) else peer
        _print(
            args,
            f"answered {host}: [{response.address}]:{response.port} {response.security.name}",
            event="answered",
            peer=str(host),
            port=response.port,
            security=response.security.name,
        )
        if args.count and answered >= args.count:
            done.set()

    async with aio_sdp.SdpResponder(args.interface, config, port=args.sdp_port, on_answer=on_answer):
        _print(
            args,
            f"SDP server on {args.interface} (UDP {args.sdp_port}) offering [{address}] "
            f"tcp={args.port} tls={args.tls_port}",
            event="listening",
            interface=args.interface,
            address=str(address),
        )
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(args.duration or None):
                await done.wait()
    return 0


def _cmd_sdp_serve(args: argparse.Namespace) -> int:
    if args.port is None and args.tls_port is None:
        print("v2g: sdp serve needs --port, --tls-port or both", file=sys.stderr)
        return 2
    try:
        return asyncio.run(_sdp_serve(args))
    except (netif.InterfaceError, OSError) as exc:
        print(f"v2g: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0


def _port(text: str) -> int:
    value = int(text)
    if not 0 < value <= 0xFFFF:
        raise argparse.ArgumentTypeError(f"port {value} outside 1..65535")
    return value


def _listen_port(text: str) -> int:
    """A port to listen on: 0 is any free one."""
    return 0 if int(text) == 0 else _port(text)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: give 1 or more")
    return value


def _count(text: str) -> int:
    """0 (no limit) or more."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value}: give 0 (no limit) or more")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text}: give a positive number")
    return value


def _session_id(text: str) -> bytes:
    try:
        value = bytes.fromhex(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not hex") from None
    if not 1 <= len(value) <= 8 or value == bytes(len(value)):
        raise argparse.ArgumentTypeError("a SessionID is 1 to 8 bytes, not all zero")
    return value


def _mac(text: str) -> bytes:
    try:
        value = bytes.fromhex(text.replace(":", "").replace("-", ""))
    except ValueError:
        value = b""
    if len(value) != 6:
        raise argparse.ArgumentTypeError(f"{text!r} is not a MAC address (6 bytes)")
    return value


def _soc(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text}: a state of charge is 0..100 %")
    return value


def _ipv6(text: str) -> ipaddress.IPv6Address:
    try:
        return ipaddress.IPv6Address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class UsageError(Exception):
    """A combination of options that cannot work: `v2g` prints it and exits 2 (argparse's code)."""


def _add_sdp(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_sdp = sub.add_parser("sdp", help="SECC Discovery Protocol (UDP port 15118)")
    sdp_sub = p_sdp.add_subparsers(dest="sdp_command", required=True)

    d = sdp_sub.add_parser("discover", help="find an SECC on an interface, as a vehicle does")
    d.add_argument("--interface", "-i", required=True, help="network interface (the PLC modem's)")
    d.add_argument("--security", choices=("none", "tls"), default="none", help="security to ask for")
    d.add_argument("--strict", action="store_true", help="ignore answers offering another security")
    d.add_argument("--retries", type=_positive, default=50, help="requests before giving up (default 50)")
    d.add_argument("--interval", type=_positive_float, default=0.25, help="seconds between requests (0.25)")
    d.add_argument("--sdp-port", type=_port, default=sdp.SDP_PORT, help=argparse.SUPPRESS)
    d.add_argument("--verbose", "-v", action="store_true", help="print every request sent")
    d.add_argument("--json", action="store_true", help="JSON lines output")
    d.set_defaults(func=_cmd_sdp_discover)

    s = sdp_sub.add_parser("serve", help="answer SDP requests on an interface, as a charger does")
    s.add_argument("--interface", "-i", required=True, help="network interface (the PLC modem's)")
    s.add_argument("--port", type=_port, help="TCP port of the V2G server to advertise")
    s.add_argument("--tls-port", type=_port, help="TLS port of the V2G server to advertise")
    s.add_argument("--address", type=_ipv6, help="advertise this IPv6 address (default: the link-local one)")
    s.add_argument("--count", type=_count, default=0, help="exit after answering this many requests")
    s.add_argument("--duration", type=float, default=0.0, help="exit after this many seconds")
    s.add_argument("--sdp-port", type=_port, default=sdp.SDP_PORT, help=argparse.SUPPRESS)
    s.add_argument("--json", action="store_true", help="JSON lines output")
    s.set_defaults(func=_cmd_sdp_serve)


def _add_pki(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_pki = sub.add_parser("pki", help="create and check a V2G test PKI (see docs/pki.md)")
    tls.cli.add_arguments(p_pki)
    p_pki.set_defaults(func=tls.cli.run)


# --- sessions: secc, evcc, demo -----------------------------------------------------------------

PROTOCOLS = {"din": apphand.DIN, "iso2": apphand.ISO2}
MODES = {
    "dc": EnergyMode.DC_EXTENDED,
    "ac": EnergyMode.AC_THREE_PHASE,
    "ac1": EnergyMode.AC_SINGLE_PHASE,
}


class _TraceWriter:
    """Prints one readable line per message and appends JSON lines to a trace file."""

    def __init__(self, args: argparse.Namespace, side: str) -> None:
        self.side = side
        self.quiet: bool = args.quiet
        self.start: float | None = None
        self.file = open(args.trace, "a", encoding="utf-8") if args.trace else None  # noqa: SIM115

    def __call__(self, record: TraceRecord) -> None:
        if self.start is None:
            self.start = record.time
        if not self.quiet:
            print(tracefmt.summarize(record, self.start, self.side), flush=True)
        if self.file is not None:
            self.file.write(json.dumps({"side": self.side, **record.as_json()}) + "\n")
            self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


def _protocols(names: list[str]) -> tuple[apphand.Protocol, ...]:
    return tuple(PROTOCOLS[name] for name in names)


RUN_ERRORS = (OSError, V2GError, SlacError, TlsPackageError, ValueError)
"""What every `v2g` command reports as one line and exit 1 (a busy port, a missing interface or PKI
file, a refused connection, a failed SLAC association), instead of a traceback (see :func:`main`)."""


def _pki_dir(args: argparse.Namespace) -> Path:
    if args.pki is None:
        raise UsageError("--tls needs --pki DIR (make one with `v2g pki create DIR --profile iso2`)")
    return Path(args.pki)


async def _secc(args: argparse.Namespace) -> int:
    if args.tls_only and not args.tls:
        raise UsageError("--tls-only needs --tls (and --pki DIR)")
    ssl_context = None
    if args.tls:
        tls_config = tls.context.server_config_from_dir(_pki_dir(args), "iso2", keylog=args.keylog)
        ssl_context = tls.context.iso2_server_context(tls_config)
    sdp_interface = None if args.no_sdp else args.interface
    if sdp_interface is None and not args.no_sdp:
        raise UsageError("give --interface IF for SDP, or --no-sdp with --host/--port")
    config = SeccServerConfig(
        SeccConfig(protocols=_protocols(args.protocol), energy_modes=tuple(MODES[m] for m in args.mode)),
        host=args.host,
        tcp_port=None if args.tls_only else args.port,
        tls_port=args.tls_port if args.tls else None,
        ssl_context=ssl_context,
        sdp_interface=sdp_interface,
        slac=args.slac,
    )
    kinds = {MODES[m].is_dc for m in args.mode}
    factory = SimulatedAcDcEvse if len(kinds) == 2 else SimulatedDcEvse if True in kinds else SimulatedAcEvse
    writer = _TraceWriter(args, "evse")
    try:
        async with SeccServer(config, factory, trace=writer) as server:
            print(
                f"SECC listening on [{args.host}] tcp={server.tcp_port} tls={server.tls_port} "
                f"sdp={sdp_interface or 'off'}",
                flush=True,
            )
            if args.sessions == 0:
                await server.serve_forever()
            await server.wait_finished(args.sessions)
            for summary in server.finished:
                print(f"session {summary.peer}: {summary.protocol}: {summary.reason}")
            if server.turnaround:
                times = sorted(server.turnaround)
                median, p99 = times[len(times) // 2], times[min(len(times) - 1, int(0.99 * len(times)))]
                print(
                    f"response time: median {median * 1e3:.3f} ms, p99 {p99 * 1e3:.3f} ms "
                    f"over {len(times)} responses",
                    flush=True,
                )
    finally:
        writer.close()
    return 0


def _cmd_secc(args: argparse.Namespace) -> int:
    try:
        return asyncio.run(_secc(args))
    except KeyboardInterrupt:  # a charger is stopped this way: not an error
        return 0


def _evcc_config(args: argparse.Namespace) -> EvccConfig:
    return EvccConfig(
        protocols=_protocols(args.protocol),
        energy_mode=MODES[args.mode],
        charging_loop_cycles=args.cycles,
        target_soc=args.target_soc,
        pause=args.pause,
        resume_session_id=args.resume,
        renegotiate_after=args.renegotiate_after,
    )


def _simulated_ev(args: argparse.Namespace) -> SimulatedEv:
    ev = SimulatedEv(mac=args.evcc_id, soc_percent=args.soc, capacity_wh=args.capacity * 1000.0)
    if args.max_current is not None:
        ev.max_current = args.max_current
    if args.max_voltage is not None:
        ev.max_voltage = args.max_voltage
    return ev


async def _evcc(args: argparse.Namespace) -> int:
    ssl_context = None
    if args.tls:
        client = tls.context.client_config_from_dir(_pki_dir(args), "iso2", keylog=args.keylog)
        ssl_context = tls.context.iso2_client_context(client)
    runner = EvccRunnerConfig(
        _evcc_config(args),
        interface=args.interface,
        host=args.host if args.no_sdp else None,
        port=args.port if args.no_sdp else None,
        security=sdp.Security.TLS if args.tls else sdp.Security.NONE,
        ssl_context=ssl_context,
        slac=args.slac,
    )
    writer = _TraceWriter(args, "ev")

    def on_slac(time: float, event: object) -> None:
        if not args.quiet:
            print(f"SLAC: {type(event).__name__}", flush=True)

    try:
        result = await run_evcc(runner, _simulated_ev(args), writer, on_slac=on_slac)
    finally:
        writer.close()
    hint = ""
    if not result.ok and result.protocol is None and not args.tls and "closed by the SECC" in result.reason:
        hint = " [closed before any answer: if that port is the SECC's TLS port, add --tls --pki DIR]"
    print(
        f"session {'OK' if result.ok else 'FAILED'}: {result.reason} (protocol {result.protocol}, "
        f"{result.loop_count} charging loops, SoC {result.final_soc}%){hint}",
        flush=True,
    )
    if result.paused and result.session_id is not None:
        print(f"paused: resume with --resume {result.session_id.hex()}", flush=True)
    return 0 if result.ok else 1


def _cmd_evcc(args: argparse.Namespace) -> int:
    if args.no_sdp and (args.host is None or args.port is None):
        print("v2g: --no-sdp needs --host ADDR --port N", file=sys.stderr)
        return 2
    if not args.no_sdp and args.interface is None:
        print("v2g: give --interface IF (SDP), or --no-sdp --host ADDR --port N", file=sys.stderr)
        return 2
    return asyncio.run(_evcc(args))


def _cmd_demo(args: argparse.Namespace) -> int:
    if args.protocol == "din" and not MODES[args.mode].is_dc:
        raise UsageError("DIN 70121 is DC only: --mode dc, or --protocol iso2 for AC")
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="v2g-demo-"))
    out.mkdir(parents=True, exist_ok=True)
    if args.trace is None:
        args.trace = str(out / "trace.jsonl")
    server_tls = client_tls = None
    use_tls = args.protocol == "iso2" and not args.no_tls
    if use_tls:
        pki_dir = out / "pki"
        if not tls.store.holds_pki(pki_dir):
            tls.store.write_pki(tls.pki.create_pki(tls.pki.PkiConfig("iso2", now=_utcnow())), pki_dir)
        keylog = out / "keylog.txt"
        server_tls = tls.context.iso2_server_context(tls.context.server_config_from_dir(pki_dir, "iso2"))
        client_tls = tls.context.iso2_client_context(
            tls.context.client_config_from_dir(pki_dir, "iso2", keylog=keylog)
        )
    mode = MODES[args.mode]
    print(
        f"v2g demo: {args.protocol.upper()} {'DC' if mode.is_dc else 'AC'}, "
        f"{'TLS 1.2' if use_tls else 'plain TCP'}, SECC and EVCC over loopback (files in {out})",
        flush=True,
    )
    config = DemoConfig(
        protocol=args.protocol,
        mode=mode,
        cycles=args.cycles,
        server_tls=server_tls,
        client_tls=client_tls,
        sdp_port=args.sdp_port,
    )
    writer = _TraceWriter(args, "ev")
    recording = io.BytesIO()
    pcap = v2g.capture.pcap.PcapngWriter(recording, application="v2g demo") if args.pcap else None
    try:
        result = asyncio.run(run_demo(config, writer, pcap=pcap))
    finally:
        writer.close()
        if pcap is not None:
            log_file = out / "keylog.txt"
            secrets = log_file.read_text() if use_tls and log_file.exists() else ""
            _write_capture(Path(args.pcap), recording.getvalue(), secrets)
    print(
        f"session {'OK' if result.ok else 'FAILED'}: {result.reason}; {result.loop_count} charging loops, "
        f"SoC {result.final_soc}%; trace: {args.trace}",
        flush=True,
    )
    return 0 if result.ok else 1


def _write_capture(path: Path, recorded: bytes, keylog: str) -> None:
    """The recording with its TLS secrets first (a Decryption Secrets Block before the handshakes), so
    Wireshark and ``v2g capture`` decrypt it with no side file."""
    with v2g.capture.pcap.PcapngWriter(path, application="v2g demo") as final:
        if keylog:
            final.write_secrets(keylog)
        for packet in v2g.capture.pcap.read_capture(recorded).packets:
            final.write_packet(packet.timestamp_ns / 1e9, packet.data)


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _add_session_common(p: argparse.ArgumentParser, *, multi: bool) -> None:
    p.add_argument("--interface", "-i", help="the PLC interface (SDP runs there)")
    p.add_argument("--no-sdp", action="store_true", help="no SDP: use --host and --port directly")
    p.add_argument(
        "--protocol",
        choices=sorted(PROTOCOLS),
        action="append" if multi else "store",
        help="protocol(s), most preferred first (default: iso2 then din)",
    )
    p.add_argument("--tls", action="store_true", help="TLS (ISO 15118-2 profile) with the PKI in --pki")
    p.add_argument("--pki", help="PKI folder made by `v2g pki create DIR --profile iso2`")
    p.add_argument("--keylog", type=Path, help="append TLS secrets here (NSS key log format)")
    p.add_argument("--trace", help="append a JSON-lines trace of every message to this file")
    p.add_argument("--quiet", "-q", action="store_true", help="do not print each message")
    p.add_argument("--slac", action="store_true", help="associate over the PLC modem first (ISO 15118-3)")


def _add_sessions(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("secc", help="run a charger (SECC) with a simulated power stage")
    _add_session_common(s, multi=True)
    s.add_argument("--host", default="::", help="listen address (default ::)")
    s.add_argument("--port", type=_listen_port, default=0, help="TCP port (default: any free one)")
    s.add_argument("--tls-port", type=_listen_port, default=0, help="TLS port (default: any free one)")
    s.add_argument("--tls-only", action="store_true", help="offer no plain TCP")
    s.add_argument("--mode", choices=sorted(MODES), action="append", help="energy modes (default dc)")
    s.add_argument("--sessions", type=_count, default=0, help="exit after this many sessions (0: never)")
    s.set_defaults(func=_cmd_secc)

    e = sub.add_parser("evcc", help="run a vehicle (EVCC) with a simulated battery")
    _add_session_common(e, multi=True)
    e.add_argument("--host", help="SECC address (with --no-sdp)")
    e.add_argument("--port", type=_port, help="SECC port (with --no-sdp)")
    e.add_argument("--mode", choices=sorted(MODES), default="dc", help="energy mode (default dc)")
    e.add_argument("--cycles", type=_positive, default=None,
                   help="charging loops before stopping (default: until the target SoC, which the "
                   "simulated 60 kWh battery reaches from 30 %% in about 35 min)")
    e.add_argument("--target-soc", type=_soc, default=None, help="stop at this SoC (%%)")
    e.add_argument("--pause", action="store_true", help="end with SessionStop(Pause) (ISO 15118-2)")
    e.add_argument("--resume", type=_session_id, metavar="SESSIONID",
                   help="resume the paused session with this SessionID (hex, as --pause printed it)")
    e.add_argument("--renegotiate-after", type=_positive, metavar="N",
                   help="ask for a renegotiation after N charging loops (ISO 15118-2)")
    e.add_argument("--evcc-id", type=_mac, default=SimulatedEv.mac, metavar="MAC",
                   help="EVCCID (the EV's MAC, e.g. 02:00:00:00:00:01; a resumed session needs the same)")
    e.add_argument("--soc", type=_soc, default=SimulatedEv.soc_percent, help="battery SoC at plug-in (%%)")
    e.add_argument("--capacity", type=_positive_float, default=SimulatedEv.capacity_wh / 1000.0,
                   help="battery capacity (kWh, default 60)")
    e.add_argument("--max-current", type=_positive_float, help="EV maximum current (A)")
    e.add_argument("--max-voltage", type=_positive_float, help="EV maximum voltage (V)")
    e.set_defaults(func=_cmd_evcc)

    d = sub.add_parser("demo", help="a whole session, SECC and EVCC over loopback; no root, no hardware")
    d.add_argument("--protocol", choices=sorted(PROTOCOLS), default="iso2")
    d.add_argument("--mode", choices=sorted(MODES), default="dc")
    d.add_argument("--no-tls", action="store_true", help="plain TCP instead of TLS (ISO 15118-2)")
    d.add_argument("--cycles", type=_positive, default=10, help="charging loops (default 10)")
    d.add_argument("--out", help="folder for the PKI, key log and trace (default: a new temp folder)")
    d.add_argument("--trace", help="JSON-lines trace file (default OUT/trace.jsonl)")
    d.add_argument("--pcap", help="record the session (SDP, TCP/TLS) as pcapng, TLS secrets embedded")
    d.add_argument("--sdp-port", type=_port, default=sdp.SDP_PORT, help=argparse.SUPPRESS)
    d.add_argument("--quiet", "-q", action="store_true", help="do not print each message")
    d.set_defaults(func=_cmd_demo)


def _cmd_slac(args: argparse.Namespace) -> int:
    try:
        return asyncio.run(slac.cli.run(args))
    except KeyboardInterrupt:
        return 0


def _add_capture(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_cap = sub.add_parser("capture", help="dissect pcap/pcapng captures of V2G sessions (docs/capture.md)")
    v2g.capture.cli.add_arguments(p_cap)
    p_cap.set_defaults(func=v2g.capture.cli.run)


def _add_exi(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_exi = sub.add_parser(
        "exi",
        help="EXI codec: decode, encode, generate (`v2g exi generate --schemas ../shared/schemas`)",
        add_help=False,
    )
    p_exi.add_argument("exi_args", nargs=argparse.REMAINDER, help="arguments of `python -m exi`")


def _add_slac(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_slac = sub.add_parser("slac", help="ISO 15118-3 SLAC association over a PLC modem (see docs/slac.md)")
    slac.cli.add_arguments(p_slac)
    p_slac.set_defaults(func=_cmd_slac)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="v2g",
        description="ISO 15118 / DIN SPEC 70121 EV-EVSE communication stack",
    )
    parser.add_argument("--version", action="version", version=f"v2g {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_sessions(sub)
    _add_sdp(sub)
    _add_pki(sub)
    _add_slac(sub)
    _add_capture(sub)
    _add_exi(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["exi"]:  # the codec's own command line, options and all
        from exi.__main__ import main as exi_main

        return exi_main(argv[1:], prog="v2g exi")
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


if __name__ == "__main__":
    sys.exit(main())
