"""The ISO 15118-20 captures of dsV2Gshark. The DC requests of the public dSPACE captures (a
DS5366 car against Josev, TLS 1.3 and mutual TLS; the TLS secrets are in the captures' own
disclosure frames, read here as key-log lines and given to v2g.capture) fed to our SECC: every
request gets the paired response with an OK code, on the payload type it came on, from
SupportedAppProtocol to SessionStop.

What is adapted: the SessionID (ours), the parameter set the car selects (mapped by its ControlMode
to ours: Josev numbers them the other way round), and the repeats of an Ongoing request (a request
the car repeated after our SECC finished is dropped; one it stopped repeating before ours finished
is repeated). The AC_BPT capture (plain TCP) runs both ways: its requests to our SECC, its
responses to our EVCC."""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from _iso20 import RecordingDcEvse, secc_for, with_sid

import exi
from exi.iso20 import generated_types as c
from v2g import apphand
from v2g.capture import CapturedSession, sessions
from v2g.controller import EnergyMode, SimulatedBptAcEvse, SimulatedBptEv
from v2g.evcc import EvccConfig, EvccSession
from v2g.evcc.iso20_specs import SPECS as EVCC_SPECS
from v2g.secc import SeccConfig, SeccSession
from v2g.secc import iso20 as secc20
from v2g.v2gtp import PayloadType

FOLDER = Path(__file__).resolve().parents[2] / ".." / "shared" / "captures" / "dsV2Gshark"
CAPTURES = ["ISO-20_TLS13_DC_DS5366_Josev.pcapng", "ISO-20_mTLS_DC_DS5366_Josev.pcapng"]
_SECRET = re.compile(rb"((?:CLIENT|SERVER)_[A-Z_]*TRAFFIC_SECRET(?:_0)?) ([0-9a-f]{64}) ([0-9a-f]{64,128})")
ONGOING_TYPES = (c.AuthorizationReq, c.ScheduleExchangeReq, secc20.d.DC_CableCheckReq)


@cache
def captured(name: str) -> CapturedSession:
    path = FOLDER / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    lines = sorted({b" ".join(m.groups()).decode() for m in _SECRET.finditer(path.read_bytes())})
    (session,) = [s for s in sessions(path, "\n".join(lines) + "\n") if s.schema == "iso20"]
    return session


def _control_modes(session: CapturedSession) -> dict[int, int]:
    """ParameterSetID -> ControlMode of the DC service, as the captured SECC offered them."""
    (res,) = [m.message for m in session.responses if isinstance(m.message, c.ServiceDetailRes)]
    out = {}
    for ps in res.ServiceParameterList.ParameterSet:
        for p in ps.Parameter:
            if p.Name == "ControlMode" and p.intValue is not None:
                out[ps.ParameterSetID] = p.intValue
    return out


def _ongoing(res: Any) -> bool:
    return getattr(res, "EVSEProcessing", c.processingType.Finished) is not c.processingType.Finished


@pytest.mark.parametrize("name", CAPTURES)
def test_captured_requests_get_ok_responses_from_our_secc(name: str) -> None:
    session = captured(name)
    modes = _control_modes(session)
    secc = secc_for(RecordingDcEvse())
    handshake = session.requests[0]
    assert handshake.payload_type == PayloadType.EXI
    now = 0.0
    secc.receive(PayloadType.EXI, handshake.raw, now)
    ((_, data),) = secc.data_to_send()
    assert exi.decode(data, "app").ResponseCode.value == "OK_SuccessfulNegotiation"

    answered: list[str] = []
    last_ongoing = False

    def send(request: Any, payload_type: int) -> Any:
        nonlocal now
        now += 0.2
        body = with_sid(request, secc.session_id or b"\x00" * 8)
        secc.receive(payload_type, exi.encode(body), now)
        ((sent_type, out),) = secc.data_to_send()
        assert sent_type == payload_type
        res = exi.decode(out, "iso20-dc" if payload_type == PayloadType.ISO20_DC else "iso20")
        assert type(res) is secc20.SPEC.responses[type(body)]
        assert res.ResponseCode.value.startswith("OK"), (
            type(res).__name__,
            res.ResponseCode,
            secc.close_reason,
        )
        answered.append(type(res).__name__)
        return res

    requests = [r for r in session.requests[1:] if r.message is not None]
    for i, captured_request in enumerate(requests):
        request = captured_request.message
        if isinstance(request, c.ServiceSelectionReq):
            car_mode = modes[request.SelectedEnergyTransferService.ParameterSetID]
            # our parameter set of a control mode has the ControlMode's number (1 Scheduled, 2 Dynamic)
            ours = dataclasses.replace(request.SelectedEnergyTransferService, ParameterSetID=car_mode)
            request = dataclasses.replace(request, SelectedEnergyTransferService=ours)
        repeat = i > 0 and type(requests[i - 1].message) is type(request)
        if isinstance(request, ONGOING_TYPES) and repeat and not last_ongoing:
            continue  # our SECC finished before the captured one did
        res = send(request, captured_request.payload_type)
        last_ongoing = _ongoing(res)
        following = requests[i + 1].message if i + 1 < len(requests) else None
        while last_ongoing and type(following) is not type(request):
            res = send(request, captured_request.payload_type)  # ours is not finished yet: repeat
            last_ongoing = _ongoing(res)
    assert answered[-1] == "SessionStopRes"
    assert secc.closed and secc.close_reason == "terminated"
    assert secc.context.control_mode == "Dynamic"
    assert {"DC_PreChargeRes", "DC_ChargeLoopRes", "DC_WeldingDetectionRes"} <= set(answered)


