"""CHAdeMO frames against the decoded real-log values of CHADEMO.md §8 / §3, and round trips."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import cantools
import pytest
from hypothesis import given
from hypothesis import strategies as st

from v2g.chademo import frames as f

DBC = Path(f.__file__).with_name("chademo.dbc")


def test_the_shipped_dbc_opens_in_cantools_and_covers_every_frame() -> None:
    db: Any = cantools.database.load_file(str(DBC))
    assert {m.frame_id for m in db.messages} == set(f.FRAMES)
    for cls in f.FRAMES.values():
        signals = {s.name for s in db.get_message_by_frame_id(cls.ID).signals}
        assert signals == {f._signal(x.name) for x in dataclasses.fields(cls)}, cls.__name__


def test_leaf_0x100_limits() -> None:  # CHADEMO.md §8
    m = f.EvLimits.decode(bytes.fromhex("00000000B3016400"))
    assert (m.min_charge_current, m.min_battery_voltage, m.max_battery_voltage, m.charged_rate_ref) == (
        0,
        0,
        435,
        100,
    )


def test_leaf_0x101_time_and_capacity() -> None:
    m = f.EvTime.decode(bytes.fromhex("00FF3C0000DE0000"))
    assert m.max_charge_time10s == 0xFF and m.max_charge_time == 3600.0
    assert m.est_charge_time_min == 0 and m.rated_capacity == pytest.approx(22.2)
    assert f.EvTime.decode(bytes.fromhex("0000000000F00000")).rated_capacity == pytest.approx(24.0)


def test_leaf_0x102_status() -> None:
    m = f.EvStatus.decode(bytes.fromhex("029A010C00C14900"))
    assert (m.protocol_number, m.target_voltage, m.current_request) == (2, 410, 12)
    assert m.faults == ()
    assert m.charging_enabled and not m.contactor_open and m.legacy_dynamic and m.discharge_compatible
    assert m.charged_rate == 73 and m.soc(100) == pytest.approx(73.0)
    assert m.soc(0) is None and f.EvStatus(charged_rate=255).soc(100) is None  # SOC 255 seen in logs


def test_leaf_0x108_and_0x109() -> None:
    caps = f.ChargerCaps.decode(bytes.fromhex("01F4010FB3010000"))
    assert (caps.welding_detection, caps.available_voltage, caps.available_current) == (1, 500, 15)
    assert caps.threshold_voltage == 435
    st_ = f.ChargerStatus.decode(bytes.fromhex("027601010105FF3C"))
    assert (st_.protocol_number, st_.present_voltage, st_.present_current) == (2, 374, 1)
    assert st_.discharge_compatible and st_.charging and st_.locked and not st_.stopped
    assert st_.remaining_time == 3600.0 and st_.status_byte == 0x05


def test_v2h_currents_are_inverted_on_the_wire() -> None:  # CHADEMO.md §3.8: FF -> F0 = 15 A
    assert f.EvDischargeLimits.decode(bytes.fromhex("FF000000FA00FFFF")).max_discharge_current == 0
    m = f.EvDischargeLimits.decode(bytes.fromhex("F0000000FA001AFF"))
    assert (m.max_discharge_current, m.min_discharge_voltage, m.min_discharge_level) == (15, 250, 26)
    caps = f.ChargerDischargeCaps.decode(bytes.fromhex("FFF401F00000FA00"))
    assert (caps.present_discharge_current, caps.input_voltage, caps.input_current) == (0, 500, 15)
    assert caps.lower_threshold_voltage == 250
    assert f.EvExtended.decode(bytes.fromhex("0100000000000000")).dynamic_control  # Leaf ZE1


def test_unknown_ids_stay_raw_and_bad_frames_are_typed_errors() -> None:
    leaf_0x700 = bytes.fromhex("0102000006000000")
    assert f.decode(0x700, leaf_0x700) == f.RawFrame(0x700, leaf_0x700)
    with pytest.raises(f.FrameError):
        f.decode(0x102, b"\x02\x9a")
    with pytest.raises(f.FrameError):
        f.EvStatus(target_voltage=70_000).encode()
    with pytest.raises(f.FrameError):
        f.ChargerStatus(present_current=-1).encode()


def test_time_fields() -> None:
    assert f.time_fields(600) == (60, 10)
    assert f.time_fields(3600) == (0xFF, 60)
    assert f.ChargerStatus(remain_time10s=60).remaining_time == 600.0


def _values(cls: type[f.Frame]) -> st.SearchStrategy[f.Frame]:
    db = f.database()
    msg = db.get_message_by_frame_id(cls.ID)
    kwargs: dict[str, st.SearchStrategy[object]] = {}
    for name, conv in f._converters(cls).items():
        sig = msg.get_signal_by_name(f._signal(name))
        if conv is bool:
            kwargs[name] = st.booleans()
        elif sig.scale == 0.1:
            kwargs[name] = st.integers(0, 2**sig.length - 1).map(lambda r: round(r * 0.1, 1))
        else:
            kwargs[name] = st.integers(0, 2**sig.length - 1)
    return st.builds(cls, **kwargs)


@pytest.mark.parametrize("cls", list(f.FRAMES.values()), ids=lambda c: c.__name__)
@given(data=st.data())
def test_every_frame_round_trips(cls: type[f.Frame], data: st.DataObject) -> None:
    frame = data.draw(_values(cls))
    wire = frame.encode()
    assert len(wire) == 8
    assert f.decode(cls.ID, wire) == frame
    assert cls.decode(wire).encode() == wire


def test_the_dbc_avoids_the_public_dbc_pitfalls() -> None:
    """CHADEMO.md §11: Intel byte order with 1 V/bit (not Motorola x 0.01), 0x201 bytes 1-2 at bit 8,
    and the inverted V2H currents as 255 - A (not an offset of -255)."""
    assert f.EvStatus.decode(bytes.fromhex("029A010C00C14900")).target_voltage == 410  # not 394.25
    m = f.EvDischargeEstimate.decode(bytes.fromhex("023C00F000000000"))
    assert (m.sequence_number, m.discharge_time_min, m.available_energy) == (2, 60, 24.0)
    assert f.ChargerDischargeCaps(input_current=15).encode()[3] == 0xF0
