"""EV and EVSE machines with injected time over the in-memory PLC line: nothing sleeps.
Matching: the sequence, choosing the charger, sounding and averaging."""

from __future__ import annotations

import itertools

import pytest
from _bench import EV_MAC, bench, evse_mac, mmtype_filter
from _slac_machines import DROP, kinds

from slac import events as ev
from slac import messages as m
from slac.config import EvseConfig, ZeroSounds
from slac.ev import EvState
from slac.evse import EvseSlac, EvseState


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


@pytest.mark.parametrize("run_id", [EV_MAC + b"\x00\x00", b"TESLA EV", bytes(8), b"\xff" * 8])
def test_run_id_variants(run_id: bytes) -> None:
    b = bench(ev_config={"run_id": run_id})
    b.start()
    b.sim.run(5)
    assert b.ev.state is EvState.LINKED
    assert b.sim.sent_of("evse1", m.CmSlacMatchCnf)[0][1].run_id == run_id  # type: ignore[attr-defined]


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
