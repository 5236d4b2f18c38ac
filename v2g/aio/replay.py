"""The asyncio edge of replay (the machines are sans-IO: :mod:`v2g.capture.replay`).

:func:`replay_to_secc` connects to a live SECC once per session and runs a
:class:`~v2g.capture.replay.ReplayEvcc` on the connection; :func:`replay_to_evcc` listens and runs a
:class:`~v2g.capture.replay_secc.ReplaySecc` on each accepted connection, one session after another.
Both only move bytes (:class:`v2g.aio.runner.CoreConnection`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from v2g.aio.runner import CoreConnection, connect
from v2g.aio.tlsedge import AnyTlsContext, TlsContext, TlsEdge
from v2g.aio.transport import ConnectionClosed, ServerConfig, TransportConfig
from v2g.capture.replay import ReplayConfig, ReplayEvcc, ReplayEvent, ReplayResult
from v2g.capture.replay_script import Script
from v2g.capture.replay_secc import ReplaySecc

Report = Callable[[Script, ReplayEvent], None]

TRANSPORT = TransportConfig(message_timeout=5.0)


def _wall(config: ReplayConfig) -> ReplayConfig:
    loop = asyncio.get_running_loop()
    return replace(config, wall_offset=time.time() - loop.time())


async def replay_to_secc(
    scripts: Sequence[Script],
    host: str,
    port: int,
    config: ReplayConfig,
    report: Report,
    *,
    ssl_context: AnyTlsContext | None = None,
) -> list[ReplayResult]:
    """Replay each session's requests on a new connection to ``host``:``port``, in order (a
    resumed session resumes the live session its recorded one stood for)."""
    config = _wall(config)
    ids: dict[bytes, bytes] = {}
    results = []
    for script in scripts:
        machines: list[ReplayEvcc] = []

        def factory(now: float, script: Script = script, machines: list[ReplayEvcc] = machines) -> ReplayEvcc:
            machine = ReplayEvcc(script, config, now, ids)
            machines.append(machine)
            return machine

        def trace(event: object, script: Script = script) -> None:
            assert isinstance(event, ReplayEvent)
            report(script, event)

        try:
            connection = await connect(
                host, port, factory, ssl_context=ssl_context, config=TRANSPORT, trace=trace
            )
        except ConnectionClosed as exc:
            results.append(_not_run(script, report, str(exc), str(exc)))
            break
        await connection.ended
        results.append(_finish(machines, connection, script, report))
    return results


def _not_run(script: Script, report: Report, reason: str, text: str) -> ReplayResult:
    """The result of a session whose replay did not run: ``reason``, one divergence ``text``."""
    result = ReplayResult(len(script.steps), reason=reason)
    result.divergences.append(ReplayEvent(0.0, "divergence", text))
    report(script, result.divergences[-1])
    return result


def _finish(
    machines: list[ReplayEvcc] | list[ReplaySecc], connection: CoreConnection, script: Script, report: Report
) -> ReplayResult:
    if not machines:
        return _not_run(script, report, connection.reason, f"no replay ran: {connection.reason}")
    machine = machines[0]
    result = machine.result
    if connection.failure is not None and not result.completed:
        event = ReplayEvent(0.0, "divergence", f"connection failed: {connection.reason}")
        result.divergences.append(event)
        report(script, event)
    result.reason = result.reason or connection.reason
    return result


async def replay_to_evcc(
    scripts: Sequence[Script],
    host: str,
    port: int,
    config: ReplayConfig,
    report: Report,
    *,
    ssl_context: AnyTlsContext | None = None,
    on_listening: Callable[[int], None] | None = None,
    accept_timeout: float | None = None,
) -> list[ReplayResult]:
    """Listen on ``host``:``port`` (0: any free port, told to ``on_listening``) and answer each
    session's live EVCC, one connection per session in order, with the recorded responses."""
    config = _wall(config)
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[CoreConnection] = asyncio.Queue()
    position = [0]
    machines: list[list[ReplaySecc]] = [[] for _ in scripts]

    def factory(now: float) -> ReplaySecc:
        index = min(position[0], len(scripts) - 1)
        position[0] += 1
        machine = ReplaySecc(scripts[index], config, now)
        machines[index].append(machine)
        return machine

    def protocol() -> CoreConnection:
        index = min(position[0], len(scripts) - 1)

        def trace(event: object) -> None:
            assert isinstance(event, ReplayEvent)
            report(scripts[index], event)

        connection = CoreConnection(factory, TRANSPORT, trace=trace)
        queue.put_nowait(connection)
        return connection

    if isinstance(ssl_context, TlsContext):
        context = ssl_context
        server = await loop.create_server(
            lambda: TlsEdge(context, protocol, timeout=ServerConfig().handshake_timeout), host, port
        )
    else:
        server = await loop.create_server(protocol, host, port, ssl=ssl_context)
    results: list[ReplayResult] = []
    try:
        if on_listening is not None:
            on_listening(int(server.sockets[0].getsockname()[1]))
        for index, script in enumerate(scripts):
            try:
                async with asyncio.timeout(accept_timeout):
                    connection = await queue.get()
                    await connection.ended
            except TimeoutError:
                text = f"no EVCC connected within {accept_timeout} s"
                results.append(_not_run(script, report, "no EVCC connected", text))
                break
            results.append(_finish(machines[index], connection, script, report))
    finally:
        server.close()
        await server.wait_closed()
    return results
