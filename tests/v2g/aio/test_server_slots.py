"""What one hostile client may cost a charger's V2G server: bounded failure records and connection
slots by stage and peer (a car still gets in)."""

from __future__ import annotations

import asyncio
import gc
import weakref

import pytest

from tests.v2g.aio._runner import Echo, _until
from v2g import v2gtp
from v2g.aio.admission import Admission, Failure, Stage
from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.aio.runner import CoreConnection
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.aio.server import CoreServer
from v2g.aio.transport import ServerConfig
from v2g.apphand import DIN
from v2g.controller import SimulatedDcEvse, SimulatedEv
from v2g.evcc import EvccConfig
from v2g.secc import SeccConfig
from v2g.v2gtp import PayloadType

# ------------------------------------------------------------------------------ failure records


async def test_failed_connections_leave_short_records_only() -> None:
    """Hundreds of bad connections: a bounded log of plain records and counts by kind; none of their
    connections, cores or exceptions stays alive."""
    ended: list[weakref.ref[CoreConnection]] = []
    config = ServerConfig(max_per_peer=50, max_silent=50, max_setup=50, max_connections=60, failure_log=20)
    server = CoreServer(Echo, config, on_close=lambda c: ended.append(weakref.ref(c)))
    await server.start("::1", 0)
    try:

        async def bad() -> None:
            reader, writer = await asyncio.open_connection("::1", server.port)
            writer.write(bytes.fromhex("01fe8001ffffffff"))  # announces 4 GiB
            await reader.read()
            writer.close()

        for _ in range(6):
            await asyncio.gather(*(bad() for _ in range(40)))
        await _until(lambda: server.failures.count("PayloadTooLargeError") == 240)
        assert len(server.failures.recent) == 20 and server.failures.total == 240
        record = server.failures.recent[-1]
        assert isinstance(record, Failure) and record.kind == "PayloadTooLargeError"
        assert record.peer is not None and record.peer[0] == "::1"
        assert "4294967295" in record.message and record.at > 1.7e9
        assert all(type(v) in (str, float, tuple) for v in (record.reason, record.at, record.peer))
        gc.collect()
        assert len(ended) == 240 and not any(ref() is not None for ref in ended)
    finally:
        await server.close()


async def test_the_secc_keeps_the_latest_session_summaries_only() -> None:
    config = SeccServerConfig(SeccConfig(protocols=(DIN,)), host="::1", keep_finished=5, freeze_gc=False)
    async with SeccServer(config, SimulatedDcEvse) as server:
        for _ in range(12):
            reader, writer = await asyncio.open_connection("::1", server.tcp_port)
            writer.write(bytes(range(64)))  # not V2GTP
            await reader.read()
            writer.close()
        await _until(lambda: server.sessions_ended == 12)
        assert len(server.finished) == 5
        assert server.failure_counts()["WrongVersionError"] == 12, server.failure_counts()


# ------------------------------------------------------------------------------ slots


def test_admission_limits_per_peer_stage_and_the_slot_kept_for_a_new_car() -> None:
    admission = Admission(ServerConfig(max_connections=6, max_per_peer=3, max_silent=4, max_setup=3))
    a = [admission.admit("a", 0.0) for _ in range(4)]
    assert a[3] == "per-peer limit"
    a1, a2, a3 = (s for s in a[:3] if not isinstance(s, str))
    b1 = admission.admit("b", 0.0)
    assert not isinstance(b1, str)  # the last silent slot: b had no connection
    assert admission.admit("b", 0.0) == "silent-connection limit"  # not for b's second
    assert admission.admit("car", 0.0) == "silent-connection limit"  # all 4 silent slots taken
    assert admission.advance(a1, Stage.SETUP, 1.0) is None
    car = admission.admit("car", 1.0)
    assert not isinstance(car, str)
    assert admission.advance(a2, Stage.SETUP, 1.0) is None
    # setup: 3, the last one only for an address without another connection
    assert admission.advance(a3, Stage.SETUP, 1.0) == "setup-connection limit"
    assert admission.advance(car, Stage.SETUP, 1.0) is None
    assert admission.advance(a1, Stage.SESSION, 2.0) is None
    assert admission.advance(b1, Stage.SETUP, 2.0) is None
    assert [admission.count(s) for s in Stage] == [1, 3, 1] and admission.of_peer("a") == 3
    for slot in (a1, a2, a3, b1, car):
        admission.release(slot)
    assert admission.total == 0 and admission.peers == 0  # no entry kept for addresses gone
    assert all(admission.count(stage) == 0 for stage in Stage)


