"""TLS benchmark: the handshake of -2 (TLS 1.2) and -20 (TLS 1.3, mutual), each side, and the
round trip over an established TLS connection, for the TLS layer (pyOpenSSL on memory BIOs, the -20
EVCC on the system libssl through ctypes; tls.conn.open_connection / v2g.aio.tlsedge) beside the old
path (Python's ``ssl`` with the contexts the project used before, loop.start_tls /
create_connection(ssl=...)), measured in the same run.

    python bench/tls_handshake.py [--handshakes 200] [--rounds 2000] [--tiny-targets]

(Not ``bench/tls.py``: a script of that name would shadow the ``tls`` package on its own path.)

Sections:
  sans-IO   both peers pumped in memory; the time spent inside each side's calls per handshake
            (client: ClientHello to its Finished; server: ClientHello to its Finished), median;
            the two paths' handshakes alternate, so that both see the same machine load.
  loopback  a whole connect + handshake + one V2GTP round trip through the asyncio edge and
            CoreServer over ::1, median wall time.
  round trip  the V2GTP echo round trip over an established TLS connection (the charging loop's
            cost of TLS), median.

Targets (exit code 3 when one is missed; runs of fewer than 50 handshakes are smoke runs, printed
but not judged): each side's sans-IO handshake within 2x the ``ssl`` path
and under 20 ms; the loopback handshake within 2x; the TLS round trip within 1.25x the ``ssl`` path
plus 30 µs ("unchanged").
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import ssl
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _lib import MISSED, add_tiny_targets, scale
from _lib.echo import Echo, Ping
from _lib.tlsdir import client_context, server_context

from tls.conn import open_connection
from tls.context import TlsContext
from tls.pki import PkiConfig, create_pki
from tls.profiles import Role
from tls.store import chain_path, key_path, root_path, write_pki
from v2g.aio.runner import connect
from v2g.aio.server import CoreServer

JUDGED = 50
"""Handshakes per case below which a run is a smoke run (printed, not judged)."""


def targets(s: float) -> str:
    return (f"targets: sans-IO handshake per side <= {2 * s:g}x ssl and < {20 * s:g} ms; loopback handshake "
            f"<= {2 * s:g}x ssl; TLS round trip <= {1.25 * s:g}x ssl + {30 * s:g} us")


def old_contexts(profile: str, d: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """The contexts tls.context built on Python's ``ssl`` before the pyOpenSSL layer (the baseline)."""
    version = ssl.TLSVersion.TLSv1_2 if profile == "iso2" else ssl.TLSVersion.TLSv1_3
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    for ctx in (server, client):
        ctx.minimum_version = ctx.maximum_version = version
        ctx.options |= ssl.OP_NO_COMPRESSION | ssl.OP_NO_RENEGOTIATION
        ctx.set_ecdh_curve("prime256v1" if profile == "iso2" else "secp521r1")
        if profile == "iso2":
            ctx.set_ciphers("ECDHE-ECDSA-AES128-SHA256")
    server.load_cert_chain(chain_path(d, Role.SECC_LEAF, profile), key_path(d, Role.SECC_LEAF, profile))
    client.check_hostname = False
    client.load_verify_locations(root_path(d, Role.V2G_ROOT))
    if profile == "iso20":
        server.verify_mode = ssl.CERT_REQUIRED
        server.load_verify_locations(root_path(d, Role.OEM_ROOT))
        client.load_cert_chain(
            chain_path(d, Role.VEHICLE_LEAF, profile), key_path(d, Role.VEHICLE_LEAF, profile)
        )
    return server, client


def new_contexts(profile: str, d: Path) -> tuple[TlsContext, TlsContext]:
    return server_context(d, profile), client_context(d, profile)


# ------------------------------------------------------------------------------ sans-IO


class _SslSide:
    def __init__(self, ctx: ssl.SSLContext, server: bool) -> None:
        self._in, self._out = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.obj = ctx.wrap_bio(self._in, self._out, server_side=server)
        self.handshake_complete = False

    def step(self, data: bytes) -> bytes:
        self._in.write(data)
        try:
            self.obj.do_handshake()
            self.handshake_complete = True
        except ssl.SSLWantReadError:
            pass
        return self._out.read()


class _OurSide:
    def __init__(self, ctx: TlsContext, now: dt.datetime) -> None:
        self.conn = open_connection(ctx)
        self.now = now
        self.handshake_complete = False

    def step(self, data: bytes) -> bytes:
        if data:
            self.conn.receive_data(data)
        if self.conn.handshake_complete and not self.handshake_complete:
            self.conn.verify_peer(self.now)  # the EVCC's checks are part of its handshake cost
            self.handshake_complete = True
        return self.conn.data_to_send()


