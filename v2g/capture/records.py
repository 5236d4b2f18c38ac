"""The results of a capture dissection: what :mod:`v2g.capture.dissect` finds (messages, SDP
datagrams, HomePlug frames, connection and TLS reports) and the per-connection sessions a replay test
feeds into an SECC or EVCC (:class:`CapturedSession`, :func:`sessions_of`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import exi
from v2g import sdp, v2gtp
from v2g.apphand import NAMESPACE_SCHEMAS, AppProtocol
from v2g.capture.packets import Endpoint, HomePlugFrame
from v2g.capture.pcap_types import Damage
from v2g.capture.tcp import Connection, Direction, FramingIssue

SDP_PORT = sdp.SDP_PORT


@dataclass(frozen=True, slots=True)
class CapturedMessage:
    """One V2GTP message of a TCP connection, as captured and decoded."""

    index: int
    """Position among the V2G messages of the capture."""
    timestamp_ns: int
    frame: int
    """Index of the frame that completed the message (Wireshark frame number - 1)."""
    connection: Connection
    direction: Direction
    payload_type: int
    schema: str | None
    """EXI schema key used to decode (None: no schema applies, see ``error``)."""
    namespace: str | None
    """Protocol namespace negotiated for the connection when this message was seen."""
    message: Any
    """The decoded message (generated class of ``exi``), or None if decoding failed."""
    error: str | None
    raw: bytes
    """The V2GTP payload (the EXI document)."""
    guessed: bool = False
    """The schema was found by trial because the handshake is not in the capture."""
    name: str = "?"
    """The message name (``SessionSetupReq``, ``supportedAppProtocolRes``, ...) or ``?``."""

    @property
    def timestamp(self) -> float:
        return self.timestamp_ns / 1e9

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def v2gtp(self) -> bytes:
        """The whole V2GTP message (header and payload)."""
        return v2gtp.encode(self.payload_type, self.raw)

    def to_dict(self) -> dict[str, Any] | None:
        return None if self.message is None else exi.to_dict(self.message)

    @property
    def is_request(self) -> bool:
        return self.direction is Direction.EV_TO_EVSE


@dataclass(frozen=True, slots=True)
class SdpDatagram:
    """One UDP datagram to or from port 15118."""

    timestamp_ns: int
    frame: int
    src: Endpoint
    dst: Endpoint
    message: sdp.SdpRequest | sdp.SdpResponse | None
    error: str | None
    raw: bytes

    @property
    def timestamp(self) -> float:
        return self.timestamp_ns / 1e9

    @property
    def direction(self) -> Direction:
        if isinstance(self.message, sdp.SdpResponse) or (self.message is None and self.src.port == SDP_PORT):
            return Direction.EVSE_TO_EV
        return Direction.EV_TO_EVSE

    @property
    def name(self) -> str:
        if self.message is None:
            return "?"
        return "SdpResponse" if isinstance(self.message, sdp.SdpResponse) else "SdpRequest"


@dataclass(frozen=True, slots=True)
class CapturedHomePlug:
    timestamp_ns: int
    frame: int
    frame_data: HomePlugFrame


@dataclass(frozen=True, slots=True)
class TlsReport:
    version: int | None
    """0x0303 (TLS 1.2) or 0x0304 (TLS 1.3), None if no ServerHello was seen."""
    cipher_suite: int | None
    decrypted_records: int
    problems: tuple[str, ...]
    encrypt_then_mac: bool = False
    """TLS 1.2 CBC suites: the ServerHello accepted encrypt-then-MAC (RFC 7366)."""
    alerts: tuple[str, ...] = ()
    """TLS alerts seen (``client fatal handshake_failure``; ``server alert (encrypted)`` without keys)."""
    keylog: bool = True
    """False: no key log was given at all (the problems then name the secret that would decrypt it)."""


@dataclass(frozen=True, slots=True)
class DecryptedRecord:
    """Application data of a TLS connection, decrypted with the key log."""

    connection: Connection
    direction: Direction
    timestamp_ns: int
    frame: int
    offset: int
    """Offset in this direction's plaintext stream."""
    data: bytes


@dataclass(frozen=True, slots=True)
class ConnectionReport:
    connection: Connection
    v2g: bool
    """False for TCP traffic that is not V2G (its stream starts with neither V2GTP nor TLS)."""
    encrypted: bool
    namespace: str | None
    offered: tuple[AppProtocol, ...]
    closed: str | None
    encrypted_bytes: int = 0
    tls: TlsReport | None = None
    """What decryption found (None: not TLS, or no key log given)."""


