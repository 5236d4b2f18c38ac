"""Damaged captures (the recorder switched off, a disk error): a file cut at any byte of its last
2 KB, or with garbage in the middle, dissects without an unhandled error, shows every message
before the damage, says where the damage is (offset, record) and goes on at the next readable
record; the exit status tells a damaged file (3) from a clean one (0)."""

from __future__ import annotations

import argparse
import io
import itertools
import struct
from pathlib import Path

import pytest

from tests.capture._provenance import CAPTURES
from v2g.capture import cli, dissect
from v2g.capture.dissect import Dissection

PCAP = CAPTURES / "EVerest_logfiles/Audi/Q4/dc-iso2.dump"
PCAPNG = CAPTURES / "dsV2Gshark/DIN_DC_DS5366_Josev.pcapng"
TAIL = 2048


def _records(data: bytes) -> list[int]:
    """Start offsets of the records (pcap) or blocks (pcapng), and the end of the file."""
    if data[:4] == b"\x0a\x0d\x0d\x0a":
        offset, starts = 0, []
        while offset < len(data):
            starts.append(offset)
            offset += struct.unpack_from("<I", data, offset + 4)[0]
    else:
        offset, starts = 24, []
        while offset < len(data):
            starts.append(offset)
            offset += 16 + struct.unpack_from("<I", data, offset + 8)[0]
    return [*starts, offset]


def _sample(path: Path, first_messages: int) -> bytes:
    """A real capture cut at a record boundary just after its first ``first_messages`` messages
    (small, so that cutting it at each of 2048 offsets stays fast)."""
    if not path.exists():
        pytest.skip(f"{path} not available")
    data = path.read_bytes()
    full = dissect(data)
    last_frame = full.messages[first_messages - 1].frame
    bounds = _records(data)
    frames_seen = 0
    for start, end in itertools.pairwise(bounds):
        if data[:4] != b"\x0a\x0d\x0d\x0a" or struct.unpack_from("<I", data, start)[0] in (2, 3, 6):
            frames_seen += 1
        if frames_seen > last_frame + 8:
            return data[:end]
    return data


def _key(d: Dissection) -> list[tuple[int, str, bytes]]:
    return [(m.frame, m.name, m.raw) for m in d.messages]


@pytest.mark.parametrize("path", [PCAP, PCAPNG], ids=["pcap", "pcapng"])
def test_cut_at_every_offset_of_the_last_2k(path: Path) -> None:
    data = _sample(path, 16)
    whole = dissect(data)
    assert not whole.damage and len(whole.messages) >= 16
    bounds = _records(data)
    for cut in range(len(data) - TAIL, len(data)):
        d = dissect(data[:cut])
        assert d.frames <= whole.frames
        # every message whose frames are all in the cut file is shown, and nothing else
        assert _key(d) == [k for k in _key(whole) if k[0] < d.frames], cut
        if cut in bounds:
            assert d.damage == ()
            continue
        (damage,) = d.damage
        record = max(b for b in bounds if b <= cut)
        assert damage.offset == record and damage.resumed_at is None
        assert damage.record == bounds.index(record) + 1
        assert "file ends inside" in damage.problem


def _run(path: Path) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    out = io.StringIO()
    return cli.run(parser.parse_args(["dissect", "--no-sdp", str(path)]), out), out.getvalue()


@pytest.mark.parametrize("path", [PCAP, PCAPNG], ids=["pcap", "pcapng"])
@pytest.mark.parametrize(
    "garbage",
    [b"\xff" * 37, bytes(range(256)) * 3, b"\x00" * 64, b"\x0a\x0d\x0d", bytes(range(256)) * 800],
    ids=["ff", "ramp", "zeros", "shb-like", "200k"],
)
def test_garbage_in_the_middle_is_skipped_to_the_next_record(
    tmp_path: Path, path: Path, garbage: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _sample(path, 60)
    whole = dissect(data)
    bounds = _records(data)
    at = bounds[len(bounds) // 2]
    damaged = data[:at] + garbage + data[at:]
    d = dissect(damaged)
    (damage,) = d.damage
    assert damage.offset == at and damage.resumed_at == at + len(garbage)
    assert damage.record == bounds.index(at) + 1
    assert _key(d) == _key(whole)  # nothing lost: every record is still there, after the garbage
    target = tmp_path / ("damaged" + path.suffix)
    target.write_bytes(damaged)
    code, text = _run(target)
    assert code == 3 and f"at byte {at} (record {damage.record}" in text
    assert f"resumed at byte {at + len(garbage)}" in capsys.readouterr().err
    target.write_bytes(data)
    assert _run(target)[0] == 0


@pytest.mark.parametrize("path", [PCAP, PCAPNG], ids=["pcap", "pcapng"])
def test_an_overwritten_record_loses_only_its_own_frames(path: Path) -> None:
    data = _sample(path, 60)
    whole = dissect(data)
    bounds = _records(data)
    i = len(bounds) // 2
    start, end = bounds[i], bounds[i + 1]
    damaged = data[:start] + b"\xee" * (end - start) + data[end:]
    d = dissect(damaged)
    (damage,) = d.damage
    assert damage.offset == start and damage.resumed_at == end
    before = [k for k in _key(whole) if k[0] < d.damage[0].frames_before]
    assert _key(d)[: len(before)] == before
    assert len(d.messages) >= len(whole.messages) - 2  # one frame gone: at most its message(s)
