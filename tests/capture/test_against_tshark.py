"""Our capture reader, TCP reassembly and TLS decryption against tshark's: for every shared capture,
the V2GTP bytes each endpoint sent on each TCP stream (decrypted where the capture or a key log
gives the keys) equal what ``tshark -z follow,tcp,raw`` (``follow,tls,raw`` for TLS, with the key
log) gives. Runs where tshark is installed; CI installs it (.ci/run), so there it must run."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.capture._provenance import CAPTURES
from tests.capture._tools import need_tool
from tests.capture._tshark import Followed, follow
from v2g.capture import dissect
from v2g.capture.batch import capture_files
from v2g.capture.records import Dissection
from v2g.capture.tcp import Direction

FILES = capture_files(CAPTURES) if CAPTURES.exists() else []
KEYLOGS = {"tux-evse_binding/hello-tls-1.3.pcapng": "tux-evse_binding/hello-tls-1.3.keylog"}
Pair = frozenset[str]


def _ours(d: Dissection) -> tuple[dict[Pair, dict[str, bytes]], set[Pair]]:
    """Per endpoint pair, the bytes each endpoint sent: V2GTP messages (plaintext connections) or
    decrypted TLS application data; and the pairs that are TLS."""
    decrypted = {c.connection.index for c in d.connections if c.tls is not None and c.tls.decrypted_records}
    encrypted = {c.connection.index for c in d.connections if c.encrypted}
    out: dict[Pair, dict[str, bytearray]] = {}
    tls_pairs: set[Pair] = set()

    def add(
        conn_client: object, conn_server: object, direction: Direction, data: bytes
    ) -> dict[str, bytearray]:
        pair = frozenset({str(conn_client), str(conn_server)})
        sender = str(conn_client if direction is Direction.EV_TO_EVSE else conn_server)
        sent = out.setdefault(pair, {})
        sent.setdefault(sender, bytearray()).extend(data)
        return sent

    for m in d.messages:
        if m.connection.index not in encrypted:
            add(m.connection.client, m.connection.server, m.direction, m.v2gtp)
    for r in d.decrypted:
        if r.connection.index in decrypted:
            add(r.connection.client, r.connection.server, r.direction, r.data)
            tls_pairs.add(frozenset({str(r.connection.client), str(r.connection.server)}))
    return {p: {k: bytes(v) for k, v in s.items()} for p, s in out.items()}, tls_pairs


def _theirs(followed: list[Followed], pair: Pair, tls: bool) -> dict[str, bytes]:
    sent: dict[str, bytearray] = {}
    for f in followed:
        nodes = set(f.nodes)
        if tls and ":0" in nodes:  # tshark 4.0 names only one node in follow,tls; the other is the pair's
            other = pair - nodes
            f.sent = {(next(iter(other)) if k == ":0" and other else k): v for k, v in f.sent.items()}
            nodes = (nodes - {":0"}) | other
        if nodes != pair:
            continue
        for endpoint, data in f.sent.items():
            sent.setdefault(endpoint, bytearray()).extend(data)
    return {k: bytes(v) for k, v in sent.items() if v}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CAPTURES)))
def test_stream_bytes_equal_tshark_follow(path: Path, tmp_path: Path) -> None:
    tshark = need_tool("tshark")
    rel = str(path.relative_to(CAPTURES))
    keylog = (CAPTURES / KEYLOGS[rel]).read_text() if rel in KEYLOGS else ""
    d = dissect(path, keylog)
    ours, tls_pairs = _ours(d)
    if not ours:
        return  # no V2G stream (SLAC only, or TLS without keys)
    options: list[str] = []
    if keylog or d.tls_keylog:
        with tempfile.NamedTemporaryFile("w", suffix=".keylog", dir=tmp_path, delete=False) as f:
            f.write(keylog + d.tls_keylog)
        options += ["-o", f"tls.keylog_file:{f.name}"]
    for port in sorted({c.connection.server.port for c in d.connections if c.encrypted}):
        options += ["-d", f"tcp.port=={port},tls"]
    tcp = [
        f
        for f in follow(tshark, path, list(range(2 * len(d.connections) + 2)), "tcp", tuple(options))
        if f.nodes[0] != ":0"
    ]
    tls_streams = [f.stream for f in tcp if frozenset(f.nodes) in tls_pairs]
    tls = follow(tshark, path, tls_streams, "tls", tuple(options))
    for pair, sent in ours.items():
        theirs = _theirs(tls if pair in tls_pairs else tcp, pair, pair in tls_pairs)
        assert {k: len(v) for k, v in sent.items()} == {k: len(v) for k, v in theirs.items()}, sorted(pair)
        assert sent == theirs, sorted(pair)


def test_every_shared_capture_is_compared() -> None:
    assert len(FILES) == 110
