"""The SECC's backend over OCPP 2.0.1 or 1.6J (``OcppConfig.version``; 1.6J with the OCA's ISO 15118
Plug & Charge extension in DataTransfer, see :mod:`v2g.ocpp.v16`): :class:`OcppBackend`, a charging
station client on the ``ocpp`` library over ``websockets``.

It is the SECC's :class:`v2g.backend.Backend` (Plug & Charge), its EIM
:class:`v2g.controller.Authorization` and its :class:`v2g.controller.ScheduleProvider`, for one EVSE
(one SECC process per connector)::

    async with OcppBackend(OcppConfig("ws://csms:9000", "CP1"), schedules=evse) as backend:
        services = EvseServices(backend, backend, evse, PlugAndCharge(backend, mo_roots))
        SeccServer(config, lambda: evse, services=services, on_session_end=backend.session_ended)

Every method the session calls returns at once (house rule 3): it starts a call on the event loop
and the session polls for its answer (Ongoing meanwhile). A CSMS that is away, late past
``OcppConfig.response_timeout`` or answers what OCPP does not allow gives the answer the
``offline`` policy says (refuse, or the local authorization cache of earlier acceptances); it
never raises into a session. Transaction messages wait in an :class:`v2g.ocpp.outbox.Outbox` until
answered, across reconnections (back-off from ``backoff[0]`` doubling to ``backoff[1]``) and, with
``outbox``, restarts.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

import websockets

from tls.validate import RevocationStatus
from v2g.backend import (
    AuthorizeRequest,
    AuthorizeResult,
    CertificateHashData,
    IdTokenStatus,
    SignedMeterValue,
)
from v2g.certificates import CertificateRequest, CertificateResult
from v2g.controller import AuthStatus, EnergyRequest, Schedule, ScheduleProvider
from v2g.ocpp import mapping
from v2g.ocpp.aio_station import Station, Station16
from v2g.ocpp.config import OcppConfig
from v2g.ocpp.limits import ChargingLimits
from v2g.ocpp.mapping import CsmsAnswerError
from v2g.ocpp.outbox import Outbox
from v2g.ocpp.seccert import CERTIFICATE_TYPE, SeccCertificate
from v2g.ocpp.transactions import Transactions
from v2g.ocpp.transactions16 import Transactions16

log = logging.getLogger(__name__)

__all__ = ["OcppBackend", "OcppConfig"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class OcppBackend:
    """One EVSE's connection to the CSMS (see the module docstring)."""

    def __init__(
        self,
        config: OcppConfig,
        *,
        schedules: ScheduleProvider | None = None,
        on_limit_change: Callable[[], None] | None = None,
        secc_certificate: SeccCertificate | None = None,
    ) -> None:
        """``schedules``: the charger's own schedules, capped by the CSMS's profile (its hardware
        limit); ``on_limit_change``: called when a profile arrives during a transaction (firmware asks
        the car to renegotiate: ``EvseStatus.notification = ReNegotiation``)."""
        self.config = config
        self.fallback = schedules
        self.on_limit_change = on_limit_change
        self.secc_certificate = secc_certificate
        """The charger's own SECC certificate: :meth:`renew_secc_certificate`, CertificateSigned."""
        self.outbox = Outbox(config.outbox)
        self.connected = asyncio.Event()
        self.limits = ChargingLimits(config.evse_id, volts=config.volts, phases=config.phases)
        """The CSMS's charging profiles."""
        self.cache: set[str] = set()
        """idTokens and eMAIDs the CSMS accepted (the local authorization cache)."""
        self.errors: deque[str] = deque(maxlen=100)
        """Why answers were not the CSMS's (timeouts, garbage, no connection), latest last."""
        self._station: Station | Station16 | None = None
        self._auth: dict[AuthorizeRequest, AuthorizeResult] = {}
        self._eim: AuthorizeResult | None = None
        self._certs: dict[CertificateRequest, CertificateResult] = {}
        self.revocation: dict[CertificateHashData, RevocationStatus] = {}
        """What GetCertificateStatus answered, per certificate (``fetch_ocsp``)."""
        self._ocsp_asked: set[CertificateHashData] = set()
        tx = Transactions16 if config.version == "1.6" else Transactions
        self.transactions: Transactions | Transactions16 = tx(
            self.outbox, config.evse_id, config.connector_id
        )
        self._tasks: set[asyncio.Task[Any]] = set()
        self._main: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._linked: set[asyncio.Task[Any]] = set()
        self._needs: EnergyRequest | None = None

    # ----------------------------------------------------------------------------- lifecycle

    async def __aenter__(self) -> OcppBackend:
        self._main = asyncio.get_running_loop().create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Give the outbox ``flush_timeout`` to empty while connected (what stays is kept in the
        ``outbox`` file, when there is one), then stop."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.config.flush_timeout
        while len(self.outbox) and self.connected.is_set() and loop.time() < deadline:
            await asyncio.sleep(0.01)
        tasks = [t for t in (self._main, *self._tasks) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _run(self) -> None:
        delay = self.config.backoff[0]
        while True:
            try:
                subprotocol = f"ocpp{self.config.version}"
                async with websockets.connect(self.config.uri, subprotocols=[subprotocol]) as ws:  # type: ignore[list-item]
                    kind = Station16 if self.config.version == "1.6" else Station
                    station = kind(self.config.charge_point_id, ws, self, self.config.response_timeout)
                    reader = asyncio.get_running_loop().create_task(station.start())
                    try:
                        await self._online(station)
                        delay = self.config.backoff[0]
                        await reader
                    finally:  # the connection's heartbeat and outbox sender end with it
                        self._station = None
                        self.connected.clear()
                        for task in (reader, *self._linked):
                            task.cancel()
            except (OSError, websockets.WebSocketException, CsmsAnswerError, asyncio.TimeoutError) as e:
                self.errors.append(f"connection: {e!r}")
                log.info("CSMS %s: %r, again in %.1f s", self.config.uri, e, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.config.backoff[1])

    async def _online(self, station: Station | Station16) -> None:
        """BootNotification (until Accepted), StatusNotification, then Heartbeat and the outbox."""
        self._station = station
        station_info = {"vendor_name": self.config.vendor, "model": self.config.model}
        boot = await self._call("BootNotification", {"charging_station": station_info, "reason": "PowerUp"})
        if boot.get("status") != "Accepted":
            raise CsmsAnswerError(f"BootNotification {boot.get('status')!r}")
        interval = max(float(boot.get("interval") or 300), 1.0)
        await self._call("StatusNotification", self._status_payload("Available"))
        self.connected.set()
        self._linked = {self._spawn(self._heartbeat(interval)), self._spawn(self._drain())}

    async def _heartbeat(self, interval: float) -> None:
        while self._station is not None:
            await asyncio.sleep(interval)
            try:
                await self._call("Heartbeat", {})
            except CsmsAnswerError as e:
                self.errors.append(f"Heartbeat: {e.reason}")

    async def _drain(self) -> None:
        """Send the outbox in order; a message leaves it once the CSMS answered (or refused it)."""
        while self._station is not None:
            item = self.outbox.head()
            if item is None:
                self._wake.clear()
                await self._wake.wait()
                continue
            action, payload = item
            wire = self.transactions.prepare(action, payload)
            try:
                answer = {} if wire is None else await self._call(action, wire, refused_ok=True)
            except CsmsAnswerError as e:  # no answer: the connection is going; _run reconnects
                self.errors.append(f"{action}: {e.reason}")
                return
            self.transactions.answered(action, payload, answer)
            self.outbox.pop()

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _call(
        self, action: str, payload: dict[str, Any], timeout: float | None = None, refused_ok: bool = False
    ) -> dict[str, Any]:
        station = self._station
        if station is None:
            raise CsmsAnswerError("not connected to the CSMS")
        return await station.ask(action, payload, timeout or self.config.response_timeout, refused_ok)

    async def renew_secc_certificate(self) -> str:
        """SignCertificate (V2GCertificate) with a CSR for a new SECC key; the CSMS's status. The
        CSMS's CertificateSigned that follows installs the chain (``secc_certificate``); no answer
        raises CsmsAnswerError."""
        if self.secc_certificate is None:
            raise CsmsAnswerError("no secc_certificate to renew")
        payload = {"csr": self.secc_certificate.new_csr(), "certificate_type": CERTIFICATE_TYPE}
        return str((await self._call("SignCertificate", payload)).get("status"))

    def certificate_signed(self, chain: object) -> str:
        """The CSMS's CertificateSigned (V2GCertificate): Accepted once installed, else Rejected."""
        if self.secc_certificate is None:
            return "Rejected"
        return self.secc_certificate.certificate_signed(chain, _now())

    # -------------------------------------------------------------------------- authorization

    def _refusal(self, key: str, why: str) -> AuthorizeResult:
        self.errors.append(why)
        if self.config.offline == "cache" and key in self.cache:
            return AuthorizeResult(IdTokenStatus.ACCEPTED)
        return AuthorizeResult(IdTokenStatus.INVALID)

    async def _authorize(self, payload: dict[str, Any], key: str) -> AuthorizeResult:
        try:
            result = mapping.authorize_result(await self._call("Authorize", payload))
        except CsmsAnswerError as e:
            result = self._refusal(key, f"Authorize: {e.reason}")
        else:
            if result.accepted:
                self.cache.add(key)
            else:
                self.cache.discard(key)
        if result.accepted:
            self._start_transaction(payload["id_token"])
        return result

    def authorize(self, request: AuthorizeRequest, now: float) -> None:
        async def run() -> None:
            key = request.emaid
            self._auth[request] = await self._authorize(mapping.contract_authorize_payload(request), key)

        self._auth.pop(request, None)
        self._spawn(run())

    def authorize_result(self, request: AuthorizeRequest, now: float) -> AuthorizeResult | None:
        return self._auth.get(request)

    def start_authorization(self, evcc_id: bytes, now: float) -> None:
        """EIM: Authorize the card (``eim_token``) or the car's MAC address."""
        if self.config.eim_token is not None:
            payload = mapping.eim_authorize_payload(self.config.eim_token, self.config.eim_token_type)
        else:
            payload = mapping.eim_authorize_payload(evcc_id.hex().upper(), "MacAddress")

        async def run() -> None:
            self._eim = await self._authorize(payload, payload["id_token"]["id_token"])

        self._eim = None
        self._spawn(run())

    def authorization_status(self, now: float) -> AuthStatus:
        return AuthStatus.PENDING if self._eim is None else mapping.auth_status(self._eim)

    # --------------------------------------------------------------------------- certificates

    def get_15118_ev_certificate(self, request: CertificateRequest, now: float) -> None:
        async def run() -> None:
            try:
                answer = await self._call(
                    "Get15118EVCertificate",
                    mapping.certificate_request_payload(request),
                    self.config.certificate_timeout,
                )
                self._certs[request] = mapping.certificate_result(answer)
            except CsmsAnswerError as e:
                self.errors.append(f"Get15118EVCertificate: {e.reason}")
                self._certs[request] = CertificateResult("Failed", reason=e.reason)

        self._certs.pop(request, None)
        self._spawn(run())

    def ev_certificate_result(self, request: CertificateRequest, now: float) -> CertificateResult | None:
        return self._certs.pop(request, None)

    def certificate_status(self, hash_data: CertificateHashData, now: float) -> RevocationStatus:
        """What GetCertificateStatus answered for this certificate (UNKNOWN until then: the CSMS
        checks revocation itself when it answers Authorize with certificateStatus). With
        ``fetch_ocsp`` a certificate not asked before is asked in the background, for the next
        session; an answer is kept (not refreshed at the OCSP response's nextUpdate)."""

        async def run() -> None:
            try:
                payload = {"ocsp_request_data": mapping.hash_data_payload(hash_data)}
                answer = await self._call("GetCertificateStatus", payload)
                self.revocation[hash_data] = mapping.ocsp_status(answer, hash_data)
            except CsmsAnswerError as e:
                self.errors.append(f"GetCertificateStatus: {e.reason}")
            finally:
                self._ocsp_asked.discard(hash_data)

        known = hash_data in self.revocation or hash_data in self._ocsp_asked
        if self.config.fetch_ocsp and self._station is not None and not known:
            self._ocsp_asked.add(hash_data)
            self._spawn(run())
        return self.revocation.get(hash_data, RevocationStatus.UNKNOWN)

    # --------------------------------------------------------------------------- transactions

    def _start_transaction(self, id_token: dict[str, str]) -> None:
        if self.transactions.current is None:
            self._status("Occupied")
        self.transactions.authorized(id_token, _now(), self._station is None)
        self._wake.set()

    def _status(self, status: str) -> None:
        """StatusNotification of the connector (best effort: the CSMS asks again after a reconnect)."""
        if self._station is not None:
            self._spawn(self._best_effort("StatusNotification", self._status_payload(status)))

    def _status_payload(self, status: str) -> dict[str, Any]:
        return {
            "timestamp": _now().isoformat(),
            "connector_status": status,
            "evse_id": self.config.evse_id,
            "connector_id": self.config.connector_id,
        }

    def meter_values(self, record: SignedMeterValue) -> None:
        """TransactionEvent(Updated) with the meter's signed value (OCMF) of one interval."""
        self.transactions.meter_values(record, _now(), self._station is None)
        self._wake.set()

    def session_ended(self, summary: Any) -> None:
        """TransactionEvent(Ended): wire as ``SeccServer(..., on_session_end=backend.session_ended)``."""
        reason = str(getattr(summary, "reason", ""))
        if self.transactions.ended(reason == "" or "terminated" in reason, _now(), self._station is None):
            self._wake.set()
            self._status("Available")
        self._eim = None
        self._needs = None
        self._auth.clear()
        self._certs.clear()
        self.limits.transaction_ended()

    # ------------------------------------------------------------------------- smart charging

    def set_charging_profile(self, evse_id: int, profile: dict[str, Any]) -> bool:
        """SetChargingProfile from the CSMS; False (Rejected) when unusable. A change during a
        transaction calls ``on_limit_change`` (the car is asked to renegotiate)."""
        try:
            self.limits.set(evse_id, profile)
        except CsmsAnswerError as e:
            self.errors.append(f"SetChargingProfile: {e.reason}")
            return False
        if self.transactions.current is not None and self.on_limit_change is not None:
            self.on_limit_change()
        return True

    def clear_charging_profiles(self) -> None:
        self.limits.clear()
        if self.transactions.current is not None and self.on_limit_change is not None:
            self.on_limit_change()

    def compute_schedules(self, request: EnergyRequest, now: float) -> tuple[Schedule, ...] | None:
        """The charger's own schedules (``schedules``) under the CSMS's limits (:class:`ChargingLimits`)."""
        if self.fallback is None:
            self._notify_needs(request)
            return self.limits.schedules(None, request)
        self._notify_needs(request)
        own = self.fallback.compute_schedules(request, now)
        return None if own is None else self.limits.schedules(own, request)

    def _notify_needs(self, request: EnergyRequest) -> None:
        """NotifyEVChargingNeeds, once per new ChargeParameterDiscoveryReq content (best effort)."""
        if request == self._needs or self._station is None:
            return
        self._needs = request
        payload = mapping.charging_needs_payload(request, self.config.evse_id, _now())
        self._spawn(self._best_effort("NotifyEVChargingNeeds", payload))

    def ev_charging_schedule(
        self, schedule_id: int, entries: tuple[tuple[int, float], ...], now: float
    ) -> None:
        """The car's ChargingProfile (PowerDeliveryReq) as NotifyEVChargingSchedule (2.0.1, best
        effort; 1.6 has no such message)."""
        if self._station is not None:
            payload = mapping.ev_charging_schedule_payload(schedule_id, entries, self.config.evse_id, _now())
            self._spawn(self._best_effort("NotifyEVChargingSchedule", payload))

    async def _best_effort(self, action: str, payload: dict[str, Any]) -> None:
        try:
            await self._call(action, payload)
        except CsmsAnswerError as e:
            self.errors.append(f"{action}: {e.reason}")
