"""The SECC of the hostile-load scenario, in a process of its own so that its RSS is its own.

    python -m _lib.hostile_secc --pki DIR [--measure 127.0.0.1,::1]   (bench/ on the path)

Serves DIN and ISO 15118-2 with the simulated DC charger on 127.0.0.1: plain TCP and TLS (the -2
server context from the PKI folder ``DIR``), any free ports. Prints one JSON line with its ports once
it listens, then answers commands on stdin, one JSON line each:

``mark NAME``
    remembers the moment, how many response times it holds and its RSS under ``NAME``;
``summary``
    prints the summary (below) and goes on.

On SIGTERM or the end of stdin it prints the summary and exits. The summary holds its RSS sampled
every 100 ms (/proc/self/status VmRSS, [seconds since ready, bytes]), the marks, the response times
(ms, request in to response out, inside the SECC) of the connections from the ``--measure`` addresses
only, refused and failed connections by kind, the ended sessions of the measured addresses, and the
connections it holds now.

:class:`SeccProcess` starts it and talks to it from asyncio.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
import time
from pathlib import Path
from typing import Any

from tls.context import iso2_server_context, server_config_from_dir
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.apphand import DIN, ISO2
from v2g.controller import SimulatedDcEvse
from v2g.secc import SeccConfig

from . import MISSED, child_command, child_env

HOST = "127.0.0.1"
RSS_PERIOD = 0.1


P99_TARGET_MS = 25.0
RSS_TARGET_MB = 150.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def targets_met(summary: dict[str, Any]) -> bool:
    """Whether the measured sessions' response p99 inside the SECC and its peak RSS met the targets."""
    times = summary["turnaround_ms"]
    peak = max((rss for _, rss in summary["rss"]), default=0)
    return (not times or percentile(times, 0.99) < P99_TARGET_MS) and peak / 1e6 < RSS_TARGET_MB


def rss_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


class _State:
    def __init__(self, server: SeccServer, measured: frozenset[str]) -> None:
        self.server = server
        self.measured = measured
        self.t0 = time.monotonic()
        self.rss: list[tuple[float, int]] = []
        self.marks: dict[str, tuple[float, int, int]] = {}

    def now(self) -> float:
        return round(time.monotonic() - self.t0, 3)

    async def sample(self) -> None:
        while True:
            self.rss.append((self.now(), rss_bytes()))
            await asyncio.sleep(RSS_PERIOD)

    def summary(self) -> dict[str, Any]:
        server = self.server
        ended = [
            [s.peer[0] if s.peer else None, s.protocol, s.reason]
            for s in server.finished
            if s.peer is not None and s.peer[0] in self.measured
        ]
        return {
            "rss": self.rss,
            "marks": self.marks,
            "turnaround_ms": [round(t * 1e3, 4) for t in server.turnaround],
            "failures": dict(server.failure_counts()),
            "sessions_ended": server.sessions_ended,
            "measured_sessions": ended,
            "connections": server.active_sessions,
            "cpu_s": time.process_time(),
        }


async def _serve(pki: Path, measured: frozenset[str]) -> bool:
    tls = iso2_server_context(server_config_from_dir(pki, "iso2"))
    config = SeccServerConfig(
        SeccConfig(protocols=(ISO2, DIN)), host=HOST, tcp_port=0, tls_port=0, ssl_context=tls
    )
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

    def measure(peer: tuple[str, int] | None) -> bool:
        return peer is not None and peer[0] in measured

    async with SeccServer(config, SimulatedDcEvse, measured=measure) as server:
        state = _State(server, measured)
        sampler = asyncio.create_task(state.sample())
        print(json.dumps({"tcp": server.tcp_port, "tls": server.tls_port}), flush=True)
        stopped = asyncio.create_task(stop.wait())
        while True:
            line_task = asyncio.create_task(reader.readline())
            await asyncio.wait([line_task, stopped], return_when=asyncio.FIRST_COMPLETED)
            if stop.is_set():
                line_task.cancel()
                break
            words = line_task.result().decode().split()
            if not words:  # end of stdin
                break
            if words[0] == "mark" and len(words) == 2:
                state.marks[words[1]] = (state.now(), len(server.turnaround), rss_bytes())
                print(json.dumps({"mark": words[1]}), flush=True)
            elif words[0] == "summary":
                print(json.dumps(state.summary()), flush=True)
            else:
                print(json.dumps({"error": f"unknown command {words!r}"}), flush=True)
        sampler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampler
        summary = state.summary()
        print(json.dumps(summary), flush=True)
        return targets_met(summary)


class SeccProcess:
    """The SECC above as a child process: ``await SeccProcess.start(pki)``, then ``mark``, ``summary``
    and ``stop`` (which returns the last summary)."""

    def __init__(self, proc: asyncio.subprocess.Process, tcp: int, tls: int) -> None:
        self.proc = proc
        self.tcp_port = tcp
        self.tls_port = tls

    @classmethod
    async def start(cls, pki: Path, measure: tuple[str, ...] = (HOST, "::1")) -> SeccProcess:
        proc = await asyncio.create_subprocess_exec(
            *child_command("hostile_secc", "--pki", str(pki), "--measure", ",".join(measure)),
            env=child_env(),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=1 << 24,  # the summary is one long line
        )
        try:
            ports = await asyncio.wait_for(cls._line(proc), 30.0)
        except BaseException:
            proc.kill()
            await proc.wait()
            raise
        return cls(proc, ports["tcp"], ports["tls"])

    @staticmethod
    async def _line(proc: asyncio.subprocess.Process) -> dict[str, Any]:
        assert proc.stdout is not None
        line = await proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the SECC process ended (exit code {await proc.wait()})")
        answer: dict[str, Any] = json.loads(line)
        return answer

    async def _ask(self, command: str) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command.encode() + b"\n")
        await self.proc.stdin.drain()
        return await asyncio.wait_for(self._line(self.proc), 10.0)

    async def mark(self, name: str) -> None:
        await self._ask(f"mark {name}")

    async def summary(self) -> dict[str, Any]:
        return await self._ask("summary")

    async def stop(self) -> dict[str, Any]:
        """SIGTERM; the summary it prints as it exits."""
        self.proc.terminate()
        try:
            return await asyncio.wait_for(self._line(self.proc), 15.0)
        finally:
            if self.proc.returncode is None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.proc.wait(), 10.0)
            if self.proc.returncode is None:
                self.proc.kill()
                await self.proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pki", required=True, help="PKI folder (tls.store.write_pki)")
    parser.add_argument("--measure", default=f"{HOST},::1", help="addresses whose response times count")
    args = parser.parse_args()
    if not asyncio.run(_serve(Path(args.pki), frozenset(args.measure.split(",")))):
        sys.exit(MISSED)  # the summary printed says which figure


if __name__ == "__main__":
    main()
