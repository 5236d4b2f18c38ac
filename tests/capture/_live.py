"""Our SECC on loopback in a thread of its own (its own event loop), configured with `v2g secc`
options, for replay tests that run `v2g capture replay` through the CLI in the main thread."""

from __future__ import annotations

import asyncio
import io
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path

import tls.context
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.cli import build_parser
from v2g.cli import main as v2g_main
from v2g.cli.common import pki_dir
from v2g.cli.pnc import plug_and_charge
from v2g.cli.secc import power_stage, session_config
from v2g.controller import EvseServices


@contextmanager
def our_secc(options: list[str], ssl_context: ssl.SSLContext | None = None) -> Iterator[SeccServer]:
    """Our SECC with these `v2g secc` options (protocol, mode, limits, behaviour, ``--tls --pki DIR``
    with Plug & Charge), on [::1] at a free port (TLS only, with ``ssl_context`` or ``--tls``)."""
    args = build_parser().parse_args(["secc", "--no-sdp", *options])
    pki = pki_dir(args) if args.tls else None
    if ssl_context is None and pki is not None:
        ssl_context = tls.context.iso2_server_context(tls.context.server_config_from_dir(pki, "iso2"))
    pnc = plug_and_charge(args, pki)
    config = SeccServerConfig(
        session_config(args, pnc is not None),
        host="::1",
        tcp_port=None if ssl_context else 0,
        tls_port=0 if ssl_context else None,
        ssl_context=ssl_context,
        freeze_gc=False,
    )
    loop = asyncio.new_event_loop()
    factory = power_stage(args) if args.mode else power_stage(_with_dc(args))
    services = None
    if pnc is not None:  # one connector: the meter that signs is the one that charges
        charger = factory()
        factory, services = (lambda: charger), EvseServices.of(charger, pnc)
    server = SeccServer(config, factory, services=services)
    started = threading.Event()
    stop = asyncio.Event()

    async def serve() -> None:
        async with server:
            started.set()
            await stop.wait()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    assert started.wait(20), "the SECC did not start"
    try:
        yield server
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(20)
        loop.close()


def _with_dc(args: object) -> object:
    args.mode = ["dc"]  # type: ignore[attr-defined]
    return args


def replay(*argv: str | Path) -> tuple[int, str]:
    """`v2g capture replay ...` through the command line's main; exit status and output."""
    out = io.StringIO()
    with redirect_stdout(out):
        code = v2g_main(["capture", "replay", *map(str, argv)])
    return code, out.getvalue()
