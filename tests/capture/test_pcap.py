"""The pcap/pcapng reader on every shared capture and on hand-built files; the pcapng writer."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.capture._provenance import CAPTURES, capture_files, entries
from v2g.capture.errors import CaptureError
from v2g.capture.pcap import (
    SECRETS_TLS_KEYLOG,
    PcapngWriter,
    iter_capture,
    parse_capture,
    read_capture,
)

FILES = capture_files()
PROVENANCE = entries()


def test_every_capture_file_has_a_provenance_entry() -> None:
    assert len(FILES) >= 100
    missing = [str(f.relative_to(CAPTURES)) for f in FILES if str(f.relative_to(CAPTURES)) not in PROVENANCE]
    assert missing == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CAPTURES)))
def test_reads_every_shared_capture_with_provenance_frame_count(path: Path) -> None:
    entry = PROVENANCE[str(path.relative_to(CAPTURES))]
    capture = read_capture(path, allow_truncated_tail=True)
    assert capture.format == ("pcap" if path.read_bytes()[:4] != b"\x0a\x0d\x0d\x0a" else "pcapng")
    assert len(capture.packets) == entry.frames
    assert [p.index for p in capture.packets] == list(range(len(capture.packets)))
    stamps = [p.timestamp_ns for p in capture.packets]
    assert all(t > 0 for t in stamps)


def test_everest_dumps_are_classic_pcap_with_ethernet() -> None:
    dumps = [f for f in FILES if f.suffix == ".dump"]
    assert dumps
    for path in dumps:
        capture = read_capture(path, allow_truncated_tail=True)
        assert capture.format == "pcap"
        assert {p.linktype for p in capture.packets} == {1}


def test_a_capture_cut_inside_its_last_record_is_strict_by_default() -> None:
    cut = [f for f in FILES if read_capture(f, allow_truncated_tail=True).truncated]
    assert cut, "PROVENANCE says some EVerest dumps end inside their last packet"
    with pytest.raises(CaptureError, match="ends inside"):
        read_capture(cut[0])


def test_embedded_tls_keylog_equals_the_separate_keylog_file() -> None:
    folder = CAPTURES / "tux-evse_binding"
    capture = read_capture(folder / "hello-tls-with-secrets.pcapng")
    assert [s.secrets_type for s in capture.secrets] == [SECRETS_TLS_KEYLOG]
    text = capture.tls_keylog()
    assert text == (folder / "hello-tls-1.3.keylog").read_text()
    for line in text.splitlines():
        label, client_random, secret = line.split()
        assert "SECRET" in label and len(client_random) == 64
        bytes.fromhex(client_random + secret)


# --- hand-built classic pcap --------------------------------------------------------------------


def _pcap(order: str, nanos: bool, records: list[tuple[int, int, bytes]], linktype: int = 1) -> bytes:
    magic = 0xA1B23C4D if nanos else 0xA1B2C3D4
    out = struct.pack(order + "IHHiIII", magic, 2, 4, 0, 0, 65535, linktype)
    for sec, frac, data in records:
        out += struct.pack(order + "IIII", sec, frac, len(data), len(data) + 3) + data
    return out


@pytest.mark.parametrize("order", ["<", ">"])
@pytest.mark.parametrize("nanos", [False, True])
def test_classic_pcap_both_byte_orders_and_resolutions(order: str, nanos: bool) -> None:
    frac = 123456789 if nanos else 123456
    data = _pcap(order, nanos, [(1700000000, frac, b"abc"), (1700000001, 0, b"")], linktype=113)
    capture = parse_capture(data)
    assert capture.format == "pcap"
    assert [p.data for p in capture.packets] == [b"abc", b""]
    assert capture.packets[0].timestamp_ns == 1700000000 * 10**9 + (frac if nanos else frac * 1000)
    assert capture.packets[0].original_length == 6
    assert {p.linktype for p in capture.packets} == {113}


# --- hand-built pcapng --------------------------------------------------------------------------


def _block(order: str, block_type: int, body: bytes) -> bytes:
    body += b"\x00" * (-len(body) % 4)
    return (
        struct.pack(order + "II", block_type, len(body) + 12)
        + body
        + struct.pack(order + "I", len(body) + 12)
    )


def _opt(order: str, code: int, value: bytes) -> bytes:
    return struct.pack(order + "HH", code, len(value)) + value + b"\x00" * (-len(value) % 4)


@pytest.mark.parametrize("order", ["<", ">"])
def test_pcapng_interfaces_resolutions_simple_and_unknown_blocks(order: str) -> None:
    shb = _block(order, 0x0A0D0D0A, struct.pack(order + "IHHq", 0x1A2B3C4D, 1, 0, -1) + _opt(order, 3, b"os"))
    idb_us = _block(
        order, 1, struct.pack(order + "HHI", 1, 0, 0) + _opt(order, 2, b"eth0") + _opt(order, 0, b"")
    )
    idb_ms = _block(order, 1, struct.pack(order + "HHI", 229, 0, 0) + _opt(order, 9, bytes((3,))))
    idb_bin = _block(
        order,
        1,
        struct.pack(order + "HHI", 113, 0, 0)
        + _opt(order, 9, bytes((0x80 | 10,)))
        + _opt(order, 14, struct.pack(order + "q", 5)),
    )
    unknown = _block(order, 0x00000BAD, b"whatever")
    epb = lambda iface, ts, data: _block(  # noqa: E731
        order,
        6,
        struct.pack(order + "IIIII", iface, ts >> 32, ts & 0xFFFFFFFF, len(data), len(data))
        + data
        + _opt(order, 1, b"comment"),
    )
    spb = _block(order, 3, struct.pack(order + "I", 2) + b"zz")
    data = shb + idb_us + idb_ms + unknown + epb(0, 1_500_000, b"one") + epb(1, 2500, b"two") + spb
    data += idb_bin + epb(2, 1024 * 3, b"three")
    capture = parse_capture(data)
    assert [(p.interface, p.linktype, p.data) for p in capture.packets] == [
        (0, 1, b"one"),
        (1, 229, b"two"),
        (0, 1, b"zz"),
        (2, 113, b"three"),
    ]
    assert capture.packets[0].timestamp_ns == 1_500_000_000
    assert capture.packets[1].timestamp_ns == 2_500_000_000
    assert capture.packets[3].timestamp_ns == 8 * 10**9  # 3 s + if_tsoffset 5 s


def test_a_new_section_may_change_byte_order() -> None:
    writer_bytes = io.BytesIO()
    with PcapngWriter(writer_bytes) as w:
        w.write_packet(1.0, b"le")
    be = _block(">", 0x0A0D0D0A, struct.pack(">IHHq", 0x1A2B3C4D, 1, 0, -1))
    be += _block(">", 1, struct.pack(">HHI", 101, 0, 0))
    be += _block(">", 6, struct.pack(">IIIII", 0, 0, 7_000_000, 2, 2) + b"be")
    capture = parse_capture(writer_bytes.getvalue() + be)
    assert [(p.linktype, p.data, p.timestamp_ns) for p in capture.packets] == [
        (1, b"le", 10**9),
        (101, b"be", 7 * 10**9),
    ]


# --- writer -------------------------------------------------------------------------------------


def test_writer_round_trip_with_interfaces_and_secrets(tmp_path: Path) -> None:
    path = tmp_path / "demo.pcapng"
    frames = [bytes(range(n % 256)) * (1 + n // 256) for n in (0, 1, 3, 60, 1514, 9000)]
    with PcapngWriter(path) as w:
        loop = w.add_interface(229, name="lo")
        for i, frame in enumerate(frames):
            w.write_packet(1700000000.25 + i, frame)
        w.write_secrets("CLIENT_RANDOM aa bb\n")
        w.write_packet(0.0, b"ipv6", interface=loop, timestamp_ns=123)
    capture = read_capture(path)
    assert capture.format == "pcapng"
    assert [p.data for p in capture.packets] == [*frames, b"ipv6"]
    assert [p.linktype for p in capture.packets] == [1] * len(frames) + [229]
    assert capture.packets[0].timestamp_ns == 1700000000_250000000
    assert capture.packets[-1].timestamp_ns == 123
    assert capture.tls_keylog() == "CLIENT_RANDOM aa bb\n"
    assert capture.secrets[0].after_packet == len(frames)
    with pytest.raises(ValueError):
        PcapngWriter(io.BytesIO()).write_packet(0.0, b"", interface=1)


# --- garbled input ------------------------------------------------------------------------------


def _small_pcapng() -> bytes:
    out = io.BytesIO()
    with PcapngWriter(out) as w:
        w.write_packet(1.0, b"\x00" * 20)
        w.write_secrets("x")
        w.write_packet(2.0, b"\x01" * 7)
    return out.getvalue()


SMALL_FILES = [
    _small_pcapng(),
    _pcap("<", False, [(1, 2, b"abcd"), (3, 4, b"ef")]),
    _pcap(">", True, [(1, 2, b"abcd")]),
]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xa1",
        b"\xd4\xc3\xb2\xa1",
        b"garbage!" * 10,
        SMALL_FILES[0][:30],
        SMALL_FILES[1][:30],
        SMALL_FILES[0][:-1],
        SMALL_FILES[0][:-4] + b"\x00\x00\x00\x00",
        SMALL_FILES[1][:24] + struct.pack("<IIII", 0, 0, 0x7FFFFFFF, 0),
    ],
)
def test_garbled_and_truncated_files_raise_capture_error(data: bytes) -> None:
    with pytest.raises(CaptureError):
        parse_capture(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    which=st.sampled_from(range(len(SMALL_FILES))),
    cut=st.integers(0, 200),
    flips=st.lists(st.tuples(st.integers(0, 199), st.integers(0, 255)), max_size=4),
    tolerant=st.booleans(),
)
def test_mutated_files_give_capture_error_or_packets(
    which: int, cut: int, flips: list[tuple[int, int]], tolerant: bool
) -> None:
    data = bytearray(SMALL_FILES[which][:cut])
    for pos, value in flips:
        if pos < len(data):
            data[pos] = value
    try:
        capture = parse_capture(bytes(data), allow_truncated_tail=tolerant)
    except CaptureError:
        return
    assert all(isinstance(p.data, bytes) for p in capture.packets)
    try:
        list(iter_capture(bytes(data)))
    except CaptureError:
        assert tolerant and capture.truncated is not None
