"""SDP over real UDP sockets: on loopback, and between two network namespaces over a veth pair."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.v2g.aio.netns import link_local as _link_local
from v2g import sdp
from v2g.aio import netif
from v2g.aio.sdp import SdpResponder, discover
from v2g.sdp import Discovered, DiscoveryFailed, SdpClientConfig, SdpServerConfig, Security

LOOP_PORT = 15300 + os.getpid() % 500
V2G = [sys.executable, "-m", "v2g.cli"]


async def test_discovery_on_loopback() -> None:
    config = SdpServerConfig(ipaddress.IPv6Address("::1"), tcp_port=50000, tls_port=50001)
    async with SdpResponder("lo", config, port=LOOP_PORT) as responder:
        event = await discover("lo", SdpClientConfig(security=Security.TLS), port=LOOP_PORT)
        assert isinstance(event, Discovered)
        assert event.response == sdp.SdpResponse(ipaddress.IPv6Address("::1"), 50001, Security.TLS)
        assert responder.server.answered == 1


async def test_responder_survives_garbage() -> None:
    config = SdpServerConfig(ipaddress.IPv6Address("::1"), tcp_port=50000)
    async with SdpResponder("lo", config, port=LOOP_PORT + 1) as responder:
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            asyncio.DatagramProtocol, remote_addr=("::1", LOOP_PORT + 1)
        )
        for junk in (b"", b"\x01", b"\x01\xfe\x90\x00\xff\xff\xff\xff", os.urandom(300)):
            transport.sendto(junk)
        transport.close()
        event = await discover("lo", port=LOOP_PORT + 1)
        assert isinstance(event, Discovered)
        assert responder.server.ignored >= 3


async def test_discovery_fails_after_retries_without_server() -> None:
    loop = asyncio.get_running_loop()
    start = loop.time()
    sent: list[int] = []
    config = SdpClientConfig(retry_interval=0.05, max_requests=4)
    event = await discover("lo", config, port=LOOP_PORT + 2, on_request=sent.append)
    assert isinstance(event, DiscoveryFailed)
    assert sent == [1, 2, 3, 4]
    assert 0.15 <= loop.time() - start < 2.0


async def test_unknown_interface_is_a_typed_error() -> None:
    with pytest.raises(netif.InterfaceError):
        await discover("no-such-if0")


def test_cli_on_loopback() -> None:
    port = str(LOOP_PORT + 3)
    server = subprocess.Popen(
        [*V2G, "sdp", "serve", "-i", "lo", "--port", "50123", "--sdp-port", port, "--count", "1",
         "--duration", "20", "--json"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert server.stdout is not None
        assert json.loads(server.stdout.readline())["event"] == "listening"
        out = subprocess.run(
            [*V2G, "sdp", "discover", "-i", "lo", "--sdp-port", port, "--json"],
            capture_output=True, text=True, timeout=30, check=True,
        )
        found = json.loads(out.stdout.splitlines()[-1])
        assert found == {"event": "discovered", "address": "::1", "port": 50123, "security": "NONE",
                         "transport": "TCP", "requests": 1}
        assert server.wait(timeout=10) == 0
    finally:
        server.kill()


# --- two hosts: network namespaces joined by a veth pair -------------------------------------------


@pytest.mark.privileged
def test_discovery_between_namespaces_over_multicast(two_hosts: tuple[str, str]) -> None:
    ev, evse = two_hosts
    root = str(Path(__file__).resolve().parents[3])
    env = {**os.environ, "PYTHONPATH": root}
    server = subprocess.Popen(
        ["ip", "netns", "exec", evse, *V2G, "sdp", "serve", "-i", "veth-evse", "--port", "50000",
         "--tls-port", "50001", "--count", "1", "--duration", "30", "--json"],
        stdout=subprocess.PIPE, text=True, env=env,
    )
    try:
        assert server.stdout is not None
        listening = json.loads(server.stdout.readline())
        assert listening["event"] == "listening"
        secc_address = _link_local(evse, "veth-evse")
        assert listening["address"] == secc_address
        out = subprocess.run(
            ["ip", "netns", "exec", ev, *V2G, "sdp", "discover", "-i", "veth-ev", "--security", "tls",
             "--json"],
            capture_output=True, text=True, timeout=30, env=env,
        )
        assert out.returncode == 0, out.stdout + out.stderr
        found = json.loads(out.stdout.splitlines()[-1])
        assert found["event"] == "discovered"
        assert found["address"] == secc_address
        assert (found["port"], found["security"], found["transport"]) == (50001, "TLS", "TCP")
        answered = json.loads(server.stdout.readline())
        # The request came over the link from the vehicle's own link-local address.
        assert answered["peer"].split("%")[0] == _link_local(ev, "veth-ev")
        assert server.wait(timeout=10) == 0
    finally:
        server.kill()
