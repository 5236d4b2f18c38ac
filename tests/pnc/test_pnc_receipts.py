"""Metering receipts of Plug & Charge sessions: the car signs, the SECC verifies and stores the
record durably before answering, with the meter's OCMF record of the same interval; forged,
replayed and mismatched receipts are refused: none of their bytes is stored, and the interval they
would have covered is kept unsigned (not verified) with the refusal as its note."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from tests.pnc._pnc import AC, DC, PncSetup, Tamper, body_of, pki
from tests.sessions._session_harness import pump
from tls.profiles import Role
from v2g import signing
from v2g.backend import LocalBackend, PlugAndCharge
from v2g.ocmf import OcmfMeter
from v2g.receipts import ReceiptStore, verify
from v2g.secc.iso2.receipts import REFUSED


class ReceiptSetup(PncSetup):
    store_path: Path = Path()
    receipts: ReceiptStore | None = None
    meter = OcmfMeter()

    @property
    def pnc(self) -> PlugAndCharge:
        assert self.mo_roots is not None
        return PlugAndCharge(self.backend, self.mo_roots, self.receipts, receipt_interval=2, meter=self.meter)


def _setup(tmp_path: Path, **kw: Any) -> ReceiptSetup:
    s = ReceiptSetup(cycles=6, **kw)
    s.receipts = ReceiptStore(tmp_path / "receipts.db")
    return s


@pytest.mark.parametrize("mode", [DC, AC])
def test_receipts_are_signed_verified_and_stored_with_the_meters_ocmf(tmp_path: Path, mode: Any) -> None:
    s = _setup(tmp_path, mode=mode)
    run = pump(s.secc(), s.evcc())
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    assert run.requests().count("MeteringReceiptReq") == 3
    assert all(b["ResponseCode"] == "OK" for b in run.bodies("MeteringReceiptRes"))
    assert s.receipts is not None
    records = list(s.receipts)
    assert len(records) == 3 and all(r.receipt.verified and r.receipt.ocmf for r in records)
    assert records[0].receipt.emaid == "DEV2G123456789K"
    assert [r.receipt.meter_start for r in records[1:]] == [r.receipt.meter_stop for r in records[:-1]]
    assert verify(s.receipts) == []
    assert len(s.backend.sent) == 3  # signed meter values out


def test_a_car_that_skips_receipts_charges_on_and_the_interval_is_stored_unsigned(tmp_path: Path) -> None:
    s = _setup(tmp_path)
    run = pump(s.secc(), s.evcc(sign_receipts=False))
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    assert "MeteringReceiptReq" not in run.requests()
    assert s.receipts is not None
    records = [r.receipt for r in s.receipts]
    assert records and all(not r.verified and "did not sign" in r.note for r in records)
    assert verify(s.receipts) == []


def test_an_interval_asked_for_at_the_last_loop_is_stored_when_the_car_stops_instead(tmp_path: Path) -> None:
    """Josev's DC car (issue 18, item 8) ignores ReceiptRequired: asked at the last CurrentDemandRes,
    its PowerDeliveryReq(Stop) comes next; that interval is stored unsigned too, not lost."""
    s = _setup(tmp_path)
    run = pump(s.secc(), s.evcc(sign_receipts=False))
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    asked = [b["MeterInfo"]["MeterReading"] for b in run.bodies("CurrentDemandRes") if b["ReceiptRequired"]]
    assert len(asked) == 3  # cycles=6, every 2nd loop; the last one right before PowerDeliveryReq
    assert s.receipts is not None
    records = [r.receipt for r in s.receipts]
    assert [r.meter_stop for r in records] == asked
    assert "stopped charging" in records[-1].note and not records[-1].verified
    assert verify(s.receipts) == []


def _receipt_edit(fn: Any) -> Any:
    def edit(message: Any) -> Any:
        return fn(message) if type(body_of(message)).__name__ == "MeteringReceiptReq" else message

    return edit


def _resign(message: Any, **changes: Any) -> Any:
    body = dataclasses.replace(body_of(message), **changes)
    bare = dataclasses.replace(
        message,
        Header=dataclasses.replace(message.Header, Signature=None),
        Body=dataclasses.replace(message.Body, BodyElement=body),
    )
    return signing.sign(bare, [body.Id], pki().keys[Role.CONTRACT_LEAF])


def _refused(s: ReceiptSetup, edit: Any) -> str:
    run = pump(s.secc(), Tamper(s.evcc(), _receipt_edit(edit)))  # type: ignore[arg-type]
    code = str(run.bodies("MeteringReceiptRes")[-1]["ResponseCode"])
    assert run.secc.closed and run.evcc.result is not None and not run.evcc.result.ok
    assert s.receipts is not None and [r for r in s.receipts if r.receipt.verified] == []
    _assert_kept_unsigned([r.receipt for r in s.receipts][-1])
    return code


def _assert_kept_unsigned(record: Any) -> None:
    """The refused interval: in the store, not verified, none of the car's bytes, the reason said."""
    assert not record.verified and record.exi == "" and record.signature == ""
    assert record.note.startswith(REFUSED) and record.ocmf