# ------------------------------------------------------------- dsV2Gshark: AC_BPT, plain TCP, Josev

AC_BPT_CAPTURE = "ISO-20_BPT_AC_DS5366_Josev.pcapng"


@cache
def captured_ac() -> CapturedSession:
    path = FOLDER / AC_BPT_CAPTURE
    if not path.exists():
        pytest.skip(f"{path} not present")
    (session,) = [s for s in sessions(path, "") if s.schema == "iso20"]
    return session


def test_the_ac_bpt_capture_requests_get_ok_responses_from_our_secc() -> None:
    """The car's requests (AC_BPT, service 5, Scheduled) to our AC_BPT SECC: each gets its paired
    response with OK, on its payload type (0x8002 common, 0x8003 AC); adapted: the SessionID and
    the SelectedScheduleTupleID (the captured charger's 42 becomes our first schedule)."""
    session = captured_ac()
    cfg = SeccConfig(
        protocols=(apphand.Protocol(apphand.NS_ISO20_AC, 1, 0),),
        specs=(secc20.SPECS["ac_bpt", "any"],),
        energy_modes=(EnergyMode.AC_SINGLE_PHASE,),
    )
    secc = SeccSession(cfg, SimulatedBptAcEvse(), 0.0, wall=1_761_474_990.0)
    now = 0.0
    secc.receive(PayloadType.EXI, session.requests[0].raw, now)
    ((_, data),) = secc.data_to_send()
    assert exi.decode(data, "app").ResponseCode.value == "OK_SuccessfulNegotiation"
    answered = []
    for captured_request in session.requests[1:]:
        request = captured_request.message
        if isinstance(request, c.PowerDeliveryReq) and request.EVPowerProfile is not None:
            mode = request.EVPowerProfile.Scheduled_EVPPTControlMode
            assert mode is not None and mode.SelectedScheduleTupleID == 42
            ours = dataclasses.replace(mode, SelectedScheduleTupleID=secc.context.schedules[0].schedule_id)  # type: ignore[attr-defined]
            request = dataclasses.replace(
                request,
                EVPowerProfile=dataclasses.replace(request.EVPowerProfile, Scheduled_EVPPTControlMode=ours),
            )
        now += 0.2
        secc.receive(
            captured_request.payload_type, exi.encode(with_sid(request, secc.session_id or b"\x00" * 8)), now
        )
        ((sent_type, out),) = secc.data_to_send()
        assert sent_type == captured_request.payload_type
        res = exi.decode(out, "iso20-ac" if sent_type == PayloadType.ISO20_AC else "iso20")
        assert res.ResponseCode.value.startswith("OK"), (
            type(res).__name__,
            res.ResponseCode,
            secc.close_reason,
        )
        answered.append(type(res).__name__)
    assert answered[-1] == "SessionStopRes" and secc.close_reason == "terminated"
    assert secc.context.service_id == 5 and secc.context.control_mode == "Scheduled"  # type: ignore[attr-defined]
    assert answered.count("AC_ChargeLoopRes") == 11


def test_the_ac_bpt_capture_responses_are_accepted_by_our_evcc_in_their_order() -> None:
    """The captured charger's responses, fed in their order to our AC_BPT EVCC (Scheduled, 11
    loop cycles as the car did): the EVCC sends the request each expects and ends OK."""
    session = captured_ac()
    cfg = EvccConfig(
        protocols=(apphand.Protocol(apphand.NS_ISO20_AC, 1, 0),),
        specs=(EVCC_SPECS["ac_bpt", "scheduled"],),
        energy_mode=EnergyMode.AC_SINGLE_PHASE,
        charging_loop_cycles=11,
    )
    evcc = EvccSession(cfg, SimulatedBptEv(), 0.0, wall=1_761_474_990.0)
    now = 0.0
    evcc.start(now)
    sent: list[str] = []
    for captured_response in session.responses:
        out = evcc.data_to_send()
        while not out:
            deadline = evcc.get_timer()
            assert deadline is not None and not evcc.closed, evcc.result
            now = max(now, deadline)
            evcc.handle_timer(now)
            out = evcc.data_to_send()
        assert len(out) == 1
        name = type(captured_response.message).__name__
        sent.append(name)
        now += 0.01
        evcc.receive(captured_response.payload_type, captured_response.raw, now)
    assert evcc.result is not None and evcc.result.ok, evcc.result
    ours = []
    while (record := evcc.next_trace()) is not None:
        if record.direction == "tx":
            ours.append(record.message)
    assert ours == [type(r.message).__name__ for r in session.requests]  # the car's own sequence
    assert evcc.context.schedule is not None and evcc.context.schedule.schedule_id in (42, 48)  # type: ignore[attr-defined]
    assert sent[-1] == "SessionStopRes"
