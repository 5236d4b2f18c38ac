"""OCPP 2.0.1 payloads to and from the SECC's backend values: pure functions, no I/O.

Requests are built as the ``ocpp`` library takes them (snake_case keys; the library turns them into
the wire's camelCase), answers are read as it gives them (snake_case dicts). An answer that is not
what OCPP 2.0.1 allows raises :class:`CsmsAnswerError`; the adapter then answers the car as if the
CSMS had not answered (see :mod:`v2g.ocpp.aio_client`), so a CSMS that answers garbage cannot crash a
session.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar, cast

from cryptography.x509 import ocsp
from ocpp.routing import after as after_action
from ocpp.routing import on

from tls.validate import RevocationStatus
from v2g.backend import (
    AuthorizeRequest,
    AuthorizeResult,
    CertificateHashData,
    CertificateStatus,
    IdTokenStatus,
    SignedMeterValue,
)
from v2g.certificates import CertificateRequest, CertificateResult
from v2g.controller._values import AuthStatus, EnergyRequest, Schedule

__all__ = [
    "CsmsAnswerError",
    "auth_status",
    "authorize_result",
    "capped",
    "certificate_request_payload",
    "certificate_result",
    "charging_needs_payload",
    "contract_authorize_payload",
    "eim_authorize_payload",
    "ev_charging_schedule_payload",
    "handles",
    "hash_data_payload",
    "ocmf_wh",
    "ocsp_status",
    "profile_schedule",
    "signed_meter_value_payload",
]

_F = TypeVar("_F")


def handles(action: str, *, skip_schema_validation: bool = False, after: bool = False) -> Callable[[_F], _F]:
    """The ``ocpp`` library's ``on`` decorator (routes a peer's ``action`` to the method; ``after``:
    its ``after`` decorator, run once the answer is sent), typed."""
    if after:
        return cast("Callable[[_F], _F]", after_action(action))
    return cast("Callable[[_F], _F]", on(action, skip_schema_validation=skip_schema_validation))


ISO2_SCHEMA = "urn:iso:15118:2:2013:MsgDef"


class CsmsAnswerError(ValueError):
    """The CSMS answered something OCPP 2.0.1 does not allow (or not at all); ``reason`` says what.
    The car gets what it would get without an answer: FAILED (Authorize), FAILED
    (Get15118EVCertificate), an unknown revocation status (GetCertificateStatus)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ------------------------------------------------------------------------------------- Authorize


def hash_data_payload(data: CertificateHashData) -> dict[str, str]:
    """OCSPRequestDataType (responderURL is required by the schema: empty when the certificate
    names no OCSP responder)."""
    return {
        "hash_algorithm": data.hash_algorithm,
        "issuer_name_hash": data.issuer_name_hash,
        "issuer_key_hash": data.issuer_key_hash,
        "serial_number": data.serial_number,
        "responder_url": data.responder_url,
    }


def contract_authorize_payload(request: AuthorizeRequest) -> dict[str, Any]:
    """AuthorizeRequest for Plug & Charge: the eMAID as idToken (type eMAID) and the contract chain's
    iso15118CertificateHashData (at most 4, OCPP 2.0.1 C07)."""
    payload: dict[str, Any] = {"id_token": {"id_token": request.emaid, "type": "eMAID"}}
    if request.hash_data:
        payload["iso15118_certificate_hash_data"] = [hash_data_payload(d) for d in request.hash_data[:4]]
    return payload


def eim_authorize_payload(id_token: str, token_type: str) -> dict[str, Any]:
    """AuthorizeRequest for external identification (RFID card: ISO14443, the car's MAC: MacAddress)."""
    return {"id_token": {"id_token": id_token, "type": token_type}}


def _enum(enum_type: type[IdTokenStatus] | type[CertificateStatus], value: object, what: str) -> Any:
    try:
        return enum_type(value)
    except ValueError:
        raise CsmsAnswerError(f"{what} {value!r} is not an OCPP 2.0.1 value") from None


def authorize_result(answer: Mapping[str, Any]) -> AuthorizeResult:
    """AuthorizeResponse -> the session's authorization. idTokenInfo.status values outside the
    Plug & Charge set (ConcurrentTx, NoCredit, NotAllowedType, NotAtThisLocation, NotAtThisTime)
    refuse like Invalid; certificateStatus, when given, names the ResponseCode
    (:attr:`CertificateStatus.response_code`)."""
    info = answer.get("id_token_info")
    if not isinstance(info, Mapping) or "status" not in info:
        raise CsmsAnswerError("AuthorizeResponse without idTokenInfo.status")
    status = info["status"]
    if status in ("ConcurrentTx", "NoCredit", "NotAllowedType", "NotAtThisLocation", "NotAtThisTime"):
        status = IdTokenStatus.INVALID.value
    token = _enum(IdTokenStatus, status, "idTokenInfo.status")
    cert = answer.get("certificate_status")
    cert_status = None if cert is None else _enum(CertificateStatus, cert, "certificateStatus")
    return AuthorizeResult(token, cert_status)


