"""The test CSMS's OCPP 1.6J side (:class:`v2g.ocpp.aio_csms.TestCsms` with ``version="1.6"``): the
same decisions as its 2.0.1 side, Plug & Charge in the OCA's DataTransfer extension
(:mod:`v2g.ocpp.v16`), transactions as StartTransaction / MeterValues / StopTransaction.

Transactions are recorded as the 2.0.1 side records them, so tests read both alike:
``TestCsms.transactions[str(transactionId)]`` is a list of the messages with ``event_type``
(Started, Updated, Ended) and ``seq_no`` (the order the CSMS got them in) added. A message sent again
after a lost answer (the same StartTransaction, MeterValues or StopTransaction) goes to
``TestCsms.duplicates``; a StartTransaction sent again gets the same transactionId.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ocpp.v16 import ChargePoint, call_result

from v2g.ocpp import v16
from v2g.ocpp.aio_csms_common import CsmsCommon
from v2g.ocpp.mapping import CsmsAnswerError, handles

if TYPE_CHECKING:
    pass

__all__ = ["Csms16"]


class Csms16(CsmsCommon, ChargePoint):  # type: ignore[misc]  # the library is untyped
    results = call_result


    @handles("Authorize", skip_schema_validation=True)
    async def on_authorize(self, id_tag: str, **kw: Any) -> Any:
        if await self._wait("Authorize", {"id_tag": id_tag, **kw}):
            return call_result.Authorize(id_tag_info={"status": "Maybe"})
        status, _ = self.owner.decide({"id_token": id_tag, "type": "ISO14443"}, [])
        return call_result.Authorize(id_tag_info={"status": "Invalid" if status == "Unknown" else status})

    @handles("DataTransfer", skip_schema_validation=True)
    async def on_data_transfer(self, vendor_id: str, message_id: str = "", data: str = "", **kw: Any) -> Any:
        """The PnC extension: Authorize, Get15118EVCertificate, GetCertificateStatus, SignCertificate,
        answered as the 2.0.1 side answers them, wrapped the same way."""
        try:
            payload = v16.read_pnc_data(data)
        except CsmsAnswerError:
            payload = {}
        pnc = vendor_id == v16.PNC_VENDOR and message_id in v16.PNC_ACTIONS
        record = payload if pnc else {"vendor_id": vendor_id, "message_id": message_id, "data": data}
        garbage = await self._wait(message_id if pnc else "DataTransfer", record)  # as 2.0.1 names it
        if vendor_id != v16.PNC_VENDOR:
            return call_result.DataTransfer(status="UnknownVendorId")
        if not pnc or not payload:
            return call_result.DataTransfer(status="Rejected" if pnc else "UnknownMessageId")
        if garbage:
            return call_result.DataTransfer(status="Accepted", data="{not json")
        answer = self.owner.pnc_answer(message_id, payload)
        return call_result.DataTransfer(status="Accepted", data=v16.pnc_data(answer))

    @handles("DataTransfer", after=True)
    async def after_data_transfer(
        self, vendor_id: str, message_id: str = "", data: str = "", **_: Any
    ) -> None:
        """After a PnC SignCertificate: the CertificateSigned (in a DataTransfer of its own)."""
        if vendor_id == v16.PNC_VENDOR and message_id == "SignCertificate":
            try:
                csr = v16.read_pnc_data(data).get("csr")
            except CsmsAnswerError:
                return
            if isinstance(csr, str):
                await self.owner.sign_secc_csr(self.id, csr)

    def _record(self, tx: int, event_type: str, payload: dict[str, Any], duplicate: bool) -> None:
        events = self.owner.transactions[str(tx)]
        if duplicate:
            self.owner.duplicates.append(payload)
        else:
            events.append({**payload, "event_type": event_type, "seq_no": len(events) + 1})
        self.owner.event.set()

    @handles("StartTransaction")
    async def on_start_transaction(self, connector_id: int, id_tag: str, timestamp: str, **kw: Any) -> Any:
        payload = {"connector_id": connector_id, "id_tag": id_tag, "timestamp": timestamp, **kw}
        await self._wait("StartTransaction", payload)
        key = (self.id, connector_id, id_tag, timestamp)
        known = self.owner.started.get(key)
        tx = known if known is not None else len(self.owner.started) + 1
        self.owner.started[key] = tx
        self._record(tx, "Started", payload, known is not None)
        return call_result.StartTransaction(transaction_id=tx, id_tag_info={"status": "Accepted"})

    @handles("MeterValues")
    async def on_meter_values(self, connector_id: int, meter_value: list[Any], **kw: Any) -> Any:
        payload = {"connector_id": connector_id, "meter_value": meter_value, **kw}
        await self._wait("MeterValues", payload)
        tx = kw.get("transaction_id")
        if tx is not None:
            events = self.owner.transactions[str(tx)]
            seen = any(e.get("meter_value") == meter_value for e in events)
            self._record(tx, "Updated", payload, seen)
        return call_result.MeterValues()

    @handles("StopTransaction")
    async def on_stop_transaction(self, transaction_id: int, **kw: Any) -> Any:
        payload = {"transaction_id": transaction_id, **kw}
        await self._wait("StopTransaction", payload)
        events = self.owner.transactions[str(transaction_id)]
        self._record(transaction_id, "Ended", payload, any(e["event_type"] == "Ended" for e in events))
        return call_result.StopTransaction()
