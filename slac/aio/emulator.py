"""The PLC modem emulator on real interfaces: each port is one end of a veth pair (the other end
belongs to an EV or EVSE host, e.g. in its own network namespace) and behaves as that host's modem on
one shared power line (the sans-IO :class:`slac.emulator.PlcLine`).

    python -m slac.aio.emulator --port emu-ev:pev:0 --port emu-c1:evse:12 --port emu-c2:evse:30

prints ``ready`` once every port is open and runs until SIGTERM/SIGINT. Frames the line cannot
decode are logged on stderr as they are dropped; on exit it prints how many frames it dropped and why
(``-v`` also logs the frames lost to restarting or unplugged modems).
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import logging
import signal
import socket
import struct
import sys
from dataclasses import dataclass

from slac.aio.packet import ETH_P_ALL, PacketSocket
from slac.aio.runner import cancel_and_wait
from slac.emulator import ModemConfig, PlcLine, Role
from slac.errors import ConfigError, SlacError


@dataclass(frozen=True, slots=True)
class Port:
    interface: str
    role: Role
    attenuation_db: float = 10.0
    restart_time: float = 0.0

    @classmethod
    def parse(cls, text: str) -> Port:
        """``IFACE:ROLE[:ATTENUATION_DB[:RESTART_S]]``, ROLE ``pev`` or ``evse``."""
        parts = text.split(":")
        if len(parts) < 2 or parts[1] not in ("pev", "evse"):
            raise ConfigError(f"port {text!r}: expected IFACE:pev|evse[:ATTENUATION_DB[:RESTART_S]]")
        att = float(parts[2]) if len(parts) > 2 else 10.0
        restart = float(parts[3]) if len(parts) > 3 else 0.0
        return cls(parts[0], Role(parts[1]), att, restart)


_SIOCGIFFLAGS = 0x8913
_IFF_UP = 0x1
_IFF_RUNNING = 0x40


def carrier(interface: str) -> bool:
    """True if the interface is up and has carrier (for veth: its peer is up too)."""
    with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
        try:
            raw = fcntl.ioctl(s.fileno(), _SIOCGIFFLAGS, struct.pack("16sH14x", interface.encode()[:15], 0))
        except OSError:
            return False
    (flags,) = struct.unpack_from("H", raw, 16)
    return bool(flags & _IFF_UP and flags & _IFF_RUNNING)


class SocketEmulator:
    """Runs a :class:`PlcLine` between AF_PACKET sockets (ETH_P_ALL: SLAC and data frames)."""

    def __init__(self, ports: list[Port], line: PlcLine | None = None, carrier_poll: float = 0.1) -> None:
        self.ports = ports
        self.carrier_poll = carrier_poll
        self.line = line or PlcLine()
        self._socks: dict[str, PacketSocket] = {}
        self._handle: asyncio.TimerHandle | None = None
        self._tasks: list[asyncio.Task[None]] = []

    def open(self) -> None:
        for i, port in enumerate(self.ports):
            mac = bytes([0x02, 0xB0, 0x52, 0xEE, 0x00, i + 1])
            self.line.add_modem(port.interface, ModemConfig(
                mac=mac, role=port.role, attenuation_db=port.attenuation_db, restart_time=port.restart_time,
            ))
            self._socks[port.interface] = PacketSocket(port.interface, ETH_P_ALL, complete_checksums=True)

    async def _pump(self, name: str, sock: PacketSocket) -> None:
        loop = asyncio.get_running_loop()
        while True:
            frame = await sock.recv()
            self.line.send(name, frame, loop.time())
            self._schedule()

    def _schedule(self) -> None:
        loop = asyncio.get_running_loop()
        at = self.line.next_delivery_time()
        if at is None:
            return
        if self._handle is not None and not self._handle.cancelled() and self._handle.when() <= at:
            return
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_at(at, self._flush)

    def _flush(self) -> None:
        self._handle = None
        now = asyncio.get_running_loop().time()
        for name, frame in self.line.deliveries(now):
            try:
                self._socks[name].send(frame)
            except SlacError:
                self.line.unplug(name)  # the interface went away
        self._schedule()

    async def _watch_carrier(self) -> None:
        """A host whose cable is pulled (its veth end down) unplugs its modem from the line."""
        while True:
            for name in self._socks:
                if carrier(name):
                    self.line.plug(name)
                else:
                    self.line.unplug(name)
            await asyncio.sleep(self.carrier_poll)

    async def run(self) -> None:
        if not self._socks:
            self.open()
        self._tasks = [asyncio.create_task(self._pump(n, s)) for n, s in self._socks.items()]
        self._tasks.append(asyncio.create_task(self._watch_carrier()))
        try:
            await asyncio.gather(*self._tasks)
        finally:
            self.close()

    def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._handle is not None:
            self._handle.cancel()
        for sock in self._socks.values():
            sock.close()


async def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m slac.aio.emulator", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", action="append", required=True,
                        help="IFACE:pev|evse[:ATTENUATION_DB[:RESTART_S]]")
    parser.add_argument("--reach-db", type=float, default=80.0)
    parser.add_argument("-v", "--verbose", action="store_true", help="log every dropped frame")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, stream=sys.stderr,
                        format="%(name)s: %(message)s")
    emulator = SocketEmulator([Port.parse(p) for p in args.port], PlcLine(reach_db=args.reach_db))
    emulator.open()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("ready", flush=True)
    task = asyncio.create_task(emulator.run())
    await stop.wait()
    await cancel_and_wait(task)
    if emulator.line.dropped:
        counts = ", ".join(f"{n} {reason}" for reason, n in sorted(emulator.line.dropped.items()))
        print(f"dropped frames: {counts}", file=sys.stderr, flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(_main(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    raise SystemExit(main())
