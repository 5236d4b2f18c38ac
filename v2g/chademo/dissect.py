"""Read a CHAdeMO session from CAN frames, sans-IO: decoded frames, the session's phases as the
frames show them, the values that matter and the timing faults (CHADEMO.md §5, §6, §8).

Phases come from what the frames show, not from one flag, because real sessions differ from the
specification (issue 20): 0.9 chargers lock and run the insulation test before the car's
permission; some chargers leave 109.5 at 0x00 (no "stopped" bit); cycles of 20-60 ms and of several
hundred ms occur; loggers interleave two buses out of time order; cars send out-of-range constants.
What deviates is listed in :attr:`Dissection.deviations`, never a reason to stop reading.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from v2g.chademo.frames import (
    CYCLE,
    CYCLE_TOLERANCE,
    ChargerStatus,
    EvLimits,
    EvStatus,
    Frame,
    FrameError,
    RawFrame,
    decode,
)

STALL = 1.0
"""A gap this long in 0x102 or 0x109 is a stall: the other side must stop (§6)."""
INSULATION_VOLTAGE = 10.0
"""109.1-2 above this with the car's contactors open and no charging: the insulation test."""


@dataclass(frozen=True, slots=True)
class Record:
    t: float
    """Seconds from the first vehicle frame (the first frame when there is none)."""
    arbitration_id: int
    data: bytes
    frame: Frame | RawFrame
    channel: str = ""
    error: str = ""


@dataclass(frozen=True, slots=True)
class Sample:
    """One 0x109 with the latest 0x102 before it: requested vs delivered."""

    t: float
    target_voltage: int
    requested: int
    present_voltage: int
    present_current: int
    soc: int
    ev_status: int
    charger_status: int


@dataclass
class Dissection:
    records: list[Record] = field(default_factory=list)
    events: list[tuple[float, str]] = field(default_factory=list)
    phases: list[tuple[str, float, float]] = field(default_factory=list)
    """(name, start, end) in seconds from the first vehicle frame."""
    samples: list[Sample] = field(default_factory=list)
    faults: list[tuple[float, str]] = field(default_factory=list)
    """Timing faults: cycles over 100 ms + tolerance, stalls, late answers."""
    deviations: list[str] = field(default_factory=list)
    """What differs from the specification without being a timing fault."""
    values: dict[str, object] = field(default_factory=dict)


def dissect(frames: Iterable[tuple[float, int, bytes, str]]) -> Dissection:
    """``frames``: (timestamp in s, arbitration ID, data, channel) in any order."""
    raw = list(frames)
    out = Dissection()
    disorder = sum(1 for a, b in itertools.pairwise(raw) if b[0] < a[0])
    if disorder:
        out.deviations.append(f"{disorder} frames out of time order (two buses interleaved?): sorted")
    raw.sort(key=lambda r: r[0])
    if not raw:
        return out
    t0 = next((r[0] for r in raw if r[1] in (0x100, 0x101, 0x102)), raw[0][0])
    for ts, ident, data, channel in raw:
        try:
            frame: Frame | RawFrame = decode(ident, data)
            error = ""
        except FrameError as exc:
            frame, error = RawFrame(ident, bytes(data)), str(exc)
        out.records.append(Record(round(ts - t0, 6), ident, bytes(data), frame, channel, error))
    _Reader(out).run()
    return out


