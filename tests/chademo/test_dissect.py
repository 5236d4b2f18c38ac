"""`v2g chademo dissect` on the public Leaf log (committed, see data/README.md) and on logs of our
own sessions written in the formats python-can writes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import can
import pytest

from tests.chademo._link import pair
from v2g.chademo.dissect import dissect
from v2g.chademo.frames import ChargerCaps, EvLimits, EvTime
from v2g.cli import main
from v2g.cli.canlog import CanLogError, read_log
from v2g.controller import SimulatedEv

LEAF = Path(__file__).with_name("data") / "nissan-leaf-chademo-start-stop.csv.gz"

# CHADEMO.md §5 (observed column) and §3.6: seconds from the first vehicle frame
LEAF_EVENTS = {
    "vehicle permission (102.5.0)": 3.9,
    "connector locked (109.5.2)": 12.66,
    "insulation test": 14.96,
    "insulation test end": 16.06,
    "vehicle contactors closed (102.5.3 = 0)": 17.34,
    "charging (109.5.0)": 19.56,
    "charger stop (109.5.5)": 46.76,
    "current off": 46.96,
    "vehicle stop (102.5.0 cleared)": 46.97,
    "welding detection done (102.5.3 = 1)": 49.87,
    "connector unlocked": 50.56,
}


def test_the_leaf_log_shows_the_phases_and_values_of_chademo_md() -> None:
    d = dissect(read_log(LEAF))
    events = dict((name, t) for t, name in d.events)
    for name, t in LEAF_EVENTS.items():
        assert events[name] == pytest.approx(t, abs=0.05), name
    phases = {name: (start, end) for name, start, end in d.phases}
    assert phases["insulation test"] == pytest.approx((14.96, 16.06), abs=0.05)
    assert phases["charging"] == pytest.approx((19.56, 46.76), abs=0.05)
    assert phases["welding detection"] == pytest.approx((46.96, 49.87), abs=0.05)
    caps = d.values["ChargerCaps"]
    assert isinstance(caps, ChargerCaps)
    assert (caps.available_voltage, caps.available_current, caps.threshold_voltage) == (500, 15, 435)
    limits, time_ = d.values["EvLimits"], d.values["EvTime"]
    assert isinstance(limits, EvLimits) and limits.max_battery_voltage == 435
    assert isinstance(time_, EvTime) and time_.rated_capacity == pytest.approx(22.2)
    assert time_.max_charge_time == 3600.0
    low, high = d.values["battery_voltage_range"]  # type: ignore[misc]
    assert low == 374 and high <= 380  # 109 shows the battery voltage once contactors close
    assert d.values["max_requested_current"] == 14
    statuses = {s.charger_status for s in d.samples}
    assert {0x20, 0x24, 0x05, 0x25} <= statuses  # CHADEMO.md §3.6
    charging = [s for s in d.samples if 25 < s.t < 45]  # requested vs delivered: the charger follows
    following = [s for s in charging if abs(s.requested - s.present_current) <= 1]
    assert len(following) >= len(charging) - 5  # but for its ramp after a dip (CHADEMO.md §7)
    assert "100.6 charged-rate constant 240 (100 expected)" in d.deviations  # the Leaf's first value
    assert not [f for f in d.faults if "stall" in f[1] or "cycles over" in f[1]]  # 99-101 ms cycles


def test_cli_dissect_text_json_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chademo", "dissect", str(LEAF)]) == 0
    text = capsys.readouterr().out
    assert "0x102 EvStatus" in text and "target_voltage=410" in text
    assert "insulation test" in text and "timing faults:" in text
    assert main(["chademo", "dissect", str(LEAF), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["frames"]) == 4072
    assert {p["phase"] for p in doc["phases"]} >= {"parameter exchange", "insulation test", "charging"}
    first_102 = next(f for f in doc["frames"] if f["id"] == 0x102)
    assert first_102["fields"]["target_voltage"] == 410 and first_102["data"] == "029a010000c80300"
    assert main(["chademo", "dissect", str(LEAF), "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {"t", "requested", "present_current", "present_voltage"} <= set(rows[0])
    assert max(int(r["present_current"]) for r in rows) == 14


def _own_session() -> list[can.Message]:
    link = pair(ev=SimulatedEv(capacity_wh=500.0, soc_percent=70.0, target_soc=80.0))
    link.run(120)
    msgs = [
        can.Message(timestamp=1000.0 + t, arbitration_id=f.ID, data=f.encode(), is_extended_id=False)
        for t, f in link.sent
    ]
    msgs.append(
        can.Message(
            timestamp=1000.5,
            arbitration_id=0x700,
            data=bytes.fromhex("0102000006000000"),
            is_extended_id=False,
        )
    )
    return msgs


@pytest.mark.parametrize("suffix", [".log", ".asc", ".blf", ".csv", ".trc"])
def test_every_python_can_format_reads_the_same(tmp_path: Path, suffix: str) -> None:
    msgs = _own_session()
    path = tmp_path / f"session{suffix}"
    with can.Logger(str(path)) as logger:
        for msg in msgs:
            logger.on_message_received(msg)
    d = dissect(read_log(path))
    names = [n for _, n in d.events]
    assert names.index("vehicle permission (102.5.0)") < names.index("charging (109.5.0)")
    assert "welding detection done (102.5.3 = 1)" in names and "connector unlocked" in names
    raw = [r for r in d.records if r.arbitration_id == 0x700]
    assert raw and raw[0].data == bytes.fromhex("0102000006000000")  # unknown IDs shown raw


def test_interleaved_stalled_and_status_zero_logs_are_read_sensibly(tmp_path: Path) -> None:
    msgs = _own_session()
    # a charger that leaves the status byte at 0x00 (CHADEMO.md issue notes): clear 109 byte 5
    for m in msgs:
        if m.arbitration_id == 0x109:
            m.data[5] = 0
    # a stall: drop every frame between 6 s and 7.5 s of the session
    start = min(m.timestamp for m in msgs)
    msgs = [m for m in msgs if not 6.0 < m.timestamp - start < 7.5]
    # two buses logged out of time order
    msgs = msgs[1::2] + msgs[0::2]
    rows = [(m.timestamp, m.arbitration_id, bytes(m.data), "can0") for m in msgs]
    d = dissect(rows)
    assert any("out of time order" in x for x in d.deviations)
    assert any("stall: no 0x102" in f for _, f in d.faults)
    assert any("never set 109.5.5" in x for x in d.deviations)
    names = [n for _, n in d.events]
    assert "charging (109.5.0)" in names  # from the current that flows, not from the flag
    assert "current off" in names


def test_candump_text_and_bad_input(tmp_path: Path) -> None:
    log = tmp_path / "start.candump.txt"
    log.write_text(
        "2 message with some parameters\n\n"
        " (2022-06-02 22:49:58.125771)  can1  100   [8]  06 00 00 00 B3 01 F0 00\n"
        " (2022-06-02 22:49:58.145756)  can1  102   [8]  02 9A 01 00 00 80 03 00\n"
        " (2022-06-02 22:49:58.185756)  can1  700   [8]  01 02 00 00 06 00 00 00\n"
        " (2022-06-02 22:49:58.195724)  can1  202   [3]  01 01 01\n"
        " (2022-06-02 22:49:58.272342)  can1  109   [8]  02 00 00 00 00 20 00 00\n"
        " (2022-06-02 22:49:58.300000)  can1  102   [4]  02 9A 01 00\n"
    )
    d = dissect(read_log(log))
    assert [r.arbitration_id for r in d.records] == [0x100, 0x102, 0x700, 0x202, 0x109, 0x102]
    assert d.records[1].t == pytest.approx(0.019985, abs=1e-6)
    assert d.records[-1].error and "8" in d.records[-1].error  # a short 0x102 is shown, not dropped
    bad = tmp_path / "nothing.txt"
    bad.write_text("no frames here\n")
    with pytest.raises(CanLogError):
        read_log(bad)
    assert main(["chademo", "dissect", str(bad)]) == 1
