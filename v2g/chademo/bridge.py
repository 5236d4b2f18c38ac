"""A CHAdeMO car charged by a CCS charger: the bridge between a CHAdeMO charger machine (towards the
car, on CAN) and the stack's EVCC (towards the station, DIN 70121 or ISO 15118-2 DC), sans-IO.

:class:`CcsSide` is both halves' controller at once: the CHAdeMO charger's
:class:`~v2g.controller.PowerStage` (its output is the station's, through the adapter contactor)
and the EVCC's :class:`~v2g.controller.EvController` (the car is the CHAdeMO car). The mapping is
CHADEMO.md §10; the order of engagement §9:

1. d1, the car's limits and permission (k + 102.5.0); then the EVCC starts (``wants_evcc``).
2. The station's CableCheck stands for the CHAdeMO insulation test; PreCharge drives the station
   to the battery voltage (0x103, or an estimate from target voltage and SOC) and is *held* there.
3. Station voltage reached: the "insulation test" ends, 109 still reports 0 V (adapter contactor
   open), so the charger machine sets d2; the car closes its contactors on 0 V and clears 102.5.3.
4. The charger machine closes "its" contactors: the adapter contactor closes and PreCharge is
   released (PowerDelivery start, CurrentDemand). 102.3 -> EVTargetCurrent, 102.1-2 ->
   EVTargetVoltage; EVSEPresentVoltage/Current -> 109.1-3.
5. A stop on either side stops the other; a fault on either side is a fault on the other.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from v2g.chademo.charger import ChademoCharger, ChargerConfig, ChargerState
from v2g.chademo.frames import EvBatteryVoltage, Frame
from v2g.controller import (
    AcEvseLimits,
    DcEvseLimits,
    EnergyMode,
    EnergyRequest,
    EvseStatus,
    Isolation,
    Schedule,
)
from v2g.evcc import EvccResult, EvccSession, EvccState

_POWER_OFF = (EvccState.WELDING, EvccState.SESSION_STOP, EvccState.ENDED)
"""The EVCC's states after the station answered PowerDelivery(stop): its output is off."""

# 102.4.x / 102.5.x -> DC_EVErrorCode (CHADEMO.md §10)
_ERROR_CODES = (
    ("high_temp", "FAILED_RESSTemperatureInhibit"),
    ("current_deviation", "FAILED_ChargingCurrentdifferential"),
    ("over_voltage", "FAILED_ChargingVoltageOutOfRange"),
    ("under_voltage", "FAILED_ChargingVoltageOutOfRange"),
    ("voltage_deviation", "FAILED_ChargingVoltageOutOfRange"),
    ("system_fault", "FAILED_EVRESSMalfunction"),
)


@dataclass(frozen=True)
class BridgeConfig:
    charger: ChargerConfig = field(default_factory=lambda: ChargerConfig(max_voltage=500, max_current=200))
    """The CHAdeMO side; its maxima are the adapter's rating (clamped to the station's limits)."""
    evcc_id: bytes = b"\x02\x00\x00\x00\x0c\x4d"
    precharge_current: float = 2.0
    soc_curve: tuple[tuple[float, float], ...] = ((0.0, 0.80), (50.0, 0.88), (100.0, 0.98))
    """Battery voltage as a fraction of the car's target voltage over SOC (piecewise linear): the
    estimate used when the car sends no 0x103 (CHADEMO.md §9)."""
    welding_decay: float = 0.83
    """Voltage shown to the car per 100 ms once the adapter contactor opened (clara-cha, §9)."""


