"""A raw AF_PACKET socket bound to one interface and one ethertype, for asyncio (Linux, needs root
or CAP_NET_RAW)."""

from __future__ import annotations

import asyncio
import socket
import struct
from typing import Protocol

from slac.errors import SlacError
from slac.messages import ETHERTYPE_HOMEPLUG

ETH_P_ALL = 0x0003
_PACKET_OUTGOING = 4
_SOL_PACKET = 263
_PACKET_AUXDATA = 8
_TP_STATUS_CSUMNOTREADY = 0x08


def _ones_sum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\x00"
    total: int = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return total


def complete_checksum(frame: bytes) -> bytes:
    """Fill in the TCP/UDP/ICMPv6 checksum of an Ethernet frame captured before checksum offload
    (veth hands AF_PACKET such frames with only the pseudo-header sum in place). IPv4 and IPv6
    without extension headers; anything else is returned unchanged."""
    if len(frame) < 14:
        return frame
    ethertype = frame[12:14]
    if ethertype == b"\x86\xdd" and len(frame) >= 54:
        nh = frame[20]
        l4 = 54
        length = struct.unpack_from("!H", frame, 18)[0]
        pseudo = frame[22:54] + struct.pack("!I3xB", length, nh)
    elif ethertype == b"\x08\x00" and len(frame) >= 34:
        ihl = (frame[14] & 0x0F) * 4
        nh = frame[23]
        l4 = 14 + ihl
        length = struct.unpack_from("!H", frame, 16)[0] - ihl
        pseudo = frame[26:34] + struct.pack("!xBH", nh, length)
    else:
        return frame
    offset = {6: 16, 17: 6, 58: 2}.get(nh)
    if offset is None or length < offset + 2 or len(frame) < l4 + length:
        return frame
    segment = bytearray(frame[l4 : l4 + length])
    segment[offset : offset + 2] = b"\x00\x00"
    checksum = 0xFFFF - _ones_sum(pseudo + bytes(segment))
    if checksum == 0 and nh == 17:
        checksum = 0xFFFF
    segment[offset : offset + 2] = struct.pack("!H", checksum)
    return frame[:l4] + bytes(segment) + frame[l4 + length :]


class FrameSocket(Protocol):
    """What the runner and the modem helpers need from a socket (a stand-in can offer the same)."""

    mac: bytes

    def send(self, frame: bytes) -> None: ...
    async def recv(self) -> bytes: ...
    def recv_nowait(self) -> bytes | None: ...


class PacketSocket:
    """Frames in and out of one interface. Frames this host sends itself are not received."""

    def __init__(self, interface: str, ethertype: int = ETHERTYPE_HOMEPLUG, max_queue: int = 4096,
                 complete_checksums: bool = False) -> None:
        try:
            sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ethertype))
        except OSError as exc:
            raise SlacError(f"cannot open a raw socket ({exc.strerror}); root or CAP_NET_RAW needed") from exc
        try:
            sock.bind((interface, ethertype))
        except OSError as exc:
            sock.close()
            raise SlacError(f"cannot bind to interface {interface!r}: {exc.strerror}") from exc
        sock.setblocking(False)
        self._complete = complete_checksums
        if complete_checksums:  # a bridge: learn which frames still lack their checksum
            sock.setsockopt(_SOL_PACKET, _PACKET_AUXDATA, 1)
        self.interface = interface
        self.ethertype = ethertype
        self.mac: bytes = sock.getsockname()[4]
        self._sock = sock
        self._queue: asyncio.Queue[bytes] = asyncio.Queue(max_queue)
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(sock.fileno(), self._readable)
        self._closed = False
        self.dropped = 0

    def _readable(self) -> None:
        while True:
            try:
                frame, ancillary, _flags, addr = self._sock.recvmsg(65535, 64)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            if addr[2] == _PACKET_OUTGOING:
                continue
            for level, kind, data in ancillary:
                if level == _SOL_PACKET and kind == _PACKET_AUXDATA and len(data) >= 4:
                    (status,) = struct.unpack_from("=I", data)
                    if status & _TP_STATUS_CSUMNOTREADY:
                        frame = complete_checksum(frame)
            try:
                self._queue.put_nowait(frame)
            except asyncio.QueueFull:
                self.dropped += 1

    async def recv(self) -> bytes:
        return await self._queue.get()

    def recv_nowait(self) -> bytes | None:
        try:
            return self._queue.get_nowait()
        except asyncio.QueueEmpty:
            return None

    def send(self, frame: bytes) -> None:
        try:
            self._sock.send(frame)
        except BlockingIOError:
            self.dropped += 1  # the interface queue is full; SLAC retries cover it
        except OSError as exc:
            raise SlacError(f"send on {self.interface}: {exc.strerror}") from exc

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._loop.remove_reader(self._sock.fileno())
            self._sock.close()

    def __enter__(self) -> PacketSocket:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
