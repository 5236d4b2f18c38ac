"""EV and EVSE machines with injected time over the in-memory PLC line: nothing sleeps."""

from __future__ import annotations

import itertools

import pytest
from _bench import EV_MAC, bench, evse_mac, mmtype_filter

from slac import events as ev
from slac import messages as m
from slac.config import EvConfig, EvseConfig, SetKeySuccess, Timing, ZeroSounds
from slac.errors import ConfigError, StateError
from slac.ev import EvSlac, EvState
from slac.evse import EvseSlac, EvseState

DROP: tuple[float, ...] = ()


def kinds(events: list[tuple[float, ev.Event]]) -> list[str]:
    return [type(e).__name__ for _, e in events]


def test_happy_path_sequence_and_timing() -> None:
    b = bench()
    b.start()
    b.sim.run(20)
    assert b.ev.state is EvState.LINKED
    assert b.evses[0].state is EvseState.LINKED
    assert kinds(b.sim.events_of("ev")) == [
        "ParmConfirmed", "AttenCharReceived", "EvseSelected", "Matched", "KeySet", "LinkReady",
    ]
    assert kinds(b.sim.events_of("evse1")) == [
        "KeySet", "SessionStarted", "SoundingDone", "Matched", "LinkReady",
    ]
    # the EV modem got the EVSE's key: both modems share one AVLN
    assert b.line.modems["ev"].nmk == b.line.modems["evse1"].nmk == b.evses[0].nmk
    assert b.ev.nid == b.evses[0].nid
    # frame counts: 1 PARM.REQ, 3 START_ATTEN_CHAR, 10 sounds counting down, 1 MATCH.REQ
    assert len(b.sim.sent_of("ev", m.CmSlacParmReq)) == 1
    starts = b.sim.sent_of("ev", m.CmStartAttenCharInd)
    sounds = b.sim.sent_of("ev", m.CmMnbcSoundInd)
    assert len(starts) == 3
    assert [s.cnt for _, s in sounds] == list(range(9, -1, -1))  # type: ignore[attr-defined]
    # TP_EV_batch_msg_interval: 30 ms between the batch messages (tests/slac/test_slac_peers.py)
    times = [t for t, _ in starts + sounds]
    assert all(abs((b2 - a) - 0.03) < 1e-9 for a, b2 in itertools.pairwise(times))
    # the only charger has reported: the EV decides at once, not after TT_EV_atten_results
    selected_at = b.sim.events_of("ev", ev.EvseSelected)[0][0]
    assert selected_at == b.sim.events_of("ev", ev.AttenCharReceived)[0][0] < starts[0][0] + 1.2
    (rsp_at, _), = b.sim.sent_of("ev", m.CmAttenCharRsp)
    (req_at, _), = b.sim.sent_of("ev", m.CmSlacMatchReq)
    assert req_at == rsp_at  # TP_EV_match_session (<= 500 ms)
    ready_at = b.sim.events_of("ev", ev.LinkReady)[0][0]
    assert ready_at - selected_at < 1.0
    # the averaged profile reaches the EV: mean of the line's 58 groups at 20 dB
    (_, got), = b.sim.events_of("ev", ev.AttenCharReceived)
    assert isinstance(got, ev.AttenCharReceived) and got.attenuation_db == pytest.approx(20.0, abs=0.5)
    assert got.num_sounds == 10


def test_two_chargers_ev_matches_the_nearer_one() -> None:
    # the far charger answers first (its modem is slower to report): the EV still compares
    b = bench(attenuations=(32.0, 12.0))
    b.line.filters.append(mmtype_filter("evse2", m.CmAttenCharInd, [(0.05,)]))
    b.start()
    b.sim.run(20)
    received = [e for _, e in b.sim.events_of("ev", ev.AttenCharReceived)]
    assert [e.evse_mac for e in received] == [evse_mac(1), evse_mac(2)]  # type: ignore[attr-defined]
    (_, sel), = b.sim.events_of("ev", ev.EvseSelected)
    assert sel == ev.EvseSelected(evse_mac(2), pytest.approx(12.0, abs=0.5), 2)  # type: ignore[arg-type]
    assert b.ev.evse_mac == evse_mac(2) and b.ev.state is EvState.LINKED
    assert b.evses[1].state is EvseState.LINKED
    assert b.evses[0].state is EvseState.WAITING
    assert kinds(b.sim.events_of("evse1"))[-1] == "SessionFailed"
    assert b.line.modems["ev"].nmk == b.evses[1].nmk != b.evses[0].nmk


