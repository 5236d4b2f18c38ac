"""The ``ocpp`` library's ChargePoint (OCPP 2.0.1 and 1.6J) as :class:`v2g.ocpp.aio_client.OcppBackend`
uses it: the CSMS-initiated messages it handles, and one call (a 2.0.1 action and payload, 1.6J
translated by :mod:`v2g.ocpp.v16`) whose every failure is a :class:`v2g.ocpp.mapping.CsmsAnswerError`."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import TYPE_CHECKING, Any

import websockets
from ocpp.exceptions import OCPPError
from ocpp.v16 import ChargePoint as ChargePoint16
from ocpp.v16 import call as call16
from ocpp.v16 import call_result as call_result16
from ocpp.v201 import ChargePoint, call, call_result

from v2g.ocpp import v16
from v2g.ocpp.mapping import CsmsAnswerError, handles
from v2g.ocpp.seccert import CERTIFICATE_TYPE

if TYPE_CHECKING:
    from v2g.ocpp.aio_client import OcppBackend

log = logging.getLogger(__name__)

__all__ = ["Station", "Station16"]


class Station(ChargePoint):  # type: ignore[misc]  # the library is untyped
    """The library's ChargePoint with the CSMS-initiated messages the adapter handles."""

    def __init__(self, cp_id: str, ws: Any, backend: OcppBackend, timeout: float) -> None:
        super().__init__(cp_id, ws, response_timeout=timeout)
        self.backend = backend

    @handles("SetChargingProfile")
    def on_set_charging_profile(self, evse_id: int, charging_profile: dict[str, Any], **_: Any) -> Any:
        accepted = self.backend.set_charging_profile(evse_id, charging_profile)
        return call_result.SetChargingProfile(status="Accepted" if accepted else "Rejected")

    @handles("ClearChargingProfile")
    def on_clear_charging_profile(self, **_: Any) -> Any:
        self.backend.clear_charging_profiles()
        return call_result.ClearChargingProfile(status="Accepted")

    @handles("CertificateSigned")
    def on_certificate_signed(self, certificate_chain: str, certificate_type: str = "", **_: Any) -> Any:
        if certificate_type not in ("", CERTIFICATE_TYPE):  # the station has no other certificate
            return call_result.CertificateSigned(status="Rejected")
        return call_result.CertificateSigned(status=self.backend.certificate_signed(certificate_chain))

    async def ask(
        self, action: str, payload: dict[str, Any], timeout: float, refused_ok: bool = False
    ) -> dict[str, Any]:
        """One call, its answer as a snake_case dict; every way it can fail is a CsmsAnswerError
        (``refused_ok``: a CALLERROR is an answer, ``{}``: the message is not sent again)."""
        return await _ask(self, getattr(call, action)(**payload), timeout, refused_ok)


async def _ask(station: Any, payload: Any, timeout: float, refused_ok: bool) -> dict[str, Any]:
    """``station.call(payload)`` with every failure a CsmsAnswerError (see :meth:`Station.ask`)."""
    try:
        result = await asyncio.wait_for(station.call(payload, suppress=False), timeout)
    except OCPPError as e:
        if refused_ok:
            log.warning("CSMS refused %s: %r", type(payload).__name__, e)
            return {}
        raise CsmsAnswerError(f"CSMS error {e!r}") from None
    except (asyncio.TimeoutError, TimeoutError):
        raise CsmsAnswerError(f"no answer to {type(payload).__name__}") from None
    except websockets.ConnectionClosed as e:
        raise CsmsAnswerError(f"connection closed: {e}") from None
    except (TypeError, ValueError, KeyError) as e:  # the library could not read the answer
        raise CsmsAnswerError(f"unreadable answer: {e!r}") from None
    return dataclasses.asdict(result)


class Station16(ChargePoint16):  # type: ignore[misc]  # the library is untyped
    """OCPP 1.6J: the same calls, translated (:mod:`v2g.ocpp.v16`); the CSMS's SetChargingProfile
    (connectorId, csChargingProfiles) read as 2.0.1's."""

    def __init__(self, cp_id: str, ws: Any, backend: OcppBackend, timeout: float) -> None:
        super().__init__(cp_id, ws, response_timeout=timeout)
        self.backend = backend

    @handles("SetChargingProfile")
    def on_set_charging_profile(
        self, connector_id: int, cs_charging_profiles: dict[str, Any], **_: Any
    ) -> Any:
        profile = v16.profile_201(cs_charging_profiles)
        accepted = self.backend.set_charging_profile(connector_id, profile)
        return call_result16.SetChargingProfile(status="Accepted" if accepted else "Rejected")

    @handles("ClearChargingProfile")
    def on_clear_charging_profile(self, **_: Any) -> Any:
        self.backend.clear_charging_profiles()
        return call_result16.ClearChargingProfile(status="Accepted")

    @handles("DataTransfer")
    def on_data_transfer(self, vendor_id: str, message_id: str = "", data: object = None, **_: Any) -> Any:
        """The CSMS-initiated PnC message handled: CertificateSigned (its 2.0.1 payload in ``data``,
        the answer's status in the answer's ``data``)."""
        if vendor_id != v16.PNC_VENDOR:
            return call_result16.DataTransfer(status="UnknownVendorId")
        if message_id != "CertificateSigned":
            return call_result16.DataTransfer(status="UnknownMessageId")
        try:
            payload = v16.read_pnc_data(data)
        except CsmsAnswerError:
            return call_result16.DataTransfer(status="Rejected")
        if payload.get("certificate_type", CERTIFICATE_TYPE) != CERTIFICATE_TYPE:
            status = "Rejected"
        else:
            status = self.backend.certificate_signed(payload.get("certificate_chain"))
        return call_result16.DataTransfer(status="Accepted", data=v16.pnc_data({"status": status}))

    async def ask(
        self, action: str, payload: dict[str, Any], timeout: float, refused_ok: bool = False
    ) -> dict[str, Any]:
        """As :meth:`Station.ask`, in 1.6J; a 2.0.1 message 1.6 has no equivalent of answers ``{}``."""
        request = v16.request_16(action, payload)
        if request is None:
            return {}
        answer = await _ask(self, getattr(call16, request[0])(**request[1]), timeout, refused_ok)
        return v16.answer_201(action, payload, answer) if answer or not refused_ok else answer
