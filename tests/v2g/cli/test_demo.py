"""`v2g demo`."""

from __future__ import annotations

import json
import os
from pathlib import Path

from v2g.cli import main

PORT = 15600 + os.getpid() % 300


def test_demo_writes_trace_and_keylog(tmp_path: Path) -> None:
    assert main(["demo", "--cycles", "3", "--out", str(tmp_path), "--sdp-port", str(PORT)]) == 0
    lines = [json.loads(line) for line in (tmp_path / "trace.jsonl").read_text().splitlines()]
    names = [(rec["direction"], rec["message"]) for rec in lines]
    assert names[0] == ("tx", "supportedAppProtocolReq")
    assert names[-1] == ("rx", "SessionStopRes")
    assert names.count(("tx", "CurrentDemandReq")) == 3
    assert all(rec["decoded"] is not None and bytes.fromhex(rec["raw"]) for rec in lines)
    assert "CLIENT_RANDOM" in (tmp_path / "keylog.txt").read_text()


def test_demo_din_plain(tmp_path: Path) -> None:
    code = main(["demo", "--protocol", "din", "--cycles", "2", "--out", str(tmp_path), "-q",
                 "--sdp-port", str(PORT + 1)])
    assert code == 0
    trace = (tmp_path / "trace.jsonl").read_text()
    assert '"protocol": "din"' in trace
