"""`v2g demo`: a whole session, SECC and EVCC over loopback, with its PKI, key log, trace and capture."""

from __future__ import annotations

import argparse
import asyncio
import datetime
import io
import tempfile
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import tls.context
import tls.ocsp
import tls.pki
import tls.profiles
import tls.store
import v2g.capture.pcap
from v2g import iso20_catalog, sdp
from v2g.aio.demo import DemoConfig, run_demo
from v2g.cli import common
from v2g.cli import iso20 as iso20_cli
from v2g.cli import ocpp as ocpp_cli
from v2g.cli import pnc as pnc_cli
from v2g.cli.common import MODES, PROTOCOLS, TraceWriter, UsageError
from v2g.evcc import EvccResult, EvccSession


def cmd_demo(args: argparse.Namespace) -> int:
    if args.chademo:
        return _chademo_demo(args)
    if args.protocol == "din" and not MODES[args.mode].is_dc:
        raise UsageError("DIN 70121 is DC only: --mode dc, or --protocol iso2 for AC")
    iso20 = args.protocol == "iso20"
    # -20 Plug & Charge shows a bidirectional session unless told otherwise
    service: str = args.service or ("dc_bpt" if args.pnc else "dc")
    if iso20:
        if args.no_tls:
            raise UsageError("ISO 15118-20 runs over TLS 1.3 with mutual authentication only: no --no-tls")
        try:
            iso20_catalog.evcc_spec(service, args.control)
            iso20_catalog.secc_spec(service)
        except iso20_catalog.UnknownService as exc:
            raise UsageError(f"--service {service} --control {args.control}: {exc}") from None
    elif args.service is not None or args.control != "scheduled" or args.algorithm != "secp521r1":
        raise UsageError("--service, --control and --algorithm go with --protocol iso20")
    if args.ocpp:
        if args.protocol != "iso2" or args.no_tls:
            raise UsageError("--ocpp: the demo runs ISO 15118-2 Plug & Charge over TLS")
        args.pnc = True  # Plug & Charge through the CSMS
    if args.pnc and (args.protocol == "din" or args.no_tls):
        raise UsageError("--pnc is ISO 15118-2 over TLS or ISO 15118-20 over TLS 1.3")
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="v2g-demo-"))
    out.mkdir(parents=True, exist_ok=True)
    if args.trace is None:
        args.trace = str(out / "trace.jsonl")
    server_tls = client_tls = None
    # the -20 PKI of the algorithm family: P-521 in OUT/pki20, Ed448 in OUT/pki20-ed448
    pki20 = "pki20" if args.algorithm == "secp521r1" else f"pki20-{args.algorithm}"
    pki_dir = out / (pki20 if iso20 else "pki")
    use_tls = args.protocol != "din" and not args.no_tls
    if use_tls:
        profile = "iso20" if iso20 else "iso2"
        if not tls.store.holds_pki(pki_dir):
            algorithm = tls.profiles.KeyAlgorithm(args.algorithm) if iso20 else None
            tls.store.write_pki(
                tls.pki.create_pki(tls.pki.PkiConfig(profile, now=_utcnow(), algorithm=algorithm)), pki_dir
            )
        keylog = out / "keylog.txt"
        if iso20:
            server_config = tls.context.server_config_from_dir(pki_dir, profile)
            client_config = tls.context.client_config_from_dir(pki_dir, profile, keylog=keylog)
            server_tls = tls.context.iso20_server_context(server_config)
            client_tls = tls.context.iso20_client_context(client_config)
        else:
            stapled = tls.ocsp.local_cache(pki_dir, "iso2", _utcnow)  # the SECC staples its leaf's status
            server_tls = tls.context.iso2_server_context(
                tls.context.server_config_from_dir(pki_dir, "iso2", ocsp=stapled)
            )
            client_tls = tls.context.iso2_client_context(
                tls.context.client_config_from_dir(pki_dir, "iso2", keylog=keylog)
            )
    mode = iso20_catalog.service(service).energy_mode if iso20 else MODES[args.mode]
    pnc = provisioning = None
    if args.pnc:
        pnc, provisioning = pnc_cli.demo_setup(pki_dir, out, args.cycles)
    what = f"{service.upper()}, {args.control} control" if iso20 else ("DC" if mode.is_dc else "AC")
    over = (f"TLS 1.3 mutual, groups {iso20_cli.DEFAULT_GROUPS}, {args.algorithm} PKI" if iso20
            else "TLS 1.2" if use_tls else "plain TCP")
    print(f"v2g demo: {args.protocol.upper()} {what}, {over}{', Plug & Charge' if pnc else ''}, SECC and "
          f"EVCC over loopback (files in {out})", flush=True)
    config = DemoConfig(
        protocol=args.protocol,
        service=service,
        control=args.control,
        mode=mode,
        cycles=args.cycles,
        server_tls=server_tls,
        client_tls=client_tls,
        sdp_port=args.sdp_port,
        pnc=pnc,
        provisioning=provisioning,
    )
    sessions: list[EvccSession] = []
    writer = TraceWriter(args, "ev")
    recording = io.BytesIO()
    pcap = v2g.capture.pcap.PcapngWriter(recording, application="v2g demo") if args.pcap else None
    try:
        def run(config: DemoConfig) -> Coroutine[Any, Any, EvccResult]:
            return run_demo(config, writer, pcap=pcap, on_session=sessions.append)

        ocpp_lines: list[str] = []
        if args.ocpp:
            result, ocpp_lines = asyncio.run(ocpp_cli.demo(config, run, out / "pki", args.ocpp_version))
        else:
            result = asyncio.run(run(config))
    finally:
        writer.close()
        if pcap is not None:
            log_file = out / "keylog.txt"
            secrets = log_file.read_text() if use_tls and log_file.exists() else ""
            _write_capture(Path(args.pcap), recording.getvalue(), secrets)
    control = f", {args.control} control" if iso20 else ""
    print(
        f"session {'OK' if result.ok else 'FAILED'}: {result.reason}; {result.loop_count} charging loops"
        f"{control}, SoC {result.final_soc}%; trace: {args.trace}",
        flush=True,
    )
    if pnc is not None:
        for line in pnc_cli.report(pnc, sessions[0] if sessions else None, out, iso20=iso20):
            print(line, flush=True)
    ctx = sessions[0].context if sessions else None
    for line in ocpp_lines:
        print(line, flush=True)
    if ocpp_lines and ctx is not None and ctx.schedule is not None:
        watts = ctx.schedule.pmax[0][1]
        print(f"  the car's schedule: {watts:g} W after {ctx.renegotiations} renegotiation(s)", flush=True)
    return 0 if result.ok else 1