@pytest.mark.parametrize("order", [(12.0, 32.0), (32.0, 12.0), (25.0, 24.0)])
def test_nearest_wins_in_any_order(order: tuple[float, float]) -> None:
    b = bench(attenuations=order)
    b.start()
    b.sim.run(5)
    nearer = 1 if order[0] < order[1] else 2
    assert b.ev.evse_mac == evse_mac(nearer)


def test_charger_above_threshold_is_rejected() -> None:
    b = bench(attenuations=(45.0,))
    b.start()
    b.sim.run(30)
    fails = [e for _, e in b.sim.events_of("ev", ev.AttemptFailed)]
    assert [e.reason for e in fails] == ["no EVSE below the attenuation threshold"] * 3  # type: ignore[attr-defined]
    assert b.ev.state is EvState.FAILED
    assert not b.sim.sent_of("ev", m.CmSlacMatchReq)


def test_lost_parm_cnf_is_retried() -> None:
    b = bench()
    b.line.filters.append(mmtype_filter("evse1", m.CmSlacParmCnf, [DROP]))
    b.start()
    b.sim.run(20)
    reqs = b.sim.sent_of("ev", m.CmSlacParmReq)
    assert len(reqs) == 2 and reqs[1][0] - reqs[0][0] == pytest.approx(0.2)  # TT_match_response
    assert reqs[0][1] == reqs[1][1]  # same RunID
    assert b.ev.state is EvState.LINKED
    # the repeated PARM.REQ restarted the EVSE session instead of opening a second one
    assert len(b.sim.events_of("evse1", ev.SessionStarted)) == 2 and len(b.evses[0].sessions) == 1


def test_charger_never_answers() -> None:
    b = bench(attenuations=())
    b.ev.start(0.0)
    b.sim.run(30)
    reqs = b.sim.sent_of("ev", m.CmSlacParmReq)
    # C_conn_max_match attempts x (1 + C_EV_match_retry) requests, TT_matching_rate between attempts
    assert len(reqs) == 9
    assert [round(t, 6) for t, _ in reqs] == [0.0, 0.2, 0.4, 1.0, 1.2, 1.4, 2.0, 2.2, 2.4]
    fails = b.sim.events_of("ev", ev.AttemptFailed)
    assert [e.attempt for _, e in fails] == [1, 2, 3]  # type: ignore[attr-defined]
    (t_end, final), = b.sim.events_of("ev", ev.MatchingFailed)
    assert final == ev.MatchingFailed("no CM_SLAC_PARM.CNF") and t_end == pytest.approx(2.6)
    assert b.ev.state is EvState.FAILED
    assert b.ev.get_timer() is None


def test_charger_answers_parm_but_no_atten_char() -> None:
    b = bench(evse_modem={"makes_profiles": False})  # e.g. an AR7420 modem without EVSE PIB
    b.start()
    b.sim.run(30)
    reasons = [e.reason for _, e in b.sim.events_of("ev", ev.AttemptFailed)]  # type: ignore[attr-defined]
    assert reasons == ["no CM_ATTEN_CHAR.IND"] * 3
    evse_fail = [e for _, e in b.sim.events_of("evse1", ev.SessionFailed)]
    assert evse_fail and all("CM_ATTEN_PROFILE" in e.reason for e in evse_fail)  # type: ignore[attr-defined]


def test_zero_sounds_placeholder_policy() -> None:
    b = bench(evse_modem={"makes_profiles": False}, evse_config={"zero_sounds": ZeroSounds.PLACEHOLDER})
    b.start()
    b.sim.run(5)
    ind = b.sim.sent_of("evse1", m.CmAttenCharInd)[0][1]
    assert ind.aag == (1,) * 58 and ind.num_sounds == 0  # type: ignore[attr-defined]
    # num_sounds 0 is not a usable result for the EV
    assert b.ev.evse_mac is None
    reasons = {e.reason for _, e in b.sim.events_of("ev", ev.AttemptFailed)}  # type: ignore[attr-defined]
    assert reasons == {"no EVSE below the attenuation threshold"}


def test_partial_sounds_averaged_at_window_end() -> None:
    b = bench()
    b.line.filters.append(mmtype_filter("ev", m.CmMnbcSoundInd, [DROP] * 4))
    b.start()
    b.sim.run(5)
    (t, ind), = b.sim.sent_of("evse1", m.CmAttenCharInd)
    first_start = b.sim.sent_of("ev", m.CmStartAttenCharInd)[0][0]
    assert ind.num_sounds == 6  # type: ignore[attr-defined]
    assert t == pytest.approx(first_start + 0.001 + 0.6)  # TT_EVSE_match_MNBC after the first START
    assert b.ev.state is EvState.LINKED or b.ev.state is EvState.JOINING


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


