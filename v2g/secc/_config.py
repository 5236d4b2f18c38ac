"""SECC configuration and the store that lets a paused session be resumed on a new connection."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from v2g.apphand import DIN, ISO2, ISO20_AC, ISO20_DC, Protocol
from v2g.controller import EnergyMode

IMPLEMENTED = (DIN, ISO2, ISO20_DC, ISO20_AC)
"""Built in (ISO 15118-20 only over TLS 1.3 with mutual authentication: :mod:`v2g.security`)."""


@dataclass(frozen=True, slots=True)
class SeccTimeouts:
    """Seconds; defaults from ../shared/reference/TIMING.md."""

    communication_setup: float = 20.0
    """V2G_EVCC_CommunicationSetup_Timeout: connection to SessionSetupReq."""
    sequence: float = 60.0
    """V2G_SECC_Sequence_Timeout: longest gap between a response and the next request."""
    iso20_charge_loop: float = 0.5
    """ISO 15118-20: V2G_SECC_Sequence_Timeout after a charge-loop response (AC_ChargeLoopRes,
    DC_ChargeLoopRes): 0.5 s, Tables 216 and 217 ([V2G20-1500], [V2G20-1502]); a silent EV must
    not hold closed contactors for a minute. Interop tests with slow peers may raise it."""
    ongoing: float = 60.0
    """Longest time the SECC answers EVSEProcessing=Ongoing (authorization, schedules)."""
    cable_check: float = 40.0
    """Longest cable check (CableCheck overall, TIMING.md); then the SECC answers FAILED."""
    paused_session: float = 24 * 3600.0
    """How long a paused session can be resumed."""
    certificate: float = 4.0
    """Longest wait for the certificate service (CertificateInstallation / CertificateUpdate: no
    Ongoing allowed, and the EVCC waits 5 s for the answer; the rest is the network's)."""
    poll: float = 0.02
    """Interval of asking a service again while a reply waits for it."""


@dataclass(frozen=True, slots=True)
class PausedSession:
    session_id: bytes
    evcc_id: bytes
    protocol: str
    paused_at: float
    contract: str = ""
    """Plug & Charge: the contract (eMAID and certificate serial) the session was authorized with;
    a resumed session presenting it again is not authorized a second time."""


class SessionStore:
    """Paused sessions by SessionID, shared by every :class:`SeccSession` of one server (a service
    passed to each session beside the controller, never part of the frozen config).

    A TCP connection carries one V2G communication session; pausing (ISO 15118-2
    ``SessionStopReq(ChargingSession=Pause)``) ends the connection and puts the session here. A later
    connection whose ``SessionSetupReq`` carries that SessionID (and comes from the same EVCCID)
    joins it (``OK_OldSessionJoined``) and takes it out of the store. The store is in-memory; a
    firmware that must survive restarts can pass a subclass that persists ``pause``/``take``.
    """

    def __init__(self) -> None:
        self._paused: dict[bytes, PausedSession] = {}

    def pause(self, entry: PausedSession) -> None:
        self._paused[entry.session_id] = entry

    def take(
        self, session_id: bytes, evcc_id: bytes, protocol: str, now: float, max_age: float
    ) -> PausedSession | None:
        """The paused session to join (taken out of the store), or None."""
        entry = self._paused.get(session_id)
        if entry is None or entry.evcc_id != evcc_id or entry.protocol != protocol:
            return None
        del self._paused[session_id]
        return entry if now - entry.paused_at <= max_age else None

    def __contains__(self, session_id: object) -> bool:
        return session_id in self._paused

    def __len__(self) -> int:
        return len(self._paused)


def _random_session_id() -> bytes:
    while True:
        sid = secrets.token_bytes(8)
        if any(sid):
            return sid


@dataclass(frozen=True)
class SeccConfig:
    evse_id: str = "DE*V2G*E0001*1"
    """ISO 15118-2 EVSEID (string)."""
    din_evse_id: bytes = b"\x00"
    """DIN EVSEID (hexBinary); [V2G-DC-876] a single 0x00 when the SECC has none."""
    protocols: tuple[Protocol, ...] = (ISO2, DIN)
    """Supported protocols, most preferred first (DIN, ISO 15118-2, ISO 15118-20 DC and AC)."""
    energy_modes: tuple[EnergyMode, ...] = (EnergyMode.DC_EXTENDED,)
    payment_options: tuple[str, ...] = ("ExternalPayment",)
    """ExternalPayment (EIM) and/or Contract (Plug & Charge, ISO 15118-2). Contract is offered only
    on a TLS connection of a session whose services include Plug & Charge (``EvseServices.pnc``)."""
    free_service: bool = False
    trace: bool = True
    """Keep a TraceRecord of every message (``next_trace``); records convert to dicts only when read."""
    timeouts: SeccTimeouts = SeccTimeouts()
    strict: bool = False
    """Conformance testing: answer FAILED_SequenceError where real chargers are lenient (an EV that
    stops with PowerDelivery before the charging loop, or with SessionStopReq in the cable check or
    the pre-charge, where the sequence leads to PowerDelivery). After ChargeParameterDiscoveryRes
    and an Ongoing CableCheckRes the sequence expects CableCheckReq (DIN 70121 [V2G-DC-453],
    [V2G-DC-499]); Josev, EVerest's DIN stack in 2023, refuses a SessionStopReq there
    (FAILED_SequenceError), EVerest's own stack today accepts it, as we do by default."""
    pause: bool = True
    """ISO 15118-2: the charger supports pausing (``SessionStopReq(ChargingSession=Pause)`` keeps the
    session for a resume). False: a Pause is answered FAILED (SessionStopRes knows no more specific
    code; -20 has FAILED_PauseNotAllowed) and the session ends as terminated, as the EVerest
    chargers of 2023 did in DC."""
    specs: tuple[Any, ...] = ()
    """Protocols beside the built-in DIN 70121, ISO 15118-2 and -20 DC / AC (:class:`v2g.secc.SeccSpec`; one
    whose namespace is built in replaces it). List their ``Protocol`` in ``protocols`` too."""
    session_id_factory: Callable[[], bytes] = field(default=_random_session_id, compare=False)

    def __post_init__(self) -> None:
        if not self.protocols:
            raise ValueError("SeccConfig.protocols is empty")
        extra = {spec.namespace for spec in self.specs}
        for p in self.protocols:
            if p not in IMPLEMENTED and p.namespace not in extra:
                raise ValueError(f"protocol {p.namespace} {p.major}.{p.minor} is not implemented")
        if not self.energy_modes:
            raise ValueError("SeccConfig.energy_modes is empty")
        if self.protocols == (DIN,) and not any(m.is_dc for m in self.energy_modes):
            raise ValueError("DIN 70121 is DC only: offer a DC energy mode, or ISO 15118-2 for AC")
        if not self.payment_options or not set(self.payment_options) <= {"ExternalPayment", "Contract"}:
            raise ValueError("payment_options: ExternalPayment and/or Contract")
