"""EV and EVSE machines with injected time over the in-memory PLC line: nothing sleeps.
Robustness: duplicated, foreign, wrong and malformed frames, limits, state and config errors."""

from __future__ import annotations

import pytest
from _bench import EV_MAC, bench, evse_mac

from slac import events as ev
from slac import messages as m
from slac.config import EvConfig, EvseConfig, Timing
from slac.errors import ConfigError, StateError
from slac.ev import EvSlac, EvState
from slac.evse import EvseSlac, EvseState


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
