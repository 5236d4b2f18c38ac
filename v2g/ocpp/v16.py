"""OCPP 1.6J as OCPP 2.0.1: pure translation, no I/O, so the adapter and the test CSMS share every
mapping of :mod:`v2g.ocpp.mapping` between the two versions.

The adapter speaks 2.0.1 internally (action name + snake_case payload, as the ``ocpp`` library takes
it); :func:`request_16` turns a request into its 1.6J one and :func:`answer_201` the 1.6J answer back.
Plug & Charge travels as the OCA application note "Using ISO 15118 Plug & Charge with OCPP 1.6"
(v1.0, 2020-09-16) carries it: a ``DataTransfer`` with vendorId :data:`PNC_VENDOR`, messageId the
2.0.1 action (``Authorize``, ``Get15118EVCertificate``, ``GetCertificateStatus``, ``SignCertificate``;
from the CSMS ``CertificateSigned``) and ``data`` the
2.0.1 payload as a JSON string with the wire's camelCase keys; its answer's ``data`` is the 2.0.1
answer the same way.

Signed meter values (OCMF): 1.6 has no signedMeterValue, so each OCMF record travels as deployments
under the German calibration law carry it: a SampledValue with ``format`` ``SignedData`` whose
``value`` is the OCMF string itself (``OCMF|{payload}|{signature}``), measurand
Energy.Active.Import.Register, unit Wh. The meter's public key is not in the message (1.6 has no field
for it): the CSMS knows it out of band (it is in :attr:`v2g.backend.SignedMeterValue.public_key`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ocpp.charge_point import camel_to_snake_case, snake_to_camel_case

from v2g.ocpp.mapping import CsmsAnswerError

__all__ = [
    "PNC_ACTIONS",
    "PNC_VENDOR",
    "STATUS_16",
    "answer_201",
    "pnc_data",
    "profile_16",
    "profile_201",
    "read_pnc_data",
    "request_16",
]

PNC_VENDOR = "org.openchargealliance.iso15118pnc"
PNC_ACTIONS = ("Authorize", "Get15118EVCertificate", "GetCertificateStatus", "SignCertificate")
STATUS_16 = {"Available": "Available", "Occupied": "Charging"}
"""2.0.1 connectorStatus -> 1.6 ChargePointStatus (a transaction runs: Charging)."""
_PURPOSE_201 = {"ChargePointMaxProfile": "ChargingStationMaxProfile"}
_PURPOSE_16 = {"ChargingStationMaxProfile": "ChargePointMaxProfile"}
_ID_TAG_STATUS = ("Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx")


def pnc_data(payload: Mapping[str, Any]) -> str:
    """A 2.0.1 payload (snake_case) as DataTransfer ``data``: JSON, camelCase."""
    return json.dumps(snake_to_camel_case(dict(payload)), separators=(",", ":"))


def read_pnc_data(data: object) -> dict[str, Any]:
    """DataTransfer ``data`` (JSON, camelCase) as a 2.0.1 payload (snake_case)."""
    if not isinstance(data, str):
        raise CsmsAnswerError("DataTransfer without data")
    try:
        value = json.loads(data)
    except ValueError:
        raise CsmsAnswerError("DataTransfer data is not JSON") from None
    if not isinstance(value, dict):
        raise CsmsAnswerError("DataTransfer data is not a JSON object")
    return dict(camel_to_snake_case(value))


def _pnc(action: str, payload: Mapping[str, Any]) -> bool:
    """Carried in the PnC DataTransfer (an Authorize only with an eMAID)."""
    return action in PNC_ACTIONS and (action != "Authorize" or payload["id_token"].get("type") == "eMAID")


def request_16(action: str, payload: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """A 2.0.1 request as the 1.6J one (action, snake_case payload); None: 1.6 has none
    (NotifyEVChargingNeeds, NotifyEVChargingSchedule). 1.6 transaction messages pass through unchanged."""
    if _pnc(action, payload):
        return "DataTransfer", {"vendor_id": PNC_VENDOR, "message_id": action, "data": pnc_data(payload)}
    if action == "Authorize":
        return "Authorize", {"id_tag": str(payload["id_token"]["id_token"])[:20]}
    if action == "BootNotification":
        station = payload["charging_station"]
        return action, {"charge_point_vendor": station["vendor_name"], "charge_point_model": station["model"]}
    if action == "StatusNotification":
        status = STATUS_16[payload["connector_status"]]
        return action, {
            "connector_id": payload["connector_id"],
            "error_code": "NoError",
            "status": status,
            "timestamp": payload["timestamp"],
        }
    if action in ("NotifyEVChargingNeeds", "NotifyEVChargingSchedule"):
        return None
    return action, dict(payload)


def answer_201(action: str, request: Mapping[str, Any], answer: Mapping[str, Any]) -> dict[str, Any]:
    """The 1.6J answer (snake_case) to the request :func:`request_16` made for ``action``, as the
    2.0.1 answer :mod:`v2g.ocpp.mapping` reads."""
    if _pnc(action, request):
        status = answer.get("status")
        if status != "Accepted":  # Rejected, UnknownVendorId, UnknownMessageId: no PnC there
            raise CsmsAnswerError(f"DataTransfer {action} status {status!r}")
        return read_pnc_data(answer.get("data"))
    if action == "Authorize":
        info = answer.get("id_tag_info")
        if not isinstance(info, Mapping) or info.get("status") not in _ID_TAG_STATUS:
            raise CsmsAnswerError("Authorize.conf without a 1.6 idTagInfo.status")
        return {"id_token_info": {"status": info["status"]}}
    return dict(answer)


def profile_201(profile: Mapping[str, Any]) -> dict[str, Any]:
    """A 1.6 csChargingProfiles (snake_case) as the 2.0.1 ChargingProfileType the limits read:
    ChargePointMaxProfile is ChargingStationMaxProfile, the one chargingSchedule a list of one."""
    purpose = profile.get("charging_profile_purpose")
    schedule = profile.get("charging_schedule")
    return {
        "id": profile.get("charging_profile_id"),
        "stack_level": profile.get("stack_level"),
        "charging_profile_purpose": _PURPOSE_201.get(str(purpose), purpose),
        "charging_profile_kind": profile.get("charging_profile_kind"),
        "charging_schedule": [schedule] if isinstance(schedule, Mapping) else schedule,
    }


def profile_16(profile: Mapping[str, Any], transaction_id: int | None = None) -> dict[str, Any]:
    """A 2.0.1 ChargingProfileType (snake_case) as 1.6 csChargingProfiles (the test CSMS sends it)."""
    purpose = profile["charging_profile_purpose"]
    schedule = dict(profile["charging_schedule"][0])
    schedule.pop("id", None)
    out: dict[str, Any] = {
        "charging_profile_id": profile["id"],
        "stack_level": profile["stack_level"],
        "charging_profile_purpose": _PURPOSE_16.get(purpose, purpose),
        "charging_profile_kind": profile["charging_profile_kind"],
        "charging_schedule": schedule,
    }
    if transaction_id is not None and purpose == "TxProfile":
        out["transaction_id"] = transaction_id
    return out
