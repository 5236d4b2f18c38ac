"""The CHAdeMO charger, sans-IO: frames and the car's line k in, frames and the lines d1 / d2 out.

The machine drives a :class:`v2g.controller.PowerStage` (the same object the SECC drives, so one
power controller serves a CCS and a CHAdeMO outlet) and never reads a clock: every entry point
takes ``now``. The adapter calls :meth:`ChademoCharger.poll` once per 100 ms cycle and sends what
it returns (0x108 before 0x109, CHADEMO.md §1.1).

Sequence and limits: CHADEMO.md §5 (steps) and §6 (timing), cited at each check as ``§5.n``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from v2g.chademo.frames import (
    ChargerCaps,
    ChargerExtended,
    ChargerStatus,
    EvExtended,
    EvLimits,
    EvStatus,
    EvTime,
    Frame,
    Protocol,
    time_fields,
)
from v2g.controller import Isolation, PowerStage


class ChargerState(enum.Enum):
    IDLE = "idle"
    WAIT_VEHICLE = "parameter exchange"
    INSULATION = "insulation test"
    WAIT_CONTACTORS = "wait for vehicle contactors"
    WAIT_REQUEST = "wait for current request"
    CHARGING = "charging"
    STOPPING = "stopping"
    WELDING = "welding detection"
    RELEASE = "release"
    DONE = "done"


@dataclass(frozen=True)
class ChargerConfig:
    max_voltage: int = 500
    max_current: int = 125
    protocol: Protocol = Protocol.V1_0
    welding_detection: bool = True
    dynamic_control: bool = True
    """Answer a car's 0x110 dynamic-control flag with 0x118 (CHADEMO.md §3.7)."""
    insulation_voltage: float | None = None
    """Test voltage; None: the threshold voltage (lower of car maximum and charger maximum)."""
    permission_timeout: float = 8.0
    """d1 -> k and 102.5.0 (§6)."""
    d2_timeout: float = 20.0
    """k -> d2 (§6)."""
    contactor_timeout: float = 4.0
    """d2 -> 102.5.3 = 0 (§6)."""
    legacy_contactor_delay: float = 2.0
    """Protocol 0.9 cars have no 102.5.3: assume closed this long after d2 (§4)."""
    request_timeout: float = 4.0
    """contactors closed -> 102.3 > 0 (§6)."""
    can_timeout: float = 1.0
    """No 0x102 for this long -> stop (§6, clara-cha LAST_REQUEST_CURRENT_TIMEOUT)."""
    stop_current: float = 5.0
    stop_time: float = 0.5
    """On stop the output falls to ``stop_current`` within this time (§5.13)."""
    welding_timeout: float = 10.0
    """109.5.0 = 0 -> 102.5.3 = 1 (T-time, §6)."""
    release_delay: float = 0.5
    """d2 off -> d1 off (§5.16)."""
    safe_voltage: float = 10.0
    insulation_end_voltage: float = 20.0
    """After the insulation test, d2 only once the output is below this (§5.7)."""


@dataclass
class ChargerLog:
    """What happened, with times: the machine's trace for tests, the CLI and the bridge."""

    events: list[tuple[float, str]] = field(default_factory=list)
    deviations: list[tuple[float, str]] = field(default_factory=list)


