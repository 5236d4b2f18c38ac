"""ISO 15118-20 MeteringConfirmation, both algorithm families: the SECC asks with the
notification MeteringConfirmation and a MeterInfo in a loop response, our EVCC signs
SignedMeteringData, the SECC verifies and stores it in the receipt store beside -2 receipts (the
same hash chain), and ``v2g.receipts.verify`` checks the -20 records; a forged or altered
confirmation is refused and not stored as verified."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import v2g.evcc.iso20 as evcc20
from exi.iso20 import generated_types as c
from tests.pnc._pnc import PncSetup
from tests.pnc._pnc20 import Pnc20Setup, Tamper20
from tests.sessions._session_harness import pump
from v2g.backend import PlugAndCharge
from v2g.ocmf import OcmfMeter
from v2g.receipts import Receipt, ReceiptStore, verify

FAMILIES = ["p521", "ed448"]


def _setup(tmp_path: Path, family: str = "p521", **kw: Any) -> Pnc20Setup:
    return Pnc20Setup(family, receipts=ReceiptStore(tmp_path / "receipts.db"), meter=OcmfMeter(), **kw)


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("service", ["dc", "ac_bpt"])
def test_confirmations_stored_and_verified(tmp_path: Path, family: str, service: str) -> None:
    setup = _setup(tmp_path, family, service=service)
    run = pump(setup.secc(), setup.evcc(charging_loop_cycles=7))
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    notes = [
        b
        for b in run.bodies("DC_ChargeLoopRes" if service == "dc" else "AC_ChargeLoopRes")
        if b.get("EVSEStatus") and str(b["EVSEStatus"]["EVSENotification"]) == "MeteringConfirmation"
    ]
    # the final one: PowerDeliveryRes(Stop) asks for the energy since the last confirmation
    (stop,) = [b for b in run.bodies("PowerDeliveryRes") if b.get("EVSEStatus")]
    assert str(stop["EVSEStatus"]["EVSENotification"]) == "MeteringConfirmation"
    asked = len(notes) + 1
    assert asked >= 3
    assert [str(b["ResponseCode"]) for b in run.bodies("MeteringConfirmationRes")] == ["OK"] * asked
    req = run.requests()
    assert (
        req[req.index("PowerDeliveryReq", req.index("MeteringConfirmationReq")) :].count(
            "MeteringConfirmationReq"
        )
        >= 1
    )
    store = setup.receipts
    records = [s.receipt for s in store]
    assert len(records) == asked and all(r.verified and r.exi and r.ocmf for r in records)
    last_loop = run.bodies("DC_ChargeLoopRes" if service == "dc" else "AC_ChargeLoopRes")[-1]
    assert records[-1].meter_stop == int(last_loop["MeterInfo"]["ChargedEnergyReadingWh"])
    assert records[0].protocol.startswith("iso20") and records[0].emaid == setup.contract.emaid  # type: ignore[union-attr]
    assert [r.meter_start for r in records[1:]] == [r.meter_stop for r in records[:-1]]
    assert verify(store) == []
    assert len(setup.backend.sent) == asked  # the meter's OCMF records went to the backend


@pytest.mark.parametrize("family", FAMILIES)
def test_beside_iso2_receipts_in_one_chain(tmp_path: Path, family: str) -> None:
    """A -2 receipt and -20 confirmations in the same store: one chain, each checked."""
    store = ReceiptStore(tmp_path / "receipts.db")
    two = PncSetup(cycles=4)
    pnc2 = PlugAndCharge(two.backend, two.mo_roots or (), store, 2, OcmfMeter())
    two_secc = two.secc()
    two_secc._ctx.services = dataclasses.replace(two_secc._ctx.services, pnc=pnc2)
    assert pump(two_secc, two.evcc()).evcc.result.ok  # type: ignore[union-attr]
    twenty = Pnc20Setup(family, receipts=store, meter=OcmfMeter())
    assert pump(twenty.secc(), twenty.evcc()).evcc.result.ok  # type: ignore[union-attr]
    protocols = {s.receipt.protocol[:5] for s in store}
    assert protocols == {"iso2", "iso20"}
    assert verify(store) == []
    # edit a -20 record: the chain says so
    seq = next(s.seq for s in store if s.receipt.protocol.startswith("iso20"))
    db = sqlite3.connect(store.path)
    body = db.execute("SELECT body FROM receipts WHERE seq = ?", (seq,)).fetchone()[0]
    edited = dataclasses.replace(Receipt.from_body(body), meter_stop=10**6)
    db.execute("UPDATE receipts SET body = ? WHERE seq = ?", (edited.body(), seq))
    db.commit()
    problems = [str(p) for p in verify(store)]
    assert any("edited" in p for p in problems) and any("signed meter reading" in p for p in problems)


def _edit_smd(edit: Any) -> Any:
    def apply(message: Any) -> Any:
        return edit(message) if isinstance(message, c.MeteringConfirmationReq) else message

    return apply


def _forge_reading(m: c.MeteringConfirmationReq) -> c.MeteringConfirmationReq:
    smd = m.SignedMeteringData
    info = dataclasses.replace(smd.MeterInfo, ChargedEnergyReadingWh=smd.MeterInfo.ChargedEnergyReadingWh + 1)
    return dataclasses.replace(m, SignedMeteringData=dataclasses.replace(smd, MeterInfo=info))


def _unsigned(m: c.MeteringConfirmationReq) -> c.MeteringConfirmationReq:
    return dataclasses.replace(m, Header=dataclasses.replace(m.Header, Signature=None))


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("edit", [_forge_reading, _unsigned], ids=["altered", "unsigned"])
def test_forged_confirmation_refused_not_stored(tmp_path: Path, family: str, edit: Any) -> None:
    setup = _setup(tmp_path, family)
    run = pump(setup.secc(), Tamper20(setup.evcc(charging_loop_cycles=7), _edit_smd(edit)))  # type: ignore[arg-type]
    codes = [str(b["ResponseCode"]) for b in run.bodies("MeteringConfirmationRes")]
    assert codes == ["FAILED_MeteringSignatureNotValid"] and run.secc.closed
    assert not any(s.receipt.verified for s in setup.receipts)


@pytest.mark.parametrize("family", FAMILIES)
def test_signed_for_what_was_not_asked(tmp_path: Path, family: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A correctly signed confirmation of another reading (the car lies, and signs the lie)."""
    setup = _setup(tmp_path, family)
    real = evcc20.confirmation_step

    def lying(ctx: Any, res: Any) -> Any:
        step = real(ctx, res)
        if step is not None:
            step.request = _forge_reading(step.request)
        return step

    monkeypatch.setattr(evcc20, "confirmation_step", lying)
    run = pump(setup.secc(), setup.evcc(charging_loop_cycles=7))
    codes = [str(b["ResponseCode"]) for b in run.bodies("MeteringConfirmationRes")]
    assert codes == ["FAILED"] and run.secc.closed
    assert not any(s.receipt.verified for s in setup.receipts)


