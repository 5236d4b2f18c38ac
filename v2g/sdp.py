"""SECC Discovery Protocol (ISO 15118-2 7.10.1, ISO 15118-20 7.10.1, DIN SPEC 70121 8.7.2): codec
and sans-IO client and server.

The EVCC multicasts an SDP request (V2GTP payload type 0x9000, 2 bytes: security, transport) to
ff02::1 on UDP port 15118; the SECC answers (0x9001, 20 bytes: IPv6 address, port, security,
transport) to the requester's address. The EVCC retries every ``retry_interval`` (0.25 s) up to
``max_requests`` (50) times; see ../shared/reference/TIMING.md.

Malformed or unexpected datagrams are ignored on both sides (counted, never raised out of the
machine), as the V2GTP generic header handler requires.
"""

from __future__ import annotations

import enum
import ipaddress
from collections import deque
from dataclasses import dataclass, field

from v2g import v2gtp
from v2g.clock import Timer
from v2g.errors import FramingError, SdpError
from v2g.v2gtp import PayloadType

SDP_PORT = 15118
SDP_MULTICAST = ipaddress.IPv6Address("ff02::1")
REQUEST_SIZE = 2
RESPONSE_SIZE = 20
MIN_SECC_PORT = 49152
"""The SECC's TCP port is a dynamic one, 49152 to 65535."""


class Security(enum.IntEnum):
    TLS = 0x00
    NONE = 0x10


class Transport(enum.IntEnum):
    TCP = 0x00
    UDP = 0x10


@dataclass(frozen=True, slots=True)
class SdpRequest:
    security: Security
    transport: Transport = Transport.TCP

    def to_payload(self) -> bytes:
        return bytes((self.security, self.transport))

    def to_datagram(self) -> bytes:
        return v2gtp.encode(PayloadType.SDP_REQUEST, self.to_payload())

    @classmethod
    def from_payload(cls, payload: bytes) -> SdpRequest:
        if len(payload) != REQUEST_SIZE:
            raise SdpError(f"SDP request payload must be {REQUEST_SIZE} bytes, got {len(payload)}")
        return cls(_security(payload[0]), _transport(payload[1]))


@dataclass(frozen=True, slots=True)
class SdpResponse:
    address: ipaddress.IPv6Address
    port: int
    security: Security
    transport: Transport = Transport.TCP

    def __post_init__(self) -> None:
        if not 0 < self.port <= 0xFFFF:
            raise SdpError(f"port {self.port} outside 1..65535")

    def to_payload(self) -> bytes:
        return self.address.packed + self.port.to_bytes(2, "big") + bytes((self.security, self.transport))

    def to_datagram(self) -> bytes:
        return v2gtp.encode(PayloadType.SDP_RESPONSE, self.to_payload())

    @classmethod
    def from_payload(cls, payload: bytes) -> SdpResponse:
        if len(payload) != RESPONSE_SIZE:
            raise SdpError(f"SDP response payload must be {RESPONSE_SIZE} bytes, got {len(payload)}")
        return cls(
            ipaddress.IPv6Address(payload[:16]),
            int.from_bytes(payload[16:18], "big"),
            _security(payload[18]),
            _transport(payload[19]),
        )


def _security(value: int) -> Security:
    try:
        return Security(value)
    except ValueError:
        raise SdpError(f"unknown SDP security value {value:#04x}") from None


def _transport(value: int) -> Transport:
    try:
        return Transport(value)
    except ValueError:
        raise SdpError(f"unknown SDP transport value {value:#04x}") from None


def decode(datagram: bytes) -> SdpRequest | SdpResponse:
    """Decode one SDP datagram (V2GTP header included); raises SdpError or FramingError."""
    message = v2gtp.decode_datagram(datagram, max_payload=RESPONSE_SIZE, allowed=v2gtp.SDP_TYPES)
    if message.payload_type == PayloadType.SDP_REQUEST:
        return SdpRequest.from_payload(message.payload)
    return SdpResponse.from_payload(message.payload)


# --- client ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SdpClientConfig:
    security: Security = Security.NONE
    transport: Transport = Transport.TCP
    retry_interval: float = 0.25
    max_requests: int = 50
    accept_security: frozenset[Security] = field(default=frozenset(Security))
    """Responses offering another security are ignored (e.g. an EVCC that insists on TLS)."""

    def __post_init__(self) -> None:
        if self.retry_interval <= 0:
            raise ValueError("retry_interval must be positive")
        if self.max_requests < 1:
            raise ValueError("max_requests must be at least 1")


@dataclass(frozen=True, slots=True)
class Discovered:
    response: SdpResponse
    requests_sent: int


@dataclass(frozen=True, slots=True)
class DiscoveryFailed:
    requests_sent: int
    reason: str


