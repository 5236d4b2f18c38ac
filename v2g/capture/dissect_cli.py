"""``v2g capture dissect`` and ``v2g capture sessions`` on a capture or a folder of captures.

Text lines start with the frame number as Wireshark counts it and the time since the previous line
shown (Wireshark's "delta time displayed"). ``--layers`` picks what the timeline shows: ``slac``
(HomePlug management messages), ``sdp``, ``v2g`` (default ``sdp,v2g``). TLS connections that were
not decrypted, TLS alerts and damage of the file are said at the end.

Exit status: 0 clean, 1 a message did not decode, 2 the file cannot be read, 3 the file is damaged
(read around the damage; see docs/capture.md).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from v2g.capture.batch import capture_files, read_keylog, run_pool
from v2g.capture.dissect import CapturedMessage, Dissection, SdpDatagram, dissect, sessions_of
from v2g.capture.errors import CaptureError
from v2g.capture.records import CapturedHomePlug, ConnectionReport
from v2g.capture.slacview import mme_name, slac_line
from v2g.capture.summary import _time, message_line, message_record, sdp_line, sdp_record, session_summary

EXIT_OK, EXIT_DECODE, EXIT_UNREADABLE, EXIT_DAMAGED = 0, 1, 2, 3
LAYERS = ("slac", "sdp", "v2g")
TLS_VERSIONS = {0x0303: "TLS 1.2", 0x0304: "TLS 1.3"}


def _layers(text: str) -> frozenset[str]:
    chosen = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = chosen - set(LAYERS)
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown layer(s) {', '.join(sorted(unknown))}; choose from {', '.join(LAYERS)}"
        )
    return chosen


def add_parsers(sub: Any) -> None:
    d = sub.add_parser("dissect", help="one line per SLAC frame, SDP datagram and V2G message of a capture")
    d.add_argument("file", type=Path, metavar="FILE|DIR", help="pcap or pcapng capture, or a folder of them")
    d.add_argument("--json", action="store_true", help="JSON lines with the decoded messages")
    d.add_argument("--no-sdp", action="store_true", help="leave out SDP datagrams")
    d.add_argument(
        "--layers",
        type=_layers,
        default=frozenset({"sdp", "v2g"}),
        help="comma-separated: slac, sdp, v2g (default sdp,v2g)",
    )
    d.add_argument("--errors", action="store_true", help="only messages that failed to decode")
    d.add_argument("--keylog", type=Path, help="NSS key log file to decrypt TLS (also read from the capture)")
    d.add_argument("--jobs", type=int, default=1, help="DIR: worker processes (default 1)")
    s = sub.add_parser("sessions", help="summary of each V2G session (TCP connection) of a capture")
    s.add_argument("file", type=Path, metavar="FILE|DIR", help="pcap or pcapng capture, or a folder of them")
    s.add_argument("--json", action="store_true", help="one JSON object per session")
    s.add_argument("--keylog", type=Path, help="NSS key log file to decrypt TLS (also read from the capture)")
    s.add_argument("--jobs", type=int, default=1, help="DIR: worker processes (default 1)")


def run(args: argparse.Namespace, out: TextIO) -> int:
    keylog = read_keylog(args.keylog)
    if keylog is None:
        return EXIT_UNREADABLE
    options = _options(args)
    path = Path(args.file)
    try:
        if path.is_dir():
            files = capture_files(path)
            jobs = [(str(f), keylog, options) for f in files]
            status = EXIT_OK
            for f, (text, errors, code) in zip(files, run_pool(one, jobs, args.jobs), strict=True):
                if not options["json"]:
                    out.write(f"== {f.relative_to(path).as_posix()}\n")
                out.write(text)
                for line in errors:
                    print(line, file=sys.stderr)
                status = max(status, code)
            return status
        text, errors, code = one(str(path), keylog, options)
        out.write(text)
    except BrokenPipeError:  # `v2g capture dissect FILE | head`
        return EXIT_OK
    for line in errors:
        print(line, file=sys.stderr)
    return code


def _options(args: argparse.Namespace) -> dict[str, Any]:
    layers = set(getattr(args, "layers", {"sdp", "v2g"}))
    if getattr(args, "no_sdp", False):
        layers.discard("sdp")
    return {
        "command": args.capture_command,
        "json": args.json,
        "errors": getattr(args, "errors", False),
        "layers": sorted(layers),
    }


def one(path: str, keylog: str, options: dict[str, Any]) -> tuple[str, list[str], int]:
    """One capture's output text, its stderr lines and its exit status (a pool worker)."""
    try:
        dissection = dissect(Path(path), keylog)
    except CaptureError as exc:
        return "", [f"v2g: {path}: {exc}"], EXIT_UNREADABLE
    out = io.StringIO()
    errors: list[str] = []
    if options["command"] == "dissect":
        _timeline(dissection, options, out)
        errors += [
            f"v2g: connection #{i.connection.index} {i.direction}: {i.problem}" for i in dissection.issues
        ]
    else:
        _sessions(dissection, options, out)
    notes = _notes(dissection, keylog_given=bool(keylog))
    for note in notes:
        if options["json"] and options["command"] == "sessions":
            continue  # each session's JSON carries its TLS problems; one object per session stays
        if options["json"]:
            out.write(json.dumps({"type": "note", "text": note}) + "\n")
        else:
            out.write(f"# {note}\n")
    damage = dissection.damage_text()
    errors += [f"v2g: {path}: damaged: {d}" for d in damage]
    code = EXIT_DAMAGED if damage else EXIT_DECODE if dissection.decode_errors else EXIT_OK
    return out.getvalue(), errors, code


