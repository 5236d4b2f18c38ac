"""The CHAdeMO vehicle, sans-IO: frames and the lines d1 / d2 in, frames and line k out.

The battery behind it is a :class:`v2g.controller.EvController` (the interface the EVCC uses, so
:class:`~v2g.controller.SimulatedEv` charges over CHAdeMO as over CCS). The adapter calls
:meth:`ChademoVehicle.poll` every 100 ms and sends what it returns. Time is passed in.

Sequence and limits: CHADEMO.md §5 (vehicle column) and §6, cited at the checks as ``§5.n``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from v2g.chademo.frames import (
    ChargerCaps,
    ChargerStatus,
    EvExtended,
    EvLimits,
    EvStatus,
    EvTime,
    Frame,
    Protocol,
)
from v2g.controller import EvController


class VehicleState(enum.Enum):
    ASLEEP = "asleep"
    WAKING = "waking"
    PARAMETERS = "parameter exchange"
    WAIT_D2 = "wait for d2"
    CLOSING = "closing contactors"
    CHARGING = "charging"
    STOPPING = "stopping"
    WELDING = "welding detection"
    FINISHED = "finished"
    DONE = "done"


@dataclass(frozen=True)
class VehicleConfig:
    max_battery_voltage: int = 435
    target_voltage: int = 410
    max_current: int = 125
    capacity_kwh: float = 40.0
    protocol: Protocol = Protocol.V1_0
    max_charge_time: float = 3600.0
    dynamic_control: bool = True
    wake_delay: float = 0.5
    """The car starts its CAN this long after d1 (§1.2)."""
    contactor_delay: float = 1.0
    """d2 -> contactors closed (typ. 1-2 s, limit 4 s, §6)."""
    request_delay: float = 0.3
    """contactors closed -> first current request (limit 4 s, §6)."""
    ramp: float = 20.0
    """Current request ramp in A/s (§6)."""
    can_timeout: float = 1.0
    """No 0x109 for this long -> stop (§6, ESP32-Cha lastCommTimeout)."""
    stop_timeout: float = 2.5
    """After a stop, open the contactors at the latest after this long (§5.13)."""
    stop_current: float = 5.0
    safe_voltage: float = 10.0
    charger_start_timeout: float = 2.5
    """102.3 > 0 -> 109.5.0 = 1 (clara-cha: 2.5 s after d2 in the spec text, §6)."""


@dataclass
class VehicleLog:
    events: list[tuple[float, str]] = field(default_factory=list)


class ChademoVehicle:
    """A car's CHAdeMO inlet controller."""

    def __init__(self, config: VehicleConfig, battery: EvController) -> None:
        self.config = config
        self.battery = battery
        self.state = VehicleState.ASLEEP
        self.d1 = False
        self.d2 = False
        self.k = False
        self.contactors_closed = False
        self.stop_reason = ""
        self.fault = ""
        self.log = VehicleLog()
        self.caps: ChargerCaps | None = None
        self.charger: ChargerStatus | None = None
        self.request = 0.0
        self._last_109: float | None = None
        self._t: dict[str, float] = {}
        self._enabled = False
        self._system_fault = False
        self._faults: dict[str, bool] = {}
        self._not_parked = False
        self._measured: tuple[float, float] | None = None
        self._was_charging = False
        self._open_k = False

    # ------------------------------------------------------------------------------------ inputs

    def set_lines(self, d1: bool, d2: bool, now: float) -> None:
        """The charger's sequence lines d1 and d2 (§1.2)."""
        if d1 and not self.d1 and self.state is VehicleState.ASLEEP:
            self._to(VehicleState.WAKING, now)
        if not d1 and self.d1 and self.state is not VehicleState.ASLEEP:
            if self.state not in (VehicleState.FINISHED, VehicleState.DONE):
                self._begin_stop("d1 dropped", now, fault=True)
            self._to(VehicleState.DONE, now)  # the car stops its CAN when d1 goes (§5.16)
        if not d2 and self.d2 and self.state in (VehicleState.CHARGING, VehicleState.CLOSING):
            self._begin_stop("d2 dropped", now, fault=True)
        self.d1, self.d2 = d1, d2

    def receive(self, frame: Frame, now: float) -> None:
        if isinstance(frame, ChargerStatus):
            self.charger = frame
            self._last_109 = now
        elif isinstance(frame, ChargerCaps):
            self.caps = frame

    def measure(self, voltage: float, current: float, now: float) -> None:
        """The car's own inlet sensors (optional; without them it believes 0x109)."""
        self._measured = (voltage, current)

    def stop(self, reason: str, now: float) -> None:
        """A normal stop from the car (user, battery full): clear 102.5.0 and open k (§5.13)."""
        self._begin_stop(reason, now, fault=False)

    def raise_fault(self, name: str, now: float) -> None:
        """Set a 102.4 fault bit (``over_voltage``, ``under_voltage``, ``current_deviation``,
        ``high_temp``, ``voltage_deviation``) or ``system_fault`` (102.5.2), and stop."""
        if name == "system_fault":
            self._system_fault = True
        else:
            self._faults[name] = True
        self._begin_stop(f"vehicle fault: {name}", now, fault=True)

    # ----------------------------------------------------------------------------------- outputs

    @property
    def transmitting(self) -> bool:
        return self.state not in (VehicleState.ASLEEP, VehicleState.WAKING, VehicleState.DONE)

    @property
    def done(self) -> bool:
        return self.state is VehicleState.DONE

    def inlet(self, now: float) -> tuple[float, float]:
        """(voltage, current) at the inlet as the car knows it."""
        if self._measured is not None:
            return self._measured
        if self.charger is None:
            return 0.0, 0.0
        return float(self.charger.present_voltage), float(self.charger.present_current)

    def poll(self, now: float) -> list[Frame]:
        """Advance to ``now`` and return this cycle's frames (0x100, 0x101, 0x102, 0x110)."""
        self._advance(now)
        if not self.transmitting:
            self.k = self._open_k = False
            return []
        cfg = self.config
        soc = self.battery.soc(now)
        frames: list[Frame] = [
            EvLimits(0, min(255, cfg.max_current), 0, cfg.max_battery_voltage, 100),
            EvTime(0xFF, min(255, round(cfg.max_charge_time / 60)), 0, round(cfg.capacity_kwh, 1)),
            EvStatus(
                protocol_number=int(cfg.protocol),
                target_voltage=cfg.target_voltage,
                current_request=min(255, round(self.request)),
                fault_over_voltage=self._faults.get("over_voltage", False),
                fault_under_voltage=self._faults.get("under_voltage", False),
                fault_current_deviation=self._faults.get("current_deviation", False),
                fault_high_temp=self._faults.get("high_temp", False),
                fault_voltage_deviation=self._faults.get("voltage_deviation", False),
                charging_enabled=self._enabled,
                not_parked=self._not_parked,
                system_fault=self._system_fault,
                contactor_open=not self.contactors_closed and self.state is not VehicleState.WELDING,
                charged_rate=max(0, min(100, soc)),
            ),
        ]
        if cfg.dynamic_control:
            frames.append(EvExtended(dynamic_control=True))
        if self._open_k:
            self.k = self._open_k = False
        return frames

    # -------------------------------------------------------------------------------- sequence

    def _to(self, state: VehicleState, now: float) -> None:
        self.state = state
        self._t[state.name] = now
        self.log.events.append((now, state.value))

    def _since(self, key: str, now: float) -> float:
        return now - self._t.get(key, now)

    def _begin_stop(self, reason: str, now: float, fault: bool) -> None:
        if self._t.get("stop") is not None or self.state in (VehicleState.ASLEEP, VehicleState.DONE):
            return
        self.stop_reason = reason
        if fault:
            self.fault = reason
        self._t["stop"] = now
        self.request = 0.0
        self._enabled = False  # 102.5.0 = 0 and k open: the stop, on CAN and on the line (§1.2)
        self._open_k = True  # after this cycle's 0x102 went out: the charger reads why, then the line
        self.log.events.append((now, f"stop: {reason}"))
        if self.contactors_closed:
            self._to(VehicleState.STOPPING, now)
        else:
            self._to(VehicleState.FINISHED, now)

    def _advance(self, now: float) -> None:
        s, cfg = self.state, self.config
        if s is VehicleState.WAKING and self._since("WAKING", now) >= cfg.wake_delay:
            self._to(VehicleState.PARAMETERS, now)
            self._last_109 = None
            return
        if s in (VehicleState.ASLEEP, VehicleState.WAKING, VehicleState.DONE):
            return
        silent_since = self._last_109 if self._last_109 is not None else self._t["PARAMETERS"]
        running = s not in (VehicleState.STOPPING, VehicleState.WELDING, VehicleState.FINISHED)
        if running and now - silent_since > cfg.can_timeout + (0 if self._last_109 else 1.0):
            self._system_fault = True
            self._begin_stop(f"no 0x109 for {now - silent_since:.2f} s", now, fault=True)
            return
        ch = self.charger
        if running and ch is not None and self._charger_stop(ch, now):
            return
        if s is VehicleState.PARAMETERS:
            self._parameters(now)
        elif s is VehicleState.WAIT_D2 and self.d2:
            self._t.setdefault("d2", now)
            v, _ = self.inlet(now)
            if v <= cfg.safe_voltage:  # the car closes onto ~0 V only (§5.8, §9 contactor order)
                self._to(VehicleState.CLOSING, now)
            elif now - self._t["d2"] > cfg.contactor_delay + 1.0:  # 0x109 lags the line by a cycle
                self._begin_stop(f"inlet at {v:.0f} V after d2", now, fault=True)
        elif s is VehicleState.CLOSING and self._since("CLOSING", now) >= cfg.contactor_delay:
            self.contactors_closed = True  # 102.5.3 = 0 (§5.8)
            self._to(VehicleState.CHARGING, now)
        elif s is VehicleState.CHARGING:
            self._charge(now)
        elif s is VehicleState.STOPPING:
            _, i = self.inlet(now)
            if i <= cfg.stop_current or self._since("STOPPING", now) >= cfg.stop_timeout:
                self.contactors_closed = False  # open, then check the inlet voltage falls (§5.15)
                self._to(VehicleState.WELDING, now)
        elif s is VehicleState.WELDING:
            v, _ = self.inlet(now)
            if v <= cfg.safe_voltage or self._since("WELDING", now) >= 10.0:
                self._to(VehicleState.FINISHED, now)  # 102.5.3 = 1: welding detection done

    def _charger_stop(self, ch: ChargerStatus, now: float) -> bool:
        """The charger's faults (109.5.1, .3, .4) stop at once; its stop bit 109.5.5 only once it has
        reported "operating" (ESP32-Cha's rule for chargers that start with it set, §5)."""
        if ch.charger_error or ch.battery_incompatible or ch.system_error:
            self._begin_stop(f"charger fault (109.5 = 0x{ch.status_byte:02X})", now, fault=True)
            return True
        if ch.charging and not ch.stopped:
            self._was_charging = True
        elif self._was_charging and ch.stopped:
            self._begin_stop("charger stopped (109.5.5)", now, fault=False)
            return True
        return False

    def _parameters(self, now: float) -> None:
        caps = self.caps
        if caps is None or self.charger is None:
            return
        if caps.available_voltage < self.config.target_voltage:  # §5.2: charger cannot reach target
            self._begin_stop(f"charger offers {caps.available_voltage} V < target", now, fault=True)
            return
        if self.battery.ready(now):
            self._enabled = True  # 102.5.0 = 1 and k closed together (§5.3)
            self.k = True
            self._to(VehicleState.WAIT_D2, now)

    def _charge(self, now: float) -> None:
        cfg = self.config
        v, i = self.inlet(now)
        self.battery.delivered(v, i, now)
        if self.battery.charging_complete(now):
            self.stop("battery full", now)
            return
        if self._since("CHARGING", now) < cfg.request_delay:
            return
        available = float(self.caps.available_current) if self.caps else 0.0
        _, want = self.battery.charge_target(available, 0.0, now)
        want = min(want, float(cfg.max_current), available)
        step = cfg.ramp * max(0.0, now - self._t.get("ramp", now))
        self._t["ramp"] = now
        self.request = min(want, self.request + step) if want > self.request else want
        self.request = max(self.request, 1.0)
        ch = self.charger
        if "request" not in self._t:
            self._t["request"] = now
        # 109.5.0, or current flowing: some chargers leave 109.5 at 0x00 (issue 20, real logs)
        started = ch is not None and (ch.charging or ch.present_current > cfg.stop_current)
        if started:
            self._t["started"] = self._t.get("started", now)
        if "started" not in self._t and now - self._t["request"] > cfg.charger_start_timeout:
            self._begin_stop(
                f"charger did not start within {cfg.charger_start_timeout:.1f} s of the request", now, True
            )
