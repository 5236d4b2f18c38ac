"""What independent SLAC peers do on the wire (open-plc-utils `pev`/`evse`, EVerest, Josev) and the
ISO 15118-3 timing they check, end to end over the emulated power line (virtual time) and through the
asyncio runner (loop clock)."""

from __future__ import annotations

import logging

import pytest
from _bench import bench

from slac import events as ev
from slac import messages as m
from slac.emulator import UNDECODABLE
from slac.ev import EvSlac, EvState
from slac.evse import EvseState

RUN = bytes.fromhex("0102030405060708")


def pev_sound(dst: bytes, src: bytes, cnt: int, run_id: bytes) -> bytes:
    """CM_MNBC_SOUND.IND as open-plc-utils `pev` sends it, from the field layout of SLAC.md 5.6:
    64 bytes, 7 short of ISO's 71 (no reserved field; a 17-byte RND of zeros in its place)."""
    frame = (
        dst + src + bytes.fromhex("88e1")  # Ethernet header
        + bytes.fromhex("01" "7660" "0000")  # MMV 1, MMTYPE 0x6076 little-endian, fragmentation
        + bytes.fromhex("00" "00")  # APPLICATION_TYPE, SECURITY_TYPE
        + bytes(17)  # SenderID
        + bytes([cnt])  # Cnt
        + run_id  # RunID
        + bytes(17)  # pev's RND (zeros)
    )
    assert len(frame) == 64
    return frame


class PevStyleSounds:
    """Our EV machine, except that its sounds leave the host as `pev` writes them."""

    def __init__(self, inner: EvSlac) -> None:
        self.inner = inner

    def receive_frame(self, frame: bytes, now: float) -> None:
        self.inner.receive_frame(frame, now)

    def frames_to_send(self) -> list[bytes]:
        out = []
        for frame in self.inner.frames_to_send():
            if frame[12:17] == bytes.fromhex("88e1017660"):  # CM_MNBC_SOUND.IND: Cnt at 38, RunID at 39
                frame = pev_sound(frame[0:6], frame[6:12], frame[38], frame[39:47])
            out.append(frame)
        return out

    def next_event(self) -> ev.Event | None:
        return self.inner.next_event()

    def get_timer(self) -> float | None:
        return self.inner.get_timer()

    def handle_timer(self, now: float) -> None:
        self.inner.handle_timer(now)


# ---- 1. `pev` sends 64-byte sounds ----------------------------------------------------------------


def test_evse_matches_an_ev_sending_pev_style_64_byte_sounds() -> None:
    b = bench()
    b.sim.attach("ev", PevStyleSounds(b.ev))
    b.start()
    b.sim.run(10)
    sounds = [f for _, name, f in b.sim.sent if name == "ev" and f[15:17] == b"\x76\x60"]
    assert len(sounds) == 10 and {len(f) for f in sounds} == {64}
    # the EVSE modem turned every short sound into a profile; the EVSE averaged all ten
    (_, done), = b.sim.events_of("evse1", ev.SoundingDone)
    assert isinstance(done, ev.SoundingDone) and done.num_sounds == 10
    assert b.ev.state is EvState.LINKED and b.evses[0].state is EvseState.LINKED
    assert not b.line.dropped


def test_the_emulator_counts_and_logs_what_it_cannot_decode(caplog: pytest.LogCaptureFixture) -> None:
    b = bench()
    cut = pev_sound(m.BROADCAST, b.ev.mac, 3, RUN)[: 19 + 27]  # ends inside the RunID
    with caplog.at_level(logging.WARNING, logger="slac.emulator"):
        b.line.send("ev", cut, 0.0)
    assert b.line.dropped == {UNDECODABLE: 1}
    (record,) = caplog.records
    assert "CmMnbcSoundInd" in record.getMessage() and cut.hex() in record.getMessage()
    assert b.line.next_delivery_time() is None  # nothing carried
