"""What the SECC sessions of DIN 70121 and ISO 15118-2 share: the states, the session context, the
guards of their tables, and the protocol-neutral decisions (SessionID, authorization, schedules,
cable check, faults) that each protocol's handlers turn into its own messages. The rules of the
tables are in :mod:`v2g.secc._spec`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from v2g._physical import from_pv
from v2g.controller import (
    AuthStatus,
    DcEvseLimits,
    EnergyMode,
    EnergyRequest,
    EvseServices,
    EvseStatus,
    Isolation,
    Notification,
    PowerStage,
    Schedule,
)
from v2g.errors import SessionError
from v2g.secc._config import PausedSession, SeccConfig, SessionStore
from v2g.secc._limits import dc_limits, dc_set_point, ev_limit
from v2g.secc._spec import Guard


class SeccState(str, enum.Enum):
    SESSION_SETUP = "SessionSetup"
    SERVICE_DISCOVERY = "ServiceDiscovery"
    PAYMENT_SELECTION = "PaymentSelection"  # ServiceDetail or payment selection
    PAYMENT_DETAILS = "PaymentDetails"  # ISO 15118-2 Plug & Charge: the contract chain
    AUTHORIZATION = "Authorization"
    CHARGE_PARAMETER = "ChargeParameterDiscovery"
    CABLE_CHECK = "CableCheck"
    PRE_CHARGE = "PreCharge"
    POWER_DELIVERY = "PowerDelivery"  # AC after discovery, DC after renegotiation
    CHARGING = "Charging"  # CurrentDemand / ChargingStatus loop
    RENEGOTIATE = "Renegotiate"  # after PowerDelivery(Renegotiate): ChargeParameterDiscovery
    STOPPED = "Stopped"  # after PowerDelivery(Stop)
    WELDING = "WeldingDetection"
    ENDED = "Ended"


@dataclass
class SeccContext:
    """Everything a session remembers between requests (one per TCP connection)."""

    config: SeccConfig
    power: PowerStage
    """The connector's power stage."""
    services: EvseServices
    """Authorization, schedules and meter, beside the power stage."""
    store: SessionStore
    """Paused sessions of the server (pause and resume across connections)."""
    protocol: str = ""
    state: SeccState = SeccState.SESSION_SETUP
    """The state the request being handled arrived in (kept by the boundary)."""
    session_id: bytes = b""
    rx_session_id: bytes = b""
    """The SessionID in the header of the request being handled."""
    evcc_id: bytes = b""
    resumed: bool = False
    energy_mode: EnergyMode | None = None
    request: EnergyRequest | None = None
    schedules: tuple[Schedule, ...] = ()
    schedule_id: int | None = None
    auth_started: float | None = None
    cpd_started: float | None = None
    cable_check_started: float | None = None
    loop_count: int = 0
    renegotiations: int = 0
    control_mode: str = ""
    """ISO 15118-20: the control mode of the selected parameter set ("Scheduled", "Dynamic")."""
    service_id: int = 0
    """ISO 15118-20: the selected energy transfer service (1 AC, 2 DC, 5 AC_BPT, 6 DC_BPT)."""
    mobility_needs_mode: int = 1
    """ISO 15118-20: 1 provided by the EVCC, 2 by the SECC (Dynamic only)."""
    power_started: bool = False
    """ISO 15118-20: PowerDelivery(Start) switched the power on (after Standby, Start needs no new
    pre-charge; before it, a DC EV goes back through the cable check)."""
    paused: bool = False
    stop_reason: str = ""
    tls: bool = False
    """The connection is TLS (the runner knows; Plug & Charge is offered only then)."""
    payment: str = ""
    """The SelectedPaymentOption (ExternalPayment, Contract)."""
    contract: Any = None
    """Plug & Charge: the :class:`v2g.secc.iso2.pnc.Contract` of PaymentDetails."""
    resumed_contract: str = ""
    """The contract a resumed session was authorized with before its pause."""

    @property
    def dc(self) -> bool:
        return self.energy_mode is not None and self.energy_mode.is_dc


def pair_responses(types: ModuleType) -> dict[type, type]:
    """Every request element class of a generated module -> its response element class."""
    out: dict[type, type] = {}
    for name in types.__all__:
        if name.endswith("Req") and hasattr(types, name[:-3] + "Res"):
            out[getattr(types, name)] = getattr(types, name[:-3] + "Res")
    return out


DC_PREFERRED = frozenset({"DC_EVSEStatus", "DC_EVSEChargeParameter", "DC_EVSEStatusType"})
"""Choices a minimal response takes in a DC session (or before the mode is known)."""
AC_PREFERRED = frozenset({"AC_EVSEStatus", "AC_EVSEChargeParameter", "AC_EVSEStatusType"})

