"""Whole charging sessions through real sockets: the SECC server and the EVCC runner on loopback."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
from pathlib import Path

import pytest

from tests.v2g.aio._client import V2gtpClient
from tls.context import (
    client_config_from_dir,
    iso2_client_context,
    iso2_server_context,
    server_config_from_dir,
)
from tls.pki import PkiConfig, create_pki
from tls.store import write_pki
from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.aio.transport import ConnectionClosed, ServerConfig
from v2g.apphand import DIN, ISO2, NS_DIN, NS_ISO2
from v2g.controller import EnergyMode, SimulatedAcEvse, SimulatedDcEvse, SimulatedEv
from v2g.evcc import EvccConfig, EvccSession
from v2g.sdp import Security
from v2g.secc import SeccConfig, SeccTimeouts
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


# --- the harder paths, through the same real sockets ------------------------------------------------


def _runner(port: int | None, **evcc: object) -> EvccRunnerConfig:
    defaults: dict[str, object] = {"protocols": (ISO2,), "charging_loop_cycles": 4, "loop_interval": 0.0}
    defaults.update(evcc)
    return EvccRunnerConfig(EvccConfig(**defaults), host="::1", port=port)  # type: ignore[arg-type]


async def test_pause_and_resume_on_a_new_connection() -> None:
    config = SeccServerConfig(SeccConfig(energy_modes=(EnergyMode.DC_EXTENDED,)), host="::1")
    async with SeccServer(config, SimulatedDcEvse) as server:
        ev = SimulatedEv()
        first = await run_evcc(_runner(server.tcp_port, pause=True), ev)
        assert first.ok and first.paused, first.reason
        assert first.session_id is not None and first.session_id in server.session_store
        trace: list[TraceRecord] = []
        second = await run_evcc(
            _runner(server.tcp_port, resume_session_id=first.session_id), ev, trace.append
        )
        assert second.ok, second.reason
        assert second.session_id == first.session_id
        setup = next(r for r in trace if r.message == "SessionSetupRes")
        assert "OK_OldSessionJoined" in str(setup.decoded)


@pytest.mark.parametrize("side", ["evse", "ev"])
async def test_renegotiation_from_either_side(side: str) -> None:
    chargers: list[SimulatedDcEvse] = []

    def factory() -> SimulatedDcEvse:
        charger = SimulatedDcEvse()
        chargers.append(charger)
        return charger

    trace: list[TraceRecord] = []
    config = SeccServerConfig(SeccConfig(energy_modes=(EnergyMode.DC_EXTENDED,)), host="::1")
    async with SeccServer(config, factory) as server:
        extra = {"renegotiate_after": 2} if side == "ev" else {}
        task = asyncio.create_task(
            run_evcc(
                _runner(server.tcp_port, charging_loop_cycles=8, loop_interval=0.02, **extra),
                SimulatedEv(),
                trace.append,
            )
        )
        if side == "evse":
            while not any(r.message == "CurrentDemandRes" for r in trace):
                await asyncio.sleep(0.01)
            chargers[0].request_renegotiation()
        result = await asyncio.wait_for(task, 30)
    assert result.ok, result.reason
    sent = [r.message for r in trace if r.direction == "tx"]
    assert sent.count("ChargeParameterDiscoveryReq") == 2  # the schedules were negotiated again
    assert sent[-1] == "SessionStopReq"


async def test_emergency_stop_in_the_charging_loop() -> None:
    chargers: list[SimulatedDcEvse] = []

    def factory() -> SimulatedDcEvse:
        chargers.append(SimulatedDcEvse())
        return chargers[-1]

    trace: list[TraceRecord] = []
    config = SeccServerConfig(SeccConfig(energy_modes=(EnergyMode.DC_EXTENDED,)), host="::1")
    async with SeccServer(config, factory) as server:
        task = asyncio.create_task(
            run_evcc(
                _runner(server.tcp_port, charging_loop_cycles=None, loop_interval=0.02),
                SimulatedEv(),
                trace.append,
            )
        )
        while not any(r.message == "CurrentDemandRes" for r in trace):
            await asyncio.sleep(0.01)
        chargers[0].trigger_emergency()
        result = await asyncio.wait_for(task, 30)
    assert not result.ok
    assert "EVSE_EmergencyShutdown" in str([r.decoded for r in trace if r.direction == "rx"])
    assert chargers[0].present_current(asyncio.get_running_loop().time()) == 0.0


async def test_ev_that_stops_answering_is_cut_off() -> None:
    timeouts = dataclasses.replace(SeccTimeouts(), communication_setup=0.5, sequence=0.5)
    config = SeccServerConfig(SeccConfig(timeouts=timeouts), host="::1")
    loop = asyncio.get_running_loop()
    async with SeccServer(config, SimulatedDcEvse) as server:
        # One EV sends nothing at all; another gets as far as SessionSetupRes, then falls silent.
        mute = await V2gtpClient.open(server.tcp_port or 0)
        stream = await V2gtpClient.open(server.tcp_port or 0)
        car = EvccSession(EvccConfig(protocols=(ISO2,)), SimulatedEv(), loop.time())
        car.start(loop.time())
        for _ in range(2):  # supportedAppProtocol, SessionSetup
            for payload_type, payload in car.data_to_send():
                await stream.send(payload_type, payload)
            answer = await stream.receive()
            car.receive(answer.payload_type, answer.payload, loop.time())
        assert car.session_id is not None
        start = loop.time()
        for silent in (mute, stream):
            with pytest.raises(ConnectionClosed):
                await asyncio.wait_for(silent.receive(), 5.0)
        assert loop.time() - start < 3.0
        # the mute one never got a session (no byte, no session object): dropped at the first-byte
        # deadline, which the communication setup timeout shortens
        (ended,) = await asyncio.wait_for(server.wait_finished(1), 2.0)
        assert "sequence timeout" in ended.reason.lower(), ended.reason
        assert server.failure_counts()["HelloTimeoutError"] == 1
        ok = await run_evcc(_runner(server.tcp_port), SimulatedEv())  # the charger still serves others
        assert ok.ok, ok.reason


@pytest.fixture(scope="module")
def iso2_pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pki")
    write_pki(create_pki(PkiConfig("iso2", now=datetime.datetime.now(datetime.timezone.utc))), folder)
    return folder


@pytest.mark.parametrize("mode", [EnergyMode.DC_EXTENDED, EnergyMode.AC_THREE_PHASE])
async def test_iso2_session_over_tls(iso2_pki: Path, mode: EnergyMode, tmp_path: Path) -> None:
    server_tls = iso2_server_context(server_config_from_dir(iso2_pki, "iso2"))
    client_tls = iso2_client_context(client_config_from_dir(iso2_pki, "iso2", keylog=tmp_path / "keys"))
    factory = SimulatedDcEvse if mode.is_dc else SimulatedAcEvse
    config = SeccServerConfig(
        SeccConfig(energy_modes=(mode,)), host="::1", tcp_port=None, tls_port=0, ssl_context=server_tls
    )
    async with SeccServer(config, factory) as server:
        runner = EvccRunnerConfig(
            EvccConfig(protocols=(ISO2,), energy_mode=mode, charging_loop_cycles=3, loop_interval=0.0),
            host="::1",
            port=server.tls_port,
            security=Security.TLS,
            ssl_context=client_tls,
        )
        result = await run_evcc(runner, SimulatedEv())
    assert result.ok, result.reason
    assert "CLIENT_RANDOM" in (tmp_path / "keys").read_text()


class _Faulty(SimulatedDcEvse):
    """A power stage whose driver raises in the charging loop (a firmware bug)."""

    def set_current_demand(self, voltage: float, current: float, now: float) -> None:
        raise RuntimeError("driver fault")


async def test_hostile_clients_and_a_broken_controller_leave_the_other_sessions_alone() -> None:
    """While garbage, a 4 GiB header and an undecodable handshake each end their own connection, and
    a controller that raises gets its EV a FAILED answer and the power off, real EVCCs charge to the
    end on the same server."""
    made: list[SimulatedDcEvse] = []

    def factory() -> SimulatedDcEvse:
        charger = _Faulty() if len(made) == 1 else SimulatedDcEvse(cable_check_time=0.0)
        made.append(charger)
        return charger

    # every client of this rig comes from ::1: allow the six of them from one address
    config = SeccServerConfig(
        SeccConfig(protocols=(DIN, ISO2)), host="::1", server=ServerConfig(max_per_peer=8)
    )
    async with SeccServer(config, factory) as server:
        port = server.tcp_port or 0
        first = await run_evcc(_runner(port), SimulatedEv())  # controller 0: a good one
        assert first.ok, first.reason
        crashing = await run_evcc(_runner(port), SimulatedEv())  # controller 1 raises
        assert not crashing.ok and crashing.reason == "CurrentDemandRes: FAILED", crashing.reason
        assert made[1].present_current(0.0) == 0.0  # powered off

        async def hostile(data: bytes) -> bytes:
            reader, writer = await asyncio.open_connection("::1", port)
            writer.write(data)
            await writer.drain()
            answer = await asyncio.wait_for(reader.read(), 5.0)  # the server closes the connection
            writer.close()
            return answer

        attacks = [
            bytes(range(256)) * 4,  # not V2GTP at all
            bytes.fromhex("01fe8001ffffffff"),  # announces 4 GiB
            bytes.fromhex("01fe8001 00000004 deadbeef".replace(" ", "")),  # undecodable handshake
        ]
        results = await asyncio.gather(
            *(hostile(a) for a in attacks),
            *(run_evcc(_runner(port, charging_loop_cycles=20), SimulatedEv()) for _ in range(3)),
        )
        assert all(r == b"" for r in results[:3])  # closed without an answer
        assert all(r.ok for r in results[3:]), [r.reason for r in results[3:]]
        await asyncio.sleep(0.1)
        assert server.active_sessions == 0
        reasons = " | ".join(s.reason for s in server.finished)
        assert "driver fault" in reasons and "undecodable SupportedAppProtocolReq" in reasons


async def test_cancelling_the_evcc_closes_its_connection() -> None:
    config = SeccServerConfig(SeccConfig(protocols=(ISO2,)), host="::1")
    async with SeccServer(config, SimulatedDcEvse) as server:
        runner = _runner(server.tcp_port, charging_loop_cycles=None, loop_interval=0.05)
        task = asyncio.create_task(run_evcc(runner, SimulatedEv()))
        for _ in range(300):
            if server.active_sessions:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)  # charging now
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        (ended,) = await asyncio.wait_for(server.wait_finished(1), 3.0)
        assert server.active_sessions == 0 and "connection closed by the EVCC" in ended.reason


async def test_an_observed_session_outlives_the_setup_deadline() -> None:
    """With a session observer (what `v2g secc` uses for its lines), the server still sees the session
    get past SessionSetup: it is not cut at ServerConfig.setup_timeout."""
    seen: list[str] = []
    config = SeccServerConfig(
        SeccConfig(energy_modes=(EnergyMode.DC_EXTENDED,)), host="::1", server=ServerConfig(setup_timeout=0.3)
    )
    observer = lambda info, record: seen.append(record.message)  # noqa: E731
    async with SeccServer(config, SimulatedDcEvse, session_trace=observer) as server:
        runner = _runner(server.tcp_port, charging_loop_cycles=20, loop_interval=0.03)
        result = await run_evcc(runner, SimulatedEv())
    assert result.ok and result.loop_count == 20, result.reason
    assert seen.count("CurrentDemandReq") == 20
