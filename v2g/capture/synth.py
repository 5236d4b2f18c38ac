"""Synthetic frames for the project's own reference captures.

The demo runs SECC and EVCC in one process over loopback sockets, so there is nothing to sniff:
the adapters hand the bytes they send to a :class:`ConnectionRecorder`, which writes them as
Ethernet / IPv6 / TCP frames (handshake, sequence and acknowledgement numbers, FIN, correct
checksums) through a :class:`~v2g.capture.pcap.PcapngWriter`; SDP datagrams go through
:func:`udp_frame`. Wireshark and this package read the result like a capture from a PLC link.
"""

from __future__ import annotations

import ipaddress
import struct

from v2g.capture.packets import ETHERTYPE_IPV6, IPPROTO_TCP, IPPROTO_UDP, TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN
from v2g.capture.pcap import PcapngWriter

EV_MAC = bytes.fromhex("02000000ee01")
EVSE_MAC = bytes.fromhex("02000000e5e1")
MSS = 1440


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\x00"
    total: int = sum(struct.unpack(f">{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _ipv6(src: ipaddress.IPv6Address, dst: ipaddress.IPv6Address, protocol: int, segment: bytes) -> bytes:
    return struct.pack(">IHBB", 6 << 28, len(segment), protocol, 64) + src.packed + dst.packed + segment


def _pseudo(src: ipaddress.IPv6Address, dst: ipaddress.IPv6Address, protocol: int, length: int) -> bytes:
    return src.packed + dst.packed + struct.pack(">IxxxB", length, protocol)


def udp_frame(
    src: tuple[ipaddress.IPv6Address, int],
    dst: tuple[ipaddress.IPv6Address, int],
    payload: bytes,
    src_mac: bytes = EV_MAC,
    dst_mac: bytes = b"\x33\x33\x00\x00\x00\x01",
) -> bytes:
    """An Ethernet / IPv6 / UDP frame (e.g. an SDP request to ff02::1 port 15118)."""
    length = 8 + len(payload)
    header = struct.pack(">HHHH", src[1], dst[1], length, 0)
    checksum = _checksum(_pseudo(src[0], dst[0], IPPROTO_UDP, length) + header + payload) or 0xFFFF
    datagram = header[:6] + struct.pack(">H", checksum) + payload
    return (
        dst_mac + src_mac + struct.pack(">H", ETHERTYPE_IPV6) + _ipv6(src[0], dst[0], IPPROTO_UDP, datagram)
    )


class ConnectionRecorder:
    """One TCP connection written as frames: :meth:`open`, :meth:`send` each side's bytes, :meth:`close`."""

    def __init__(
        self,
        writer: PcapngWriter,
        client: tuple[ipaddress.IPv6Address, int],
        server: tuple[ipaddress.IPv6Address, int],
        *,
        interface: int = 0,
        client_isn: int = 0x1000,
        server_isn: int = 0x8000,
    ) -> None:
        self._writer = writer
        self._ends = {True: client, False: server}
        self._macs = {True: EV_MAC, False: EVSE_MAC}
        self._next = {True: client_isn, False: server_isn}
        self._interface = interface
        self._comment: str | None = None

    def _segment(self, from_client: bool, flags: int, payload: bytes, ts: float) -> None:
        src, dst = self._ends[from_client], self._ends[not from_client]
        ack = self._next[not from_client] if flags & TCP_ACK else 0
        header = struct.pack(
            ">HHIIHHHH",
            src[1],
            dst[1],
            self._next[from_client] & 0xFFFFFFFF,
            ack & 0xFFFFFFFF,
            (5 << 12) | flags,
            65535,
            0,
            0,
        )
        length = len(header) + len(payload)
        checksum = _checksum(_pseudo(src[0], dst[0], IPPROTO_TCP, length) + header + payload)
        segment = header[:16] + struct.pack(">H", checksum) + header[18:] + payload
        frame = (
            self._macs[not from_client]
            + self._macs[from_client]
            + struct.pack(">H", ETHERTYPE_IPV6)
            + _ipv6(src[0], dst[0], IPPROTO_TCP, segment)
        )
        comment, self._comment = self._comment, None
        self._writer.write_packet(ts, frame, interface=self._interface, comment=comment)
        self._next[from_client] += len(payload) + (1 if flags & (TCP_SYN | TCP_FIN) else 0)

    def note(self, comment: str) -> None:
        """Attach ``comment`` to the next packet of this connection (pcapng opt_comment)."""
        self._comment = comment

    def open(self, ts: float) -> None:
        """The three-way handshake."""
        self._segment(True, TCP_SYN, b"", ts)
        self._segment(False, TCP_SYN | TCP_ACK, b"", ts)
        self._segment(True, TCP_ACK, b"", ts)

    def send(self, from_client: bool, data: bytes, ts: float) -> None:
        """Bytes one side wrote (cut into MSS-sized segments) and the peer's acknowledgement."""
        for start in range(0, len(data), MSS):
            self._segment(from_client, TCP_ACK | TCP_PSH, data[start : start + MSS], ts)
        self._segment(not from_client, TCP_ACK, b"", ts)

    def close(self, ts: float) -> None:
        """FIN from the client, FIN from the server, last ACK."""
        self._segment(True, TCP_FIN | TCP_ACK, b"", ts)
        self._segment(False, TCP_FIN | TCP_ACK, b"", ts)
        self._segment(True, TCP_ACK, b"", ts)
