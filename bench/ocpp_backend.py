"""OCPP benchmark: what the CSMS round trip adds to authorization, and that OCPP traffic does not
slow the charging loop. Loopback; the test CSMS (`v2g csms`) in a process of its own.

    python bench/ocpp_backend.py [--authorize 200] [--sessions 10] [--cycles 300] [--ocpp-version 1.6]
                                 [--tiny-targets]

1. Authorize round trip: ``OcppBackend.start_authorization`` to its answer (EIM, the CSMS on
   loopback), median and p99.
2. The authorization phase as the car sees it (its first AuthorizationReq sent to AuthorizationRes
   Finished received), ISO 15118-2 DC EIM sessions over TCP: the charger deciding alone (baseline)
   and through the CSMS; the car re-asks 100 ms after an Ongoing (EvccConfig.ongoing_interval), so one
   Ongoing costs the phase 100 ms whatever the CSMS's speed.
3. CurrentDemand round trip (the car's request sent to its response received): without OCPP
   (baseline) and with the backend sending a TransactionEvent with a signed meter value every
   ``--every`` ms during the loop (the CSMS in its own process: what is measured is our side's cost).

Targets (the script exits 3 when one is missed; runs of fewer than 100 Authorize round trips or 10
sessions are smoke runs, printed but not judged): 1. Authorize round trip median < 50 ms (beside the
charger deciding alone); 2. the phase through the CSMS at most 150 ms over the baseline (one Ongoing
and its 100 ms re-ask, not two); 3. the CurrentDemand round trip median with meter values flowing at
most 1.5x the baseline's + 50 us.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import statistics
import sys
import time
from collections.abc import AsyncIterator

from _lib import add_tiny_targets, missed, scale

from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.apphand import ISO2
from v2g.backend import SignedMeterValue
from v2g.controller import AuthStatus, EvseServices, SimulatedDcEvse, SimulatedEv
from v2g.evcc import EvccConfig
from v2g.ocpp import OcppBackend, OcppConfig
from v2g.secc import SeccConfig
from v2g.trace import TraceRecord

TOKEN = "04AABBCC"
READING = SignedMeterValue("s", 'OCMF|{"RD":[{"RV":1.0,"RU":"kWh"}]}|{"SD":"00"}', "ECDSA", "OCMF", "30")


def _ms(values: list[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"median {statistics.median(ordered) * 1e3:7.3f} ms  p99 {p99 * 1e3:7.3f} ms  (n={len(ordered)})"


@contextlib.asynccontextmanager
async def _ocpp(version: str) -> AsyncIterator[tuple[list[str], OcppBackend, SimulatedDcEvse]]:
    """The CSMS in a process of its own (`v2g csms`), our backend connected to it; the list gets
    the CSMS's closing lines."""
    evse = SimulatedDcEvse(cable_check_time=0.0)
    csms = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "v2g", "csms", "--port", "0", "--token", TOKEN, "--ocpp-version", version,
        stdout=asyncio.subprocess.PIPE,
    )
    assert csms.stdout is not None
    url = (await csms.stdout.readline()).decode().split()[-1]
    closing: list[str] = []
    try:
        config = OcppConfig(url, "CP1", eim_token=TOKEN, version="1.6" if version == "1.6" else "2.0.1")
        backend = OcppBackend(config, schedules=evse)
        async with backend:
            await backend.connected.wait()
            yield closing, backend, evse
    finally:
        csms.send_signal(signal.SIGINT)
        out, _ = await csms.communicate()
        closing += out.decode().splitlines()


async def authorize_rtt(n: int, version: str) -> list[float]:
    out = []
    async with _ocpp(version) as (_, backend, _evse):
        for _ in range(n):
            t = time.perf_counter()
            backend.start_authorization(b"\x00\x01\x02\x03\x04\x05", 0.0)
            while backend.authorization_status(0.0) is AuthStatus.PENDING:
                await asyncio.sleep(0)
            out.append(time.perf_counter() - t)
            backend.session_ended(None)
    return out


async def _sessions(
    n: int, cycles: int, backend: OcppBackend | None, evse: SimulatedDcEvse, flood: float | None
) -> tuple[list[float], list[float]]:
    """(authorization phase times, CurrentDemand round trips) of ``n`` sessions."""
    services = EvseServices(backend, backend, evse) if backend is not None else None
    config = SeccServerConfig(SeccConfig(protocols=(ISO2,)), host="::1", tcp_port=0)
    phases: list[float] = []
    loops: list[float] = []
    end = backend.session_ended if backend is not None else None
    async with SeccServer(config, lambda: evse, services=services, on_session_end=end) as server:
        for _ in range(n):
            trace: list[TraceRecord] = []
            car = EvccRunnerConfig(
                EvccConfig(protocols=(ISO2,), charging_loop_cycles=cycles, loop_interval=0.0),
                host="::1", port=server.tcp_port,
            )
            flooding = None
            if flood is not None and backend is not None:
                flooding = asyncio.get_running_loop().create_task(_flood(backend, flood))
            result = await run_evcc(car, SimulatedEv(), trace.append)
            if flooding is not None:
                flooding.cancel()
            assert result.ok, result.reason
            phases.append(_phase(trace))
            loops += _round_trips(trace, "CurrentDemand")
    return phases, loops