DC_SESSION = Guard("a DC session", lambda ctx: ctx.dc)
AC_SESSION = Guard("an AC session", lambda ctx: not ctx.dc)
LENIENT = Guard("a charger that is not strict (SeccConfig.strict)", lambda ctx: not ctx.config.strict)


# --------------------------------------------------------------------------------- session setup


def setup_session(ctx: SeccContext, requested: bytes, evcc_id: bytes, now: float) -> str:
    """Choose the SessionID for a SessionSetupReq; returns the OK response code.

    - A SessionID of a session paused at this SECC by the same EVCC joins it: OK_OldSessionJoined
      (resume with the same SessionID, ISO 15118-2 [V2G2-463]).
    - Zero, or any other value: a new SessionID, different from the one received, and
      OK_NewSessionEstablished ([V2G2-756]).
    """
    ctx.evcc_id = evcc_id
    cfg = ctx.config
    joined = any(requested) and ctx.store.take(
        requested, evcc_id, ctx.protocol, now, cfg.timeouts.paused_session
    )
    if joined:
        ctx.session_id = requested
        ctx.resumed = True
        ctx.resumed_contract = joined.contract
        return "OK_OldSessionJoined"
    sid = cfg.session_id_factory()
    for _ in range(8):
        if sid != requested and any(sid):
            break
        sid = cfg.session_id_factory()
    else:  # a factory that keeps giving the offered (or a zero) ID: derive a different one
        sid = bytes(b ^ 0xA5 for b in (sid if any(sid) else b"\x01" * 8))
    ctx.session_id = sid
    return "OK_NewSessionEstablished"


def pause_session(ctx: SeccContext, now: float) -> None:
    ctx.paused = True
    contract = ctx.contract.key if ctx.contract is not None and ctx.contract.authorized else ""
    ctx.store.pause(PausedSession(ctx.session_id, ctx.evcc_id, ctx.protocol, now, contract))


# --------------------------------------------------------------------------------- authorization


def authorization_done(ctx: SeccContext, now: float) -> bool:
    """EIM authorization: False while pending (answer Ongoing), True when accepted.

    Raises FAILED when the user was rejected or the Ongoing limit passed."""
    if ctx.auth_started is None:
        ctx.auth_started = now
        ctx.services.authorization.start_authorization(ctx.evcc_id, now)
    status = ctx.services.authorization.authorization_status(now)
    if status is AuthStatus.ACCEPTED:
        return True
    if status is AuthStatus.REJECTED:
        raise SessionError("FAILED", "authorization rejected")
    if now - ctx.auth_started >= ctx.config.timeouts.ongoing:
        raise SessionError("FAILED", "authorization still pending after the Ongoing limit")
    return False


# ------------------------------------------------------------------------------ charge parameters


def check_energy_mode(ctx: SeccContext, mode: EnergyMode, code: str) -> None:
    """The requested mode must be one the SECC offered in ServiceDiscoveryRes."""
    if mode not in ctx.config.energy_modes:
        raise SessionError(code, f"energy transfer mode {mode.value} not offered")
    if ctx.energy_mode is not None and ctx.energy_mode is not mode:
        raise SessionError(code, "the energy transfer mode cannot change in a session")
    ctx.energy_mode = mode


def discover_schedules(ctx: SeccContext, request: EnergyRequest, now: float) -> tuple[Schedule, ...] | None:
    """The schedules to offer, or None while the controller computes them (Ongoing)."""
    ctx.request = request
    if ctx.cpd_started is None:
        ctx.cpd_started = now
    schedules = ctx.services.schedules.compute_schedules(request, now)
    if schedules is None:
        if now - ctx.cpd_started >= ctx.config.timeouts.ongoing:
            raise SessionError("FAILED", "schedules still pending after the Ongoing limit")
        return None
    if not schedules:
        raise SessionError("FAILED", "the controller offers no schedule")
    ctx.cpd_started = None
    ctx.schedules = schedules
    return schedules


def schedule_by_id(ctx: SeccContext, schedule_id: int) -> Schedule:
    for s in ctx.schedules:
        if s.schedule_id == schedule_id:
            return s
    raise SessionError("FAILED_TariffSelectionInvalid", f"SAScheduleTupleID {schedule_id} not offered")


def report_ev_profile(
    ctx: SeccContext, schedule_id: int, entries: list[tuple[int, float]], now: float
) -> None:
    """The car's ChargingProfile (within the chosen schedule) to a schedule provider that takes it:
    the optional ``ev_charging_schedule(schedule_id, entries, now)`` (OCPP's NotifyEVChargingSchedule)."""
    hook = getattr(ctx.services.schedules, "ev_charging_schedule", None)
    if hook is not None:
        hook(schedule_id, tuple(entries), now)


def check_profile(schedule: Schedule, entries: list[tuple[int, float]]) -> None:
    """A ChargingProfile must stay within the chosen PMaxSchedule."""
    for start, power in entries:
        limit = schedule.pmax[0][1]
        for s_start, s_power in schedule.pmax:
            if s_start <= start:
                limit = s_power
        if power > limit * 1.0001 + 1.0:
            raise SessionError(
                "FAILED_ChargingProfileInvalid", f"profile entry {power} W at {start} s above PMax {limit} W"
            )


