"""CertificateInstallation and CertificateUpdate: a car without a contract installs one through the
SECC and goes on with Plug & Charge in the same session; an expiring contract is renewed; the SECC
forwards the request as received and relays the answer within its budget (no Ongoing)."""

from __future__ import annotations

import datetime as dt

import exi
from tests.pnc._pnc import PncSetup, pki
from tests.sessions._session_harness import pump
from tls.profiles import Role
from v2g.backend import LocalBackend
from v2g.certificates import LocalCertificateService
from v2g.evcc.pnc import ContractCredentials, Provisioning


def _backend(delay: float = 0.0, service_pki: str = "main") -> LocalBackend:
    return LocalBackend(certificates=LocalCertificateService(pki(service_pki)), certificate_delay=delay)


def _provisioning() -> Provisioning:
    return Provisioning.from_pki(pki())


def test_a_car_without_a_contract_installs_one_then_charges_with_it() -> None:
    s = PncSetup(backend=_backend())
    s.contract = None
    evcc = s.evcc(provisioning=_provisioning())
    evcc.context.contract = None
    run = pump(s.secc(), evcc)
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    assert run.requests()[4:7] == ["CertificateInstallationReq", "PaymentDetailsReq", "AuthorizationReq"]
    installed = run.evcc.context.installed
    assert isinstance(installed, ContractCredentials)
    service = s.backend.certificates
    assert service is not None and installed.leaf == service.issued[0]
    (details,) = run.bodies("PaymentDetailsReq")
    assert details["eMAID"] == "DEV2G123456789K"
    # the SECC forwarded the car's request as it came
    (req,) = [t for t in run.secc_trace if t.direction == "rx" and t.message == "CertificateInstallationReq"]
    assert s.backend.certificate_requests[0].exi_request == req.data


def test_an_expiring_contract_is_updated_first() -> None:
    short = pki("short")
    leaf = short.certs[Role.CONTRACT_LEAF]
    wall = (leaf.not_valid_after_utc - dt.timedelta(days=5)).timestamp()
    s = PncSetup(
        backend=_backend(service_pki="short"),
        wall=wall,
        contract=ContractCredentials.from_pki(short),
        mo_roots=(short.certs[Role.MO_ROOT],),
    )
    run = pump(s.secc(), s.evcc(provisioning=Provisioning.from_pki(short)))
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    assert "CertificateUpdateReq" in run.requests()
    installed = run.evcc.context.installed
    assert installed is not None and installed.leaf.not_valid_after_utc > leaf.not_valid_after_utc
    assert installed.leaf.serial_number != leaf.serial_number


def test_a_slow_certificate_service_within_the_budget_is_waited_for_without_ongoing() -> None:
    s = PncSetup(backend=_backend(delay=2.0))
    s.contract = None
    evcc = s.evcc(provisioning=_provisioning())
    evcc.context.contract = None
    run = pump(s.secc(), evcc)
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    rx = [t for t in run.secc_trace if t.message.startswith("CertificateInstallation")]
    assert [t.direction for t in rx] == ["rx", "tx"]
    assert 2.0 <= rx[1].time - rx[0].time < 2.1


def test_a_certificate_service_that_misses_the_budget_gets_the_car_failed_in_time() -> None:
    s = PncSetup(backend=_backend(delay=10.0))
    s.contract = None
    evcc = s.evcc(provisioning=_provisioning())
    evcc.context.contract = None
    run = pump(s.secc(), evcc)
    (res,) = run.bodies("CertificateInstallationRes")
    assert res["ResponseCode"] == "FAILED"
    rx = [t for t in run.secc_trace if t.message.startswith("CertificateInstallation")]
    assert rx[1].time - rx[0].time < 5.0  # the car's message timeout
    assert run.evcc.result is not None and not run.evcc.result.ok and run.secc.closed


def test_a_service_that_refuses_fails_the_installation() -> None:
    s = PncSetup(backend=LocalBackend())  # no certificate service
    s.contract = None
    evcc = s.evcc(provisioning=_provisioning())
    evcc.context.contract = None
    run = pump(s.secc(), evcc)
    assert run.bodies("CertificateInstallationRes")[-1]["ResponseCode"] == "FAILED"


def test_the_car_refuses_an_answer_not_from_its_v2g_root() -> None:
    s = PncSetup(backend=_backend(service_pki="other"))
    s.contract = None
    evcc = s.evcc(provisioning=_provisioning())
    evcc.context.contract = None
    run = pump(s.secc(), evcc)
    assert run.evcc.result is not None and not run.evcc.result.ok
    assert "CertificateInstallationRes refused" in run.evcc.result.reason
    assert "PaymentDetailsReq" not in run.requests()


def test_the_relayed_answer_carries_the_services_signature() -> None:
    s = PncSetup(backend=_backend())
    s.contract = None
    evcc = s.evcc(provisioning=_provisioning())
    evcc.context.contract = None
    run = pump(s.secc(), evcc)
    (wire,) = [t for t in run.secc_trace if t.direction == "tx" and t.message == "CertificateInstallationRes"]
    message = exi.decode(wire.data, "iso2")
    assert [r.URI for r in message.Header.Signature.SignedInfo.Reference] == ["#id1", "#id2", "#id3", "#id4"]
    assert message.Header.SessionID == run.secc.session_id


def test_a_request_while_the_service_is_still_asked_ends_the_session() -> None:
    s = PncSetup(backend=_backend(delay=2.0))
    s.contract = None
    evcc = s.evcc(provisioning=_provisioning())
    evcc.context.contract = None
    secc = s.secc()
    run = pump(
        secc, evcc, stop_when=lambda r: any(t.message == "CertificateInstallationReq" for t in r.secc_trace)
    )
    (req,) = [t for t in run.secc_trace if t.message == "CertificateInstallationReq"]
    assert not secc.closed and secc.get_timer() is not None  # polling the service
    secc.receive(0x8001, req.data, run.now + 0.1)  # the car sends again without waiting
    assert secc.closed and "while an answer was still being prepared" in secc.close_reason
    assert secc.data_to_send() == []
