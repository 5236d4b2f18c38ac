"""Hypothesis: random bytes decode to a message or raise SlacError; messages round-trip."""

from __future__ import annotations

import dataclasses
import struct
from typing import Any

from _bench import EV_MAC, bench, evse_mac
from _strategies import messages
from hypothesis import given, settings
from hypothesis import strategies as st

import slac
from slac import keys
from slac import messages as m

MESSAGE_TYPES = sorted(m.message_types().values(), key=lambda c: c.MMTYPE)
macs = st.binary(min_size=6, max_size=6)


@settings(max_examples=400, deadline=None)
@given(messages())
def test_round_trip(message: m.Mme) -> None:
    frame = slac.encode(message)
    assert len(frame) >= 60
    decoded = slac.decode(frame)
    assert decoded == message
    assert slac.encode(decoded) == frame


@settings(max_examples=600, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_give_message_or_slac_error(data: bytes) -> None:
    try:
        message = slac.decode(data)
    except slac.SlacError:
        return
    assert isinstance(message, m.Mme)
    if len(data) >= 60:
        assert slac.encode(message) == data


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(MESSAGE_TYPES), st.integers(0, 2), st.binary(max_size=140), macs)
def test_random_payloads_of_every_type(cls: type[m.Mme], mmv: int, body: bytes, dst: bytes) -> None:
    """Random payloads behind a valid header of each modelled MMTYPE: typed outcome only."""
    header = dst + b"\x02" * 6 + b"\x88\xe1" + struct.pack("<BH", mmv, cls.MMTYPE)
    if mmv >= 1:
        header += b"\x00\x00"
    elif issubclass(cls, m.VendorMme):
        header += m.QUALCOMM_OUI
    frame = header + body
    try:
        message = slac.decode(frame)
    except slac.SlacError:
        return
    if len(frame) >= 60:
        assert slac.encode(message) == frame


@settings(max_examples=50, deadline=None)
@given(st.binary(min_size=16, max_size=16))
def test_nid_top_bits_are_security_level(nmk: bytes) -> None:
    assert keys.nid_from_nmk(nmk)[6] >> 4 == 0
    assert keys.nid_from_nmk(nmk, 2)[6] >> 4 == 2


# ---- (state, message) pairs for the machines ------------------------------------------------------


def _aim(message: m.Mme, machine_mac: bytes, run_id: bytes, peer: bytes, draw: st.DrawFn) -> m.Mme:
    """Point a random message at the machine; often with the right RunID and a known peer."""
    changes: dict[str, Any] = {"dst": draw(st.sampled_from([machine_mac, m.BROADCAST, message.dst]))}
    if draw(st.booleans()):
        changes["src"] = peer
    if "run_id" in {f.name for f in dataclasses.fields(message)} and draw(st.booleans()):
        changes["run_id"] = run_id
    return dataclasses.replace(message, **changes)


@settings(max_examples=120, deadline=None)
@given(st.data(), st.sampled_from([0.0, 0.15, 0.3, 0.5, 1.0, 1.31, 1.4, 3.0]),
       st.sampled_from(["ev", "evse1"]))
def test_machines_survive_any_message_in_any_state(data: st.DataObject, stop_at: float, who: str) -> None:
    b = bench(attenuations=(20.0,))
    b.start()
    b.sim.run(stop_at)  # reach some state of a real association
    machine = b.ev if who == "ev" else b.evses[0]
    peer = evse_mac(1) if who == "ev" else EV_MAC
    now = b.sim.now
    for _ in range(data.draw(st.integers(1, 12))):
        msg = _aim(data.draw(messages()), machine.mac, b.ev.run_id, peer, data.draw)
        machine.receive_message(msg, now)
        now += data.draw(st.floats(0.0, 0.5))
        machine.handle_timer(now)
        for frame in machine.frames_to_send():
            assert isinstance(m.decode(frame), m.Mme)
        timer = machine.get_timer()
        assert timer is None or timer > now
        while machine.next_event() is not None:
            pass
