"""The demo: an SECC and an EVCC in one process over loopback, with SDP on ``lo`` and TLS from a
freshly made PKI (ISO 15118-2: TLS 1.2; ISO 15118-20: TLS 1.3 with mutual authentication, the
service and control mode from :mod:`v2g.iso20_catalog`). Needs no root and no hardware."""

from __future__ import annotations

import dataclasses
import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tls.conn import TlsInfo
from v2g import iso20_catalog
from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.aio.relay import RecordingRelay
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.aio.tlsedge import AnyTlsContext
from v2g.apphand import DIN, ISO2
from v2g.backend import PlugAndCharge
from v2g.capture.pcap import PcapngWriter
from v2g.capture.synth import EV_MAC, EVSE_MAC, ConnectionRecorder, udp_frame
from v2g.controller import EnergyMode, EvseServices, SimulatedAcEvse, SimulatedDcEvse, SimulatedEv
from v2g.controller.bpt import DynamicTargets
from v2g.controller.simulated_bpt import SimulatedBptAcEvse, SimulatedBptDcEvse, SimulatedBptEv
from v2g.evcc import EvccConfig, EvccResult, EvccSession
from v2g.evcc.pnc import ContractCredentials, Provisioning
from v2g.sdp import Security
from v2g.secc import SeccConfig
from v2g.trace import TraceRecord

if TYPE_CHECKING:
    from v2g.ocpp import OcppBackend

LOOPBACK = ipaddress.IPv6Address("::1")


@dataclass(frozen=True)
class DemoConfig:
    protocol: str = "iso2"
    """"iso2", "din" or "iso20" (with ``service`` and ``control``; needs both TLS contexts)."""
    service: str = "dc"
    """ISO 15118-20 energy service: dc, ac, dc_bpt, ac_bpt (as the machines export them)."""
    control: str = "scheduled"
    mode: EnergyMode = EnergyMode.DC_EXTENDED
    cycles: int = 10
    loop_interval: float = 0.05
    server_tls: AnyTlsContext | None = None
    client_tls: AnyTlsContext | None = None
    sdp_port: int = 15118
    battery_wh: float = 60.0
    """A small battery, so that the SoC visibly rises within a few charging loops."""
    pnc: PlugAndCharge | None = None
    """Plug & Charge (ISO 15118-2 over TLS): the charger's backend, MO roots, receipt store."""
    contract: ContractCredentials | None = None
    provisioning: Provisioning | None = None
    """The car's contract (None: it installs one with its provisioning credentials)."""
    ocpp: OcppBackend | None = None
    """The charger's backend over OCPP (started): authorization, contracts, schedules and
    transactions go through its CSMS (``v2g demo --ocpp``)."""


Charger = SimulatedDcEvse | SimulatedAcEvse


