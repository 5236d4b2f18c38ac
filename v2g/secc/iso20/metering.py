"""ISO 15118-20 SECC MeteringConfirmation of a Plug & Charge session, into the receipt store.

Every ``PlugAndCharge.receipt_interval`` charging-loop messages of a PnC session with a receipt
store, the loop response carries a fresh MeterInfo (MeterID, ChargedEnergyReadingWh, for BPT the
discharged energy, MeterTimestamp) and EVSEStatus with the notification MeteringConfirmation
(unless a notification that stops or renegotiates is due). The EV answers with a
MeteringConfirmationReq: SignedMeteringData (Id, SessionID, the MeterInfo, optional Receipt, the
control mode's element) with a header Signature over it made with the contract key (-20 suites).

The SECC checks the Signature covers SignedMeteringData and verifies with the session's contract
certificate (FAILED_MeteringSignatureNotValid), then the content against what it sent (SessionID,
MeterInfo, the selected schedule; FAILED). A refused confirmation ends the session and its bytes are
not kept, but the interval is: stored unsigned (not verified) with the reason as its note, so no
energy goes missing from the store. An accepted one writes the record (the request's EXI as
received, its SignatureValue, the contract chain, the meter's OCMF record of the interval) to the
same hash-chained store as ISO 15118-2 receipts, and answers OK only once that write is durable. A
loop request that comes instead of the confirmation stores the interval unsigned, with a note. ``v2g
receipts verify`` checks -20 records too.
"""

from __future__ import annotations

import dataclasses

from exi.iso20 import generated_types as c
from v2g import signing
from v2g.backend import PlugAndCharge
from v2g.errors import SessionError
from v2g.secc._machine import SeccContext
from v2g.secc._receipting import store_interval
from v2g.secc._spec import Reply, Rx
from v2g.secc.iso20._shared import PENDING, RC
from v2g.secc.iso20.pnc import Contract20

METER_ID = "V2G-SIM-METER"
SKIPPED = "the car sent no MeteringConfirmation (its next loop request came instead)"
REFUSED = "the car's MeteringConfirmation was refused"
NOTIFICATION_MAX_DELAY = 2
"""NotificationMaxDelay (s) of the MeteringConfirmation notification."""
_KEEP = frozenset(
    {
        c.evseNotificationType.Terminate,
        c.evseNotificationType.ScheduleRenegotiation,
        c.evseNotificationType.ServiceRenegotiation,
        c.evseNotificationType.Pause,
        c.evseNotificationType.ExitStandby,
    }
)
"""Notifications that take precedence over asking for a MeteringConfirmation."""


def _on(ctx: SeccContext) -> tuple[PlugAndCharge, Contract20] | None:
    pnc = ctx.services.pnc if ctx.tls else None
    contract = ctx.contract
    if (
        pnc is None
        or pnc.receipts is None
        or not isinstance(contract, Contract20)
        or not contract.authorized
    ):
        return None
    return pnc, contract


def loop_metering(
    ctx: SeccContext, rx: Rx, meter: c.MeterInfoType | None, status: c.EVSEStatusType | None
) -> tuple[c.MeterInfoType | None, c.EVSEStatusType | None]:
    """The MeterInfo and EVSEStatus of a charging-loop response: as given, or the MeterInfo to
    confirm with the MeteringConfirmation notification."""
    on = _on(ctx)
    if on is None:
        return meter, status
    pnc, contract = on
    if contract.asked is not None:  # asked, and a loop request came instead of the confirmation
        _store(ctx, pnc, contract, rx, None, SKIPPED)
    contract.loops += 1
    reading = max(0, round(ctx.services.meter.meter_wh(rx.now)))
    info = c.MeterInfoType(MeterID=METER_ID, ChargedEnergyReadingWh=reading, MeterTimestamp=int(rx.wall))
    contract.last_meter = (info, rx.wall)  # every loop response carries it: the final confirmation's
    if contract.loops < pnc.receipt_interval or (
        status is not None and status.EVSENotification in _KEEP
    ):
        return info, status
    contract.loops = 0
    contract.asked, contract.asked_at = info, rx.wall
    note = c.EVSEStatusType(
        NotificationMaxDelay=NOTIFICATION_MAX_DELAY,
        EVSENotification=c.evseNotificationType.MeteringConfirmation,
    )
    return info, note


