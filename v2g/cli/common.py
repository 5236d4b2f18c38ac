"""What the ``v2g`` commands share: argument types, usage errors, the protocol and mode names, the
per-message printer and trace file. The only package that reads files, arguments or the environment."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeAlias

from slac.errors import SlacError
from tls.errors import TlsPackageError
from v2g import apphand, tracefmt
from v2g.controller import EnergyMode
from v2g.errors import V2GError
from v2g.trace import TraceRecord

Command = Callable[[argparse.Namespace], int]
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class UsageError(Exception):
    """A combination of options that cannot work: `v2g` prints it and exits 2 (argparse's code)."""


RUN_ERRORS = (OSError, V2GError, SlacError, TlsPackageError, ValueError)
"""What every `v2g` command reports as one line and exit 1 (a busy port, a missing interface or PKI
file, a refused connection, a failed SLAC association), instead of a traceback (see :func:`main`)."""


def emit(args: argparse.Namespace, text: str, **record: object) -> None:
    """One line of output: the text, or the record as JSON with ``--json``."""
    if args.json:
        print(json.dumps(record), flush=True)
    else:
        print(text, flush=True)


# --- argument types -------------------------------------------------------------------------------


def port(text: str) -> int:
    value = int(text)
    if not 0 < value <= 0xFFFF:
        raise argparse.ArgumentTypeError(f"port {value} outside 1..65535")
    return value


def listen_port(text: str) -> int:
    """A port to listen on: 0 is any free one."""
    return 0 if int(text) == 0 else port(text)


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: give 1 or more")
    return value


def count(text: str) -> int:
    """0 (no limit) or more."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value}: give 0 (no limit) or more")
    return value


def positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text}: give a positive number")
    return value


def session_id(text: str) -> bytes:
    try:
        value = bytes.fromhex(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not hex") from None
    if not 1 <= len(value) <= 8 or value == bytes(len(value)):
        raise argparse.ArgumentTypeError("a SessionID is 1 to 8 bytes, not all zero")
    return value


def mac(text: str) -> bytes:
    try:
        value = bytes.fromhex(text.replace(":", "").replace("-", ""))
    except ValueError:
        value = b""
    if len(value) != 6:
        raise argparse.ArgumentTypeError(f"{text!r} is not a MAC address (6 bytes)")
    return value


def soc(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text}: a state of charge is 0..100 %")
    return value


def ipv6(text: str) -> ipaddress.IPv6Address:
    try:
        return ipaddress.IPv6Address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# --- sessions: secc, evcc, demo -------------------------------------------------------------------

PROTOCOLS = {"din": apphand.DIN, "iso2": apphand.ISO2, "iso20": apphand.ISO20_DC}
"""``iso20`` is the -20 DC or AC namespace after ``--service`` (:func:`protocols`)."""
MODES = {
    "dc": EnergyMode.DC_EXTENDED,
    "ac": EnergyMode.AC_THREE_PHASE,
    "ac1": EnergyMode.AC_SINGLE_PHASE,
}


def protocols(names: list[str], service: str = "dc") -> tuple[apphand.Protocol, ...]:
    """The protocols of ``--protocol`` (``iso20``: DC or AC after the -20 ``service``)."""
    iso20 = apphand.ISO20_AC if service.startswith("ac") else apphand.ISO20_DC
    return tuple(dict.fromkeys(iso20 if name == "iso20" else PROTOCOLS[name] for name in names))


class TraceWriter:
    """Prints one readable line per message and appends JSON lines to a trace file. Each JSON line
    carries ``wall_time`` (seconds since the epoch, as a capture's timestamps) beside the session
    clock's ``time``; a server's lines also ``connection`` (its number) and ``peer`` ("[addr]:port")."""

    def __init__(self, args: argparse.Namespace, side: str) -> None:
        self.side = side
        self.quiet: bool = args.quiet
        self.start: float | None = None
        self.file = open(args.trace, "a", encoding="utf-8") if args.trace else None  # noqa: SIM115
        self.tls: dict[str, object] | None = None
        """What the TLS handshake negotiated: written (as ``tls``) with the next trace line."""
        self.wall_offset = time.time() - time.monotonic()
        """The sessions' clock is the event loop's (monotonic): this makes it wall-clock time."""

    def __call__(self, record: TraceRecord) -> None:
        self.write(record)

    def write(self, record: TraceRecord, tag: str = "", **extra: object) -> None:
        if self.start is None:
            self.start = record.time
        if not self.quiet:
            print(tag + tracefmt.summarize(record, self.start, self.side), flush=True)
        if self.file is not None:
            if self.tls is not None:
                extra = {**extra, "tls": self.tls}
                self.tls = None
            line = {"side": self.side, "wall_time": round(record.time + self.wall_offset, 6), **extra,
                    **record.as_json()}
            self.file.write(json.dumps(line) + "\n")
            self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


class StopSignals:
    """SIGINT (Ctrl-C) and SIGTERM while a command's event loop runs: the first one calls
    ``on_signal(signum)`` so the command stops as the protocol says; the command then exits
    :attr:`exit_code` (128 + the signal's number: 130, 143), as a shell reports a killed program."""

    def __init__(self, on_signal: Callable[[int], None]) -> None:
        self.on_signal = on_signal
        self.received: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def __enter__(self) -> StopSignals:
        self._loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._loop.add_signal_handler(signum, self._got, signum)
        return self

    def _got(self, signum: int) -> None:
        if self.received is None:
            self.received = signum
            self.on_signal(signum)

    @property
    def name(self) -> str:
        return signal.Signals(self.received).name if self.received is not None else ""

    @property
    def exit_code(self) -> int | None:
        return 128 + self.received if self.received is not None else None

    def __exit__(self, *exc: object) -> None:
        assert self._loop is not None
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._loop.remove_signal_handler(signum)


def pki_dir(args: argparse.Namespace) -> Path:
    if args.pki is None:
        raise UsageError("--tls needs --pki DIR (make one with `v2g pki create DIR --profile iso2`, "
                         "or --profile iso20 for ISO 15118-20)")
    return Path(args.pki)


def add_session_common(p: argparse.ArgumentParser, *, multi: bool) -> None:
    """The options `v2g secc` and `v2g evcc` share."""
    p.add_argument("--interface", "-i", help="the PLC interface (SDP runs there)")
    p.add_argument("--no-sdp", action="store_true", help="no SDP: use --host and --port directly")
    p.add_argument(
        "--protocol",
        choices=sorted(PROTOCOLS),
        action="append" if multi else "store",
        help="protocol(s), most preferred first (default: iso2 then din)",
    )
    p.add_argument("--tls", action="store_true",
                   help="TLS with the PKI in --pki (TLS 1.2 for ISO 15118-2, TLS 1.3 mutual for -20)")
    p.add_argument("--pki", help="PKI folder made by `v2g pki create DIR --profile iso2` (iso20 for -20)")
    p.add_argument("--keylog", type=Path, help="append TLS secrets here (NSS key log format)")
    p.add_argument("--trace", help="append a JSON-lines trace of every message to this file")
    p.add_argument("--quiet", "-q", action="store_true", help="do not print each message")
    p.add_argument("--slac", action="store_true", help="associate over the PLC modem first (ISO 15118-3)")
