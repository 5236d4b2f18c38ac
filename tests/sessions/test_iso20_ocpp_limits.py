"""ISO 15118-20 scheduled DC under the CSMS's charging profiles (the OCPP adapter's sans-IO limits, the
same for 2.0.1 and 1.6J): the ScheduleExchangeRes carries the profile's limit, and a profile set
mid-session reaches the car through a ScheduleRenegotiation."""

from __future__ import annotations

from typing import Any

import pytest
from _iso20 import ISO20_DC, WALL, RecordingDcEvse, evcc_for
from _session_harness import Run, pump

pytest.importorskip("ocpp")

from v2g.controller import EnergyRequest, EvseServices, Schedule
from v2g.ocpp import OcppBackend, OcppConfig, tx_default_profile
from v2g.secc import SeccConfig, SeccSession
from v2g.secc import iso20 as secc20


class _Offers:
    """The backend as schedule provider, recording what it offers."""

    def __init__(self, backend: OcppBackend) -> None:
        self.backend = backend
        self.offered: list[tuple[tuple[tuple[int, float], ...], ...]] = []

    def compute_schedules(self, request: EnergyRequest, now: float) -> tuple[Schedule, ...] | None:
        schedules = self.backend.compute_schedules(request, now)
        if schedules is not None:
            self.offered.append(tuple(s.pmax for s in schedules))
        return schedules


def _powers(run: Run) -> list[float]:
    """The first PowerScheduleEntry's power of each ScheduleExchangeRes the SECC sent, in W."""
    out = []
    for t in run.secc_trace:
        if t.direction == "tx" and t.message == "ScheduleExchangeRes":
            (schedule, *_) = t.document.Scheduled_SEResControlMode.ScheduleTuple
            power = schedule.ChargingSchedule.PowerSchedule.PowerScheduleEntries.PowerScheduleEntry[0].Power
            out.append(power.Value * 10.0**power.Exponent)
    return out


@pytest.mark.parametrize("version", ["2.0.1", "1.6"])
def test_a_csms_profile_is_the_iso20_schedule_and_a_change_renegotiates(version: Any) -> None:
    evse = RecordingDcEvse()
    backend = OcppBackend(OcppConfig("ws://127.0.0.1:1", "CP1", version=version), schedules=evse)
    assert backend.set_charging_profile(1, tx_default_profile(9000.0))
    offers = _Offers(backend)
    config = SeccConfig(protocols=(ISO20_DC,), specs=(secc20.SPEC,))
    secc = SeccSession(config, evse, 0.0, wall=WALL, services=EvseServices(evse, offers, evse))
    evcc = evcc_for(charging_loop_cycles=6)
    changed: list[bool] = []

    def mid_session(run: Run) -> None:
        if not changed and run.secc.context.loop_count >= 2:  # type: ignore[attr-defined]
            changed.append(True)
            profile = {**tx_default_profile(5000.0, 2), "charging_profile_purpose": "TxProfile"}
            assert backend.set_charging_profile(1, profile)
            evse.request_renegotiation()  # what on_limit_change does while a transaction runs

    run = pump(secc, evcc, hook=mid_session)
    assert evcc.result is not None and evcc.result.ok, (evcc.result, secc.close_reason)
    assert offers.offered == [(((0, 9000.0),),), (((0, 5000.0),),)]
    assert _powers(run) == [9000.0, 5000.0]
    assert secc.context.renegotiations == 1  # type: ignore[attr-defined]
