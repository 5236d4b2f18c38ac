"""`--pcap FILE` for `v2g secc` and `v2g evcc`: record the session as pcapng, TLS secrets included.

There is nothing to sniff without root, so the bytes are recorded where they pass: a
:class:`PcapRelay` in the same process forwards each V2G connection (plain TCP or TLS alike: it only
moves bytes) and hands both directions to a :class:`PcapRecorder`, which writes them as Ethernet /
IPv6 / TCP frames with the connection's real endpoints (:class:`v2g.capture.synth.ConnectionRecorder`).
SDP datagrams are written with their real addresses: the request from the EVCC's address to the
all-nodes multicast group ff02::1 (the unicast address where the interface has no multicast, as on
``lo``), the answer back to the EVCC.

A connection's frames are written when it ends, each time after a Decryption Secrets Block with the
TLS secrets logged since the last one (the key log the TLS context writes): Wireshark, tshark and
``v2g capture`` decrypt the file with no side file. Memory holds the open connections only.

In front of `v2g secc` the relay listens on the SECC's public ports and the SECC itself on ``::1``:
the SECC sees every peer as ``::1`` (the recording has the real addresses); per-address admission
limits then count all EVCCs together.
"""

from __future__ import annotations

import asyncio
import io
import ipaddress
import time
from collections.abc import Callable
from pathlib import Path

from v2g.aio.ports import DYNAMIC_PORTS, dynamic_port
from v2g.aio.relay import connect_upstream, pipe
from v2g.capture.pcap import PcapngWriter, read_capture
from v2g.capture.synth import EV_MAC, EVSE_MAC, ConnectionRecorder, udp_frame

Endpoint = tuple[ipaddress.IPv6Address, int]

SDP_MULTICAST = ipaddress.IPv6Address("ff02::1")
_MULTICAST_MAC = bytes.fromhex("333300000001")


def endpoint(address: object) -> Endpoint:
    """A socket address (``(host, port, ...)``, host maybe with ``%scope``; IPv4 mapped) as an Endpoint."""
    assert isinstance(address, tuple)
    host = str(address[0]).split("%")[0]
    ip = ipaddress.ip_address(host)
    if isinstance(ip, ipaddress.IPv4Address):
        ip = ipaddress.IPv6Address(f"::ffff:{ip}")
    return ip, int(address[1])


class PcapRecorder:
    """Writes SDP datagrams and relayed connections to a pcapng file (see the module docstring)."""

    def __init__(self, path: Path, keylog: Path | None = None, *, application: str = "v2g") -> None:
        self.writer = PcapngWriter(path, application=application)
        self._keylog = keylog
        self._keylog_offset = keylog.stat().st_size if keylog is not None and keylog.exists() else 0
        self._open: dict[int, tuple[ConnectionRecorder, io.BytesIO, PcapngWriter]] = {}
        self.connections = 0

    def datagram(
        self, src: Endpoint, dst: Endpoint, payload: bytes, *, from_ev: bool, ts: float | None = None
    ) -> None:
        """One SDP datagram (the EV's request or the SECC's answer)."""
        dst_mac = _MULTICAST_MAC if dst[0].is_multicast else (EVSE_MAC if from_ev else EV_MAC)
        frame = udp_frame(src, dst, payload, src_mac=EV_MAC if from_ev else EVSE_MAC, dst_mac=dst_mac)
        self.writer.write_packet(time.time() if ts is None else ts, frame)
        self.writer.flush()

    def sdp_answered(
        self, request: bytes, peer: object, answer: bytes, secc: Endpoint, group: ipaddress.IPv6Address
    ) -> None:
        """The SECC's SDP responder answered ``peer``: the request to ``group``, the answer from ``secc``."""
        ev = endpoint(peer)
        now = time.time()
        self.datagram(ev, (group, secc[1]), request, from_ev=True, ts=now)
        self.datagram(secc, ev, answer, from_ev=False, ts=now)

    def opened(self, index: int, client: Endpoint, server: Endpoint, ts: float) -> None:
        buffer = io.BytesIO()
        frames = PcapngWriter(buffer)
        recorder = ConnectionRecorder(frames, client, server)
        recorder.open(ts)
        self._open[index] = (recorder, buffer, frames)
        self.connections += 1

    def data(self, index: int, from_client: bool, data: bytes, ts: float) -> None:
        entry = self._open.get(index)
        if entry is not None:
            entry[0].send(from_client, data, ts)

    def closed(self, index: int, ts: float) -> None:
        entry = self._open.pop(index, None)
        if entry is None:
            return
        recorder, buffer, _ = entry
        recorder.close(ts)
        self._secrets()
        for packet in read_capture(buffer.getvalue()).packets:
            self.writer.write_packet(0.0, packet.data, timestamp_ns=packet.timestamp_ns)
        self.writer.flush()

    def _secrets(self) -> None:
        if self._keylog is None or not self._keylog.exists():
            return
        with self._keylog.open("rb") as f:
            f.seek(self._keylog_offset)
            text = f.read()
        complete = text[: text.rfind(b"\n") + 1]  # a line being written waits for the next time
        if complete:
            self._keylog_offset += len(complete)
            self.writer.write_secrets(complete.decode("utf-8", errors="replace"))

    def close(self) -> None:
        """Write the connections still open (as closed now) and close the file."""
        for index in list(self._open):
            self.closed(index, time.time())
        self.writer.close()


