"""Helpers of the benchmark scripts, not benchmarks: nothing here is run as ``bench/X.py``, and no
figure measured here is judged here. Each figure is printed beside its target and its same-run
baseline, and a missed target turns into the exit code :data:`MISSED`, by the script that imports
the helper:

- :mod:`_lib.echo`: the bare V2GTP echo core and its loopback round trip, the baseline of
  ``bench/session.py``, ``bench/v2gtp.py`` (connection core) and ``bench/tls_handshake.py``;
- :mod:`_lib.tlsdir`: our TLS contexts from a PKI folder, for ``bench/tls_handshake.py`` and the
  TLS rows of ``bench/session.py`` (through :mod:`_lib.iso20`);
- :mod:`_lib.loop`: the sans-IO charging-loop section of ``bench/session.py`` (``--loop-only``);
- :mod:`_lib.iso20`: the protocols of ``bench/session.py`` by name, its ISO 15118-20 section
  (``--iso20``) and the targets of its socket rows;
- :mod:`_lib.pnc`: the ISO 15118-2 Plug & Charge section of ``bench/session.py`` (``--pnc-only``),
  and the real-clock pump of ``bench/pnc20.py``;
- :mod:`_lib.hostile`, :mod:`_lib.hostile_mix`, :mod:`_lib.hostile_secc`: the hostile-load section
  of ``bench/session.py`` (``--hostile SECONDS``), also the scenario of
  tests/v2g/aio/test_hostile_load.py. The SECC and the mix run in child processes
  (:func:`child_command`).

The scripts put ``bench/`` first on their path (Python does, for the script's folder) and import
``from _lib import ...``; the helpers import each other relatively.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]

MISSED = 3
"""Exit code of every benchmark script when a target is missed (a crash exits 1)."""

TINY = 1e-6
"""With ``--tiny-targets`` every time target is multiplied by this (every rate or ratio target
divided by it): targets no machine meets."""


def add_tiny_targets(parser: argparse.ArgumentParser) -> None:
    """The ``--tiny-targets`` option of every benchmark script."""
    parser.add_argument(
        "--tiny-targets",
        action="store_true",
        help="judge this run, however short, against targets a million times tighter, which no "
        f"machine meets: shows that a missed target exits {MISSED} (the tests' check)",
    )


def scale(args: argparse.Namespace) -> float:
    """What to multiply a time target by (divide a rate target by): 1, or :data:`TINY`."""
    return TINY if args.tiny_targets else 1.0


def missed(message: str) -> int:
    """Say which target was missed; returns :data:`MISSED`, the exit code for the script's
    ``sys.exit(main())``."""
    print(f"MISSED: {message}", flush=True)
    return MISSED


def child_command(module: str, *args: str) -> list[str]:
    """The command line running ``_lib.<module>`` in a child process (with :func:`child_env`)."""
    return [sys.executable, "-m", f"_lib.{module}", *args]


def child_env() -> dict[str, str]:
    """This environment with ``bench/`` first on PYTHONPATH, so that ``-m _lib.<module>`` resolves."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(BENCH), env.get("PYTHONPATH"))))
    return env
