"""The receipt store: the durable, hash-chained record of what each Plug & Charge car signed it was
charged for, and of the meter's own signed reading for the same interval.

One SQLite database (WAL mode, ``synchronous=FULL``: a record is on disk when :meth:`append`
returns; the SECC answers the car's MeteringReceiptReq OK only after that). Each record is a JSON
object (:class:`Receipt`); record ``n`` stores ``hash_n = SHA-256(hash_{n-1} || n || body)`` with
``hash_0`` all zeros, and the head (last sequence number and hash) is kept beside the records, so
an edited, reordered or deleted record breaks the chain. :func:`verify` checks the chain, every EV
signature (the MeteringReceiptReq's EXI, re-decoded and checked with the contract certificate
stored with it, and its content against the record) and every OCMF signature (pyocmf) offline.

Beyond the chain, a deletion followed by a recomputed chain is found by the intervals (each record
of a session starts where the one before ended) and by the meter's OCMF pagination (T1, T2, ...
per meter key). The last records, deleted with the head rewritten, cannot be told from a shorter
store without an anchor kept elsewhere: send the head (``v2g receipts list``) to the backend.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["GENESIS", "Problem", "Receipt", "ReceiptStore", "StoredReceipt", "chain_hash", "verify"]

GENESIS = "00" * 32


@dataclass(frozen=True, slots=True)
class Receipt:
    """One metering interval of a Plug & Charge session, with its proofs (hex strings for bytes)."""

    session_id: str
    evse_id: str
    emaid: str
    protocol: str
    started: float
    """Wall-clock start of the interval (Unix seconds)."""
    stopped: float
    meter_start: int
    """Wh at the start of the interval."""
    meter_stop: int
    schedule_id: int
    meter_id: str
    exi: str = ""
    """The car's signed MeteringReceiptReq as received (EXI of the whole V2G_Message); empty when
    the car did not sign one."""
    signature: str = ""
    """Its SignatureValue."""
    certificate: str = ""
    """The contract certificate (DER) the signature was verified with."""
    sub_certificates: tuple[str, ...] = ()
    verified: bool = False
    """The SECC verified the car's signature and the content before storing."""
    ocmf: str = ""
    """The meter's own signed reading of the interval (OCMF), linked by session."""
    ocmf_public_key: str = ""
    """The meter's public key (DER, hex) for the OCMF signature."""
    note: str = ""

    @property
    def energy_wh(self) -> int:
        return self.meter_stop - self.meter_start

    def body(self) -> str:
        """The canonical JSON the chain hashes."""
        data = dataclasses.asdict(self)
        data["sub_certificates"] = list(self.sub_certificates)
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_body(cls, body: str) -> Receipt:
        data: dict[str, Any] = json.loads(body)
        data["sub_certificates"] = tuple(data.get("sub_certificates", ()))
        return cls(**data)


@dataclass(frozen=True, slots=True)
class StoredReceipt:
    seq: int
    receipt: Receipt
    prev: str
    hash: str


def chain_hash(prev: str, seq: int, body: str) -> str:
    return hashlib.sha256(bytes.fromhex(prev) + seq.to_bytes(8, "big") + body.encode()).hexdigest()


_SCHEMA = """
CREATE TABLE IF NOT EXISTS receipts (seq INTEGER PRIMARY KEY, body TEXT NOT NULL, prev TEXT NOT NULL,
                                     hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL,
                                 hash TEXT NOT NULL);
"""


class ReceiptStore:
    """The store at ``path`` (created if missing). ``wal``: WAL journal (default), else rollback
    journal; both with ``synchronous=FULL``."""

    def __init__(self, path: Path | str, *, wal: bool = True) -> None:
        self.path = Path(path)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute(f"PRAGMA journal_mode={'WAL' if wal else 'DELETE'}")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ReceiptStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def head(self) -> tuple[int, str]:
        row = self._db.execute("SELECT seq, hash FROM head WHERE id = 1").fetchone()
        return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))

    def append(self, receipt: Receipt) -> StoredReceipt:
        """Chain and write ``receipt``; durable when this returns."""
        body = receipt.body()
        self._db.execute("BEGIN IMMEDIATE")
        try:
            seq, prev = self.head()
            seq += 1
            digest = chain_hash(prev, seq, body)
            self._db.execute("INSERT INTO receipts VALUES (?, ?, ?, ?)", (seq, body, prev, digest))
            self._db.execute("INSERT OR REPLACE INTO head VALUES (1, ?, ?)", (seq, digest))
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return StoredReceipt(seq, receipt, prev, digest)

    def __iter__(self) -> Iterator[StoredReceipt]:
        for seq, body, prev, digest in self._db.execute(
            "SELECT seq, body, prev, hash FROM receipts ORDER BY seq"
        ):
            yield StoredReceipt(int(seq), Receipt.from_body(body), str(prev), str(digest))

    def rows(self) -> list[tuple[int, str, str, str]]:
        """The raw rows in storage order (what :func:`verify` reads)."""
        return [
            (int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in self._db.execute("SELECT * FROM receipts")
        ]


@dataclass(frozen=True, slots=True)
class Problem:
    seq: int
    what: str

    def __str__(self) -> str:
        return f"record {self.seq}: {self.what}"


def verify(store: ReceiptStore) -> list[Problem]:
    """Every problem of the store: the chain, the head, each EV signature and each OCMF signature."""
    from v2g._receipt_proofs import check_proofs, pagination  # exi, signing, pyocmf: only here

    problems: list[Problem] = []
    prev, expected = GENESIS, 1
    rows = sorted(store.rows())
    last_of_session: dict[str, Receipt] = {}
    last_page: dict[str, int] = {}
    for seq, body, stored_prev, digest in rows:
        if seq != expected:
            problems.append(Problem(seq, f"records {expected}..{seq - 1} are missing (deleted)"))
        if stored_prev != prev:
            problems.append(Problem(seq, "does not follow the record before it (reordered or one deleted)"))
        if chain_hash(stored_prev, seq, body) != digest:
            problems.append(Problem(seq, "content does not match its hash (edited)"))
        try:
            receipt = Receipt.from_body(body)
        except (ValueError, TypeError) as exc:
            problems.append(Problem(seq, f"unreadable record: {exc}"))
        else:
            problems.extend(Problem(seq, p) for p in check_proofs(receipt))
            before = last_of_session.get(receipt.session_id)
            if before is not None and (before.meter_stop, before.stopped) != (
                receipt.meter_start,
                receipt.started,
            ):
                problems.append(
                    Problem(seq, "does not start where the session's record before it ended (deleted)")
                )
            last_of_session[receipt.session_id] = receipt
            page = pagination(receipt.ocmf) if receipt.ocmf else None
            if page is not None:
                key = receipt.ocmf_public_key
                if key in last_page and page != last_page[key] + 1:
                    problems.append(
                        Problem(seq, f"the meter's OCMF record T{page} follows T{last_page[key]} (deleted)")
                    )
                last_page[key] = page
        prev, expected = digest, seq + 1
    head_seq, head_hash = store.head()
    last = rows[-1][0] if rows else 0
    if (head_seq, head_hash) != (last, prev):
        problems.append(
            Problem(head_seq, f"the head says record {head_seq}, the chain ends at {last} (deleted)")
        )
    return problems