def test_duplicated_frames_are_tolerated() -> None:
    b = bench()
    b.line.filters.append(lambda name, frame: (0.0, 0.002))  # every frame arrives twice
    b.start()
    b.sim.run(20)
    assert b.ev.state is EvState.LINKED and b.evses[0].state is EvseState.LINKED
    assert len(b.sim.events_of("ev", ev.Matched)) == 1
    assert len(b.sim.events_of("evse1", ev.Matched)) == 1
    assert len(b.sim.events_of("ev", ev.AttenCharReceived)) == 1
    # one START_ATTEN_CHAR opened the window; duplicates of profiles do not count twice: the average
    # is still the line's value
    (_, done), = b.sim.events_of("evse1", ev.SoundingDone)
    assert done.attenuation_db == pytest.approx(20.0, abs=0.5)  # type: ignore[attr-defined]


@pytest.mark.parametrize("run_id", [EV_MAC + b"\x00\x00", b"TESLA EV", bytes(8), b"\xff" * 8])
def test_run_id_variants(run_id: bytes) -> None:
    b = bench(ev_config={"run_id": run_id})
    b.start()
    b.sim.run(5)
    assert b.ev.state is EvState.LINKED
    assert b.sim.sent_of("evse1", m.CmSlacMatchCnf)[0][1].run_id == run_id  # type: ignore[attr-defined]


def test_slac_init_timeout() -> None:
    b = bench(attenuations=(20.0,), evse_config={"timing": Timing(tt_evse_slac_init=40.0)})
    b.evses[0].start(0.0)
    b.sim.run(60)
    (t, _), = b.sim.events_of("evse1", ev.SlacInitTimeout)
    assert t == pytest.approx(40.0)


def test_wrong_run_id_and_malformed_frames_are_ignored() -> None:
    c = EvseSlac(EvseConfig(mac=evse_mac(1), nmk=bytes(range(16))))
    c.start(0.0)
    c.frames_to_send()
    c.receive_message(m.CmSetKeyCnf(dst=evse_mac(1), src=bytes(6), result=1), 0.01)
    c.receive_message(m.CmSlacParmReq(src=EV_MAC, run_id=b"A" * 8), 0.1)
    (cnf_frame,) = c.frames_to_send()
    c.receive_message(m.CmStartAttenCharInd(src=EV_MAC, run_id=b"B" * 8), 0.12)
    c.receive_frame(b"\x01\x02", 0.13)
    c.receive_frame(m.encode(m.CmSlacParmReq(src=EV_MAC))[:20], 0.13)
    assert c.malformed_frames == 2
    s = c.sessions[(EV_MAC, b"A" * 8)]
    assert s.state.name == "WAIT_START_ATTEN"
    c.handle_timer(0.5)  # TT_match_sequence (0.4 s) after the CNF
    assert not c.sessions
    assert isinstance(c.next_event(), ev.KeySet)
    assert isinstance(c.next_event(), ev.SessionStarted)
    failed = c.next_event()
    assert isinstance(failed, ev.SessionFailed) and "TT_match_sequence" in failed.reason
    assert isinstance(m.decode(cnf_frame), m.CmSlacParmCnf)


def test_evse_averages_with_integer_division() -> None:
    c = EvseSlac(EvseConfig(mac=evse_mac(1), nmk=bytes(range(16)), num_sounds=3))
    c.start(0.0)
    c.receive_message(m.CmSlacParmReq(src=EV_MAC, run_id=b"R" * 8), 0.1)
    c.receive_message(m.CmStartAttenCharInd(src=EV_MAC, run_id=b"R" * 8, num_sounds=3), 0.2)
    c.frames_to_send()
    for profile in ((10, 20), (11, 20), (11, 21)):
        profile_ind = m.CmAttenProfileInd(src=bytes(6), dst=evse_mac(1), pev_mac=EV_MAC, aag=profile)
        c.receive_message(profile_ind, 0.3)
    (frame,) = c.frames_to_send()
    ind = m.decode(frame)
    assert isinstance(ind, m.CmAttenCharInd)
    assert ind.aag == (10, 20) and ind.num_sounds == 3  # 32//3, 61//3
    assert ind.dst == EV_MAC and ind.source_address == EV_MAC