# --------------------------------------------------------------------------------------- DC power


def cable_check(ctx: SeccContext, ev_voltage: float, now: float) -> Isolation | None:
    """None while the check runs (Ongoing); FAILED on an isolation fault or after the limit."""
    if ctx.cable_check_started is None:
        ctx.cable_check_started = now
        limits = dc_limits(ctx.power, now)
        voltage = min(limits.max_voltage, ev_voltage) if ev_voltage > 0 else limits.max_voltage
        ctx.power.start_cable_check(voltage, now)
    result = ctx.power.cable_check_status(now)
    if result is None:
        if now - ctx.cable_check_started >= ctx.config.timeouts.cable_check:
            raise SessionError("FAILED", "cable check did not finish in time")
        return None
    if result is Isolation.FAULT:
        raise SessionError(
            "FAILED", "isolation fault in cable check", details=(("EVSEIsolationStatus", "Fault"),)
        )
    return result


def check_ev_error(error_code: enum.Enum, no_error: enum.Enum) -> None:
    """An EV reporting an error in DC_EVStatus (a code other than the protocol's ``no_error``
    member): the SECC switches the power off and ends."""
    if error_code is not no_error:
        raise SessionError("FAILED", f"EV error {error_code.value}")


_EMERGENCY = (("EVSEStatusCode", "EVSE_EmergencyShutdown"),)


def charging_fault(ctx: SeccContext, now: float) -> EvseStatus:
    """The power stage's status, read once for the message; emergency shutdown or an isolation
    fault while power flows: FAILED and end the session."""
    st = ctx.power.status(now)
    if st.emergency_shutdown:
        raise SessionError("FAILED", "EVSE emergency shutdown", details=_EMERGENCY)
    if st.isolation is Isolation.FAULT:
        raise SessionError(
            "FAILED", "isolation fault", details=(*_EMERGENCY, ("EVSEIsolationStatus", "Fault"))
        )
    return st


def start_power(ctx: SeccContext, now: float) -> None:
    st = ctx.power.status(now)
    if st.emergency_shutdown or not ctx.power.close_contactors(now):
        raise SessionError("FAILED_PowerDeliveryNotApplied", "contactors did not close")
    if not ctx.dc:
        ctx.power.set_ac_charging(True, now)


def dc_status_values(
    st: EvseStatus, *, failed: bool = False, checking: bool = False
) -> tuple[str, str, int, str]:
    """(EVSEIsolationStatus, EVSEStatusCode, NotificationMaxDelay, EVSENotification) for DC."""
    isolation = (st.isolation or Isolation.INVALID).value
    notification = st.notification
    if st.emergency_shutdown or st.isolation is Isolation.FAULT:
        code = "EVSE_EmergencyShutdown"
    elif st.malfunction:
        code = "EVSE_Malfunction"
    elif failed or notification is Notification.STOP_CHARGING:
        code = "EVSE_Shutdown"
    elif checking:
        code = "EVSE_IsolationMonitoringActive"
    else:
        code = "EVSE_Ready"
    if failed and notification is Notification.NONE:
        notification = Notification.STOP_CHARGING
    return isolation, code, st.notification_max_delay, notification.value


@dataclass(frozen=True, slots=True)
class LoopStep:
    """What a DC charging-loop message did: the status and limits read, which limit clamped."""

    status: EvseStatus
    limits: DcEvseLimits
    current_limited: bool
    voltage_limited: bool
    power_limited: bool


def current_demand_step(ctx: SeccContext, req: Any, no_error: enum.Enum, now: float) -> LoopStep:
    """The CurrentDemandReq of DIN 70121 and ISO 15118-2 (the same fields): the EV's error and the
    charger's faults checked, the car's targets clamped to the EVSE limits and the EV's own maxima
    (``v2g.secc._limits``), the set point handed to the power stage."""
    check_ev_error(req.DC_EVStatus.EVErrorCode, no_error)
    st = charging_fault(ctx, now)
    lim = dc_limits(ctx.power, now)
    v_set, i_set, current_limited, voltage_limited, power_limited = dc_set_point(
        lim,
        from_pv(req.EVTargetVoltage),
        from_pv(req.EVTargetCurrent),
        ev_limit(req.EVMaximumVoltageLimit, "EVMaximumVoltageLimit"),
        ev_limit(req.EVMaximumCurrentLimit, "EVMaximumCurrentLimit"),
        ev_limit(req.EVMaximumPowerLimit, "EVMaximumPowerLimit"),
    )
    ctx.power.set_current_demand(v_set, i_set, now)
    ctx.loop_count += 1
    return LoopStep(st, lim, current_limited, voltage_limited, power_limited)
