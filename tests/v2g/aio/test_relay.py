"""The recording relay the demo puts between EVCC and SECC: bytes pass both ways and are reported;
an unreachable SECC closes the EVCC's connection instead of leaving it open."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket

import pytest

from v2g.aio.relay import RecordingRelay


async def _echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while data := await reader.read(1024):
        writer.write(data[::-1])
        await writer.drain()
    writer.close()


async def test_relay_forwards_and_records_both_directions() -> None:
    upstream = await asyncio.start_server(_echo, "::1", 0)
    port = upstream.sockets[0].getsockname()[1]
    seen: list[tuple[str, object]] = []
    relay = RecordingRelay(lambda: ("::1", port), lambda i, t: seen.append(("open", i)),
                           lambda i, c, d, t: seen.append(("to secc" if c else "to evcc", d)),
                           lambda i, t: seen.append(("close", i)))
    await relay.start()
    reader, writer = await asyncio.open_connection("::1", relay.port)
    writer.write(b"\x01\xfe\x80\x01")
    assert await asyncio.wait_for(reader.readexactly(4), 5) == b"\x01\x80\xfe\x01"
    writer.close()
    async with asyncio.timeout(5):
        while ("close", 0) not in seen:
            await asyncio.sleep(0.01)
    assert seen == [("open", 0), ("to secc", b"\x01\xfe\x80\x01"), ("to evcc", b"\x01\x80\xfe\x01"),
                    ("close", 0)]
    await relay.close()
    upstream.close()


async def test_relay_closes_the_client_when_the_secc_is_unreachable(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket(socket.AF_INET6) as probe:  # a port nobody listens on
        probe.bind(("::1", 0))
        dead_port = probe.getsockname()[1]
    opened: list[int] = []
    relay = RecordingRelay(lambda: ("::1", dead_port), lambda i, t: opened.append(i),
                           lambda i, c, d, t: None, lambda i, t: None)
    await relay.start()
    reader, writer = await asyncio.open_connection("::1", relay.port)
    async with asyncio.timeout(5):
        with contextlib.suppress(ConnectionResetError):  # closed or reset: either way, not left open
            assert await reader.read(10) == b""
    assert opened == []
    writer.close()
    await relay.close()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # handled, not a stray traceback
