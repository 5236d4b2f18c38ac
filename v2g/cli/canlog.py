"""Read CAN logs for ``v2g chademo dissect``: every format python-can reads (candump ``-L`` .log,
Vector ASC and BLF, python-can CSV, PCAN TRC, MF4 ...) through ``can.LogReader``, plus two text
formats real CHAdeMO logs come in that python-can does not read: SavvyCAN / GVRET CSV (``Time
Stamp,ID,Extended,Dir,Bus,LEN,D1..D8``, microseconds) and candump's default text output
(``(2022-06-02 22:49:58.125771)  can1  100   [8]  06 00 ...`` or ``(1654209998.125771) can1 ...``).
Lines that are not frames (annotations, blank lines) are skipped."""

from __future__ import annotations

import datetime
import gzip
import io
import re
from collections.abc import Iterator
from pathlib import Path

import can

Row = tuple[float, int, bytes, str]
"""(timestamp in seconds, arbitration ID, data, channel)."""

_CANDUMP = re.compile(
    r"^\s*\((?P<ts>[0-9.:\- ]+)\)\s+(?P<ch>\S+)\s+(?P<id>[0-9A-Fa-f]{1,8})\s+"
    r"\[(?P<dlc>\d+)\]\s*(?P<data>(?:[0-9A-Fa-f]{2}\s*)*)"
)


class CanLogError(ValueError):
    """The file is no CAN log this command can read."""


def _text(path: Path) -> str:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return raw.decode("utf-8", errors="replace")


def _savvycan(text: str) -> Iterator[Row]:
    lines = io.StringIO(text)
    next(lines)
    for line in lines:
        cells = [c.strip() for c in line.split(",")]
        if len(cells) < 6 or not cells[0].isdigit():
            continue
        length = int(cells[5])
        data = bytes(int(c, 16) for c in cells[6 : 6 + length])
        yield int(cells[0]) / 1e6, int(cells[1], 16), data, f"bus{cells[4]}"


def _candump_text(text: str) -> Iterator[Row]:
    for line in text.splitlines():
        m = _CANDUMP.match(line)
        if m is None:
            continue
        stamp = m["ts"].strip()
        if "-" in stamp:
            when = datetime.datetime.fromisoformat(stamp).replace(tzinfo=datetime.timezone.utc)
            ts = when.timestamp()
        else:
            ts = float(stamp)
        data = bytes.fromhex(m["data"].replace(" ", ""))[: int(m["dlc"])]
        yield ts, int(m["id"], 16), data, m["ch"]


def read_log(path: Path) -> list[Row]:
    """Every frame of the log at ``path`` (gzip-compressed text logs too)."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".csv", ".txt")):
        text = _text(path)
        head = text.lstrip()[:40].lower()
        if head.startswith("time stamp,id"):
            return list(_savvycan(text))
        if name.endswith(".txt") or not head.startswith("timestamp,arbitration_id"):
            rows = list(_candump_text(text))
            if rows:
                return rows
            raise CanLogError(f"{path}: no CAN frames found (SavvyCAN CSV, candump text or python-can CSV)")
    try:
        reader = can.LogReader(str(path))
    except (ValueError, NotImplementedError) as exc:
        raise CanLogError(f"{path}: {exc}") from exc
    rows = []
    with reader:
        for msg in reader:
            if msg.is_error_frame or msg.is_remote_frame:
                continue
            rows.append(
                (float(msg.timestamp), int(msg.arbitration_id), bytes(msg.data), str(msg.channel or ""))
            )
    return rows