class PcapRelay:
    """Listens on ``host``:``port`` (0: a free port in the dynamic range) and forwards each
    connection to ``target()``, recording it. ``inward``: the relay stands in front of the SECC, so
    the real endpoints are those of the accepted connection; else (in front of the EVCC's
    connection to a remote SECC) those of the outgoing one."""

    def __init__(
        self, recorder: PcapRecorder, target: Callable[[], tuple[str, int]], *, inward: bool
    ) -> None:
        self.recorder = recorder
        self.target = target
        self.inward = inward
        self._server: asyncio.Server | None = None
        self._count = 0
        self._active: dict[asyncio.Task[None] | None, tuple[asyncio.StreamWriter, ...]] = {}

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self, host: str, port: int = 0, tries: int = 64) -> None:
        for _ in range(tries if port == 0 else 1):
            try:
                self._server = await asyncio.start_server(self._handle, host, port or dynamic_port())
            except OSError:
                if port:
                    raise
                continue
            return
        raise OSError(f"no free port in {DYNAMIC_PORTS[0]}-{DYNAMIC_PORTS[1]} on [{host}]")

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        index = self._count
        self._count += 1
        upstream = await connect_upstream(self.target, writer)
        if upstream is None:
            return
        up_reader, up_writer = upstream
        ends = writer if self.inward else up_writer
        peer, local = ends.get_extra_info("peername"), ends.get_extra_info("sockname")
        client, server = (
            (endpoint(peer), endpoint(local)) if self.inward else (endpoint(local), endpoint(peer))
        )
        self.recorder.opened(index, client, server, time.time())
        task = asyncio.current_task()
        self._active[task] = (writer, up_writer)

        def record(from_client: bool) -> Callable[[bytes], None]:
            return lambda data: self.recorder.data(index, from_client, data, time.time())

        try:
            await asyncio.gather(
                pipe(reader, up_writer, record(True), half_close=True),
                pipe(up_reader, writer, record(False), half_close=True),
            )
        finally:
            self._active.pop(task, None)
            for w in (writer, up_writer):
                w.close()
            self.recorder.closed(index, time.time())

    async def close(self) -> None:
        """Stop listening; connections still open are cut (and recorded as closed now)."""
        if self._server is not None:
            self._server.close()
        tasks = [task for task in self._active if task is not None]
        for writers in list(self._active.values()):
            for w in writers:
                w.transport.abort()
        if tasks:
            await asyncio.wait(tasks, timeout=2.0)
        if self._server is not None:
            await self._server.wait_closed()
