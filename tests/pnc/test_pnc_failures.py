"""ISO 15118-2 Plug & Charge failures: every refusal of PaymentDetails and Authorization gets its
ResponseCode, and the SECC ends the session after it (sans-IO pairs; a tampering car in the
middle where our EVCC would not do it by itself)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from exi.iso2 import generated_types as m
from tests.pnc._pnc import PncSetup, Tamper, body_of, pki, with_body
from tests.sessions._session_harness import Run, pump, send, vector_requests
from tls.profiles import Role
from v2g import signing
from v2g.backend import LocalBackend
from v2g.evcc.pnc import ContractCredentials
from v2g.secc import SeccState


def _failed(run: Run, response: str) -> str:
    """The ResponseCode of the (last) ``response``; the SECC ended the session after it."""
    bodies = run.bodies(response)
    assert bodies, run.responses()
    code = str(bodies[-1]["ResponseCode"])
    assert run.responses()[-1] == response
    assert run.secc.closed and run.evcc.result is not None and not run.evcc.result.ok
    assert code in run.evcc.result.reason
    return code


def _editing(name: str, fn: Any) -> Any:
    def edit(message: Any) -> Any:
        body = body_of(message)
        return fn(message, body) if type(body).__name__ == name else message

    return edit


def test_expired_contract_is_refused_with_certificate_expired() -> None:
    s = PncSetup()
    leaf = s.contract.leaf  # type: ignore[union-attr]
    secc = s.replace(wall=leaf.not_valid_after_utc.timestamp() + 60).secc()
    run = pump(secc, s.evcc())
    assert _failed(run, "PaymentDetailsRes") == "FAILED_CertificateExpired"


def test_not_yet_valid_contract_is_refused_with_certificate_expired() -> None:
    s = PncSetup()
    secc = s.replace(wall=s.contract.leaf.not_valid_before_utc.timestamp() - 60).secc()  # type: ignore[union-attr]
    run = pump(secc, s.evcc())
    assert _failed(run, "PaymentDetailsRes") == "FAILED_CertificateExpired"


@pytest.mark.parametrize(
    "backend",
    [
        pytest.param(lambda: LocalBackend(revoked_emaids=["DE-V2G-123456789-K"]), id="emaid"),
        pytest.param(
            lambda: LocalBackend(revoked_serials=[pki().certs[Role.CONTRACT_LEAF].serial_number]),
            id="leaf-serial",
        ),
        pytest.param(
            lambda: LocalBackend(revoked_serials=[pki().certs[Role.MO_SUB_CA2].serial_number]),
            id="sub-ca-serial",
        ),
    ],
)
def test_revoked_contract_is_refused_with_certificate_revoked(backend: Any) -> None:
    s = PncSetup(backend=backend())
    run = pump(s.secc(), s.evcc())
    assert _failed(run, "PaymentDetailsRes") == "FAILED_CertificateRevoked"


def test_ocsp_data_from_the_backend_revokes_a_certificate() -> None:
    from v2g.backend import RevocationStatus

    serial = format(pki().certs[Role.CONTRACT_LEAF].serial_number, "x")
    ocsp = lambda data: RevocationStatus.REVOKED if data.serial_number == serial else RevocationStatus.GOOD  # noqa: E731
    s = PncSetup(backend=LocalBackend(ocsp=ocsp))
    assert _failed(pump(s.secc(), s.evcc()), "PaymentDetailsRes") == "FAILED_CertificateRevoked"


def test_contract_of_another_mo_root_is_a_cert_chain_error() -> None:
    s = PncSetup(contract=ContractCredentials.from_pki(pki("other")))
    assert _failed(pump(s.secc(), s.evcc()), "PaymentDetailsRes") == "FAILED_CertChainError"


def test_emaid_other_than_the_certificates_cn_is_a_cert_chain_error() -> None:
    s = PncSetup()
    edit = _editing(
        "PaymentDetailsReq", lambda msg, b: with_body(msg, dataclasses.replace(b, eMAID="DEV2G987654321X"))
    )
    assert _failed(pump(s.secc(), Tamper(s.evcc(), edit)), "PaymentDetailsRes") == "FAILED_CertChainError"  # type: ignore[arg-type]


def test_an_secc_without_mo_roots_has_no_certificate_available() -> None:
    s = PncSetup(mo_roots=())
    assert _failed(pump(s.secc(), s.evcc()), "PaymentDetailsRes") == "FAILED_NoCertificateAvailable"


def test_a_broken_signature_is_a_signature_error() -> None:
    def flip(msg: Any, body: Any) -> Any:
        sig = msg.Header.Signature
        value = bytearray(sig.SignatureValue.value)
        value[5] ^= 0x01
        sig = dataclasses.replace(
            sig, SignatureValue=dataclasses.replace(sig.SignatureValue, value=bytes(value))
        )
        return dataclasses.replace(msg, Header=dataclasses.replace(msg.Header, Signature=sig))

    s = PncSetup()
    run = pump(s.secc(), Tamper(s.evcc(), _editing("AuthorizationReq", flip)))  # type: ignore[arg-type]
    assert _failed(run, "AuthorizationRes") == "FAILED_SignatureError"


def test_an_unsigned_authorization_is_a_signature_error() -> None:
    def strip(msg: Any, body: Any) -> Any:
        return dataclasses.replace(msg, Header=dataclasses.replace(msg.Header, Signature=None))

    s = PncSetup()
    run = pump(s.secc(), Tamper(s.evcc(), _editing("AuthorizationReq", strip)))  # type: ignore[arg-type]
    assert _failed(run, "AuthorizationRes") == "FAILED_SignatureError"


def test_a_signature_by_another_key_is_a_signature_error() -> None:
    other = pki("other").keys[Role.CONTRACT_LEAF]

    def resign(msg: Any, body: Any) -> Any:
        bare = dataclasses.replace(msg, Header=dataclasses.replace(msg.Header, Signature=None))
        return signing.sign(bare, [body.Id], other)

    s = PncSetup()
    run = pump(s.secc(), Tamper(s.evcc(), _editing("AuthorizationReq", resign)))  # type: ignore[arg-type]
    assert _failed(run, "AuthorizationRes") == "FAILED_SignatureError"


def test_a_wrong_challenge_signed_correctly_is_challenge_invalid() -> None:
    key = pki().keys[Role.CONTRACT_LEAF]

    def other_challenge(msg: Any, body: Any) -> Any:
        bare = dataclasses.replace(msg, Header=dataclasses.replace(msg.Header, Signature=None))
        bare = with_body(bare, dataclasses.replace(body, GenChallenge=bytes(16)))
        return signing.sign(bare, [body.Id], key)

    s = PncSetup()
    run = pump(s.secc(), Tamper(s.evcc(), _editing("AuthorizationReq", other_challenge)))  # type: ignore[arg-type]
    assert _failed(run, "AuthorizationRes") == "FAILED_ChallengeInvalid"


def test_a_replayed_authorization_of_another_session_is_challenge_invalid() -> None:
    s = PncSetup()
    captured: list[Any] = []

    def keep(msg: Any, body: Any) -> Any:
        captured.append(msg)
        return msg

    first = pump(s.secc(), Tamper(s.evcc(), _editing("AuthorizationReq", keep)))  # type: ignore[arg-type]
    assert first.evcc.result is not None and first.evcc.result.ok
    old = captured[0]

    def replay(msg: Any, body: Any) -> Any:
        return dataclasses.replace(
            old, Header=dataclasses.replace(old.Header, SessionID=msg.Header.SessionID)
        )

    run = pump(s.secc(), Tamper(s.evcc(), _editing("AuthorizationReq", replay)))  # type: ignore[arg-type]
    assert _failed(run, "AuthorizationRes") == "FAILED_ChallengeInvalid"


def test_a_contract_the_backend_refuses_later_fails_the_authorization() -> None:
    s = PncSetup(backend=LocalBackend(allowed=[], delay=0.3))
    run = pump(s.secc(), s.evcc())
    assert next(b["EVSEProcessing"] for b in run.bodies("AuthorizationRes")) == "Ongoing"
    # Table 112: AuthorizationRes has no code naming the contract: FAILED
    assert _failed(run, "AuthorizationRes") == "FAILED"


def test_contract_selected_on_a_plain_tcp_connection_is_refused() -> None:
    s = PncSetup(tls=False, evcc_tls=True)

    def force(msg: Any, body: Any) -> Any:
        return with_body(msg, dataclasses.replace(body, SelectedPaymentOption=m.paymentOptionType.Contract))

    run = pump(s.secc(), Tamper(s.evcc(), _editing("PaymentServiceSelectionReq", force)))  # type: ignore[arg-type]
    assert _failed(run, "PaymentServiceSelectionRes") == "FAILED_PaymentSelectionInvalid"


def test_payment_details_out_of_sequence_is_a_sequence_error() -> None:
    s = PncSetup(tls=False, evcc_tls=True, payment_options=("ExternalPayment",))
    contract = s.contract
    assert contract is not None

    def details(msg: Any, body: Any) -> Any:
        return with_body(
            msg,
            m.PaymentDetailsReq(eMAID=contract.emaid, ContractSignatureCertChain=contract.chain_element()),
        )

    run = pump(s.secc(), Tamper(s.evcc(), _editing("AuthorizationReq", details)))  # type: ignore[arg-type]
    assert run.bodies("PaymentDetailsRes")[-1]["ResponseCode"] == "FAILED_SequenceError"
    assert run.secc.closed and "PaymentDetailsReq in state Authorization" in run.secc.close_reason


_ALLOWED = {"PaymentDetailsReq", "CertificateInstallationReq", "CertificateUpdateReq", "SessionStopReq"}


@pytest.mark.parametrize("name", sorted(set(vector_requests("iso2")) - _ALLOWED))
def test_every_other_request_in_payment_details_is_a_sequence_error(name: str) -> None:
    """In the PaymentDetails state (Contract selected) only PaymentDetails, certificate installation
    or update and SessionStop are allowed ([V2G2-538])."""
    s = PncSetup()
    secc = s.secc()
    run = pump(secc, s.evcc(), stop_when=lambda r: r.secc.state is SeccState.PAYMENT_DETAILS)
    message = vector_requests("iso2")[name]
    message = dataclasses.replace(
        message, Header=dataclasses.replace(message.Header, SessionID=secc.session_id)
    )
    body = send(secc, "iso2", message, run.now + 0.01)
    assert body is not None and body.ResponseCode.value == "FAILED_SequenceError"
    assert secc.closed
