from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from v2g import v2gtp
from v2g.aio.transport import (
    ConnectionClosed,
    IdleTimeoutError,
    ServerConfig,
    TransportConfig,
    V2gtpServer,
    V2gtpStream,
    open_connection,
)
from v2g.errors import MessageTimeoutError, PayloadTooLargeError, TruncatedMessageError
from v2g.v2gtp import PayloadType


async def echo(stream: V2gtpStream) -> None:
    while True:
        try:
            message = await stream.receive()
        except ConnectionClosed:
            return
        await stream.send(message.payload_type, message.payload)


@pytest.fixture
async def server() -> AsyncIterator[V2gtpServer]:
    config = ServerConfig(TransportConfig(max_payload=4096, message_timeout=1.5), max_connections=300)
    srv = V2gtpServer(echo, config)
    await srv.start("::1", 0)
    yield srv
    await srv.close()


async def test_round_trip_and_split_writes(server: V2gtpServer) -> None:
    reader, writer = await asyncio.open_connection("::1", server.port)
    frames = [v2gtp.encode(PayloadType.EXI, bytes([i]) * (i * 37)) for i in range(1, 8)]
    stream = b"".join(frames)
    for i in range(0, len(stream), 5):  # dribble the whole stream out in 5-byte pieces
        writer.write(stream[i : i + 5])
        await writer.drain()
    back = await reader.readexactly(len(stream))
    assert back == stream
    writer.close()


async def test_client_stream_api(server: V2gtpServer) -> None:
    async with await open_connection("::1", server.port) as client:
        for payload in (b"", b"a", b"x" * 4096):
            await client.send(PayloadType.EXI, payload)
            message = await client.receive()
            assert message == v2gtp.V2gtpMessage(PayloadType.EXI, payload)


async def test_oversized_header_cut_off_at_once(server: V2gtpServer) -> None:
    reader, writer = await asyncio.open_connection("::1", server.port)
    writer.write(bytes.fromhex("01fe8001ffffffff"))  # announces 4 GiB
    await writer.drain()
    assert await asyncio.wait_for(reader.read(), 2.0) == b""
    await _settle()
    assert any(isinstance(f, PayloadTooLargeError) for f in server.failures)
    writer.close()


async def test_slow_client_cut_off_while_others_are_served(server: V2gtpServer) -> None:
    loop = asyncio.get_running_loop()
    reader, writer = await asyncio.open_connection("::1", server.port)
    frame = v2gtp.encode(PayloadType.EXI, b"slowloris")
    started = loop.time()

    async def trickle() -> float:
        for byte in frame:
            writer.write(bytes([byte]))
            try:
                await writer.drain()
            except ConnectionError:
                break
            if reader.at_eof():
                break
            await asyncio.sleep(1.0)  # one byte per second
            if await _closed(reader):
                break
        return loop.time() - started

    async def busy_client() -> int:
        async with await open_connection("::1", server.port) as client:
            count = 0
            while loop.time() - started < 2.5:
                await client.send(PayloadType.EXI, b"ping")
                assert (await client.receive()).payload == b"ping"
                count += 1
                await asyncio.sleep(0.05)
            return count

    cut_after, served = await asyncio.gather(trickle(), busy_client())
    assert 1.5 <= cut_after < 3.5  # message_timeout is 1.5 s
    assert served > 10
    assert any(isinstance(f, MessageTimeoutError) for f in server.failures)
    writer.close()


async def _closed(reader: asyncio.StreamReader) -> bool:
    try:
        data = await asyncio.wait_for(reader.read(1), 0.01)
    except TimeoutError:
        return False
    return data == b""


async def _settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0.01)


async def test_many_concurrent_connections(server: V2gtpServer) -> None:
    async def one(i: int) -> bytes:
        async with await open_connection("::1", server.port) as client:
            await client.send(PayloadType.EXI, i.to_bytes(4, "big") * 10)
            return (await client.receive()).payload

    results = await asyncio.gather(*(one(i) for i in range(200)))
    assert results == [i.to_bytes(4, "big") * 10 for i in range(200)]


async def test_connection_cap_refuses_extra_clients() -> None:
    srv = V2gtpServer(echo, ServerConfig(max_connections=2))
    await srv.start("::1", 0)
    try:
        held = [await open_connection("::1", srv.port) for _ in range(2)]
        for c in held:
            await c.send(PayloadType.EXI, b"hi")
            await c.receive()
        extra = await open_connection("::1", srv.port)
        with pytest.raises(ConnectionClosed):
            await extra.receive()
        assert srv.refused == 1
        for c in held:
            await c.close()
    finally:
        await srv.close()


