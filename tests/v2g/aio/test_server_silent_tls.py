"""What one hostile client may cost a charger's V2G server: silent TLS connects without TLS buffers,
dropped early, within their own budget."""

from __future__ import annotations

import asyncio
import gc
import socket
from pathlib import Path

import pytest

from tests.v2g.aio._runner import Echo, _tls_contexts, _until
from v2g import v2gtp
from v2g.aio.admission import Stage
from v2g.aio.server import CoreServer
from v2g.aio.transport import ServerConfig
from v2g.v2gtp import PayloadType

# ------------------------------------------------------------------------------ silent TLS connects


def _rss() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


async def _silent_connects(port: int, count: int) -> list[socket.socket]:
    loop = asyncio.get_running_loop()
    socks = []
    for _ in range(count):
        sock = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        sock.setblocking(False)
        await loop.sock_connect(sock, ("::1", port))
        socks.append(sock)
        await asyncio.sleep(0)
    return socks


def _closed_by_server(sock: socket.socket) -> bool:
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except ConnectionError:
        return True


async def test_silent_tls_connects_cost_no_tls_buffers_and_are_dropped_early(
    tls_files: tuple[Path, Path],
) -> None:
    server_ctx, client_ctx = _tls_contexts(tls_files)
    many = 300
    config = ServerConfig(max_connections=many + 10, max_per_peer=many + 10, max_silent=many + 10,
                          hello_timeout=1.0)
    server = CoreServer(Echo, config)
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        gc.collect()
        before = _rss()
        socks = await _silent_connects(server.port, many)
        await _until(lambda: server.admission.count(Stage.SILENT) == many)
        grown = _rss() - before
        # asyncio's TLS protocol alone allocates a 256 KiB buffer per connection: 75 MiB for these
        assert grown < 15 * 2**20, f"{grown / 2**20:.1f} MiB for {many} silent TLS connects"
        await _until(lambda: server.admission.total == 0, 5.0)  # dropped after hello_timeout
        assert server.failures.count("HelloTimeoutError") == many
        assert all(_closed_by_server(s) for s in socks)
        for s in socks:
            s.close()
        reader, writer = await asyncio.open_connection("::1", server.port, ssl=client_ctx, server_hostname="")
        writer.write(v2gtp.encode(PayloadType.EXI, b"served"))
        assert await asyncio.wait_for(reader.readexactly(14), 3.0)
        writer.close()
    finally:
        await server.close()


async def test_silent_connects_beyond_their_cap_push_out_the_oldest(tls_files: tuple[Path, Path]) -> None:
    server_ctx, _ = _tls_contexts(tls_files)
    config = ServerConfig(max_connections=200, max_per_peer=200, max_silent=20, reserve=0)
    server = CoreServer(Echo, config)
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        socks = await _silent_connects(server.port, 100)
        await _until(lambda: server.failures.count("SilentEvictedError") == 80)
        assert server.admission.count(Stage.SILENT) == 20 and server.refused == 0
        await _until(lambda: all(_closed_by_server(s) for s in socks[:80]))
        assert not any(_closed_by_server(s) for s in socks[80:])
        for s in socks:
            s.close()
        await _until(lambda: server.admission.total == 0)
    finally:
        await server.close()


async def _silent_from(sources: list[str], port: int) -> list[socket.socket]:
    loop = asyncio.get_running_loop()
    socks = []
    for source in sources:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.bind((source, 0))
        await loop.sock_connect(sock, ("127.0.0.1", port))
        socks.append(sock)
    return socks


@pytest.mark.parametrize("tls", [False, True])
async def test_a_full_silent_budget_makes_room_for_a_new_car(tls: bool, tls_files: tuple[Path, Path]) -> None:
    """Silent connects from as many addresses as the budget has slots (the kept one too): a car still
    gets in, in place of the oldest of them; an address that holds one already does not."""
    server_ctx, client_ctx = _tls_contexts(tls_files)
    server = CoreServer(Echo, ServerConfig(max_silent=4, hello_timeout=10.0))
    await server.start("127.0.0.1", 0, ssl_context=server_ctx if tls else None)
    try:
        socks = await _silent_from([f"127.0.0.{i}" for i in range(2, 6)], server.port)
        await _until(lambda: server.admission.count(Stage.SILENT) == 4)
        again = await _silent_from(["127.0.0.3"], server.port)  # holds one: no room made for it
        await _until(lambda: server.refused == 1)
        assert server.failures.count("refused: silent-connection limit") == 1
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", server.port, ssl=client_ctx if tls else None, server_hostname="" if tls else None
        )
        writer.write(v2gtp.encode(PayloadType.EXI, b"car"))
        assert await asyncio.wait_for(reader.readexactly(11), 3.0)
        writer.close()
        assert server.failures.count("SilentEvictedError") == 1
        await _until(lambda: _closed_by_server(socks[0]))  # the oldest made room
        assert not any(_closed_by_server(s) for s in socks[1:])
        assert server.admission.count(Stage.SILENT) == 3
        for s in socks + again:
            s.close()
    finally:
        await server.close()


async def test_the_message_sent_right_after_the_handshake_reaches_the_session(
    tls_files: tuple[Path, Path],
) -> None:
    """TLS starts on the first byte: what arrives right after the handshake reaches the session."""
    server_ctx, client_ctx = _tls_contexts(tls_files)
    server = CoreServer(Echo)
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        frame = v2gtp.encode(PayloadType.EXI, b"at once")
        for _ in range(20):
            reader, writer = await asyncio.open_connection(
                "::1", server.port, ssl=client_ctx, server_hostname=""
            )
            writer.write(frame)
            assert await asyncio.wait_for(reader.readexactly(len(frame)), 3.0) == frame
            writer.close()
    finally:
        await server.close()
