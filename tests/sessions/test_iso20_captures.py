"""The ISO 15118-20 DC requests of the public dSPACE captures (a DS5366 car against Josev, TLS 1.3
and mutual TLS; the TLS secrets are in the captures' own disclosure frames, read here as key-log
lines and given to v2g.capture) fed to our SECC: every request gets the paired response with an
OK code, on the payload type it came on, from SupportedAppProtocol to SessionStop.

What is adapted: the SessionID (ours), the parameter set the car selects (mapped by its ControlMode
to ours: Josev numbers them the other way round), and the repeats of an Ongoing request (a request
the car repeated after our SECC finished is dropped; one it stopped repeating before ours finished
is repeated)."""

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
from v2g.capture import CapturedSession, sessions
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