def _write_capture(path: Path, recorded: bytes, keylog: str) -> None:
    """The recording with its TLS secrets first (a Decryption Secrets Block before the handshakes), so
    Wireshark and ``v2g capture`` decrypt it with no side file."""
    with v2g.capture.pcap.PcapngWriter(path, application="v2g demo") as final:
        if keylog:
            final.write_secrets(keylog)
        for packet in v2g.capture.pcap.read_capture(recorded).packets:
            final.write_packet(packet.timestamp_ns / 1e9, packet.data, comment=packet.comment)


def _chademo_demo(args: argparse.Namespace) -> int:
    from v2g.chademo.aiodemo import run_chademo_demo  # needs the [can] extra

    protocol = PROTOCOLS[args.protocol]
    print(
        f"v2g demo --chademo: a CHAdeMO car on python-can's virtual bus, the bridge (EVCC, "
        f"{args.protocol.upper()} DC) and the SECC over loopback",
        flush=True,
    )
    result = asyncio.run(run_chademo_demo(protocol, lambda line: print(line, flush=True)))
    station = result.station.reason if result.station else "not started"
    print(
        f"session {'OK' if result.ok else 'FAILED'}: car {result.car}; station {station}; "
        f"SoC {result.soc:.1f} %",
        flush=True,
    )
    return 0 if result.ok else 1


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def add_parser(sub: common.Subparsers) -> None:
    d = sub.add_parser("demo", help="a whole session, SECC and EVCC over loopback; no root, no hardware")
    d.add_argument("--protocol", choices=sorted(PROTOCOLS), default="iso2")
    d.add_argument("--mode", choices=sorted(MODES), default="dc")
    d.add_argument("--service", metavar="|".join(iso20_catalog.SERVICES),
                   help="ISO 15118-20 energy service (default dc; with --pnc dc_bpt)")
    d.add_argument("--control", choices=iso20_catalog.CONTROLS, default="scheduled",
                   help="ISO 15118-20 control mode (default scheduled)")
    d.add_argument("--algorithm", choices=("secp521r1", "ed448"), default="secp521r1",
                   help="ISO 15118-20 PKI algorithm family (default secp521r1); with --pnc, ed448 installs "
                   "an Ed448 contract through X448 key transport")
    d.add_argument("--no-tls", action="store_true", help="plain TCP instead of TLS (ISO 15118-2)")
    d.add_argument("--cycles", type=common.positive, default=10, help="charging loops (default 10)")
    d.add_argument("--out", help="folder for the PKI, key log and trace (default: a new temp folder)")
    d.add_argument("--trace", help="JSON-lines trace file (default OUT/trace.jsonl)")
    d.add_argument("--pcap", help="record the session (SDP, TCP/TLS) as pcapng, TLS secrets embedded")
    d.add_argument("--sdp-port", type=common.port, default=sdp.SDP_PORT, help=argparse.SUPPRESS)
    d.add_argument("--pnc", action="store_true",
                   help="Plug & Charge: a car without a contract installs one, authorizes with it, charges "
                   "and signs receipts (ISO 15118-2) or MeteringConfirmations (-20), stored and verified in "
                   "OUT/receipts.db")
    d.add_argument("--ocpp-version", choices=("2.0.1", "1.6"), default="2.0.1",
                   help="with --ocpp (default 2.0.1)")
    d.add_argument("--ocpp", action="store_true",
                   help="Plug & Charge through a test CSMS over OCPP (needs [ocpp]): the "
                   "contract installed and authorized by the CSMS, its power limit as the car's schedule, "
                   "a lower limit mid-session renegotiated, the signed meter values sent to it")
    d.add_argument("--quiet", "-q", action="store_true", help="do not print each message")
    d.add_argument(
        "--chademo",
        action="store_true",
        help="a CHAdeMO car on a virtual CAN bus charged through the bridge by the SECC (needs [can])",
    )
    d.set_defaults(func=cmd_demo)
