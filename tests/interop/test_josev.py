"""Against the Python incumbent Josev (PyPI iso15118 0.31.2), over a veth pair between two network
namespaces with SDP: its EVCC against our SECC and our EVCC against its SECC, each a whole session
to SessionStop after a charging loop, checked in our trace and in Josev's log.

Adding a case (another protocol, service, TLS version or Plug & Charge): one more ``Case`` in
``CASES``; see README.md in this folder."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_private_key

from tests.interop._interop import (
    JOSEV_ALL,
    JOSEV_SUCCESS,
    LOOP_TIMEOUT,
    Case,
    Outcome,
    Peer,
    check_pnc,
    check_receipts,
    check_session,
    josev_evcc_handshake_with_our_secc,
    josev_evcc_to_our_secc,
    our_evcc_sessions_with_josev_secc,
    our_evcc_to_josev_secc,
    read_trace,
)
from tests.interop._iso20 import check_iso20, check_schedule_choice

DC = "CurrentDemandReq"
AC_EV = {"energyTransferMode": "AC_three_phase_core", "supportedEnergyServices": ["AC"]}
# ISO 15118-2 Plug & Charge over TLS 1.2: Josev's car chooses Contract whenever a charger offers it
# over TLS, its charger offers it with AUTH_MODES=PNC; ours offers it with --pnc (here with a receipt
# store asking for a receipt every 2 loop messages) and our car pays with the contract of our PKI or
# installs one in {tmp}/contract.
PNC: dict[str, Any] = dict(tls="1.2", josev_env={"AUTH_MODES": "PNC"},
           secc_args=("--pnc", "--receipts", "{tmp}/receipts.db", "--receipt-interval", "2"))
CONTRACT = ("--contract", "{pki}")
INSTALL = ("--contract", "{tmp}/contract", "--provisioning", "{pki}")
# ISO 15118-20 over TLS 1.3 mutual: Josev negotiates the key exchange on secp256r1 only (issue 19,
# item 7), so both our sides take --tls-group secp256r1.
TLS13: dict[str, Any] = dict(tls="1.3", pki_profile="iso20",
                             trace_protocols=("iso20", "iso20-dc", "iso20-ac"))
# Our charger for Josev's -20 car: Dynamic control only (its car takes the first control mode
# offered, and refuses a Scheduled ScheduleExchangeRes without a price schedule: see
# test_josevs_car_takes_the_first_control_mode_and_wants_a_price_schedule), waiting 2 s for its next
# loop request (its Java codec), and DC up to 20 kV (its car asks a 20 kV pre-charge target: see
# test_our_charger_refuses_josevs_20_kv_precharge_target).
JOSEV_CAR_AC = ("--control", "dynamic", "--loop-timeout", LOOP_TIMEOUT)
JOSEV_CAR_DC = (*JOSEV_CAR_AC, "--max-voltage", "20000")
# Josev offers (its EVCC) and accepts (its SECC) all its protocols, as it does by default; our side
# offers or accepts the case's protocol only.
CASES = [
    Case("din-dc-tcp", "din", JOSEV_ALL, DC),
    Case("iso2-dc-eim-tcp", "iso2", JOSEV_ALL, DC),
    Case("iso2-dc-eim-tls12", "iso2", JOSEV_ALL, DC, tls="1.2"),
    Case("iso2-ac-eim-tcp", "iso2", JOSEV_ALL, "ChargingStatusReq", our_args=("--mode", "ac"),
         josev_ev=AC_EV),
    Case("iso2-dc-pnc-tls12", "iso2", "ISO_15118_2", DC, evcc_args=CONTRACT,
         expect=("PaymentDetailsReq", "AuthorizationReq"), **PNC),
    Case("iso2-dc-pnc-install-tls12", "iso2", "ISO_15118_2", DC, evcc_args=INSTALL,
         josev_ev={"isCertInstallNeeded": True},
         expect=("CertificateInstallationReq", "PaymentDetailsReq", "AuthorizationReq"), **PNC),
    Case("iso2-ac-pnc-tls12", "iso2", "ISO_15118_2", "ChargingStatusReq", our_args=("--mode", "ac"),
         evcc_args=CONTRACT, josev_ev=AC_EV, expect=("PaymentDetailsReq", "AuthorizationReq"), **PNC),
    Case("iso20-dc-eim-tls13", "iso20", "ISO_15118_20_DC", "DC_ChargeLoopReq",
         our_args=("--service", "dc", "--tls-group", "secp256r1"), secc_args=JOSEV_CAR_DC,
         josev_ev={"supportedEnergyServices": ["DC"]}, **TLS13),
    Case("iso20-dc-bpt-eim-tls13", "iso20", "ISO_15118_20_DC", "DC_ChargeLoopReq",
         our_args=("--service", "dc_bpt", "--tls-group", "secp256r1"), secc_args=JOSEV_CAR_DC,
         josev_ev={"supportedEnergyServices": ["DC_BPT"]}, **TLS13),
    Case("iso20-ac-eim-tls13", "iso20", "ISO_15118_20_AC", "AC_ChargeLoopReq",
         our_args=("--service", "ac", "--tls-group", "secp256r1"), secc_args=JOSEV_CAR_AC,
         josev_ev={"supportedEnergyServices": ["AC"], "energyTransferMode": "AC_three_phase_core"}, **TLS13),
]


def _pnc(case: Case) -> bool:
    return case.josev_env.get("AUTH_MODES") == "PNC"


def _installs(case: Case) -> bool:
    return "CertificateInstallationReq" in case.expect


@pytest.mark.privileged
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_josev_evcc_to_our_secc(case: Case, make_peer: Callable[[Case], Peer], tmp_path: Path) -> None:
    outcome = josev_evcc_to_our_secc(case, make_peer(case), tmp_path)
    check_session(outcome, case)
    if case.protocol == "iso20":
        check_iso20(outcome, case, "Dynamic", our_side="secc")
    if _pnc(case):
        check_pnc(outcome, _installs(case))
        check_receipts(outcome, tmp_path / "receipts.db")
    if _installs(case):
        _check_josevs_installation_request(outcome)


def _check_josevs_installation_request(outcome: Outcome) -> None:
    """Issue 18, item 8: Josev's car selects its services without a ParameterSetID and names its V2G
    root's issuer as Python's repr of the name (free text, not RFC 4514); our charger forwards the
    signed request as it is and the certificate service answers it."""
    sent = {m.name: m.body for m in outcome.josev if m.direction == "tx"}
    services = sent["PaymentServiceSelectionReq"]["SelectedServiceList"]["SelectedService"]
    assert services and all("ParameterSetID" not in s for s in services), services
    (root,) = sent["CertificateInstallationReq"]["ListOfRootCertificateIDs"]["RootCertificateID"]
    assert root["X509IssuerName"].startswith("<Name(CN=V2GRootCA"), root
    received = {m.name: m.body for m in outcome.ours}
    assert received["CertificateInstallationRes"]["ResponseCode"] == "OK"


@pytest.mark.privileged
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_our_evcc_to_josev_secc(case: Case, make_peer: Callable[[Case], Peer], tmp_path: Path) -> None:
    peer = make_peer(case)
    outcome = our_evcc_to_josev_secc(case, peer, tmp_path)
    check_session(outcome, case)
    if case.protocol == "iso20":  # our car takes the Scheduled mode Josev's charger offers first
        check_iso20(outcome, case, "Scheduled", our_side="evcc")
        check_schedule_choice(outcome)
    if _pnc(case):
        check_pnc(outcome, _installs(case))
        # its charger signs the SalesTariff with the MO Sub-CA 2 key: our car verified it with the
        # Sub-CA 2 of its contract chain before it chose the schedule (or it would have stopped)
        (cpd,) = [m for m in outcome.ours if m.name == "ChargeParameterDiscoveryRes"]
        assert cpd.body["_signed"] and cpd.body["SAScheduleList"]["SAScheduleTuple"][0]["SalesTariff"]
    if _installs(case):
        assert peer.josev_pki is not None
        _check_installed_contract(outcome, tmp_path / "contract", peer.josev_pki)


def _check_installed_contract(outcome: Outcome, folder: Path, josev_pki: Path) -> None:
    """Our car stored the contract Josev's charger issued (the one in its PKI files: it hands out
    that one), with the key it decrypted, files of mode 0600, and paid with it."""
    certs = josev_pki / "iso15118_2" / "certs"
    issued = x509.load_der_x509_certificate((certs / "contractLeafCert.der").read_bytes())
    chain = x509.load_pem_x509_certificates((folder / "contract_chain.pem").read_bytes())
    assert chain[0] == issued
    key = load_pem_private_key((folder / "contract_key.pem").read_bytes(), None)
    point = (Encoding.X962, PublicFormat.UncompressedPoint)
    assert key.public_key().public_bytes(*point) == issued.public_key().public_bytes(*point)
    assert all((folder / name).stat().st_mode & 0o777 == 0o600 for name in ("contract_chain.pem",
                                                                              "contract_key.pem"))
    emaid = issued.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
    assert isinstance(emaid, str)
    assert f"contract {emaid} installed in {folder}" in outcome.our_output


@pytest.mark.privileged
def test_our_car_pauses_and_resumes_at_josevs_charger(make_peer: Callable[[Case], Peer],
                                                      tmp_path: Path) -> None:
    """SessionStop(Pause), then a new connection with the paused SessionID: Josev's charger joins it
    (OK_OldSessionJoined) and charges again."""
    case = Case("iso2-dc-eim-pause-resume", "iso2", JOSEV_ALL, DC, cycles=2)
    paused, resumed = our_evcc_sessions_with_josev_secc(case, make_peer(case), tmp_path,
                                                         [("--pause",), ("--resume", "{sid}")])
    for outcome in (paused, resumed):
        check_session(outcome, case)
    assert paused.ours[-2].body["ChargingSession"] == "Pause" and "pause" in paused.josev_reason
    for side in (resumed.ours, resumed.josev):
        assert side[3].name == "SessionSetupRes" and side[3].response_code == "OK_OldSessionJoined"
    assert "terminate" in resumed.josev_reason


FOREIGN = Case("iso2-dc-pnc-foreign-contract", "iso2", "ISO_15118_2", DC, **PNC)
"""A contract whose chain ends at another MO root than the charger's."""


