"""Many captures at once: the capture files of a folder and a process pool over them (``--jobs``).

Each worker streams its own file (:func:`v2g.capture.dissect.dissect` on a path), so memory per
worker stays flat however large the file; results come back in the order of the files.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

R = TypeVar("R")
MAGICS = (
    b"\x0a\x0d\x0d\x0a",
    b"\xd4\xc3\xb2\xa1",
    b"\xa1\xb2\xc3\xd4",
    b"\x4d\x3c\xb2\xa1",
    b"\xa1\xb2\x3c\x4d",
)
"""First bytes of a pcapng or a classic pcap (both byte orders, us and ns)."""


def read_keylog(name: str | Path | None) -> str | None:
    """The NSS key log ``--keylog`` names ("" without one); None, with the reason on stderr, when it
    cannot be read (the CLIs then exit 2)."""
    try:
        return Path(name).read_text(errors="replace") if name else ""
    except OSError as exc:
        print(f"v2g: cannot read {exc.filename}: {exc.strerror or exc}", file=sys.stderr)
        return None


def capture_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` (recursively, sorted) that starts like a pcap or pcapng."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            with open(path, "rb") as f:
                head = f.read(4)
        except OSError:
            continue
        if head in MAGICS:
            found.append(path)
    return found


def run_pool(fn: Callable[..., R], jobs: Sequence[tuple[Any, ...]], workers: int) -> list[R]:
    """``fn(*job)`` for each job, in ``workers`` processes (1: in this process), results in order."""
    if workers <= 1 or len(jobs) <= 1:
        return [fn(*job) for job in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(fn, *job) for job in jobs]
        return [f.result() for f in futures]
