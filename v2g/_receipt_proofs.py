"""The offline checks of one stored receipt's proofs (used by :func:`v2g.receipts.verify`): the
car's signature over its MeteringReceiptReq and that request's content against the record, and the
meter's OCMF signature and readings (with ``pyocmf``)."""

from __future__ import annotations

from typing import Any

from cryptography import x509

import exi
from exi.iso2 import generated_types as m
from exi.iso20 import generated_types as c20
from v2g import signing
from v2g.receipts import Receipt


def _signature(
    r: Receipt, message: Any, cert: x509.Certificate, profile: str, signed_id: str | None, what: str
) -> list[str]:
    """The car's signature in ``message``: valid for ``cert``, covering the element ``signed_id``
    (``what``), and the SignatureValue the record stores."""
    problems = []
    try:
        signing.verify(message, cert, profile=profile)
    except signing.SignatureError as exc:
        problems.append(f"EV signature: {exc}")
    sig = message.Header.Signature
    if sig is None or f"#{signed_id}" not in {ref.URI for ref in sig.SignedInfo.Reference}:
        problems.append(f"EV signature does not cover {what}")
    elif sig.SignatureValue.value.hex() != r.signature:
        problems.append("the stored SignatureValue is not the request's")
    return problems


def _ev_proof20(r: Receipt) -> list[str]:
    """An ISO 15118-20 record: the car's MeteringConfirmationReq (SignedMeteringData signed with the
    contract key, -20 suites) against the record."""
    try:
        message = exi.decode(bytes.fromhex(r.exi), "iso20")
        cert = x509.load_der_x509_certificate(bytes.fromhex(r.certificate))
    except (ValueError, exi.ExiError) as exc:
        return [f"EV proof unreadable: {exc}"]
    if not isinstance(message, c20.MeteringConfirmationReq):
        return [f"EV proof is a {type(message).__name__}, not a MeteringConfirmationReq"]
    smd = message.SignedMeteringData
    problems = _signature(r, message, cert, "iso20", smd.Id, "the SignedMeteringData")
    if smd.SessionID.hex() != r.session_id:
        problems.append("the signed SessionID is not the record's")
    if smd.MeterInfo.ChargedEnergyReadingWh != r.meter_stop or smd.MeterInfo.MeterID != r.meter_id:
        problems.append("the signed meter reading is not the record's")
    scheduled = smd.Scheduled_SMDTControlMode
    if scheduled is not None and scheduled.SelectedScheduleTupleID != r.schedule_id:
        problems.append("the signed schedule is not the record's")
    return problems


def _ev_proof(r: Receipt) -> list[str]:
    if not r.exi:
        return ["marked verified without the car's signed request"] if r.verified else []
    if r.protocol.startswith("iso20"):
        return _ev_proof20(r)
    try:
        message = exi.decode(bytes.fromhex(r.exi), "iso2")
        cert = x509.load_der_x509_certificate(bytes.fromhex(r.certificate))
    except (ValueError, exi.ExiError) as exc:
        return [f"EV proof unreadable: {exc}"]
    body = message.Body.BodyElement
    if not isinstance(body, m.MeteringReceiptReq):
        return [f"EV proof is a {type(body).__name__}, not a MeteringReceiptReq"]
    problems = _signature(r, message, cert, "iso2", body.Id, "the MeteringReceiptReq")
    if body.SessionID.hex() != r.session_id:
        problems.append("the signed SessionID is not the record's")
    if body.MeterInfo.MeterReading != r.meter_stop or body.MeterInfo.MeterID != r.meter_id:
        problems.append("the signed meter reading is not the record's")
    if body.SAScheduleTupleID is not None and body.SAScheduleTupleID != r.schedule_id:
        problems.append("the signed SAScheduleTupleID is not the record's")
    return problems


def _ocmf_proof(r: Receipt) -> list[str]:
    if not r.ocmf:
        return []
    import pyocmf  # the maintained OCMF parser and verifier

    try:
        record = pyocmf.OCMF.from_string(r.ocmf)
        valid = record.verify_signature(r.ocmf_public_key)
    except pyocmf.PyOCMFError as exc:
        return [f"OCMF: {exc}"]
    except ValueError as exc:  # pydantic's validation errors are ValueErrors
        return [f"OCMF unreadable: {exc}"]
    problems = [] if valid else ["OCMF signature does not verify"]
    readings = [round(float(rd.RV) * 1000) for rd in record.payload.RD if rd.RV is not None]
    if readings[:1] != [r.meter_start] or readings[-1:] != [r.meter_stop]:
        problems.append("the OCMF readings are not the record's meter start and stop")
    return problems


def check_proofs(r: Receipt) -> list[str]:
    return _ev_proof(r) + _ocmf_proof(r)


def pagination(ocmf: str) -> int | None:
    """The OCMF transaction pagination counter (``PG`` "T<n>"), which a meter raises by one per record."""
    import pyocmf

    try:
        pg = pyocmf.OCMF.from_string(ocmf).payload.PG
    except (pyocmf.PyOCMFError, ValueError):
        return None
    return int(pg[1:]) if pg and pg[:1] == "T" and pg[1:].isdigit() else None