@pytest.mark.privileged
def test_our_charger_refuses_josevs_contract_of_another_mo(
        make_peer: Callable[[Case], Peer], foreign_contract: tuple[Path, Path], tmp_path: Path) -> None:
    """Josev's car pays with a contract chain that does not end at our charger's MO root: our
    charger answers FAILED_CertChainError and the session ends there (issue 18, item 8)."""
    peer = dataclasses.replace(make_peer(FOREIGN), josev_pki=foreign_contract[1])
    outcome = josev_evcc_to_our_secc(FOREIGN, peer, tmp_path)
    for who, messages in (("our trace", outcome.ours), ("Josev's log", outcome.josev)):
        names = [m.name for m in messages]
        assert names[-2:] == ["PaymentDetailsReq", "PaymentDetailsRes"], (who, names)
        assert messages[-1].response_code == "FAILED_CertChainError", who
        assert "AuthorizationReq" not in names
    assert not JOSEV_SUCCESS.search(outcome.josev_reason), outcome.josev_reason


@pytest.mark.privileged
def test_josevs_charger_accepts_a_contract_of_another_mo(
        make_peer: Callable[[Case], Peer], foreign_contract: tuple[Path, Path], tmp_path: Path) -> None:
    """Peer fact (issue 18, item 8): Josev's charger takes a contract chain that fails against its
    MO root without a word (PaymentDetailsRes and AuthorizationRes OK: its simulated backend
    accepts everything). Its SalesTariff, signed with its own MO Sub-CA 2 key, then fails against
    the Sub-CA 2 of our car's (other) contract chain, and our car stops there."""
    case = dataclasses.replace(FOREIGN, evcc_args=("--contract", str(foreign_contract[0])))
    (outcome,) = our_evcc_sessions_with_josev_secc(case, make_peer(case), tmp_path, [()], ok=False)
    assert "Local chain verification failed" in outcome.josev_log
    names = [m.name for m in outcome.josev]
    assert names[-2:] == ["ChargeParameterDiscoveryReq", "ChargeParameterDiscoveryRes"], names
    codes = {m.name: m.response_code for m in outcome.josev if m.direction == "tx"}
    assert codes["PaymentDetailsRes"] == "OK" and codes["AuthorizationRes"] == "OK"
    assert "SalesTariff signature" in outcome.our_output, outcome.our_output


