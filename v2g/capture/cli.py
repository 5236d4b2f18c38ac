"""``v2g capture``: dissect pcap/pcapng captures of charging sessions (see docs/capture.md).

Wire it into the main command with::

    p = sub.add_parser("capture", help="dissect pcap/pcapng captures of V2G sessions")
    v2g.capture.cli.add_arguments(p)
    p.set_defaults(func=v2g.capture.cli.run)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from v2g.capture.dissect import CapturedMessage, Dissection, dissect, sessions_of
from v2g.capture.errors import CaptureError
from v2g.capture.summary import message_line, message_record, sdp_line, sdp_record, session_summary


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``capture`` sub-commands ``dissect`` and ``sessions`` to ``parser``."""
    sub = parser.add_subparsers(dest="capture_command", required=True)
    d = sub.add_parser("dissect", help="one line per SDP datagram and V2G message of a capture")
    d.add_argument("file", type=Path, metavar="FILE", help="pcap or pcapng capture")
    d.add_argument("--json", action="store_true", help="JSON lines with the decoded messages")
    d.add_argument("--no-sdp", action="store_true", help="leave out SDP datagrams")
    d.add_argument("--errors", action="store_true", help="only messages that failed to decode")
    d.add_argument("--keylog", type=Path, help="NSS key log file to decrypt TLS (also read from the capture)")
    s = sub.add_parser("sessions", help="summary of each V2G session (TCP connection) of a capture")
    s.add_argument("file", type=Path, metavar="FILE", help="pcap or pcapng capture")
    s.add_argument("--json", action="store_true", help="one JSON object per session")
    s.add_argument("--keylog", type=Path, help="NSS key log file to decrypt TLS (also read from the capture)")
    from v2g.cli import capture_replay  # the replay command lives with the other I/O (v2g.cli)

    capture_replay.add_parser(sub)


def _emit(out: TextIO, args: argparse.Namespace, text: str, record: dict[str, Any]) -> None:
    out.write((json.dumps(record, default=str) if args.json else text) + "\n")


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Execute the parsed ``capture`` command; returns the exit code (0 ok, 1 decode errors, 2 unreadable)."""
    out = out or sys.stdout
    if args.capture_command == "replay":
        from v2g.cli import capture_replay

        return capture_replay.run(args, out)
    if args.capture_command not in ("dissect", "sessions"):
        print(f"unknown capture command {args.capture_command!r}", file=sys.stderr)
        return 2
    try:
        data = Path(args.file).read_bytes()
        keylog = Path(args.keylog).read_text(errors="replace") if args.keylog else ""
    except OSError as exc:
        print(f"v2g: cannot read {exc.filename}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        dissection = dissect(data, keylog)
    except CaptureError as exc:
        print(f"v2g: {args.file}: {exc}", file=sys.stderr)
        return 2
    try:
        _output(args, dissection, out)
    except BrokenPipeError:  # `v2g capture dissect FILE | head`
        return 0
    return 1 if dissection.decode_errors else 0


def _output(args: argparse.Namespace, dissection: Dissection, out: TextIO) -> None:
    if dissection.truncated:
        print(f"v2g: {args.file}: {dissection.truncated}; read up to there", file=sys.stderr)
    if args.capture_command == "dissect":
        for item in dissection.items():
            if isinstance(item, CapturedMessage):
                if args.errors and item.error is None:
                    continue
                # only the form asked for is built: each one converts the message to a dict
                line = json.dumps(message_record(item), default=str) if args.json else message_line(item)
                out.write(line + "\n")
            elif not args.no_sdp and not args.errors:
                _emit(out, args, sdp_line(item), sdp_record(item))
        for issue in dissection.issues:
            print(
                f"v2g: connection #{issue.connection.index} {issue.direction}: {issue.problem}",
                file=sys.stderr,
            )
    else:
        found = sessions_of(dissection)
        for session in found:
            summary = session_summary(session)
            counts = ", ".join(f"{name} x{n}" for name, n in summary["messages"].items())
            protocol = session.namespace or "not negotiated"
            if session.encrypted:
                decrypted = session.tls is not None and session.tls.decrypted_records > 0
                protocol = f"TLS (decrypted) {protocol}" if decrypted else "TLS (encrypted)"
            text = (
                f"#{session.connection.index} {session.connection.client} -> {session.connection.server}  "
                f"{protocol}  requests={summary['requests']} responses={summary['responses']} "
                f"errors={summary['errors']} last={summary['last_request']}\n    {counts}"
            )
            _emit(out, args, text, summary)
        if not found and not args.json:
            out.write("no V2G sessions\n")
