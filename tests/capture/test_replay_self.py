"""Each shared capture replayed against itself: its car (ReplayEvcc) against its charger (ReplaySecc),
sans-IO on a virtual clock. Every session that decodes must run to its end with no divergence: the
machines' adaptations (Ongoing, SessionID, SchemaID, payload types, ISO 15118-20 headers) are
consistent with every recording, DIN, ISO 15118-2 and -20 alike."""

from __future__ import annotations

from pathlib import Path

import pytest

import exi
from tests.capture._provenance import CAPTURES, capture_files
from tests.capture.test_replay_core import pump
from v2g.capture import sessions
from v2g.capture.replay import ReplayConfig, ReplayEvcc
from v2g.capture.replay_script import ScriptError, script_of
from v2g.capture.replay_secc import ReplaySecc

ISO20_AC = CAPTURES / "dsV2Gshark/ISO-20_BPT_AC_DS5366_Josev.pcapng"


def _rel(path: Path) -> str:
    return str(path.relative_to(CAPTURES))


@pytest.mark.parametrize("capture", capture_files(), ids=_rel)
def test_a_capture_replays_against_itself(capture: Path) -> None:
    replayed = 0
    for index, session in enumerate(sessions(capture)):
        try:
            script = script_of(session, index)
        except ScriptError:
            continue  # TLS without keys, or no request captured
        car = ReplayEvcc(script, ReplayConfig(fast=True), 0.0)
        charger = ReplaySecc(script, ReplayConfig(fast=True), 0.0)
        pump(car, charger)
        divergences = [e.text for e in car.result.divergences + charger.result.divergences]
        assert divergences == [], (index, divergences)
        assert car.result.completed and charger.result.completed, (index, car.result, charger.result)
        replayed += 1
    if not replayed:
        pytest.skip("no session to replay (encrypted without keys, or no V2G)")


def test_iso20_messages_travel_with_their_payload_types_and_get_the_current_timestamp() -> None:
    (session,) = sessions(ISO20_AC)
    script = script_of(session)
    wall = 1_800_000_000.0
    car = ReplayEvcc(script, ReplayConfig(fast=True, wall_offset=wall), 0.0)
    charger = ReplaySecc(script, ReplayConfig(fast=True, wall_offset=wall), 0.0)
    seen: list[tuple[int, int]] = []
    receive = charger.receive

    def spy(payload_type: int, payload: bytes, now: float) -> None:
        if payload_type != 0x8001:
            message = exi.decode(payload, {0x8002: "iso20", 0x8003: "iso20-ac"}[payload_type])
            seen.append((payload_type, message.Header.TimeStamp))
        receive(payload_type, payload, now)

    charger.receive = spy  # type: ignore[method-assign]
    pump(car, charger)
    assert car.result.ok and charger.result.ok
    assert {t for t, _ in seen} == {0x8002, 0x8003}
    recorded = {m.message.Header.TimeStamp for m in session.requests if m.payload_type != 0x8001}
    assert all(wall <= ts < wall + 60 for _, ts in seen) and not recorded & {ts for _, ts in seen}