@pytest.mark.privileged
def test_josevs_car_refuses_a_charger_chain_whose_eku_lacks_server_auth(
        make_peer: Callable[[Case], Peer], cpo_sub_ca_for_clients_only: Path, tmp_path: Path) -> None:
    """Peer fact (issue 18, item 8): a CPO Sub-CA with an Extended Key Usage that lacks serverAuth
    makes Josev's car (OpenSSL, purpose sslserver) refuse the TLS handshake; no session starts. So a
    PKI we make for interop sets no EKU on CAs and serverAuth on the SECC leaf."""
    case = Case("iso2-dc-eim-tls12-cpo-eku", "iso2", JOSEV_ALL, DC, tls="1.2")
    peer = dataclasses.replace(make_peer(case), our_pki=cpo_sub_ca_for_clients_only)
    found, ours = josev_evcc_handshake_with_our_secc(case, peer, tmp_path, re.compile(
        r"(CERTIFICATE_VERIFY_FAILED[^\n]*)"))
    assert "unsuitable certificate purpose" in found, found  # the same PKI without it: iso2-dc-eim-tls12
    assert "session #1 started" not in ours, ours


ISO20_DC = next(c for c in CASES if c.id == "iso20-dc-eim-tls13")
JOSEV_ENDS = re.compile(r"Reason: ([^\n]*)")
"""What Josev's car logs when its session ends (here: how it failed)."""