def auth_status(result: AuthorizeResult) -> AuthStatus:
    """An EIM answer as the SECC's authorization service reports it."""
    return AuthStatus.ACCEPTED if result.accepted else AuthStatus.REJECTED


# ------------------------------------------------------------------------ Get15118EVCertificate


def certificate_request_payload(request: CertificateRequest) -> dict[str, str]:
    """Get15118EVCertificateRequest: the car's EXI request as received, base64."""
    return {
        "iso15118_schema_version": request.schema or ISO2_SCHEMA,
        "action": "Update" if "Update" in request.action else "Install",
        "exi_request": base64.b64encode(request.exi_request).decode("ascii"),
    }


def certificate_result(answer: Mapping[str, Any]) -> CertificateResult:
    """Get15118EVCertificateResponse -> the EXI response message to relay to the car."""
    status = answer.get("status")
    if status == "Failed":
        info = answer.get("status_info")
        reason = str(info.get("reason_code", "")) if isinstance(info, Mapping) else ""
        return CertificateResult("Failed", reason=f"CSMS: Failed {reason}".rstrip())
    if status != "Accepted":
        raise CsmsAnswerError(f"Get15118EVCertificateResponse status {status!r}")
    exi = answer.get("exi_response")
    if not isinstance(exi, str) or not exi:
        raise CsmsAnswerError("Get15118EVCertificateResponse Accepted without exiResponse")
    try:
        data = base64.b64decode(exi, validate=True)
    except binascii.Error:
        raise CsmsAnswerError("exiResponse is not base64") from None
    return CertificateResult("Accepted", data)


# ------------------------------------------------------------------------- GetCertificateStatus


def ocsp_status(answer: Mapping[str, Any], data: CertificateHashData) -> RevocationStatus:
    """GetCertificateStatusResponse -> the revocation status of the certificate ``data`` names: the
    ocspResult (base64 DER OCSPResponse, RFC 6960) must be successful and about that serial number."""
    if answer.get("status") != "Accepted":
        return RevocationStatus.UNKNOWN
    raw = answer.get("ocsp_result")
    if not isinstance(raw, str):
        raise CsmsAnswerError("GetCertificateStatusResponse Accepted without ocspResult")
    try:
        response = ocsp.load_der_ocsp_response(base64.b64decode(raw, validate=True))
    except (binascii.Error, ValueError):
        raise CsmsAnswerError("ocspResult is not a DER OCSP response") from None
    if response.response_status is not ocsp.OCSPResponseStatus.SUCCESSFUL:
        return RevocationStatus.UNKNOWN
    if format(response.serial_number, "x") != data.serial_number.lower().lstrip("0"):
        raise CsmsAnswerError("ocspResult is about another certificate")
    if response.certificate_status is ocsp.OCSPCertStatus.REVOKED:
        return RevocationStatus.REVOKED
    if response.certificate_status is ocsp.OCSPCertStatus.GOOD:
        return RevocationStatus.GOOD
    return RevocationStatus.UNKNOWN


# ---------------------------------------------------------------------------- meter values


def signed_meter_value_payload(record: SignedMeterValue, wh: float, when: dt.datetime) -> dict[str, Any]:
    """MeterValueType with one Energy.Active.Import.Register sample carrying the signed value."""
    signed = {
        "signed_meter_data": record.signed_meter_data,
        "signing_method": record.signing_method,
        "encoding_method": record.encoding_method,
        "public_key": record.public_key,
    }
    return {
        "timestamp": when.isoformat(),
        "sampled_value": [
            {
                "value": wh,
                "measurand": "Energy.Active.Import.Register",
                "unit_of_measure": {"unit": "Wh"},
                "signed_meter_value": signed,
            }
        ],
    }


# ------------------------------------------------------------------------------ smart charging


def charging_needs_payload(request: EnergyRequest, evse_id: int, now: dt.datetime) -> dict[str, Any]:
    """NotifyEVChargingNeedsRequest: the car's ChargeParameterDiscoveryReq (limits rounded down to
    whole units, as OCPP 2.0.1 takes integers; departure as a time)."""
    needs: dict[str, Any] = {}
    energy = int(request.energy_request or 0)
    if request.mode.is_dc:
        needs["requested_energy_transfer"] = "DC"
        dc: dict[str, Any] = {
            "ev_max_current": int(request.max_current),
            "ev_max_voltage": int(request.max_voltage),
        }
        extra = (
            ("energy_amount", request.energy_request),
            ("ev_max_power", request.max_power),
            ("state_of_charge", request.soc),
            ("ev_energy_capacity", request.energy_capacity),
        )
        dc.update({k: int(v) for k, v in extra if v is not None})
        needs["dc_charging_parameters"] = dc
    else:
        single = request.mode.value.startswith("AC_single")
        needs["requested_energy_transfer"] = "AC_single_phase" if single else "AC_three_phase"
        needs["ac_charging_parameters"] = {
            "energy_amount": energy,
            "ev_min_current": int(request.min_current or 0),
            "ev_max_current": int(request.max_current),
            "ev_max_voltage": int(request.max_voltage),
        }
    if request.departure_time is not None:
        needs["departure_time"] = (now + dt.timedelta(seconds=request.departure_time)).isoformat()
    return {"charging_needs": needs, "evse_id": evse_id}