class _Reader:
    def __init__(self, out: Dissection) -> None:
        self.out = out
        self.first: dict[str, float] = {}
        self.last_seen: dict[int, float] = {}
        self.ev: EvStatus | None = None
        self.ch: ChargerStatus | None = None
        self.cycle_faults: dict[int, list[float]] = {}
        self.fast: dict[int, int] = {}

    def mark(self, name: str, t: float) -> bool:
        if name in self.first:
            return False
        self.first[name] = t
        self.out.events.append((t, name))
        return True

    def run(self) -> None:
        for rec in self.out.records:
            self._timing(rec)
            if isinstance(rec.frame, EvStatus):
                self._vehicle(rec.frame, rec.t)
            elif isinstance(rec.frame, ChargerStatus):
                self._charger(rec.frame, rec.t)
            elif isinstance(rec.frame, EvLimits) and rec.frame.charged_rate_ref != 100:
                self._deviation(f"100.6 charged-rate constant {rec.frame.charged_rate_ref} (100 expected)")
        self._finish()

    def _deviation(self, text: str) -> None:
        if text not in self.out.deviations:
            self.out.deviations.append(text)

    def _timing(self, rec: Record) -> None:
        ident = rec.arbitration_id
        prev = self.last_seen.get(ident)
        self.last_seen[ident] = rec.t
        if prev is None or ident not in (0x100, 0x101, 0x102, 0x108, 0x109):
            return
        gap = rec.t - prev
        if gap > STALL and ident in (0x102, 0x109):
            self.out.faults.append((rec.t, f"stall: no 0x{ident:03X} for {gap:.2f} s (limit {STALL} s)"))
        elif gap > CYCLE + CYCLE_TOLERANCE:
            self.cycle_faults.setdefault(ident, []).append(gap)
        elif gap < CYCLE - CYCLE_TOLERANCE:
            self.fast[ident] = self.fast.get(ident, 0) + 1

    def _vehicle(self, ev: EvStatus, t: float) -> None:
        prev, self.ev = self.ev, ev
        if ev.charged_rate > 100:
            self._deviation(f"102.6 SOC {ev.charged_rate} out of range")
        if ev.charging_enabled:
            self.mark("vehicle permission (102.5.0)", t)
        if ev.current_request > 0:
            self.mark("first current request", t)
        if prev is not None and prev.contactor_open and not ev.contactor_open:
            self.mark("vehicle contactors closed (102.5.3 = 0)", t)
        if prev is not None and prev.charging_enabled and not ev.charging_enabled:
            self.mark("vehicle stop (102.5.0 cleared)", t)
        if "current off" in self.first and prev is not None and not prev.contactor_open and ev.contactor_open:
            self.mark("welding detection done (102.5.3 = 1)", t)
        for fault in ev.faults:
            self.mark(f"vehicle fault: {fault}", t)

    def _charger(self, ch: ChargerStatus, t: float) -> None:
        prev, self.ch = self.ch, ch
        self.mark("charger first frame", t)
        if ch.locked:
            self.mark("connector locked (109.5.2)", t)
        ev = self.ev
        contacts_open = ev is None or ev.contactor_open
        if ch.present_voltage > INSULATION_VOLTAGE and contacts_open and not ch.charging:
            self.mark("insulation test", t)
        elif "insulation test" in self.first and ch.present_voltage < 1:
            self.mark("insulation test end", t)
        flowing = ch.charging or ch.present_current > 5
        if (flowing and "vehicle contactors closed (102.5.3 = 0)" in self.first) or ch.charging:
            self.mark("charging (109.5.0)", t)
        charging = "charging (109.5.0)" in self.first
        if charging and prev is not None and not prev.stopped and ch.stopped:
            self.mark("charger stop (109.5.5)", t)
        if charging and "current off" not in self.first and not ch.charging and ch.present_current <= 5:
            self.mark("current off", t)
        if "current off" in self.first and prev is not None and prev.locked and not ch.locked:
            self.mark("connector unlocked", t)
        for name, flag in (("charger error", ch.charger_error), ("system error", ch.system_error)):
            if flag:
                self.mark(f"charger fault: {name}", t)
        if ev is not None:
            soc = ev.charged_rate
            self.out.samples.append(
                Sample(
                    t,
                    ev.target_voltage,
                    ev.current_request,
                    ch.present_voltage,
                    ch.present_current,
                    soc,
                    _status_byte(ev),
                    ch.status_byte,
                )
            )

    def _finish(self) -> None:
        f, out = self.first, self.out
        out.events.sort(key=lambda e: e[0])
        end = out.records[-1].t
        permission = f.get("vehicle permission (102.5.0)")
        ins = f.get("insulation test")
        if ins is not None and (permission is None or ins < permission):
            self._deviation("insulation test before the vehicle's permission (0.9 charger behaviour)")
        charging = f.get("charging (109.5.0)")
        stop = min(
            (
                f[k]
                for k in ("charger stop (109.5.5)", "vehicle stop (102.5.0 cleared)", "current off")
                if k in f
            ),
            default=None,
        )
        if charging is not None and "charger stop (109.5.5)" not in f:
            self._deviation("the charger never set 109.5.5 (stopped): stop read from the current")
        spans = [
            ("parameter exchange", 0.0, permission if permission is not None else ins),
            ("insulation test", ins, f.get("insulation test end")),
            ("charging", charging, stop),
            ("stop", stop, f.get("current off")),
            ("welding detection", f.get("current off"), f.get("welding detection done (102.5.3 = 1)")),
        ]
        for name, start, stop_t in spans:
            if start is not None:
                out.phases.append((name, start, stop_t if stop_t is not None else end))
        for ident, gaps in sorted(self.cycle_faults.items()):
            out.faults.append(
                (
                    0.0,
                    f"0x{ident:03X}: {len(gaps)} cycles over {CYCLE + CYCLE_TOLERANCE:.2f} s "
                    f"(longest {max(gaps):.3f} s)",
                )
            )
        for ident, n in sorted(self.fast.items()):
            self._deviation(f"0x{ident:03X}: {n} cycles shorter than {CYCLE - CYCLE_TOLERANCE:.2f} s")
        first_req = f.get("first current request")
        if first_req is not None and charging is not None and charging - first_req > 0.5:  # §5.11
            out.faults.append(
                (charging, f"109.5.0 {charging - first_req:.2f} s after the first request (0.5 s)")
            )
        self._values()

    def _values(self) -> None:
        out = self.out
        firsts: dict[type, Frame] = {}
        for rec in out.records:
            if isinstance(rec.frame, Frame):
                firsts[type(rec.frame)] = rec.frame  # the last of each kind
        for frame in firsts.values():
            out.values[type(frame).__name__] = frame
        if out.samples:
            out.values["max_present_current"] = max(s.present_current for s in out.samples)
            out.values["max_requested_current"] = max(s.requested for s in out.samples)
            charging = [s for s in out.samples if s.present_current > 0]
            if charging:
                out.values["battery_voltage_range"] = (
                    min(s.present_voltage for s in charging),
                    max(s.present_voltage for s in charging),
                )


def _status_byte(ev: EvStatus) -> int:
    bits = (ev.charging_enabled, ev.not_parked, ev.system_fault, ev.contactor_open, ev.stop_request)
    low = sum(1 << i for i, b in enumerate(bits) if b)
    return low | (ev.legacy_dynamic << 6) | (ev.discharge_compatible << 7)