def _rn(value: Any) -> float:
    return float(value["Value"]) * 10.0 ** int(value["Exponent"])


@pytest.mark.privileged
def test_josevs_car_takes_the_first_control_mode_and_wants_a_price_schedule(
        make_peer: Callable[[Case], Peer], tmp_path: Path) -> None:
    """Peer facts (issue 19, item 7): our charger offering both control modes (its default,
    Scheduled first), Josev's car selects the first parameter set offered (Scheduled) and then
    refuses our Scheduled ScheduleExchangeRes: its message model wants an AbsolutePriceSchedule or a
    PriceLevelSchedule in every ChargingSchedule, which the schema leaves optional
    (ChargingScheduleType: a choice of minOccurs 0) and our charger, without a tariff, leaves out.
    So Josev's car charges at ours in the Dynamic mode (``JOSEV_CAR_DC``)."""
    case = dataclasses.replace(ISO20_DC, secc_args=("--loop-timeout", LOOP_TIMEOUT))
    found, _ = josev_evcc_handshake_with_our_secc(case, make_peer(case), tmp_path, JOSEV_ENDS)
    assert "V2GMessageValidationError" in found and "in state ScheduleExchange" in found, found
    ours = read_trace(tmp_path / "secc.jsonl", "evse")
    sent = {m.name: m.body for m in ours}
    sets = sent["ServiceDetailRes"]["ServiceParameterList"]["ParameterSet"]
    modes = [next(p["intValue"] for p in s["Parameter"] if p["Name"] == "ControlMode") for s in sets]
    assert modes[0] == 1 and 2 in modes, modes  # 1: Scheduled, 2: Dynamic
    chosen = sent["ServiceSelectionReq"]["SelectedEnergyTransferService"]["ParameterSetID"]
    assert chosen == sets[0]["ParameterSetID"]
    assert [m.name for m in ours[-2:]] == ["ScheduleExchangeReq", "ScheduleExchangeRes"]
    assert ours[-1].response_code == "OK" and "Scheduled_SEReqControlMode" in ours[-2].body
    tuples = ours[-1].body["Scheduled_SEResControlMode"]["ScheduleTuple"]
    assert tuples and all(set(t["ChargingSchedule"]) == {"PowerSchedule"} for t in tuples), tuples


