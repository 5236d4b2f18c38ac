"""``v2g capture replay``: play a captured session against a live SECC or EVCC (docs/capture.md).

Exit status: 0 when the live side behaved like the recording in every replayed session, 1 when it
diverged (or a session could not be replayed to its end), 2 when the capture or the options are unusable.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import TextIO

from v2g.aio.replay import replay_to_evcc, replay_to_secc
from v2g.capture.dissect import dissect, sessions_of
from v2g.capture.errors import CaptureError
from v2g.capture.replay import ReplayConfig, ReplayEvent, ReplayResult
from v2g.capture.replay_config import secc_options
from v2g.capture.replay_script import Script, ScriptError, script_of


def host_port(text: str) -> tuple[str, int]:
    """``HOST:PORT``, ``[v6]:PORT`` or ``v6:PORT`` (the last colon separates the port)."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 0xFFFF:
        raise argparse.ArgumentTypeError(f"{text!r}: give HOST:PORT, e.g. [::1]:15118")
    return host.strip("[]") or "::", int(port)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    r = sub.add_parser(
        "replay", help="play a captured session against a live SECC (--as evcc) or EVCC (--as secc)"
    )
    r.add_argument("file", type=Path, metavar="FILE", help="pcap or pcapng capture")
    r.add_argument(
        "--as",
        dest="role",
        choices=("evcc", "secc"),
        required=True,
        help="evcc: send the recorded car's requests; secc: answer with the recorded charger's responses",
    )
    r.add_argument("--to", type=host_port, metavar="HOST:PORT", help="the live SECC (with --as evcc)")
    r.add_argument(
        "--listen",
        type=host_port,
        metavar="HOST:PORT",
        help="where the live EVCC connects (with --as secc; port 0: a free one, printed)",
    )
    r.add_argument(
        "--session",
        type=int,
        action="append",
        metavar="N",
        help="replay only session N (0-based, as `v2g capture sessions` counts; repeatable; "
        "default: every session in order)",
    )
    r.add_argument("--fast", action="store_true", help="no recorded pacing: send as soon as possible")
    r.add_argument("--tls", action="store_true", help="TLS (ISO 15118-2 profile) with the PKI in --pki")
    r.add_argument("--pki", type=Path, help="PKI folder made by `v2g pki create DIR --profile iso2`")
    r.add_argument(
        "--keylog", type=Path, help="NSS key log to decrypt the capture (also read from the capture)"
    )
    r.add_argument(
        "--answer-timeout",
        type=float,
        default=ReplayConfig.answer_timeout,
        metavar="S",
        help="seconds to wait beyond an answer's limit before giving up (default %(default)g)",
    )
    r.add_argument("--json", action="store_true", help="JSON lines: every event and a result per session")
    r.add_argument("--quiet", "-q", action="store_true", help="only divergences and the result")
    r.add_argument(
        "--secc-options",
        action="store_true",
        help="print the `v2g secc` options that match the recorded charger (protocol, energy mode, "
        "limits), and exit",
    )


def _scripts(args: argparse.Namespace) -> list[Script]:
    keylog = Path(args.keylog).read_text(errors="replace") if args.keylog else ""
    found = sessions_of(dissect(Path(args.file).read_bytes(), keylog))
    if not found:
        raise ScriptError("no V2G session in the capture")
    if args.secc_options:
        return [script_of(s, i) for i, s in enumerate(found) if s.requests] or [script_of(found[0])]
    scripts = []
    for index in args.session or range(len(found)):
        if not 0 <= index < len(found):
            raise ScriptError(f"--session {index}: the capture holds sessions 0..{len(found) - 1}")
        if not args.session and not found[index].requests:
            print(
                f"v2g: session {index} holds no request (the capture starts after it): skipped",
                file=sys.stderr,
            )
            continue
        scripts.append(script_of(found[index], index))
    return scripts


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        scripts = _scripts(args)
    except OSError as exc:
        print(f"v2g: cannot read {exc.filename}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except (CaptureError, ScriptError) as exc:
        print(f"v2g: {args.file}: {exc}", file=sys.stderr)
        return 2
    if args.secc_options:
        out.write(" ".join(secc_options([script.session for script in scripts])) + "\n")
        return 0
    if (args.role == "evcc") != (args.to is not None) or (args.role == "secc") != (args.listen is not None):
        print("v2g: --as evcc needs --to HOST:PORT, --as secc needs --listen HOST:PORT", file=sys.stderr)
        return 2
    if args.tls and args.pki is None:
        print("v2g: --tls needs --pki DIR", file=sys.stderr)
        return 2
    config = ReplayConfig(fast=args.fast, answer_timeout=args.answer_timeout)
    printer = _Printer(args, out)
    results = asyncio.run(_replay(args, scripts, config, printer))
    ok = len(results) == len(scripts) and all(r.ok for r in results)
    for script, result in zip(scripts, results, strict=False):
        printer.result(script, result)
    return 0 if ok else 1


async def _replay(
    args: argparse.Namespace, scripts: list[Script], config: ReplayConfig, printer: _Printer
) -> list[ReplayResult]:
    import tls.context  # only a TLS replay needs the PKI code

    if args.role == "evcc":
        context = None
        if args.tls:
            context = tls.context.iso2_client_context(tls.context.client_config_from_dir(args.pki, "iso2"))
        host, port = args.to
        return await replay_to_secc(scripts, host, port, config, printer.event, ssl_context=context)
    context = None
    if args.tls:
        context = tls.context.iso2_server_context(tls.context.server_config_from_dir(args.pki, "iso2"))
    host, port = args.listen
    return await replay_to_evcc(
        scripts, host, port, config, printer.event, ssl_context=context, on_listening=printer.listening
    )


class _Printer:
    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        self.json: bool = args.json
        self.quiet: bool = args.quiet
        self.out = out

    def _line(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def listening(self, port: int) -> None:
        self._line(json.dumps({"listening": port}) if self.json else f"replay listening on port {port}")

    def event(self, script: Script, event: ReplayEvent) -> None:
        if self.json:
            self._line(json.dumps({"session": script.index, **event.as_json()}, default=str))
        elif event.kind == "divergence":
            self._line(f"DIVERGED  {event.text}")
        elif not self.quiet:
            self._line(f"{event.at:9.3f} {'note  ' if event.kind == 'note' else ''}{event.text}")

    def result(self, script: Script, result: ReplayResult) -> None:
        verdict = "OK" if result.ok else "DIVERGED"
        protocol = script.schema or "handshake only"
        if self.json:
            self._line(
                json.dumps(
                    {
                        "session": script.index,
                        "result": verdict,
                        "protocol": protocol,
                        "recorded": result.steps,
                        "played": result.played,
                        "completed": result.completed,
                        "divergences": len(result.divergences),
                        "reason": result.reason,
                    }
                )
            )
            return
        extra = f", {result.notes_dropped} more value notes" if result.notes_dropped else ""
        self._line(
            f"session {script.index} ({protocol}): {verdict}: {result.played} live exchanges for "
            f"{result.steps} recorded, {len(result.divergences)} divergence(s){extra}; {result.reason}"
        )
