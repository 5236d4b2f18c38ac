"""`v2g sdp discover` and `v2g sdp serve`: the SECC Discovery Protocol on its own."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from v2g import sdp
from v2g.aio import netif
from v2g.aio import sdp as aio_sdp
from v2g.cli import common
from v2g.cli.common import emit


def cmd_sdp_discover(args: argparse.Namespace) -> int:
    security = sdp.Security.TLS if args.security == "tls" else sdp.Security.NONE
    accept = frozenset({security}) if args.strict else frozenset(sdp.Security)
    config = sdp.SdpClientConfig(
        security=security, retry_interval=args.interval, max_requests=args.retries, accept_security=accept
    )

    def progress(sent: int) -> None:
        if args.verbose:
            emit(args, f"SDP request {sent}/{args.retries} on {args.interface}", event="request", n=sent)

    try:
        event = asyncio.run(aio_sdp.discover(args.interface, config, port=args.sdp_port, on_request=progress))
    except netif.InterfaceError as exc:
        print(f"v2g: {exc}", file=sys.stderr)
        return 2
    if isinstance(event, sdp.DiscoveryFailed):
        emit(args, f"no SECC found: {event.reason}", event="failed", requests=event.requests_sent)
        return 1
    r = event.response
    emit(
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
        emit(
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
        emit(
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


def cmd_sdp_serve(args: argparse.Namespace) -> int:
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


def add_parser(sub: common.Subparsers) -> None:
    p_sdp = sub.add_parser("sdp", help="SECC Discovery Protocol (UDP port 15118)")
    sdp_sub = p_sdp.add_subparsers(dest="sdp_command", required=True)

    d = sdp_sub.add_parser("discover", help="find an SECC on an interface, as a vehicle does")
    d.add_argument("--interface", "-i", required=True, help="network interface (the PLC modem's)")
    d.add_argument("--security", choices=("none", "tls"), default="none", help="security to ask for")
    d.add_argument("--strict", action="store_true", help="ignore answers offering another security")
    d.add_argument("--retries", type=common.positive, default=50,
                   help="requests before giving up (default 50)")
    d.add_argument("--interval", type=common.positive_float, default=0.25,
                   help="seconds between requests (0.25)")
    d.add_argument("--sdp-port", type=common.port, default=sdp.SDP_PORT, help=argparse.SUPPRESS)
    d.add_argument("--verbose", "-v", action="store_true", help="print every request sent")
    d.add_argument("--json", action="store_true", help="JSON lines output")
    d.set_defaults(func=cmd_sdp_discover)

    s = sdp_sub.add_parser("serve", help="answer SDP requests on an interface, as a charger does")
    s.add_argument("--interface", "-i", required=True, help="network interface (the PLC modem's)")
    s.add_argument("--port", type=common.port, help="TCP port of the V2G server to advertise")
    s.add_argument("--tls-port", type=common.port, help="TLS port of the V2G server to advertise")
    s.add_argument("--address", type=common.ipv6,
                   help="advertise this IPv6 address (default: the link-local one)")
    s.add_argument("--count", type=common.count, default=0, help="exit after answering this many requests")
    s.add_argument("--duration", type=float, default=0.0, help="exit after this many seconds")
    s.add_argument("--sdp-port", type=common.port, default=sdp.SDP_PORT, help=argparse.SUPPRESS)
    s.add_argument("--json", action="store_true", help="JSON lines output")
    s.set_defaults(func=cmd_sdp_serve)

