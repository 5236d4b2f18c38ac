"""ISO 15118-2 SECC metering receipts of a Plug & Charge session.

Every ``PlugAndCharge.receipt_interval`` charging-loop messages the SECC sends ``ReceiptRequired``
with a fresh MeterInfo (reading and TMeter). The car answers with a MeteringReceiptReq signed with
its contract key over (SessionID, SAScheduleTupleID, MeterInfo); the SECC verifies the signature
against the session's contract certificate and the content against what it sent (a mismatch is
FAILED, a bad signature FAILED_SignatureError), adds the meter's own OCMF record of the interval,
writes the record to the store and answers OK only once it is durable. A refused receipt ends the
session and its bytes are not kept; the interval is stored unsigned (not verified) with the reason
as its note, so no energy goes missing from the store.

A car may skip the receipt and send its next loop request instead (DC cars of the Python
incumbent do): the SECC carries on and stores the interval without the car's signature, saying so;
the same when the car stops charging (PowerDeliveryReq Stop, SessionStopReq) instead of signing.
"""

from __future__ import annotations

import dataclasses

from exi.iso2 import generated_types as m
from v2g import signing
from v2g.errors import SessionError
from v2g.secc._machine import SeccContext
from v2g.secc._receipting import store_interval
from v2g.secc._spec import Reply, Rx
from v2g.secc.iso2._shared import RC, _meter, _status_el
from v2g.secc.iso2.pnc import Contract, pnc_of

METER_ID = "V2G-SIM-METER"
SKIPPED = "the car did not sign a receipt (its next loop request came instead)"
STOPPED = "the car did not sign a receipt (it stopped charging instead)"
REFUSED = "the car's receipt was refused"


def _receipts_on(ctx: SeccContext) -> Contract | None:
    pnc = pnc_of(ctx)
    if ctx.payment != "Contract" or pnc is None or pnc.receipts is None:
        return None
    contract: Contract | None = ctx.contract
    return contract if contract is not None and contract.authorized else None


def loop_meter(ctx: SeccContext, rx: Rx) -> tuple[m.MeterInfoType, bool | None]:
    """MeterInfo and ReceiptRequired for a charging-loop response."""
    contract = _receipts_on(ctx)
    if contract is None:
        return _meter(ctx, rx.now), None
    pnc = pnc_of(ctx)
    assert pnc is not None
    if contract.asked is not None:  # asked, and a loop request came instead of the receipt
        _store(ctx, contract, rx, None, SKIPPED)
    contract.loops += 1
    if contract.loops < pnc.receipt_interval:
        return _meter(ctx, rx.now), False
    contract.loops = 0
    reading = max(0, round(ctx.services.meter.meter_wh(rx.now)))
    info = m.MeterInfoType(MeterID=METER_ID, MeterReading=reading, TMeter=int(rx.wall))
    contract.asked = info
    contract.asked_at = rx.wall
    return info, True


def stopped_unsigned(ctx: SeccContext, rx: Rx) -> None:
    """The car stops charging with a receipt still asked for: that interval is stored unsigned,
    not lost (Josev's DC car ignores the ReceiptRequired of the last CurrentDemandRes)."""
    contract = _receipts_on(ctx)
    if contract is not None and contract.asked is not None:
        _store(ctx, contract, rx, None, STOPPED)


def _store(
    ctx: SeccContext, contract: Contract, rx: Rx, signed: m.MeteringReceiptReq | None, note: str
) -> None:
    """Write the interval up to the MeterInfo asked for; durable when this returns."""
    pnc = pnc_of(ctx)
    info = contract.asked
    assert pnc is not None and pnc.receipts is not None and info is not None
    store_interval(
        ctx,
        pnc,
        contract,
        rx,
        meter_id=info.MeterID,
        stop_wh=info.MeterReading or 0,
        signed=signed is not None,
        note=note,
    )


def metering_receipt(ctx: SeccContext, req: m.MeteringReceiptReq, rx: Rx) -> Reply:
    contract = _receipts_on(ctx)
    if contract is None or contract.asked is None:
        raise SessionError("FAILED_SequenceError", "no receipt was asked for")
    try:
        _check_receipt(ctx, contract, req, rx)
    except SessionError as exc:  # refused: the interval is kept unsigned, the forgery is not
        _store(ctx, contract, rx, None, f"{REFUSED}: {exc}")
        raise
    _store(ctx, contract, rx, req, "")
    contract.receipts += 1
    return Reply(m.MeteringReceiptRes(ResponseCode=RC.OK, EVSEStatus=_status_el(ctx, rx.now)))


def _check_receipt(ctx: SeccContext, contract: Contract, req: m.MeteringReceiptReq, rx: Rx) -> None:
    """The receipt is signed by the contract key (FAILED_SignatureError) over the MeterInfo,
    session and schedule the SECC sent (FAILED)."""
    signature = rx.header.Signature
    if (
        signature is None
        or req.Id is None
        or f"#{req.Id}" not in {r.URI for r in signature.SignedInfo.Reference}
    ):
        raise signing.SignatureError("the MeteringReceiptReq is not signed", part="Signature")
    message = m.V2G_Message(Header=rx.header, Body=m.BodyType(BodyElement=req))
    signing.verify(message, contract.leaf)  # FAILED_SignatureError: forged
    asked = contract.asked
    assert asked is not None  # checked by metering_receipt
    if req.SessionID != ctx.session_id:
        raise SessionError("FAILED", "the receipt is signed for another session")
    if req.SAScheduleTupleID is not None and req.SAScheduleTupleID != (ctx.schedule_id or 1):
        raise SessionError("FAILED", "the receipt names another SAScheduleTuple")
    if dataclasses.astuple(req.MeterInfo) != dataclasses.astuple(asked):
        raise SessionError("FAILED", "the receipt's MeterInfo is not the one the SECC sent")