async def _flood(backend: OcppBackend, every: float) -> None:
    while True:
        backend.meter_values(READING)
        await asyncio.sleep(every)


def _phase(trace: list[TraceRecord]) -> float:
    start = next(r.time for r in trace if r.direction == "tx" and r.message == "AuthorizationReq")
    done = next(
        r.time for r in trace
        if r.direction == "rx" and r.message == "AuthorizationRes"
        and str(getattr(r.document.Body.BodyElement, "EVSEProcessing", "")).endswith("Finished")
    )
    return done - start


def _round_trips(trace: list[TraceRecord], name: str) -> list[float]:
    out, sent = [], None
    for r in trace:
        if r.message == f"{name}Req" and r.direction == "tx":
            sent = r.time
        elif r.message == f"{name}Res" and r.direction == "rx" and sent is not None:
            out.append(r.time - sent)
            sent = None
    return out


AUTHORIZE_MEDIAN_MS = 50.0
PHASE_OVER_BASELINE_MS = 150.0
LOOP_RATIO, LOOP_SLACK_MS = 1.5, 0.05
JUDGED_AUTHORIZE, JUDGED_SESSIONS = 100, 10


def _verdict(value: float, limit: float, what: str, misses: list[str]) -> str:
    """`` target < LIMIT ms: ok`` (or MISSED, noted in ``misses``)."""
    if value >= limit:
        misses.append(f"{what} {value:.3f} ms >= {limit:g} ms")
    return f"   target < {limit:.6g} ms: {'ok' if value < limit else 'MISSED'}"


async def main(args: argparse.Namespace) -> int:
    print(f"OCPP {args.ocpp_version}")
    s, misses = scale(args), []
    rtt = await authorize_rtt(args.authorize, args.ocpp_version)
    alone = SimulatedDcEvse(cable_check_time=0.0)
    base_phase, base_loop = await _sessions(args.sessions, args.cycles, None, alone, None)
    auth_ok = _verdict(statistics.median(rtt) * 1e3, AUTHORIZE_MEDIAN_MS * s, "Authorize median", misses)
    print(f"1. Authorize round trip (EIM, CSMS on loopback):         {_ms(rtt)}{auth_ok}")
    async with _ocpp(args.ocpp_version) as (closing, backend, evse):
        ocpp_phase, _ = await _sessions(args.sessions, 3, backend, evse, None)
        _, flood_loop = await _sessions(args.sessions, args.cycles, backend, evse, args.every / 1000)
    sent = sum(len(line.split()) - 2 for line in closing if line.startswith("transaction "))
    base_phase_ms, base_loop_ms = statistics.median(base_phase) * 1e3, statistics.median(base_loop) * 1e3
    phase_ok = _verdict(statistics.median(ocpp_phase) * 1e3, base_phase_ms + PHASE_OVER_BASELINE_MS * s,
                        "authorization phase median", misses)
    loop_ok = _verdict(statistics.median(flood_loop) * 1e3, (base_loop_ms * LOOP_RATIO + LOOP_SLACK_MS) * s,
                       "CurrentDemand median with meter values", misses)
    print(f"2. authorization phase, charger alone (baseline):        {_ms(base_phase)}")
    print(f"   authorization phase, through the CSMS:                {_ms(ocpp_phase)}{phase_ok}")
    print(f"3. CurrentDemand round trip, no OCPP (baseline):         {_ms(base_loop)}")
    print(f"   CurrentDemand round trip, meter value every {args.every:g} ms: {_ms(flood_loop)}{loop_ok}  "
          f"({sent} events reached the CSMS)")
    ratio = statistics.median(flood_loop) / statistics.median(base_loop)
    print(f"   ratio of medians: {ratio:.2f}")
    if not args.tiny_targets and (args.authorize < JUDGED_AUTHORIZE or args.sessions < JUDGED_SESSIONS):
        print(f"(a smoke run: judged with --authorize {JUDGED_AUTHORIZE} and --sessions {JUDGED_SESSIONS} "
              "or more)")
    elif misses:
        return missed("; ".join(misses))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--authorize", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--cycles", type=int, default=300)
    parser.add_argument("--ocpp-version", choices=("2.0.1", "1.6"), default="2.0.1")
    parser.add_argument("--every", type=float, default=10.0, metavar="MS",
                        help="a TransactionEvent every MS ms in the loop (default 10; chargers: 10-60 s)")
    add_tiny_targets(parser)
    sys.exit(asyncio.run(main(parser.parse_args())))
