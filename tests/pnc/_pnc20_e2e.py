"""ISO 15118-20 Plug & Charge through the real servers, for the end-to-end failure and metering
tests: SeccServer and the EVCC runner on loopback over TLS 1.3 with mutual authentication, a -20
PKI written to a folder per algorithm family (P-521, Ed448), and a car whose -20 requests may pass
through an edit after our EVCC made (and signed) them: the runner's session is a tampering
subclass of :class:`EvccSession`, so the edited bytes go through TLS as any car's would."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

import v2g.aio.evcc as aio_evcc
from tests.pnc._pnc20 import ALGORITHMS, edit_frames
from tls.context import (
    client_config_from_dir,
    iso20_client_context,
    iso20_server_context,
    server_config_from_dir,
)
from tls.pki import Pki, PkiConfig, create_pki
from tls.profiles import Role
from tls.store import write_pki
from v2g import iso20_catalog
from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.aio.secc import SeccServer, SeccServerConfig, SessionInfo, SessionSummary
from v2g.backend import LocalBackend, PlugAndCharge
from v2g.certificates20 import LocalCertificateService20
from v2g.controller import EvseServices, SimulatedDcEvse, SimulatedEv
from v2g.controller.simulated_bpt import SimulatedBptAcEvse, SimulatedBptDcEvse, SimulatedBptEv
from v2g.evcc import EvccConfig, EvccResult, EvccSession
from v2g.evcc.pnc import ContractCredentials, Provisioning
from v2g.ocmf import OcmfMeter
from v2g.receipts import ReceiptStore
from v2g.sdp import Security
from v2g.secc import SeccConfig
from v2g.secc.iso20.prices import flat_price_schedule
from v2g.security import TlsVersion
from v2g.trace import TraceRecord

FAMILIES = sorted(ALGORITHMS)
Edit = Callable[[Any], Any]


@dataclass(frozen=True)
class Pki20:
    folder: Path
    pki: Pki


_MADE: dict[str, Pki20] = {}


def pki_dir(family: str, tmp: pytest.TempPathFactory) -> Pki20:
    """A -20 PKI valid now (the servers run on the real clock), written once per family."""
    if family not in _MADE:
        folder = tmp.mktemp(f"pki20e2e-{family}")
        pki = create_pki(PkiConfig("iso20", dt.datetime.now(dt.timezone.utc), ALGORITHMS[family]))
        write_pki(pki, folder)
        _MADE[family] = Pki20(folder, pki)
    return _MADE[family]


@dataclass
class Run:
    result: EvccResult
    session: EvccSession
    secc: SessionSummary
    trace: list[TraceRecord] = field(default_factory=list)
    backend: LocalBackend = field(default_factory=LocalBackend)

    def requests(self) -> list[str]:
        return [r.message for r in self.trace if r.direction == "rx"]

    def codes(self, response: str) -> list[str]:
        """The ResponseCode of every ``response`` the SECC sent."""
        return [
            r.document.ResponseCode.value
            for r in self.trace
            if r.direction == "tx" and r.message == response and r.document is not None
        ]

    def sent(self, response: str) -> list[Any]:
        return [r.document for r in self.trace if r.direction == "tx" and r.message == response]


class SteppingMeter:
    """A connector meter 100 Wh further at every reading: each MeterInfo the SECC asks the car
    to confirm is a different reading, however fast the loop runs on loopback."""

    def __init__(self) -> None:
        self.readings = 0

    def meter_wh(self, now: float) -> float:
        self.readings += 1
        return 100.0 * self.readings


@contextmanager
def tampering(edit: Edit | None) -> Iterator[None]:
    """While open, the EVCC runner builds sessions whose -20 requests pass through ``edit``."""
    if edit is None:
        yield
        return
    change: Edit = edit

    class Tampering(EvccSession):
        def data_to_send(self) -> list[tuple[int, bytes]]:
            return edit_frames(super().data_to_send(), change)

    with mock.patch.object(aio_evcc, "EvccSession", Tampering):
        yield


async def run20(
    pki: Pki20,
    service: str = "dc",
    *,
    backend: LocalBackend | None = None,
    contract: ContractCredentials | None = None,
    provisioning: Provisioning | None = None,
    mo_roots: tuple[Any, ...] | None = None,
    store: ReceiptStore | None = None,
    receipt_interval: int = 2,
    signed_prices: bool = False,
    edit: Edit | None = None,
    **evcc: Any,
) -> Run:
    """One session between SeccServer and the EVCC runner over TLS 1.3 mutual; the car has
    ``contract`` (default: the PKI's, none when it has ``provisioning`` to install one), the SECC
    knows ``mo_roots`` (default: the PKI's MO root), its backend (default) a local -20 certificate
    service; ``signed_prices``: price schedules signed with the PKI's MO Sub-CA 2 key; with a
    receipt ``store`` the SECC reads a :class:`SteppingMeter`."""
    svc = iso20_catalog.service(service)
    backend = backend or LocalBackend(certificates=LocalCertificateService20(pki.pki))
    roots = (pki.pki.certs[Role.MO_ROOT],) if mo_roots is None else mo_roots
    meter = OcmfMeter() if store is not None else None
    prices: dict[str, Any] = {}
    if signed_prices:
        prices = {"tariff_key": pki.pki.keys[Role.MO_SUB_CA2], "price_schedules": flat_price_schedule}
    pnc = PlugAndCharge(backend, roots, store, receipt_interval, meter, **prices)
    if contract is None and provisioning is None:
        contract = ContractCredentials.from_pki(pki.pki)
    evse = {"dc": SimulatedDcEvse, "dc_bpt": SimulatedBptDcEvse, "ac_bpt": SimulatedBptAcEvse}[service]()
    trace: list[TraceRecord] = []
    config = SeccServerConfig(
        SeccConfig(energy_modes=(svc.energy_mode,), specs=(iso20_catalog.secc_spec(service),)),
        host="::1",
        tcp_port=None,
        tls_port=0,
        ssl_context=iso20_server_context(server_config_from_dir(pki.folder, "iso20")),
    )
    evcc.setdefault("charging_loop_cycles", 4)
    evcc.setdefault("loop_interval", 0.0)
    sessions: list[EvccSession] = []
    infos: list[SessionInfo] = []

    def observe(info: SessionInfo, record: TraceRecord) -> None:
        if info not in infos:
            infos.append(info)
        trace.append(record)

    services = EvseServices(evse, evse, SteppingMeter() if store is not None else evse, pnc)
    async with SeccServer(config, lambda: evse, session_trace=observe, services=services) as srv:
        runner = EvccRunnerConfig(
            EvccConfig(
                energy_mode=svc.energy_mode,
                specs=(iso20_catalog.evcc_spec(service, "scheduled"),),
                contract=contract,
                provisioning=provisioning,
                **evcc,
            ),
            host="::1",
            port=srv.tls_port,
            security=Security.TLS,
            ssl_context=iso20_client_context(client_config_from_dir(pki.folder, "iso20")),
        )
        ev = SimulatedBptEv() if service.endswith("bpt") else SimulatedEv()
        with tampering(edit):
            result = await run_evcc(runner, ev, on_session=sessions.append)
        (summary,) = await srv.wait_finished(1)
    (session,) = sessions
    # TLS 1.3 with mutual authentication: the car verified the SECC, the SECC got the car's chain
    assert session.security is not None and session.security.tls is TlsVersion.TLS_1_3
    assert session.security.peer_authenticated
    (info,) = infos
    assert summary.info is info and info.tls is not None and info.tls.version == "TLSv1.3"
    secc = info.session.security
    assert secc is not None and secc.tls is TlsVersion.TLS_1_3 and secc.peer_authenticated
    return Run(result, session, summary, trace, backend)
