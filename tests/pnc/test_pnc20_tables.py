"""Every (state, request type) pair of the extended ISO 15118-20 SECC table in a Plug & Charge
session (TLS, MO roots, a receipt store), per algorithm family (P-521 and Ed448), in a DC and an
AC_BPT session. The SECC is driven into each state by our EVCC with a -20 contract, then one
request of every type of the spec (minimal content; AuthorizationReq both with EIM and with PnC;
PowerDelivery once per ChargeProgress; with CertificateInstallation, MeteringConfirmation,
VehicleCheckIn and VehicleCheckOut) is sent. The states are every state of the table (Standby:
the loop, then PowerDelivery(Standby)) and the charging loop with a MeteringConfirmation asked for
(the loop response carried the notification). A pair the table does not have is
FAILED_SequenceError and the session ends; a pair it has gets its paired response, a FAILED one
ends the session, a WARNING or OK one keeps it (SessionStop ends it)."""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

import pytest

import exi
from exi.iso20 import generated_types as c
from tests.pnc._pnc20 import Pnc20Setup
from tests.sessions._session_harness import Run, pump
from v2g.minimal import minimal_message
from v2g.ocmf import OcmfMeter
from v2g.receipts import ReceiptStore
from v2g.secc import SeccSession
from v2g.secc import iso20 as secc20
from v2g.secc.iso20 import Iso20State
from v2g.secc.iso20.pnc import Contract20
from v2g.v2gtp import PayloadType

S = Iso20State
SPECS = {"dc": secc20.SPECS["dc", "any"], "ac_bpt": secc20.SPECS["ac_bpt", "any"]}
_PLAIN = frozenset({"Scheduled_SEReqControlModeType", "EIM_AReqAuthorizationModeType"})
PREFER = {
    "dc": _PLAIN | {"DC_CPDReqEnergyTransferModeType", "Scheduled_DC_CLReqControlModeType"},
    "ac_bpt": _PLAIN | {"BPT_AC_CPDReqEnergyTransferModeType", "BPT_Scheduled_AC_CLReqControlModeType"},
}
PREFER_SMD = frozenset({"Scheduled_SMDTControlModeType"})
ASKED = "ChargeLoop+MeteringConfirmationAsked"
"""The charging loop after a loop response that asked for a MeteringConfirmation."""
DC_ONLY = {S.CABLE_CHECK, S.PRE_CHARGE, S.WELDING}
TARGETS = {
    "dc": [*(s.value for s in S if s is not S.ENDED), ASKED],
    "ac_bpt": [*(s.value for s in S if s is not S.ENDED and s not in DC_ONLY), ASKED],
}
SCHEMAS = {PayloadType.ISO20_DC: "iso20-dc", PayloadType.ISO20_AC: "iso20-ac"}
FAMILIES = ["p521", "ed448"]


