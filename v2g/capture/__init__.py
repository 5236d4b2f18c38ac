"""Captures of charging sessions: pcap/pcapng read and write, TCP reassembly, V2G dissection.

For a replay test::

    from v2g.capture import sessions

    for session in sessions("car.pcapng"):
        session.schema            # "din", "iso2", "iso20" (None: not negotiated / encrypted)
        for request in session.requests:   # the EV's messages in order, handshake first
            request.raw           # the EXI document as sent
            request.message       # decoded (exi generated class); request.to_dict() for a dict

See docs/capture.md.
"""

from v2g.capture.dissect import (
    CapturedMessage,
    CapturedSession,
    Dissection,
    SdpDatagram,
    dissect,
    sessions,
    sessions_of,
)
from v2g.capture.errors import CaptureError, PacketError
from v2g.capture.pcap import Capture, DecryptionSecrets, Packet, PcapngWriter, parse_capture, read_capture
from v2g.capture.tcp import Connection, Direction

__all__ = [
    "Capture",
    "CaptureError",
    "CapturedMessage",
    "CapturedSession",
    "Connection",
    "DecryptionSecrets",
    "Direction",
    "Dissection",
    "Packet",
    "PacketError",
    "PcapngWriter",
    "SdpDatagram",
    "dissect",
    "parse_capture",
    "read_capture",
    "sessions",
    "sessions_of",
]
