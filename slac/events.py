"""Events the SLAC machines report to their application (drained with ``next_event()``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Event:
    pass


@dataclass(frozen=True, slots=True)
class KeySet(Event):
    """The local modem confirmed CM_SET_KEY (it now restarts into that network)."""

    nid: bytes


@dataclass(frozen=True, slots=True)
class KeySetFailed(Event):
    reason: str


@dataclass(frozen=True, slots=True)
class ParmConfirmed(Event):
    """EV: an EVSE answered CM_SLAC_PARM.REQ."""

    evse_mac: bytes


@dataclass(frozen=True, slots=True)
class AttenCharReceived(Event):
    """EV: an EVSE reported its averaged attenuation."""

    evse_mac: bytes
    attenuation_db: float
    num_sounds: int


@dataclass(frozen=True, slots=True)
class EvseSelected(Event):
    """EV: the EVSE with the lowest acceptable attenuation was chosen among ``candidates``."""

    evse_mac: bytes
    attenuation_db: float
    candidates: int


@dataclass(frozen=True, slots=True)
class ToggleRequested(Event):
    """EV: CM_VALIDATE is ready: the CP layer must now toggle B->C->B ``toggles`` times within
    ``window`` seconds (TP_EV_vald_state_duration per state)."""

    evse_mac: bytes
    toggles: int
    window: float


@dataclass(frozen=True, slots=True)
class ValidationDone(Event):
    """CM_VALIDATE finished: ``toggles`` is the EVSE's count, ``ok`` whether it confirms the EV."""

    peer_mac: bytes
    toggles: int
    ok: bool


@dataclass(frozen=True, slots=True)
class AttemptFailed(Event):
    """EV: one matching attempt failed; another follows after TT_matching_rate if allowed."""

    attempt: int
    reason: str


@dataclass(frozen=True, slots=True)
class MatchingFailed(Event):
    """Matching ended without success (EV: all attempts used; EVSE: join timeout, then reset)."""

    reason: str


@dataclass(frozen=True, slots=True)
class SessionStarted(Event):
    """EVSE: a CM_SLAC_PARM.REQ opened (or restarted) a matching session."""

    ev_mac: bytes
    run_id: bytes


@dataclass(frozen=True, slots=True)
class SoundingDone(Event):
    """EVSE: the sounding window closed; ``attenuation_db`` is the mean of the averaged groups."""

    ev_mac: bytes
    run_id: bytes
    num_sounds: int
    attenuation_db: float


@dataclass(frozen=True, slots=True)
class SessionFailed(Event):
    """EVSE: one matching session ended without a match."""

    ev_mac: bytes
    run_id: bytes
    reason: str


@dataclass(frozen=True, slots=True)
class Matched(Event):
    """CM_SLAC_MATCH.CNF sent (EVSE) or received (EV)."""

    peer_mac: bytes
    run_id: bytes
    nid: bytes
    nmk: bytes


@dataclass(frozen=True, slots=True)
class LinkReady(Event):
    """D-LINK_READY: matched and the modem reports a powerline link."""

    peer_mac: bytes
    nid: bytes


@dataclass(frozen=True, slots=True)
class LinkLost(Event):
    """The link went away after association; the host left the network (new random key)."""

    nid: bytes


@dataclass(frozen=True, slots=True)
class SlacInitTimeout(Event):
    """EVSE: no CM_SLAC_PARM.REQ within TT_EVSE_SLAC_init after start (the CP layer decides: E/F)."""


@dataclass(frozen=True, slots=True)
class ErrorStateRequested(Event):
    """EVSE, AC 5 % mode: the CP layer shall show state E/F for ``duration`` seconds, then 5 % PWM
    again (``retry`` of C_sequ_retry); the machine waits TT_EVSE_SLAC_init anew afterwards."""

    duration: float
    retry: int
