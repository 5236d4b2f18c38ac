"""EV and EVSE machines with injected time over the in-memory PLC line: nothing sleeps.
After sounding: match, key, link, their losses, retries and timeouts."""

from __future__ import annotations

import pytest
from _bench import bench, mmtype_filter
from _slac_machines import DROP, kinds

from slac import events as ev
from slac import messages as m
from slac.config import SetKeySuccess, Timing
from slac.ev import EvState
from slac.evse import EvseState


def test_lost_atten_char_rsp_makes_evse_resend_then_give_up() -> None:
    b = bench()
    b.line.filters.append(mmtype_filter("ev", m.CmAttenCharRsp, [DROP] * 5))
    b.start()
    b.sim.run(5)
    first_fail = b.sim.events_of("ev", ev.AttemptFailed)[0][0]
    inds = [(t, x) for t, x in b.sim.sent_of("evse1", m.CmAttenCharInd) if t < first_fail]
    assert len(inds) == 3  # 1 + C_EV_match_retry
    assert inds[1][0] - inds[0][0] == pytest.approx(0.2)
    assert inds[0][1] == inds[2][1]
    rsps = [t for t, _ in b.sim.sent_of("ev", m.CmAttenCharRsp) if t < first_fail]
    assert len(rsps) == 3  # the EV answered every repeat
    reasons = [e.reason for _, e in b.sim.events_of("evse1", ev.SessionFailed)]  # type: ignore[attr-defined]
    assert reasons == ["no CM_ATTEN_CHAR.RSP"]
    # the EV chose the EVSE, whose session is gone: its MATCH.REQ is ignored; the attempt fails
    assert b.sim.events_of("ev", ev.AttemptFailed)[0][1] == ev.AttemptFailed(1, "no CM_SLAC_MATCH.CNF")


def test_lost_match_cnf_is_resent_for_repeated_req() -> None:
    b = bench()
    b.line.filters.append(mmtype_filter("evse1", m.CmSlacMatchCnf, [DROP]))
    b.start()
    b.sim.run(20)
    assert len(b.sim.sent_of("ev", m.CmSlacMatchReq)) == 2
    cnfs = b.sim.sent_of("evse1", m.CmSlacMatchCnf)
    assert len(cnfs) == 2 and cnfs[0][1] == cnfs[1][1]
    assert b.ev.state is EvState.LINKED and b.evses[0].state is EvseState.LINKED


def test_late_match_cnf_is_ignored_and_ends_as_the_standard_says() -> None:
    # every MATCH.CNF arrives 0.7 s late: after TT_match_response x (1 + C_EV_match_retry)
    b = bench()
    b.line.filters.append(mmtype_filter("evse1", m.CmSlacMatchCnf, [(0.7,)] * 20))
    b.start()
    b.sim.run(40)
    ev_fail = [e for _, e in b.sim.events_of("ev", ev.AttemptFailed)]
    assert ev_fail[0] == ev.AttemptFailed(1, "no CM_SLAC_MATCH.CNF")
    assert not b.sim.events_of("ev", ev.Matched)
    assert b.ev.state is EvState.FAILED
    # the EVSE served each new attempt of the same EV (3 matches, one network key); matched but
    # never linked, it resets TT_match_join after the last match with a fresh key
    matches = b.sim.events_of("evse1", ev.Matched)
    assert len(matches) == 3 and len({e.nmk for _, e in matches}) == 1  # type: ignore[attr-defined]
    (t_fail, e), = b.sim.events_of("evse1", ev.MatchingFailed)
    assert e == ev.MatchingFailed("no link within TT_match_join")
    assert t_fail - matches[-1][0] == pytest.approx(12.0)
    assert b.evses[0].state is EvseState.WAITING
    assert len(b.sim.events_of("evse1", ev.KeySet)) == 2


def test_match_cnf_after_one_retry_is_accepted() -> None:
    b = bench()
    b.line.filters.append(mmtype_filter("evse1", m.CmSlacMatchCnf, [(0.3,), (0.3,)]))
    b.start()
    b.sim.run(20)
    assert len(b.sim.sent_of("ev", m.CmSlacMatchReq)) == 2
    assert len(b.sim.events_of("ev", ev.Matched)) == 1  # the second (late) CNF is a duplicate
    assert b.ev.state is EvState.LINKED


