"""The baseline of bench/session.py: a bare V2GTP echo round trip over loopback, on the same
callback runner (v2g.aio.runner) as the sessions; its echo core is also the session core under
bench/v2gtp.py's connection row and the server of bench/tls_handshake.py's loopback rows."""

from __future__ import annotations

import statistics
import time

from v2g.aio.runner import connect
from v2g.aio.server import CoreServer
from v2g.v2gtp import PayloadType


class Echo:
    """Server core of the baseline: answers every message with its own bytes, at once."""

    closed = False

    def __init__(self, now: float = 0.0) -> None:
        self._out: list[tuple[int, bytes]] = []

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        self._out.append((payload_type, payload))

    def data_to_send(self) -> list[tuple[int, bytes]]:
        out, self._out = self._out, []
        return out

    def get_timer(self) -> None:
        return None

    def handle_timer(self, now: float) -> None:
        pass

    def connection_lost(self, now: float) -> None:
        pass

    def next_trace(self) -> None:
        return None


class Ping(Echo):
    """Client core of the baseline: sends a 40-byte message as soon as the last one came back."""

    def __init__(self, now: float, rounds: int) -> None:
        super().__init__(now)
        self.left = rounds
        self.times: list[float] = []
        self._sent = time.perf_counter()
        self._out.append((PayloadType.EXI, bytes(40)))

    @property
    def closed(self) -> bool:  # type: ignore[override]
        return self.left == 0

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        back = time.perf_counter()
        self.times.append(back - self._sent)
        self.left -= 1
        if self.left:
            self._sent = back
            self._out.append((payload_type, payload))


async def echo_baseline(rounds: int = 2000) -> float:
    """The median V2GTP round trip through the same runner and loopback sockets as the sessions,
    with cores that do nothing but echo."""
    server = CoreServer(Echo)
    await server.start("::1", 0)
    pinger: list[Ping] = []

    def ping(now: float) -> Ping:
        pinger.append(Ping(now, rounds))
        return pinger[0]

    connection = await connect("::1", server.port, ping)
    await connection.ended
    await server.close()
    return statistics.median(pinger[0].times)
