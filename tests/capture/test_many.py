"""Many captures and large ones: ``report DIR`` / ``dissect DIR`` with a process pool give one
summary table (CSV and HTML) and the same output as one file at a time; a large file is streamed,
so the memory used does not grow with its size (peak RSS measured in a subprocess)."""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.capture._provenance import CAPTURES
from v2g.capture import cli, sessions

SMALL = [
    CAPTURES / "EVerest_logfiles/Audi/Q4/dc-iso2.dump",
    CAPTURES / "EVerest_logfiles/MG/MG4_electric/iso-2-DC.dump",
    CAPTURES / "EVerest_logfiles/MG/MG4_electric/iso-2-AC.dump",  # cut inside its last frame
    CAPTURES / "dsV2Gshark/ISO-20_TLS13_DC_DS5366_Josev.pcapng",
]


def _run(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    out = io.StringIO()
    return cli.run(parser.parse_args(list(argv)), out), out.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    if not all(p.exists() for p in SMALL):
        pytest.skip("shared captures not available")
    root = tmp_path / "lab"
    for i, p in enumerate(SMALL):
        (root / f"bench{i % 2}").mkdir(parents=True, exist_ok=True)
        shutil.copy(p, root / f"bench{i % 2}" / p.name)
    (root / "notes.txt").write_text("not a capture")
    return root


def test_report_dir_with_two_jobs_gives_one_summary_table(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, text = _run("report", str(folder), "-o", str(out), "--jobs", "2", "--each")
    assert code == 3  # one capture is cut short: said in the exit status
    rows = list(csv.DictReader((out / "summary.csv").open()))
    expected = sum(len([s for s in sessions(p) if s.messages]) for p in SMALL)
    assert len(rows) == expected and "4 captures" in text
    assert {r["capture"] for r in rows} == {f"bench{i % 2}/{p.name}" for i, p in enumerate(SMALL)}
    damaged = {r["capture"] for r in rows if r["damaged"] == "True"}
    assert damaged == {"bench0/iso-2-AC.dump"}
    tls = next(r for r in rows if r["capture"].endswith("TLS13_DC_DS5366_Josev.pcapng"))
    assert tls["protocol"] == "urn:iso:std:iso:15118:-20:DC" and tls["EVCCID"]
    index = (out / "index.html").read_text()
    assert index.count("<tr>") == expected + 1
    assert (out / "bench1" / "ISO-20_TLS13_DC_DS5366_Josev.pcapng.html").stat().st_size > 1_000_000


def test_dissect_dir_with_jobs_equals_one_file_at_a_time(folder: Path) -> None:
    code2, pooled = _run("dissect", "--no-sdp", "--jobs", "2", str(folder))
    code1, single = _run("dissect", "--no-sdp", str(folder))
    assert pooled == single and code1 == code2 == 3
    parts = pooled.split("== ")[1:]
    assert [p.split("\n", 1)[0] for p in parts] == sorted(
        f"bench{i % 2}/{p.name}" for i, p in enumerate(SMALL)
    )
    for part in parts:
        name, body = part.split("\n", 1)
        alone = _run("dissect", "--no-sdp", str(folder / name))[1]
        assert body == alone


BULK_PAYLOAD = 60_000


def _bulk_frame(seq: int) -> bytes:
    """An Ethernet / IPv6 / TCP frame of a non-V2G bulk transfer (port 5001 -> 5002)."""
    tcp = struct.pack(">HHIIBBHHH", 5001, 5002, seq & 0xFFFFFFFF, 1, 5 << 4, 0x18, 65535, 0, 0)
    payload = bytes([0x42]) * BULK_PAYLOAD
    addresses = bytes(15) + b"\x01" + bytes(15) + b"\x02"
    ip = struct.pack(">IHBB", 6 << 28, len(tcp) + len(payload), 6, 64) + addresses
    eth = bytes.fromhex("02000000000102000000000286dd")
    return eth + ip + tcp + payload


def _big_capture(path: Path, bulk_bytes: int) -> None:
    """A real DC session, then ``bulk_bytes`` of unrelated TCP traffic, as one classic pcap."""
    real = SMALL[0].read_bytes()
    with path.open("wb") as f:
        f.write(real)
        header = struct.Struct("<IIII")
        last = 2_000_000_000  # seconds: after the session
        for i in range(bulk_bytes // BULK_PAYLOAD):
            frame = _bulk_frame(1 + i * BULK_PAYLOAD)
            f.write(header.pack(last + i, 0, len(frame), len(frame)) + frame)


PEAK = """
import resource, sys
from v2g.capture import dissect
d = dissect(sys.argv[1])
print(len(d.messages), d.frames, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak(path: Path) -> tuple[int, int, int]:
    result = subprocess.run(
        [sys.executable, "-c", PEAK, str(path)], capture_output=True, text=True, check=True, timeout=600
    )
    messages, frames, kib = map(int, result.stdout.split())
    return messages, frames, kib


def test_memory_stays_flat_on_a_large_file(tmp_path: Path) -> None:
    if not SMALL[0].exists():
        pytest.skip("shared captures not available")
    small, large = tmp_path / "small.pcap", tmp_path / "large.pcap"
    _big_capture(small, 12_000_000)
    _big_capture(large, 360_000_000)
    m_small, f_small, rss_small = _peak(small)
    m_large, f_large, rss_large = _peak(large)
    assert m_small == m_large == 1492 and f_large > f_small
    assert large.stat().st_size > 25 * small.stat().st_size
    # 348 MB more file, and (well) under 40 MB more peak memory
    assert rss_large - rss_small < 40_000, (rss_small, rss_large)
