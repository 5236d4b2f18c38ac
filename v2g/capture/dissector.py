"""The capture walk, sans-IO: :class:`Dissector` takes frames in capture order (SDP, TCP reassembly,
V2GTP framing, TLS decryption, HomePlug frames, key lines disclosed on UDP port 52345) and
:meth:`Dissector.finish` gives the :class:`~v2g.capture.records.Dissection`. See
:mod:`v2g.capture.dissect` for the protocol references.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from v2g import sdp
from v2g.capture.errors import PacketError
from v2g.capture.packets import Endpoint, HomePlugFrame, TcpSegment, UdpDatagram, decode_frame
from v2g.capture.pcap_types import Damage
from v2g.capture.protocol import (
    ProtocolTracker,
    decode_message,
    name_of,
)
from v2g.capture.records import (
    SDP_PORT,
    CapturedHomePlug,
    CapturedMessage,
    ConnectionReport,
    DecryptedRecord,
    Dissection,
    SdpDatagram,
    TlsReport,
)
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
from v2g.capture.tlsalerts import alert_text
from v2g.capture.tlsdecrypt import (
    CONTENT_ALERT,
    CONTENT_APPLICATION_DATA,
    TlsConnectionDecryptor,
    parse_keylog,
)
from v2g.errors import V2GError

KEY_DISCLOSURE_PORT = 52345
"""UDP port on which the dSPACE DS5366 discloses its TLS secrets as NSS key log lines."""
KEY_LINE = re.compile(rb"CLIENT_RANDOM |_SECRET")
"""What an NSS key log line holds (CLIENT_RANDOM, *_TRAFFIC_SECRET_*, EXPORTER_SECRET)."""


def disclosed_keylog(linktype: int, data: bytes) -> str:
    """The NSS key log lines of a frame that is a UDP datagram to or from port 52345 (else "")."""
    if KEY_LINE.search(data) is None:
        return ""
    try:
        decoded = decode_frame(linktype, data)
    except PacketError:
        return ""
    if not isinstance(decoded, UdpDatagram) or KEY_DISCLOSURE_PORT not in (
        decoded.src.port,
        decoded.dst.port,
    ):
        return ""
    text = decoded.payload.decode("utf-8", errors="replace")
    return "".join(line.strip() + "\n" for line in text.splitlines() if line.strip())


class Dissector:
    """Sans-IO dissection: feed frames in capture order, then :meth:`finish`."""

    def __init__(self, keylog: str = "") -> None:
        self._secrets = parse_keylog(keylog)
        self._tls: dict[int, TlsConnectionDecryptor] = {}
        self._alerts: dict[int, list[str]] = {}
        self._disclosed: list[str] = []
        self._plain_offsets: dict[tuple[int, Direction], int] = {}
        self._decrypted: list[DecryptedRecord] = []
        self._tcp = TcpReassembler()
        self._framing = V2gtpDeframer()
        self._trackers: dict[int, ProtocolTracker] = {}
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
            if KEY_DISCLOSURE_PORT in (decoded.src.port, decoded.dst.port):
                lines = disclosed_keylog(linktype, data)
                if lines and lines not in self._disclosed:
                    self._disclosed.append(lines)
                    self.add_keylog(lines)
            elif SDP_PORT in (decoded.src.port, decoded.dst.port):
                self._sdp_datagram(decoded, timestamp_ns, frame)
        elif isinstance(decoded, HomePlugFrame):
            self._homeplug.append(CapturedHomePlug(timestamp_ns, frame, decoded))

    def add_keylog(self, keylog: str) -> None:
        """More TLS secrets; they apply to TLS connections whose ServerHello comes later."""
        self._secrets.update(parse_keylog(keylog))

    @property
    def frames(self) -> int:
        return self._frames

    def finish(
        self,
        capture_format: str = "",
        truncated: str | None = None,
        keylog: str = "",
        damage: tuple[Damage, ...] = (),
    ) -> Dissection:
        for event in self._tcp.flush(self._last_ts, -1):
            self._framed(self._framing.feed(event))
        flipped = self._orient()
        reports = []
        for conn in self._tcp.connections:
            tracker = self._trackers.get(conn.index, ProtocolTracker())
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
            keylog + "".join(self._disclosed),
            tuple(self._decrypted),
            damage,
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
            tuple(self._alerts.get(index, ())),
            bool(self._secrets),
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
        conn = event.connection
        decryptor = self._tls.get(conn.index)
        if decryptor is None:
            # also without a key log: the handshake names the secret that would decrypt it
            decryptor = self._tls[conn.index] = TlsConnectionDecryptor(self._secrets)
        from_client = event.direction is Direction.EV_TO_EVSE
        for record in decryptor.feed(from_client, event.data):
            if record.content_type == CONTENT_ALERT:
                self._alerts.setdefault(conn.index, []).append(alert_text(record))
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

    def _tracker(self, conn: Connection) -> ProtocolTracker:
        tracker = self._trackers.get(conn.index)
        if tracker is None:
            tracker = self._trackers[conn.index] = ProtocolTracker()
        return tracker

    def _message(self, frame: V2gtpFrame) -> None:
        tracker = self._tracker(frame.connection)
        schema, message, error, guessed = decode_message(tracker, frame)
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
