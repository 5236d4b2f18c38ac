"""Running `v2g secc` and `v2g evcc` as processes, as a tester does."""

from __future__ import annotations

import subprocess
import sys

V2G = [sys.executable, "-m", "v2g"]


def start_secc(*extra: str) -> subprocess.Popen[str]:
    """`v2g secc` on [::1], any free port, for one session unless `extra` says otherwise."""
    return subprocess.Popen(
        [*V2G, "secc", "--no-sdp", "--host", "::1", "--port", "0", "--sessions", "1", "-q", *extra],
        stdout=subprocess.PIPE, text=True,
    )


def port_of(proc: subprocess.Popen[str], key: str = "tcp") -> int:
    """The port `v2g secc` says it listens on (its first line)."""
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("SECC listening"), line
    return int(line.split(f"{key}=")[1].split()[0])
