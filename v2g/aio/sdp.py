"""SDP over UDP (asyncio, asyncio-dgram): the EVCC's discovery and the SECC's responder.

Both ends are scoped to one named interface: the EVCC multicasts to ff02::1 on that interface (an
interface without multicast, such as ``lo``, gets the request unicast to its own address), and the
SECC's socket is bound to that interface, so a charger with several PLC modems runs one responder per
connector.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import socket
import struct
from collections.abc import Callable
from dataclasses import dataclass

import asyncio_dgram
import asyncio_dgram.aio

from slac.aio.runner import cancel_and_wait
from v2g.aio import netif
from v2g.sdp import (
    SDP_MULTICAST,
    SDP_PORT,
    SdpClient,
    SdpClientConfig,
    SdpClientEvent,
    SdpServer,
    SdpServerConfig,
)

log = logging.getLogger(__name__)


def _socket_for(iface: netif.Interface) -> socket.socket:
    sock = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    sock.setblocking(False)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, iface.index)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 1)
    return sock


def _bind_to_device(sock: socket.socket, iface: netif.Interface) -> None:
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.name.encode())
    except PermissionError:
        # Without CAP_NET_RAW the scope comes from the bound address and the joined group only.
        log.debug("SO_BINDTODEVICE not permitted; relying on address scope for %s", iface.name)


@dataclass(frozen=True, slots=True)
class DiscoveryTarget:
    """Where SDP requests go: the multicast group on the interface, or a unicast address."""

    address: ipaddress.IPv6Address
    port: int
    scope: int

    def sockaddr(self) -> tuple[str, int, int, int]:
        return (str(self.address), self.port, 0, self.scope)


async def _unconnected(sock: socket.socket) -> asyncio_dgram.aio.DatagramServer:
    stream = await asyncio_dgram.from_socket(sock)
    if not isinstance(stream, asyncio_dgram.aio.DatagramServer):  # only a connect()ed socket gives a client
        stream.close()
        raise TypeError("expected an unconnected UDP socket")
    return stream


def target_for(iface: netif.Interface, port: int = SDP_PORT) -> DiscoveryTarget:
    if iface.multicast:
        return DiscoveryTarget(SDP_MULTICAST, port, iface.index)
    return DiscoveryTarget(iface.address(), port, iface.index)


async def discover(
    interface: str,
    config: SdpClientConfig | None = None,
    *,
    port: int = SDP_PORT,
    on_request: Callable[[int], None] | None = None,
    on_datagram: Callable[[bool, bytes, tuple[str, int], tuple[str, int]], None] | None = None,
) -> SdpClientEvent:
    """Run SDP discovery on ``interface``; returns Discovered or DiscoveryFailed. ``on_datagram(outgoing,
    data, source, destination)`` is told of each request sent and datagram received (a recording)."""
    iface = await netif.interface(interface)
    target = target_for(iface, port)
    sock = _socket_for(iface)
    sock.bind(("::", 0, 0, iface.index if not iface.loopback else 0))
    here = (str(iface.address()), int(sock.getsockname()[1]))  # bound to ::: the interface's address sends
    stream = await _unconnected(sock)
    loop = asyncio.get_running_loop()
    client = SdpClient(config)
    try:
        client.start(loop.time())
        while not client.done:
            for datagram in client.datagrams_to_send(loop.time()):
                await stream.send(datagram, target.sockaddr())
                if on_request is not None:
                    on_request(client.requests_sent)
                if on_datagram is not None:
                    on_datagram(True, datagram, here, (str(target.address), target.port))
            deadline = client.get_timer()
            if deadline is None:
                break
            try:
                async with asyncio.timeout_at(deadline):
                    data, source = await stream.recv()
            except TimeoutError:
                client.handle_timer(loop.time())
            else:
                if on_datagram is not None and isinstance(source, tuple):
                    on_datagram(False, data, (str(source[0]), int(source[1])), here)
                client.receive_datagram(data, loop.time())
    finally:
        stream.close()
    event = client.next_event()
    assert event is not None
    return event


class SdpResponder:
    """The SECC's SDP server on one interface (UDP port 15118)."""

    def __init__(
        self,
        interface: str,
        config: SdpServerConfig,
        *,
        port: int = SDP_PORT,
        on_answer: Callable[[bytes, object, bytes], None] | None = None,
    ) -> None:
        self.interface = interface
        self.server = SdpServer(config)
        self.port = port
        self.on_answer = on_answer
        self._stream: asyncio_dgram.aio.DatagramServer | None = None
        self._task: asyncio.Task[None] | None = None
        self.send_errors = 0
        """Answers that could not be sent (each drops that datagram only; the responder goes on)."""

    async def start(self) -> None:
        iface = await netif.interface(self.interface)
        sock = _socket_for(iface)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        _bind_to_device(sock, iface)
        if iface.loopback:
            sock.bind(("::1", self.port))
        else:
            sock.bind(("::", self.port))
        if iface.multicast:
            group = socket.inet_pton(socket.AF_INET6, str(SDP_MULTICAST)) + struct.pack("@I", iface.index)
            try:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, group)
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE:  # all-nodes is joined by the kernel already
                    raise
        self._stream = stream = await _unconnected(sock)
        self._task = asyncio.create_task(self._serve(stream), name=f"sdp-{self.interface}")

    async def _serve(self, stream: asyncio_dgram.aio.DatagramServer) -> None:
        while True:
            try:
                data, addr = await stream.recv()
            except asyncio_dgram.TransportClosed:
                return
            except OSError as exc:  # a send error reported late (asyncio_dgram raises it on recv)
                self._send_failed(None, exc)
                continue
            answer = self.server.handle_datagram(data)
            if answer is None:
                log.debug("ignored SDP datagram from %s: %s", addr, data[:32].hex())
                continue
            try:
                await stream.send(answer, addr)
            except asyncio_dgram.TransportClosed:
                return
            except OSError as exc:  # e.g. ENETUNREACH for a source we cannot route to: that answer only
                self._send_failed(addr, exc)
                continue
            if self.on_answer is not None:
                self.on_answer(data, addr, answer)

    def _send_failed(self, addr: object, exc: OSError) -> None:
        self.send_errors += 1
        log.warning("SDP answer to %s not sent (%d so far): %s", addr or "a requester", self.send_errors, exc)

    async def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
        if self._task is not None:
            await cancel_and_wait(self._task)

    async def __aenter__(self) -> SdpResponder:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