def test_link_loss_after_association() -> None:
    b = bench()
    b.start()
    b.sim.run(3)
    assert b.ev.state is EvState.LINKED
    old_nmk = b.evses[0].nmk
    b.line.unplug("evse1")
    t_unplug = b.sim.now
    b.sim.run(10)
    (t_ev, _), = b.sim.events_of("ev", ev.LinkLost)
    (t_evse, _), = b.sim.events_of("evse1", ev.LinkLost)
    # detected and the network left within TP_match_leave (1 s)
    assert t_ev - t_unplug <= 1.0 and t_evse - t_unplug <= 1.0
    leave = [msg for t, msg in b.sim.sent_of("ev", m.CmSetKeyReq) if t >= t_unplug]
    assert len(leave) >= 1 and leave[0].new_key != old_nmk  # type: ignore[attr-defined]
    assert b.ev.state is EvState.IDLE
    assert b.evses[0].state is EvseState.WAITING and b.evses[0].nmk != old_nmk
    assert b.ev.get_timer() is None or b.ev.get_timer() > b.sim.now  # type: ignore[operator]


def test_ev_can_match_again_after_link_loss() -> None:
    b = bench()
    b.start()
    b.sim.run(3)
    b.line.unplug("evse1")
    b.sim.run(5)
    b.line.plug("evse1")
    b.ev.start(b.sim.now)
    b.sim.run(12)
    assert b.ev.state is EvState.LINKED and b.ev.nmk == b.evses[0].nmk
    assert len(b.sim.events_of("ev", ev.LinkReady)) == 2


def test_charger_out_of_reach_after_sounding() -> None:
    b = bench()

    def out_of_reach_at_the_rsp(name: str, frame: bytes) -> None:
        if name == "ev" and int.from_bytes(frame[15:17], "little") == m.CmAttenCharRsp.MMTYPE:
            b.line.set_attenuation("ev", "evse1", 200.0)  # out of reach just after sounding

    b.line.filters.append(out_of_reach_at_the_rsp)
    b.start()
    b.sim.run(40)
    reasons = [e.reason for _, e in b.sim.events_of("ev", ev.AttemptFailed)]  # type: ignore[attr-defined]
    assert reasons == ["no CM_SLAC_MATCH.CNF", "no CM_SLAC_PARM.CNF", "no CM_SLAC_PARM.CNF"]
    assert b.ev.state is EvState.FAILED


def test_join_timeout_when_modem_never_reports_link() -> None:
    b = bench()
    b.start()
    b.sim.run(0.47)  # matched at 0.466 s; then the EVSE modem dies
    b.line.modems["evse1"].restart_until = 1e9
    b.sim.run(40)
    reasons = [e.reason for _, e in b.sim.events_of("ev", ev.AttemptFailed)]  # type: ignore[attr-defined]
    assert reasons[0] == "no link within TT_match_join"
    t_matched = b.sim.events_of("ev", ev.Matched)[0][0]
    t_failed = b.sim.events_of("ev", ev.AttemptFailed)[0][0]
    assert t_failed - t_matched == pytest.approx(12.0)
    # the EV left that charger's network: its modem no longer holds the charger's key
    assert b.line.modems["ev"].nmk != b.evses[0].nmk
    assert b.ev.state is EvState.FAILED


@pytest.mark.parametrize(
    ("modem_result", "mode", "linked"),
    [
        (0x01, SetKeySuccess.QCA, True),
        (0x00, SetKeySuccess.QCA, False),
        (0x00, SetKeySuccess.STANDARD, True),
        (0x01, SetKeySuccess.STANDARD, False),
        (0x00, SetKeySuccess.ANY, True),
    ],
)
def test_set_key_cnf_result_modes(modem_result: int, mode: SetKeySuccess, linked: bool) -> None:
    """The EV modem applies the key and reports ``modem_result``; the EV reads it per ``mode``."""
    b = bench(ev_config={"set_key_success": mode}, ev_modem={"set_key_result": modem_result})
    b.start()
    b.sim.run(30)
    assert (b.ev.state is EvState.LINKED) is linked
    if not linked:
        failed = [e for _, e in b.sim.events_of("ev", ev.KeySetFailed)]
        assert failed and "refused" in failed[0].reason  # type: ignore[attr-defined]
        # 1 + set_key_retries requests per attempt
        assert len(b.sim.sent_of("ev", m.CmSetKeyReq)) == 3 * len(failed)


