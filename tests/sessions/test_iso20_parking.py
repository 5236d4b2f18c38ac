"""ISO 15118-20 VehicleCheckIn and VehicleCheckOut on both sides, DC and AC: an EV controller
with the parking hook checks in after ServiceSelection (CheckIn, Processing, Completed) and out
after the stop sequence; the charger's hook gets the car's data and gives its answer; without
hooks neither message is sent, and a charger without the hook still answers; out of sequence it
is a sequence error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

import exi
from exi.iso20 import generated_types as c
from tests.sessions._session_harness import pump
from v2g import apphand
from v2g.controller import EnergyMode, SimulatedAcEvse, SimulatedDcEvse, SimulatedEv
from v2g.controller.parking import CheckIn, CheckOut, ParkingAnswer
from v2g.evcc import EvccConfig, EvccSession
from v2g.evcc.iso20_specs import SPECS as EVCC_SPECS
from v2g.secc import SeccConfig, SeccSession
from v2g.secc import iso20 as secc20
from v2g.v2gtp import PayloadType

WALL = 1_765_000_000.0
ISO20_DC = apphand.Protocol(apphand.NS_ISO20_DC, 1, 0)
ISO20_AC = apphand.Protocol(apphand.NS_ISO20_AC, 1, 0)


@dataclass
class ParkingCar(SimulatedEv):
    """Checks in with CheckIn, Processing, Completed; out with CheckOut, then Completed."""

    check_ins: list[CheckIn] = field(
        default_factory=lambda: [
            CheckIn("CheckIn", "AutoParking", vehicle_frame=120, device_offset=-15, vehicle_travel=300),
            CheckIn("Processing", "AutoParking", vehicle_travel=40),
            CheckIn("Completed", "AutoParking", vehicle_travel=0),
        ]
    )
    check_outs: list[CheckOut] = field(
        default_factory=lambda: [CheckOut("CheckOut", int(WALL) + 60), CheckOut("Completed", int(WALL) + 90)]
    )
    answers: list[ParkingAnswer] = field(default_factory=list)
    out_answers: list[str] = field(default_factory=list)

    def check_in_request(self, now: float) -> CheckIn | None:
        return self.check_ins.pop(0) if self.check_ins else None

    def checked_in(self, answer: ParkingAnswer, now: float) -> None:
        self.answers.append(answer)

    def check_out_request(self, now: float) -> CheckOut | None:
        return self.check_outs.pop(0) if self.check_outs else None

    def checked_out(self, status: str, now: float) -> None:
        self.out_answers.append(status)


class _Space:
    seen: list[Any]

    def check_in(self, request: CheckIn, now: float) -> ParkingAnswer:
        self.seen.append(request)
        return ParkingAnswer(parking_space=7, device_location=-3, target_distance=request.vehicle_travel)

    def check_out(self, request: CheckOut, now: float) -> str:
        self.seen.append(request)
        return "Scheduled" if request.status == "CheckOut" else "Completed"


@dataclass
class ParkingDcEvse(_Space, SimulatedDcEvse):
    seen: list[Any] = field(default_factory=list)


@dataclass
class ParkingAcEvse(_Space, SimulatedAcEvse):
    seen: list[Any] = field(default_factory=list)


def _pair(ac: bool, evse: Any, ev: Any) -> tuple[SeccSession, EvccSession]:
    proto = ISO20_AC if ac else ISO20_DC
    mode = EnergyMode.AC_THREE_PHASE if ac else EnergyMode.DC_EXTENDED
    spec = secc20.AC_SPEC if ac else secc20.SPEC
    secc = SeccSession(
        SeccConfig(protocols=(proto,), specs=(spec,), energy_modes=(mode,)), evse, 0.0, wall=WALL
    )
    evspec = EVCC_SPECS["ac" if ac else "dc", "scheduled"]
    cfg = EvccConfig(protocols=(proto,), specs=(evspec,), energy_mode=mode, charging_loop_cycles=3)
    return secc, EvccSession(cfg, ev, 0.0, wall=WALL)


@pytest.mark.parametrize("ac", [False, True], ids=["dc", "ac"])
def test_check_in_and_out_with_hooks(ac: bool) -> None:
    evse, ev = (ParkingAcEvse() if ac else ParkingDcEvse()), ParkingCar()
    run = pump(*_pair(ac, evse, ev))
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    req = run.requests()
    at = req.index("ServiceSelectionReq")
    assert req[at + 1 : at + 4] == ["VehicleCheckInReq"] * 3
    assert "ChargeParameterDiscoveryReq" in req[at + 4]
    assert req[-3:] == ["VehicleCheckOutReq", "VehicleCheckOutReq", "SessionStopReq"]
    first = evse.seen[0]
    assert (first.status, first.parking_method, first.vehicle_frame, first.device_offset) == (
        "CheckIn",
        "AutoParking",
        120,
        -15,
    )
    assert [a.target_distance for a in ev.answers] == [300, 40, 0]
    assert ev.answers[0] == ParkingAnswer(7, -3, 300)
    assert ev.out_answers == ["Scheduled", "Completed"]
    assert evse.seen[-1] == CheckOut("Completed", int(WALL) + 90)


def test_charger_without_hook_answers() -> None:
    ev = ParkingCar()
    run = pump(*_pair(False, SimulatedDcEvse(), ev))
    assert run.evcc.result is not None and run.evcc.result.ok
    assert ev.answers == [ParkingAnswer()] * 3 and ev.out_answers == ["Completed", "Completed"]


def test_no_hook_no_messages() -> None:
    run = pump(*_pair(False, ParkingDcEvse(), SimulatedEv()))
    assert run.evcc.result is not None and run.evcc.result.ok
    assert not any(r.startswith("Vehicle") for r in run.requests())


class _BadSpace(ParkingDcEvse):
    def check_in(self, request: CheckIn, now: float) -> ParkingAnswer:
        return ParkingAnswer(parking_space=40000)


def test_hook_value_out_of_range_is_failed() -> None:
    run = pump(*_pair(False, _BadSpace(), ParkingCar()))
    assert run.bodies("VehicleCheckInRes")[-1]["ResponseCode"] == "FAILED"
    assert run.secc.closed


def test_check_in_out_of_sequence() -> None:
    """A VehicleCheckInReq in the charging loop is a sequence error."""
    secc, ev = _pair(False, ParkingDcEvse(), SimulatedEv())
    run = pump(secc, ev, stop_when=lambda r: r.secc.state is secc20.Iso20State.CHARGING)
    body = c.VehicleCheckInReq(
        Header=c.MessageHeaderType(SessionID=secc.session_id, TimeStamp=1),
        EVCheckInStatus=c.evCheckInStatusType.CheckIn,
        ParkingMethod=c.parkingMethodType.Manual,
    )
    secc.receive(PayloadType.ISO20_MAIN, exi.encode(body), run.now + 0.01)
    ((_, data),) = secc.data_to_send()
    res = exi.decode(data, "iso20")
    assert (
        isinstance(res, c.VehicleCheckInRes) and res.ResponseCode is c.responseCodeType.FAILED_SequenceError
    )
