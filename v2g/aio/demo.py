"""The demo: an SECC and an EVCC in one process over loopback, with SDP on ``lo`` and (for ISO
15118-2) TLS from a freshly made PKI. Needs no root and no hardware."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass

from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.apphand import DIN, ISO2
from v2g.controller import EnergyMode, SimulatedAcEvse, SimulatedDcEvse, SimulatedEv
from v2g.evcc import EvccConfig, EvccResult
from v2g.sdp import Security
from v2g.secc import SeccConfig
from v2g.trace import TraceRecord


@dataclass(frozen=True)
class DemoConfig:
    protocol: str = "iso2"
    """"iso2" or "din"."""
    mode: EnergyMode = EnergyMode.DC_EXTENDED
    cycles: int = 10
    loop_interval: float = 0.05
    server_tls: ssl.SSLContext | None = None
    client_tls: ssl.SSLContext | None = None
    sdp_port: int = 15118
    battery_wh: float = 60.0
    """A small battery, so that the SoC visibly rises within a few charging loops."""


async def run_demo(
    config: DemoConfig,
    ev_trace: Callable[[TraceRecord], None],
    evse_trace: Callable[[TraceRecord], None] | None = None,
    *,
    on_listening: Callable[[SeccServer], None] | None = None,
) -> EvccResult:
    protocols = (DIN,) if config.protocol == "din" else (ISO2,)
    tls = config.server_tls is not None and config.client_tls is not None and config.protocol == "iso2"
    secc = SeccServerConfig(
        SeccConfig(protocols=protocols, energy_modes=(config.mode,)),
        host="::1",
        tcp_port=0,
        tls_port=0 if tls else None,
        ssl_context=config.server_tls if tls else None,
        sdp_interface="lo",
        sdp_port=config.sdp_port,
    )
    factory = SimulatedDcEvse if config.mode.is_dc else SimulatedAcEvse
    async with SeccServer(secc, factory, trace=evse_trace) as server:
        if on_listening is not None:
            on_listening(server)
        runner = EvccRunnerConfig(
            EvccConfig(
                protocols=protocols,
                energy_mode=config.mode,
                charging_loop_cycles=config.cycles,
                loop_interval=config.loop_interval,
            ),
            interface="lo",
            security=Security.TLS if tls else Security.NONE,
            ssl_context=config.client_tls if tls else None,
            sdp_port=config.sdp_port,
        )
        return await run_evcc(runner, SimulatedEv(capacity_wh=config.battery_wh), ev_trace)