def final_metering(ctx: SeccContext, reply: Reply, rx: Rx) -> Reply:
    """PowerDeliveryRes(Stop) of a PnC session with a store: the energy since the last
    confirmation is asked for with the notification MeteringConfirmation; the car signs the
    MeterInfo of the last loop response (PowerDeliveryRes has no MeterInfo). An outstanding ask the
    car skipped is stored unsigned first."""
    on = _on(ctx)
    if on is None:
        return reply
    pnc, contract = on
    if contract.asked is not None:
        _store(ctx, pnc, contract, rx, None, SKIPPED)
    last = contract.last_meter
    if last is None or last[1] <= contract.interval[0]:
        return reply  # nothing since the last confirmation
    contract.asked, contract.asked_at = last
    note = c.EVSEStatusType(
        NotificationMaxDelay=NOTIFICATION_MAX_DELAY,
        EVSENotification=c.evseNotificationType.MeteringConfirmation,
    )
    reply.body = dataclasses.replace(reply.body, EVSEStatus=note)
    return reply


def flush_unconfirmed(ctx: SeccContext, rx: Rx) -> None:
    """The stop sequence went on without the confirmation asked for (welding detection,
    check-out or SessionStop came instead): the interval is stored unsigned, with a note."""
    on = _on(ctx)
    if on is not None and on[1].asked is not None:
        _store(ctx, on[0], on[1], rx, None, SKIPPED)


def _store(
    ctx: SeccContext,
    pnc: PlugAndCharge,
    contract: Contract20,
    rx: Rx,
    signed: c.MeteringConfirmationReq | None,
    note: str,
) -> None:
    """Write the interval up to the MeterInfo asked for; durable when this returns."""
    info = contract.asked
    assert pnc.receipts is not None and info is not None
    store_interval(
        ctx,
        pnc,
        contract,
        rx,
        meter_id=info.MeterID,
        stop_wh=info.ChargedEnergyReadingWh,
        signed=signed is not None,
        note=note,
    )


def _check_signature(contract: Contract20, req: c.MeteringConfirmationReq, rx: Rx) -> None:
    signature = rx.header.Signature
    smd = req.SignedMeteringData
    try:
        if signature is None or f"#{smd.Id}" not in {r.URI for r in signature.SignedInfo.Reference}:
            raise signing.SignatureError("SignedMeteringData is not signed", part="Signature")
        signing.verify(dataclasses.replace(req, Header=rx.header), contract.leaf, profile="iso20")
    except signing.SignatureError as exc:
        raise SessionError("FAILED_MeteringSignatureNotValid", f"MeteringConfirmation: {exc}") from exc


def metering_confirmation(ctx: SeccContext, req: c.MeteringConfirmationReq, rx: Rx) -> Reply:
    on = _on(ctx)
    if on is None or on[1].asked is None:
        raise SessionError("FAILED_SequenceError", "no MeteringConfirmation was asked for")
    pnc, contract = on
    try:
        _check_confirmation(ctx, contract, req, rx)
    except SessionError as exc:  # refused: the interval is kept unsigned, the forgery is not
        _store(ctx, pnc, contract, rx, None, f"{REFUSED}: {exc}")
        raise
    _store(ctx, pnc, contract, rx, req, "")
    contract.confirmations += 1
    return Reply(c.MeteringConfirmationRes(Header=PENDING, ResponseCode=RC.OK))


def _check_confirmation(
    ctx: SeccContext, contract: Contract20, req: c.MeteringConfirmationReq, rx: Rx
) -> None:
    """Signed by the contract key (FAILED_MeteringSignatureNotValid) over the session, MeterInfo
    and schedule the SECC sent (FAILED)."""
    _check_signature(contract, req, rx)
    smd, asked = req.SignedMeteringData, contract.asked
    assert asked is not None
    if smd.SessionID != ctx.session_id:
        raise SessionError("FAILED", "the confirmation is signed for another session")
    if dataclasses.astuple(smd.MeterInfo) != dataclasses.astuple(asked):
        raise SessionError("FAILED", "the confirmed MeterInfo is not the one the SECC sent")
    scheduled = smd.Scheduled_SMDTControlMode
    if scheduled is not None and scheduled.SelectedScheduleTupleID != (ctx.schedule_id or 1):
        raise SessionError("FAILED", "the confirmation names another schedule")