def test_limits_leave_room_for_the_kept_slot() -> None:
    with pytest.raises(ValueError, match="max_setup"):
        ServerConfig(max_setup=1, reserve=1)


class Staged(Echo):
    """An echo core that counts as past SessionSetup once it got a message saying so."""

    def __init__(self, now: float) -> None:
        super().__init__(now)
        self.session_id: bytes | None = None

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        if payload == b"setup":
            self.session_id = b"\x01" * 8
        super().receive(payload_type, payload, now)


async def _exchange(port: int, message: bytes) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("::1", port)
    writer.write(v2gtp.encode(PayloadType.EXI, message))
    await reader.readexactly(8 + len(message))
    return reader, writer


async def test_a_connection_without_session_setup_is_cut_at_the_setup_deadline() -> None:
    server = CoreServer(Staged, ServerConfig(setup_timeout=0.3))
    await server.start("::1", 0)
    try:
        stalled, _w1 = await _exchange(server.port, b"hello")  # talks, never sets a session up
        served, w2 = await _exchange(server.port, b"setup")
        assert await asyncio.wait_for(stalled.read(), 2.0) == b""
        assert server.failures.count("SetupTimeoutError") == 1
        await asyncio.sleep(0.3)
        w2.write(v2gtp.encode(PayloadType.EXI, b"still here"))
        assert await asyncio.wait_for(served.readexactly(18), 2.0)  # the session is not cut
        assert server.admission.count(Stage.SESSION) == 1 and server.admission.count(Stage.SETUP) == 0
    finally:
        await server.close()


def _runner(host: str, port: int | None) -> EvccRunnerConfig:
    evcc = EvccConfig(protocols=(DIN,), charging_loop_cycles=3, loop_interval=0.0)
    return EvccRunnerConfig(evcc, host=host, port=port)


async def test_idle_clients_that_reconnect_do_not_lock_a_car_out() -> None:
    """40 idle connections from another address, each reopened as soon as it is closed: a car's DIN
    session is served meanwhile, and at once after they have gone."""
    config = SeccServerConfig(SeccConfig(protocols=(DIN,)), host="127.0.0.1", freeze_gc=False)
    async with SeccServer(config, SimulatedDcEvse) as server:
        port = server.tcp_port
        assert port is not None
        stop = asyncio.Event()
        opened = 0

        async def idle_client() -> None:
            nonlocal opened
            while not stop.is_set():
                try:
                    reader, writer = await asyncio.open_connection(
                        "127.0.0.1", port, local_addr=("127.0.0.2", 0)
                    )
                except OSError:
                    await asyncio.sleep(0.01)
                    continue
                opened += 1
                read = asyncio.ensure_future(reader.read())
                await asyncio.wait([read, asyncio.ensure_future(stop.wait())], return_when="FIRST_COMPLETED")
                read.cancel()
                writer.close()

        clients = [asyncio.create_task(idle_client()) for _ in range(40)]
        try:
            await _until(lambda: opened >= 40)
            result = await asyncio.wait_for(run_evcc(_runner("127.0.0.1", port), SimulatedEv()), 10.0)
            assert result.ok, result.reason
            assert server.failure_counts()["refused: per-peer limit"] > 0
        finally:
            stop.set()
            await asyncio.gather(*clients)
        after = await asyncio.wait_for(run_evcc(_runner("127.0.0.1", port), SimulatedEv()), 10.0)
        assert after.ok, after.reason


async def test_response_times_of_the_chosen_peers_only() -> None:
    """``measured`` keeps the response times of the charger's own vehicles apart from the rest."""
    times: list[float] = []
    server = CoreServer(
        Echo, turnaround=times.append, measured=lambda peer: peer is not None and peer[0] == "127.0.0.1"
    )
    await server.start("127.0.0.1", 0)
    try:
        for source, count in (("127.0.0.2", 5), ("127.0.0.1", 3)):
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port, local_addr=(source, 0))
            for _ in range(count):
                writer.write(v2gtp.encode(PayloadType.EXI, b"ping"))
                await asyncio.wait_for(reader.readexactly(12), 3.0)
            writer.close()
        assert len(times) == 3 and all(0 <= t < 1 for t in times)
    finally:
        await server.close()
