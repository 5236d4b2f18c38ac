"""Deterministic simulated chargers for tests, the demo and the CLI: :class:`SimulatedDcEvse`
(a power stage that ramps its output voltage, an isolation monitor that takes a while to check the
cable), :class:`SimulatedAcEvse` (contactors and a current limit) and :class:`SimulatedAcDcEvse`
(both behind one connector; the EV's request picks one). Each is a power stage and provides the
services (authorization, schedules, meter) itself. The simulated car: :mod:`v2g.controller.simulated_ev`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from v2g.controller._values import (
    AcEvseLimits,
    AuthStatus,
    DcEvseLimits,
    EnergyRequest,
    EvseStatus,
    Isolation,
    Notification,
    Schedule,
    TariffEntry,
)


@dataclass
class _Ramp:
    """A voltage that moves towards a target at a fixed rate (V/s), evaluated lazily at ``now``."""

    rate: float
    value: float = 0.0
    target: float = 0.0
    t: float | None = None

    def at(self, now: float) -> float:
        if self.t is not None and now > self.t:
            step = self.rate * (now - self.t)
            if self.value < self.target:
                self.value = min(self.target, self.value + step)
            else:
                self.value = max(self.target, self.value - step)
        self.t = now if self.t is None else max(self.t, now)
        return self.value

    def set(self, target: float, now: float) -> None:
        self.at(now)
        self.target = target


@dataclass
class _EvseCommon:
    """Authorization, schedules, notifications and metering shared by the simulated EVSEs."""

    auth_delay: float = 0.0
    auth_accept: bool = True
    schedule_delay: float = 0.0
    site_power: float = 350_000.0
    with_tariff: bool = False
    notification_max_delay: int = 0
    ended: list[str] = field(default_factory=list)
    _auth_started: float | None = None
    _sched_started: float | None = None
    _notification: Notification = Notification.NONE
    _iso20_note: str | None = None
    _emergency: bool = False
    _energy_wh: float = 0.0
    _last_power_t: float | None = None

    # triggers used by tests and the demo
    def request_stop(self) -> None:
        self._notification = Notification.STOP_CHARGING

    def request_renegotiation(self) -> None:
        self._notification = Notification.RENEGOTIATION

    def request_service_renegotiation(self) -> None:
        """ISO 15118-20: ask the EV to renegotiate the service (EVSENotification ServiceRenegotiation)."""
        self._iso20_note = "ServiceRenegotiation"

    def request_exit_standby(self) -> None:
        """ISO 15118-20: ask an EV in standby to go on (EVSENotification ExitStandby, until the
        power is switched on again)."""
        self._iso20_note = "ExitStandby"

    def trigger_emergency(self) -> None:
        self._emergency = True

    def start_authorization(self, evcc_id: bytes, now: float) -> None:
        self._auth_started = now

    def authorization_status(self, now: float) -> AuthStatus:
        if self._auth_started is None or now - self._auth_started < self.auth_delay:
            return AuthStatus.PENDING
        return AuthStatus.ACCEPTED if self.auth_accept else AuthStatus.REJECTED

    def _max_power(self, now: float) -> float:
        return self.site_power

    def compute_schedules(self, request: EnergyRequest, now: float) -> tuple[Schedule, ...] | None:
        if self._sched_started is None:
            self._sched_started = now
        if now - self._sched_started < self.schedule_delay:
            return None
        self._sched_started = None
        if self._notification is Notification.RENEGOTIATION:
            self._notification = Notification.NONE  # the renegotiation is being served
        self._iso20_note = None  # a service renegotiation reached its schedule exchange
        power = self._max_power(now)
        tariff = (TariffEntry(0, 1), TariffEntry(3600, 2)) if self.with_tariff else ()
        return (
            Schedule(1, ((0, power),), tariff=tariff),
            Schedule(2, ((0, power / 2), (1800, power)), tariff=tariff),
        )

    def _integrate(self, power: float, now: float) -> None:
        if self._last_power_t is not None and now > self._last_power_t:
            self._energy_wh += power * (now - self._last_power_t) / 3600.0
        self._last_power_t = now

    def meter_wh(self, now: float) -> float:
        return self._energy_wh

    def _restarted(self, closed_before: bool) -> None:
        """PowerDelivery(Start) closes the contactors: an EV leaving its standby ends an
        ExitStandby request; a Start while they were still closed follows a schedule renegotiation
        (ISO 15118-20 keeps them closed through it), which is served then (Dynamic control asks
        ``compute_schedules`` for nothing, so that cannot clear it)."""
        if self._iso20_note == "ExitStandby":
            self._iso20_note = None
        if closed_before and self._notification is Notification.RENEGOTIATION:
            self._notification = Notification.NONE

    def _stopped(self) -> None:
        """The power goes off: an EV following a service renegotiation stops the power before
        SessionStop(ServiceRenegotiation) ([V2G20-1651]); the request is served (in Dynamic
        control no ``compute_schedules`` follows to clear it)."""
        if self._iso20_note == "ServiceRenegotiation":
            self._iso20_note = None

    def session_ended(self, reason: str, now: float) -> None:
        self.ended.append(reason)
        self._notification = Notification.NONE
        self._iso20_note = None
        self._auth_started = self._sched_started = None  # the next session waits its own delays


@dataclass
class SimulatedDcEvse(_EvseCommon):
    """A DC charger: the output voltage ramps at ``ramp_rate`` V/s towards its set point; the
    isolation monitor needs ``cable_check_time`` s and reports ``isolation_result``."""

    max_voltage: float = 1000.0  # a current high-power charger: 800 V cars pre-charge at 700-850 V
    max_current: float = 500.0
    max_power: float = 350_000.0
    ramp_rate: float = 2000.0
    cable_check_time: float = 0.5
    isolation_result: Isolation = Isolation.VALID
    contactors_ok: bool = True
    _out: _Ramp = field(default_factory=lambda: _Ramp(2000.0))
    _current: float = 0.0
    _check_started: float | None = None
    _check_done: bool = False
    _contactors: bool = False
    _limits: tuple[tuple[float, float, float], DcEvseLimits] | None = None
    _status: tuple[tuple[Notification, int, bool, Isolation | None, str | None], EvseStatus] | None = None

    def __post_init__(self) -> None:
        self._out = _Ramp(self.ramp_rate)

    def dc_limits(self, now: float) -> DcEvseLimits:
        # the same (frozen) object while nothing changed, as firmware should: the SECC's caches hit
        key = (self.max_voltage, self.max_current, min(self.max_power, self.site_power))
        if self._limits is None or self._limits[0] != key:
            self._limits = key, DcEvseLimits(*key)
        return self._limits[1]

    def ac_limits(self, now: float) -> AcEvseLimits:
        return AcEvseLimits(230.0, 0.0)

    def _max_power(self, now: float) -> float:
        return min(self.max_power, self.site_power)

    def status(self, now: float) -> EvseStatus:
        isolation = None
        if self._check_started is not None:
            isolation = self.cable_check_status(now)
        key = (self._notification, self.notification_max_delay, self._emergency, isolation, self._iso20_note)
        if self._status is None or self._status[0] != key:
            n, delay, emergency, iso, note = key
            self._status = key, EvseStatus(n, delay, emergency, iso, iso20_notification=note)
        return self._status[1]

    def start_cable_check(self, voltage: float, now: float) -> None:
        self._check_started = now
        self._check_done = False
        self._out.set(min(voltage, self.max_voltage), now)

    def cable_check_status(self, now: float) -> Isolation | None:
        if self._check_started is None or now - self._check_started < self.cable_check_time:
            return None
        if not self._check_done:
            self._check_done = True
            self._out.set(0.0, now)  # the check is over: discharge before pre-charge
        return self.isolation_result

    def set_precharge(self, voltage: float, current: float, now: float) -> None:
        self._out.set(min(voltage, self.max_voltage), now)
        self._current = min(current, 2.0)

    def close_contactors(self, now: float) -> bool:
        self._restarted(self._contactors)
        self._contactors = self.contactors_ok
        return self.contactors_ok

    def set_current_demand(self, voltage: float, current: float, now: float) -> None:
        self._integrate(self._out.at(now) * self._current, now)
        if not self._contactors:
            self._current = 0.0
            return
        self._out.set(min(voltage, self.max_voltage), now)
        limit = self._max_power(now) / max(voltage, 1.0)
        self._current = max(0.0, min(current, self.max_current, limit))

    def set_ac_charging(self, active: bool, now: float) -> None:
        return None

    def session_ended(self, reason: str, now: float) -> None:
        super().session_ended(reason, now)
        self._check_started = None
        self._check_done = False

    def stop_power(self, now: float) -> None:
        self._stopped()
        self._integrate(self._out.at(now) * self._current, now)
        self._current = 0.0
        self._contactors = False
        self._out.set(0.0, now)

    def present_voltage(self, now: float) -> float:
        return self._out.at(now)

    def present_current(self, now: float) -> float:
        return self._current


@dataclass
class SimulatedAcEvse(_EvseCommon):
    """An AC charger: contactors and a current limit per phase."""

    nominal_voltage: float = 230.0
    max_current: float = 32.0
    phases: int = 3
    rcd_error: bool = False
    contactors_ok: bool = True
    _charging: bool = False
    _closed: bool = False
    """The contactors (charging may be off with them closed: standby, a schedule renegotiation)."""

    def dc_limits(self, now: float) -> DcEvseLimits:
        return DcEvseLimits(0.0, 0.0, 0.0)

    def ac_limits(self, now: float) -> AcEvseLimits:
        return AcEvseLimits(self.nominal_voltage, self.max_current)

    def _max_power(self, now: float) -> float:
        return min(self.site_power, self.nominal_voltage * self.max_current * self.phases)

    def status(self, now: float) -> EvseStatus:
        return EvseStatus(
            self._notification,
            self.notification_max_delay,
            self._emergency,
            None,
            self.rcd_error,
            iso20_notification=self._iso20_note,
        )

    def start_cable_check(self, voltage: float, now: float) -> None:
        return None

    def cable_check_status(self, now: float) -> Isolation | None:
        return Isolation.INVALID

    def set_precharge(self, voltage: float, current: float, now: float) -> None:
        return None

    def close_contactors(self, now: float) -> bool:
        self._restarted(self._closed)
        self._closed = self._charging = self.contactors_ok
        self._last_power_t = now
        return self.contactors_ok

    def set_current_demand(self, voltage: float, current: float, now: float) -> None:
        return None

    def set_ac_charging(self, active: bool, now: float) -> None:
        self._integrate(self._power() if self._charging else 0.0, now)
        self._charging = active and self._charging

    def _power(self) -> float:
        return self.nominal_voltage * self.max_current * self.phases

    def stop_power(self, now: float) -> None:
        self._stopped()
        self.set_ac_charging(False, now)
        self._charging = self._closed = False

    def present_voltage(self, now: float) -> float:
        return self.nominal_voltage if self._charging else 0.0

    def present_current(self, now: float) -> float:
        return self.max_current if self._charging else 0.0


class SimulatedAcDcEvse:
    """A charger with a DC power stage and an AC outlet behind one connector (a CCS charger offering
    both): the EV's energy request (``compute_schedules``) picks which one the session drives."""

    def __init__(self, dc: SimulatedDcEvse | None = None, ac: SimulatedAcEvse | None = None) -> None:
        self.dc = dc or SimulatedDcEvse()
        self.ac = ac or SimulatedAcEvse()
        self.active: SimulatedDcEvse | SimulatedAcEvse = self.dc

    def dc_limits(self, now: float) -> DcEvseLimits:
        return self.dc.dc_limits(now)

    def ac_limits(self, now: float) -> AcEvseLimits:
        return self.ac.ac_limits(now)

    def compute_schedules(self, request: EnergyRequest, now: float) -> tuple[Schedule, ...] | None:
        self.active = self.dc if request.mode.is_dc else self.ac
        return self.active.compute_schedules(request, now)

    def status(self, now: float) -> EvseStatus:
        return self.active.status(now)

    def start_authorization(self, evcc_id: bytes, now: float) -> None:
        self.active.start_authorization(evcc_id, now)

    def authorization_status(self, now: float) -> AuthStatus:
        return self.active.authorization_status(now)

    def start_cable_check(self, voltage: float, now: float) -> None:
        self.active.start_cable_check(voltage, now)

    def cable_check_status(self, now: float) -> Isolation | None:
        return self.active.cable_check_status(now)

    def set_precharge(self, voltage: float, current: float, now: float) -> None:
        self.active.set_precharge(voltage, current, now)

    def close_contactors(self, now: float) -> bool:
        return self.active.close_contactors(now)

    def set_current_demand(self, voltage: float, current: float, now: float) -> None:
        self.active.set_current_demand(voltage, current, now)

    def set_ac_charging(self, active: bool, now: float) -> None:
        self.active.set_ac_charging(active, now)

    def stop_power(self, now: float) -> None:
        self.active.stop_power(now)

    def present_voltage(self, now: float) -> float:
        return self.active.present_voltage(now)

    def present_current(self, now: float) -> float:
        return self.active.present_current(now)

    def meter_wh(self, now: float) -> float:
        return self.dc.meter_wh(now) + self.ac.meter_wh(now)

    def session_ended(self, reason: str, now: float) -> None:
        self.active.session_ended(reason, now)
        self.active = self.dc
