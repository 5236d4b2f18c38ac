"""CHAdeMO CAN frames: one frozen dataclass per frame, coded through the package's DBC file.

The layouts (IDs, bytes, bits, scaling, little-endian words) live in ``chademo.dbc`` beside this
module, read with cantools, so the same file opens in any CAN tool. A dataclass field
``target_voltage`` is the DBC signal ``TargetVoltage`` of that frame. What a DBC cannot say is
written here: the 0xFF "use the minutes byte" rule of the time fields (101.1/101.2, 109.6/109.7),
the SOC in percent from the charged-rate reference constant (100.6) and the protocol versions.

Byte/bit references (``102.5.3`` = ID 0x102, byte 5, bit 3) follow CHADEMO.md §3 (IEEE 2030.1.1
Annex A as quoted by the open implementations). Bad input raises :class:`FrameError`.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import typing
from dataclasses import dataclass
from importlib import resources
from typing import Any, ClassVar

import cantools

from v2g.errors import V2GError

CYCLE = 0.1
"""Every CHAdeMO frame is sent every 100 ms (CHADEMO.md §1.1, ±10 ms)."""
CYCLE_TOLERANCE = 0.01


class FrameError(V2GError):
    """A CAN frame that does not decode (wrong length) or a value that does not fit its field.
    The machines answer a bad frame from the peer as a missing one (its timeout runs on)."""


class Protocol(enum.IntEnum):
    """Control protocol number, 102.0 / 109.0 (CHADEMO.md §4)."""

    BEFORE_0_9 = 0
    V0_9 = 1
    V1_0 = 2
    V2_0 = 3


@functools.cache
def database() -> Any:
    """The package's DBC file, loaded once (``cantools.database.Database``)."""
    text = resources.files("v2g.chademo").joinpath("chademo.dbc").read_text(encoding="ascii")
    return cantools.database.load_string(text, database_format="dbc", strict=True)


def _signal(field: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in field.split("_"))


@dataclass(frozen=True, slots=True)
class Frame:
    """Base of the typed frames; subclasses set ``ID`` and declare their signals as fields."""

    ID: ClassVar[int] = 0

    def encode(self) -> bytes:
        """The 8 data bytes (CHADEMO.md §1.1: DLC is always 8)."""
        values = {_signal(f.name): _raw(getattr(self, f.name)) for f in dataclasses.fields(self)}
        try:
            data: bytes = database().encode_message(self.ID, values, strict=True, padding=False)
        except (cantools.database.EncodeError, ValueError, KeyError) as exc:
            raise FrameError(f"0x{self.ID:03X}: {exc}") from exc
        return data.ljust(8, b"\x00")

    @classmethod
    def decode(cls, data: bytes) -> typing.Self:
        if len(data) != 8:  # every CHAdeMO frame has DLC 8 (CHADEMO.md §1.1)
            raise FrameError(f"0x{cls.ID:03X}: {len(data)} data bytes, CHAdeMO frames carry 8")
        try:
            raw = database().decode_message(cls.ID, bytes(data), decode_choices=False)
        except (cantools.database.DecodeError, ValueError) as exc:
            raise FrameError(f"0x{cls.ID:03X}: {exc}") from exc
        kwargs = {n: conv(raw[_signal(n)]) for n, conv in _converters(cls).items()}
        return cls(**kwargs)


def _raw(value: object) -> float | int:
    if isinstance(value, bool | int | float):
        return value
    raise FrameError(f"not a number: {value!r}")


_CONVERTERS: dict[type[Frame], dict[str, typing.Callable[[Any], Any]]] = {}


def _converters(cls: type[Frame]) -> dict[str, typing.Callable[[Any], Any]]:
    """Field name -> the type the decoded signal value becomes (from the annotations, once)."""
    if cls in _CONVERTERS:
        return _CONVERTERS[cls]
    hints = typing.get_type_hints(cls)
    out: dict[str, typing.Callable[[Any], Any]] = {}
    for f in dataclasses.fields(cls):
        kind = hints[f.name]
        out[f.name] = bool if kind is bool else (lambda v: round(float(v), 1)) if kind is float else int
    _CONVERTERS[cls] = out
    return out


