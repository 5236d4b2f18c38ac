"""Every class of ISO 15118-20 Plug & Charge authorization failure end to end, per algorithm
family (P-521 and Ed448): SeccServer and the EVCC runner over TLS 1.3 with mutual authentication,
the car's AuthorizationReq edited after our EVCC signed it where our car would not misbehave.

Each case gives its -20 ResponseCode in AuthorizationRes: a wrong GenChallenge, a bad chain (not
DER, no known MO root), a bad signature (broken, missing, made with another key), a contract
revoked (OCSP data of the leaf) or refused by the authorization service, PnC selected where it
was not offered, and the service deciding while the SECC answers Ongoing (then accepting or
refusing). A WARNING keeps the session (our car then stops with SessionStop); FAILED_SignatureError
ends it. The revoked eMAID and the foreign contract are in test_pnc20_e2e.py; the sans-IO twins of
every case, with the certificate validity ones, in test_pnc20_authorization.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from exi.iso20 import generated_types as c
from tests.pnc._pnc20 import on_pnc_request, with_pnc_mode
from tests.pnc._pnc20_e2e import FAMILIES, Edit, Run, pki_dir, run20
from tls.pki import PkiConfig, create_pki
from tls.profiles import Role
from v2g.backend import LocalBackend
from v2g.evcc.pnc import ContractCredentials


def _broken_signature(m: c.AuthorizationReq) -> c.AuthorizationReq:
    sig = m.Header.Signature
    assert sig is not None
    value = bytearray(sig.SignatureValue.value)
    value[len(value) // 2] ^= 0x01  # one bit of the signature
    broken = dataclasses.replace(
        sig, SignatureValue=dataclasses.replace(sig.SignatureValue, value=bytes(value))
    )
    return dataclasses.replace(m, Header=dataclasses.replace(m.Header, Signature=broken))


def _unsigned(m: c.AuthorizationReq) -> c.AuthorizationReq:
    return dataclasses.replace(m, Header=dataclasses.replace(m.Header, Signature=None))


def _not_der_sub_cas(m: c.AuthorizationReq) -> c.AuthorizationReq:
    mode = m.PnC_AReqAuthorizationMode
    assert mode is not None
    subs = c.SubCertificatesType(Certificate=(b"\x30\x03not der",))
    return with_pnc_mode(
        m, ContractCertificateChain=dataclasses.replace(mode.ContractCertificateChain, SubCertificates=subs)
    )


def _refused(run: Run, code: str) -> None:
    """AuthorizationRes ``code`` with EVSEProcessing Finished; the session was kept and our car
    ended it with SessionStop, not charged."""
    assert run.codes("AuthorizationRes")[-1] == code, run.codes("AuthorizationRes")
    assert run.sent("AuthorizationRes")[-1].EVSEProcessing is c.processingType.Finished
    assert run.result.reason == f"authorization refused: {code}", run.result.reason
    assert run.result.loop_count == 0
    assert run.requests()[-2:] == ["AuthorizationReq", "SessionStopReq"], run.requests()


def _failed(run: Run, code: str, why: str) -> None:
    """AuthorizationRes ``code``: the SECC ended the session (for ``why``), nothing after it."""
    assert run.codes("AuthorizationRes") == [code]
    assert run.requests()[-1] == "AuthorizationReq", run.requests()
    assert why in run.secc.reason, run.secc.reason
    assert not run.result.ok and code in run.result.reason, run.result.reason
    assert run.result.loop_count == 0


@pytest.mark.parametrize("family", FAMILIES)
async def test_wrong_challenge(tmp_path_factory: pytest.TempPathFactory, family: str) -> None:
    pki = pki_dir(family, tmp_path_factory)
    run = await run20(pki, edit=on_pnc_request(lambda m: with_pnc_mode(m, GenChallenge=bytes(16))))
    _refused(run, "WARNING_ChallengeInvalid")
    assert run.backend.requests == []


@pytest.mark.parametrize("family", FAMILIES)
async def test_bad_chain_not_der(tmp_path_factory: pytest.TempPathFactory, family: str) -> None:
    pki = pki_dir(family, tmp_path_factory)
    run = await run20(pki, edit=on_pnc_request(_not_der_sub_cas))
    _refused(run, "WARNING_CertificateValidationError")
    assert run.backend.requests == []


@pytest.mark.parametrize("family", FAMILIES)
async def test_bad_chain_no_known_mo_root(tmp_path_factory: pytest.TempPathFactory, family: str) -> None:
    """The SECC trusts another MO root than the one the contract chains to."""
    pki = pki_dir(family, tmp_path_factory)
    other = create_pki(PkiConfig("iso20", dt.datetime.now(dt.timezone.utc), pki.pki.algorithm))
    run = await run20(pki, mo_roots=(other.certs[Role.MO_ROOT],))
    _refused(run, "WARNING_eMSPUnknown")
    assert run.backend.requests == []


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(
    ("edit", "why"),
    [(_broken_signature, "signature does not verify"), (_unsigned, "AuthorizationReq is not signed")],
    ids=["broken", "unsigned"],
)
async def test_bad_signature(
    tmp_path_factory: pytest.TempPathFactory, family: str, edit: Edit, why: str
) -> None:
    pki = pki_dir(family, tmp_path_factory)
    run = await run20(pki, edit=on_pnc_request(edit))
    _failed(run, "FAILED_SignatureError", why)
    assert run.backend.requests == []


@pytest.mark.parametrize("family", FAMILIES)
async def test_signed_with_another_key(tmp_path_factory: pytest.TempPathFactory, family: str) -> None:
    """The PKI's contract chain presented with the key of another contract (no edit needed)."""
    pki = pki_dir(family, tmp_path_factory)
    other = create_pki(PkiConfig("iso20", dt.datetime.now(dt.timezone.utc), pki.pki.algorithm))
    thief = dataclasses.replace(ContractCredentials.from_pki(pki.pki), key=other.keys[Role.CONTRACT_LEAF])
    run = await run20(pki, contract=thief)
    _failed(run, "FAILED_SignatureError", "signature does not verify")


