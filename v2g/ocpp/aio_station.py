"""The ``ocpp`` library's OCPP 2.0.1 ChargePoint as :class:`v2g.ocpp.aio_client.OcppBackend` uses it:
the CSMS-initiated messages it handles, and one call whose every failure is a
:class:`v2g.ocpp.mapping.CsmsAnswerError`."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import TYPE_CHECKING, Any

import websockets
from ocpp.exceptions import OCPPError
from ocpp.v201 import ChargePoint, call_result

from v2g.ocpp.mapping import CsmsAnswerError, handles

if TYPE_CHECKING:
    from v2g.ocpp.aio_client import OcppBackend

log = logging.getLogger(__name__)

__all__ = ["Station"]


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

    async def ask(self, payload: Any, timeout: float, refused_ok: bool = False) -> dict[str, Any]:
        """One call, its answer as a snake_case dict; every way it can fail is a CsmsAnswerError
        (``refused_ok``: a CALLERROR is an answer, ``{}``: the message is not sent again)."""
        try:
            result = await asyncio.wait_for(self.call(payload, suppress=False), timeout)
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
