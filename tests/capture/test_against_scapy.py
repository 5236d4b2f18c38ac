"""Optional cross-check of the reader and header parsing against scapy (the [capture] extra).

Skipped when scapy is not installed; scapy is never used by v2g.capture itself.
"""

from __future__ import annotations

import pytest

from tests.capture._provenance import CAPTURES
from v2g.capture.packets import TcpSegment, UdpDatagram, decode_frame
from v2g.capture.pcap import read_capture

scapy_all = pytest.importorskip("scapy.all")

FILES = [
    "dsV2Gshark/ISO-2_DC_multi_EVSE_SLAC_DS5366_Josev.pcapng",  # 802.1Q
    "EVerest_logfiles/Audi/Q4/dc-dinspec-1.dump",  # classic pcap
    "pyPLC/2022-11-25_v0.2_ABB_until_ChargeParamDiscovery.pcapng",
    "tux-evse_binding/hello-tls-with-secrets.pcapng",  # loopback, DSB
]


@pytest.mark.parametrize("rel", FILES)
def test_frames_and_transport_headers_match_scapy(rel: str) -> None:
    ours = read_capture(CAPTURES / rel).packets
    theirs = scapy_all.rdpcap(str(CAPTURES / rel))
    assert len(ours) == len(theirs)
    checked = 0
    for mine, other in zip(ours, theirs, strict=True):
        assert mine.data == bytes(other)
        assert abs(mine.timestamp - float(other.time)) < 1e-6
        decoded = decode_frame(mine.linktype, mine.data)
        if other.haslayer(scapy_all.TCP):
            tcp = other[scapy_all.TCP]
            assert isinstance(decoded, TcpSegment)
            assert (decoded.src.port, decoded.dst.port, decoded.seq, decoded.ack) == (
                tcp.sport,
                tcp.dport,
                tcp.seq,
                tcp.ack,
            )
            load = bytes(tcp[scapy_all.Raw].load) if tcp.haslayer(scapy_all.Raw) else b""
            assert decoded.payload == load
            checked += 1
        elif other.haslayer(scapy_all.UDP):
            udp = other[scapy_all.UDP]
            assert isinstance(decoded, UdpDatagram)
            assert (decoded.src.port, decoded.dst.port) == (udp.sport, udp.dport)
            checked += 1
    assert checked > 0
