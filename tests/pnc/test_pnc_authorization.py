"""ISO 15118-2 Plug & Charge: PaymentDetails and the contract's Authorization, sans-IO pairs of our
SECC and EVCC (every failure ResponseCode, the GenChallenge spent once, Ongoing while the backend
decides, pause and resume authorized once)."""

from __future__ import annotations

from tests.pnc._pnc import AC, PncSetup
from tests.sessions._session_harness import pump
from v2g.backend import LocalBackend


def test_contract_session_authorizes_with_a_signed_challenge_and_charges_dc() -> None:
    s = PncSetup()
    run = pump(s.secc(), s.evcc())
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    requests = run.requests()
    assert requests[:6] == [
        "supportedAppProtocolReq",
        "SessionSetupReq",
        "ServiceDiscoveryReq",
        "PaymentServiceSelectionReq",
        "PaymentDetailsReq",
        "AuthorizationReq",
    ]
    (selection,) = run.bodies("PaymentServiceSelectionReq")
    assert selection["SelectedPaymentOption"] == "Contract"
    (details,) = run.bodies("PaymentDetailsRes")
    assert details["ResponseCode"] == "OK" and len(bytes.fromhex(details["GenChallenge"])) == 16
    auth = run.bodies("AuthorizationReq")[0]
    assert auth["GenChallenge"] == details["GenChallenge"]
    assert [r.emaid for r in s.backend.requests] == ["DEV2G123456789K"]
    assert run.requests().count("CurrentDemandReq") == 5


def test_contract_session_ac() -> None:
    s = PncSetup(mode=AC)
    run = pump(s.secc(), s.evcc())
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    assert "PaymentDetailsReq" in run.requests() and "ChargingStatusReq" in run.requests()


def test_ongoing_while_the_backend_decides_then_finished() -> None:
    s = PncSetup(backend=LocalBackend(delay=0.5))
    run = pump(s.secc(), s.evcc())
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    processing = [b["EVSEProcessing"] for b in run.bodies("AuthorizationRes")]
    assert processing[0] == "Ongoing" and processing[-1] == "Finished" and len(processing) > 2
    auths = run.bodies("AuthorizationReq")
    # only the first carries the challenge (and the signature); the repeats are polls [V2G2-684]
    assert "GenChallenge" in auths[0] and all("GenChallenge" not in a for a in auths[1:])
    assert len(s.backend.requests) == 1


def test_no_contract_over_plain_tcp_falls_back_to_external_payment() -> None:
    s = PncSetup(tls=False)
    run = pump(s.secc(), s.evcc())
    assert run.evcc.result is not None and run.evcc.result.ok
    (discovery,) = run.bodies("ServiceDiscoveryRes")
    assert discovery["PaymentOptionList"]["PaymentOption"] == ["ExternalPayment"]
    assert "PaymentDetailsReq" not in run.requests() and not s.backend.requests


def test_the_evcc_does_not_offer_an_expired_contract() -> None:
    s = PncSetup()
    s.wall = s.contract.leaf.not_valid_after_utc.timestamp() + 10  # type: ignore[union-attr]
    run = pump(s.secc(), s.evcc())
    (selection,) = run.bodies("PaymentServiceSelectionReq")
    assert selection["SelectedPaymentOption"] == "ExternalPayment"


def test_pause_and_resume_authorizes_once_and_charges() -> None:
    s = PncSetup()
    first = pump(s.secc(), s.evcc(pause=True))
    assert first.evcc.result is not None and first.evcc.result.paused
    sid = first.evcc.result.session_id
    second = pump(s.secc(100.0), s.evcc(100.0, resume_session_id=sid), 100.0)
    assert second.evcc.result is not None and second.evcc.result.ok, second.evcc.result
    (setup,) = second.bodies("SessionSetupRes")
    assert setup["ResponseCode"] == "OK_OldSessionJoined"
    # the car presents its contract again (a fresh challenge, signature checked) ...
    assert "PaymentDetailsReq" in second.requests()
    assert [b["EVSEProcessing"] for b in second.bodies("AuthorizationRes")] == ["Finished"]
    # ... but the backend authorized the session once
    assert len(s.backend.requests) == 1
    assert second.requests().count("CurrentDemandReq") == 5
