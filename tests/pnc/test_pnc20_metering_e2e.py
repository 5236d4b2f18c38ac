"""A forged ISO 15118-20 MeteringConfirmation end to end, per algorithm family (P-521 and Ed448):
SeccServer (with a receipt store on disk) and the EVCC runner over TLS 1.3 with mutual
authentication. In one store, a valid session first (every confirmation stored verified), then a
session whose car sends its first confirmation as our EVCC signed it and tampers the second (the
signed meter reading altered after signing, the SignatureValue broken, the Signature left out), or
signs a reading it was not asked to confirm. The SECC answers the forged one with its -20
ResponseCode and ends the session; the store, opened again after the run and checked with
`v2g receipts verify` and `v2g receipts export` through the CLI entry point, holds no verified
record for it (the sans-IO twins are in test_pnc20_metering.py)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

import v2g.evcc.iso20 as evcc20
from exi.iso20 import generated_types as c
from tests.pnc._pnc20_e2e import FAMILIES, Edit, Run, pki_dir, run20
from v2g.cli import main
from v2g.evcc.iso20_pnc import confirmation_step
from v2g.receipts import ReceiptStore
from v2g.secc.iso20.metering import REFUSED


def _second_confirmation(edit: Edit) -> Edit:
    """``edit`` applied to the car's second MeteringConfirmationReq only."""
    seen: list[int] = []

    def apply(message: Any) -> Any:
        if not isinstance(message, c.MeteringConfirmationReq):
            return message
        seen.append(1)
        return edit(message) if len(seen) == 2 else message

    return apply


def _altered_reading(m: c.MeteringConfirmationReq) -> c.MeteringConfirmationReq:
    smd = m.SignedMeteringData
    info = dataclasses.replace(smd.MeterInfo, ChargedEnergyReadingWh=smd.MeterInfo.ChargedEnergyReadingWh + 1)
    return dataclasses.replace(m, SignedMeteringData=dataclasses.replace(smd, MeterInfo=info))


def _broken_signature(m: c.MeteringConfirmationReq) -> c.MeteringConfirmationReq:
    sig = m.Header.Signature
    assert sig is not None
    value = bytearray(sig.SignatureValue.value)
    value[0] ^= 0x80
    broken = dataclasses.replace(
        sig, SignatureValue=dataclasses.replace(sig.SignatureValue, value=bytes(value))
    )
    return dataclasses.replace(m, Header=dataclasses.replace(m.Header, Signature=broken))


def _unsigned(m: c.MeteringConfirmationReq) -> c.MeteringConfirmationReq:
    return dataclasses.replace(m, Header=dataclasses.replace(m.Header, Signature=None))


def _asked(run: Run) -> list[int]:
    """The readings the SECC asked the car to confirm (loop responses with the notification)."""
    out = []
    for name in ("DC_ChargeLoopRes", "AC_ChargeLoopRes"):
        for res in run.sent(name):
            status = res.EVSEStatus
            if status is not None and status.EVSENotification is c.evseNotificationType.MeteringConfirmation:
                out.append(res.MeterInfo.ChargedEnergyReadingWh)
    return out


def _cli(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


async def _valid_then_forged(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, family: str, service: str, edit: Edit | None
) -> tuple[Run, Run, Path]:
    pki = pki_dir(family, tmp_path_factory)
    db = tmp_path / "receipts.db"
    with ReceiptStore(db) as store:
        valid = await run20(pki, service, store=store, charging_loop_cycles=5)
        forged = await run20(pki, service, store=store, charging_loop_cycles=7, edit=edit)
    return valid, forged, db


FORGERIES = {
    "altered-reading": _altered_reading,
    "broken-signature": _broken_signature,
    "unsigned": _unsigned,
}


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("service", ["dc", "ac_bpt"])
@pytest.mark.parametrize("forgery", sorted(FORGERIES))
async def test_forged_confirmation_refused_and_not_stored_verified(
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    family: str,
    service: str,
    forgery: str,
) -> None:
    edit = _second_confirmation(FORGERIES[forgery])
    valid, forged, db = await _valid_then_forged(tmp_path_factory, tmp_path, family, service, edit)
    assert valid.result.ok and set(valid.codes("MeteringConfirmationRes")) == {"OK"}
    # the first confirmation of the forged session passed as signed; the second is refused
    assert forged.codes("MeteringConfirmationRes") == ["OK", "FAILED_MeteringSignatureNotValid"]
    assert forged.requests()[-1] == "MeteringConfirmationReq"  # the SECC ended the session there
    assert "MeteringConfirmation" in forged.secc.reason
    assert not forged.result.ok and "FAILED_MeteringSignatureNotValid" in forged.result.reason
    first, second = _asked(forged)[:2]
    _check_store(db, valid, forged, first, second, capsys)


@pytest.mark.parametrize("family", FAMILIES)
async def test_signed_confirmation_of_another_reading_refused(
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    family: str,
) -> None:
    """The car signs, with its contract key, a reading it was not asked to confirm (its second)."""
    real = confirmation_step
    made: list[Any] = []

    def lying(ctx: Any, res: Any) -> Any:
        # the request is signed by the EVCC's boundary when sent: the lie goes out signed
        step = real(ctx, res)
        if step is not None:
            made.append(step)
            if len(made) == 2:
                step.request = _altered_reading(step.request)
        return step

    pki = pki_dir(family, tmp_path_factory)
    db = tmp_path / "receipts.db"
    with ReceiptStore(db) as store:
        valid = await run20(pki, store=store, charging_loop_cycles=5)
        monkeypatch.setattr(evcc20, "confirmation_step", lying)
        forged = await run20(pki, store=store, charging_loop_cycles=7)
    assert forged.codes("MeteringConfirmationRes") == ["OK", "FAILED"]
    assert "not the one the SECC sent" in forged.secc.reason
    first, second = _asked(forged)[:2]
    _check_store(db, valid, forged, first, second, capsys)


def _check_store(db: Path, valid: Run, forged: Run, first: int, second: int, capsys: Any) -> None:
    """Opened again after the run: the valid session's records and the forged session's first
    confirmation verified, the refused one's interval unsigned; `v2g receipts verify` says OK and
    `v2g receipts export` shows the same verified flags."""
    with ReceiptStore(db) as store:
        records = [s.receipt for s in store]
    sid = forged.session.session_id
    assert sid is not None and valid.session.session_id is not None
    mine = [r for r in records if r.session_id == sid.hex()]
    theirs = [r for r in records if r not in mine]
    assert theirs and all(r.verified for r in theirs)
    # the forged session: its first confirmation stored verified; the refused one's interval kept
    # unsigned with the refusal as its note, none of the forged bytes stored (docs/pnc.md)
    assert [(r.meter_stop, r.verified) for r in mine] == [(first, True), (second, False)]
    refused = mine[1]
    assert refused.note.startswith(REFUSED) and refused.exi == "" and refused.signature == ""
    assert refused.meter_start == first and first < second
    code, out = _cli("receipts", "verify", str(db), capsys=capsys)
    assert code == 0, out
    assert out.strip().endswith(f"{len(records)} records, OK")
    code, out = _cli("receipts", "export", str(db), capsys=capsys)
    exported = json.loads(out)["records"]
    assert code == 0 and [r["verified"] for r in exported] == [r.verified for r in records]
