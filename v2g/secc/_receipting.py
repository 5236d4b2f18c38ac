"""Storing one metering interval of a Plug & Charge session, shared by ISO 15118-2 receipts
(MeteringReceiptReq) and ISO 15118-20 MeteringConfirmationReq: the record (the request's EXI and
SignatureValue when the car signed, the contract chain, the meter's OCMF record of the interval)
goes to the receipt store, durable before anything is acknowledged, then to the backend."""

from __future__ import annotations

from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from v2g.backend import PlugAndCharge, SignedMeterValue
from v2g.receipts import Receipt
from v2g.secc._machine import SeccContext
from v2g.secc._spec import Rx


class Interval(Protocol):
    """The receipting state of a contract (-2 ``Contract``, -20 ``Contract20``)."""

    emaid: str
    chain: tuple[x509.Certificate, ...]
    interval: tuple[float, int]
    """Start of the interval not yet receipted: (wall-clock time, Wh)."""
    asked_at: float
    """Wall-clock time of the MeterInfo asked for: the end of the interval."""

    @property
    def leaf(self) -> x509.Certificate: ...

    @property
    def asked(self) -> object: ...

    @asked.setter
    def asked(self, value: None) -> None: ...


def store_interval(
    ctx: SeccContext,
    pnc: PlugAndCharge,
    contract: Interval,
    rx: Rx,
    *,
    meter_id: str,
    stop_wh: int,
    signed: bool,
    note: str,
) -> None:
    """Write the interval up to the MeterInfo asked for (``meter_id``, ``stop_wh``), signed by the
    car in ``rx`` or not; durable when this returns. The next interval starts where it ends."""
    assert pnc.receipts is not None
    started, start_wh = contract.interval
    reading = None
    if pnc.meter is not None:
        reading = pnc.meter.sign_interval(contract.emaid, started, contract.asked_at, start_wh, stop_wh)
    sig = rx.header.Signature if signed else None
    record = Receipt(
        session_id=ctx.session_id.hex(),
        evse_id=ctx.config.evse_id,
        emaid=contract.emaid,
        protocol=ctx.protocol,
        started=started,
        stopped=contract.asked_at,
        meter_start=start_wh,
        meter_stop=stop_wh,
        schedule_id=ctx.schedule_id or 1,
        meter_id=meter_id,
        exi=rx.data.hex() if signed else "",
        signature=sig.SignatureValue.value.hex() if sig is not None else "",
        certificate=contract.leaf.public_bytes(Encoding.DER).hex(),
        sub_certificates=tuple(cert.public_bytes(Encoding.DER).hex() for cert in contract.chain[1:-1]),
        verified=signed,
        ocmf=reading.ocmf if reading is not None else "",
        ocmf_public_key=reading.public_key if reading is not None else "",
        note=note,
    )
    pnc.receipts.append(record)  # durable before anything is acknowledged
    contract.asked = None
    contract.interval = (contract.asked_at, stop_wh)
    if reading is not None:
        pnc.backend.meter_values(
            SignedMeterValue(
                record.session_id, reading.ocmf, "ECDSA-secp256r1-SHA256", "OCMF", reading.public_key
            )
        )