def _minutes(units_10s: int, minutes: int) -> float:
    """Seconds from a (10 s units, minutes) pair: 0xFF in the first says "use the minutes"."""
    return minutes * 60.0 if units_10s == 0xFF else units_10s * 10.0


def time_fields(seconds: float) -> tuple[int, int]:
    """(10 s units, minutes) for a time: 10 s resolution up to 2540 s, else 0xFF and minutes."""
    s = max(0.0, seconds)
    if s <= 2540:
        return round(s / 10), min(255, round(s / 60))
    return 0xFF, min(255, round(s / 60))


# ---------------------------------------------------------------------------------- vehicle frames


@dataclass(frozen=True, slots=True)
class EvLimits(Frame):
    """0x100: the battery's limits (CHADEMO.md §3.1)."""

    ID: ClassVar[int] = 0x100
    min_charge_current: int = 0
    max_charge_current: int = 0
    min_battery_voltage: int = 0
    max_battery_voltage: int = 0
    charged_rate_ref: int = 100
    """100.6, 100 in CHAdeMO >= 1.0; a Leaf sends 240 before it has seen the charger's version."""


@dataclass(frozen=True, slots=True)
class EvTime(Frame):
    """0x101: charging time and capacity (CHADEMO.md §3.2)."""

    ID: ClassVar[int] = 0x101
    max_charge_time10s: int = 0xFF
    max_charge_time_min: int = 0
    est_charge_time_min: int = 0
    rated_capacity: float = 0.0
    """kWh (0.1 kWh steps)."""

    @property
    def max_charge_time(self) -> float:
        """Seconds (101.1 in 10 s, or 101.2 in minutes when 101.1 is 0xFF)."""
        return _minutes(self.max_charge_time10s, self.max_charge_time_min)


@dataclass(frozen=True, slots=True)
class EvStatus(Frame):
    """0x102: the car's charging control frame (CHADEMO.md §3.3)."""

    ID: ClassVar[int] = 0x102
    protocol_number: int = Protocol.V1_0
    target_voltage: int = 0
    current_request: int = 0
    fault_over_voltage: bool = False
    fault_under_voltage: bool = False
    fault_current_deviation: bool = False
    fault_high_temp: bool = False
    fault_voltage_deviation: bool = False
    charging_enabled: bool = False
    """102.5.0: must agree with line k."""
    not_parked: bool = False
    system_fault: bool = False
    contactor_open: bool = True
    """102.5.3: 1 = open (or welding detection finished)."""
    stop_request: bool = False
    legacy_dynamic: bool = False
    discharge_compatible: bool = False
    charged_rate: int = 0

    @property
    def faults(self) -> tuple[str, ...]:
        """Names of the set 102.4 fault bits and of 102.5.2 (system fault)."""
        names = ("over_voltage", "under_voltage", "current_deviation", "high_temp", "voltage_deviation")
        bits = (
            self.fault_over_voltage,
            self.fault_under_voltage,
            self.fault_current_deviation,
            self.fault_high_temp,
            self.fault_voltage_deviation,
        )
        out = tuple(n for n, b in zip(names, bits, strict=True) if b)
        return (*out, "system_fault") if self.system_fault else out

    def soc(self, ref: int = 100) -> float | None:
        """SOC in percent: 102.6 x 100 / 100.6; None when the car sends an out-of-range value."""
        if ref <= 0 or self.charged_rate > ref:
            return None
        return self.charged_rate * 100.0 / ref


@dataclass(frozen=True, slots=True)
class EvBatteryVoltage(Frame):
    """0x103 (some cars): the battery voltage (CHADEMO.md §3.4)."""

    ID: ClassVar[int] = 0x103
    battery_voltage: int = 0


@dataclass(frozen=True, slots=True)
class EvExtended(Frame):
    """0x110 (CHAdeMO 1.1 / 2.0): extended functions (CHADEMO.md §3.7)."""

    ID: ClassVar[int] = 0x110
    dynamic_control: bool = False
    high_current_control: bool = False
    high_voltage_control: bool = False
    current_request_high: int = 0
    """110.1-2: the current request when high-current control is on (102.3 reads 0xFF then)."""


