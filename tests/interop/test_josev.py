"""Against the Python incumbent Josev (PyPI iso15118 0.31.2), over a veth pair between two network
namespaces with SDP: its EVCC against our SECC and our EVCC against its SECC, each a whole session
to SessionStop after a charging loop, checked in our trace and in Josev's log.

Adding a case (another protocol, service, TLS version or Plug & Charge): one more ``Case`` in
``CASES``; see README.md in this folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.interop._interop import (
    JOSEV_ALL,
    Case,
    Peer,
    check_messages,
    check_session,
    josev_evcc_to_our_secc,
    josev_to_josev,
    our_evcc_sessions_with_josev_secc,
    our_evcc_to_josev_secc,
)

DC = "CurrentDemandReq"
# Josev offers (its EVCC) and accepts (its SECC) all its protocols, as it does by default; our side
# offers or accepts the case's protocol only.
CASES = [
    Case("din-dc-tcp", "din", JOSEV_ALL, DC),
    Case("iso2-dc-eim-tcp", "iso2", JOSEV_ALL, DC),
    Case("iso2-dc-eim-tls12", "iso2", JOSEV_ALL, DC, tls="1.2"),
    Case("iso2-ac-eim-tcp", "iso2", JOSEV_ALL, "ChargingStatusReq", our_args=("--mode", "ac"),
         josev_ev={"energyTransferMode": "AC_three_phase_core", "supportedEnergyServices": ["AC"]}),
]


@pytest.mark.privileged
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_josev_evcc_to_our_secc(case: Case, make_peer: Callable[[Case], Peer], tmp_path: Path) -> None:
    check_session(josev_evcc_to_our_secc(case, make_peer(case), tmp_path), case)


@pytest.mark.privileged
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_our_evcc_to_josev_secc(case: Case, make_peer: Callable[[Case], Peer], tmp_path: Path) -> None:
    check_session(our_evcc_to_josev_secc(case, make_peer(case), tmp_path), case)


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


# Cases our CLI cannot run yet (-20 on branch iso20w, Plug & Charge on pnc2): Josev against itself,
# with our PKI in its layout and the settings the case gives it, so that the peer's side of each is
# known to work when ours joins (then the case moves to CASES; see README.md).
PEER_ONLY = [
    Case("iso20-dc-tls13", "iso20", "ISO_15118_20_DC", "DC_ChargeLoopReq", tls="1.3", pki_profile="iso20",
         our_args=("--service", "dc", "--tls-group", "secp256r1"),
         josev_ev={"supportedEnergyServices": ["DC"]}, trace_protocols=("iso20", "iso20-dc")),
    Case("iso2-dc-pnc-install-tls12", "iso2", "ISO_15118_2", DC, tls="1.2", josev_env={"AUTH_MODES": "PNC"},
         josev_ev={"isCertInstallNeeded": True},
         expect=("CertificateInstallationReq", "PaymentDetailsReq")),
]


@pytest.mark.privileged
@pytest.mark.parametrize("case", PEER_ONLY, ids=lambda c: c.id)
def test_josev_against_itself_with_our_pki(case: Case, make_peer: Callable[[Case], Peer],
                                           tmp_path: Path) -> None:
    evcc, secc = josev_to_josev(case, make_peer(case), tmp_path)
    check_messages(evcc, case, "Josev's EVCC")
    check_messages(secc, case, "Josev's SECC")
    assert [m.name for m in evcc] == [m.name for m in secc]