def test_a_forged_receipt_is_refused_and_not_stored(tmp_path: Path) -> None:
    other = pki("other").keys[Role.CONTRACT_LEAF]

    def forge(message: Any) -> Any:
        bare = dataclasses.replace(message, Header=dataclasses.replace(message.Header, Signature=None))
        return signing.sign(bare, [body_of(message).Id], other)

    assert _refused(_setup(tmp_path), forge) == "FAILED_SignatureError"


def test_a_receipt_with_another_reading_is_refused_and_not_stored(tmp_path: Path) -> None:
    def more(message: Any) -> Any:
        info = body_of(message).MeterInfo
        return _resign(message, MeterInfo=dataclasses.replace(info, MeterReading=info.MeterReading + 1000))

    assert _refused(_setup(tmp_path), more) == "FAILED"


def test_a_receipt_for_another_session_is_refused(tmp_path: Path) -> None:
    assert _refused(_setup(tmp_path), lambda msg: _resign(msg, SessionID=bytes(8))) == "FAILED"


def test_a_replayed_receipt_is_refused_and_not_stored_again(tmp_path: Path) -> None:
    s = _setup(tmp_path)
    first: list[Any] = []

    def replay(message: Any) -> Any:
        if not first:
            first.append(message)
            return message
        return first[0]  # the first signed receipt, sent again for the second interval

    run = pump(s.secc(), Tamper(s.evcc(), _receipt_edit(replay)))  # type: ignore[arg-type]
    assert [b["ResponseCode"] for b in run.bodies("MeteringReceiptRes")] == ["OK", "FAILED"]
    assert s.receipts is not None
    records = [r.receipt for r in s.receipts]
    assert [r.verified for r in records] == [True, False]
    _assert_kept_unsigned(records[1])
    assert records[1].meter_start == records[0].meter_stop  # the replay is not the second interval


def test_a_store_that_cannot_write_acknowledges_nothing(tmp_path: Path) -> None:
    class Broken(ReceiptStore):
        def append(self, receipt: Any) -> Any:
            raise OSError("disk full")

    s = _setup(tmp_path)
    s.receipts = Broken(tmp_path / "broken.db")
    run = pump(s.secc(), s.evcc())
    assert [b["ResponseCode"] for b in run.bodies("MeteringReceiptRes")] == ["FAILED"]
    assert "disk full" in run.secc.close_reason


def test_a_backend_refusal_is_unaffected_by_receipts(tmp_path: Path) -> None:
    s = _setup(tmp_path, backend=LocalBackend(revoked_emaids=["DEV2G123456789K"]))
    run = pump(s.secc(), s.evcc())
    assert run.bodies("PaymentDetailsRes")[-1]["ResponseCode"] == "FAILED_CertificateRevoked"
    assert s.receipts is not None and list(s.receipts) == []
