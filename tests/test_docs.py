"""Python examples in docs/ that are complete programs run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _blocks(name: str) -> list[str]:
    blocks: list[str] = re.findall(r"```python\n(.*?)```", (DOCS / name).read_text(encoding="utf-8"), re.S)
    return blocks


def test_the_pki_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (example, *_) = _blocks("pki.md")
    namespace: dict[str, object] = {}
    exec(compile(example, "docs/pki.md", "exec"), namespace)
    assert (tmp_path / "pki" / "pki.json").exists()
    pki = namespace["pki"]
    from tls.pki import Pki
    from tls.profiles import Role

    assert isinstance(pki, Pki) and Role.SECC_LEAF in pki.certs


@pytest.mark.parametrize("protocol", ["din", "iso2"])
def test_the_controller_example_charges_a_car(protocol: str, capsys: pytest.CaptureFixture[str]) -> None:
    """docs/controller.md's charger, as written, serves whole sessions of our EVCC."""
    from v2g.apphand import DIN, ISO2
    from v2g.controller import SimulatedEv
    from v2g.evcc import EvccConfig, EvccSession
    from v2g.secc import SeccConfig, SeccSession

    (example, *_) = _blocks("controller.md")
    namespace: dict[str, object] = {}
    exec(compile(example, "docs/controller.md", "exec"), namespace)
    chosen = DIN if protocol == "din" else ISO2
    charger = namespace["MyCharger"]()  # type: ignore[operator]
    secc = SeccSession(SeccConfig(protocols=(chosen,)), charger, 0.0)
    evcc = EvccSession(EvccConfig(protocols=(chosen,), charging_loop_cycles=5), SimulatedEv(), 0.0)
    now = 0.0
    evcc.start(now)
    for _ in range(10_000):
        for side, other in ((evcc, secc), (secc, evcc)):
            for payload_type, data in side.data_to_send():
                now += 0.001
                other.receive(payload_type, data, now)
        if secc.closed and evcc.closed:
            break
        timers = [t for t in (secc.get_timer(), evcc.get_timer()) if t is not None]
        if not (secc.closed or evcc.closed) and timers and not any(s._out for s in (secc, evcc)):
            now = max(now, min(timers))
            secc.handle_timer(now)
            evcc.handle_timer(now)
    assert evcc.result is not None and evcc.result.ok, evcc.result
    assert evcc.result.loop_count == 5 and secc.close_reason == "terminated"
    assert "session ended: terminated" in capsys.readouterr().out


def test_the_chademo_example_charges_the_car(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/chademo.md's charger and car, as written, run a whole CHAdeMO session."""
    (example, *_) = _blocks("chademo.md")
    namespace: dict[str, object] = {}
    exec(compile(example, "docs/chademo.md", "exec"), namespace)
    charger, car = namespace["charger"], namespace["car"]
    assert charger.done and car.done and not charger.fault  # type: ignore[attr-defined]
    out = capsys.readouterr().out
    assert "target_voltage=410, current_request=12" in out
    assert "car: battery full" in out and "welding detection" in out


def test_the_ocpp_example_charges_through_the_csms(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/ocpp.md's CSMS, SECC and car, as written: the card authorized at the CSMS, the
    transaction recorded there."""
    pytest.importorskip("ocpp")
    (example, *_) = _blocks("ocpp.md")
    exec(compile(example, "docs/ocpp.md", "exec"), {"__name__": "__docs__"})
    out = capsys.readouterr().out
    assert "car: 3 charging-loop cycles done" in out
    assert "CSMS transaction: Started Ended" in out
