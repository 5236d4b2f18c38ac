"""The events of TCP reassembly (:mod:`v2g.capture.tcp`) that V2GTP framing
(:mod:`v2g.capture.deframe`) consumes: connections, directions, stream data, gaps and closes."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from v2g.capture.packets import Endpoint


class Direction(enum.Enum):
    EV_TO_EVSE = "EV->EVSE"
    """From the TCP client (the EVCC) to the server (the SECC)."""
    EVSE_TO_EV = "EVSE->EV"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Connection:
    index: int
    """Connections of a capture numbered from 0 in order of their first segment."""
    client: Endpoint
    server: Endpoint
    handshake_seen: bool
    """False if the client was inferred (no SYN in the capture)."""

    def __str__(self) -> str:
        return f"#{self.index} {self.client} -> {self.server}"


@dataclass(frozen=True, slots=True)
class StreamData:
    connection: Connection
    direction: Direction
    timestamp_ns: int
    frame: int
    """Index of the frame whose arrival made these bytes available."""
    offset: int
    """Stream offset of the first byte (0 = first byte after the SYN or the first byte seen)."""
    data: bytes


@dataclass(frozen=True, slots=True)
class StreamGap:
    connection: Connection
    direction: Direction
    timestamp_ns: int
    frame: int
    offset: int
    length: int


@dataclass(frozen=True, slots=True)
class ConnectionClosed:
    connection: Connection
    timestamp_ns: int
    frame: int
    reason: str
    """``"fin"``, ``"rst"``, ``"reused"`` (a new SYN on the same ports) or ``"end of capture"``."""


TcpEvent = StreamData | StreamGap | ConnectionClosed