SdpClientEvent = Discovered | DiscoveryFailed


class _ClientState(enum.Enum):
    IDLE = "idle"
    DISCOVERING = "discovering"
    DONE = "done"


class SdpClient:
    """The EVCC's side of SDP, sans-IO.

    ``start(now)``; then repeatedly send ``datagrams_to_send(now)``, pass received datagrams to
    ``receive_datagram(data, now)``, sleep until ``get_timer()`` and call ``handle_timer(now)``.
    The outcome is one :class:`Discovered` or :class:`DiscoveryFailed` from ``next_event()``.
    """

    def __init__(self, config: SdpClientConfig | None = None) -> None:
        self.config = config or SdpClientConfig()
        self._state = _ClientState.IDLE
        self._retry = Timer("sdp-retry")
        self._sent = 0
        self._outbox: deque[bytes] = deque()
        self._events: deque[SdpClientEvent] = deque()
        self.ignored = 0
        """Datagrams received and ignored (malformed, a request, unacceptable security)."""
        self._request = SdpRequest(self.config.security, self.config.transport).to_datagram()

    @property
    def done(self) -> bool:
        return self._state is _ClientState.DONE

    @property
    def requests_sent(self) -> int:
        return self._sent

    def start(self, now: float) -> None:
        if self._state is not _ClientState.IDLE:
            raise RuntimeError("SDP discovery already started")
        self._state = _ClientState.DISCOVERING
        self._send(now)

    def _send(self, now: float) -> None:
        self._sent += 1
        self._outbox.append(self._request)
        self._retry.start(now, self.config.retry_interval)

    def datagrams_to_send(self, now: float) -> list[bytes]:
        out = list(self._outbox)
        self._outbox.clear()
        return out

    def get_timer(self) -> float | None:
        return self._retry.deadline if self._state is _ClientState.DISCOVERING else None

    def handle_timer(self, now: float) -> None:
        if self._state is not _ClientState.DISCOVERING or not self._retry.expired(now):
            return
        if self._sent >= self.config.max_requests:
            self._finish(DiscoveryFailed(self._sent, f"no SDP response to {self._sent} requests"))
        else:
            self._send(now)

    def receive_datagram(self, data: bytes, now: float) -> None:
        if self._state is not _ClientState.DISCOVERING:
            return
        try:
            message = decode(data)
        except (SdpError, FramingError):
            self.ignored += 1
            return
        if not isinstance(message, SdpResponse) or message.security not in self.config.accept_security:
            self.ignored += 1
            return
        self._finish(Discovered(message, self._sent))

    def _finish(self, event: SdpClientEvent) -> None:
        self._state = _ClientState.DONE
        self._retry.cancel()
        self._events.append(event)

    def next_event(self) -> SdpClientEvent | None:
        return self._events.popleft() if self._events else None


# --- server ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SdpServerConfig:
    address: ipaddress.IPv6Address
    """The SECC's address the EVCC connects to (link-local on the PLC interface)."""
    tcp_port: int | None = None
    """Port of the plain TCP server, None when the SECC offers no unencrypted V2G."""
    tls_port: int | None = None
    """Port of the TLS server, None when the SECC offers no TLS."""

    def __post_init__(self) -> None:
        if self.tcp_port is None and self.tls_port is None:
            raise ValueError("an SDP server needs a TCP port, a TLS port or both")
        for port in (self.tcp_port, self.tls_port):
            if port is not None and not 0 < port <= 0xFFFF:
                raise ValueError(f"port {port} outside 1..65535")


class SdpServer:
    """The SECC's side of SDP, sans-IO: a request datagram in, a response datagram (or None) out.

    The EVCC's wish for TLS or none is granted when offered; otherwise the SECC answers with the
    security it has, and the EVCC decides (ISO 15118-2 7.10.1.2, ISO 15118-20 7.10.1.2).
    Only TCP is a valid transport for V2G messages, so the response always says TCP.
    """

    def __init__(self, config: SdpServerConfig) -> None:
        self.config = config
        self.ignored = 0
        self.answered = 0

    def response_for(self, request: SdpRequest) -> SdpResponse:
        config = self.config
        wants_tls = request.security is Security.TLS
        if config.tls_port is not None and (wants_tls or config.tcp_port is None):
            return SdpResponse(config.address, config.tls_port, Security.TLS, Transport.TCP)
        assert config.tcp_port is not None
        return SdpResponse(config.address, config.tcp_port, Security.NONE, Transport.TCP)

    def handle_datagram(self, data: bytes) -> bytes | None:
        try:
            message = decode(data)
        except (SdpError, FramingError):
            self.ignored += 1
            return None
        if not isinstance(message, SdpRequest):
            self.ignored += 1
            return None
        self.answered += 1
        return self.response_for(message).to_datagram()