def _handshake(make_client: Callable[[], object], make_server: Callable[[], object]) -> tuple[float, float]:
    """One in-memory handshake: seconds spent in the client's and in the server's calls."""
    t0 = time.perf_counter()
    client = make_client()
    out = client.step(b"")  # type: ignore[attr-defined]
    spent = [time.perf_counter() - t0, 0.0]
    t0 = time.perf_counter()
    server = make_server()
    spent[1] += time.perf_counter() - t0
    sides = (client, server)
    turn = 1
    for _ in range(10):
        t0 = time.perf_counter()
        out = sides[turn].step(out)  # type: ignore[attr-defined]
        spent[turn] += time.perf_counter() - t0
        if client.handshake_complete and server.handshake_complete and not out:  # type: ignore[attr-defined]
            break
        turn ^= 1
    assert client.handshake_complete and server.handshake_complete  # type: ignore[attr-defined]
    return spent[0], spent[1]


def sans_io(profile: str, d: Path, count: int) -> dict[str, tuple[float, float]]:
    """{"ssl"|"ours": (client median, server median)} in seconds."""
    now = dt.datetime.now(dt.timezone.utc)
    old_s, old_c = old_contexts(profile, d)
    new_s, new_c = new_contexts(profile, d)
    makers = {
        "ssl": (lambda: _SslSide(old_c, False), lambda: _SslSide(old_s, True)),
        "ours": (lambda: _OurSide(new_c, now), lambda: _OurSide(new_s, now)),
    }
    for client, server in makers.values():
        _handshake(client, server)  # warm-up
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in makers}
    for _ in range(count):  # interleaved: both paths see the same load of a shared machine
        for name, (client, server) in makers.items():
            times[name].append(_handshake(client, server))
    return {name: (statistics.median(t[0] for t in ts), statistics.median(t[1] for t in ts))
            for name, ts in times.items()}


# ------------------------------------------------------------------------------ loopback


async def loopback(server_ctx: object, client_ctx: object, count: int, rounds: int) -> tuple[float, float]:
    """(median connect + handshake + first round trip, median round trip over one connection)."""
    server = CoreServer(Echo)
    await server.start("::1", 0, ssl_context=server_ctx)  # type: ignore[arg-type]
    try:
        setups = []
        for _ in range(count):
            t0 = time.perf_counter()
            connection = await connect("::1", server.port, lambda now: Ping(now, 1), ssl_context=client_ctx)  # type: ignore[arg-type]
            await connection.ended
            setups.append(time.perf_counter() - t0)
        pinger: list[Ping] = []

        def ping(now: float) -> Ping:
            pinger.append(Ping(now, rounds))
            return pinger[0]

        connection = await connect("::1", server.port, ping, ssl_context=client_ctx)  # type: ignore[arg-type]
        await connection.ended
        return statistics.median(setups), statistics.median(pinger[0].times[10:])
    finally:
        await server.close()


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.3f} ms"


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--handshakes", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2000)
    add_tiny_targets(parser)
    args = parser.parse_args()
    missed: list[str] = []
    s = scale(args)
    with tempfile.TemporaryDirectory() as tmp:
        start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
        dirs = {}
        for profile in ("iso2", "iso20"):
            dirs[profile] = Path(tmp) / profile
            write_pki(create_pki(PkiConfig(profile, start)), dirs[profile])
        print("sans-IO handshake (median per side)      ssl            ours     ratio")
        for profile, d in dirs.items():
            result = sans_io(profile, d, args.handshakes)
            for index, side in enumerate(("EVCC", "SECC")):
                old, new = result["ssl"][index], result["ours"][index]
                print(
                    f"  {profile:5} {side:4}                      {_ms(old)}  {_ms(new)}  {new / old:6.2f}x"
                )
                if new > 2 * s * old or new > 0.020 * s:
                    missed.append(f"{profile} {side} sans-IO handshake")
        print("loopback (::1, asyncio)                  ssl            ours     ratio")
        for profile, d in dirs.items():
            old_setup, old_rtt = await loopback(*old_contexts(profile, d), args.handshakes // 4, args.rounds)
            new_setup, new_rtt = await loopback(*new_contexts(profile, d), args.handshakes // 4, args.rounds)
            print(
                f"  {profile:5} connect+handshake+1 RTT     {_ms(old_setup)}  {_ms(new_setup)}  "
                f"{new_setup / old_setup:6.2f}x"
            )
            ratio = new_rtt / old_rtt
            print(f"  {profile:5} round trip over TLS         {_ms(old_rtt)}  {_ms(new_rtt)}  {ratio:6.2f}x")
            if new_setup > 2 * s * old_setup:
                missed.append(f"{profile} loopback handshake")
            if new_rtt > 1.25 * s * old_rtt + 30e-6 * s:
                missed.append(f"{profile} round trip")
    print(targets(s))
    if missed:
        print("MISSED: " + ", ".join(missed))
        if args.handshakes >= JUDGED or args.tiny_targets:
            sys.exit(MISSED)
    if args.handshakes < JUDGED and not args.tiny_targets:
        print(f"(a smoke run: targets are judged with --handshakes {JUDGED} or more)")


if __name__ == "__main__":
    asyncio.run(main())