class CcsSide:
    """The station as the CHAdeMO charger machine sees it, and the car as the EVCC sees it."""

    def __init__(self, config: BridgeConfig) -> None:
        self.config = config
        self.charger = ChademoCharger(config.charger, self)
        self.session: EvccSession | None = None
        self.result: EvccResult | None = None
        self.battery_voltage: float | None = None
        self.adapter_closed = False
        self.target = (0.0, 0.0)
        """(voltage, current) the car asks for, as set by the charger machine."""
        self.station = (0.0, 0.0)
        """The station's present (voltage, current), from its last CurrentDemandRes."""
        self._precharged = False
        self._stop_asked = ""
        self._opened: tuple[float, float] | None = None

    # ------------------------------------------------------------------------------ the bridge

    @property
    def wants_evcc(self) -> bool:
        """The car has given permission: start the EVCC towards the station."""
        return self.session is None and self.result is None and self.charger.state is ChargerState.INSULATION

    def attach(self, session: EvccSession) -> None:
        """The EVCC session (hook of the runner): PreCharge is held until the car's contactors close."""
        self.session = session
        session.hold_pre_charge(True)

    def receive(self, frame: Frame, now: float) -> None:
        """A frame from the car: to the charger machine, and the sequence advanced at once (a new
        current request goes to the station now, not at the next cycle)."""
        if isinstance(frame, EvBatteryVoltage) and frame.battery_voltage > 0:
            self.battery_voltage = float(frame.battery_voltage)
        self.charger.receive(frame, now)
        self.charger.update(now)
        self._forward_stop(now)

    def evcc_ended(self, result: EvccResult, now: float) -> None:
        """The station side is over: a stop (or fault) for the car unless it is stopping already."""
        self.result = result
        self.station = (self.station[0], 0.0)
        if result.ok:
            self.charger.stop(f"station: {result.reason}", now)
        else:
            self.charger.malfunction(f"station: {result.reason}", now)

    def step(self, now: float) -> None:
        """Once per cycle: watch the station's values and stop requests."""
        ctx = self.session.context if self.session is not None else None
        if ctx is not None and not self.adapter_closed:
            self.station = (ctx.present_voltage, 0.0)
            if ctx.present_voltage and abs(ctx.present_voltage - self.estimate(now)) <= 10.0:
                self._precharged = True
        if ctx is not None and ctx.evse_notifications and not self._stop_asked:
            self.charger.stop("station requested stop", now)
        self._forward_stop(now)

    def _forward_stop(self, now: float) -> None:
        reason = self.charger.stop_reason
        if reason and not self._stop_asked and self.session is not None and not reason.startswith("station"):
            self._stop_asked = reason
            self.session.request_stop(now, f"CHAdeMO: {reason}")

    def estimate(self, now: float) -> float:
        """The battery voltage: 0x103 if the car sends it, else target voltage x curve(SOC)."""
        if self.battery_voltage is not None:
            return self.battery_voltage
        ev = self.charger.ev_status
        if ev is None:
            return 0.0
        soc = float(self.soc(now))
        curve = self.config.soc_curve
        for (s0, f0), (s1, f1) in itertools.pairwise(curve):
            if soc <= s1:
                return ev.target_voltage * (f0 + (f1 - f0) * (soc - s0) / (s1 - s0))
        return ev.target_voltage * curve[-1][1]

    # ------------------------------------------------------- the CAN port's node (charger machine)

    def poll(self, now: float) -> list[Frame]:
        self.step(now)
        return self.charger.poll(now)

    @property
    def done(self) -> bool:
        """The car is released and the station session is over (or never began)."""
        return self.charger.done and (self.session is None or self.result is not None)

    # --------------------------------------------------------------- PowerStage (CHAdeMO charger)

    def dc_limits(self, now: float) -> DcEvseLimits:
        ctx = self.session.context if self.session is not None else None
        cfg = self.config.charger
        current = float(cfg.max_current)
        if ctx is not None and ctx.evse_max_current > 0:  # 108.3 <- EVSEMaximumCurrentLimit (§10)
            current = min(current, ctx.evse_max_current)
        return DcEvseLimits(float(cfg.max_voltage), current, float(cfg.max_voltage) * current)

    def ac_limits(self, now: float) -> AcEvseLimits:
        return AcEvseLimits(0.0, 0.0)

    def status(self, now: float) -> EvseStatus:
        return EvseStatus()

    def start_cable_check(self, voltage: float, now: float) -> None:
        return None  # the station's CableCheck is the insulation test (§10)

    def cable_check_status(self, now: float) -> Isolation | None:
        if self.result is not None and not self.result.ok:
            return Isolation.FAULT
        return Isolation.VALID if self._precharged else None

    def set_precharge(self, voltage: float, current: float, now: float) -> None:
        return None

    def close_contactors(self, now: float) -> bool:
        """The car's contactors are closed on 0 V: close the adapter contactor, release PreCharge."""
        if self.session is None or self.session.closed:
            return False
        self.adapter_closed = True
        self.session.hold_pre_charge(False)
        return True

    def set_current_demand(self, voltage: float, current: float, now: float) -> None:
        self.target = (voltage, current)

    def set_ac_charging(self, active: bool, now: float) -> None:
        return None

    def stop_power(self, now: float) -> None:
        self.target = (self.target[0], 0.0)
        self._forward_stop(now)

    def present_voltage(self, now: float) -> float:
        """109.1-2: 0 V until the adapter contactor closes, then the station's; decaying after."""
        if self._opened is not None:
            t, v = self._opened
            return float(v * self.config.welding_decay ** ((now - t) / 0.1))
        if not self.adapter_closed:
            return 0.0
        if self.result is not None or self.charger.state in (ChargerState.WELDING, ChargerState.RELEASE):
            self._opened = (now, self.station[0])  # the adapter contactor opens with the car's
        return self.station[0]

    def present_current(self, now: float) -> float:
        """109.3: the station's present current; 0 once PowerDelivery(stop) was answered."""
        session = self.session
        if session is None or session.closed or session.state in _POWER_OFF:
            return 0.0
        return self.station[1] if self.adapter_closed and self._opened is None else 0.0

    def session_ended(self, reason: str, now: float) -> None:
        return None

    # ------------------------------------------------------------------------- EvController (EVCC)

    def evcc_id(self) -> bytes:
        return self.config.evcc_id

    def soc(self, now: float) -> int:
        ev, lim = self.charger.ev_status, self.charger.ev_limits
        ref = lim.charged_rate_ref if lim is not None and lim.charged_rate_ref == 100 else 100
        value = ev.soc(ref) if ev is not None else None  # 102.6 x 100 / 100.6 (§10)
        return int(value) if value is not None else 0

    def ready(self, now: float) -> bool:
        return (
            self.charger.state not in (ChargerState.IDLE, ChargerState.WAIT_VEHICLE)
            and not self.charger.fault
        )

    def error_code(self, now: float) -> str:
        ev = self.charger.ev_status
        if ev is None:
            return "NO_ERROR"
        if ev.not_parked:
            return "FAILED_EVShiftPosition"
        faults = set(ev.faults)
        return next((code for name, code in _ERROR_CODES if name in faults), "NO_ERROR")

    def energy_request(self, mode: EnergyMode, now: float) -> EnergyRequest:
        ev, lim, t = self.charger.ev_status, self.charger.ev_limits, self.charger.ev_time
        cfg = self.config.charger
        v_max = float(lim.max_battery_voltage) if lim is not None and lim.max_battery_voltage else 0.0
        if not v_max and ev is not None:
            v_max = ev.target_voltage + 1.0
        i_max = (
            float(lim.max_charge_current) if lim is not None and lim.max_charge_current else cfg.max_current
        )
        capacity = t.rated_capacity * 1000.0 if t is not None and t.rated_capacity else None
        soc = self.soc(now)
        needed = capacity * (100 - soc) / 100.0 if capacity else None
        return EnergyRequest(mode, v_max, i_max, v_max * i_max, None, needed, capacity, None, soc)

    def choose_schedule(self, schedules: tuple[Schedule, ...]) -> Schedule:
        return schedules[0]

    def precharge_target(self, now: float) -> tuple[float, float]:
        return self.estimate(now), self.config.precharge_current

    def charge_target(
        self, evse_max_current: float, evse_max_power: float, now: float
    ) -> tuple[float, float]:
        voltage, current = self.target
        if evse_max_current > 0:
            current = min(current, evse_max_current)
        ev = self.charger.ev_status
        return (float(ev.target_voltage) if ev is not None else voltage), current

    def ac_current(self, evse_max_current: float, now: float) -> float:
        return 0.0

    def delivered(self, voltage: float, current: float, now: float) -> None:
        self.station = (voltage, current)

    def charging_complete(self, now: float) -> bool:
        return bool(self.charger.stop_reason)

    def remaining_time(self, now: float) -> float | None:
        t = self.charger.ev_time
        return t.est_charge_time_min * 60.0 if t is not None and t.est_charge_time_min else None
