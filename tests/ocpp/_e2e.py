"""Shared by the OCPP end-to-end tests: our SECC with the OCPP adapter as its backend, our EVCC and
the test CSMS on loopback (``_run``), the PKI fixture and the helpers that read what the CSMS got."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ocpp")

from tls.context import (
    client_config_from_dir,
    iso2_client_context,
    iso2_server_context,
    server_config_from_dir,
)
from tls.pki import Pki
from tls.profiles import Role
from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.apphand import ISO2
from v2g.backend import PlugAndCharge
from v2g.controller import EnergyMode, EvseServices, SimulatedDcEvse, SimulatedEv
from v2g.evcc import EvccConfig
from v2g.evcc.pnc import ContractCredentials
from v2g.ocmf import OcmfMeter
from v2g.ocpp import OcppBackend, OcppConfig, TestCsms
from v2g.receipts import ReceiptStore
from v2g.sdp import Security
from v2g.secc import SeccConfig

EMAID = "DEV2G123456789K"


@dataclass
class Run:
    result: Any
    backend: OcppBackend
    session: Any
    secc_reason: str
    meter: OcmfMeter


async def _run(
    csms: TestCsms,
    pki_dir: tuple[Path, Pki],
    *,
    contract: bool = True,
    tmp_path: Path | None = None,
    evcc: dict[str, Any] | None = None,
    ocpp: dict[str, Any] | None = None,
    ev: SimulatedEv | None = None,
    before: Callable[[OcppBackend], Awaitable[None]] | None = None,
    between: Callable[[OcppBackend], Awaitable[None]] | None = None,
) -> Run:
    """One session (two with ``between``, awaited between them) of our car at our SECC whose
    backend is OCPP, against ``csms``."""
    folder, pki = pki_dir
    evse = SimulatedDcEvse(cable_check_time=0.0)
    backend = OcppBackend(
        OcppConfig(csms.url, "CP1", version=csms.version, **(ocpp or {})),
        schedules=evse,
        on_limit_change=evse.request_renegotiation,
    )
    receipts = ReceiptStore(tmp_path / "receipts.db") if tmp_path is not None else None
    meter = OcmfMeter()
    pnc = PlugAndCharge(
        backend, (pki.certs[Role.MO_ROOT],), receipts=receipts, receipt_interval=2, meter=meter
    )
    services = EvseServices(backend, backend, evse, pnc)
    config = SeccServerConfig(
        SeccConfig(protocols=(ISO2,), payment_options=("Contract", "ExternalPayment")),
        host="::1",
        tcp_port=None,
        tls_port=0,
        ssl_context=iso2_server_context(server_config_from_dir(folder, "iso2")),
    )
    cfg: dict[str, Any] = {"charging_loop_cycles": 5, "loop_interval": 0.0}
    if contract:
        cfg["contract"] = ContractCredentials.from_pki(pki)
    cfg.update(evcc or {})
    async with backend:
        await backend.connected.wait()
        if before is not None:
            await before(backend)
        ended: list[Any] = []

        def on_end(summary: Any) -> None:
            ended.append(summary)
            backend.session_ended(summary)

        async with SeccServer(config, lambda: evse, services=services, on_session_end=on_end) as server:
            runner = EvccRunnerConfig(
                EvccConfig(protocols=(ISO2,), energy_mode=EnergyMode.DC_EXTENDED, **cfg),
                host="::1",
                port=server.tls_port,
                security=Security.TLS,
                ssl_context=iso2_client_context(client_config_from_dir(folder, "iso2")),
            )
            sessions: list[Any] = []
            result = await run_evcc(runner, ev or SimulatedEv(), on_session=sessions.append)
            if between is not None:
                assert result.ok, result.reason
                await between(backend)
                result = await run_evcc(runner, ev or SimulatedEv(), on_session=sessions.append)
        if result.ok:
            await csms.wait_for(
                lambda: any(e[-1]["event_type"] == "Ended" for e in csms.transactions.values())
            )
    return Run(result, backend, sessions[-1] if sessions else None, ended[-1].reason if ended else "", meter)


def _actions(csms: TestCsms, action: str) -> list[dict[str, Any]]:
    """The requests of ``action`` the CSMS got (1.6: the PnC ones out of their DataTransfer)."""
    return [p for _, a, p in csms.received if a == action]


def _token(csms: TestCsms, auth: dict[str, Any]) -> dict[str, str]:
    """An EIM Authorize's idToken (1.6: its idTag, whose type is the card's)."""
    return auth["id_token"] if csms.version == "2.0.1" else {"id_token": auth["id_tag"], "type": "?"}


def _signed(run: Run, events: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(OCMF record, the meter's public key) of every signed meter value of a transaction: 2.0.1 in
    signedMeterValue, 1.6 as SampledValue format SignedData (its key known out of band)."""
    values = [sv for e in events for mv in e.get("meter_value", []) for sv in mv["sampled_value"]]
    if "seq_no" in events[0] and "transaction_info" in events[0]:
        return [
            (v["signed_meter_value"]["signed_meter_data"], v["signed_meter_value"]["public_key"])
            for v in values
            if v["signed_meter_value"]["encoding_method"] == "OCMF"
        ]
    return [(v["value"], run.meter.public_key) for v in values if v.get("format") == "SignedData"]



def _serial(pki_dir: tuple[Path, Pki]) -> str:
    return format(pki_dir[1].certs[Role.CONTRACT_LEAF].serial_number, "x")


