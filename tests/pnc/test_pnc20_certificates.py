"""ISO 15118-20 CertificateInstallation, relayed by our SECC to the local certificate service
(``v2g.certificates20``), for both algorithm families (P-521: ECDH on secp521r1; Ed448: X448 with the
OEM certificate's Alternate Subject Public Key, the Ed448 scalar transported): installation of one
and of two contracts, then PnC authorization with the first in the same session; a forged answer, a
slow service, an Ed448 OEM certificate without the alternate key and a car without its X448 key
end it with the reason."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from exi.iso20 import generated_types as c
from tests.pnc._pnc20 import START, Pnc20Setup, Tamper20, pki20
from tests.sessions._session_harness import pump
from tls.ed448 import Ed448ScalarKey
from tls.pki import PkiConfig, alt_public_key, issue_certificate, spec_for
from tls.profiles import KeyAlgorithm, Role, role_specs
from v2g.backend import LocalBackend
from v2g.certificates20 import LocalCertificateService20
from v2g.evcc.pnc import Provisioning


def _setup(family: str = "p521", delay: float = 0.0, **kw: Any) -> Pnc20Setup:
    pki = pki20(family)
    backend = LocalBackend(certificates=LocalCertificateService20(pki), certificate_delay=delay)
    return Pnc20Setup(family, backend=backend, **kw)


def _provisioning(family: str = "p521", **kw: Any) -> Provisioning:
    return dataclasses.replace(Provisioning.from_pki(pki20(family)), **kw)


FAMILIES = ["ed448", "p521"]


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("service", ["dc", "ac_bpt"])
def test_install_then_authorize(service: str, family: str) -> None:
    setup = _setup(family, service=service)
    run = pump(setup.secc(), setup.evcc(contract=None, provisioning=_provisioning(family)))
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
    (res,) = run.bodies("CertificateInstallationRes")
    curve = {"ed448": "X448", "p521": "SECP521"}[family]
    assert str(res["SignedInstallationData"]["ECDHCurve"]).endswith(curve)
    if family == "ed448":  # the installed key is the scalar; its signatures verified at the SECC
        assert isinstance(installed.key, Ed448ScalarKey)
        assert installed.key.matches(installed.leaf.public_key())


@pytest.mark.parametrize("family", FAMILIES)
def test_two_contracts_then_authorization(family: str) -> None:
    setup = _setup(family)
    prov = _provisioning(
        family, max_contracts=2, prioritized_emaids=("DEV2G0000000012", "DEV2G0000000028")
    )
    run = pump(setup.secc(), setup.evcc(contract=None, provisioning=prov))
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    assert run.requests().count("CertificateInstallationReq") == 2
    remaining = [b["RemainingContractCertificateChains"] for b in run.bodies("CertificateInstallationRes")]
    assert remaining == [1, 0]
    contracts = run.evcc._ctx.installed_contracts
    assert [k.emaid for k in contracts] == ["DEV2G0000000012", "DEV2G0000000028"]
    assert setup.backend.requests[0].emaid == "DEV2G0000000012"


def _oem_without_alternate_key() -> Provisioning:
    """The Ed448 PKI's OEM provisioning certificate issued again, same key, without the
    subjectAltPublicKeyInfo extension (and so without an X448 ECDH key)."""
    pki = pki20("ed448")
    spec = spec_for(role_specs("iso20")[Role.OEM_PROV_LEAF], PkiConfig("iso20", START, KeyAlgorithm.ED448))
    leaf = issue_certificate(
        spec,
        pki.keys[Role.OEM_PROV_LEAF],
        pki.keys[Role.OEM_SUB_CA2],
        pki.certs[Role.OEM_SUB_CA2],
        KeyAlgorithm.ED448,
    )
    assert alt_public_key(leaf) is None and alt_public_key(pki.certs[Role.OEM_PROV_LEAF]) is not None
    return dataclasses.replace(_provisioning("ed448"), leaf=leaf, ecdh_key=None)


def test_ed448_oem_certificate_without_alternate_key_is_failed_with_reason() -> None:
    setup = _setup("ed448")
    run = pump(setup.secc(), setup.evcc(contract=None, provisioning=_oem_without_alternate_key()))
    assert [str(b["ResponseCode"]) for b in run.bodies("CertificateInstallationRes")] == ["FAILED"]
    assert "no Alternate Subject Public Key" in run.secc.close_reason
    assert "V2G20-2534" in run.secc.close_reason
    assert not run.evcc._ctx.installed_contracts and not setup.backend.requests


def test_ed448_car_without_its_x448_key_refuses_the_answer() -> None:
    setup = _setup("ed448")
    run = pump(setup.secc(), setup.evcc(contract=None, provisioning=_provisioning("ed448", ecdh_key=None)))
    assert run.evcc.result is not None and not run.evcc.result.ok
    assert "no X448 key" in run.evcc.result.reason
    assert not run.evcc._ctx.installed_contracts and not setup.backend.requests


def test_service_of_the_other_family_is_failed_with_reason() -> None:
    setup = _setup("p521")
    run = pump(setup.secc(), setup.evcc(contract=None, provisioning=_provisioning("ed448")))
    assert [str(b["ResponseCode"]) for b in run.bodies("CertificateInstallationRes")] == ["FAILED"]
    assert "an ed448 OEM provisioning certificate" in run.secc.close_reason


def _forge(message: Any) -> Any:
    if not isinstance(message, c.CertificateInstallationRes):
        return message
    data = message.SignedInstallationData
    field = "X448_EncryptedPrivateKey" if data.X448_EncryptedPrivateKey else "SECP521_EncryptedPrivateKey"
    enc = bytearray(getattr(data, field))
    enc[20] ^= 1
    forged = dataclasses.replace(data, **{field: bytes(enc)})
    return dataclasses.replace(message, SignedInstallationData=forged)


@pytest.mark.parametrize("family", FAMILIES)
def test_forged_answer_refused(family: str) -> None:
    setup = _setup(family)
    run = pump(  # type: ignore[arg-type]
        Tamper20(setup.secc(), _forge), setup.evcc(contract=None, provisioning=_provisioning(family))
    )
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
