"""Optional CM_VALIDATE (BCB toggle) on both sides, with injected time and CP edges."""

from __future__ import annotations

import pytest
from _bench import Bench, bench, evse_mac

from slac import events as ev
from slac import messages as m
from slac.ev import EvState
from slac.evse import EvseState


def run_until_event(b: Bench, who: str, kind: type[ev.Event], limit: float = 10.0) -> float:
    while b.sim.now < limit:
        found = b.sim.events_of(who, kind)
        if found:
            return found[-1][0]
        b.sim.run(b.sim.now + 0.01)
    pytest.fail(f"no {kind.__name__} for {who}")


def toggle(b: Bench, charger: int, times: int) -> None:
    """The EV's CP goes B->C->B ``times`` times, 300 ms per state, seen by one charger."""
    for _ in range(times):
        b.sim.run(b.sim.now + 0.3)
        b.evses[charger].cp_state("C", b.sim.now)
        b.sim.run(b.sim.now + 0.3)
        b.evses[charger].cp_state("B", b.sim.now)


def test_validation_with_a_validating_charger() -> None:
    b = bench(ev_config={"validation": True}, evse_config={"validation": True})
    b.start()
    run_until_event(b, "ev", ev.ToggleRequested)
    (_, req), = b.sim.events_of("ev", ev.ToggleRequested)
    assert req == ev.ToggleRequested(evse_mac(1), 1, 1.0)
    second = b.sim.sent_of("ev", m.CmValidateReq)[-1][1]
    assert second.timer == 9  # type: ignore[attr-defined]  # 1.0 s window in 100 ms steps, 0 = 100 ms
    toggle(b, 0, 1)
    b.sim.run(10)
    evse_done = [e for _, e in b.sim.events_of("evse1", ev.ValidationDone)]
    ev_done = [e for _, e in b.sim.events_of("ev", ev.ValidationDone)]
    assert evse_done == [ev.ValidationDone(b.ev.mac, 1, True)]
    assert ev_done == [ev.ValidationDone(evse_mac(1), 1, True)]
    cnfs = [c for _, c in b.sim.sent_of("evse1", m.CmValidateCnf)]
    assert [(c.result, c.toggle_num) for c in cnfs] == [  # type: ignore[attr-defined]
        (m.VALIDATE_READY, 0), (m.VALIDATE_SUCCESS, 1),
    ]
    assert b.ev.state is EvState.LINKED and b.evses[0].state is EvseState.LINKED


def test_validation_not_required_goes_straight_to_match() -> None:
    b = bench(ev_config={"validation": True})  # default EVSE answers "not required"
    b.start()
    b.sim.run(10)
    assert b.ev.state is EvState.LINKED
    assert not b.sim.events_of("ev", ev.ToggleRequested)
    assert len(b.sim.sent_of("ev", m.CmValidateReq)) == 1


def test_validation_picks_the_charger_that_sees_the_toggles() -> None:
    # crosstalk: charger 1 looks nearer by attenuation, but the EV is plugged into charger 2
    b = bench(attenuations=(10.0, 14.0), ev_config={"validation": True}, evse_config={"validation": True})
    b.start()
    run_until_event(b, "ev", ev.ToggleRequested)
    assert b.ev.evse_mac == evse_mac(1)
    toggle(b, 1, 1)  # only charger 2's CP sees them
    t_first = run_until_event(b, "ev", ev.ValidationDone)
    assert b.sim.events_of("ev", ev.ValidationDone)[0][1] == ev.ValidationDone(evse_mac(1), 0, False)
    # the EV moves on to charger 2 and validates it
    b.sim.run(t_first + 0.01)
    assert b.ev.evse_mac == evse_mac(2)
    run_until_event(b, "ev", ev.ToggleRequested, limit=t_first + 1)
    toggle(b, 1, 1)
    b.sim.run(20)
    assert b.ev.state is EvState.LINKED and b.ev.evse_mac == evse_mac(2)
    assert b.evses[1].state is EvseState.LINKED


def test_failure_answer_rejects_the_charger() -> None:
    # EVerest's charger answers every CM_VALIDATE.REQ with 3 (failure)
    b = bench(ev_config={"validation": True, "max_attempts": 1},
              evse_config={"validate_result": m.VALIDATE_FAILURE})
    b.start()
    b.sim.run(10)
    assert b.ev.state is EvState.FAILED
    (_, final), = b.sim.events_of("ev", ev.MatchingFailed)
    assert final == ev.MatchingFailed("CM_VALIDATE.CNF result 3")
    assert not b.sim.sent_of("ev", m.CmSlacMatchReq)


def test_unanswered_validation_is_retried_then_rejected() -> None:
    from _bench import mmtype_filter

    b = bench(ev_config={"validation": True, "max_attempts": 1})
    b.line.filters.append(mmtype_filter("evse1", m.CmValidateCnf, [()] * 10))
    b.start()
    b.sim.run(10)
    assert len(b.sim.sent_of("ev", m.CmValidateReq)) == 3  # 1 + C_EV_match_retry
    (_, final), = b.sim.events_of("ev", ev.MatchingFailed)
    assert final == ev.MatchingFailed("no CM_VALIDATE.CNF")


def test_cp_unplug_stops_the_evse() -> None:
    b = bench()
    b.start()
    b.sim.run(3)
    assert b.evses[0].state is EvseState.LINKED
    b.evses[0].cp_state("A", b.sim.now)
    assert b.evses[0].state is EvseState.IDLE and not b.evses[0].sessions
