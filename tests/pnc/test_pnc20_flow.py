"""The whole ISO 15118-20 Plug & Charge flow in one sans-IO session, per algorithm family (P-521,
Ed448): installation of two contracts, PnC authorization with the first, an AC_BPT (and a DC_BPT)
session with signed price schedules, MeteringConfirmations during the loop and at the end, the
receipt store verified (`v2g demo --protocol iso20 --pnc` shows the same over TLS 1.3)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.pnc._pnc20 import ALGORITHMS, Pnc20Setup, pki20
from tests.sessions._session_harness import pump
from tls.profiles import Role
from v2g.backend import LocalBackend, PlugAndCharge
from v2g.certificates20 import LocalCertificateService20
from v2g.evcc.pnc import Provisioning
from v2g.ocmf import OcmfMeter
from v2g.receipts import ReceiptStore, verify
from v2g.secc.iso20.prices import flat_price_schedule


class Full(Pnc20Setup):
    @property
    def pnc(self) -> PlugAndCharge:
        key = pki20(self.algorithm).keys[Role.MO_SUB_CA2]
        return dataclasses.replace(super().pnc, tariff_key=key, price_schedules=flat_price_schedule)


@pytest.mark.parametrize("family", sorted(ALGORITHMS))
@pytest.mark.parametrize("service", ["ac_bpt", "dc_bpt"])
def test_install_two_authorize_charge_confirm(tmp_path: Path, service: str, family: str) -> None:
    pki = pki20(family)
    backend = LocalBackend(certificates=LocalCertificateService20(pki))
    store = ReceiptStore(tmp_path / "receipts.db")
    setup = Full(family, backend=backend, service=service, receipts=store, meter=OcmfMeter())
    prov = dataclasses.replace(
        Provisioning.from_pki(pki), max_contracts=2, prioritized_emaids=("DEV2G0000000012", "DEV2G0000000028")
    )
    run = pump(setup.secc(), setup.evcc(contract=None, provisioning=prov, charging_loop_cycles=6))
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    req = run.requests()
    assert req.count("CertificateInstallationReq") == 2
    ctx = run.evcc._ctx
    assert [k.emaid for k in ctx.installed_contracts] == ["DEV2G0000000012", "DEV2G0000000028"]
    assert [r.emaid for r in backend.requests] == ["DEV2G0000000012"]
    assert ctx.tariff_note == "price schedule signature verified"
    records = [s.receipt for s in store]
    assert len(records) >= 2 and all(r.verified and r.emaid == "DEV2G0000000012" for r in records)
    assert verify(store) == []
