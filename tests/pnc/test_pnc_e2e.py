"""Plug & Charge end to end over TLS 1.2: our SECC server and our EVCC runner on loopback, with a
contract from the same test PKI (AC and DC, and a revoked contract refused on the wire)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tls.context import (
    client_config_from_dir,
    iso2_client_context,
    iso2_server_context,
    server_config_from_dir,
)
from tls.pki import PkiConfig, create_pki
from tls.profiles import Role
from tls.store import write_pki
from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.apphand import ISO2
from v2g.backend import LocalBackend, PlugAndCharge
from v2g.controller import EnergyMode, EvseServices, SimulatedAcEvse, SimulatedDcEvse, SimulatedEv
from v2g.evcc import EvccConfig
from v2g.evcc.pnc import ContractCredentials
from v2g.sdp import Security
from v2g.secc import SeccConfig
from v2g.trace import TraceRecord


@pytest.fixture(scope="module")
def pki_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("pki")
    pki = create_pki(PkiConfig("iso2", now=datetime.datetime.now(datetime.timezone.utc)))
    write_pki(pki, folder)
    return folder, pki


async def _session(
    pki_dir: tuple[Path, object], mode: EnergyMode, backend: LocalBackend
) -> tuple[object, list[str], list[TraceRecord]]:
    folder, pki = pki_dir
    server_tls = iso2_server_context(server_config_from_dir(folder, "iso2"))
    client_tls = iso2_client_context(client_config_from_dir(folder, "iso2"))
    evse = SimulatedDcEvse(cable_check_time=0.0) if mode.is_dc else SimulatedAcEvse()
    services = EvseServices.of(evse, PlugAndCharge(backend, (pki.certs[Role.MO_ROOT],)))  # type: ignore[attr-defined]
    trace: list[TraceRecord] = []
    config = SeccServerConfig(
        SeccConfig(protocols=(ISO2,), energy_modes=(mode,), payment_options=("Contract", "ExternalPayment")),
        host="::1",
        tcp_port=None,
        tls_port=0,
        ssl_context=server_tls,
    )
    async with SeccServer(config, lambda: evse, trace=trace.append, services=services) as server:
        runner = EvccRunnerConfig(
            EvccConfig(
                protocols=(ISO2,),
                energy_mode=mode,
                charging_loop_cycles=3,
                loop_interval=0.0,
                contract=ContractCredentials.from_pki(pki),  # type: ignore[arg-type]
            ),
            host="::1",
            port=server.tls_port,
            security=Security.TLS,
            ssl_context=client_tls,
        )
        result = await run_evcc(runner, SimulatedEv())
    return result, [r.message for r in trace if r.direction == "rx"], trace


@pytest.mark.parametrize("mode", [EnergyMode.DC_EXTENDED, EnergyMode.AC_THREE_PHASE])
async def test_pnc_session_over_tls(pki_dir: tuple[Path, object], mode: EnergyMode) -> None:
    backend = LocalBackend()
    result, requests, _ = await _session(pki_dir, mode, backend)
    assert result.ok, result.reason  # type: ignore[attr-defined]
    assert "PaymentDetailsReq" in requests and requests[-1] == "SessionStopReq"
    assert [r.emaid for r in backend.requests] == ["DEV2G123456789K"]


async def test_revoked_contract_over_tls_ends_with_certificate_revoked(pki_dir: tuple[Path, object]) -> None:
    result, requests, _ = await _session(
        pki_dir, EnergyMode.DC_EXTENDED, LocalBackend(revoked_emaids=["DEV2G123456789K"])
    )
    assert not result.ok and "FAILED_CertificateRevoked" in result.reason  # type: ignore[attr-defined]
    assert requests[-1] == "PaymentDetailsReq"


async def test_pause_and_resume_over_tls_authorizes_once_and_charges(pki_dir: tuple[Path, object]) -> None:
    folder, pki = pki_dir
    server_tls = iso2_server_context(server_config_from_dir(folder, "iso2"))
    client_tls = iso2_client_context(client_config_from_dir(folder, "iso2"))
    evse = SimulatedDcEvse(cable_check_time=0.0)
    backend = LocalBackend()
    services = EvseServices.of(evse, PlugAndCharge(backend, (pki.certs[Role.MO_ROOT],)))  # type: ignore[attr-defined]
    config = SeccServerConfig(
        SeccConfig(protocols=(ISO2,), payment_options=("Contract",)),
        host="::1",
        tcp_port=None,
        tls_port=0,
        ssl_context=server_tls,
    )
    contract = ContractCredentials.from_pki(pki)  # type: ignore[arg-type]
    async with SeccServer(config, lambda: evse, services=services) as server:

        def runner(**kw: object) -> EvccRunnerConfig:
            cfg = EvccConfig(
                protocols=(ISO2,), charging_loop_cycles=3, loop_interval=0.0, contract=contract, **kw
            )  # type: ignore[arg-type]
            return EvccRunnerConfig(
                cfg, host="::1", port=server.tls_port, security=Security.TLS, ssl_context=client_tls
            )

        ev = SimulatedEv()
        first = await run_evcc(runner(pause=True), ev)
        assert first.ok and first.paused, first.reason
        second = await run_evcc(runner(resume_session_id=first.session_id), ev)
    assert second.ok, second.reason
    assert second.session_id == first.session_id and second.loop_count == 3
    assert len(backend.requests) == 1  # authorized once, not again after the resume


async def test_update_of_an_expiring_contract_over_tls(tmp_path: Path) -> None:
    from v2g.certificates import LocalCertificateService
    from v2g.evcc.pnc import Provisioning

    now = datetime.datetime.now(datetime.timezone.utc)
    pki = create_pki(PkiConfig("iso2", now=now, validity_days={Role.CONTRACT_LEAF: 10}))  # expires soon
    write_pki(pki, tmp_path)
    server_tls = iso2_server_context(server_config_from_dir(tmp_path, "iso2"))
    client_tls = iso2_client_context(client_config_from_dir(tmp_path, "iso2"))
    evse = SimulatedDcEvse(cable_check_time=0.0)
    backend = LocalBackend(certificates=LocalCertificateService(pki))
    services = EvseServices.of(evse, PlugAndCharge(backend, (pki.certs[Role.MO_ROOT],)))
    config = SeccServerConfig(
        SeccConfig(protocols=(ISO2,), payment_options=("Contract",)),
        host="::1",
        tcp_port=None,
        tls_port=0,
        ssl_context=server_tls,
    )
    sessions: list[object] = []
    old = ContractCredentials.from_pki(pki)
    async with SeccServer(config, lambda: evse, services=services) as server:
        cfg = EvccConfig(
            protocols=(ISO2,),
            charging_loop_cycles=2,
            loop_interval=0.0,
            contract=old,
            provisioning=Provisioning.from_pki(pki),
        )
        runner = EvccRunnerConfig(
            cfg, host="::1", port=server.tls_port, security=Security.TLS, ssl_context=client_tls
        )
        result = await run_evcc(runner, SimulatedEv(), on_session=sessions.append)
    assert result.ok, result.reason
    new = sessions[0].context.installed  # type: ignore[attr-defined]
    assert new is not None and new.leaf.not_valid_after_utc > old.leaf.not_valid_after_utc
    assert [r.action for r in backend.certificate_requests] == ["Update"]
    assert backend.requests[0].hash_data[0].serial_number == format(new.leaf.serial_number, "x")
