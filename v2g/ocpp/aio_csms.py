"""A small CSMS (OCPP 2.0.1, or 1.6J with ``version="1.6"``: :mod:`v2g.ocpp.aio_csms16`) for tests and
the demo, on the server side of the same ``ocpp`` library:
it authorizes configured idTokens and eMAIDs, issues contracts through a
:class:`v2g.certificates.LocalCertificateService`, sets charging profiles and records every
message it gets (``TestCsms.received``) and every transaction event (``TestCsms.transactions``).

``CsmsConfig.delay`` and ``CsmsConfig.garbage`` make it answer late or with what OCPP does not
allow, to test that the charger copes.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

import websockets
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp
from ocpp.exceptions import InternalError
from ocpp.v16 import call as call16
from ocpp.v201 import ChargePoint, call, call_result

from v2g.backend import normalize_emaid
from v2g.certificates import CertificateRequest, LocalCertificateService
from v2g.ocpp import v16
from v2g.ocpp.aio_csms16 import Csms16
from v2g.ocpp.aio_csms_common import CsmsCommon
from v2g.ocpp.mapping import handles
from v2g.ocpp.seccert import CERTIFICATE_TYPE, issue_secc_chain

__all__ = ["CsmsConfig", "TestCsms", "tx_default_profile"]


@dataclass(frozen=True)
class CsmsConfig:
    tokens: tuple[str, ...] = ()
    """Accepted idTokens (EIM: cards, MAC addresses)."""
    emaids: tuple[str, ...] | None = None
    """Accepted eMAIDs (None: every eMAID)."""
    blocked: tuple[str, ...] = ()
    """idTokens and eMAIDs answered Blocked."""
    revoked_serials: tuple[str, ...] = ()
    """Contract certificate serial numbers (hex) answered certificateStatus CertificateRevoked."""
    delay: dict[str, float] = field(default_factory=dict)
    """Seconds to wait before answering an action (by name)."""
    garbage: frozenset[str] = frozenset()
    """Actions answered with a CALLERROR-free but invalid payload (schema validation off)."""
    callerror: frozenset[str] = frozenset()
    """Actions answered with a CALLERROR (InternalError)."""
    heartbeat: int = 300
    ocsp_revoked: tuple[str, ...] = ()
    """Serial numbers (hex) GetCertificateStatus answers revoked (others: good)."""
    default_limit: float | None = None
    """A TxDefaultProfile of this many W set on every charging station that boots (None: none)."""


def tx_default_profile(watts: float, profile_id: int = 1) -> dict[str, Any]:
    """A TxDefaultProfile with one period of ``watts`` from now on (snake_case, as the library takes it)."""
    return {
        "id": profile_id,
        "stack_level": 0,
        "charging_profile_purpose": "TxDefaultProfile",
        "charging_profile_kind": "Absolute",
        "charging_schedule": [
            {
                "id": profile_id,
                "start_schedule": dt.datetime.now(dt.timezone.utc).isoformat(),
                "charging_rate_unit": "W",
                "charging_schedule_period": [{"start_period": 0, "limit": watts}],
            }
        ],
    }


class _Csms(CsmsCommon, ChargePoint):  # type: ignore[misc]  # the library is untyped
    results = call_result


    @handles("Authorize", skip_schema_validation=True)
    async def on_authorize(self, id_token: dict[str, str], **kw: Any) -> Any:
        if await self._wait("Authorize", {"id_token": id_token, **kw}):
            return call_result.Authorize(id_token_info={"status": "Maybe"})
        return call_result.Authorize(**self.owner.pnc_answer("Authorize", {"id_token": id_token, **kw}))

    @handles("Get15118EVCertificate", skip_schema_validation=True)
    async def on_certificate(
        self, iso15118_schema_version: str, action: str, exi_request: str, **kw: Any
    ) -> Any:
        payload = {
            "iso15118_schema_version": iso15118_schema_version,
            "action": action,
            "exi_request": exi_request,
        }
        if await self._wait("Get15118EVCertificate", payload):
            return call_result.Get15118EVCertificate(status="Accepted", exi_response="%%%")
        return call_result.Get15118EVCertificate(**self.owner.pnc_answer("Get15118EVCertificate", payload))

    @handles("GetCertificateStatus")
    async def on_certificate_status(self, ocsp_request_data: dict[str, str], **kw: Any) -> Any:
        payload = {"ocsp_request_data": ocsp_request_data, **kw}
        await self._wait("GetCertificateStatus", payload)
        return call_result.GetCertificateStatus(**self.owner.pnc_answer("GetCertificateStatus", payload))

    @handles("SignCertificate")
    async def on_sign_certificate(self, csr: str, **kw: Any) -> Any:
        await self._wait("SignCertificate", {"csr": csr, **kw})
        return call_result.SignCertificate(**self.owner.pnc_answer("SignCertificate", {"csr": csr}))

    @handles("SignCertificate", after=True)
    async def after_sign_certificate(self, csr: str, **_: Any) -> None:
        await self.owner.sign_secc_csr(self.id, csr)

    @handles("NotifyEVChargingNeeds")
    async def on_charging_needs(self, **kw: Any) -> Any:
        await self._wait("NotifyEVChargingNeeds", kw)
        return call_result.NotifyEVChargingNeeds(status="Accepted")

    @handles("NotifyEVChargingSchedule")
    async def on_ev_charging_schedule(self, **kw: Any) -> Any:
        await self._wait("NotifyEVChargingSchedule", kw)
        return call_result.NotifyEVChargingSchedule(status="Accepted")

    @handles("TransactionEvent")
    async def on_transaction_event(self, **kw: Any) -> Any:
        await self._wait("TransactionEvent", kw)
        tx = kw["transaction_info"]["transaction_id"]
        if any(e["seq_no"] == kw["seq_no"] for e in self.owner.transactions[tx]):
            self.owner.duplicates.append(kw)  # sent again after a lost answer: known by its seqNo
        else:
            self.owner.transactions[tx].append(kw)
        self.owner.event.set()
        return call_result.TransactionEvent()


class TestCsms:
    """``async with TestCsms(config) as csms``: serves on ``ws://127.0.0.1:{csms.port}/{id}``."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        config: CsmsConfig | None = None,
        certificates: LocalCertificateService | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        version: Literal["2.0.1", "1.6"] = "2.0.1",
    ) -> None:
        """``version``: "2.0.1" or "1.6" (1.6J with the ISO 15118 PnC extension)."""
        self.config = config or CsmsConfig()
        self.version = version
        self.certificates = certificates
        self.host = host
        self.port = port
        self.stations: dict[str, _Csms | Csms16] = {}
        self.received: list[tuple[str, str, dict[str, Any]]] = []
        """(station id, action, payload) of every request, in order."""
        self.transactions: dict[str, list[dict[str, Any]]] = defaultdict(list)
        """TransactionEvent payloads by transactionId, in the order received (each seqNo once)."""
        self.duplicates: list[dict[str, Any]] = []
        """TransactionEvents received again (same transactionId and seqNo)."""
        self.started: dict[tuple[str, int, str, str], int] = {}
        """1.6: transactionId by (station, connectorId, idTag, timestamp) of its StartTransaction."""
        self.certificate_signed: list[str] = []
        """What the stations answered each CertificateSigned (Accepted, Rejected), in order."""
        self.event = asyncio.Event()
        self.connections = 0
        self._server: Any = None

    @property
    def url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    async def __aenter__(self) -> TestCsms:
        await self.serve()
        return self

    async def serve(self) -> None:
        """Listen (again, on the same port after :meth:`close`)."""
        self._server = await websockets.serve(
            self._connected,
            self.host,
            self.port,
            subprotocols=[f"ocpp{self.version}"],  # type: ignore[list-item]
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def drop(self) -> None:
        """Close every station's connection (the charger reconnects)."""
        for station in list(self.stations.values()):
            await station._connection.close()

    async def _connected(self, ws: Any) -> None:
        cp_id = ws.request.path.rstrip("/").rsplit("/", 1)[-1]
        station = Csms16(cp_id, ws, self) if self.version == "1.6" else _Csms(cp_id, ws, self)
        self.stations[cp_id] = station
        self.connections += 1
        try:
            await station.start()
        except websockets.ConnectionClosed:
            pass
        finally:
            if self.stations.get(cp_id) is station:
                del self.stations[cp_id]

    async def wait(self, cp_id: str, action: str, payload: dict[str, Any]) -> bool:
        """Record a request, wait as configured; True: answer with garbage (raises the CALLERROR)."""
        self.received.append((cp_id, action, payload))
        await asyncio.sleep(self.config.delay.get(action, 0.0))
        if action in self.config.callerror:
            raise InternalError(description=f"{action} fails here (CsmsConfig.callerror)")
        return action in self.config.garbage

    async def boot_profile(self, cp_id: str) -> None:
        """After a BootNotification: the configured TxDefaultProfile (``default_limit``)."""
        if self.config.default_limit is not None:
            await self.set_charging_profile(cp_id, tx_default_profile(self.config.default_limit))

    def pnc_answer(self, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        """The 2.0.1 answer (snake_case) to a Plug & Charge request, for either version."""
        if action == "Authorize":
            status, cert = self.decide(
                payload["id_token"], payload.get("iso15118_certificate_hash_data") or []
            )
            return {"id_token_info": {"status": status}, "certificate_status": cert}
        if action == "SignCertificate":
            return {"status": "Rejected" if self.certificates is None else "Accepted"}
        if action == "GetCertificateStatus":
            der = self.ocsp_response(payload["ocsp_request_data"].get("serial_number", ""))
            if der is None:
                return {"status": "Failed"}
            return {"status": "Accepted", "ocsp_result": base64.b64encode(der).decode()}
        if self.certificates is None:
            return {"status": "Failed", "exi_response": ""}
        exi = base64.b64decode(payload["exi_request"])
        request = CertificateRequest(
            exi, payload["action"], payload["iso15118_schema_version"], wall=time.time()
        )
        result = self.certificates.answer(request)
        return {
            "status": result.status,
            "exi_response": base64.b64encode(result.exi_response).decode("ascii"),
        }

    def decide(self, id_token: dict[str, str], hash_data: list[dict[str, str]]) -> tuple[str, str | None]:
        """(idTokenInfo.status, certificateStatus) for a token and its contract's hash data."""
        token = id_token.get("id_token", "")
        if id_token.get("type") != "eMAID":
            if token in self.config.blocked:
                return "Blocked", None
            return ("Accepted" if token in self.config.tokens else "Unknown"), None
        emaid = normalize_emaid(token)
        if any(d.get("serial_number") in self.config.revoked_serials for d in hash_data):
            return "Blocked", "CertificateRevoked"
        if emaid in {normalize_emaid(b) for b in self.config.blocked}:
            return "Blocked", "ContractCancelled"
        allowed = self.config.emaids
        if allowed is not None and emaid not in {normalize_emaid(e) for e in allowed}:
            return "Unknown", None
        return "Accepted", "Accepted"

    def ocsp_response(self, serial: str) -> bytes | None:
        """A signed OCSP response (RFC 6960, by the issuer's key) for a certificate of the
        certificate service's PKI: revoked when ``CsmsConfig.ocsp_revoked`` names its serial."""
        if self.certificates is None:
            return None
        pki = self.certificates.pki
        certs = [*pki.certs.items(), *((None, c) for c in self.certificates.issued)]
        cert = next((c for _, c in certs if format(c.serial_number, "x") == serial.lower()), None)
        issuer_role = next(
            (r for r, c in pki.certs.items() if cert is not None and c.subject == cert.issuer), None
        )
        if cert is None or issuer_role is None:
            return None
        issuer, now = pki.certs[issuer_role], dt.datetime.now(dt.timezone.utc)
        revoked = serial.lower() in self.config.ocsp_revoked
        status = ocsp.OCSPCertStatus.REVOKED if revoked else ocsp.OCSPCertStatus.GOOD
        builder = (
            ocsp.OCSPResponseBuilder()
            .add_response(
                cert,
                issuer,
                hashes.SHA256(),
                status,
                now,
                now + dt.timedelta(days=1),
                now if revoked else None,
                None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, issuer)
        )
        key = pki.keys[issuer_role]
        return builder.sign(key, hashes.SHA256()).public_bytes(Encoding.DER)

    async def sign_secc_csr(self, cp_id: str, csr: str) -> None:
        """After a SignCertificate: the SECC chain for ``csr`` from the certificate service's PKI
        (CPO Sub-CA 2) in a CertificateSigned; a CSR it cannot sign gets none."""
        if self.certificates is None:
            return
        try:
            chain = issue_secc_chain(csr, self.certificates.pki, dt.datetime.now(dt.timezone.utc))
        except ValueError:
            return
        await self.send_certificate_signed(cp_id, chain)

    async def send_certificate_signed(self, cp_id: str, chain: str) -> str:
        """CertificateSigned (V2GCertificate; 1.6: in the PnC DataTransfer) with ``chain`` to a
        connected station; its status, also appended to ``certificate_signed``."""
        station = self.stations[cp_id]
        payload = {"certificate_chain": chain, "certificate_type": CERTIFICATE_TYPE}
        if isinstance(station, Csms16):
            request = call16.DataTransfer(v16.PNC_VENDOR, "CertificateSigned", v16.pnc_data(payload))
            result = await station.call(request)
            accepted = result.status == "Accepted"
            status = v16.read_pnc_data(result.data).get("status") if accepted else result.status
        else:
            status = (await station.call(call.CertificateSigned(**payload))).status
        self.certificate_signed.append(str(status))
        self.event.set()
        return str(status)

    async def set_charging_profile(self, cp_id: str, profile: dict[str, Any], evse_id: int = 1) -> str:
        """SetChargingProfile (a 2.0.1 ChargingProfileType; 1.6: as csChargingProfiles of connector
        ``evse_id``) to a connected station; its status."""
        station = self.stations[cp_id]
        if isinstance(station, Csms16):
            request: Any = call16.SetChargingProfile(
                connector_id=evse_id, cs_charging_profiles=v16.profile_16(profile)
            )
        else:
            request = call.SetChargingProfile(evse_id=evse_id, charging_profile=profile)
        result = await station.call(request)
        return str(result.status)

    async def wait_for(self, predicate: Any, timeout: float = 10.0) -> None:
        """Until ``predicate()`` holds (checked on every transaction event)."""
        async with asyncio.timeout(timeout):
            while not predicate():
                self.event.clear()
                await self.event.wait()
