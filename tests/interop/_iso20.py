"""What an ISO 15118-20 session with Josev must show beyond :func:`check_session` (issue 19, item 7):
the -20 message sequence of the service (ServiceDetail before ServiceSelection), the service and
control mode chosen, the EXI grammar of every message as the V2GTP payload type named it (Josev
logs the grammar it decoded each message with, and picks it from the payload type), TLS 1.3 with
mutual authentication on the peer's group, and SessionStop(Terminate)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from tests.interop._interop import Case, Outcome
from tests.interop._josev import Message

SERVICE_IDS = {"ac": 1, "dc": 2, "ac_bpt": 5, "dc_bpt": 6}
"""ISO 15118-20 energy transfer ServiceIDs."""
_COMMON = ["SessionSetup", "AuthorizationSetup", "Authorization", "ServiceDiscovery", "ServiceDetail",
           "ServiceSelection"]
SEQUENCES = {
    "dc": ["supportedAppProtocol", *_COMMON, "DC_ChargeParameterDiscovery", "ScheduleExchange",
           "DC_CableCheck", "DC_PreCharge", "PowerDelivery", "DC_ChargeLoop", "PowerDelivery",
           "DC_WeldingDetection", "SessionStop"],
    "ac": ["supportedAppProtocol", *_COMMON, "AC_ChargeParameterDiscovery", "ScheduleExchange",
           "PowerDelivery", "AC_ChargeLoop", "PowerDelivery", "SessionStop"],
}
"""The requests of a whole session, repeats (Ongoing, the loop) collapsed."""


def service_of(case: Case) -> str:
    """The case's -20 service (its ``--service``)."""
    return case.our_args[case.our_args.index("--service") + 1]


def _collapse(names: Sequence[str]) -> list[str]:
    return [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n]


def _grammars(name: str) -> tuple[str, str]:
    """(Josev's namespace, our trace's protocol) of a message: its set's, as its payload type says
    (0x8001 handshake, 0x8002 common, 0x8003 AC, 0x8004 DC)."""
    if name.startswith("supportedAppProtocol"):
        return "Namespace.SAP", "app"
    if name.startswith("DC_"):
        return "Namespace.ISO_V20_DC", "iso20-dc"
    if name.startswith("AC_"):
        return "Namespace.ISO_V20_AC", "iso20-ac"
    return "Namespace.ISO_V20_COMMON_MSG", "iso20"


def _first(messages: Sequence[Message]) -> dict[str, Mapping[str, Any]]:
    return {m.name: m.body for m in reversed(messages)}


def check_iso20(outcome: Outcome, case: Case, control: str, our_side: str) -> None:
    """Both records of a -20 session: the service's sequence, the selected service (asked about
    with ServiceDetail first) and control mode (``control``: "Scheduled" or "Dynamic") in every loop
    request, each message in its own set's grammar on both sides, SessionStop(Terminate); our
    trace's TLS 1.3 on secp256r1 with the peer's chain (``our_side`` "secc": Josev's car presented
    our vehicle chain, mutual authentication; "evcc": the charger's)."""
    service = service_of(case)
    sid = SERVICE_IDS[service]
    for who, messages in (("our trace", outcome.ours), ("Josev's log", outcome.josev)):
        requests = _collapse([m.name.removesuffix("Req") for m in messages[::2]])
        assert requests == SEQUENCES[service[:2]], (who, requests)
        first = _first(messages)
        assert first["SessionSetupRes"]["ResponseCode"] == "OK_NewSessionEstablished", who
        offered = first["ServiceDiscoveryRes"]["EnergyTransferServiceList"]["Service"]
        assert sid in [s["ServiceID"] for s in offered], (who, offered)
        assert first["ServiceDetailReq"]["ServiceID"] == sid, who
        assert first["ServiceSelectionReq"]["SelectedEnergyTransferService"]["ServiceID"] == sid, who
        mode = f"{'BPT_' if service.endswith('_bpt') else ''}{control}_{service[:2].upper()}_CLReqControlMode"
        loops = [json.dumps(m.body) for m in messages if m.name == case.loop]
        assert loops and all(f'"{mode}"' in b for b in loops), (who, mode, loops[:1])
        assert first["SessionStopReq"]["ChargingSession"] == "Terminate", who
    for m in outcome.josev:
        assert m.body["_ns"] == _grammars(m.name)[0], (m.direction, m.name, m.body["_ns"])
    for m in outcome.ours:
        assert m.body["_protocol"] == _grammars(m.name)[1], (m.direction, m.name, m.body["_protocol"])
    tls = outcome.ours[0].body
    assert (tls["_tls"], tls["_tls_group"]) == ("TLSv1.3", "secp256r1"), tls
    peer_cn = {"secc": "CN=VehicleCert", "evcc": "CN=SECCCert"}[our_side]
    assert tls["_tls_peer"] and peer_cn in tls["_tls_peer"][0], (peer_cn, tls["_tls_peer"])
    labels = {line.split()[0] for line in outcome.keylog.splitlines() if line.strip()}
    assert "CLIENT_RANDOM" not in labels and "CLIENT_TRAFFIC_SECRET_0" in labels, labels


def check_schedule_choice(outcome: Outcome) -> None:
    """Our car in the Scheduled mode at Josev's charger: PowerDeliveryReq(Start) names one of the
    ScheduleTuples offered (Josev's charger needs SelectedScheduleTupleID) and confirms the
    PowerTolerance Josev gives with it (PowerToleranceAcceptance: its charger refuses a profile
    without one)."""
    for who, messages in (("our trace", outcome.ours), ("Josev's log", outcome.josev)):
        first = _first(messages)
        assert "Scheduled_SEReqControlMode" in first["ScheduleExchangeReq"], who
        tuples = first["ScheduleExchangeRes"]["Scheduled_SEResControlMode"]["ScheduleTuple"]
        assert all("PowerTolerance" in t["ChargingSchedule"]["PowerSchedule"] for t in tuples), who
        profile = first["PowerDeliveryReq"]["EVPowerProfile"]["Scheduled_EVPPTControlMode"]
        assert profile["SelectedScheduleTupleID"] in [t["ScheduleTupleID"] for t in tuples], (who, profile)
        assert profile["PowerToleranceAcceptance"] == "PowerToleranceConfirmed", (who, profile)
