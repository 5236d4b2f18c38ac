"""Dissection of a capture: SDP exchanges and the V2G messages of every TCP connection, decoded.

Protocol tracking per connection follows the communication session handshake (ISO 15118-2 8.2,
ISO 15118-20 8.3, DIN SPEC 70121 8.7.3 via -2): the first V2GTP 0x8001 message in each direction is
a supportedAppProtocolReq/Res (schema ``app``); the SchemaID chosen in the Res names one offer of the
Req, and that offer's namespace selects the schema of everything after it. For ISO 15118-20 the
V2GTP payload type selects among its schema sets (ISO 15118-20 Table 9: 0x8002 common messages,
0x8003 AC, 0x8004 DC, 0x8005 ACDP, 0x8006 WPT). A connection whose handshake is not in the capture
is decoded by trying the DIN and ISO 15118-2 schemas (``guessed`` is then set on its messages).

Every failure is kept with its message (``error``), never raised: a dissection of a real capture
shows what was wrong where.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import exi
from v2g import sdp, v2gtp
from v2g.apphand import NAMESPACE_SCHEMAS, AppProtocol
from v2g.capture.errors import PacketError
from v2g.capture.packets import Endpoint, HomePlugFrame, TcpSegment, UdpDatagram, decode_frame
from v2g.capture.pcap import Capture, read_capture
from v2g.capture.tcp import (
    Connection,
    ConnectionClosed,
    Direction,
    EncryptedData,
    FramingIssue,
    StreamData,
    TcpReassembler,
    V2gtpDeframer,
    V2gtpFrame,
)
from v2g.capture.tlsdecrypt import CONTENT_APPLICATION_DATA, TlsConnectionDecryptor, parse_keylog
from v2g.errors import V2GError
from v2g.payloads import ISO20_PAYLOAD_SCHEMAS
from v2g.v2gtp import PayloadType

NS_TESLA_DIN = "urn:tesla:din:2018:MsgDef"

SDP_PORT = sdp.SDP_PORT
GUESS_SCHEMAS = ("din", "iso2")


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

    def items(self) -> list[CapturedMessage | SdpDatagram]:
        """SDP datagrams and V2G messages merged in time order."""
        merged: list[CapturedMessage | SdpDatagram] = [*self.sdp, *self.messages]
        merged.sort(key=lambda item: (item.timestamp_ns, item.frame))
        return merged

    @property
    def decode_errors(self) -> tuple[CapturedMessage, ...]:
        return tuple(m for m in self.messages if m.error is not None)


@dataclass(slots=True)
class _Tracker:
    """The protocol state of one connection."""

    offers: tuple[AppProtocol, ...] = ()
    req_seen: bool = False
    res_seen: bool = False
    namespace: str | None = None
    schema: str | None = None
    guessing: bool = False
    encrypted_bytes: int = 0
    closed: str | None = None
    first_request: bool = True
    first_response: bool = True


def message_name(d: dict[str, Any]) -> str:
    """Name of a message from its ``exi.to_dict`` form."""
    root, body = next(iter(d.items()))
    if root == "V2G_Message" and isinstance(body, dict):
        inner = body.get("Body")
        if isinstance(inner, dict) and inner:
            return str(next(iter(inner)))
        return "V2G_Message"
    return str(root)


def name_of(message: object) -> str:
    """Name of a decoded message: the root element, or for DIN/ISO 15118-2 the Body element."""
    body = getattr(message, "Body", None)
    element = getattr(body, "BodyElement", None)
    if element is not None:
        return type(element).__name__
    return type(message).__name__


def _offers(message_dict: dict[str, Any]) -> tuple[AppProtocol, ...]:
    req = message_dict.get("supportedAppProtocolReq", {})
    offers = []
    for p in req.get("AppProtocol", ()):
        offers.append(
            AppProtocol(
                str(p["ProtocolNamespace"]),
                int(p["VersionNumberMajor"]),
                int(p["VersionNumberMinor"]),
                int(p["SchemaID"]),
                int(p["Priority"]),
            )
        )
    return tuple(offers)


def _try_decode(payload: bytes, schema: str) -> tuple[Any, str | None]:
    try:
        return exi.decode(payload, schema), None
    except exi.ExiError as exc:
        return None, f"{type(exc).__name__}: {exc}"


class Dissector:
    """Sans-IO dissection: feed frames in capture order, then :meth:`finish`."""

    def __init__(self, keylog: str = "") -> None:
        self._secrets = parse_keylog(keylog)
        self._tls: dict[int, TlsConnectionDecryptor] = {}
        self._plain_offsets: dict[tuple[int, Direction], int] = {}
        self._decrypted: list[DecryptedRecord] = []
        self._tcp = TcpReassembler()
        self._framing = V2gtpDeframer()
        self._trackers: dict[int, _Tracker] = {}
        self._messages: list[CapturedMessage] = []
        self._sdp: list[SdpDatagram] = []
        self._issues: list[FramingIssue] = []
        self._packet_errors: list[tuple[int, str]] = []
        self._homeplug: list[CapturedHomePlug] = []
        self._frames = 0
        self._last_ts = 0

    def feed_frame(self, linktype: int, data: bytes, timestamp_ns: int, frame: int) -> None:
        self._frames += 1
        self._last_ts = max(self._last_ts, timestamp_ns)
        try:
            decoded = decode_frame(linktype, data)
        except PacketError as exc:
            self._packet_errors.append((frame, str(exc)))
            return
        if isinstance(decoded, TcpSegment):
            for event in self._tcp.add(decoded, timestamp_ns, frame):
                self._framed(self._framing.feed(event))
        elif isinstance(decoded, UdpDatagram):
            if SDP_PORT in (decoded.src.port, decoded.dst.port):
                self._sdp_datagram(decoded, timestamp_ns, frame)
        elif isinstance(decoded, HomePlugFrame):
            self._homeplug.append(CapturedHomePlug(timestamp_ns, frame, decoded))

    def add_keylog(self, keylog: str) -> None:
        """More TLS secrets; they apply to TLS connections whose ServerHello comes later."""
        self._secrets.update(parse_keylog(keylog))

    def finish(self, capture_format: str = "", truncated: str | None = None, keylog: str = "") -> Dissection:
        for event in self._tcp.flush(self._last_ts, -1):
            self._framed(self._framing.feed(event))
        flipped = self._orient()
        reports = []
        for conn in self._tcp.connections:
            tracker = self._trackers.get(conn.index, _Tracker())
            reports.append(
                ConnectionReport(
                    flipped.get(conn.index, conn),
                    self._framing.is_v2g(conn),
                    self._framing.is_encrypted(conn),
                    tracker.namespace,
                    tracker.offers,
                    tracker.closed,
                    tracker.encrypted_bytes,
                    self._tls_report(conn.index),
                )
            )
        return Dissection(
            capture_format,
            self._frames,
            tuple(self._messages),
            tuple(self._sdp),
            tuple(reports),
            tuple(self._issues),
            tuple(self._packet_errors),
            tuple(self._homeplug),
            truncated,
            keylog,
            tuple(self._decrypted),
        )

    # --- internals --------------------------------------------------------------------------------

    def _tls_report(self, index: int) -> TlsReport | None:
        decryptor = self._tls.get(index)
        if decryptor is None:
            return None
        return TlsReport(
            decryptor.version,
            decryptor.cipher_suite,
            decryptor.decrypted_records,
            tuple(decryptor.problems),
            decryptor.encrypt_then_mac,
        )

    def _orient(self) -> dict[int, Connection]:
        """Swap client and server of connections without a captured SYN whose requests came from
        the side taken as the server (the EVCC sends the requests); returns the swapped ones."""
        votes: dict[int, int] = {}
        for m in self._messages:
            if m.connection.handshake_seen or m.message is None:
                continue
            name = m.name
            if name.endswith("Req") or name.endswith("Res"):
                toward_server = (m.direction is Direction.EV_TO_EVSE) == name.endswith("Req")
                votes[m.connection.index] = votes.get(m.connection.index, 0) + (1 if toward_server else -1)
        flipped: dict[int, Connection] = {}
        for i, m in enumerate(self._messages):
            conn = m.connection
            if votes.get(conn.index, 0) >= 0:
                continue
            swapped = flipped.get(conn.index)
            if swapped is None:
                swapped = flipped[conn.index] = Connection(conn.index, conn.server, conn.client, False)
            direction = Direction.EVSE_TO_EV if m.direction is Direction.EV_TO_EVSE else Direction.EV_TO_EVSE
            self._messages[i] = replace(m, connection=swapped, direction=direction)
        self._issues = [
            replace(
                issue,
                connection=flipped[issue.connection.index],
                direction=Direction.EVSE_TO_EV
                if issue.direction is Direction.EV_TO_EVSE
                else Direction.EV_TO_EVSE,
            )
            if issue.connection.index in flipped
            else issue
            for issue in self._issues
        ]
        return flipped

    def _sdp_datagram(self, datagram: UdpDatagram, ts: int, frame: int) -> None:
        message: sdp.SdpRequest | sdp.SdpResponse | None = None
        error: str | None = None
        try:
            message = sdp.decode(datagram.payload)
        except V2GError as exc:
            error = f"{type(exc).__name__}: {exc}"
        if isinstance(message, sdp.SdpResponse):
            server = Endpoint(message.address, message.port)
            self._tcp.add_server_hint(server)
            if message.security is sdp.Security.TLS:
                self._framing.add_tls_server(server)
        self._sdp.append(SdpDatagram(ts, frame, datagram.src, datagram.dst, message, error, datagram.payload))

    def _framed(self, events: Sequence[object]) -> None:
        for event in events:
            if isinstance(event, V2gtpFrame):
                self._message(event)
            elif isinstance(event, FramingIssue):
                self._issues.append(event)
            elif isinstance(event, EncryptedData):
                self._tracker(event.connection).encrypted_bytes += len(event.data)
                self._decrypt(event)
            elif isinstance(event, ConnectionClosed):
                self._tracker(event.connection).closed = event.reason

    def _decrypt(self, event: EncryptedData) -> None:
        if not self._secrets:
            return
        conn = event.connection
        decryptor = self._tls.get(conn.index)
        if decryptor is None:
            decryptor = self._tls[conn.index] = TlsConnectionDecryptor(self._secrets)
        from_client = event.direction is Direction.EV_TO_EVSE
        for record in decryptor.feed(from_client, event.data):
            if not (record.decrypted and record.content_type == CONTENT_APPLICATION_DATA):
                continue
            key = (conn.index, event.direction)
            offset = self._plain_offsets.get(key, 0)
            self._plain_offsets[key] = offset + len(record.data)
            self._decrypted.append(
                DecryptedRecord(conn, event.direction, event.timestamp_ns, event.frame, offset, record.data)
            )
            plain = StreamData(conn, event.direction, event.timestamp_ns, event.frame, offset, record.data)
            self._framed(self._framing.feed_plaintext(plain))

    def _tracker(self, conn: Connection) -> _Tracker:
        tracker = self._trackers.get(conn.index)
        if tracker is None:
            tracker = self._trackers[conn.index] = _Tracker()
        return tracker

    def _message(self, frame: V2gtpFrame) -> None:
        tracker = self._tracker(frame.connection)
        schema, message, error, guessed = self._decode(tracker, frame)
        self._messages.append(
            CapturedMessage(
                len(self._messages),
                frame.timestamp_ns,
                frame.frame,
                frame.connection,
                frame.direction,
                frame.payload_type,
                schema,
                tracker.namespace,
                message,
                error,
                frame.payload,
                guessed,
                "?" if message is None else name_of(message),
            )
        )

    def _decode(self, tracker: _Tracker, frame: V2gtpFrame) -> tuple[str | None, Any, str | None, bool]:
        payload_type = frame.payload_type
        request = frame.direction is Direction.EV_TO_EVSE
        first = tracker.first_request if request else tracker.first_response
        if request:
            tracker.first_request = False
        else:
            tracker.first_response = False
        if payload_type in ISO20_PAYLOAD_SCHEMAS:
            schema = ISO20_PAYLOAD_SCHEMAS[payload_type]
            message, error = _try_decode(frame.payload, schema)
            return schema, message, error, False
        if payload_type != PayloadType.EXI:
            return None, None, f"payload type {payload_type:#06x} carries no EXI message", False
        handshake_pending = not tracker.res_seen if not request else not tracker.req_seen
        if first and handshake_pending and not tracker.guessing:
            message, error = _try_decode(frame.payload, "app")
            if error is None:
                self._handshake(tracker, exi.to_dict(message))
                return "app", message, None, False
            if not (tracker.req_seen or tracker.res_seen):
                tracker.guessing = True  # the handshake is not in the capture
            else:
                return "app", None, error, False
        if tracker.schema is not None and not tracker.guessing:
            message, error = _try_decode(frame.payload, tracker.schema)
            return tracker.schema, message, error, False
        if tracker.guessing or tracker.res_seen:
            first_error: str | None = None
            for schema in GUESS_SCHEMAS:
                message, error = _try_decode(frame.payload, schema)
                if error is None:
                    return schema, message, None, True
                first_error = first_error or error
            if tracker.res_seen and tracker.namespace is not None:
                return None, None, f"no schema for namespace {tracker.namespace}", False
            return None, None, f"no schema decodes it (handshake not captured): {first_error}", True
        message, error = _try_decode(frame.payload, "app")
        return "app", message, error, False

    def _handshake(self, tracker: _Tracker, d: dict[str, Any]) -> None:
        if "supportedAppProtocolReq" in d:
            tracker.req_seen = True
            tracker.offers = _offers(d)
        elif "supportedAppProtocolRes" in d:
            tracker.res_seen = True
            res = d["supportedAppProtocolRes"]
            if str(res.get("ResponseCode", "")).startswith("Failed"):
                return  # no protocol: nothing more to decode on this connection
            chosen = res.get("SchemaID")
            for offer in tracker.offers:
                if offer.schema_id == chosen:
                    tracker.namespace = offer.namespace
                    break
            if tracker.namespace is None:
                tracker.guessing = True
                return
            # a namespace without a schema (Tesla's DIN-like one): _decode tries the known schemas
            tracker.schema = NAMESPACE_SCHEMAS.get(tracker.namespace)


def dissect_capture(capture: Capture, keylog: str = "") -> Dissection:
    """Dissect a capture read already; TLS is decrypted with ``keylog`` plus the capture's own
    Decryption Secrets Blocks (each applies from where it stands in the file)."""
    dissector = Dissector(keylog)
    secrets = sorted((s for s in capture.secrets if s.is_tls_keylog), key=lambda s: s.after_packet)
    position = 0
    for packet in capture.packets:
        while position < len(secrets) and secrets[position].after_packet <= packet.index:
            dissector.add_keylog(secrets[position].keylog_text())
            position += 1
        dissector.feed_frame(packet.linktype, packet.data, packet.timestamp_ns, packet.index)
    return dissector.finish(capture.format, capture.truncated, capture.tls_keylog())


def dissect(source: str | Path | bytes | Capture, keylog: str = "") -> Dissection:
    """Dissect a capture file (a path, its bytes, or a :class:`Capture` already read).

    A file cut short inside its last record (tcpdump killed) is dissected up to that record and
    the fact kept in :attr:`Dissection.truncated`. ``keylog`` (NSS key log text) decrypts TLS
    connections, as do key logs embedded in the capture.
    """
    capture = source if isinstance(source, Capture) else read_capture(source, allow_truncated_tail=True)
    return dissect_capture(capture, keylog)


# --- sessions -----------------------------------------------------------------------------------


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


def sessions(source: str | Path | bytes | Capture, keylog: str = "") -> list[CapturedSession]:
    """The V2G sessions of a capture (see :class:`CapturedSession`); ``keylog`` as for :func:`dissect`."""
    return sessions_of(dissect(source, keylog))