@dataclass(frozen=True, slots=True)
class EvDischargeLimits(Frame):
    """0x200 (V2H): discharge limits; the current is inverted on the wire (0xFF - A) (§3.8)."""

    ID: ClassVar[int] = 0x200
    max_discharge_current: int = 0
    min_discharge_voltage: int = 0
    min_discharge_level: int = 0
    max_charge_level: int = 0


@dataclass(frozen=True, slots=True)
class EvDischargeEstimate(Frame):
    """0x201 (V2H 1.1+): sequence number and estimates (CHADEMO.md §3.8)."""

    ID: ClassVar[int] = 0x201
    sequence_number: int = 0
    discharge_time_min: int = 0
    available_energy: float = 0.0


# ---------------------------------------------------------------------------------- charger frames


@dataclass(frozen=True, slots=True)
class ChargerCaps(Frame):
    """0x108: the charger's capabilities (CHADEMO.md §3.5)."""

    ID: ClassVar[int] = 0x108
    welding_detection: int = 1
    available_voltage: int = 0
    available_current: int = 0
    threshold_voltage: int = 0


@dataclass(frozen=True, slots=True)
class ChargerStatus(Frame):
    """0x109: the charger's status (CHADEMO.md §3.6)."""

    ID: ClassVar[int] = 0x109
    protocol_number: int = Protocol.V1_0
    present_voltage: int = 0
    present_current: int = 0
    discharge_compatible: bool = False
    charging: bool = False
    """109.5.0: power transfer."""
    charger_error: bool = False
    locked: bool = False
    battery_incompatible: bool = False
    system_error: bool = False
    stopped: bool = True
    """109.5.5: 1 = stopped or stopping (the initial value)."""
    remain_time10s: int = 0xFF
    remain_time_min: int = 0

    @property
    def remaining_time(self) -> float:
        return _minutes(self.remain_time10s, self.remain_time_min)

    @property
    def status_byte(self) -> int:
        bits = (self.charging, self.charger_error, self.locked, self.battery_incompatible)
        low = sum(1 << i for i, b in enumerate(bits) if b)
        return low | (self.system_error << 4) | (self.stopped << 5)


@dataclass(frozen=True, slots=True)
class ChargerExtended(Frame):
    """0x118 (CHAdeMO 1.1 / 2.0): the charger's extended functions (CHADEMO.md §3.7)."""

    ID: ClassVar[int] = 0x118
    dynamic_control: bool = False
    high_current_control: bool = False
    high_voltage_control: bool = False


@dataclass(frozen=True, slots=True)
class ChargerDischargeCaps(Frame):
    """0x208 (V2H): discharge capabilities; currents inverted on the wire (CHADEMO.md §3.8)."""

    ID: ClassVar[int] = 0x208
    present_discharge_current: int = 0
    input_voltage: int = 0
    input_current: int = 0
    lower_threshold_voltage: int = 0


@dataclass(frozen=True, slots=True)
class ChargerDischargeStatus(Frame):
    """0x209 (V2H): sequence number and remaining discharge time (CHADEMO.md §3.8)."""

    ID: ClassVar[int] = 0x209
    sequence_number: int = 0
    remain_discharge_time_min: int = 0


@dataclass(frozen=True, slots=True)
class RawFrame:
    """A frame this module has no codec for (shown raw, never dropped)."""

    arbitration_id: int
    data: bytes


FRAMES: dict[int, type[Frame]] = {
    cls.ID: cls
    for cls in (
        EvLimits,
        EvTime,
        EvStatus,
        EvBatteryVoltage,
        EvExtended,
        EvDischargeLimits,
        EvDischargeEstimate,
        ChargerCaps,
        ChargerStatus,
        ChargerExtended,
        ChargerDischargeCaps,
        ChargerDischargeStatus,
    )
}
VEHICLE_IDS = frozenset({0x100, 0x101, 0x102, 0x103, 0x110, 0x200, 0x201})
CHARGER_IDS = frozenset({0x108, 0x109, 0x118, 0x208, 0x209})


def decode(arbitration_id: int, data: bytes) -> Frame | RawFrame:
    """The typed frame for a known ID, a :class:`RawFrame` otherwise; :class:`FrameError` if a known
    ID carries a payload that does not decode."""
    cls = FRAMES.get(arbitration_id)
    if cls is None:
        return RawFrame(arbitration_id, bytes(data))
    return cls.decode(data)
