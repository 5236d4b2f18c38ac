"""``v2g capture report``: the HTML session report of a capture, or of every capture in a folder.

    v2g capture report FILE [-o report.html] [--csv series.csv] [--keylog KEYLOG]
    v2g capture report DIR  [-o OUTDIR] [--each] [--jobs N] [--keylog KEYLOG]

For a folder: ``OUTDIR/summary.csv`` and ``OUTDIR/index.html`` (one row per session of every
capture), and with ``--each`` one report per capture beside them. Captures are read by a process
pool of ``--jobs`` workers; each worker streams its file.
Exit status: 0 all clean, 2 a file could not be read at all, 3 a file is damaged (read around it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from v2g.capture.batch import capture_files, read_keylog, run_pool
from v2g.capture.dissect import dissect
from v2g.capture.errors import CaptureError
from v2g.capture.report import analyse
from v2g.capture.report_html import (
    ReportUnavailable,
    render,
    series_csv,
    summary_csv,
    summary_html,
    summary_rows,
)

EXIT_OK, EXIT_UNREADABLE, EXIT_DAMAGED = 0, 2, 3


def add_parser(sub: Any) -> None:
    r = sub.add_parser("report", help="HTML report of a capture's sessions (plots, timing, problems)")
    r.add_argument("path", type=Path, metavar="FILE|DIR", help="a capture, or a folder of captures")
    r.add_argument(
        "-o",
        "--output",
        type=Path,
        help="HTML file (FILE; default report.html) or folder (DIR; default report)",
    )
    r.add_argument(
        "--csv", type=Path, help="FILE: write the time series (voltage, current, power, SoC) as CSV"
    )
    r.add_argument("--keylog", type=Path, help="NSS key log file to decrypt TLS (also read from the capture)")
    r.add_argument("--jobs", type=int, default=1, help="DIR: worker processes (default 1)")
    r.add_argument("--each", action="store_true", help="DIR: also write one HTML report per capture")


def report_one(
    path: str, keylog: str, html_out: str | None, csv_out: str | None, name: str
) -> dict[str, Any]:
    """Dissect, analyse and write one capture's report; the summary rows and the damage (worker)."""
    try:
        dissection = dissect(Path(path), keylog)
    except CaptureError as exc:
        return {"rows": [{"capture": name, "ended": f"unreadable: {exc}"}], "damage": [], "error": str(exc)}
    damage = tuple(dissection.damage_text())
    report = analyse(dissection, name, damage)
    if html_out is not None:
        Path(html_out).parent.mkdir(parents=True, exist_ok=True)
        Path(html_out).write_text(render(report), encoding="utf-8")
    if csv_out is not None:
        with open(csv_out, "w", newline="", encoding="utf-8") as f:
            series_csv(report, f)
    return {
        "rows": summary_rows(report),
        "sessions": len(report.sessions),
        "damage": list(damage),
        "error": None,
    }


def run(args: argparse.Namespace, out: TextIO) -> int:
    keylog = read_keylog(args.keylog)
    if keylog is None:
        return EXIT_UNREADABLE
    path = Path(args.path)
    try:
        if path.is_dir():
            return _folder(args, path, keylog, out)
        target = args.output or Path("report.html")
        result = report_one(str(path), keylog, str(target), str(args.csv) if args.csv else None, path.name)
    except ReportUnavailable as exc:
        print(f"v2g: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as exc:
        print(f"v2g: cannot write or read {exc.filename}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if result["error"]:
        print(f"v2g: {path}: {result['error']}", file=sys.stderr)
        return EXIT_UNREADABLE
    for d in result["damage"]:
        print(f"v2g: {path}: damaged: {d}", file=sys.stderr)
    out.write(f"{target}: {result['sessions']} sessions\n")
    return EXIT_DAMAGED if result["damage"] else EXIT_OK


def _folder(args: argparse.Namespace, folder: Path, keylog: str, out: TextIO) -> int:
    outdir = args.output or Path("report")
    outdir.mkdir(parents=True, exist_ok=True)
    files = capture_files(folder)
    jobs = []
    for f in files:
        rel = f.relative_to(folder).as_posix()
        html_out = str(outdir / (rel + ".html")) if args.each else None
        jobs.append((str(f), keylog, html_out, None, rel))
    results = run_pool(report_one, jobs, args.jobs)
    rows = [row for r in results for row in r["rows"]]
    with open(outdir / "summary.csv", "w", newline="", encoding="utf-8") as fh:
        summary_csv(rows, fh)
    (outdir / "index.html").write_text(
        summary_html(rows, f"{folder}: {len(files)} captures"), encoding="utf-8"
    )
    status = EXIT_OK
    for (path, *_rest), r in zip(jobs, results, strict=True):
        if r["error"]:
            print(f"v2g: {path}: {r['error']}", file=sys.stderr)
            status = EXIT_UNREADABLE
        elif r["damage"]:
            print(f"v2g: {path}: damaged: {'; '.join(r['damage'])}", file=sys.stderr)
            status = max(status, EXIT_DAMAGED) if status != EXIT_UNREADABLE else status
    found = sum(r.get("sessions", 0) for r in results)
    out.write(f"{outdir}: {len(files)} captures, {found} sessions (summary.csv, index.html)\n")
    return status
