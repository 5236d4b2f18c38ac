"""One EVSE's transaction as OCPP 2.0.1 TransactionEvents (E01-E07), sans-IO: each event is built
with its transactionId and seqNo and pushed onto the :class:`v2g.ocpp.outbox.Outbox`.

Started when the CSMS (or the offline cache) accepts the driver, or with the first meter values;
Updated with each signed meter value; Ended when the session ends (StopAuthorized after a normal
stop, AbnormalCondition otherwise). Events made without a connection carry ``offline``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from v2g.backend import SignedMeterValue
from v2g.ocpp.mapping import ocmf_wh, signed_meter_value_payload
from v2g.ocpp.outbox import Outbox

__all__ = ["Transactions"]


class Transactions:
    def __init__(self, outbox: Outbox, evse_id: int = 1, connector_id: int = 1) -> None:
        self.outbox = outbox
        self.evse = {"id": evse_id, "connector_id": connector_id}
        self.current: str | None = None
        """The running transaction's id (None between transactions)."""
        self._seq = 0

    def _event(self, event_type: str, trigger: str, when: dt.datetime, offline: bool, **extra: Any) -> None:
        assert self.current is not None
        self._seq += 1
        payload = {
            "event_type": event_type,
            "timestamp": when.isoformat(),
            "trigger_reason": trigger,
            "seq_no": self._seq,
            "transaction_info": {"transaction_id": self.current, **extra.pop("info", {})},
            "evse": self.evse,
            **extra,
        }
        if offline:
            payload["offline"] = True
        self.outbox.push("TransactionEvent", payload)

    def _start(self, when: dt.datetime, offline: bool, **extra: Any) -> None:
        self.current = uuid.uuid4().hex
        self._seq = 0
        self._event("Started", "Authorized" if "id_token" in extra else "EVDetected", when, offline, **extra)

    def authorized(self, id_token: dict[str, str], when: dt.datetime, offline: bool) -> None:
        if self.current is None:
            self._start(when, offline, id_token=id_token)

    def meter_values(self, record: SignedMeterValue, when: dt.datetime, offline: bool) -> None:
        if self.current is None:
            self._start(when, offline)
        value = signed_meter_value_payload(record, ocmf_wh(record.signed_meter_data), when)
        self._event("Updated", "MeterValuePeriodic", when, offline, meter_value=[value])

    def ended(self, normal: bool, when: dt.datetime, offline: bool) -> bool:
        """Ended, if a transaction runs (False: none did)."""
        if self.current is None:
            return False
        self._event(
            "Ended",
            "StopAuthorized" if normal else "AbnormalCondition",
            when,
            offline,
            info={"stopped_reason": "Local" if normal else "Other"},
        )
        self.current = None
        return True

    def prepare(self, action: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """What goes on the wire for a queued message: itself (2.0.1 names its own transactions)."""
        return payload

    def answered(self, action: str, payload: dict[str, Any], answer: dict[str, Any]) -> None:
        """Nothing to learn from a TransactionEventResponse here."""
