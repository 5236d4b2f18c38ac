"""Frozen configuration of the SLAC machines: ISO 15118-3 timers (Table A.1 / Table 3) and the
real-world tolerances of SLAC.md. All durations are seconds."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from slac.errors import ConfigError
from slac.messages import BROADCAST, LOCALCAST, VALIDATE_NOT_REQUIRED


class SetKeySuccess(enum.Enum):
    """Which CM_SET_KEY.CNF result means "key applied" (SLAC.md 9.3)."""

    QCA = "0x01"  # QCA firmware answers 0x01 when it applied the key (default, as everest-slac-2026)
    STANDARD = "0x00"  # HomePlug GP text: 0 = success
    ANY = "any"  # pyslac: ignore the field

    def accepts(self, result: int) -> bool:
        if self is SetKeySuccess.ANY:
            return True
        return result == (0x01 if self is SetKeySuccess.QCA else 0x00)


class ZeroSounds(enum.Enum):
    """What the EVSE does when the sounding window closes without a single attenuation profile."""

    FAIL = "fail"  # ISO (V2G3-A09-43 as quoted by Tinkerforge), pyslac: no result
    PLACEHOLDER = "placeholder"  # EVerest: report 1 dB in every group


TP_EV_MATCH_SESSION = 0.5
"""TP_EV_match_session: CM_ATTEN_CHAR.RSP to CM_VALIDATE.REQ / CM_SLAC_MATCH.REQ, at most (s)."""


@dataclass(frozen=True, slots=True)
class Timing:
    tt_match_response: float = 0.2  # TT_match_response: wait for a response
    tt_match_sequence: float = 0.4  # TT_match_sequence: EVSE waits for the next request
    tt_ev_atten_results: float = 1.2  # TT_EV_atten_results: EV collects CM_ATTEN_CHAR.IND
    # After the first usable CM_ATTEN_CHAR.IND the EV waits at most this long for the other chargers'
    # (it stops waiting once every charger that confirmed CM_SLAC_PARM has reported), so that
    # CM_ATTEN_CHAR.RSP -> CM_SLAC_MATCH.REQ stays within TP_EV_match_session (<= 500 ms).
    ev_compare_window: float = 0.3
    tt_evse_match_mnbc: float = 0.6  # TT_EVSE_match_MNBC: sound window (Time_Out = 6)
    tt_evse_match_session: float = 10.0  # TT_EVSE_match_session: wait for VALIDATE/MATCH.REQ
    tt_evse_slac_init: float | None = 40.0  # TT_EVSE_SLAC_init: state B to CM_SLAC_PARM.REQ
    tt_match_join: float = 12.0  # TT_match_join: MATCH.CNF to link established
    tt_matching_rate: float = 0.4  # TT_matching_rate: pause before a new matching attempt
    tt_matching_repetition: float = 10.0  # TT_matching_repetition: window for whole-match retries
    # TP_EV_batch_msg_interval (20-50 ms) between START_ATTEN_CHAR and MNBC_SOUND frames. Aimed inside
    # the range, not at its 20 ms edge: a late timer only lengthens a gap (the next frame is timed from
    # the actual send), transit jitter can shorten one as seen by the peer - 10 ms of room below,
    # 20 ms above; 13 frames then take 360 ms, well inside the EVSE's 600 ms sound window.
    tp_ev_batch_msg_interval: float = 0.03
    set_key_timeout: float = 1.0  # wait for CM_SET_KEY.CNF (EVerest manifest value)
    link_poll_interval: float = 0.2  # VS_PL_LNK_STATUS poll, below TP_match_leave (1 s)
    link_loss_timeout: float = 0.6  # no "link up" answer for this long = link lost
    settle_time: float = 3.0  # without link polling: assume the link after this long
    t_step_ef: float = 4.0  # T_step_EF: E/F duration of an AC 5 % retry (>= 4 s)
    tt_evse_vald_toggle: float = 3.5  # TT_EVSE_vald_toggle: EVSE counting window (upper bound)
    t_vald_detect_time: float = 0.2  # T_vald_detect_time: EVSE detection margin per CP change

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise ConfigError(f"{name} must be positive, got {value}")
        if not 0.02 <= self.tp_ev_batch_msg_interval <= 0.05:
            raise ConfigError("TP_EV_batch_msg_interval must be within 20-50 ms")
        if self.ev_compare_window >= TP_EV_MATCH_SESSION:
            raise ConfigError("ev_compare_window must stay below TP_EV_match_session (0.5 s)")
        if self.link_loss_timeout >= 1.0:
            raise ConfigError("link_loss_timeout must stay below TP_match_leave (1 s)")


def _check_mac(name: str, value: bytes) -> None:
    if len(value) != 6:
        raise ConfigError(f"{name} must be a 6-byte MAC address")


@dataclass(frozen=True, slots=True)
class EvConfig:
    mac: bytes  # the EV host's interface MAC
    modem_mac: bytes = LOCALCAST
    timing: Timing = field(default_factory=Timing)
    run_id: bytes | None = None  # None: 8 random bytes per start()
    pev_id: bytes = bytes(17)
    attenuation_threshold_db: float = 40.0  # reject EVSEs whose mean attenuation is above (pev.ini)
    parm_retries: int = 2  # C_EV_match_retry (EVerest uses up to 100 in the field)
    match_retries: int = 2  # C_EV_match_retry
    start_atten_char_inds: int = 3  # C_EV_start_atten_char_inds
    max_attempts: int = 3  # C_conn_max_match
    set_key_success: SetKeySuccess = SetKeySuccess.QCA
    set_key_retries: int = 2
    poll_link: bool = True  # VS_PL_LNK_STATUS; False for modems without it (then settle_time)
    sound_target: bytes = BROADCAST
    validation: bool = False  # run CM_VALIDATE (BCB toggle) with the chosen EVSE before matching
    validation_toggles: int = 1  # C_EV_vald_nb_toggles (1-3)
    validation_window: float = 1.0  # TP_EV_vald_toggle: the whole BCB sequence (0.6-3.5 s)
    trace: bool = False  # keep a per-message trace (trace_records())

    def __post_init__(self) -> None:
        _check_mac("mac", self.mac)
        _check_mac("modem_mac", self.modem_mac)
        if self.run_id is not None and len(self.run_id) != 8:
            raise ConfigError("run_id must be 8 bytes")
        if len(self.pev_id) != 17:
            raise ConfigError("pev_id must be 17 bytes")
        for name in ("parm_retries", "match_retries", "set_key_retries"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name} must not be negative")
        if self.max_attempts < 1 or self.start_atten_char_inds < 1:
            raise ConfigError("max_attempts and start_atten_char_inds must be at least 1")
        if not 1 <= self.validation_toggles <= 3:
            raise ConfigError("validation_toggles (C_EV_vald_nb_toggles) must be 1..3")
        if not 0.6 <= self.validation_window <= 3.5:
            raise ConfigError("validation_window (TP_EV_vald_toggle) must be 0.6..3.5 s")


@dataclass(frozen=True, slots=True)
class EvseConfig:
    mac: bytes  # the EVSE host's interface MAC
    modem_mac: bytes = LOCALCAST
    timing: Timing = field(default_factory=Timing)
    nmk: bytes | None = None  # None: a fresh random NMK per start and after every session
    printable_nmk: bool = False
    evse_id: bytes = bytes(17)
    num_sounds: int = 10  # C_EV_match_MNBC, announced in CM_SLAC_PARM.CNF
    resp_type: int = 1
    max_sessions: int = 5  # C_EVSE_match_parallel
    atten_char_retries: int = 2  # C_EV_match_retry
    attenuation_adjustment_db: int = 0  # EVerest sounding_attenuation_adjustment
    zero_sounds: ZeroSounds = ZeroSounds.FAIL
    ac_five_percent: bool = False  # AC 5 % mode: E/F retries when no EV starts (V2G3-M06-05..09)
    sequence_retries: int = 2  # C_sequ_retry
    validation: bool = False  # True: count BCB toggles reported with cp_state(); False: answer
    validate_result: int = VALIDATE_NOT_REQUIRED  # ... every CM_VALIDATE.REQ with this result
    set_key_success: SetKeySuccess = SetKeySuccess.QCA
    set_key_retries: int = 10  # everest-slac-2026
    poll_link: bool = True
    trace: bool = False  # keep a per-message trace (trace_records())

    def __post_init__(self) -> None:
        _check_mac("mac", self.mac)
        _check_mac("modem_mac", self.modem_mac)
        if self.nmk is not None and len(self.nmk) != 16:
            raise ConfigError("nmk must be 16 bytes")
        if len(self.evse_id) != 17:
            raise ConfigError("evse_id must be 17 bytes")
        if not 1 <= self.num_sounds <= 255 or self.max_sessions < 1:
            raise ConfigError("num_sounds must be 1..255 and max_sessions at least 1")