Item = CapturedMessage | SdpDatagram | CapturedHomePlug


def _timeline(dissection: Dissection, options: dict[str, Any], out: TextIO) -> None:
    layers = set(options["layers"])
    items: list[Item] = []
    if "v2g" in layers or options["errors"]:
        items += dissection.messages
    if "sdp" in layers and not options["errors"]:
        items += dissection.sdp
    if "slac" in layers and not options["errors"]:
        items += dissection.homeplug
    items.sort(key=lambda item: (item.timestamp_ns, item.frame))
    previous: int | None = None
    for item in items:
        if isinstance(item, CapturedMessage) and options["errors"] and item.error is None:
            continue
        delta = 0 if previous is None else item.timestamp_ns - previous
        previous = item.timestamp_ns
        if options["json"]:
            record = _record(item)
            record["delta"] = delta / 1e9
            out.write(json.dumps(record, default=str) + "\n")
        else:
            out.write(f"{item.frame + 1:>6}  {f'+{delta / 1e9:.6f}':>11}  {_line(item)}\n")


def _line(item: Item) -> str:
    if isinstance(item, CapturedMessage):
        return message_line(item)
    if isinstance(item, SdpDatagram):
        return sdp_line(item)
    f = item.frame_data
    return f"{_time(item.timestamp_ns)}  {'-':8}  {'slac':10}  {'':4}  " + slac_line(
        mme_name(f.payload), f.src_mac, f.dst_mac
    )


def _record(item: Item) -> dict[str, Any]:
    if isinstance(item, CapturedMessage):
        return message_record(item)
    if isinstance(item, SdpDatagram):
        return sdp_record(item)
    f = item.frame_data
    return {
        "type": "slac",
        "time": item.timestamp_ns / 1e9,
        "frame": item.frame + 1,
        "name": mme_name(f.payload),
        "src": f.src_mac.hex(":"),
        "dst": f.dst_mac.hex(":"),
        "raw": f.payload.hex(),
    }


def _sessions(dissection: Dissection, options: dict[str, Any], out: TextIO) -> None:
    found = sessions_of(dissection)
    for session in found:
        summary = session_summary(session)
        if options["json"]:
            out.write(json.dumps(summary, default=str) + "\n")
            continue
        counts = ", ".join(f"{name} x{n}" for name, n in summary["messages"].items())
        protocol = session.namespace or "not negotiated"
        if session.encrypted:
            decrypted = session.tls is not None and session.tls.decrypted_records > 0
            protocol = f"TLS (decrypted) {protocol}" if decrypted else "TLS (encrypted)"
        out.write(
            f"#{session.connection.index} {session.connection.client} -> {session.connection.server}  "
            f"{protocol}  requests={summary['requests']} responses={summary['responses']} "
            f"errors={summary['errors']} last={summary['last_request']}\n    {counts}\n"
        )
    if not found and not options["json"]:
        out.write("no V2G sessions\n")


def _notes(dissection: Dissection, keylog_given: bool) -> list[str]:
    """What a reader must know: TLS not decrypted (and the secret that would), alerts, damage."""
    notes = []
    for c in dissection.connections:
        notes += _tls_notes(c, keylog_given or bool(dissection.tls_keylog))
    notes += [f"damaged: {d}" for d in dissection.damage_text()]
    return notes


def _tls_notes(c: ConnectionReport, have_keys: bool) -> list[str]:
    tls = c.tls
    if tls is None or not c.encrypted:
        return []
    version = TLS_VERSIONS.get(tls.version or 0, "TLS")
    where = f"connection #{c.connection.index} {c.connection.client} -> {c.connection.server}"
    notes = [f"{where}: {version} alert: {a}" for a in tls.alerts]
    if tls.decrypted_records == 0 or tls.problems:
        why = "; ".join(tls.problems) or "no handshake seen"
        hint = "" if have_keys else " (no key log: give --keylog FILE)"
        notes.insert(0, f"{where}: {version} not decrypted: {why}{hint}")
    return notes