@dataclass(frozen=True, slots=True)
class Dissection:
    """Everything found in a capture, each tuple in capture order."""

    capture_format: str
    frames: int
    messages: tuple[CapturedMessage, ...]
    sdp: tuple[SdpDatagram, ...]
    connections: tuple[ConnectionReport, ...]
    issues: tuple[FramingIssue, ...]
    packet_errors: tuple[tuple[int, str], ...]
    homeplug: tuple[CapturedHomePlug, ...]
    truncated: str | None
    tls_keylog: str
    decrypted: tuple[DecryptedRecord, ...] = ()
    """TLS application data decrypted with the key log, in capture order."""
    damage: tuple[Damage, ...] = ()
    """Damaged stretches of the file (offset, record, where reading went on), in file order."""

    def damage_text(self) -> list[str]:
        """Each damage as one line (the truncation text if only that is known)."""
        if self.damage:
            return [str(d) for d in self.damage]
        return [self.truncated] if self.truncated else []

    def items(self) -> list[CapturedMessage | SdpDatagram]:
        """SDP datagrams and V2G messages merged in time order."""
        merged: list[CapturedMessage | SdpDatagram] = [*self.sdp, *self.messages]
        merged.sort(key=lambda item: (item.timestamp_ns, item.frame))
        return merged

    @property
    def decode_errors(self) -> tuple[CapturedMessage, ...]:
        return tuple(m for m in self.messages if m.error is not None)


@dataclass(frozen=True, slots=True)
class CapturedSession:
    """The V2G messages of one TCP connection: what a replay test feeds into an SECC or EVCC."""

    connection: Connection
    namespace: str | None
    """The namespace negotiated by the handshake (None: not captured, failed, or encrypted)."""
    schema: str | None
    """The EXI schema of the session's messages after the handshake (``din``, ``iso2``, ``iso20``)."""
    offered: tuple[AppProtocol, ...]
    encrypted: bool
    messages: tuple[CapturedMessage, ...] = field(default=())
    sdp: tuple[SdpDatagram, ...] = field(default=())
    """The SDP exchange that preceded the connection (the last request/response before it)."""
    issues: tuple[FramingIssue, ...] = field(default=())
    tls: TlsReport | None = None
    """For an encrypted session decrypted (or tried) with a key log: version, suite, problems."""

    @property
    def requests(self) -> tuple[CapturedMessage, ...]:
        """The EV's messages in order, the supportedAppProtocolReq first."""
        return tuple(m for m in self.messages if m.direction is Direction.EV_TO_EVSE)

    @property
    def responses(self) -> tuple[CapturedMessage, ...]:
        """The EVSE's messages in order."""
        return tuple(m for m in self.messages if m.direction is Direction.EVSE_TO_EV)

    @property
    def errors(self) -> tuple[CapturedMessage, ...]:
        return tuple(m for m in self.messages if m.error is not None)

    @property
    def names(self) -> list[str]:
        return [m.name for m in self.messages]

    @property
    def session_id(self) -> str | None:
        """The SessionID the EVSE assigned (first non-zero one in a response header)."""
        for m in self.responses:
            d = m.to_dict()
            if d is None:
                continue
            root = next(iter(d.values()))
            header = root.get("Header") if isinstance(root, dict) else None
            if isinstance(header, dict) and header.get("SessionID") not in (None, "00", "0" * 16):
                return str(header["SessionID"])
        return None

    def exchanges(self) -> Iterator[tuple[CapturedMessage, CapturedMessage | None]]:
        """Each request with the response that followed it (None if the EVSE sent none)."""
        pending: CapturedMessage | None = None
        for m in self.messages:
            if m.direction is Direction.EV_TO_EVSE:
                if pending is not None:
                    yield pending, None
                pending = m
            elif pending is not None:
                yield pending, m
                pending = None
        if pending is not None:
            yield pending, None


def sessions_of(dissection: Dissection) -> list[CapturedSession]:
    """One session per TCP connection that carried V2GTP messages or TLS, in order of connection."""
    by_conn: dict[int, list[CapturedMessage]] = {}
    for m in dissection.messages:
        by_conn.setdefault(m.connection.index, []).append(m)
    issues: dict[int, list[FramingIssue]] = {}
    for issue in dissection.issues:
        issues.setdefault(issue.connection.index, []).append(issue)
    result = []
    for report in dissection.connections:
        conn = report.connection
        messages = by_conn.get(conn.index, [])
        if not report.v2g or (not messages and not report.encrypted):
            continue
        start = messages[0].timestamp_ns if messages else 0
        before = [d for d in dissection.sdp if d.timestamp_ns <= start or not messages]
        exchange = tuple(_last_exchange(before))
        namespace = report.namespace
        schema = NAMESPACE_SCHEMAS.get(namespace) if namespace else None
        if schema is None and messages:
            guessed = {m.schema for m in messages if m.guessed and m.schema}
            schema = guessed.pop() if len(guessed) == 1 else None
        result.append(
            CapturedSession(
                conn,
                namespace,
                schema,
                report.offered,
                report.encrypted,
                tuple(messages),
                exchange,
                tuple(issues.get(conn.index, ())),
                report.tls,
            )
        )
    return result


def _last_exchange(datagrams: Sequence[SdpDatagram]) -> list[SdpDatagram]:
    for i in range(len(datagrams) - 1, -1, -1):
        if isinstance(datagrams[i].message, sdp.SdpResponse):
            for j in range(i - 1, -1, -1):
                if isinstance(datagrams[j].message, sdp.SdpRequest):
                    return [datagrams[j], datagrams[i]]
            return [datagrams[i]]
    return []
