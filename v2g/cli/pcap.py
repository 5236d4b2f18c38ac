"""`--pcap FILE` of `v2g secc` and `v2g evcc`: the recording relay and recorder wired to the command
(see :mod:`v2g.aio.recording`)."""

from __future__ import annotations

import argparse
import dataclasses
import ipaddress
import os
import tempfile
from pathlib import Path

from v2g.aio import netif
from v2g.aio.recording import SDP_MULTICAST, Endpoint, PcapRecorder, PcapRelay, endpoint
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.sdp import SDP_PORT

LOOPBACK = ipaddress.IPv6Address("::1")


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pcap",
        type=Path,
        metavar="FILE",
        help="record the sessions (SDP, TCP/TLS) as pcapng with the TLS secrets embedded "
        "(Wireshark and `v2g capture` decrypt it)",
    )


class KeylogFile:
    """The key log the TLS context writes: the one given with --keylog, or a temporary one for
    --pcap alone (deleted at the end)."""

    def __init__(self, given: Path | None, needed: bool) -> None:
        self.temporary = given is None and needed
        if self.temporary:
            fd, name = tempfile.mkstemp(prefix="v2g-keylog-", suffix=".txt")
            os.close(fd)
            self.path: Path | None = Path(name)
        else:
            self.path = given

    def remove(self) -> None:
        if self.temporary and self.path is not None:
            self.path.unlink(missing_ok=True)


async def _sdp_addresses(interface: str | None) -> tuple[ipaddress.IPv6Address, ipaddress.IPv6Address]:
    """(where the EVCC sends its SDP request, the address the SECC answers from) on ``interface``."""
    if interface is None:
        return SDP_MULTICAST, LOOPBACK
    iface = await netif.interface(interface)
    return (SDP_MULTICAST if iface.multicast else iface.address()), iface.address()


class SeccRecording:
    """Relays on the SECC's public ports in front of the SECC listening on ``::1``."""

    def __init__(self, path: Path, keylog: Path | None) -> None:
        self.recorder = PcapRecorder(path, keylog, application="v2g secc")
        self.server: SeccServer | None = None
        self.tcp: PcapRelay | None = None
        self.tls: PcapRelay | None = None
        self._group = SDP_MULTICAST
        self._secc: Endpoint = (LOOPBACK, SDP_PORT)

    def _target(self, tls: bool) -> tuple[str, int]:
        assert self.server is not None
        port = self.server.tls_port if tls else self.server.tcp_port
        assert port is not None
        return "::1", port

    async def start(self, config: SeccServerConfig) -> SeccServerConfig:
        """Start the relays on ``config``'s host and ports; returns the SECC's own config behind them."""
        if config.tcp_port is not None:
            self.tcp = PcapRelay(self.recorder, lambda: self._target(False), inward=True)
            await self.tcp.start(config.host, config.tcp_port)
        if config.tls_port is not None:
            self.tls = PcapRelay(self.recorder, lambda: self._target(True), inward=True)
            await self.tls.start(config.host, config.tls_port)
        group, address = await _sdp_addresses(config.sdp_interface)
        self._group, self._secc = group, (config.advertise or address, config.sdp_port)
        return dataclasses.replace(
            config,
            host="::1",
            tcp_port=0 if self.tcp else None,
            tls_port=0 if self.tls else None,
            sdp_ports=(self.tcp.port if self.tcp else None, self.tls.port if self.tls else None),
        )

    def sdp(self, request: bytes, peer: object, answer: bytes) -> None:
        self.recorder.sdp_answered(request, peer, answer, self._secc, self._group)

    async def close(self) -> None:
        for relay in (self.tcp, self.tls):
            if relay is not None:
                await relay.close()
        self.recorder.close()


class EvccRecording:
    """A relay on ``::1`` in front of the EVCC's connection to the SECC it found."""

    def __init__(self, path: Path, keylog: Path | None) -> None:
        self.recorder = PcapRecorder(path, keylog, application="v2g evcc")
        self.relay: PcapRelay | None = None

    async def via(self, host: str, port: int, scope: int) -> tuple[str, int]:
        target = f"{host}%{scope}" if scope and host.startswith("fe80") else host
        self.relay = PcapRelay(self.recorder, lambda: (target, port), inward=False)
        await self.relay.start("::1", 0)
        return "::1", self.relay.port

    def sdp(self, outgoing: bool, data: bytes, src: object, dst: object) -> None:
        self.recorder.datagram(endpoint(src), endpoint(dst), data, from_ev=outgoing)

    async def close(self) -> None:
        if self.relay is not None:
            await self.relay.close()
        self.recorder.close()