@cache
def samples(service: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for req in SPECS[service].responses:
        out[req.__name__] = minimal_message(req, prefer=PREFER[service] | PREFER_SMD)
    start = out.pop("PowerDeliveryReq")
    for progress in ("Start", "Stop", "Standby", "ScheduleRenegotiation"):
        out[f"PowerDeliveryReq/{progress}"] = dataclasses.replace(
            start, ChargeProgress=c.chargeProgressType(progress)
        )
    eim = out["AuthorizationReq"]
    out["AuthorizationReq/PnC"] = dataclasses.replace(
        eim,
        SelectedAuthorizationService=c.authorizationType.PnC,
        EIM_AReqAuthorizationMode=None,
        PnC_AReqAuthorizationMode=c.PnC_AReqAuthorizationModeType(
            Id="X1",
            GenChallenge=bytes(16),
            ContractCertificateChain=c.ContractCertificateChainType(
                Certificate=b"\x30\x00", SubCertificates=c.SubCertificatesType(Certificate=(b"\x30\x00",))
            ),
        ),
    )
    return out


def _asked(secc: SeccSession) -> bool:
    contract = secc.context.contract
    return isinstance(contract, Contract20) and contract.asked is not None


def reach(target: str, service: str, family: str) -> tuple[SeccSession, float]:
    """The SECC in ``target``. Confirmations are asked every 3 loops of our car's 4: at the third
    (ASKED), and PowerDelivery(Stop) asks for the fourth (Stopped). The store is in memory (the
    durable one is the metering tests' concern)."""
    receipts = ReceiptStore(":memory:")
    setup = Pnc20Setup(family, service=service, receipts=receipts, meter=OcmfMeter(), receipt_interval=3)
    secc, ev = setup.secc(), setup.evcc()
    if target == ASKED:
        state, until = S.CHARGING, lambda r: r.secc.state is S.CHARGING and _asked(r.secc)
    else:
        state = S(target)
        first = S.CHARGING if state is S.STANDBY else state
        until = lambda r: r.secc.state is first  # noqa: E731 - one condition
    run: Run = pump(secc, ev, stop_when=until)
    now = run.now
    if state is S.STANDBY:  # the EV asks for standby from the loop
        body = samples(service)["PowerDeliveryReq/Standby"]
        body = dataclasses.replace(body, Header=dataclasses.replace(body.Header, SessionID=secc.session_id))
        now += 0.01
        secc.receive(PayloadType.ISO20_MAIN, exi.encode(body), now)
        secc.data_to_send()
    assert secc.state is state and not secc.closed, f"{target} not reached: {secc.close_reason}"
    assert _asked(secc) == (target in (ASKED, S.STOPPED.value)), target  # Stop asks for the final one
    return secc, now


CASES = [
    (family, service, target, name)
    for family in FAMILIES
    for service in SPECS
    for target in TARGETS[service]
    for name in sorted(samples(service))
]


def _expected_special(target: str, name: str, code: str) -> None:
    """What the PnC and metering routes answer to the minimal samples."""
    if name == "AuthorizationReq/PnC" and target == S.AUTHORIZATION.value:
        assert code == "WARNING_ChallengeInvalid"  # the minimal sample's challenge is not ours
    if name == "MeteringConfirmationReq":
        if target in (ASKED, S.STOPPED.value):  # asked for: the minimal sample is not signed
            assert code == "FAILED_MeteringSignatureNotValid"
        elif target in (S.CHARGING.value, S.STANDBY.value):  # routed, but nothing was asked for
            assert code == "FAILED_SequenceError"
    if name in ("VehicleCheckInReq", "VehicleCheckOutReq"):
        routed = {
            "VehicleCheckInReq": {S.CHARGE_PARAMETER.value},
            "VehicleCheckOutReq": {"Stopped", "DC_WeldingDetection"},
        }
        assert (code == "OK") == (target in routed[name]), code


@pytest.mark.parametrize(
    ("family", "service", "target", "name"), CASES, ids=[f"{f}-{v}-{t}-{n}" for f, v, t, n in CASES]
)
def test_every_state_and_request_pair_in_a_pnc_session(
    family: str, service: str, target: str, name: str
) -> None:
    spec = SPECS[service]
    secc, now = reach(target, service, family)
    state = secc.state
    body = samples(service)[name]
    body = dataclasses.replace(
        body, Header=dataclasses.replace(body.Header, SessionID=secc.session_id or bytes(8))
    )
    route = spec.table.get((state, spec.event(body)))
    if route is not None and route.guard is not None and not route.guard.holds(secc.context):
        route = None
    payload_type = spec.envelope.payload_type(body)
    secc.receive(payload_type, exi.encode(body), now + 0.01)
    out = secc.data_to_send()
    for _ in range(100):  # CertificateInstallation: the answer comes when the service does (timers)
        timer = secc.get_timer()
        if out or timer is None:
            break
        secc.handle_timer(timer)
        out = secc.data_to_send()
    ((sent_type, data),) = out
    assert sent_type == payload_type
    res = exi.decode(data, SCHEMAS.get(PayloadType(payload_type), "iso20"))
    assert type(res) is spec.responses[type(body)]
    code = res.ResponseCode.value
    if route is None:
        assert code == "FAILED_SequenceError" and secc.closed
    elif code.startswith("FAILED"):
        assert secc.closed
    else:
        assert secc.closed == (type(body) is c.SessionStopReq), (code, secc.close_reason)
    _expected_special(target, name, code)


def test_the_cases_cover_the_extended_table() -> None:
    """Every state of the table (and the asked-for loop), every request type of the -20 common,
    DC and AC schemas the SECC pairs, the PnC, metering and parking ones among them."""
    for service, spec in SPECS.items():
        states = {s.value for s, _ in spec.table}
        covered = set(TARGETS[service])
        assert states - {s.value for s in DC_ONLY} <= covered and ASKED in covered
        assert (service == "dc") == (states <= covered)
        names = set(samples(service))
        assert {
            "AuthorizationSetupReq",
            "AuthorizationReq",
            "AuthorizationReq/PnC",
            "CertificateInstallationReq",
            "MeteringConfirmationReq",
            "VehicleCheckInReq",
            "VehicleCheckOutReq",
            "SessionStopReq",
        } <= names
        assert {t.__name__ for t in spec.responses} - {"PowerDeliveryReq"} <= names
        # every routed request this spec can read is sampled; the others are the other energy
        # transfer's (an AC spec session cannot read a DC message, nor the reverse)
        routed = {e if isinstance(e, type) else e[0] for _, e in spec.table}
        other = "iso20_dc" if service.startswith("ac") else "iso20_ac"
        assert all(t.__module__.split(".")[1] == other for t in routed - set(spec.responses))
