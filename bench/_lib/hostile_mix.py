"""The hostile clients of the hostile-load scenario (:mod:`_lib.hostile`), at bounded rates, from
127.0.0.2 and up, against an SECC on 127.0.0.1 (see :class:`MixConfig`).

    python -m _lib.hostile_mix --mix TCP_PORT TLS_PORT SECONDS   (bench/ on the path; prints its counts
    as JSON; :mod:`_lib.hostile` runs it so)

- garbage: connections sending bytes that are not V2GTP;
- huge: V2GTP headers announcing a 4 GiB payload;
- flood: messages of an unknown payload type, sent until the SECC closes the connection;
- pipeline: a DIN session taken to its charging loop, then thousands of CurrentDemandReq in one
  write, every answer read;
- deaf: the same, from a socket with a small receive buffer that never reads its answers and keeps
  writing requests (at a bounded rate) while it can;
- silent: TCP connects that never send a byte (``silent`` of them over the run, from 50 addresses);
- silent TLS: connects to the TLS port that never send a ClientHello.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from v2g import v2gtp
from v2g.apphand import DIN
from v2g.connection import Connection
from v2g.controller import SimulatedEv
from v2g.evcc import EvccConfig, EvccSession
from v2g.trace import TraceRecord
from v2g.v2gtp import Framer, FramerConfig

from .hostile_secc import HOST

UNKNOWN_TYPE = 0xA0A0
"""A V2GTP payload type no protocol defines (skipped by the SECC, ISO 15118-2 7.8.3.2)."""


@dataclass(frozen=True)
class MixConfig:
    seconds: float = 30.0
    garbage_every: float = 0.2
    huge_every: float = 0.2
    flood_every: float = 0.5
    flood_messages: int = 200
    pipeline_requests: int = 3000
    pipeline_gap: float = 1.5
    """Seconds between the end of one pipelining client and the next."""
    deaf_batch: int = 200
    """Requests a deaf client writes every 0.1 s (while its own send buffer takes them)."""
    deaf_requests: int = 20_000
    deaf_for: float = 10.0
    """A deaf client gives up (and comes back) after this long, if the SECC has not cut it off."""
    silent: int = 1000
    silent_tls: int = 500
    addresses: int = 50
    """Source addresses of the silent connects (127.0.1.x for TCP, 127.0.2.x for TLS)."""


@dataclass
class MixStats:
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, kind: str, n: int = 1) -> None:
        self.counts[kind] += n


# ------------------------------------------------------------------------------ plain hostile clients


async def _open(source: str, port: int, rcvbuf: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.bind((source, 0))
    try:
        await asyncio.get_running_loop().sock_connect(sock, (HOST, port))
    except BaseException:
        sock.close()
        raise
    return sock


async def _until_closed(sock: socket.socket, limit: float) -> None:
    """Read (and drop) until the SECC closes the connection, ``limit`` seconds at most."""
    loop = asyncio.get_running_loop()
    with contextlib.suppress(TimeoutError, OSError):
        async with asyncio.timeout(limit):
            while await loop.sock_recv(sock, 65536):
                pass


async def _send_and_wait(source: str, port: int, data: bytes, stats: MixStats, kind: str) -> None:
    try:
        sock = await _open(source, port)
    except OSError:
        stats.add(f"{kind}: connect failed")
        return
    try:
        with contextlib.suppress(OSError):
            await asyncio.get_running_loop().sock_sendall(sock, data)
        await _until_closed(sock, 10.0)
        stats.add(kind)
    finally:
        sock.close()


async def _silent(source: str, port: int, stats: MixStats, kind: str, limit: float) -> None:
    try:
        sock = await _open(source, port)
    except OSError:
        stats.add(f"{kind}: connect failed")
        return
    stats.add(kind)
    try:
        await _until_closed(sock, limit)
    finally:
        sock.close()


# ------------------------------------------------------------------------------ session-level clients


class _Blaster(asyncio.Protocol):
    """A DIN EVCC taken to its charging loop; its first CurrentDemandReq is then sent ``copies``
    times in one write. ``deaf``: it never reads again and writes more while it can."""

    def __init__(self, copies: int, deaf: bool, batch: int, most: int) -> None:
        self.copies = copies
        self.deaf = deaf
        self.batch = batch
        self.most = most
        self.loop = asyncio.get_running_loop()
        self.done: asyncio.Future[str] = self.loop.create_future()
        self.transport: asyncio.Transport | None = None
        self.connection: Connection[TraceRecord] | None = None
        self.frame = b""
        self.answers = 0
        self.sent = 0
        self._framer = Framer(FramerConfig(max_payload=1 << 16))
        self._timer: asyncio.TimerHandle | None = None
        self._writable = True

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        now = self.loop.time()
        evcc = EvccConfig(protocols=(DIN,), loop_interval=0.0, ongoing_interval=0.05)
        session = EvccSession(evcc, SimulatedEv(), now)
        session.start(now)
        self.connection = Connection(session, now)
        self._flush()

    def _flush(self) -> None:
        connection, transport = self.connection, self.transport
        assert connection is not None and transport is not None
        out = connection.data_to_send()
        loop_reached = False
        while (record := connection.next_trace()) is not None:
            loop_reached |= record.direction == "tx" and record.message == "CurrentDemandReq"
        if loop_reached:
            self.frame = out
            self._write(self.copies)
            if self.deaf:
                transport.pause_reading()
                self.loop.call_later(0.1, self._more)
            return
        if out:
            transport.write(out)
        if connection.closed:
            transport.close()
            return
        deadline = connection.get_timer()
        if deadline is not None:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = self.loop.call_at(deadline, self._on_timer)

    def _write(self, copies: int) -> None:
        assert self.transport is not None
        self.transport.write(self.frame * copies)
        self.sent += copies

    def _more(self) -> None:
        if self.done.done() or self.transport is None or self.transport.is_closing():
            return
        if self._writable:
            self._write(min(self.batch, self.most - self.sent))
        if self.sent < self.most:
            self.loop.call_later(0.1, self._more)

    def pause_writing(self) -> None:
        self._writable = False

    def resume_writing(self) -> None:
        self._writable = True

    def _on_timer(self) -> None:
        self._timer = None
        if self.connection is not None and not self.frame:
            self.connection.handle_timer(self.loop.time())
            self._flush()

    def data_received(self, data: bytes) -> None:
        if not self.frame:
            assert self.connection is not None
            self.connection.receive_data(data, self.loop.time())
            self._flush()
            return
        self._framer.feed(data)
        while self._framer.next_message() is not None:
            self.answers += 1
        if self.answers >= self.copies and self.transport is not None:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if not self.done.done():
            self.done.set_result(repr(exc) if exc else "closed")


async def _blast(source: str, port: int, config: MixConfig, stats: MixStats, deaf: bool, end: float) -> None:
    """One pipelining (or deaf) client, until it is done, cut off, or the mix ends (loop time ``end``)."""
    kind = "deaf" if deaf else "pipeline"
    try:
        sock = await _open(source, port, rcvbuf=4096 if deaf else 0)
    except OSError:
        stats.add(f"{kind}: connect failed")
        return
    loop = asyncio.get_running_loop()
    copies = config.deaf_batch if deaf else config.pipeline_requests
    transport, blaster = await loop.create_connection(
        lambda: _Blaster(copies, deaf, config.deaf_batch, config.deaf_requests), sock=sock
    )
    try:
        limit = min(config.deaf_for if deaf else 30.0, max(1.0, end - loop.time()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(blaster.done), limit)
    finally:
        transport.abort()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(blaster.done, 1.0)
    stats.add(kind)
    stats.add(f"{kind}: requests sent", blaster.sent)
    stats.add(f"{kind}: answers read", blaster.answers)


# ------------------------------------------------------------------------------ the mix


async def _every(period: float, end: float, action: Callable[[int], Awaitable[None]]) -> None:
    """Start ``action(i)`` every ``period`` seconds until ``end`` (loop time): ``round((end - now) /
    period)`` of them, on schedule even when one start is late; wait for them all."""
    loop = asyncio.get_running_loop()
    running: set[asyncio.Task[None]] = set()
    start = loop.time()
    for i in range(round((end - start) / period)):
        await asyncio.sleep(max(0.0, start + i * period - loop.time()))
        task = asyncio.ensure_future(action(i))
        running.add(task)
        task.add_done_callback(running.discard)
    if running:
        await asyncio.gather(*running, return_exceptions=True)


async def _serially(end: float, gap: float, action: Callable[[], Awaitable[None]]) -> None:
    loop = asyncio.get_running_loop()
    while loop.time() < end:
        await action()
        await asyncio.sleep(gap)


async def hostile_mix(tcp_port: int, tls_port: int, config: MixConfig) -> MixStats:
    """Run the mix for ``config.seconds``; returns once every hostile socket is closed."""
    stats = MixStats()
    loop = asyncio.get_running_loop()
    end = loop.time() + config.seconds
    garbage = b"\x00" + os.urandom(63)  # never a V2GTP version byte: WrongVersionError
    huge = bytes.fromhex("01fe8001ffffffff")
    flood = v2gtp.encode(UNKNOWN_TYPE, bytes(512)) * config.flood_messages
    silent_limit = config.seconds

    def silent(kind: str, port: int, net: int) -> Callable[[int], Awaitable[None]]:
        def action(i: int) -> Awaitable[None]:
            source = f"127.0.{net}.{1 + i % config.addresses}"
            return _silent(source, port, stats, kind, silent_limit)

        return action

    await asyncio.gather(
        _every(config.garbage_every, end, lambda i: _send_and_wait("127.0.0.2", tcp_port, garbage, stats,
                                                                   "garbage")),
        _every(config.huge_every, end, lambda i: _send_and_wait("127.0.0.3", tcp_port, huge, stats, "huge")),
        _every(config.flood_every, end, lambda i: _send_and_wait("127.0.0.4", tcp_port, flood, stats,
                                                                 "flood")),
        _serially(end, config.pipeline_gap, lambda: _blast("127.0.0.5", tcp_port, config, stats, False, end)),
        _serially(end, 1.0, lambda: _blast("127.0.0.6", tcp_port, config, stats, True, end)),
        _every(config.seconds / config.silent, end, silent("silent", tcp_port, 1)),
        _every(config.seconds / config.silent_tls, end, silent("silent TLS", tls_port, 2)),
    )
    return stats


KINDS = ("garbage", "huge", "flood", "pipeline", "deaf", "silent", "silent TLS")
"""Every kind of hostile client the mix runs."""


def main() -> None:
    parser = argparse.ArgumentParser(description="run the hostile mix against an SECC on 127.0.0.1")
    parser.add_argument("--mix", nargs=3, type=float, metavar=("TCP_PORT", "TLS_PORT", "SECONDS"),
                        required=True)
    args = parser.parse_args()
    tcp, tls, seconds = args.mix
    stats = asyncio.run(hostile_mix(int(tcp), int(tls), MixConfig(seconds=seconds)))
    print(json.dumps(dict(stats.counts)))
    missing = sorted(kind for kind in KINDS if not stats.counts[kind])
    if missing:  # the mix's own target: every kind of hostile client ran
        sys.exit(f"hostile mix: no {', '.join(missing)} client ran")


if __name__ == "__main__":
    main()
