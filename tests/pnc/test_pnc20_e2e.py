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
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from tests.pnc._pnc20 import ALGORITHMS
from tests.pnc._pnc20_e2e import FAMILIES, pki_dir, run20
from tls.ed448 import Ed448ScalarKey
from tls.pki import PkiConfig, create_pki, issue_certificate, spec_for
from tls.profiles import KeyAlgorithm, Role, role_specs
from v2g.backend import LocalBackend
from v2g.evcc.pnc import ContractCredentials, Provisioning
from v2g.receipts import ReceiptStore, verify


@pytest.mark.parametrize("service", ["dc", "dc_bpt", "ac_bpt"])
@pytest.mark.parametrize("family", FAMILIES)
async def test_pnc_charges_and_stores_verified_metering_confirmations(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, family: str, service: str
) -> None:
    pki = pki_dir(family, tmp_path_factory)
    contract = ContractCredentials.from_pki(pki.pki)
    with ReceiptStore(tmp_path / "receipts.db") as store:
        run = await run20(
            pki, service, store=store, contract=contract, signed_prices=True, charging_loop_cycles=5
        )
        assert run.result.ok, run.result.reason
        assert run.session.security is not None and run.session.security.peer_authenticated
        assert [r.emaid for r in run.backend.requests] == [contract.emaid]
        assert f"{service.split('_')[0].upper()}_ChargeLoopReq" in run.requests()
        assert "MeteringConfirmationReq" in run.requests() and run.requests()[-1] == "SessionStopReq"
        assert run.session.context.tariff_note == "price schedule signature verified"
        receipts = [s.receipt for s in store]
        assert len(receipts) >= 2 and all(r.verified and r.emaid == contract.emaid for r in receipts)
        assert verify(store) == []


@pytest.mark.parametrize("family", FAMILIES)
async def test_revoked_and_foreign_contracts_are_refused_with_their_code(
    tmp_path_factory: pytest.TempPathFactory, family: str
) -> None:
    pki = pki_dir(family, tmp_path_factory)
    contract = ContractCredentials.from_pki(pki.pki)
    revoked = await run20(
        pki, "dc", backend=LocalBackend(revoked_emaids=(contract.emaid,)), contract=contract
    )
    foreign_pki = create_pki(
        PkiConfig("iso20", datetime.datetime.now(datetime.timezone.utc), ALGORITHMS[family])
    )
    foreign = await run20(pki, "dc", contract=ContractCredentials.from_pki(foreign_pki))
    for run, code in ((revoked, "WARNING_CertificateRevoked"), (foreign, "WARNING_eMSPUnknown")):
        # a WARNING_ code ends the authorization: the car stops the session cleanly, not charged
        assert run.result.reason == f"authorization refused: {code}", run.result.reason
        assert run.result.loop_count == 0
        assert run.requests()[-2:] == ["AuthorizationReq", "SessionStopReq"], run.requests()
    assert foreign.backend.requests == []


@pytest.mark.parametrize("family", FAMILIES)
async def test_installation_of_two_contracts_then_authorization(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, family: str
) -> None:
    pki = pki_dir(family, tmp_path_factory)
    prov = dataclasses.replace(
        Provisioning.from_pki(pki.pki),
        max_contracts=2,
        prioritized_emaids=("DEV2G0000000012", "DEV2G0000000028"),
    )
    with ReceiptStore(tmp_path / "receipts.db") as store:
        run = await run20(pki, "ac_bpt", store=store, provisioning=prov, signed_prices=True)
        assert run.result.ok, run.result.reason
        assert run.session.security is not None and run.session.security.peer_authenticated
        assert run.requests().count("CertificateInstallationReq") == 2
        assert run.requests().index("CertificateInstallationReq") < run.requests().index("AuthorizationReq")
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
    pki = pki_dir("ed448", tmp_path_factory)
    spec = spec_for(
        role_specs("iso20")[Role.OEM_PROV_LEAF],
        PkiConfig("iso20", datetime.datetime.now(datetime.timezone.utc), KeyAlgorithm.ED448),
    )
    oem = pki.pki.certs[Role.OEM_SUB_CA2]
    leaf = issue_certificate(
        spec, pki.pki.keys[Role.OEM_PROV_LEAF], pki.pki.keys[Role.OEM_SUB_CA2], oem, KeyAlgorithm.ED448
    )  # the same key, no subjectAltPublicKeyInfo: no X448 key to do the ECDH with [V2G20-2534]
    prov = dataclasses.replace(Provisioning.from_pki(pki.pki), leaf=leaf, ecdh_key=None)
    run = await run20(pki, "dc", provisioning=prov)
    assert run.result.reason == "CertificateInstallationRes: FAILED", run.result.reason
    assert run.requests()[-1] == "CertificateInstallationReq" and run.backend.requests == []
    assert "no Alternate Subject Public Key" in run.secc.reason, run.secc.reason