def test_evse_parallel_session_limit() -> None:
    c = EvseSlac(EvseConfig(mac=evse_mac(1), nmk=bytes(range(16))))
    c.start(0.0)
    c.frames_to_send()
    for i in range(7):
        c.receive_message(m.CmSlacParmReq(src=bytes([2, 0, 0, 0, 0, i]), run_id=bytes([i]) * 8), 0.1)
    assert len(c.frames_to_send()) == 5 and len(c.sessions) == 5  # C_EVSE_match_parallel


def test_evse_ignores_frames_for_others_and_answers_validate() -> None:
    c = EvseSlac(EvseConfig(mac=evse_mac(1), nmk=bytes(range(16)), num_sounds=1))
    c.start(0.0)
    c.receive_message(m.CmSlacParmReq(src=EV_MAC, dst=evse_mac(9), run_id=b"R" * 8), 0.1)  # not for us
    assert not c.sessions
    c.receive_message(m.CmSlacParmReq(src=EV_MAC, run_id=b"R" * 8), 0.1)
    c.receive_message(m.CmStartAttenCharInd(src=EV_MAC, run_id=b"R" * 8, num_sounds=1), 0.2)
    c.receive_message(m.CmAttenProfileInd(dst=evse_mac(1), pev_mac=EV_MAC, aag=(20,) * 58), 0.25)
    c.receive_message(m.CmAttenCharRsp(src=EV_MAC, dst=evse_mac(1), run_id=b"R" * 8), 0.3)
    c.frames_to_send()
    c.receive_message(m.CmValidateReq(src=EV_MAC, dst=evse_mac(1)), 0.4)
    (frame,) = c.frames_to_send()
    cnf = m.decode(frame)
    assert isinstance(cnf, m.CmValidateCnf) and cnf.result == m.VALIDATE_NOT_REQUIRED
    c.receive_message(m.CmSlacMatchReq(src=EV_MAC, dst=evse_mac(1), run_id=b"R" * 8, evse_mac=evse_mac(1),
                                       pev_mac=EV_MAC), 0.5)
    (frame,) = c.frames_to_send()
    match = m.decode(frame)
    assert isinstance(match, m.CmSlacMatchCnf)
    assert (match.nmk, match.nid) == (bytes(range(16)), c.nid)
    assert (match.evse_mac, match.pev_mac) == (evse_mac(1), EV_MAC)
    # CM_AMP_MAP after the match: answered, except AMLEN 0
    c.receive_message(m.CmAmpMapReq(src=EV_MAC, dst=evse_mac(1), amlen=0), 0.6)
    assert c.frames_to_send() == []
    c.receive_message(m.CmAmpMapReq(src=EV_MAC, dst=evse_mac(1), amlen=2, amdata=b"\xff"), 0.6)
    (frame,) = c.frames_to_send()
    assert isinstance(m.decode(frame), m.CmAmpMapCnf)


def test_state_errors_and_config_errors() -> None:
    e = EvSlac(EvConfig(mac=EV_MAC))
    e.start(0.0)
    with pytest.raises(StateError):
        e.start(0.1)
    with pytest.raises(ConfigError):
        EvConfig(mac=b"short")
    with pytest.raises(ConfigError):
        Timing(tp_ev_batch_msg_interval=0.1)
    with pytest.raises(ConfigError):
        EvseConfig(mac=EV_MAC, nmk=b"x")
    with pytest.raises(ConfigError):
        Timing(link_loss_timeout=1.5)


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


def test_per_message_trace() -> None:
    import json

    b = bench(ev_config={"trace": True}, evse_config={"trace": True})
    b.start()
    b.sim.run(3)
    records = b.ev.trace_records()
    sent = [msg for _, msg in ((t, m.decode(f)) for t, n, f in b.sim.sent if n == "ev")]
    assert [r["msg"] for r in records if r["dir"] == "tx"] == [type(x).__name__ for x in sent]
    rx = [r for r in records if r["dir"] == "rx"]
    assert {r["msg"] for r in rx} >= {"CmSlacParmCnf", "CmAttenCharInd", "CmSlacMatchCnf", "CmSetKeyCnf"}
    parm = next(r for r in records if r["msg"] == "CmSlacParmReq")
    assert parm["run_id"] == b.ev.run_id.hex() and parm["state"] == "wait CM_SLAC_PARM.CNF"
    assert all(isinstance(json.dumps(r), str) for r in records)
    assert b.ev.trace_records() == []  # drained
    assert bench().ev.trace_records() == []  # off by default


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