@pytest.mark.parametrize("family", FAMILIES)
def test_car_that_does_not_confirm(tmp_path: Path, family: str) -> None:
    setup = _setup(tmp_path, family)
    run = pump(setup.secc(), setup.evcc(charging_loop_cycles=7, sign_receipts=False))
    assert run.evcc.result is not None and run.evcc.result.ok
    records = [s.receipt for s in setup.receipts]
    assert (
        records
        and not any(r.verified for r in records)
        and all("no MeteringConfirmation" in r.note for r in records)
    )
    assert verify(setup.receipts) == []
    # the whole session is stored, up to the last loop response (the final interval too)
    last_loop = run.bodies("DC_ChargeLoopRes")[-1]
    assert records[-1].meter_stop == int(last_loop["MeterInfo"]["ChargedEnergyReadingWh"])
    assert [r.meter_start for r in records[1:]] == [r.meter_stop for r in records[:-1]]


@pytest.mark.parametrize("family", FAMILIES)
def test_no_confirmation_without_pnc(tmp_path: Path, family: str) -> None:
    setup = _setup(tmp_path, family)
    run = pump(setup.secc(), setup.evcc(contract=None, charging_loop_cycles=7))
    assert run.evcc.result is not None and run.evcc.result.ok
    assert not run.bodies("MeteringConfirmationReq") and not list(setup.receipts)


@pytest.mark.parametrize("family", FAMILIES)
def test_receipts_verify_command_on_iso20_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], family: str
) -> None:
    """``v2g receipts verify`` on a store with -20 confirmations: 0, and 1 once a signature is broken."""
    from v2g.cli import main

    setup = _setup(tmp_path, family)
    assert pump(setup.secc(), setup.evcc(charging_loop_cycles=5)).evcc.result.ok  # type: ignore[union-attr]
    db = tmp_path / "receipts.db"
    assert main(["receipts", "verify", str(db)]) == 0
    first = next(iter(setup.receipts))
    broken = dataclasses.replace(first.receipt, signature="00" * (len(first.receipt.signature) // 2))
    con = sqlite3.connect(db)
    con.execute("UPDATE receipts SET body = ? WHERE seq = ?", (broken.body(), first.seq))
    con.commit()
    assert main(["receipts", "verify", str(db)]) != 0
    assert "SignatureValue" in capsys.readouterr().out


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("service", ["dc", "ac_bpt"])
def test_confirmation_asked_every_loop_ends_after_the_cycles(
    tmp_path: Path, service: str, family: str
) -> None:
    """`v2g secc --receipt-interval 1`: every loop answer asks for a confirmation; the car still
    stops after its cycles (it once went back to the loop after each MeteringConfirmationRes
    without asking whether it was done, and charged for ever)."""
    setup = _setup(tmp_path, family, service=service, receipt_interval=1)
    run = pump(setup.secc(), setup.evcc(charging_loop_cycles=3), max_steps=2_000)
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    assert run.evcc.result.loop_count == 3
    # one per loop; the third covers all the energy, so PowerDelivery(Stop) asks for no other
    assert run.requests().count("MeteringConfirmationReq") == 3
    assert [s.receipt.verified for s in setup.receipts] == [True] * 3 and verify(setup.receipts) == []