def ev_charging_schedule_payload(
    schedule_id: int, entries: Sequence[tuple[int, float]], evse_id: int, now: dt.datetime
) -> dict[str, Any]:
    """NotifyEVChargingScheduleRequest: the car's ChargingProfile (PowerDeliveryReq) as a
    ChargingScheduleType in W, its periods counted from ``now`` (timeBase)."""
    periods = [{"start_period": int(start), "limit": float(watts)} for start, watts in entries]
    schedule = {"id": schedule_id, "charging_rate_unit": "W", "charging_schedule_period": periods}
    return {"time_base": now.isoformat(), "charging_schedule": schedule, "evse_id": evse_id}


def _number(value: object, what: str) -> float:
    """A non-negative JSON number (the library reads 1.6J's decimals as :class:`~decimal.Decimal`)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise CsmsAnswerError(f"{what} {value!r} is not a non-negative number")
    number = float(value)
    if number != number or number < 0:
        raise CsmsAnswerError(f"{what} {value!r} is not a non-negative number")
    return number


def profile_schedule(
    profile: Mapping[str, Any], *, volts: float, phases: int = 1, schedule_id: int = 1
) -> Schedule:
    """A ChargingProfileType (its first chargingSchedule) as the SAScheduleTuple the SECC offers:
    each period's limit in W (an ``A`` limit times ``volts`` times its phases, default ``phases``);
    the first period starts at 0 (OCPP K01.FR.31 requires it), later ones at their startPeriod."""
    schedules = profile.get("charging_schedule")
    if not isinstance(schedules, Sequence) or not schedules or not isinstance(schedules[0], Mapping):
        raise CsmsAnswerError("ChargingProfile without chargingSchedule")
    schedule = schedules[0]
    unit = schedule.get("charging_rate_unit")
    if unit not in ("W", "A"):
        raise CsmsAnswerError(f"chargingRateUnit {unit!r}")
    periods = schedule.get("charging_schedule_period")
    if not isinstance(periods, Sequence) or not periods:
        raise CsmsAnswerError("chargingSchedule without chargingSchedulePeriod")
    entries: list[tuple[int, float]] = []
    for period in periods:
        if not isinstance(period, Mapping):
            raise CsmsAnswerError("chargingSchedulePeriod is not an object")
        start = int(_number(period.get("start_period"), "startPeriod"))
        limit = _number(period.get("limit"), "limit")
        if unit == "A":
            limit *= volts * int(_number(period.get("number_phases", phases), "numberPhases"))
        if entries and start <= entries[-1][0]:
            raise CsmsAnswerError("startPeriod values must increase")
        entries.append((start, limit))
    if entries[0][0] != 0:
        raise CsmsAnswerError("the first chargingSchedulePeriod must start at 0")
    duration = schedule.get("duration")
    return Schedule(schedule_id, tuple(entries), int(_number(duration, "duration")) if duration else 86400)


def ocmf_wh(record: str) -> float:
    """The last reading of an OCMF record (``OCMF|{payload}|{signature}``) in Wh; 0 when it has none
    (the signed data still travels as it is: the CSMS verifies it, not us)."""
    parts = record.split("|")
    try:
        readings = json.loads(parts[1])["RD"] if len(parts) == 3 and parts[0] == "OCMF" else []
        last = readings[-1]
        value = float(last["RV"])
        return value * 1000.0 if last.get("RU") == "kWh" else value
    except (ValueError, KeyError, IndexError, TypeError):
        return 0.0


def _at(schedule: Schedule, t: int) -> float:
    value = schedule.pmax[0][1]
    for start, power in schedule.pmax:
        if start <= t:
            value = power
    return value


def capped(schedule: Schedule, caps: Sequence[Schedule]) -> Schedule:
    """``schedule`` no higher than any of ``caps`` at any time (PMax pointwise minimum)."""
    starts = sorted({s for c in (schedule, *caps) for s, _ in c.pmax})
    entries: list[tuple[int, float]] = []
    for t in starts:
        power = min(_at(c, t) for c in (schedule, *caps))
        if not entries or entries[-1][1] != power:
            entries.append((t, power))
    return Schedule(schedule.schedule_id, tuple(entries), schedule.duration)
