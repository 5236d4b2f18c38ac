"""Whole charging sessions through real sockets: the SECC server and the EVCC runner on loopback."""

from __future__ import annotations

import pytest

from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.apphand import DIN, ISO2, NS_DIN, NS_ISO2
from v2g.controller import EnergyMode, SimulatedAcEvse, SimulatedDcEvse, SimulatedEv
from v2g.evcc import EvccConfig
from v2g.secc import SeccConfig
from v2g.trace import TraceRecord


@pytest.mark.parametrize(
    ("protocols", "mode", "namespace"),
    [
        ((DIN,), EnergyMode.DC_EXTENDED, NS_DIN),
        ((ISO2,), EnergyMode.DC_EXTENDED, NS_ISO2),
        ((ISO2,), EnergyMode.AC_THREE_PHASE, NS_ISO2),
    ],
)
async def test_session_over_tcp(protocols: tuple, mode: EnergyMode, namespace: str) -> None:
    secc_trace: list[TraceRecord] = []
    factory = SimulatedDcEvse if mode.is_dc else SimulatedAcEvse
    config = SeccServerConfig(SeccConfig(energy_modes=(mode,)), host="::1")
    async with SeccServer(config, factory, trace=secc_trace.append) as server:
        runner = EvccRunnerConfig(
            EvccConfig(protocols=protocols, energy_mode=mode, charging_loop_cycles=5, loop_interval=0.0),
            host="::1",
            port=server.tcp_port,
        )
        ev = SimulatedEv()
        result = await run_evcc(runner, ev)
    assert result.ok, result.reason
    assert result.protocol == namespace
    assert result.loop_count == 5
    names = [r.message for r in secc_trace if r.direction == "rx"]
    assert names[0] == "supportedAppProtocolReq"
    assert names[1] == "SessionSetupReq"
    assert names[-1] == "SessionStopReq"
    assert server.finished and server.finished[0].protocol == namespace
