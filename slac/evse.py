"""The EVSE side of ISO 15118-3 SLAC as a sans-IO machine (EVSE-HLE).

start(now): pick the session NMK/NID and CM_SET_KEY it on the local modem (the EVSE modem is CCo).
Then matching sessions keyed by (EV MAC, RunID), up to C_EVSE_match_parallel at once (cross-talk
from neighbouring cables): CM_SLAC_PARM.CNF -> START_ATTEN_CHAR opens the sounding window
(TT_EVSE_match_MNBC) -> CM_ATTEN_PROFILE.IND from the modem are summed per group -> after all sounds
or at the end of the window CM_ATTEN_CHAR.IND with the integer average (resent after
TT_match_response, C_EV_match_retry times) -> CM_ATTEN_CHAR.RSP -> wait TT_EVSE_match_session for
CM_SLAC_MATCH.REQ -> CM_SLAC_MATCH.CNF with NID/NMK -> poll the link until TT_match_join.
On join timeout or link loss the EVSE resets: a new NMK goes into its modem and it waits again.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass, field
from typing import ClassVar

from slac import events as ev
from slac import messages as m
from slac._core import MachineBase, ModemPhase, mean_attenuation
from slac.config import EvseConfig, ZeroSounds
from slac.errors import StateError
from slac.keys import RandomSource, nid_from_nmk


class EvseState(enum.Enum):
    IDLE = "idle"
    WAITING = "waiting for EVs"  # key set (or being set), sessions may run
    MATCHED = "matched"  # MATCH.CNF sent, waiting for the link
    LINKED = "linked"
    FAILED = "failed"  # the local modem never accepted the key


class SessionState(enum.Enum):
    WAIT_START_ATTEN = "wait CM_START_ATTEN_CHAR.IND"
    SOUNDING = "sounding"
    WAIT_ATTEN_RSP = "wait CM_ATTEN_CHAR.RSP"
    WAIT_MATCH = "wait CM_SLAC_MATCH.REQ"
    MATCHED = "matched"


@dataclass(slots=True)
class Session:
    ev_mac: bytes
    run_id: bytes
    state: SessionState
    expected_sounds: int
    sums: list[int] = field(default_factory=list)
    profiles: int = 0
    sends: int = 0
    atten_char: m.CmAttenCharInd | None = None
    validation: int = 0  # 0 none, 1 first exchange answered, 2 counting toggles
    toggles: int = 0
    validate_signal: int = 0
    match_cnf: m.CmSlacMatchCnf | None = None


class EvseSlac(MachineBase):
    """EVSE association machine for one connector."""

    def __init__(self, config: EvseConfig, random_bytes: RandomSource = os.urandom) -> None:
        super().__init__(config.mac, config.modem_mac, config.timing, random_bytes, config.set_key_success,
                         config.set_key_retries, config.poll_link, config.trace)
        self.config = config
        self.state = EvseState.IDLE
        self.sessions: dict[tuple[bytes, bytes], Session] = {}
        self.nmk = b""
        self.nid = b""
        self.matched: Session | None = None
        self._key_ready = False
        self._cp = "B"
        self._sequence_retries = 0

    def _state_key(self) -> EvseState:
        return self.state

    # ---- control ----------------------------------------------------------------------------------

    def start(self, now: float) -> None:
        """The connector is ready (CP state B): set a session key on the modem and wait for EVs."""
        self._now = now
        if self.state is not EvseState.IDLE and self.state is not EvseState.FAILED:
            raise StateError(f"start() in state {self.state.value}")
        self._new_network(now)
        self._sequence_retries = 0
        if self._timing.tt_evse_slac_init is not None:
            self._set_timer("slac_init", now + self._timing.tt_evse_slac_init)

    def stop(self, now: float) -> None:
        """Unplug (CP state A): drop every session; a matched network is left with a new key."""
        self._now = now
        was_matched = self.state in (EvseState.MATCHED, EvseState.LINKED)
        self._timers.clear()
        self.sessions.clear()
        self.matched = None
        self.state = EvseState.IDLE
        if was_matched:
            self._leave_network(now)

    def _new_network(self, now: float) -> None:
        self.nmk = self.config.nmk or self._random_nmk(self.config.printable_nmk)
        self.nid = nid_from_nmk(self.nmk)
        self.sessions.clear()
        self.matched = None
        self._key_ready = False
        self.state = EvseState.WAITING
        self._set_key(self.nmk, now, nid=self.nid)

    def _reset(self, now: float) -> None:
        """After a session ends (join timeout, link loss): a new network for the next EV."""
        for name in list(self._timers):
            if name.startswith(("session:", "validate:")):
                del self._timers[name]
        self._new_network(now)

    def _timer_slac_init(self, now: float) -> None:
        if self.state is not EvseState.WAITING or self.sessions:
            return
        self._emit(ev.SlacInitTimeout())
        if not self.config.ac_five_percent:
            return
        if self._sequence_retries < self.config.sequence_retries:
            # AC 5 %: E/F for T_step_EF, back to 5 %, wait TT_EVSE_SLAC_init again
            self._sequence_retries += 1
            self._emit(ev.ErrorStateRequested(self._timing.t_step_ef, self._sequence_retries))
            assert self._timing.tt_evse_slac_init is not None
            self._set_timer("slac_init", now + self._timing.t_step_ef + self._timing.tt_evse_slac_init)
        else:
            self._emit(ev.MatchingFailed("no EV started SLAC after C_sequ_retry E/F cycles"))

    # ---- session timers ---------------------------------------------------------------------------

    @staticmethod
    def _timer_name(s: Session) -> str:
        return "session:" + s.ev_mac.hex() + s.run_id.hex()

    def _arm(self, s: Session, at: float) -> None:
        self._set_timer(self._timer_name(s), at)

    _PER_SESSION: ClassVar[dict[str, str]] = {
        "session": "_session_timeout",  # "session:<EV MAC><RunID>"
        "validate": "_validation_window_closed",  # "validate:session:<EV MAC><RunID>"
    }

    def _fire(self, name: str, now: float) -> None:
        kind, _, rest = name.partition(":")
        handler = self._PER_SESSION.get(kind)
        if handler is None:
            super()._fire(name, now)
            return
        session_timer = name if kind == "session" else rest
        session = next((s for s in self.sessions.values() if self._timer_name(s) == session_timer), None)
        if session is not None:  # None: the session ended meanwhile
            getattr(self, handler)(session, now)

    def _fail(self, s: Session, reason: str) -> None:
        self.sessions.pop((s.ev_mac, s.run_id), None)
        self._cancel(self._timer_name(s), "validate:" + self._timer_name(s))
        self._emit(ev.SessionFailed(s.ev_mac, s.run_id, reason))

    def _session_timeout(self, s: Session, now: float) -> None:
        if s.state is SessionState.WAIT_START_ATTEN:
            self._fail(s, "no CM_START_ATTEN_CHAR.IND within TT_match_sequence")
        elif s.state is SessionState.SOUNDING:
            self._finish_sounding(s, now)
        elif s.state is SessionState.WAIT_ATTEN_RSP:
            if s.sends <= self.config.atten_char_retries and s.atten_char is not None:
                s.sends += 1
                self._send(s.atten_char)
                self._arm(s, now + self._timing.tt_match_response)
            else:
                self._fail(s, "no CM_ATTEN_CHAR.RSP")
        elif s.state is SessionState.WAIT_MATCH:
            self._fail(s, "no CM_SLAC_MATCH.REQ within TT_EVSE_match_session")

    # ---- messages ---------------------------------------------------------------------------------

    def _on_parm_req(self, msg: m.CmSlacParmReq, now: float) -> None:
        if msg.application_type != 0 or msg.security_type != 0:
            return
        key = (msg.src, msg.run_id)
        old = self.sessions.pop(key, None)
        if old is not None:
            self._cancel(self._timer_name(old))  # a repeated PARM.REQ restarts its session
        elif len(self.sessions) >= self.config.max_sessions:
            return
        self._cancel("slac_init")
        time_out = max(1, round(self._timing.tt_evse_match_mnbc * 10))
        s = Session(msg.src, msg.run_id, SessionState.WAIT_START_ATTEN, self.config.num_sounds)
        self.sessions[key] = s
        self._send(m.CmSlacParmCnf(
            dst=msg.src, src=self.mac, msound_target=m.BROADCAST, num_sounds=self.config.num_sounds,
            time_out=time_out, resp_type=self.config.resp_type, forwarding_sta=msg.src, run_id=msg.run_id,
        ))
        self._arm(s, now + self._timing.tt_match_sequence)
        self._emit(ev.SessionStarted(msg.src, msg.run_id))

    def _begin_sounding(self, s: Session, num_sounds: int, now: float) -> None:
        s.state = SessionState.SOUNDING
        s.expected_sounds = max(1, min(num_sounds, self.config.num_sounds))
        self._arm(s, now + self._timing.tt_evse_match_mnbc)

    def _on_start_atten(self, msg: m.CmStartAttenCharInd, now: float) -> None:
        s = self.sessions.get((msg.src, msg.run_id))
        if s is None or s.state is not SessionState.WAIT_START_ATTEN:
            return  # unknown run or a repeat of the three indications
        if msg.application_type != 0 or msg.security_type != 0:
            return
        self._begin_sounding(s, msg.num_sounds, now)

    def _on_sound(self, msg: m.CmMnbcSoundInd, now: float) -> None:
        s = self.sessions.get((msg.src, msg.run_id))
        if s is None:
            return
        if s.state is SessionState.WAIT_START_ATTEN:
            self._begin_sounding(s, self.config.num_sounds, now)  # all START_ATTEN_CHAR.IND were lost

    def _on_profile(self, msg: m.CmAttenProfileInd, now: float) -> None:
        # CM_ATTEN_PROFILE.IND has no RunID: the EV MAC is the only key
        for s in self.sessions.values():
            if s.ev_mac == msg.pev_mac and s.state in (SessionState.SOUNDING, SessionState.WAIT_START_ATTEN):
                break
        else:
            return
        if not msg.aag:
            return
        if s.state is SessionState.WAIT_START_ATTEN:
            self._begin_sounding(s, self.config.num_sounds, now)
        if not s.sums:
            s.sums = [0] * len(msg.aag)
        if len(msg.aag) != len(s.sums):
            return  # inconsistent group count: ignore this profile
        for i, value in enumerate(msg.aag):
            s.sums[i] += value
        s.profiles += 1
        if s.profiles >= s.expected_sounds:
            self._finish_sounding(s, now)

    def _finish_sounding(self, s: Session, now: float) -> None:
        if s.profiles == 0:
            if self.config.zero_sounds is ZeroSounds.FAIL:
                self._fail(s, "no CM_ATTEN_PROFILE.IND in the sounding window")
                return
            aag: tuple[int, ...] = (1,) * m.ISO_GROUPS
        else:
            adj = self.config.attenuation_adjustment_db
            aag = tuple(min(255, max(0, total // s.profiles + adj)) for total in s.sums)
        s.atten_char = m.CmAttenCharInd(
            dst=s.ev_mac, src=self.mac, source_address=s.ev_mac, run_id=s.run_id,
            num_sounds=s.profiles, aag=aag,
        )
        self._emit(ev.SoundingDone(s.ev_mac, s.run_id, s.profiles, mean_attenuation(aag)))
        s.state = SessionState.WAIT_ATTEN_RSP
        s.sends = 1
        self._send(s.atten_char)
        self._arm(s, now + self._timing.tt_match_response)

    def _on_atten_rsp(self, msg: m.CmAttenCharRsp, now: float) -> None:
        # EVerest's EV puts its modem MAC into source_address: match on host MAC + RunID
        s = self.sessions.get((msg.src, msg.run_id))
        if s is None or s.state is not SessionState.WAIT_ATTEN_RSP:
            return
        if msg.result != 0:
            self._fail(s, f"CM_ATTEN_CHAR.RSP result {msg.result}")
            return
        s.state = SessionState.WAIT_MATCH
        self._arm(s, now + self._timing.tt_evse_match_session)

    def _on_validate(self, msg: m.CmValidateReq, now: float) -> None:
        s = next((x for x in self.sessions.values() if x.ev_mac == msg.src), None)
        if s is None or s.state is not SessionState.WAIT_MATCH:
            return
        if not self.config.validation:
            self._send(m.CmValidateCnf(dst=msg.src, src=self.mac, signal_type=msg.signal_type, toggle_num=0,
                                       result=self.config.validate_result))
            return
        if msg.timer == 0 and s.validation != 2:  # first exchange: are we ready to count?
            s.validation = 1
            self._send(m.CmValidateCnf(dst=msg.src, src=self.mac, signal_type=msg.signal_type, toggle_num=0,
                                       result=m.VALIDATE_READY))
        elif s.validation == 1:  # second exchange: count B->C edges in the announced window
            s.validation, s.toggles, s.validate_signal = 2, 0, msg.signal_type
            window = min(self._timing.tt_evse_vald_toggle,
                         (msg.timer + 1) * 0.1 + self._timing.t_vald_detect_time)
            self._set_timer("validate:" + self._timer_name(s), now + window)

    def cp_state(self, state: str, now: float) -> None:
        """Report the control pilot state ("A".."F") from the CP layer: B->C edges are counted while a
        CM_VALIDATE window is open; A (unplug) stops the machine (call start() again on B)."""
        if state == "C" and self._cp == "B":
            for s in self.sessions.values():
                if s.validation == 2:
                    s.toggles += 1
        self._cp = state
        if state == "A" and self.state is not EvseState.IDLE:
            self.stop(now)

    def _validation_window_closed(self, s: Session, now: float) -> None:
        ok = s.toggles > 0
        s.validation = 0
        self._send(m.CmValidateCnf(dst=s.ev_mac, src=self.mac, signal_type=s.validate_signal,
                                   toggle_num=s.toggles,
                                   result=m.VALIDATE_SUCCESS if ok else m.VALIDATE_FAILURE))
        self._emit(ev.ValidationDone(s.ev_mac, s.toggles, ok))

    def _on_match_req(self, msg: m.CmSlacMatchReq, now: float) -> None:
        s = self.sessions.get((msg.src, msg.run_id))
        if s is None or s.state is not SessionState.WAIT_MATCH:
            return
        if msg.evse_mac not in (self.mac, m.NULL_MAC) or msg.application_type != 0 or msg.security_type != 0:
            return
        s.match_cnf = m.CmSlacMatchCnf(
            dst=msg.src, src=self.mac, pev_id=msg.pev_id, pev_mac=msg.pev_mac, evse_id=self.config.evse_id,
            evse_mac=self.mac, run_id=msg.run_id, nid=self.nid, nmk=self.nmk,
        )
        self._send(s.match_cnf)
        s.state = SessionState.MATCHED
        self._cancel(self._timer_name(s), "validate:" + self._timer_name(s))
        for other in list(self.sessions.values()):
            if other is not s:
                self._fail(other, "another EV matched on this connector")
        self.matched = s
        self.state = EvseState.MATCHED
        self._emit(ev.Matched(msg.src, msg.run_id, self.nid, self.nmk))
        if self._key_ready:
            self._start_joining(now)

    def _on_parm_req_while_matched(self, msg: m.CmSlacParmReq, now: float) -> None:
        """The matched EV starts over (it never got our MATCH.CNF, or gave up joining): forget the
        match and serve the new run; the network key stays, no EV ever joined it."""
        if self.matched is None or msg.src != self.matched.ev_mac:
            return  # other cars on neighbouring cables
        self._cancel("join", "poll", "settled")
        if self.modem_phase is ModemPhase.JOINING:
            self.modem_phase = ModemPhase.IDLE
        self.matched = None
        self.sessions.clear()
        self.state = EvseState.WAITING
        self._on_parm_req(msg, now)

    def _on_repeated_match_req(self, msg: m.CmSlacMatchReq, now: float) -> None:
        s = self.matched
        if s is not None and s.match_cnf is not None and (msg.src, msg.run_id) == (s.ev_mac, s.run_id):
            self._send(s.match_cnf)  # our CNF was lost: send the same again

    def _on_amp_map(self, msg: m.CmAmpMapReq, now: float) -> None:
        if self.matched is None or msg.src != self.matched.ev_mac or msg.amlen == 0:
            return  # AMLEN 0 is invalid and must not be answered
        self._send(m.CmAmpMapCnf(dst=msg.src, src=self.mac, result=0))

    # ---- modem hooks ------------------------------------------------------------------------------

    def _modem_key_set(self, now: float) -> None:
        if self.modem_phase is ModemPhase.SETTING_KEY:
            self._key_ready = True
            self.modem_phase = ModemPhase.IDLE
            if self.state is EvseState.MATCHED:
                self._start_joining(now)

    def _modem_key_failed(self, now: float, reason: str) -> None:
        self.state = EvseState.FAILED
        for s in list(self.sessions.values()):
            self._fail(s, reason)

    def _modem_link_ready(self, now: float) -> None:
        if self.state is EvseState.MATCHED and self.matched is not None:
            self.state = EvseState.LINKED
            self._emit(ev.LinkReady(self.matched.ev_mac, self.nid))

    def _modem_join_expired(self, now: float) -> None:
        if self.state is EvseState.MATCHED:
            self._emit(ev.MatchingFailed("no link within TT_match_join"))
            self._reset(now)

    def _modem_link_lost(self, now: float) -> None:
        self._reset(now)

    TABLE: ClassVar[dict[tuple[object, type[m.Mme]], str]] = {
        (EvseState.WAITING, m.CmSlacParmReq): "_on_parm_req",
        (EvseState.WAITING, m.CmStartAttenCharInd): "_on_start_atten",
        (EvseState.WAITING, m.CmMnbcSoundInd): "_on_sound",
        (EvseState.WAITING, m.CmAttenProfileInd): "_on_profile",
        (EvseState.WAITING, m.CmAttenCharRsp): "_on_atten_rsp",
        (EvseState.WAITING, m.CmValidateReq): "_on_validate",
        (EvseState.WAITING, m.CmSlacMatchReq): "_on_match_req",
        (EvseState.MATCHED, m.CmSlacMatchReq): "_on_repeated_match_req",
        (EvseState.MATCHED, m.CmSlacParmReq): "_on_parm_req_while_matched",
        (EvseState.LINKED, m.CmSlacMatchReq): "_on_repeated_match_req",
        (EvseState.MATCHED, m.CmAmpMapReq): "_on_amp_map",
        (EvseState.LINKED, m.CmAmpMapReq): "_on_amp_map",
    }
