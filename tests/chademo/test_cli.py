"""`v2g chademo charger` and `v2g chademo vehicle` against each other on one virtual CAN bus (no
sequence-line hardware: each side infers the other's lines from CAN), and `v2g demo --chademo`."""

from __future__ import annotations

import threading
import uuid

import pytest

from v2g.cli import main


def test_charger_and_vehicle_commands_charge_over_can(capsys: pytest.CaptureFixture[str]) -> None:
    channel = f"cli-{uuid.uuid4().hex}"
    bus = ["--can-bus", "virtual", "--can-interface", channel]
    codes: dict[str, int] = {}
    car = threading.Thread(
        target=lambda: codes.setdefault("vehicle", main(["chademo", "vehicle", *bus, "--soc", "78"]))
    )
    car.start()
    codes["charger"] = main(["chademo", "charger", *bus])
    car.join(timeout=60)
    out = capsys.readouterr().out
    assert codes == {"vehicle": 0, "charger": 0}, out
    assert "vehicle: battery full" in out
    assert "s  charging" in out and "charger: vehicle stop" in out


def test_demo_chademo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--chademo", "--protocol", "din"]) == 0
    out = capsys.readouterr().out
    assert "session OK: car battery full" in out
    assert "bridge charging" in out and "0x109 410 V" in out


def test_bridge_needs_a_station() -> None:
    assert main(["chademo", "bridge", "--can-bus", "virtual", "--can-interface", "x"]) == 1
