"""Acceptance of "a charger that one hostile client cannot exhaust": for 30 s a mix of hostile clients
(garbage bytes, V2GTP headers announcing 4 GiB, unknown-payload-type floods, a client pipelining
thousands of CurrentDemandReq, a client that never reads its answers, 1,000 silent TCP connects, TLS
connects without a ClientHello) runs against one SECC, in a process of its own, from 127.0.0.2 and
up; meanwhile a DIN session over TCP and an ISO 15118-2 session over TLS from 127.0.0.1 complete,
their response times inside the SECC stay under 25 ms at the 99th percentile, and the SECC's RSS
stays under 150 MB and comes back to within 20 MB of its start once the hostile clients are gone.

The scenario lives in bench/_lib/hostile.py (``bench/session.py --hostile`` runs it beside a
baseline); the hostile clients run here, at bounded rates (bench/_lib/hostile_mix.py).
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from tls.pki import PkiConfig, create_pki
from tls.store import write_pki

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))

from _lib import MISSED
from _lib.hostile import MixConfig, scenario
from _lib.hostile_secc import percentile

MB = 1_000_000


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pki")
    write_pki(create_pki(PkiConfig("iso2", now=datetime.datetime.now(datetime.timezone.utc))), folder)
    return folder


async def test_good_sessions_are_served_through_a_hostile_mix(pki: Path) -> None:
    outcome = await scenario(pki, hostile=True, mix=MixConfig(seconds=30.0))
    for good in outcome.good:
        assert good.ok, f"{good.name}: {good.reason}"
    # the mix did run, every kind of it
    assert outcome.mix is not None
    counts = outcome.mix.counts
    for kind in ("garbage", "huge", "flood", "pipeline", "deaf", "silent", "silent TLS"):
        assert counts[kind] > 0, counts
    assert counts["silent"] == 1000 and counts["pipeline: answers read"] >= 1000, counts
    failures = outcome.secc["failures"]
    for kind in ("WrongVersionError", "PayloadTooLargeError", "DiscardLimitError"):
        assert failures.get(kind), failures
    # the good sessions' response times, inside the SECC (the hostile clients' are not counted)
    times = outcome.turnaround_ms()
    assert len(times) >= 200, len(times)
    assert percentile(times, 0.99) < 25.0, sorted(times)[-10:]
    # the SECC's memory
    assert outcome.peak_rss < 150 * MB, outcome.peak_rss
    assert abs(outcome.rss_at("after") - outcome.rss_at("start")) <= 20 * MB, outcome.secc["marks"]


def test_the_benchmark_section_runs() -> None:
    """``bench/session.py --hostile`` keeps working: it prints both rows beside their targets, and a
    missed target (``--tiny-targets``: none can be met) exits with its own code (a crash exits 1)."""
    script = Path(__file__).resolve().parents[3] / "bench" / "session.py"
    result = subprocess.run(
        [sys.executable, str(script), "--hostile", "4", "--tiny-targets"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == MISSED, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.strip().startswith("without mix") for line in lines), result.stdout
    assert any(line.strip().startswith("with mix") for line in lines), result.stdout
    assert "targets:" in result.stdout
