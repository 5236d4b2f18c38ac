"""SeccServer with SLAC: SDP waits for the first associated EV, and the connector keeps serving EVs
after one fails or leaves (over the in-memory powerline, no privileges)."""

from __future__ import annotations

import asyncio

import pytest

from slac.aio.link import SlacLink
from slac.config import EvConfig, EvseConfig, Timing
from slac.emulator import ModemConfig, PlcLine, Role
from slac.ev import EvSlac
from slac.evse import EvseSlac
from tests.slac.test_slac_aio import EVSE_MAC, LoopLine
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.controller import SimulatedDcEvse

TIMING = Timing(tt_match_join=0.5, link_poll_interval=0.05, link_loss_timeout=0.3)


def _ev_modem(line: PlcLine, name: str, last: int, applies_key: bool = True) -> bytes:
    line.add_modem(name, ModemConfig(mac=bytes([2, 0, 0, 0, 0, last]), role=Role.PEV, attenuation_db=0,
                                     applies_key=applies_key))
    return bytes([0x0A, 0, 0, 0, 0, last])


async def test_sdp_starts_with_the_first_good_ev_and_slac_goes_on_serving(
        monkeypatch: pytest.MonkeyPatch) -> None:
    line = PlcLine()
    bad, good, later = _ev_modem(line, "bad", 0x11, applies_key=False), _ev_modem(line, "good", 0x12), \
        _ev_modem(line, "later", 0x13)
    line.add_modem("evse", ModemConfig(mac=bytes.fromhex("020000000002"), role=Role.EVSE, attenuation_db=18))
    ll = LoopLine(line)
    server = SeccServer(SeccServerConfig(sdp_interface="plc0", slac=True), SimulatedDcEvse)
    sdp_starts: list[str] = []

    async def fake_start_sdp(interface: str) -> None:
        sdp_starts.append(interface)
        server._sdp = object()  # type: ignore[assignment]

    monkeypatch.setattr(server, "_start_sdp", fake_start_sdp)
    seen: list[str] = []
    async with SlacLink(EvseSlac(EvseConfig(mac=EVSE_MAC, timing=TIMING)), ll.socket("evse", EVSE_MAC),
                        on_event=lambda t, e: seen.append(type(e).__name__)) as port:
        serving = asyncio.create_task(server._sdp_after_slac(port))
        for name, mac in (("bad", bad), ("good", good), ("later", later)):
            async with SlacLink(EvSlac(EvConfig(mac=mac, timing=TIMING)), ll.socket(name, mac)) as car:
                if name == "bad":
                    async with asyncio.timeout(15):
                        while "MatchingFailed" not in seen:
                            await asyncio.sleep(0.05)
                    assert sdp_starts == []  # nobody on the network yet
                else:
                    await car.wait_ready(timeout=15)
                    await asyncio.sleep(0.01)
                    assert sdp_starts == ["plc0"]  # started once, for the first good EV
            line.unplug(name)
            if name != "bad":
                await asyncio.wait_for(port.wait_lost(), 10)
        assert not serving.done()  # still waiting for the next EV
        serving.cancel()