def test_modem_refusing_the_key() -> None:
    b = bench(ev_modem={"applies_key": False, "set_key_result": 0x00})
    b.start()
    b.sim.run(30)
    assert b.ev.state is EvState.FAILED
    assert b.line.modems["ev"].set_keys == 0


def test_evse_set_key_unanswered_fails_after_retries() -> None:
    b = bench(evse_modem={"answers": False})
    b.evses[0].start(0.0)
    b.sim.run(20)
    reqs = b.sim.sent_of("evse1", m.CmSetKeyReq)
    assert len(reqs) == 11  # 1 + 10 retries (everest-slac-2026), 1 s apart
    assert b.evses[0].state is EvseState.FAILED
    assert kinds(b.sim.events_of("evse1")) == ["KeySetFailed"]


def test_slac_init_timeout() -> None:
    b = bench(attenuations=(20.0,), evse_config={"timing": Timing(tt_evse_slac_init=40.0)})
    b.evses[0].start(0.0)
    b.sim.run(60)
    (t, _), = b.sim.events_of("evse1", ev.SlacInitTimeout)
    assert t == pytest.approx(40.0)


def test_ev_stop_leaves_network() -> None:
    b = bench()
    b.start()
    b.sim.run(3)
    nmk = b.ev.nmk
    b.ev.stop(b.sim.now)
    b.sim.run(4)
    assert b.ev.state is EvState.IDLE
    assert b.line.modems["ev"].nmk != nmk


def test_evse_serves_a_new_attempt_of_the_matched_ev() -> None:
    # the whole first attempt's MATCH.CNFs are lost; the EV starts over and the EVSE, matched but
    # not linked, serves the new run instead of waiting TT_match_join
    b = bench()
    b.line.filters.append(mmtype_filter("evse1", m.CmSlacMatchCnf, [DROP] * 3))
    b.start()
    b.sim.run(20)
    assert [e.reason for _, e in b.sim.events_of("ev", ev.AttemptFailed)] == [  # type: ignore[attr-defined]
        "no CM_SLAC_MATCH.CNF"
    ]
    assert b.ev.state is EvState.LINKED and b.evses[0].state is EvseState.LINKED
    assert not b.sim.events_of("evse1", ev.MatchingFailed)
    assert b.ev.attempt == 2


def test_modem_restart_after_set_key_delays_the_link() -> None:
    # QCA modems restart to apply a key; frames (link polls) are lost meanwhile
    b = bench(ev_modem={"restart_time": 2.0}, evse_modem={"restart_time": 0.5})
    b.start(ev_at=0.6)  # after the EVSE modem's restart
    b.sim.run(20)
    (t_key, _), = b.sim.events_of("ev", ev.KeySet)
    (t_ready, _), = b.sim.events_of("ev", ev.LinkReady)
    assert 2.0 <= t_ready - t_key <= 2.0 + 0.2 + 0.01  # first poll answered after the restart
    polls = [t for t, _ in b.sim.sent_of("ev", m.VsPlLnkStatusReq) if t < t_ready]
    assert len(polls) >= 10  # kept polling every 200 ms while the modem was deaf
    assert b.ev.state is EvState.LINKED


def test_ac_five_percent_error_state_retries() -> None:
    b = bench(attenuations=(20.0,), evse_config={"ac_five_percent": True})
    b.evses[0].start(0.0)
    b.sim.run(200)
    got = [(round(t, 6), e) for t, e in b.sim.events_of("evse1") if not isinstance(e, ev.KeySet)]
    # TT_EVSE_SLAC_init (40 s), then E/F for T_step_EF (4 s) and 40 s again, C_sequ_retry (2) times
    assert got == [
        (40.0, ev.SlacInitTimeout()), (40.0, ev.ErrorStateRequested(4.0, 1)),
        (84.0, ev.SlacInitTimeout()), (84.0, ev.ErrorStateRequested(4.0, 2)),
        (128.0, ev.SlacInitTimeout()),
        (128.0, ev.MatchingFailed("no EV started SLAC after C_sequ_retry E/F cycles")),
    ]


def test_ac_five_percent_ev_starting_after_a_retry_matches() -> None:
    b = bench(attenuations=(20.0,), evse_config={"ac_five_percent": True})
    b.evses[0].start(0.0)
    b.sim.run(50)  # one E/F cycle requested
    b.ev.start(b.sim.now)
    b.sim.run(60)
    assert b.ev.state is EvState.LINKED
    assert len(b.sim.events_of("evse1", ev.ErrorStateRequested)) == 1