async def test_peer_closing_mid_message(server: V2gtpServer) -> None:
    _reader, writer = await asyncio.open_connection("::1", server.port)
    writer.write(v2gtp.encode(PayloadType.EXI, b"0123456789")[:12])
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    for _ in range(100):
        if any(isinstance(f, TruncatedMessageError) for f in server.failures):
            break
        await asyncio.sleep(0.01)
    assert any(isinstance(f, TruncatedMessageError) for f in server.failures)


async def test_idle_timeout() -> None:
    srv = V2gtpServer(echo, ServerConfig(TransportConfig(idle_timeout=0.3)))
    await srv.start("::1", 0)
    try:
        client = await open_connection("::1", srv.port)
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(client.receive(), 2.0)
        assert any(isinstance(f, IdleTimeoutError) for f in srv.failures)
    finally:
        await srv.close()


async def test_unknown_payload_type_discarded_connection_kept() -> None:
    srv = V2gtpServer(echo, ServerConfig(TransportConfig(allowed_types=v2gtp.DIN_TYPES)))
    await srv.start("::1", 0)
    try:
        reader, writer = await asyncio.open_connection("::1", srv.port)
        writer.write(v2gtp.encode(0x8004, b"iso20") + v2gtp.encode(PayloadType.EXI, b"din"))
        await writer.drain()
        back = await asyncio.wait_for(reader.readexactly(11), 2.0)
        assert back == v2gtp.encode(PayloadType.EXI, b"din")
        writer.close()
    finally:
        await srv.close()


async def test_clean_shutdown_closes_open_sessions(server: V2gtpServer) -> None:
    client = await open_connection("::1", server.port)
    await client.send(PayloadType.EXI, b"hi")
    await client.receive()
    assert server.connections == 1
    await asyncio.wait_for(server.close(), 3.0)
    with pytest.raises(ConnectionClosed):
        await asyncio.wait_for(client.receive(), 2.0)
    assert server.connections == 0


# --- TLS ------------------------------------------------------------------------------------------


async def test_framing_over_tls(tls_files: tuple[Path, Path]) -> None:
    cert, key = tls_files
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.minimum_version = server_ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    server_ctx.set_ciphers("ECDHE-ECDSA-AES128-SHA256")
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_ctx.check_hostname = False
    client_ctx.load_verify_locations(cert)
    srv = V2gtpServer(echo)
    await srv.start("::1", 0, ssl_context=server_ctx)
    try:
        async with await open_connection("::1", srv.port, ssl_context=client_ctx) as client:
            assert client.ssl_object is not None
            assert client.ssl_object.version() == "TLSv1.2"
            assert client.ssl_object.cipher()[0] == "ECDHE-ECDSA-AES128-SHA256"  # type: ignore[index]
            for size in (0, 1, 100, 4000, 20000):
                await client.send(PayloadType.EXI, b"z" * size)
                assert (await client.receive()).payload == b"z" * size
    finally:
        await srv.close()


async def test_tls_handshake_failure_does_not_hurt_the_server(tls_files: tuple[Path, Path]) -> None:
    cert, key = tls_files
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    srv = V2gtpServer(echo)
    await srv.start("::1", 0, ssl_context=server_ctx)
    try:
        reader, writer = await asyncio.open_connection("::1", srv.port)
        writer.write(v2gtp.encode(PayloadType.EXI, b"plain text into TLS"))
        await writer.drain()
        assert await asyncio.wait_for(reader.read(), 2.0) is not None
        writer.close()
        client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        client_ctx.check_hostname = False
        client_ctx.load_verify_locations(cert)
        async with await open_connection("::1", srv.port, ssl_context=client_ctx) as client:
            await client.send(PayloadType.EXI, b"still here")
            assert (await client.receive()).payload == b"still here"
    finally:
        await srv.close()


async def test_peer_and_tls_details_survive_the_close(tls_files: tuple[Path, Path]) -> None:
    cert, key = tls_files
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_ctx.check_hostname = False
    client_ctx.load_verify_locations(cert)
    peers: list[object] = []

    async def note_peer_after_close(stream: V2gtpStream) -> None:
        with contextlib.suppress(ConnectionClosed):
            await stream.receive()
        await stream.close()
        peers.append((stream.peer, stream.ssl_object is not None))

    srv = V2gtpServer(note_peer_after_close)
    await srv.start("::1", 0, ssl_context=server_ctx)
    try:
        client = await open_connection("::1", srv.port, ssl_context=client_ctx)
        await client.close()
        for _ in range(200):
            if peers:
                break
            await asyncio.sleep(0.01)
        assert len(peers) == 1
        peer, had_tls = peers[0]  # type: ignore[misc]
        assert peer is not None and peer[0] == "::1" and had_tls
    finally:
        await srv.close()
