"""ISO 15118-20 Plug & Charge authorization, both algorithm families (P-521 and Ed448): the SECC
offers PnC with a GenChallenge over TLS with MO roots, our EVCC signs PnC_AReqAuthorizationMode,
the SECC validates chain and signature and asks the backend (Ongoing while it decides); every
failure gets its -20 ResponseCode (sans-IO pairs, a tampering car where ours would not misbehave)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from exi.iso20 import generated_types as c
from tests.pnc._pnc20 import START, Pnc20Setup, Tamper20, on_pnc_request, pki20, with_pnc_mode
from tests.sessions._session_harness import Run, pump
from tls.pki import PkiConfig, create_pki
from tls.profiles import KeyAlgorithm, Role
from v2g.backend import (
    AuthorizeResult,
    CertificateStatus,
    IdTokenStatus,
    LocalBackend,
    PlugAndCharge,
    certificate_hash_data,
)
from v2g.evcc.pnc import ContractCredentials
from v2g.secc.iso20.pnc import Contract20

FAMILIES = ["p521", "ed448"]


def _auth_codes(run: Run) -> list[str]:
    return [str(b["ResponseCode"]) for b in run.bodies("AuthorizationRes")]


def _refused(run: Run, code: str) -> None:
    """The SECC answered ``code`` (EVSEProcessing Finished), kept the session; our EV stopped."""
    bodies = run.bodies("AuthorizationRes")
    assert bodies and str(bodies[-1]["ResponseCode"]) == code, _auth_codes(run)
    assert str(bodies[-1]["EVSEProcessing"]) == "Finished"
    assert run.requests()[-1] == "SessionStopReq"  # the session was still open for the EV's choice
    assert run.evcc.result is not None and code in run.evcc.result.reason
    assert "ServiceDiscoveryReq" not in run.requests()


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("service", ["dc", "ac_bpt", "dc_bpt"])
def test_pnc_session_charges(family: str, service: str) -> None:
    setup = Pnc20Setup(family, service=service)
    run = pump(setup.secc(), setup.evcc())
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    (setup_res,) = run.bodies("AuthorizationSetupRes")
    assert [str(s) for s in setup_res["AuthorizationServices"]] == ["PnC", "EIM"]
    assert len(bytes.fromhex(setup_res["PnC_ASResAuthorizationMode"]["GenChallenge"])) == 16
    (req,) = run.bodies("AuthorizationReq")
    assert str(req["SelectedAuthorizationService"]) == "PnC"
    assert _auth_codes(run) == ["OK"]
    (asked,) = setup.backend.requests
    assert asked.emaid == setup.contract.emaid  # type: ignore[union-attr]
    assert len(asked.hash_data) == 3  # leaf, two Sub-CAs
    assert isinstance(run.secc._ctx.contract, Contract20) and run.secc._ctx.contract.authorized


@pytest.mark.parametrize("family", FAMILIES)
def test_ongoing_while_backend_decides(family: str) -> None:
    setup = Pnc20Setup(family, backend=LocalBackend(delay=1.0))
    run = pump(setup.secc(), setup.evcc(ongoing_interval=0.3))
    assert run.evcc.result is not None and run.evcc.result.ok
    codes = [str(b["EVSEProcessing"]) for b in run.bodies("AuthorizationRes")]
    assert codes[0] == "Ongoing" and codes[-1] == "Finished" and len(codes) >= 3
    for req in run.bodies("AuthorizationReq"):  # every repeat carries the mode, signed
        assert req["PnC_AReqAuthorizationMode"]["GenChallenge"] is not None
    assert len(setup.backend.requests) == 1  # asked once


@pytest.mark.parametrize("family", FAMILIES)
def test_backend_never_decides_is_failed(family: str) -> None:
    setup = Pnc20Setup(family, backend=LocalBackend(delay=1e9))
    run = pump(setup.secc(), setup.evcc(ongoing_interval=5.0))
    assert _auth_codes(run)[-1] == "FAILED" and run.secc.closed


@pytest.mark.parametrize("family", FAMILIES)
def test_eim_only_without_tls_or_mo_roots(family: str) -> None:
    for setup in (Pnc20Setup(family, tls=False), Pnc20Setup(family, mo_roots=())):
        run = pump(setup.secc(), setup.evcc())
        assert run.evcc.result is not None and run.evcc.result.ok
        (setup_res,) = run.bodies("AuthorizationSetupRes")
        assert [str(s) for s in setup_res["AuthorizationServices"]] == ["EIM"]
        assert str(run.bodies("AuthorizationReq")[0]["SelectedAuthorizationService"]) == "EIM"
        assert not setup.backend.requests


@pytest.mark.parametrize("family", FAMILIES)
def test_ev_without_contract_uses_eim(family: str) -> None:
    setup = Pnc20Setup(family)
    run = pump(setup.secc(), setup.evcc(contract=None))
    assert run.evcc.result is not None and run.evcc.result.ok
    assert str(run.bodies("AuthorizationReq")[0]["SelectedAuthorizationService"]) == "EIM"


def test_iso2_contract_not_used_for_iso20() -> None:
    """A -2 contract (secp256r1) cannot sign with the -20 suites: the EV uses EIM."""
    iso2 = create_pki(PkiConfig("iso2", START))
    setup = Pnc20Setup(contract=ContractCredentials.from_pki(iso2))
    run = pump(setup.secc(), setup.evcc())
    assert str(run.bodies("AuthorizationReq")[0]["SelectedAuthorizationService"]) == "EIM"


# ------------------------------------------------------------------------------------- failures






@pytest.mark.parametrize("family", FAMILIES)
def test_wrong_challenge(family: str) -> None:
    setup = Pnc20Setup(family)
    # a challenge that is not the one of AuthorizationSetupRes (re-signed by no one)
    ev = Tamper20(setup.evcc(), on_pnc_request(lambda m: with_pnc_mode(m, GenChallenge=bytes(16))))
    run = pump(setup.secc(), ev)  # type: ignore[arg-type]
    _refused(run, "WARNING_ChallengeInvalid")
    assert not setup.backend.requests


@pytest.mark.parametrize("family", FAMILIES)
def test_unsigned_and_broken_signature(family: str) -> None:
    for edit in (
        lambda m: dataclasses.replace(m, Header=dataclasses.replace(m.Header, Signature=None)),
        lambda m: with_pnc_mode(m, Id="Other"),  # the Reference names an element that is not there
        lambda m: dataclasses.replace(
            m,
            Header=dataclasses.replace(
                m.Header,
                Signature=dataclasses.replace(
                    m.Header.Signature,
                    SignatureValue=dataclasses.replace(
                        m.Header.Signature.SignatureValue,
                        value=bytes(len(m.Header.Signature.SignatureValue.value)),
                    ),
                ),
            ),
        ),
    ):
        setup = Pnc20Setup(family)
        run = pump(setup.secc(), Tamper20(setup.evcc(), on_pnc_request(edit)))  # type: ignore[arg-type]
        assert _auth_codes(run) == ["FAILED_SignatureError"]
        assert run.secc.closed and not setup.backend.requests


@pytest.mark.parametrize("family", FAMILIES)
def test_signed_with_another_key(family: str) -> None:
    """A contract chain of this PKI presented with the key of another contract."""
    other = create_pki(PkiConfig("iso20", START, pki20(family).algorithm))
    own = ContractCredentials.from_pki(pki20(family))
    thief = dataclasses.replace(own, key=other.keys[Role.CONTRACT_LEAF])
    setup = Pnc20Setup(family, contract=thief)
    run = pump(setup.secc(), setup.evcc())
    assert _auth_codes(run) == ["FAILED_SignatureError"] and run.secc.closed


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(
    ("days", "code"), [(-400, "WARNING_CertificateNotYetValid"), (5000, "WARNING_CertificateExpired")]
)
def test_certificate_validity(family: str, days: int, code: str) -> None:
    setup = Pnc20Setup(family)
    # the car's clock says the contract is valid; the charger's says it is not
    secc = setup.replace(wall=(START + dt.timedelta(days=days)).timestamp()).secc()
    run = pump(secc, setup.evcc())
    _refused(run, code)


@dataclasses.dataclass
class _Threshold(Pnc20Setup):
    days: float = 14.0

    @property
    def pnc(self) -> PlugAndCharge:
        return dataclasses.replace(super().pnc, expires_soon_days=self.days)


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(
    ("left", "days", "code"), [(7, 14, "OK_CertificateExpiresSoon"), (20, 14, "OK"), (7, 0, "OK")]
)
def test_a_contract_close_to_its_end_is_authorized_with_expires_soon(
    family: str, left: int, days: float, code: str
) -> None:
    """Authorized all the same; within ``expires_soon_days`` of the contract's end the code says so
    and our car notes it (a hint to renew); 0 days turns the hint off."""
    setup = _Threshold(family, days=days)
    end = ContractCredentials.from_pki(pki20(family)).leaf.not_valid_after_utc
    secc = setup.replace(wall=(end - dt.timedelta(days=left)).timestamp()).secc()
    run = pump(secc, setup.evcc())
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    assert _auth_codes(run) == [code]
    soon = "expires soon" in run.evcc.context.contract_note
    assert soon is (code == "OK_CertificateExpiresSoon")


@pytest.mark.parametrize("family", FAMILIES)
def test_unknown_mo_root(family: str) -> None:
    other = create_pki(PkiConfig("iso20", START, pki20(family).algorithm))
    setup = Pnc20Setup(family, mo_roots=(other.certs[Role.MO_ROOT],))
    _refused(pump(setup.secc(), setup.evcc()), "WARNING_eMSPUnknown")


@pytest.mark.parametrize("family", FAMILIES)
def test_chain_validation_error(family: str) -> None:
    """The Sub-CAs left out: no path from the leaf to the MO root."""
    own = ContractCredentials.from_pki(pki20(family))
    setup = Pnc20Setup(family)
    ev = Tamper20(
        setup.evcc(),
        on_pnc_request(
            lambda m: with_pnc_mode(
                m,
                ContractCertificateChain=dataclasses.replace(
                    m.PnC_AReqAuthorizationMode.ContractCertificateChain,
                    SubCertificates=c.SubCertificatesType(Certificate=(b"\x30\x03not der",)),
                ),
            )
        ),
    )
    _refused(pump(setup.secc(), ev), "WARNING_CertificateValidationError")  # type: ignore[arg-type]
    assert own.sub_cas


@pytest.mark.parametrize("family", FAMILIES)
def test_revoked_by_ocsp_and_by_backend(family: str) -> None:
    contract = ContractCredentials.from_pki(pki20(family))
    by_serial = LocalBackend(revoked_serials=(contract.leaf.serial_number,))
    _refused(pump(*_pair(Pnc20Setup(family, backend=by_serial))), "WARNING_CertificateRevoked")
    by_emaid = LocalBackend(revoked_emaids=(contract.emaid,))
    _refused(pump(*_pair(Pnc20Setup(family, backend=by_emaid))), "WARNING_CertificateRevoked")


@pytest.mark.parametrize("family", FAMILIES)
def test_backend_refuses(family: str) -> None:
    setup = Pnc20Setup(family, backend=LocalBackend(allowed=("DEV2G000000000X",)))
    _refused(pump(*_pair(setup)), "WARNING_GeneralPnCAuthorizationError")


def test_backend_certificate_statuses_map_to_warnings() -> None:
    from v2g.secc.iso20.pnc import BACKEND_WARNINGS

    assert BACKEND_WARNINGS[CertificateStatus.CERTIFICATE_EXPIRED] == "WARNING_CertificateExpired"
    assert AuthorizeResult(IdTokenStatus.BLOCKED, CertificateStatus.CONTRACT_CANCELLED).accepted is False
    assert CertificateStatus.CONTRACT_CANCELLED not in BACKEND_WARNINGS  # -> GeneralPnCAuthorizationError


@pytest.mark.parametrize("family", FAMILIES)
def test_pnc_not_offered_is_selection_invalid(family: str) -> None:
    """An EV that selects PnC on a connection where it was not offered (plain TCP)."""
    setup = Pnc20Setup(family, tls=False)
    ev = Tamper20(
        setup.evcc(),
        lambda m: (
            dataclasses.replace(m, SelectedAuthorizationService=c.authorizationType.PnC)
            if isinstance(m, c.AuthorizationReq)
            else m
        ),
    )
    run = pump(setup.secc(), ev)  # type: ignore[arg-type]
    assert _auth_codes(run)[0] == "WARNING_AuthorizationSelectionInvalid"


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("replay", [True, False])
def test_after_refused_pnc(family: str, replay: bool) -> None:
    """After a WARNING the session stays in Authorization: a second PnC request finds the
    challenge spent; an EIM request is served (the car sends either instead of its SessionStop)."""
    setup = Pnc20Setup(family, backend=LocalBackend(allowed=()))
    first: list[Any] = []

    def second_try(message: Any) -> Any:
        if isinstance(message, c.AuthorizationReq) and not first:
            first.append(message)
        if not isinstance(message, c.SessionStopReq):
            return message
        if replay:
            return dataclasses.replace(
                first[0], Header=dataclasses.replace(message.Header, Signature=first[0].Header.Signature)
            )
        return c.AuthorizationReq(
            Header=message.Header,
            SelectedAuthorizationService=c.authorizationType.EIM,
            EIM_AReqAuthorizationMode=c.EIM_AReqAuthorizationModeType(),
        )

    run = pump(setup.secc(), Tamper20(setup.evcc(), second_try))  # type: ignore[arg-type]
    second = "WARNING_ChallengeInvalid" if replay else "OK"
    assert _auth_codes(run)[:2] == ["WARNING_GeneralPnCAuthorizationError", second]
    assert len(setup.backend.requests) == 1


def test_hash_data_of_ed448_chain() -> None:
    """OCSP hash data over an Ed448 issuer key (raw key bytes, not an EC point)."""
    pki = pki20("ed448")
    data = certificate_hash_data([*pki.chain(Role.CONTRACT_LEAF), pki.certs[Role.MO_ROOT]])
    assert len(data) == 3 and all(len(d.issuer_key_hash) == 64 for d in data)


def _pair(setup: Pnc20Setup) -> tuple[Any, Any]:
    return setup.secc(), setup.evcc()


def test_algorithms_are_the_families() -> None:
    assert (
        pki20("p521").algorithm is KeyAlgorithm.SECP521R1 and pki20("ed448").algorithm is KeyAlgorithm.ED448
    )


@pytest.mark.parametrize("family", FAMILIES)
def test_pause_and_resume_authorizes_once(family: str) -> None:
    """A resumed -20 session presents its contract again (a new challenge, chain and signature
    checked) and is not sent to the backend a second time."""
    s = Pnc20Setup(family)
    first = pump(s.secc(), s.evcc(pause=True))
    assert first.evcc.result is not None and first.evcc.result.paused
    sid = first.evcc.result.session_id
    second = pump(s.secc(100.0), s.evcc(100.0, resume_session_id=sid), 100.0)
    assert second.evcc.result is not None and second.evcc.result.ok, second.evcc.result
    assert str(second.bodies("SessionSetupRes")[0]["ResponseCode"]) == "OK_OldSessionJoined"
    assert str(second.bodies("AuthorizationReq")[0]["SelectedAuthorizationService"]) == "PnC"
    assert _auth_codes(second) == ["OK"]
    challenges = [
        b["PnC_ASResAuthorizationMode"]["GenChallenge"]
        for r in (first, second)
        for b in r.bodies("AuthorizationSetupRes")
    ]
    assert len(set(challenges)) == 2
    assert len(s.backend.requests) == 1
