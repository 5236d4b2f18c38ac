"""ISO 15118-20 Plug & Charge end to end through the real servers: SeccServer and the EVCC runner on
loopback over TLS 1.3 with mutual authentication, per algorithm family (P-521, Ed448): PnC
authorization with a valid contract, DC and DC_BPT / AC_BPT charging with MeteringConfirmations
stored and verified in the receipt store; a revoked and a foreign contract refused with their -20
ResponseCodes; installation of two contracts then authorization in the same session (P-521: ECDH on
secp521r1; Ed448: X448 with the OEM certificate's alternate key, the contract's Ed448 scalar
transported, then signed with by the car), the MeteringConfirmations signed with the new contract;
an Ed448 OEM provisioning certificate without the alternate X448 key answered FAILED with the reason."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from tls.context import (
    client_config_from_dir,
    iso20_client_context,
    iso20_server_context,
    server_config_from_dir,
)
from tls.ed448 import Ed448ScalarKey
from tls.pki import Pki, PkiConfig, create_pki, issue_certificate, spec_for
from tls.profiles import KeyAlgorithm, Role, role_specs
from tls.store import write_pki
from v2g import iso20_catalog
from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.backend import LocalBackend, PlugAndCharge
from v2g.certificates20 import LocalCertificateService20
from v2g.controller import EvseServices, SimulatedDcEvse, SimulatedEv
from v2g.controller.simulated_bpt import SimulatedBptAcEvse, SimulatedBptDcEvse, SimulatedBptEv
from v2g.evcc import EvccConfig, EvccResult, EvccSession
from v2g.evcc.pnc import ContractCredentials, Provisioning
from v2g.ocmf import OcmfMeter
from v2g.receipts import ReceiptStore, verify
from v2g.sdp import Security
from v2g.secc import SeccConfig
from v2g.secc.iso20.prices import flat_price_schedule
from v2g.trace import TraceRecord

FAMILIES = {"p521": KeyAlgorithm.SECP521R1, "ed448": KeyAlgorithm.ED448}


@dataclass(frozen=True)
class Pki20:
    folder: Path
    pki: Pki


_MADE: dict[str, Pki20] = {}


def _pki(family: str, tmp: pytest.TempPathFactory) -> Pki20:
    if family not in _MADE:
        folder = tmp.mktemp(f"pki20-{family}")
        now = datetime.datetime.now(datetime.timezone.utc)
        pki = create_pki(PkiConfig("iso20", now, FAMILIES[family]))
        write_pki(pki, folder)
        _MADE[family] = Pki20(folder, pki)
    return _MADE[family]


@dataclass
class Run:
    result: EvccResult
    session: EvccSession
    requests: list[str]
    backend: LocalBackend
    secc_reason: str = ""


async def _session(
    pki: Pki20,
    service: str,
    *,
    backend: LocalBackend | None = None,
    store: ReceiptStore | None = None,
    contract: ContractCredentials | None = None,
    provisioning: Provisioning | None = None,
    cycles: int = 4,
) -> Run:
    svc = iso20_catalog.service(service)
    backend = backend or LocalBackend(certificates=LocalCertificateService20(pki.pki))
    pnc = PlugAndCharge(
        backend,
        (pki.pki.certs[Role.MO_ROOT],),
        store,
        2,
        OcmfMeter() if store is not None else None,
        tariff_key=pki.pki.keys[Role.MO_SUB_CA2],
        price_schedules=flat_price_schedule,
    )
    evse = {"dc": SimulatedDcEvse, "dc_bpt": SimulatedBptDcEvse, "ac_bpt": SimulatedBptAcEvse}[service]()
    trace: list[TraceRecord] = []
    config = SeccServerConfig(
        SeccConfig(energy_modes=(svc.energy_mode,), specs=(iso20_catalog.secc_spec(service),)),
        host="::1",
        tcp_port=None,
        tls_port=0,
        ssl_context=iso20_server_context(server_config_from_dir(pki.folder, "iso20")),
    )
    sessions: list[EvccSession] = []
    async with SeccServer(
        config, lambda: evse, trace=trace.append, services=EvseServices.of(evse, pnc)
    ) as srv:
        runner = EvccRunnerConfig(
            EvccConfig(
                energy_mode=svc.energy_mode,
                specs=(iso20_catalog.evcc_spec(service, "scheduled"),),
                charging_loop_cycles=cycles,
                loop_interval=0.0,
                contract=contract,
                provisioning=provisioning,
            ),
            host="::1",
            port=srv.tls_port,
            security=Security.TLS,
            ssl_context=iso20_client_context(client_config_from_dir(pki.folder, "iso20")),
        )
        ev = SimulatedBptEv() if service.endswith("bpt") else SimulatedEv()
        result = await run_evcc(runner, ev, on_session=sessions.append)
        (summary,) = await srv.wait_finished(1)
    received = [r.message for r in trace if r.direction == "rx"]
    return Run(result, sessions[0], received, backend, summary.reason)


@pytest.mark.parametrize("service", ["dc", "dc_bpt", "ac_bpt"])
@pytest.mark.parametrize("family", sorted(FAMILIES))
async def test_pnc_charges_and_stores_verified_metering_confirmations(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, family: str, service: str
) -> None:
    pki = _pki(family, tmp_path_factory)
    contract = ContractCredentials.from_pki(pki.pki)
    with ReceiptStore(tmp_path / "receipts.db") as store:
        run = await _session(pki, service, store=store, contract=contract, cycles=5)
        assert run.result.ok, run.result.reason
        assert run.session.security is not None and run.session.security.peer_authenticated
        assert [r.emaid for r in run.backend.requests] == [contract.emaid]
        assert f"{service.split('_')[0].upper()}_ChargeLoopReq" in run.requests
        assert "MeteringConfirmationReq" in run.requests and run.requests[-1] == "SessionStopReq"
        assert run.session.context.tariff_note == "price schedule signature verified"
        receipts = [s.receipt for s in store]
        assert len(receipts) >= 2 and all(r.verified and r.emaid == contract.emaid for r in receipts)
        assert verify(store) == []


@pytest.mark.parametrize("family", sorted(FAMILIES))
async def test_revoked_and_foreign_contracts_are_refused_with_their_code(
    tmp_path_factory: pytest.TempPathFactory, family: str
) -> None:
    pki = _pki(family, tmp_path_factory)
    contract = ContractCredentials.from_pki(pki.pki)
    revoked = await _session(
        pki, "dc", backend=LocalBackend(revoked_emaids=(contract.emaid,)), contract=contract
    )
    foreign_pki = create_pki(
        PkiConfig("iso20", datetime.datetime.now(datetime.timezone.utc), FAMILIES[family])
    )
    foreign = await _session(pki, "dc", contract=ContractCredentials.from_pki(foreign_pki))
    for run, code in ((revoked, "WARNING_CertificateRevoked"), (foreign, "WARNING_eMSPUnknown")):
        # a WARNING_ code ends the authorization: the car stops the session cleanly, not charged
        assert run.result.reason == f"authorization refused: {code}", run.result.reason
        assert run.result.loop_count == 0
        assert run.requests[-2:] == ["AuthorizationReq", "SessionStopReq"], run.requests
    assert foreign.backend.requests == []


@pytest.mark.parametrize("family", sorted(FAMILIES))
async def test_installation_of_two_contracts_then_authorization(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, family: str
) -> None:
    pki = _pki(family, tmp_path_factory)
    prov = dataclasses.replace(
        Provisioning.from_pki(pki.pki),
        max_contracts=2,
        prioritized_emaids=("DEV2G0000000012", "DEV2G0000000028"),
    )
    with ReceiptStore(tmp_path / "receipts.db") as store:
        run = await _session(pki, "ac_bpt", store=store, provisioning=prov)
        assert run.result.ok, run.result.reason
        assert run.session.security is not None and run.session.security.peer_authenticated
        assert run.requests.count("CertificateInstallationReq") == 2
        assert run.requests.index("CertificateInstallationReq") < run.requests.index("AuthorizationReq")
        ctx = run.session.context
        assert [k.emaid for k in ctx.installed_contracts] == ["DEV2G0000000012", "DEV2G0000000028"]
        assert [r.emaid for r in run.backend.requests] == ["DEV2G0000000012"]
        key_type = {"ed448": Ed448ScalarKey, "p521": ec.EllipticCurvePrivateKey}[family]
        assert all(isinstance(k.key, key_type) for k in ctx.installed_contracts)
        receipts = [s.receipt for s in store]
        assert receipts and all(r.verified and r.emaid == "DEV2G0000000012" for r in receipts)
        assert verify(store) == []


async def test_ed448_oem_certificate_without_the_alternate_key_is_failed_with_the_reason(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    pki = _pki("ed448", tmp_path_factory)
    spec = spec_for(
        role_specs("iso20")[Role.OEM_PROV_LEAF],
        PkiConfig("iso20", datetime.datetime.now(datetime.timezone.utc), KeyAlgorithm.ED448),
    )
    oem = pki.pki.certs[Role.OEM_SUB_CA2]
    leaf = issue_certificate(
        spec, pki.pki.keys[Role.OEM_PROV_LEAF], pki.pki.keys[Role.OEM_SUB_CA2], oem, KeyAlgorithm.ED448
    )  # the same key, no subjectAltPublicKeyInfo: no X448 key to do the ECDH with [V2G20-2534]
    prov = dataclasses.replace(Provisioning.from_pki(pki.pki), leaf=leaf, ecdh_key=None)
    run = await _session(pki, "dc", provisioning=prov)
    assert run.result.reason == "CertificateInstallationRes: FAILED", run.result.reason
    assert run.requests[-1] == "CertificateInstallationReq" and run.backend.requests == []
    assert "no Alternate Subject Public Key" in run.secc_reason, run.secc_reason