class ChademoCharger:
    """One CHAdeMO outlet behind ``power``."""

    def __init__(self, config: ChargerConfig, power: PowerStage) -> None:
        self.config = config
        self.power = power
        self.state = ChargerState.IDLE
        self.d1 = False
        self.d2 = False
        self.k = False
        self.locked = False
        self.stop_reason = ""
        self.fault = ""
        self.log = ChargerLog()
        self.ev_limits: EvLimits | None = None
        self.ev_time: EvTime | None = None
        self.ev_status: EvStatus | None = None
        self.ev_extended: EvExtended | None = None
        self._last_102: float | None = None
        self._t: dict[str, float] = {}
        self._charging = False
        self._error = False
        self._system_error = False
        self._incompatible = False
        self._stopped = True
        self._current_limit = 0.0
        self._remaining: float | None = None
        self._last_frame = False
        """One more cycle after d1 opens: the car sees 109.5.2 cleared (unlocked, §5.16)."""

    # ------------------------------------------------------------------------------------ inputs

    def start(self, now: float) -> None:
        """The start button: close d1 (§5.1)."""
        if self.state is ChargerState.IDLE:
            self.d1 = True
            self._t["d1"] = now
            self._to(ChargerState.WAIT_VEHICLE, now)

    def set_k(self, closed: bool, now: float) -> None:
        """Line k / j: the car's charge permission (§1.2)."""
        self.k = closed

    def receive(self, frame: Frame, now: float) -> None:
        if isinstance(frame, EvStatus):
            self.ev_status = frame
            self._last_102 = now
        elif isinstance(frame, EvLimits):
            self.ev_limits = frame
        elif isinstance(frame, EvTime):
            if not self._charging:  # counted down from 101.1/101.2 once charging (§5.12); 0 = not given
                self._remaining = frame.max_charge_time or None
            self.ev_time = frame
        elif isinstance(frame, EvExtended):
            self.ev_extended = frame

    def stop(self, reason: str, now: float) -> None:
        """A normal stop from the charger side (user, station, bridge)."""
        self._begin_stop(reason, now, fault=False)

    def malfunction(self, reason: str, now: float) -> None:
        """A charger fault: 109.5.1 and stop (§3.6)."""
        self._error = True
        self._begin_stop(reason, now, fault=True)

    # ----------------------------------------------------------------------------------- outputs

    @property
    def transmitting(self) -> bool:
        """The charger sends only after the car's first 0x102 and until it releases d1 (§1.1)."""
        return (self.d1 or self._last_frame) and self._last_102 is not None

    @property
    def done(self) -> bool:
        return self.state is ChargerState.DONE

    @property
    def threshold_voltage(self) -> int:
        """108.4-5: lower of the car's maximum battery voltage and the available voltage (§3.5)."""
        car = self.ev_limits.max_battery_voltage if self.ev_limits else 0
        return min(car, self.config.max_voltage) if car else self.config.max_voltage

    def available_current(self, now: float) -> int:
        """108.3: the charger's rating and the power stage's present limit, within one byte."""
        limit = min(float(self.config.max_current), self.power.dc_limits(now).max_current, 255.0)
        return max(0, int(limit))

    def update(self, now: float) -> None:
        """Advance the sequence to ``now`` without sending (a bridge calls it on each 0x102, so a new
        current request goes to the power stage at once, not at the next cycle)."""
        self._advance(now)

    def poll(self, now: float) -> list[Frame]:
        """Advance the sequence to ``now`` and return this cycle's frames (0x108 before 0x109)."""
        self._advance(now)
        if not self.transmitting:
            return []
        self._last_frame = False
        frames: list[Frame] = [
            ChargerCaps(
                welding_detection=int(self.config.welding_detection),
                available_voltage=self.config.max_voltage,
                available_current=self.available_current(now),
                threshold_voltage=self.threshold_voltage,
            ),
            self._status_frame(now),
        ]
        if self.config.dynamic_control and self.ev_extended is not None:
            frames.append(ChargerExtended(dynamic_control=self.ev_extended.dynamic_control))
        return frames

    def _status_frame(self, now: float) -> ChargerStatus:
        v = min(65535, max(0, round(self.power.present_voltage(now))))
        i = min(255, max(0, round(self.power.present_current(now))))
        units, minutes = time_fields(self._remaining if self._remaining is not None else 0.0)
        return ChargerStatus(
            protocol_number=min(int(self.config.protocol), 255),
            present_voltage=v,
            present_current=i,
            charging=self._charging,
            charger_error=self._error,
            locked=self.locked,
            battery_incompatible=self._incompatible,
            system_error=self._system_error,
            stopped=self._stopped,
            remain_time10s=units,
            remain_time_min=minutes,
        )

    # -------------------------------------------------------------------------------- sequence

    def _to(self, state: ChargerState, now: float) -> None:
        self.state = state
        self._t[state.name] = now
        self.log.events.append((now, state.value))

    def _since(self, key: str, now: float) -> float:
        return now - self._t.get(key, now)

    def _begin_stop(self, reason: str, now: float, fault: bool) -> None:
        if self.state in (ChargerState.IDLE, ChargerState.DONE) or self._t.get("stop") is not None:
            return
        self.stop_reason = reason
        if fault:
            self.fault = reason
            self._system_error = self._system_error or not self._error
        self._t["stop"] = now
        self._stopped = True  # 109.5.5 = 1 through the whole stop process (§3.6)
        self.power.stop_power(now)
        self.log.events.append((now, f"stop: {reason}"))
        had_power = self.state in (ChargerState.WAIT_REQUEST, ChargerState.CHARGING)
        self._to(ChargerState.STOPPING if had_power else ChargerState.RELEASE, now)
        if not had_power:
            self._release_start(now)

    def _release_start(self, now: float) -> None:
        self.d2 = False
        self._t["d2_off"] = now

    def _advance(self, now: float) -> None:
        s, ev, cfg = self.state, self.ev_status, self.config
        if s in (ChargerState.IDLE, ChargerState.DONE):
            return
        if self._remaining is not None and self._charging and "tick" in self._t:
            self._remaining = max(0.0, self._remaining - (now - self._t["tick"]))
        self._t["tick"] = now
        active = s not in (ChargerState.STOPPING, ChargerState.WELDING, ChargerState.RELEASE)
        if active and self._last_102 is not None and now - self._last_102 > cfg.can_timeout:
            self._begin_stop(
                f"no 0x102 for {now - self._last_102:.2f} s (limit {cfg.can_timeout} s)", now, True
            )
            return
        if active and ev is not None and self._vehicle_stop(ev, now):
            return
        if not active and ev is not None and ev.faults and not self.fault:  # line k came first
            self.fault = "vehicle fault: " + ", ".join(ev.faults)
        if s is ChargerState.WAIT_VEHICLE:
            self._wait_vehicle(ev, now)
        elif s is ChargerState.INSULATION:
            self._insulation(now)
        elif s is ChargerState.WAIT_CONTACTORS:
            self._wait_contactors(ev, now)
        elif s is ChargerState.WAIT_REQUEST:
            self._wait_request(ev, now)
        elif s is ChargerState.CHARGING:
            self._follow(ev, now)
        elif s is ChargerState.STOPPING:
            self._stopping(now)
        elif s is ChargerState.WELDING:
            self._welding(ev, now)
        elif s is ChargerState.RELEASE:
            self._release(now)

    def _vehicle_stop(self, ev: EvStatus, now: float) -> bool:
        """Stop conditions from the car (§5.12): faults, 102.5.2, shift position, and, once the car
        has given permission, 102.5.0 = 0 or line k open (a stop on either is honoured, §1.2)."""
        reason = ""
        if ev.faults:
            reason = "vehicle fault: " + ", ".join(ev.faults)
        elif ev.not_parked:
            reason = "vehicle not in park (102.5.1)"
        elif self.state is not ChargerState.WAIT_VEHICLE and not (ev.charging_enabled and self.k):
            reason = "vehicle stop: " + ("102.5.0 cleared" if not ev.charging_enabled else "line k open")
        elif self.state is ChargerState.CHARGING and ev.target_voltage == 0:
            reason = "vehicle target voltage 0"
        if not reason:
            return False
        self._begin_stop(reason, now, fault=bool(ev.faults) or ev.not_parked)
        return True

    def _wait_vehicle(self, ev: EvStatus | None, now: float) -> None:
        cfg = self.config
        if self._since("d1", now) > cfg.permission_timeout:  # d1 -> k + 102.5.0 within 8 s (§6)
            self._begin_stop(f"no vehicle permission within {cfg.permission_timeout} s of d1", now, True)
            return
        if ev is None:
            return
        if ev.target_voltage > cfg.max_voltage:  # 102.1-2 above 108.1-2: battery incompatible (§5.2)
            self._incompatible = True
            self._begin_stop(f"target {ev.target_voltage} V above available {cfg.max_voltage} V", now, True)
            return
        if ev.charging_enabled and self.k:
            self.locked = True  # lock, 109.5.2 (§5.4)
            self._t["k"] = now
            limit = self.config.insulation_voltage or float(self.threshold_voltage)
            self.power.start_cable_check(limit, now)  # only with 102.5.0 = 1 (§5.6)
            self._to(ChargerState.INSULATION, now)

    def _insulation(self, now: float) -> None:
        cfg = self.config
        if self._since("k", now) > cfg.d2_timeout:  # k -> d2 within 20 s (§6)
            self._begin_stop(f"insulation test and d2 not done within {cfg.d2_timeout} s of k", now, True)
            return
        result = self.power.cable_check_status(now)
        if result is None:
            return
        if result in (Isolation.FAULT, Isolation.INVALID):
            self._error = True
            self._begin_stop(f"insulation test: {result.value}", now, True)
            return
        if self.power.present_voltage(now) < cfg.insulation_end_voltage:  # §5.7
            self.d2 = True  # §5.8
            self._t["d2"] = now
            self._to(ChargerState.WAIT_CONTACTORS, now)

    def _wait_contactors(self, ev: EvStatus | None, now: float) -> None:
        cfg = self.config
        legacy = ev is not None and ev.protocol_number <= Protocol.V0_9
        closed = ev is not None and (
            (not legacy and not ev.contactor_open)
            or (legacy and (ev.current_request > 0 or self._since("d2", now) >= cfg.legacy_contactor_delay))
        )
        if closed:
            if not self.power.close_contactors(now):
                self._error = True
                self._begin_stop("charger contactors did not close", now, True)
                return
            self._to(ChargerState.WAIT_REQUEST, now)
        elif self._since("d2", now) > cfg.contactor_timeout:  # d2 -> 102.5.3 = 0 within 4 s (§6)
            self._begin_stop(
                f"vehicle contactors not closed within {cfg.contactor_timeout} s of d2", now, True
            )

    def _wait_request(self, ev: EvStatus | None, now: float) -> None:
        cfg = self.config
        if ev is not None and ev.current_request > 0:
            # within 0.5 s of 102.3 > 0: 109.5.0 = 1 and 109.5.5 = 0 (§5.11) -- at once here
            self._charging, self._stopped = True, False
            self._to(ChargerState.CHARGING, now)
            self._follow(ev, now)
        elif self._since(ChargerState.WAIT_REQUEST.name, now) > cfg.request_timeout:  # §6: 4 s
            self._begin_stop(f"no current request within {cfg.request_timeout} s of contactors", now, True)

    def _follow(self, ev: EvStatus | None, now: float) -> None:
        if ev is None:
            return
        if self.power.present_voltage(now) > self.threshold_voltage:  # 108.4-5 reached: stop (§3.5)
            self._begin_stop(f"output above threshold {self.threshold_voltage} V", now, True)
            return
        if self._remaining is not None and self._remaining <= 0:
            self.stop("maximum charging time reached", now)
            return
        current = float(min(ev.current_request, self.available_current(now)))
        self._current_limit = current
        self.power.set_current_demand(float(ev.target_voltage), current, now)

    def _stopping(self, now: float) -> None:
        cfg = self.config
        current = self.power.present_current(now)
        if current <= cfg.stop_current:  # 109.5.0 = 0 once at most 5 A (§5.14)
            self._charging = False
            self._to(ChargerState.WELDING, now)
        elif self._since("stop", now) > cfg.stop_time:
            self.log.deviations.append((now, f"output {current:.0f} A > {cfg.stop_current} A after stop"))

    def _welding(self, ev: EvStatus | None, now: float) -> None:
        cfg = self.config
        car_done = ev is not None and ev.contactor_open and not ev.charging_enabled
        silent = self._last_102 is None or now - self._last_102 > cfg.can_timeout
        quiet = self.power.present_voltage(now) <= cfg.safe_voltage
        if (car_done and quiet) or (silent and quiet) or self._since("WELDING", now) > cfg.welding_timeout:
            if not car_done:
                self.log.deviations.append((now, "welding detection not confirmed by the vehicle"))
            self._release_start(now)
            self._to(ChargerState.RELEASE, now)

    def _release(self, now: float) -> None:
        if self._since("d2_off", now) >= self.config.release_delay:  # d2 off, 500 ms, d1 off (§5.16)
            self.d1 = False
            self._last_frame = True
            if self.power.present_voltage(now) <= self.config.safe_voltage:
                self.locked = False
            self._charging = False
            self.power.session_ended(self.stop_reason or "done", now)
            self._to(ChargerState.DONE, now)
