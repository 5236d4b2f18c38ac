"""`v2g receipts list|show|export|verify DB`: read and check a receipt store (v2g.receipts)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from v2g.cli import common
from v2g.receipts import ReceiptStore, StoredReceipt, verify


def add_parser(sub: common.Subparsers) -> None:
    p = sub.add_parser("receipts", help="list, show, export and verify a metering receipt store")
    cmds = p.add_subparsers(dest="receipts_command", required=True, metavar="ACTION")
    for name, text in (
        ("list", "one line per record"),
        ("show", "one record with its proofs"),
        ("export", "every record with its proofs and the chain, as JSON"),
        ("verify", "check the chain, every EV signature and every OCMF signature (exit 1 on a problem)"),
    ):
        c = cmds.add_parser(name, help=text)
        c.add_argument("db", type=Path, metavar="DB")
        if name == "show":
            c.add_argument("seq", type=int, metavar="SEQ")
    p.set_defaults(func=run)


def _json(r: StoredReceipt) -> dict[str, object]:
    return {
        "seq": r.seq,
        "prev": r.prev,
        "hash": r.hash,
        "energy_wh": r.receipt.energy_wh,
        **dataclasses.asdict(r.receipt),
    }


def run(args: argparse.Namespace) -> int:
    if not args.db.exists():
        raise common.UsageError(f"no receipt store at {args.db}")
    with ReceiptStore(args.db) as store:
        action = args.receipts_command
        if action == "list":
            for r in store:
                x = r.receipt
                state = "verified" if x.verified else "unsigned"
                print(f"{r.seq:5d}  {x.session_id}  {x.emaid}  {x.meter_start}->{x.meter_stop} Wh  {state}")
            seq, head = store.head()
            print(f"head: record {seq} {head}")
        elif action == "show":
            found = [r for r in store if r.seq == args.seq]
            if not found:
                raise common.UsageError(f"no record {args.seq}")
            print(json.dumps(_json(found[0]), indent=2))
        elif action == "export":
            seq, head = store.head()
            json.dump(
                {"head": {"seq": seq, "hash": head}, "records": [_json(r) for r in store]},
                sys.stdout,
                indent=2,
            )
            print()
        else:
            problems = verify(store)
            for p in problems:
                print(p)
            count = sum(1 for _ in store)
            print(f"{count} records, {'OK' if not problems else f'{len(problems)} problems'}")
            return 1 if problems else 0
    return 0