@pytest.mark.parametrize("family", FAMILIES)
async def test_revoked_by_ocsp_data(tmp_path_factory: pytest.TempPathFactory, family: str) -> None:
    """The authorization service says (certificate status, OCSP) the leaf is revoked."""
    pki = pki_dir(family, tmp_path_factory)
    leaf = ContractCredentials.from_pki(pki.pki).leaf
    run = await run20(pki, backend=LocalBackend(revoked_serials=(leaf.serial_number,)))
    _refused(run, "WARNING_CertificateRevoked")


@pytest.mark.parametrize("family", FAMILIES)
async def test_unknown_to_the_authorization_service(
    tmp_path_factory: pytest.TempPathFactory, family: str
) -> None:
    pki = pki_dir(family, tmp_path_factory)
    run = await run20(pki, backend=LocalBackend(allowed=("DEV2G000000000X",)))
    _refused(run, "WARNING_GeneralPnCAuthorizationError")
    (asked,) = run.backend.requests  # eMAID and certificate hash data went to the service
    assert asked.emaid == ContractCredentials.from_pki(pki.pki).emaid and len(asked.hash_data) == 3


@pytest.mark.parametrize("family", FAMILIES)
async def test_pnc_selected_where_not_offered(tmp_path_factory: pytest.TempPathFactory, family: str) -> None:
    """An SECC without MO roots offers EIM only; a car that selects PnC all the same."""
    pki = pki_dir(family, tmp_path_factory)

    def select_pnc(m: Any) -> Any:
        if isinstance(m, c.AuthorizationReq):
            return dataclasses.replace(m, SelectedAuthorizationService=c.authorizationType.PnC)
        return m

    run = await run20(pki, mo_roots=(), edit=select_pnc)
    (setup,) = run.sent("AuthorizationSetupRes")
    assert list(setup.AuthorizationServices) == [c.authorizationType.EIM]
    assert run.codes("AuthorizationRes")[0] == "WARNING_AuthorizationSelectionInvalid"
    assert run.backend.requests == []


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(
    ("backend", "code"),
    [
        (dict(delay=0.3), "OK"),
        (dict(delay=0.3, allowed=()), "WARNING_GeneralPnCAuthorizationError"),
    ],
    ids=["accepts", "refuses"],
)
async def test_ongoing_then_decided(
    tmp_path_factory: pytest.TempPathFactory, family: str, backend: dict[str, Any], code: str
) -> None:
    """The service decides 0.3 s after it was asked: Ongoing (OK) until then, the same signed
    request repeated, the service asked once; then the decision."""
    pki = pki_dir(family, tmp_path_factory)
    run = await run20(pki, backend=LocalBackend(**backend), ongoing_interval=0.05)
    processing = [r.EVSEProcessing for r in run.sent("AuthorizationRes")]
    assert processing[0] is c.processingType.Ongoing and processing[-1] is c.processingType.Finished
    assert set(run.codes("AuthorizationRes")[:-1]) == {"OK"} and run.codes("AuthorizationRes")[-1] == code
    assert len(run.backend.requests) == 1
    if code == "OK":
        assert run.result.ok, run.result.reason
        assert run.result.loop_count == 4 and "DC_ChargeLoopReq" in run.requests()
    else:
        _refused(run, code)
