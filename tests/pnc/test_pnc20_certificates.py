"""ISO 15118-20 CertificateInstallation, relayed by our SECC to the local certificate service
(``v2g.certificates20``): installation of one and of two contracts, then PnC authorization with
the first in the same session; a forged answer, a slow service and the Ed448 family (not
supported: the reason is said) end it."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from exi.iso20 import generated_types as c
from tests.pnc._pnc20 import Pnc20Setup, Tamper20, pki20
from tests.sessions._session_harness import pump
from v2g.backend import LocalBackend
from v2g.certificates20 import LocalCertificateService20
from v2g.evcc.pnc import Provisioning


def _setup(family: str = "p521", delay: float = 0.0, **kw: Any) -> Pnc20Setup:
    pki = pki20(family)
    backend = LocalBackend(certificates=LocalCertificateService20(pki), certificate_delay=delay)
    return Pnc20Setup(family, backend=backend, **kw)


def _provisioning(family: str = "p521", **kw: Any) -> Provisioning:
    return dataclasses.replace(Provisioning.from_pki(pki20(family)), **kw)


@pytest.mark.parametrize("service", ["dc", "ac_bpt"])
def test_install_then_authorize(service: str) -> None:
    setup = _setup(service=service)
    run = pump(setup.secc(), setup.evcc(contract=None, provisioning=_provisioning()))
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    (setup_res,) = run.bodies("AuthorizationSetupRes")
    assert setup_res["CertificateInstallationService"] is True
    req = run.requests()
    i = req.index("CertificateInstallationReq")
    assert req[i - 1] == "AuthorizationSetupReq" and req[i + 1] == "AuthorizationReq"
    ctx = run.evcc._ctx
    (installed,) = ctx.installed_contracts
    assert ctx.contract is installed and installed.emaid == "DEV2G123456789K"
    (asked,) = setup.backend.requests
    assert asked.emaid == installed.emaid  # authorized with the new contract
    assert str(run.bodies("AuthorizationReq")[-1]["SelectedAuthorizationService"]) == "PnC"


def test_two_contracts_then_authorization() -> None:
    setup = _setup()
    prov = _provisioning(max_contracts=2, prioritized_emaids=("DEV2G0000000012", "DEV2G0000000028"))
    run = pump(setup.secc(), setup.evcc(contract=None, provisioning=prov))
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    assert run.requests().count("CertificateInstallationReq") == 2
    remaining = [b["RemainingContractCertificateChains"] for b in run.bodies("CertificateInstallationRes")]
    assert remaining == [1, 0]
    contracts = run.evcc._ctx.installed_contracts
    assert [k.emaid for k in contracts] == ["DEV2G0000000012", "DEV2G0000000028"]
    assert setup.backend.requests[0].emaid == "DEV2G0000000012"


def test_ed448_installation_refused_with_reason() -> None:
    setup = _setup("ed448")
    run = pump(setup.secc(), setup.evcc(contract=None, provisioning=_provisioning("ed448")))
    assert [str(b["ResponseCode"]) for b in run.bodies("CertificateInstallationRes")] == ["FAILED"]
    assert "only secp521r1 key transport" in run.secc.close_reason


def _forge(message: Any) -> Any:
    if not isinstance(message, c.CertificateInstallationRes):
        return message
    data = message.SignedInstallationData
    enc = bytearray(data.SECP521_EncryptedPrivateKey or b"")
    enc[20] ^= 1
    forged = dataclasses.replace(data, SECP521_EncryptedPrivateKey=bytes(enc))
    return dataclasses.replace(message, SignedInstallationData=forged)


def test_forged_answer_refused() -> None:
    setup = _setup()
    run = pump(Tamper20(setup.secc(), _forge), setup.evcc(contract=None, provisioning=_provisioning()))  # type: ignore[arg-type]
    assert run.evcc.result is not None and not run.evcc.result.ok
    assert "CertificateInstallationRes refused" in run.evcc.result.reason
    assert not run.evcc._ctx.installed_contracts and not setup.backend.requests


def test_slow_service_is_failed_within_the_message_timeout() -> None:
    setup = _setup(delay=10.0)
    run = pump(setup.secc(), setup.evcc(contract=None, provisioning=_provisioning()))
    assert [str(b["ResponseCode"]) for b in run.bodies("CertificateInstallationRes")] == ["FAILED"]
    assert run.secc.closed


def test_no_installation_without_tls() -> None:
    setup = _setup(tls=False)
    run = pump(setup.secc(), setup.evcc(contract=None, provisioning=_provisioning()))
    assert run.evcc.result is not None and run.evcc.result.ok
    assert "CertificateInstallationReq" not in run.requests()


def test_service_refuses_an_emaid_it_cannot_issue() -> None:
    setup = _setup()
    run = pump(
        setup.secc(),
        setup.evcc(contract=None, provisioning=_provisioning(prioritized_emaids=("DEV2G000000001A",))),
    )
    assert [str(b["ResponseCode"]) for b in run.bodies("CertificateInstallationRes")] == ["FAILED"]
    assert "check character" in run.secc.close_reason and run.secc.fault is None
