"""`v2g secc --pcap` and `v2g evcc --pcap`: a TLS session recorded with its secrets decrypts in tshark
and in our dissector to the messages the runners traced; SDP frames carry the real addresses."""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.v2g.aio.netns import link_local, two_hosts  # noqa: F401 - a fixture
from v2g.capture import dissect, read_capture
from v2g.capture.packets import UdpDatagram, decode_frame
from v2g.capture.tcp import Direction
from v2g.cli import main
from v2g.sdp import SDP_PORT

ROOT = Path(__file__).resolve().parents[3]
V2G = [sys.executable, "-m", "v2g"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _tshark() -> str:
    found = shutil.which("tshark")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tshark is not installed (CI installs it: .ci/run)")
        pytest.skip("tshark is not installed")
    return found


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
        s.bind(("::1", 0))
        return int(s.getsockname()[1])


def _traced(trace: Path) -> dict[str, list[bytes]]:
    """The V2GTP payloads a runner traced, per direction (requests: EV to EVSE)."""
    out: dict[str, list[bytes]] = {"requests": [], "responses": []}
    for line in trace.read_text().splitlines():
        record = json.loads(line)
        request = (record["direction"] == "rx") == (record["side"] == "evse")
        out["requests" if request else "responses"].append(bytes.fromhex(record["raw"]))
    return out


def _v2gtp_payloads(stream: bytes) -> list[bytes]:
    payloads = []
    while stream:
        assert stream[:2] == b"\x01\xfe", stream[:8].hex()
        length = int.from_bytes(stream[4:8], "big")
        payloads.append(stream[8 : 8 + length])
        stream = stream[8 + length :]
    return payloads


def _tshark_decrypted(tshark: str, pcap: Path) -> dict[str, list[bytes]]:
    """tshark's decrypted TLS stream 0 (the embedded secrets only), split into V2GTP payloads."""
    out = subprocess.run(
        [tshark, "-r", str(pcap), "-q", "-z", "follow,tls,raw,0"], capture_output=True, text=True, check=True
    ).stdout
    client, server = bytearray(), bytearray()
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Node 1:")) + 1
    for line in lines[start:]:
        if line.startswith("="):
            break
        (server if line.startswith("\t") else client).extend(bytes.fromhex(line.strip()))
    return {"requests": _v2gtp_payloads(bytes(client)), "responses": _v2gtp_payloads(bytes(server))}


def _dissected(pcap: Path) -> dict[str, list[bytes]]:
    d = dissect(pcap)
    assert not d.decode_errors and len(d.connections) == 1
    tls = d.connections[0].tls
    assert d.connections[0].encrypted and tls is not None and tls.decrypted_records > 0
    return {
        "requests": [m.raw for m in d.messages if m.direction is Direction.EV_TO_EVSE],
        "responses": [m.raw for m in d.messages if m.direction is Direction.EVSE_TO_EV],
    }


def _sdp_frames(pcap: Path) -> list[UdpDatagram]:
    frames = [decode_frame(p.linktype, p.data) for p in read_capture(pcap).packets]
    return [f for f in frames if isinstance(f, UdpDatagram)]


def _session(
    tmp_path: Path, secc_side: list[str], ev_side: list[str], secc_args: list[str], evcc_args: list[str]
) -> None:
    env = {**ENV, "TMPDIR": str(tmp_path / "tmp")}  # where a temporary key log would stay behind
    (tmp_path / "tmp").mkdir(exist_ok=True)
    secc = subprocess.Popen(
        [*secc_side, *V2G, "secc", "--sessions", "1", "-q", *secc_args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert secc.stdout is not None
        line = secc.stdout.readline()
        assert line.startswith("SECC listening") and f"pcap={tmp_path / 'secc.pcapng'}" in line, line
        ev = subprocess.run(
            [*ev_side, *V2G, "evcc", "--protocol", "iso2", "--cycles", "3", "-q", *evcc_args],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
        assert ev.returncode == 0, ev.stdout + ev.stderr
        assert secc.wait(timeout=15) == 0
    finally:
        secc.kill()


def _common(tmp_path: Path) -> tuple[list[str], list[str]]:
    assert main(["pki", "create", str(tmp_path / "pki"), "--profile", "iso2"]) == 0
    tls = ["--tls", "--pki", str(tmp_path / "pki")]
    secc = [
        *tls,
        "--tls-only",
        "--protocol",
        "iso2",
        "--pcap",
        str(tmp_path / "secc.pcapng"),
        "--trace",
        str(tmp_path / "secc.jsonl"),
    ]
    evcc = [*tls, "--pcap", str(tmp_path / "evcc.pcapng"), "--trace", str(tmp_path / "evcc.jsonl")]
    return secc, evcc


def test_a_tls_session_recorded_on_loopback_decrypts_in_tshark_and_our_dissector(tmp_path: Path) -> None:
    tshark = _tshark()
    sdp_port = _free_udp_port()
    secc_args, evcc_args = _common(tmp_path)
    sdp = ["--interface", "lo", "--sdp-port", str(sdp_port)]
    _session(tmp_path, [], [], [*secc_args, *sdp], [*evcc_args, *sdp])
    for side in ("secc", "evcc"):
        pcap, traced = tmp_path / f"{side}.pcapng", _traced(tmp_path / f"{side}.jsonl")
        assert len(traced["requests"]) == len(traced["responses"]) >= 20
        assert _tshark_decrypted(tshark, pcap) == traced, side
        assert _dissected(pcap) == traced, side
        request, answer = _sdp_frames(pcap)  # lo has no multicast: the request goes to ::1
        loopback = ipaddress.IPv6Address("::1")
        assert (request.src.address, request.dst.address, request.dst.port) == (loopback, loopback, sdp_port)
        assert (answer.src, answer.dst) == (request.dst, request.src)
    assert not list((tmp_path / "tmp").iterdir())  # the temporary key logs are gone


@pytest.mark.privileged
def test_sdp_is_recorded_with_the_multicast_group_and_link_local_addresses(
    two_hosts: tuple[str, str],  # noqa: F811 - the fixture
    tmp_path: Path,
) -> None:
    ev, evse = two_hosts
    secc_args, evcc_args = _common(tmp_path)
    _session(
        tmp_path,
        ["ip", "netns", "exec", evse],
        ["ip", "netns", "exec", ev],
        [*secc_args, "-i", "veth-evse"],
        [*evcc_args, "-i", "veth-ev"],
    )
    ev_address = ipaddress.IPv6Address(link_local(ev, "veth-ev"))
    evse_address = ipaddress.IPv6Address(link_local(evse, "veth-evse"))
    group = ipaddress.IPv6Address("ff02::1")
    for side in ("secc", "evcc"):
        pcap = tmp_path / f"{side}.pcapng"
        request, answer = _sdp_frames(pcap)[:2]
        assert (request.src.address, request.dst.address, request.dst.port) == (ev_address, group, SDP_PORT)
        assert (answer.src.address, answer.dst) == (evse_address, request.src)
        assert read_capture(pcap).packets[0].data[:6] == bytes.fromhex("333300000001")  # multicast MAC
        d = dissect(pcap)
        assert [s.name for s in d.sdp] == ["SdpRequest", "SdpResponse"]
        connection = d.connections[0].connection
        assert connection.server.address == evse_address and connection.client.address == ev_address
        assert _dissected(pcap) == _traced(tmp_path / f"{side}.jsonl")
