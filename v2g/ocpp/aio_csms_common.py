"""What the test CSMS answers alike in OCPP 2.0.1 and 1.6J: boot (then its charging profile),
heartbeat and status. Each version's class mixes this in before the library's ``ChargePoint`` and
names its ``call_result`` module in :attr:`CsmsCommon.results`."""

from __future__ import annotations

import datetime as dt
from types import ModuleType
from typing import TYPE_CHECKING, Any

from v2g.ocpp.mapping import handles

if TYPE_CHECKING:
    from v2g.ocpp.aio_csms import TestCsms

__all__ = ["CsmsCommon"]


class CsmsCommon:
    results: ModuleType
    """The OCPP version's ``call_result`` module."""
    id: str
    owner: TestCsms

    def __init__(self, cp_id: str, ws: Any, owner: TestCsms) -> None:
        super().__init__(cp_id, ws, response_timeout=10)  # type: ignore[call-arg]  # the library's ChargePoint
        self.owner = owner

    async def _wait(self, action: str, payload: dict[str, Any]) -> bool:
        return await self.owner.wait(self.id, action, payload)

    @handles("BootNotification")
    async def on_boot(self, **kw: Any) -> Any:
        await self._wait("BootNotification", kw)
        now = dt.datetime.now(dt.timezone.utc).isoformat()
        return self.results.BootNotification(now, self.owner.config.heartbeat, "Accepted")

    @handles("BootNotification", after=True)
    async def after_boot(self, **_: Any) -> None:
        await self.owner.boot_profile(self.id)

    @handles("Heartbeat")
    async def on_heartbeat(self, **kw: Any) -> Any:
        await self._wait("Heartbeat", kw)
        return self.results.Heartbeat(dt.datetime.now(dt.timezone.utc).isoformat())

    @handles("StatusNotification")
    async def on_status(self, **kw: Any) -> Any:
        await self._wait("StatusNotification", kw)
        return self.results.StatusNotification()
