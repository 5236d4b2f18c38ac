"""One connector's transaction as OCPP 1.6J messages, sans-IO: StartTransaction when the CSMS (or
the offline cache) accepts the driver (or with the first meter values), MeterValues with each signed
meter value (OCMF, see :mod:`v2g.ocpp.v16`), StopTransaction when the session ends, pushed onto the
same :class:`v2g.ocpp.outbox.Outbox` as 2.0.1's TransactionEvents.

1.6's transactionId is the CSMS's answer to StartTransaction, so messages made before it (offline,
or queued behind it) carry a local reference (``local:...``) that :meth:`Transactions16.answered`
replaces in the queue (and its file) once the CSMS named the transaction. A StartTransaction whose
answer was lost is sent again unchanged: the CSMS knows it by connector, idTag and timestamp.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from v2g.backend import SignedMeterValue
from v2g.ocpp.mapping import ocmf_wh
from v2g.ocpp.outbox import Outbox

__all__ = ["Transactions16", "signed_sampled_value"]

_MEASURAND = {"measurand": "Energy.Active.Import.Register", "unit": "Wh"}


def signed_sampled_value(record: SignedMeterValue, context: str) -> dict[str, str]:
    """1.6 SampledValue carrying an OCMF record: format SignedData, the OCMF string as value."""
    return {"value": record.signed_meter_data, "context": context, "format": "SignedData", **_MEASURAND}


class Transactions16:
    def __init__(self, outbox: Outbox, evse_id: int = 1, connector_id: int = 1) -> None:
        self.outbox = outbox
        self.connector_id = connector_id
        self.current: str | None = None
        """The running transaction's local reference (None between transactions)."""
        self.ids: dict[str, int] = {}
        """Local reference -> the CSMS's transactionId."""
        self._refused: set[str] = set()
        self._wh = 0.0
        self._id_tag = ""
        self._last: SignedMeterValue | None = None
        self.public_key = ""
        """The meter's key of the last signed value (1.6 has no field for it: the CSMS gets it out
        of band)."""

    def _id(self) -> int | str:
        assert self.current is not None
        return self.ids.get(self.current, self.current)

    def _start(self, id_tag: str, when: dt.datetime) -> None:
        self.current = f"local:{uuid.uuid4().hex}"
        self._id_tag = id_tag[:20]
        self._last = None
        payload = {
            "connector_id": self.connector_id,
            "id_tag": self._id_tag,
            "meter_start": int(self._wh),
            "timestamp": when.isoformat(),
            "transaction_ref": self.current,
        }
        self.outbox.push("StartTransaction", payload)

    def authorized(self, id_token: dict[str, str], when: dt.datetime, offline: bool) -> None:
        if self.current is None:
            self._start(id_token["id_token"], when)

    def meter_values(self, record: SignedMeterValue, when: dt.datetime, offline: bool) -> None:
        if self.current is None:
            self._start("", when)
        self._wh = ocmf_wh(record.signed_meter_data) or self._wh
        self._last = record
        self.public_key = record.public_key
        value = {
            "timestamp": when.isoformat(),
            "sampled_value": [
                {"value": str(int(self._wh)), "context": "Sample.Periodic", **_MEASURAND},
                signed_sampled_value(record, "Sample.Periodic"),
            ],
        }
        payload = {"connector_id": self.connector_id, "transaction_id": self._id(), "meter_value": [value]}
        self.outbox.push("MeterValues", payload)

    def ended(self, normal: bool, when: dt.datetime, offline: bool) -> bool:
        """StopTransaction, if a transaction runs (False: none did)."""
        if self.current is None:
            return False
        payload: dict[str, Any] = {
            "meter_stop": int(self._wh),
            "timestamp": when.isoformat(),
            "transaction_id": self._id(),
            "reason": "Local" if normal else "Other",
        }
        if self._id_tag:
            payload["id_tag"] = self._id_tag
        if self._last is not None:
            end = signed_sampled_value(self._last, "Transaction.End")
            payload["transaction_data"] = [{"timestamp": when.isoformat(), "sampled_value": [end]}]
        self.outbox.push("StopTransaction", payload)
        self.current = None
        return True

    # --------------------------------------------------------------------------- the outbox's side

    def prepare(self, action: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """What goes on the wire for a queued message (None: not sent, its transaction was refused)."""
        payload = {k: v for k, v in payload.items() if k != "transaction_ref"}
        tx = payload.get("transaction_id")
        if isinstance(tx, str):
            if tx in self._refused or tx not in self.ids:
                return None
            payload["transaction_id"] = self.ids[tx]
        return payload

    def answered(self, action: str, payload: dict[str, Any], answer: dict[str, Any]) -> None:
        """StartTransaction.conf: the CSMS's transactionId replaces the local reference in the queue."""
        if action != "StartTransaction":
            return
        ref = str(payload.get("transaction_ref"))
        tx = answer.get("transaction_id")
        if not isinstance(tx, int) or isinstance(tx, bool):
            self._refused.add(ref)
            return
        self.ids[ref] = tx

        def resolve(item: tuple[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
            action, body = item
            return (action, {**body, "transaction_id": tx}) if body.get("transaction_id") == ref else item

        self.outbox.rewrite(resolve)
