"""Reference captures made from byte streams: frames with valid checksums that dissect back."""

from __future__ import annotations

import io
import ipaddress
import struct

from tests.capture._provenance import CAPTURES
from v2g import sdp
from v2g.capture.dissect import dissect, sessions
from v2g.capture.pcap import PcapngWriter, parse_capture
from v2g.capture.synth import ConnectionRecorder, udp_frame
from v2g.capture.tcp import Direction

EV = ipaddress.IPv6Address("fe80::ee01")
EVSE = ipaddress.IPv6Address("fe80::e5e1")


def _ones_complement_sum(data: bytes) -> int:
    data += b"\x00" * (len(data) % 2)
    total = 0
    for (word,) in struct.iter_unpack(">H", data):
        total += word
        total = (total & 0xFFFF) + (total >> 16)
    return total


def test_recorded_session_dissects_to_the_original_with_valid_checksums() -> None:
    (original,) = sessions(CAPTURES / "EVerest_logfiles/Audi/Q4/dc-dinspec-1.dump")
    out = io.BytesIO()
    with PcapngWriter(out) as writer:
        request = sdp.SdpRequest(sdp.Security.NONE)
        response = sdp.SdpResponse(EVSE, 61000, sdp.Security.NONE)
        writer.write_packet(0.5, udp_frame((EV, 50001), (sdp.SDP_MULTICAST, 15118), request.to_datagram()))
        writer.write_packet(0.6, udp_frame((EVSE, 15118), (EV, 50001), response.to_datagram()))
        conn = ConnectionRecorder(writer, (EV, 50002), (EVSE, 61000))
        conn.open(1.0)
        for i, m in enumerate(original.messages):
            conn.send(m.direction is Direction.EV_TO_EVSE, m.v2gtp, 1.0 + i / 100)
        conn.close(9.0)
    data = out.getvalue()
    for packet in parse_capture(data).packets:
        ip = packet.data[14:]
        payload = ip[40:]
        pseudo = ip[8:40] + struct.pack(">IxxxB", len(payload), ip[6])
        assert _ones_complement_sum(pseudo + payload) == 0xFFFF
    (copy,) = sessions(data)
    assert [(m.direction, m.raw) for m in copy.messages] == [(m.direction, m.raw) for m in original.messages]
    assert copy.namespace == original.namespace and copy.errors == () and copy.issues == ()
    assert [type(d.message) for d in copy.sdp] == [sdp.SdpRequest, sdp.SdpResponse]
    d = dissect(data)
    assert [c.closed for c in d.connections] == ["fin"]
    assert d.connections[0].connection.client.port == 50002
