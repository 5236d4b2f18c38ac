"""`v2g receipts verify` finds every edited, reordered or deleted record and every bad signature
(EV and OCMF), also when the attacker recomputes the hash chain."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pnc.test_pnc_receipts import _setup
from tests.sessions._session_harness import pump
from v2g.cli import main
from v2g.receipts import GENESIS, chain_hash


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A store of two sessions (six records: verified receipts with OCMF), as bytes."""
    folder = tmp_path_factory.mktemp("store")
    s = _setup(folder)
    for i in range(2):
        run = pump(s.secc(float(i * 1000)), s.evcc(float(i * 1000)), float(i * 1000))
        assert run.evcc.result is not None and run.evcc.result.ok
    assert s.receipts is not None
    s.receipts.close()
    db = folder / "receipts.db"
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    return db.read_bytes()


def _db(tmp_path: Path, data: bytes) -> Path:
    db = tmp_path / "r.db"
    db.write_bytes(data)
    return db


def _verify(db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["receipts", "verify", str(db)])
    return code, capsys.readouterr().out


def _rechain(con: sqlite3.Connection) -> None:
    """What a careful attacker does after an edit: recompute every hash and the head."""
    prev = GENESIS
    rows = con.execute("SELECT seq, body FROM receipts ORDER BY seq").fetchall()
    for seq, body in rows:
        digest = chain_hash(prev, seq, body)
        con.execute("UPDATE receipts SET prev = ?, hash = ? WHERE seq = ?", (prev, digest, seq))
        prev = digest
    con.execute("UPDATE head SET seq = ?, hash = ?", (rows[-1][0] if rows else 0, prev))


def _edit_body(con: sqlite3.Connection, seq: int, fn: Callable[[dict[str, object]], None]) -> None:
    (body,) = con.execute("SELECT body FROM receipts WHERE seq = ?", (seq,)).fetchone()
    data = json.loads(body)
    fn(data)
    con.execute(
        "UPDATE receipts SET body = ? WHERE seq = ?",
        (json.dumps(data, sort_keys=True, separators=(",", ":")), seq),
    )


def test_a_good_store_verifies_and_lists(
    tmp_path: Path, good_store: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(tmp_path, good_store)
    code, out = _verify(db, capsys)
    assert code == 0 and "6 records, OK" in out
    assert main(["receipts", "list", str(db)]) == 0
    assert capsys.readouterr().out.count("verified") == 6
    assert main(["receipts", "export", str(db)]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert len(exported["records"]) == 6 and exported["records"][0]["ocmf"].startswith("OCMF|")
    assert main(["receipts", "show", str(db), "2"]) == 0 and '"seq": 2' in capsys.readouterr().out


def _flip_hex(text: str, at: int) -> str:
    return text[:at] + ("0" if text[at] != "0" else "1") + text[at + 1 :]


CASES: dict[str, tuple[Callable[[sqlite3.Connection], None], str]] = {
    "edited": (
        lambda c: _edit_body(c, 3, lambda d: d.update(meter_stop=int(str(d["meter_stop"])) + 1)),
        "edited",
    ),
    "reordered": (
        lambda c: (
            c.execute("UPDATE receipts SET seq = 100 WHERE seq = 2"),
            c.execute("UPDATE receipts SET seq = 2 WHERE seq = 3"),
            c.execute("UPDATE receipts SET seq = 3 WHERE seq = 100"),
        ),
        "reordered",
    ),
    "deleted-middle": (lambda c: c.execute("DELETE FROM receipts WHERE seq = 4"), "deleted"),
    "deleted-last": (lambda c: c.execute("DELETE FROM receipts WHERE seq = 6"), "deleted"),
    "edited-rechained": (
        lambda c: (
            _edit_body(c, 3, lambda d: d.update(meter_stop=int(str(d["meter_stop"])) + 1)),
            _rechain(c),
        ),
        "signed meter reading is not the record",
    ),
    "deleted-rechained-renumbered": (
        lambda c: (
            c.execute("DELETE FROM receipts WHERE seq = 2"),
            c.execute("UPDATE receipts SET seq = seq - 1 WHERE seq > 2"),
            _rechain(c),
        ),
        "deleted",
    ),
    "bad-ev-signature": (
        lambda c: (
            _edit_body(c, 2, lambda d: d.update(exi=_flip_hex(str(d["exi"]), len(str(d["exi"])) - 40))),
            _rechain(c),
        ),
        "EV",
    ),
    "bad-ocmf-signature": (
        lambda c: (
            _edit_body(c, 5, lambda d: d.update(ocmf=str(d["ocmf"]).replace('"SD":"30', '"SD":"31'))),
            _rechain(c),
        ),
        "OCMF",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_verify_finds_tampering(
    case: str, tmp_path: Path, good_store: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(tmp_path, good_store)
    tamper, expected = CASES[case]
    con = sqlite3.connect(db, isolation_level=None)
    tamper(con)
    con.close()
    code, out = _verify(db, capsys)
    assert code == 1 and expected in out, out