@pytest.mark.privileged
def test_our_charger_refuses_josevs_20_kv_precharge_target(
        make_peer: Callable[[Case], Peer], tmp_path: Path) -> None:
    """Peer fact (issue 19, item 7): Josev's DC car asks a 20 kV pre-charge target (its simulator's
    fixed value; its ChargeParameterDiscovery said 1000 V at most). Our charger (1000 V, its
    default) answers FAILED_WrongChargeParameter instead of passing it to the power stage, and the
    session ends there. So the DC cases give our charger 20 kV (``JOSEV_CAR_DC``)."""
    case = dataclasses.replace(ISO20_DC, secc_args=JOSEV_CAR_AC)
    found, _ = josev_evcc_handshake_with_our_secc(case, make_peer(case), tmp_path, JOSEV_ENDS)
    assert "FAILED_WRONG_CHARGE_PARAMETER" in found and "DC_PreChargeRes" in found, found
    ours = read_trace(tmp_path / "secc.jsonl", "evse")
    assert [m.name for m in ours[-2:]] == ["DC_PreChargeReq", "DC_PreChargeRes"]
    assert _rn(ours[-2].body["EVTargetVoltage"]) == 20000
    cpd = next(m.body for m in ours if m.name == "DC_ChargeParameterDiscoveryReq")
    assert _rn(cpd["DC_CPDReqEnergyTransferMode"]["EVMaximumVoltage"]) == 1000
    assert ours[-1].response_code == "FAILED_WrongChargeParameter"


@pytest.mark.privileged
def test_our_pnc_car_pauses_and_resumes_at_josevs_charger(make_peer: Callable[[Case], Peer],
                                                          tmp_path: Path) -> None:
    """Plug & Charge, paused and resumed: Josev's charger joins the paused session and wants
    PaymentDetails again (issue 18, item 8); our car presents its contract once more, answers the
    fresh challenge, is authorized at once (Finished, no Ongoing loop) and charges."""
    case = Case("iso2-dc-pnc-pause-resume", "iso2", "ISO_15118_2", DC, cycles=2, evcc_args=CONTRACT,
                expect=("PaymentDetailsReq", "AuthorizationReq"), **PNC)
    paused, resumed = our_evcc_sessions_with_josev_secc(case, make_peer(case), tmp_path,
                                                         [("--pause",), ("--resume", "{sid}")])
    for outcome in (paused, resumed):
        check_session(outcome, case)
        check_pnc(outcome, installs=False)
    assert paused.ours[-2].body["ChargingSession"] == "Pause" and "pause" in paused.josev_reason
    for side in (resumed.ours, resumed.josev):
        assert side[3].name == "SessionSetupRes" and side[3].response_code == "OK_OldSessionJoined"
    challenges = [next(m.body["GenChallenge"] for m in o.ours if m.name == "PaymentDetailsRes")
                  for o in (paused, resumed)]
    assert challenges[0] != challenges[1]
