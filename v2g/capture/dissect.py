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

Layout: :mod:`v2g.capture.protocol` decodes the messages of one connection and tracks its protocol;
:mod:`v2g.capture.records` holds the result types and :func:`sessions_of`; this module walks the
capture (frames, TCP reassembly, V2GTP framing, TLS decryption) and re-exports both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from v2g.capture.dissector import KEY_DISCLOSURE_PORT, KEY_LINE, Dissector, disclosed_keylog
from v2g.capture.errors import CaptureError
from v2g.capture.packets import Endpoint
from v2g.capture.pcap import (
    Capture,
    Damage,
    DecryptionSecrets,
    Packet,
    capture_format,
    iter_file,
    parse_capture,
)
from v2g.capture.protocol import GUESS_SCHEMAS, NS_TESLA_DIN, message_name, name_of
from v2g.capture.records import (
    SDP_PORT,
    CapturedHomePlug,
    CapturedMessage,
    CapturedSession,
    ConnectionReport,
    DecryptedRecord,
    Dissection,
    SdpDatagram,
    TlsReport,
    sessions_of,
)
from v2g.payloads import ISO20_PAYLOAD_SCHEMAS

__all__ = [
    "GUESS_SCHEMAS", "ISO20_PAYLOAD_SCHEMAS", "KEY_DISCLOSURE_PORT", "NS_TESLA_DIN", "SDP_PORT",
    "CapturedHomePlug", "CapturedMessage", "CapturedSession", "ConnectionReport", "DecryptedRecord",
    "Dissection", "Dissector", "Endpoint", "SdpDatagram", "TlsReport", "disclosed_keylog", "dissect",
    "dissect_capture", "dissect_items", "message_name", "name_of", "sessions", "sessions_of",
]


def dissect_items(
    items: Iterable[Packet | DecryptionSecrets | Damage], capture_format: str = "", keylog: str = ""
) -> Dissection:
    """Dissect a stream of capture items (frames, Decryption Secrets Blocks, damage) in file order;
    each DSB applies from where it stands in the file. Nothing is kept but what is found."""
    dissector = Dissector(keylog)
    damage: list[Damage] = []
    embedded: list[str] = []
    for item in items:
        if isinstance(item, Packet):
            dissector.feed_frame(item.linktype, item.data, item.timestamp_ns, item.index)
        elif isinstance(item, DecryptionSecrets):
            if item.is_tls_keylog:
                embedded.append(item.keylog_text())
                dissector.add_keylog(embedded[-1])
        else:
            if dissector.frames == 0 and not embedded and item.resumed_at is None:
                raise CaptureError(f"{item.problem} (record {item.record})", item.offset)
            damage.append(item)
    if damage and dissector.frames == 0 and not embedded:
        raise CaptureError(f"no readable record: {damage[0]}")
    first = str(damage[0]) if damage else None
    return dissector.finish(capture_format, first, "".join(embedded), tuple(damage))


def dissect_capture(capture: Capture, keylog: str = "") -> Dissection:
    """Dissect a capture read already; TLS is decrypted with ``keylog``, the key log lines the
    capture discloses on UDP port 52345, and its Decryption Secrets Blocks."""
    disclosed = "".join(disclosed_keylog(p.linktype, p.data) for p in capture.packets)
    merged: list[Packet | DecryptionSecrets | Damage] = []
    secrets = sorted(capture.secrets, key=lambda s: s.after_packet)
    position = 0
    for packet in capture.packets:
        while position < len(secrets) and secrets[position].after_packet <= packet.index:
            merged.append(secrets[position])
            position += 1
        merged.append(packet)
    merged += secrets[position:]
    dissection = dissect_items(merged, capture.format, keylog + disclosed)
    return replace(dissection, truncated=capture.truncated, damage=capture.damage)


def _mentions_keys(path: str | Path) -> bool:
    """Whether the raw file holds key log text at all (a fast scan before a frame-level one)."""
    tail = b""
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            if KEY_LINE.search(tail + chunk) is not None:
                return True
            tail = chunk[-32:]
    return False


def _disclosed_in_file(path: str | Path) -> str:
    if not _mentions_keys(path):
        return ""
    return "".join(
        disclosed_keylog(item.linktype, item.data) for item in iter_file(path) if isinstance(item, Packet)
    )


def dissect(source: str | Path | bytes | Capture, keylog: str = "") -> Dissection:
    """Dissect a capture file (a path, its bytes, or a :class:`Capture` already read).

    A damaged file (cut short, garbage in the middle) is dissected around its damage, which is kept
    in :attr:`Dissection.damage`; a path is streamed (memory does not grow with the file).
    ``keylog`` (NSS key log text) decrypts TLS connections, as do key logs embedded in the capture
    (Decryption Secrets Blocks, and key lines on UDP port 52345 as the dSPACE DS5366 sends them).
    """
    if isinstance(source, Capture):
        return dissect_capture(source, keylog)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return dissect_capture(parse_capture(bytes(source), allow_truncated_tail=True), keylog)
    try:
        with open(source, "rb") as f:
            head = f.read(4)
    except OSError as exc:
        raise CaptureError(f"cannot read {source}: {exc.strerror or exc}") from exc
    return dissect_items(iter_file(source), capture_format(head), keylog + _disclosed_in_file(source))


def sessions(source: str | Path | bytes | Capture, keylog: str = "") -> list[CapturedSession]:
    """The V2G sessions of a capture (see :class:`CapturedSession`); ``keylog`` as for :func:`dissect`."""
    return sessions_of(dissect(source, keylog))
