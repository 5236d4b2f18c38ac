"""The EV side of ISO 15118-3 SLAC as a sans-IO machine (PEV-HLE).

parameter request -> START_ATTEN_CHAR x3 -> MNBC_SOUND xN -> collect CM_ATTEN_CHAR.IND (answering
each with a RSP) until every charger that confirmed the parameters has reported, or
``ev_compare_window`` after the first usable one (TP_EV_match_session), or at the latest
TT_EV_atten_results -> choose the EVSE with the lowest mean attenuation below the threshold ->
CM_SLAC_MATCH.REQ -> CM_SET_KEY on the local modem -> wait for the link
(TT_match_join) -> D-LINK_READY; link loss afterwards -> leave the network (new random key).
A failed attempt is retried after TT_matching_rate, up to C_conn_max_match attempts within
TT_matching_repetition.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from typing import ClassVar

from slac import events as ev
from slac import messages as m
from slac._core import MachineBase, ModemPhase, mean_attenuation
from slac.config import EvConfig
from slac.errors import StateError
from slac.keys import RandomSource


class EvState(enum.Enum):
    IDLE = "idle"
    WAIT_PARM_CNF = "wait CM_SLAC_PARM.CNF"
    SOUNDING = "sounding"  # START_ATTEN_CHAR and MNBC_SOUND going out
    WAIT_ATTEN_CHAR = "wait CM_ATTEN_CHAR.IND"
    VALIDATE_1 = "wait CM_VALIDATE.CNF (ready?)"
    VALIDATE_2 = "wait CM_VALIDATE.CNF (toggles)"
    WAIT_MATCH_CNF = "wait CM_SLAC_MATCH.CNF"
    JOINING = "joining"  # CM_SET_KEY on the modem, waiting for the link
    LINKED = "linked"
    PAUSE = "pause before retry"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class _Result:
    evse_mac: bytes
    attenuation_db: float
    num_sounds: int


class EvSlac(MachineBase):
    """EV association machine. ``start(now)`` when the CP shows state B (or the EV wakes up)."""

    def __init__(self, config: EvConfig, random_bytes: RandomSource = os.urandom) -> None:
        t = config.timing
        super().__init__(config.mac, config.modem_mac, t, random_bytes, config.set_key_success,
                         config.set_key_retries, config.poll_link, config.trace)
        self.config = config
        self.state = EvState.IDLE
        self.run_id = b""
        self.attempt = 0
        self._first_attempt_at = 0.0
        self._sends = 0
        self._parm_cnf: m.CmSlacParmCnf | None = None
        self._parm_from: set[bytes] = set()
        self._start_sent = 0
        self._sounds_sent = 0
        self._num_sounds = 0
        self._results: dict[bytes, _Result] = {}
        self._rejected: set[bytes] = set()
        self._decide_by: float | None = None  # set by the first usable CM_ATTEN_CHAR.IND
        self.evse_mac: bytes | None = None
        self.nid: bytes | None = None
        self.nmk: bytes | None = None

    def _state_key(self) -> EvState:
        return self.state

    # ---- control ----------------------------------------------------------------------------------

    def start(self, now: float) -> None:
        self._now = now
        if self.state not in (EvState.IDLE, EvState.FAILED):
            raise StateError(f"start() in state {self.state.value}")
        self.run_id = self.config.run_id or self._random(8)
        self.attempt = 0
        self._first_attempt_at = now
        self._begin_attempt(now)

    def stop(self, now: float) -> None:
        """Unplug: abandon matching; if a key was installed, leave the network."""
        self._now = now
        joined = self.state in (EvState.JOINING, EvState.LINKED)
        self._timers.clear()
        self.state = EvState.IDLE
        if joined:
            self._leave_network(now)

    def _begin_attempt(self, now: float) -> None:
        self.attempt += 1
        self.state = EvState.WAIT_PARM_CNF
        self._parm_cnf = None
        self._parm_from = set()
        self._results = {}
        self._rejected = set()
        self._decide_by = None
        self.evse_mac = self.nid = self.nmk = None
        self._sends = 0
        self._send_parm_req(now)

    def _send_parm_req(self, now: float) -> None:
        self._sends += 1
        self._send(m.CmSlacParmReq(dst=m.BROADCAST, src=self.mac, run_id=self.run_id))
        self._set_timer("response", now + self._timing.tt_match_response)

    def _attempt_failed(self, now: float, reason: str) -> None:
        self._timers.clear()
        joined = self.modem_phase in (ModemPhase.JOINING, ModemPhase.LINKED)
        self.modem_phase = ModemPhase.IDLE
        if joined:
            self._leave_network(now)  # the modem holds that EVSE's key: leave its network
        self._emit(ev.AttemptFailed(self.attempt, reason))
        window_left = now + self._timing.tt_matching_rate - self._first_attempt_at
        if self.attempt < self.config.max_attempts and window_left < self._timing.tt_matching_repetition:
            self.state = EvState.PAUSE
            self._set_timer("restart", now + self._timing.tt_matching_rate)
        else:
            self.state = EvState.FAILED
            self._emit(ev.MatchingFailed(reason))

    def _timer_restart(self, now: float) -> None:
        self._begin_attempt(now)

    def _timer_response(self, now: float) -> None:
        if self.state is EvState.WAIT_PARM_CNF:
            if self._sends <= self.config.parm_retries:
                self._send_parm_req(now)
            else:
                self._attempt_failed(now, "no CM_SLAC_PARM.CNF")
        elif self.state is EvState.WAIT_MATCH_CNF:
            if self._sends <= self.config.match_retries:
                self._send_match_req(now)
            else:
                self._attempt_failed(now, "no CM_SLAC_MATCH.CNF")
        elif self.state is EvState.VALIDATE_1:
            if self._sends <= self.config.match_retries:
                self._send_validate(now, second=False)
            else:
                self._reject(now, "no CM_VALIDATE.CNF")
        elif self.state is EvState.VALIDATE_2:
            self._reject(now, "no CM_VALIDATE.CNF after the toggles")

    # ---- parameter exchange and sounding ----------------------------------------------------------

    def _on_parm_cnf(self, msg: m.CmSlacParmCnf, now: float) -> None:
        if msg.run_id != self.run_id or msg.application_type != 0 or msg.security_type != 0:
            return
        if msg.src in self._parm_from:
            return  # duplicate
        self._parm_from.add(msg.src)
        self._emit(ev.ParmConfirmed(msg.src))
        if self.state is not EvState.WAIT_PARM_CNF:
            return  # a second EVSE: it hears our broadcast START_ATTEN_CHAR and sounds as well
        self._parm_cnf = msg
        self._num_sounds = max(1, msg.num_sounds)
        self._cancel("response")
        self.state = EvState.SOUNDING
        self._start_sent = self._sounds_sent = 0
        # TT_EV_atten_results runs from the first CM_START_ATTEN_CHAR.IND
        self._set_timer("results", now + self._timing.tt_ev_atten_results)
        self._timer_step(now)

    def _target(self) -> bytes:
        assert self._parm_cnf is not None
        target = self._parm_cnf.msound_target
        return target if target != m.NULL_MAC else self.config.sound_target

    def _timer_step(self, now: float) -> None:
        assert self._parm_cnf is not None
        if self._start_sent < self.config.start_atten_char_inds:
            self._start_sent += 1
            self._send(m.CmStartAttenCharInd(
                dst=self._target(), src=self.mac, num_sounds=self._num_sounds,
                time_out=self._parm_cnf.time_out, resp_type=self._parm_cnf.resp_type,
                forwarding_sta=self.mac, run_id=self.run_id,
            ))
        elif self._sounds_sent < self._num_sounds:
            self._sounds_sent += 1
            self._send(m.CmMnbcSoundInd(
                dst=self._target(), src=self.mac, sender_id=self.config.pev_id,
                cnt=self._num_sounds - self._sounds_sent, run_id=self.run_id, rnd=self._random(16),
            ))
        if self._sounds_sent < self._num_sounds:
            self._set_timer("step", now + self._timing.tp_ev_batch_msg_interval)
        elif self.state is EvState.SOUNDING:
            self.state = EvState.WAIT_ATTEN_CHAR
            self._consider(now)  # a charger may have reported before the last sound

    def _on_atten_char(self, msg: m.CmAttenCharInd, now: float) -> None:
        if msg.run_id != self.run_id or msg.application_type != 0 or msg.security_type != 0:
            return
        # answer every IND, repeats included: a repeat means our RSP was lost
        self._send(m.CmAttenCharRsp(
            dst=msg.src, src=self.mac, source_address=self.mac, run_id=self.run_id,
            source_id=msg.source_id, resp_id=msg.resp_id, result=0,
        ))
        if msg.src not in self._results:
            result = _Result(msg.src, mean_attenuation(msg.aag), msg.num_sounds)
            self._results[msg.src] = result
            self._emit(ev.AttenCharReceived(msg.src, result.attenuation_db, msg.num_sounds))
            if self._decide_by is None and self._acceptable(result):
                # TP_EV_match_session: from this RSP on, CM_SLAC_MATCH.REQ (or CM_VALIDATE.REQ) is due
                # within 500 ms, however long TT_EV_atten_results would still run
                results_end = self._timers.get("results", now)
                self._decide_by = min(now + self._timing.ev_compare_window, results_end)
            self._consider(now)

    def _consider(self, now: float) -> None:
        """Choose now if nothing better can come (every charger that confirmed CM_SLAC_PARM has
        reported) or the compare window is over; else wait for the window's end."""
        if self.state is not EvState.WAIT_ATTEN_CHAR or self._decide_by is None:
            return  # still sounding, or nothing usable yet (then TT_EV_atten_results decides)
        if self._parm_from <= self._results.keys() or now >= self._decide_by:
            self._select(now)
        else:
            self._set_timer("decide", self._decide_by)

    def _timer_decide(self, now: float) -> None:
        self._consider(now)

    def _acceptable(self, r: _Result) -> bool:
        # open-plc-utils: reject a mean of 0 ("nothing to analyse") or above the threshold
        limit = self.config.attenuation_threshold_db
        return r.num_sounds > 0 and 0 < r.attenuation_db <= limit  # no groups: a mean of 0

    def _timer_results(self, now: float) -> None:
        if self.state is EvState.SOUNDING:  # cannot normally happen: sounding takes ~260 ms
            self._cancel("step")
        self._select(now)

    def _select(self, now: float, reason: str | None = None) -> None:
        self._cancel("results", "decide")
        usable = [r for r in self._results.values()
                  if self._acceptable(r) and r.evse_mac not in self._rejected]
        if not usable:
            if reason is None and self._results:
                reason = "no EVSE below the attenuation threshold"
            elif reason is None:
                reason = "no CM_ATTEN_CHAR.IND"
            self._attempt_failed(now, reason)
            return
        best = min(usable, key=lambda r: (r.attenuation_db, r.evse_mac))
        self.evse_mac = best.evse_mac
        self._emit(ev.EvseSelected(best.evse_mac, best.attenuation_db, len(usable)))
        self._sends = 0
        if self.config.validation:
            self.state = EvState.VALIDATE_1
            self._send_validate(now, second=False)
        else:
            self.state = EvState.WAIT_MATCH_CNF
            self._send_match_req(now)

    # ---- optional validation (CM_VALIDATE, BCB toggle) -------------------------------------------

    def _send_validate(self, now: float, second: bool) -> None:
        assert self.evse_mac is not None
        self._sends += 1
        # Timer: the toggle window in 100 ms steps, 0 = 100 ms (libslac); 0 in the first exchange
        timer = max(0, round(self.config.validation_window / 0.1) - 1) if second else 0
        self._send(m.CmValidateReq(dst=self.evse_mac, src=self.mac, signal_type=0, timer=timer,
                                   result=m.VALIDATE_READY))
        if second:
            wait = self._timing.tt_evse_vald_toggle + self._timing.tt_match_response
        else:
            wait = self._timing.tt_match_response
        self._set_timer("response", now + wait)

    def _reject(self, now: float, reason: str) -> None:
        """The chosen EVSE failed validation: try the next best one, if any."""
        assert self.evse_mac is not None
        self._cancel("response")
        self._rejected.add(self.evse_mac)
        self._select(now, reason)

    def _on_validate_cnf(self, msg: m.CmValidateCnf, now: float) -> None:
        if msg.src != self.evse_mac:
            return
        if self.state is EvState.VALIDATE_1:
            if msg.result == m.VALIDATE_NOT_REQUIRED:
                self._cancel("response")
                self.state = EvState.WAIT_MATCH_CNF
                self._sends = 0
                self._send_match_req(now)
            elif msg.result == m.VALIDATE_READY:
                self._cancel("response")
                self.state = EvState.VALIDATE_2
                self._sends = 0
                self._send_validate(now, second=True)
                self._emit(ev.ToggleRequested(msg.src, self.config.validation_toggles,
                                              self.config.validation_window))
            elif msg.result in (m.VALIDATE_FAILURE, m.VALIDATE_NOT_READY):
                self._reject(now, f"CM_VALIDATE.CNF result {msg.result}")
        elif self.state is EvState.VALIDATE_2:
            ok = msg.result == m.VALIDATE_SUCCESS and msg.toggle_num == self.config.validation_toggles
            self._emit(ev.ValidationDone(msg.src, msg.toggle_num, ok))
            if ok:
                self._cancel("response")
                self.state = EvState.WAIT_MATCH_CNF
                self._sends = 0
                self._send_match_req(now)
            else:
                self._reject(now, f"validation failed ({msg.toggle_num} toggles counted)")

    # ---- match and join ---------------------------------------------------------------------------

    def _send_match_req(self, now: float) -> None:
        assert self.evse_mac is not None
        self._sends += 1
        self._send(m.CmSlacMatchReq(
            dst=self.evse_mac, src=self.mac, pev_id=self.config.pev_id, pev_mac=self.mac,
            evse_mac=self.evse_mac, run_id=self.run_id,
        ))
        self._set_timer("response", now + self._timing.tt_match_response)

    def _on_match_cnf(self, msg: m.CmSlacMatchCnf, now: float) -> None:
        if msg.src != self.evse_mac or msg.run_id != self.run_id:
            return
        if msg.application_type != 0 or msg.security_type != 0:
            return
        self._cancel("response")
        self.nid, self.nmk = msg.nid, msg.nmk
        self._emit(ev.Matched(msg.src, self.run_id, msg.nid, msg.nmk))
        self.state = EvState.JOINING
        # The NID is taken as sent: real chargers (pyPLC, dSPACE) do not always derive it from the NMK.
        self._set_key(msg.nmk, now, nid=msg.nid)
        self._set_timer("join", now + self._timing.tt_match_join)  # TT_match_join counts from MATCH.CNF

    def _modem_key_set(self, now: float) -> None:
        if self.state is EvState.JOINING:
            self._start_joining(now, self._timers.get("join"))

    def _modem_key_failed(self, now: float, reason: str) -> None:
        if self.state is EvState.JOINING:
            self._attempt_failed(now, reason)

    def _modem_link_ready(self, now: float) -> None:
        if self.state is EvState.JOINING and self.evse_mac is not None and self.nid is not None:
            self.state = EvState.LINKED
            self._emit(ev.LinkReady(self.evse_mac, self.nid))

    def _modem_join_expired(self, now: float) -> None:
        if self.state is EvState.JOINING:
            self._attempt_failed(now, "no link within TT_match_join")

    def _timer_join(self, now: float) -> None:
        if self.state is EvState.JOINING and self.modem_phase is not ModemPhase.JOINING:
            # still setting the key when TT_match_join ran out
            self._cancel("set_key", "poll", "settled")
            self._attempt_failed(now, "no link within TT_match_join")
            return
        super()._timer_join(now)

    def _modem_link_lost(self, now: float) -> None:
        self.state = EvState.IDLE
        self._timers.clear()
        self._leave_network(now)

    def _on_amp_map(self, msg: m.CmAmpMapReq, now: float) -> None:
        if msg.amlen == 0:
            return  # invalid, must not be answered (ISO 15118-5 CmAmpMap_005)
        self._send(m.CmAmpMapCnf(dst=msg.src, src=self.mac, result=0))

    TABLE: ClassVar[dict[tuple[object, type[m.Mme]], str]] = {
        (EvState.WAIT_PARM_CNF, m.CmSlacParmCnf): "_on_parm_cnf",
        (EvState.SOUNDING, m.CmSlacParmCnf): "_on_parm_cnf",
        (EvState.WAIT_ATTEN_CHAR, m.CmSlacParmCnf): "_on_parm_cnf",
        (EvState.SOUNDING, m.CmAttenCharInd): "_on_atten_char",
        (EvState.WAIT_ATTEN_CHAR, m.CmAttenCharInd): "_on_atten_char",
        (EvState.WAIT_MATCH_CNF, m.CmAttenCharInd): "_on_atten_char",
        (EvState.VALIDATE_1, m.CmAttenCharInd): "_on_atten_char",
        (EvState.VALIDATE_2, m.CmAttenCharInd): "_on_atten_char",
        (EvState.WAIT_MATCH_CNF, m.CmSlacMatchCnf): "_on_match_cnf",
        (EvState.VALIDATE_1, m.CmValidateCnf): "_on_validate_cnf",
        (EvState.VALIDATE_2, m.CmValidateCnf): "_on_validate_cnf",
        (EvState.JOINING, m.CmAmpMapReq): "_on_amp_map",
        (EvState.LINKED, m.CmAmpMapReq): "_on_amp_map",
    }