def _controllers(config: DemoConfig, mode: EnergyMode) -> tuple[Charger, SimulatedEv]:
    """The charger and the car; for a BPT service bidirectional ones, the car (Scheduled) discharging
    from the second half of the charging loop on."""
    tariff = config.pnc is not None  # a signed SalesTariff to show
    if config.protocol == "iso20" and config.service.endswith("_bpt"):
        bpt = SimulatedBptDcEvse(with_tariff=tariff) if mode.is_dc else SimulatedBptAcEvse(with_tariff=tariff)
        half = max(1, config.cycles // 2) if config.control == "scheduled" else None
        return bpt, SimulatedBptEv(capacity_wh=config.battery_wh, discharge_from_cycle=half)
    charger = (SimulatedDcEvse if mode.is_dc else SimulatedAcEvse)(with_tariff=tariff)
    return charger, SimulatedEv(capacity_wh=config.battery_wh)


DISCHARGE_TARGET_W = 20e3
"""The demo's Dynamic BPT targets: charge with this power, then discharge with it."""


def _discharge_phase(
    charger: SimulatedDcEvse | SimulatedAcEvse, cycles: int, trace: Callable[[TraceRecord], None]
) -> Callable[[TraceRecord], None]:
    """Dynamic BPT: the charger asks for +20 kW, and from the second half of the loop on for -20 kW
    (the EV's trace counts the loop responses)."""
    assert isinstance(charger, SimulatedBptDcEvse | SimulatedBptAcEvse)
    charger.targets = DynamicTargets(power=DISCHARGE_TARGET_W)
    seen = [0]

    def count(record: TraceRecord) -> None:
        trace(record)
        if record.direction == "rx" and record.message.endswith("_ChargeLoopRes"):
            seen[0] += 1
            if seen[0] == max(1, cycles // 2):
                charger.targets = DynamicTargets(power=-DISCHARGE_TARGET_W)

    return count


class _Recorder:
    """Writes what the relay and the SDP responder see into a pcapng (the demo's reference capture)."""

    def __init__(self, writer: PcapngWriter) -> None:
        self.writer = writer
        self.connections: dict[int, ConnectionRecorder] = {}
        self.relay: RecordingRelay | None = None
        self.server: SeccServer | None = None

    def sdp(self, request: bytes, peer: object, answer: bytes) -> None:
        assert isinstance(peer, tuple) and self.server is not None
        evcc = (ipaddress.IPv6Address(peer[0].split("%")[0]), int(peer[1]))
        secc = (LOOPBACK, self.server.config.sdp_port)
        now = time.time()
        self.writer.write_packet(now, udp_frame(evcc, secc, request))
        self.writer.write_packet(now, udp_frame(secc, evcc, answer, src_mac=EVSE_MAC, dst_mac=EV_MAC))

    def opened(self, index: int, ts: float) -> None:
        assert self.relay is not None
        client = (LOOPBACK, 49152 + index)
        recorder = ConnectionRecorder(self.writer, client, (LOOPBACK, self.relay.port))
        recorder.open(ts)
        self.connections[index] = recorder

    def data(self, index: int, from_client: bool, data: bytes, ts: float) -> None:
        self.connections[index].send(from_client, data, ts)

    def tls(self, info: TlsInfo) -> None:
        """The negotiated TLS parameters (as the EVCC saw them) go into the next packet's comment."""
        for recorder in self.connections.values():
            recorder.note(f"TLS {info.summary()}")

    def closed(self, index: int, ts: float) -> None:
        self.connections.pop(index).close(ts)


async def run_demo(
    config: DemoConfig,
    ev_trace: Callable[[TraceRecord], None],
    *,
    pcap: PcapngWriter | None = None,
    on_session: Callable[[EvccSession], None] | None = None,
) -> EvccResult:
    """One session over loopback; with ``pcap``, a relay between the two records it (TLS included)."""
    iso20 = config.protocol == "iso20"
    service = iso20_catalog.service(config.service) if iso20 else None
    protocols = (DIN,) if config.protocol == "din" else (service.protocol,) if service else (ISO2,)
    mode = service.energy_mode if service is not None else config.mode
    tls = config.server_tls is not None and config.client_tls is not None and config.protocol != "din"
    if iso20 and not tls:
        raise ValueError("ISO 15118-20 runs over TLS 1.3 with mutual authentication: give both contexts")
    secc_specs = (iso20_catalog.secc_spec(config.service),) if iso20 else ()
    evcc_specs = (iso20_catalog.evcc_spec(config.service, config.control),) if iso20 else ()
    recorder = _Recorder(pcap) if pcap is not None else None
    relay: RecordingRelay | None = None
    if recorder is not None:
        def upstream() -> tuple[str, int]:
            assert recorder is not None and recorder.server is not None
            port = recorder.server.tls_port if tls else recorder.server.tcp_port
            assert port is not None
            return "::1", port

        relay = RecordingRelay(upstream, recorder.opened, recorder.data, recorder.closed)
        await relay.start("::1")
        recorder.relay = relay
    payment = ("Contract", "ExternalPayment") if config.pnc is not None else ("ExternalPayment",)
    secc = SeccServerConfig(
        SeccConfig(protocols=protocols, energy_modes=(mode,), specs=secc_specs, payment_options=payment),
        host="::1",
        tcp_port=None if iso20 else 0,
        tls_port=0 if tls else None,
        ssl_context=config.server_tls if tls else None,
        sdp_interface="lo",
        sdp_port=config.sdp_port,
        sdp_ports=None if relay is None else ((None, relay.port) if tls else (relay.port, None)),
    )
    charger, ev = _controllers(config, mode)
    if iso20 and config.service.endswith("_bpt") and config.control == "dynamic":
        ev_trace = _discharge_phase(charger, config.cycles, ev_trace)
    services = EvseServices.of(charger, config.pnc)
    on_end = None
    if config.ocpp is not None:  # the charger's own schedules under the CSMS's limits
        backend = config.ocpp
        backend.fallback, backend.on_limit_change = charger, charger.request_renegotiation
        pnc = None if config.pnc is None else dataclasses.replace(config.pnc, backend=backend)
        services, on_end = EvseServices(backend, backend, charger, pnc), backend.session_ended
    observer = recorder.sdp if recorder else None
    server = SeccServer(
        secc, lambda: charger, sdp_observer=observer, services=services, on_session_end=on_end
    )
    if recorder is not None:
        recorder.server = server
    async with server:
        runner = EvccRunnerConfig(
            EvccConfig(
                protocols=protocols,
                energy_mode=mode,
                specs=evcc_specs,
                charging_loop_cycles=config.cycles,
                loop_interval=config.loop_interval,
                contract=config.contract,
                provisioning=config.provisioning,
            ),
            interface="lo",
            security=Security.TLS if tls else Security.NONE,
            ssl_context=config.client_tls if tls else None,
            sdp_port=config.sdp_port,
        )
        try:
            return await run_evcc(
                runner, ev, ev_trace, on_session=on_session,
                on_tls=recorder.tls if recorder is not None else None,
            )
        finally:
            if relay is not None:
                await relay.close()
