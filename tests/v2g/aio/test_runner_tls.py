"""The callback runner of sans-IO cores over TLS: sessions, framing and failed handshakes."""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path

import pytest

from tests.v2g.aio._client import V2gtpClient
from tests.v2g.aio._runner import Counter, Echo, _tls_contexts, _until
from v2g import v2gtp
from v2g.aio.runner import CoreConnection, connect
from v2g.aio.server import CoreServer
from v2g.aio.transport import ConnectionClosed, ServerConfig, TransportConfig
from v2g.v2gtp import PayloadType


async def test_cores_over_tls(tls_files: tuple[Path, Path]) -> None:
    server_ctx, client_ctx = _tls_contexts(tls_files)
    ended: list[CoreConnection] = []
    server = CoreServer(Echo, on_close=ended.append)
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        core = Counter(start=True, limit=20)
        seen: list[str] = []
        connection = await connect(
            "::1", server.port, lambda now: core, ssl_context=client_ctx, trace=seen.append
        )
        assert connection.ssl_object is not None
        assert await asyncio.wait_for(connection.ended, 3.0) == "session closed"
        assert seen == [f"rx {n}" for n in range(21)]  # the echo returns every number sent
        await _until(lambda: bool(ended))
        peer = ended[0].peer
        assert peer is not None and peer[0] == "::1" and ended[0].ssl_object is not None
    finally:
        await server.close()


async def test_framing_over_tls(tls_files: tuple[Path, Path]) -> None:
    server_ctx, client_ctx = _tls_contexts(tls_files)
    server_ctx.minimum_version = server_ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    server_ctx.set_ciphers("ECDHE-ECDSA-AES128-SHA256")
    server = CoreServer(Echo, ServerConfig(TransportConfig(max_payload=1 << 16)))
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        async with await V2gtpClient.open(server.port, ssl_context=client_ctx) as client:
            assert client.ssl_object is not None
            assert client.ssl_object.version() == "TLSv1.2"
            assert client.ssl_object.cipher()[0] == "ECDHE-ECDSA-AES128-SHA256"  # type: ignore[index]
            for size in (0, 1, 100, 4000, 20000, 65536):
                await client.send(PayloadType.EXI, b"z" * size)
                assert (await client.receive()).payload == b"z" * size
    finally:
        await server.close()


async def _a_tls_session_ends_normally(port: int, client_ctx: ssl.SSLContext) -> None:
    core = Counter(start=True, limit=3)
    connection = await connect("::1", port, lambda now: core, ssl_context=client_ctx)
    assert await asyncio.wait_for(connection.ended, 3.0) == "session closed"


async def test_failed_tls_handshakes_do_not_use_up_the_connection_cap(tls_files: tuple[Path, Path]) -> None:
    server_ctx, client_ctx = _tls_contexts(tls_files)
    server = CoreServer(Echo, ServerConfig(max_connections=2))
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        for _ in range(5):  # more failed handshakes than the cap
            reader, writer = await asyncio.open_connection("::1", server.port)
            writer.write(v2gtp.encode(PayloadType.EXI, b"plain text into TLS"))
            await writer.drain()
            await asyncio.wait_for(reader.read(), 3.0)
            writer.close()
        assert server.connections == 0 and server.refused == 0
        await _a_tls_session_ends_normally(server.port, client_ctx)
    finally:
        await server.close()


async def test_a_tls_client_that_never_ends_its_handshake_is_dropped(tls_files: tuple[Path, Path]) -> None:
    server_ctx, client_ctx = _tls_contexts(tls_files)
    server = CoreServer(Echo, ServerConfig(handshake_timeout=0.3))
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        loop = asyncio.get_running_loop()
        reader, writer = await asyncio.open_connection("::1", server.port)  # TCP only, no ClientHello
        started = loop.time()
        assert await asyncio.wait_for(reader.read(), 5.0) == b""  # the server closed it
        assert 0.25 < loop.time() - started < 3.0
        writer.close()
        await _a_tls_session_ends_normally(server.port, client_ctx)  # a real client is still served
    finally:
        await server.close()


async def test_tls_to_a_plain_port_says_so(tls_files: tuple[Path, Path]) -> None:
    _, client_ctx = _tls_contexts(tls_files)
    server = CoreServer(Echo)
    await server.start("::1", 0)  # plain TCP: the ClientHello is no V2GTP header, the server closes
    try:
        with pytest.raises(ConnectionClosed, match="during the TLS handshake"):
            await connect("::1", server.port, Echo, ssl_context=client_ctx)
    finally:
        await server.close()
