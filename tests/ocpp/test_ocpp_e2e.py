"""End to end on loopback, for OCPP 2.0.1 and 1.6J (the ``version`` fixture): EIM and Plug & Charge
authorization over TLS (accepted and refused), certificate installation through the CSMS, transaction
events with signed meter values. Profiles, late answers and a dropped CSMS: test_ocpp_e2e_flows.py."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ocpp")

from tests.ocpp._e2e import EMAID, _actions, _run, _serial, _signed, _token
from tests.ocpp.conftest import Version
from tls.pki import Pki, PkiConfig, create_pki
from tls.profiles import Role
from tls.store import write_pki
from v2g.certificates import LocalCertificateService
from v2g.controller import SimulatedEv
from v2g.evcc.pnc import Provisioning
from v2g.ocpp import CsmsConfig, TestCsms


async def test_plug_and_charge_authorize_carries_the_chain_hash_data_and_signed_meter_values(
    version: Version, pki_dir: tuple[Path, Pki], tmp_path: Path
) -> None:
    async with TestCsms(CsmsConfig(emaids=(EMAID,)), version=version) as csms:
        run = await _run(csms, pki_dir, tmp_path=tmp_path)
    result = run.result
    assert result.ok, result.reason
    (auth,) = _actions(csms, "Authorize")
    assert auth["id_token"] == {"id_token": EMAID, "type": "eMAID"}
    hashes = auth["iso15118_certificate_hash_data"]
    leaf = pki_dir[1].certs[Role.CONTRACT_LEAF]
    assert hashes[0]["serial_number"] == format(leaf.serial_number, "x")
    assert {h["hash_algorithm"] for h in hashes} == {"SHA256"} and len(hashes) == 3
    boot = _actions(csms, "BootNotification")
    key = "connector_status" if version == "2.0.1" else "status"
    statuses = [p[key] for p in _actions(csms, "StatusNotification")]
    assert boot and statuses[:2] == (
        ["Available", "Occupied"] if version == "2.0.1" else ["Available", "Charging"]
    )
    if version == "2.0.1":  # 1.6 has no NotifyEVChargingNeeds
        (needs,) = _actions(csms, "NotifyEVChargingNeeds")
        assert needs["evse_id"] == 1 and needs["charging_needs"]["requested_energy_transfer"] == "DC"
        dc = needs["charging_needs"]["dc_charging_parameters"]
        assert dc["ev_max_voltage"] > 0 and dc["ev_max_current"] > 0
    (events,) = csms.transactions.values()
    kinds = [e["event_type"] for e in events]
    assert kinds[0] == "Started" and kinds[-1] == "Ended" and "Updated" in kinds
    assert [e["seq_no"] for e in events] == list(range(1, len(events) + 1))
    started = events[0]["id_token"]["id_token"] if version == "2.0.1" else events[0]["id_tag"]
    assert started == EMAID
    signed = _signed(run, events)
    assert signed and all(data.startswith("OCMF|") for data, _ in signed)
    pyocmf = pytest.importorskip("pyocmf")  # the CSMS's check: each record verifies with the meter's key
    for data, public_key in signed:
        assert pyocmf.OCMF.from_string(data).verify_signature(public_key)
    if version == "1.6":  # the last one again in StopTransaction's transactionData
        end = events[-1]["transaction_data"][0]["sampled_value"][0]
        assert end["context"] == "Transaction.End" and end["value"] == signed[-1][0]


@pytest.mark.parametrize(
    ("csms_config", "why"),
    [
        (lambda _: CsmsConfig(blocked=(EMAID,)), "Blocked/CertificateStatus.CONTRACT_CANCELLED"),
        (lambda _: CsmsConfig(emaids=("DEV2GOTHER00001",)), "Unknown/None"),
        (
            lambda p: CsmsConfig(revoked_serials=(_serial(p),)),
            "Blocked/CertificateStatus.CERTIFICATE_REVOKED",
        ),
    ],
)
async def test_refused_contract_ends_with_failed_in_authorization_res(
    version: Version, pki_dir: tuple[Path, Pki], csms_config: Any, why: str
) -> None:
    """The CSMS answers after PaymentDetailsRes, so the refusal reaches the car in AuthorizationRes,
    where ISO 15118-2 Table 112 allows only FAILED; the SECC's reason keeps the CSMS's status."""
    async with TestCsms(csms_config(pki_dir), version=version) as csms:
        run = await _run(csms, pki_dir)
    result = run.result
    assert not result.ok and result.reason == "AuthorizationRes: FAILED", result.reason
    assert why in run.secc_reason, run.secc_reason
    assert not csms.transactions  # no transaction for a refused contract


@pytest.mark.parametrize(("tokens", "ok"), [(("04AABBCC",), True), ((), False)])
async def test_eim_card_authorized_by_the_csms(
    version: Version, pki_dir: tuple[Path, Pki], tokens: tuple[str, ...], ok: bool
) -> None:
    async with TestCsms(CsmsConfig(tokens=tokens), version=version) as csms:
        run = await _run(csms, pki_dir, contract=False, ocpp={"eim_token": "04AABBCC"})
    result = run.result
    assert result.ok is ok, result.reason
    (auth,) = _actions(csms, "Authorize")
    assert _token(csms, auth) == {"id_token": "04AABBCC", "type": "ISO14443" if version == "2.0.1" else "?"}


@pytest.mark.parametrize("known", [True, False])
async def test_eim_without_a_card_authorizes_the_cars_mac_address(
    version: Version, pki_dir: tuple[Path, Pki], known: bool
) -> None:
    mac = SimulatedEv().evcc_id().hex().upper()
    async with TestCsms(CsmsConfig(tokens=(mac,) if known else ()), version=version) as csms:
        run = await _run(csms, pki_dir, contract=False)
    assert run.result.ok is known, run.result.reason
    (auth,) = _actions(csms, "Authorize")
    assert _token(csms, auth) == {"id_token": mac, "type": "MacAddress" if version == "2.0.1" else "?"}


async def test_certificate_installation_through_the_csms(version: Version, tmp_path: Path) -> None:
    now = datetime.datetime.now(datetime.timezone.utc)
    pki = create_pki(PkiConfig("iso2", now=now))
    write_pki(pki, tmp_path)
    provisioning = Provisioning.from_pki(pki)
    async with TestCsms(certificates=LocalCertificateService(pki), version=version) as csms:
        run = await _run(
            csms,
            (tmp_path, pki),
            contract=False,
            evcc={"provisioning": provisioning},
        )
    assert run.result.ok, run.result.reason
    (request,) = _actions(csms, "Get15118EVCertificate")
    assert request["action"] == "Install"
    installed = run.session.context.installed
    assert installed is not None
    (auth,) = _actions(csms, "Authorize")  # the new contract, authorized in the same session
    assert auth["id_token"]["type"] == "eMAID"
    assert auth["iso15118_certificate_hash_data"][0]["serial_number"] == format(
        installed.leaf.serial_number, "x"
    )


