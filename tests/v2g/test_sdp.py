from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from v2g import sdp, v2gtp
from v2g.errors import FramingError, SdpError
from v2g.sdp import (
    Discovered,
    DiscoveryFailed,
    SdpClient,
    SdpClientConfig,
    SdpRequest,
    SdpResponse,
    SdpServer,
    SdpServerConfig,
    Security,
    Transport,
)

ADDR = ipaddress.IPv6Address("fe80::1234:56ff:fe78:9abc")


def test_request_bytes() -> None:
    # An EVCC asking for no TLS over TCP, as every DIN vehicle does.
    assert SdpRequest(Security.NONE, Transport.TCP).to_datagram() == bytes.fromhex("01fe9000000000021000")
    assert SdpRequest(Security.TLS).to_datagram() == bytes.fromhex("01fe9000000000020000")


def test_response_bytes_and_round_trip() -> None:
    response = SdpResponse(ADDR, 50000, Security.NONE, Transport.TCP)
    datagram = response.to_datagram()
    assert datagram[:8] == bytes.fromhex("01fe900100000014")
    assert datagram[8:24] == ADDR.packed
    assert datagram[24:] == bytes.fromhex("c350" "10" "00")
    assert sdp.decode(datagram) == response


@pytest.mark.parametrize(
    "datagram",
    [
        bytes.fromhex("01fe900000000002"),  # truncated
        bytes.fromhex("01fe90000000000220"),  # truncated
        bytes.fromhex("01fe9000000000022000"),  # unknown security
        bytes.fromhex("01fe9000000000021001"),  # unknown transport
        bytes.fromhex("01fe900000000003100000"),  # wrong size
        bytes.fromhex("01fe800100000002" "1000"),  # not an SDP type
        bytes.fromhex("02fd9000000000021000"),  # wrong version
        b"",
    ],
)
def test_malformed_datagrams_raise_typed_errors(datagram: bytes) -> None:
    with pytest.raises((SdpError, FramingError)):
        sdp.decode(datagram)


def _run_client(client: SdpClient, server: SdpServer | None, drop: int = 0) -> tuple[list[float], object]:
    """Drive a client against a server with injected time; drop the first `drop` requests."""
    now = 0.0
    send_times: list[float] = []
    client.start(now)
    while not client.done:
        for datagram in client.datagrams_to_send(now):
            send_times.append(now)
            if server is not None and len(send_times) > drop:
                answer = server.handle_datagram(datagram)
                if answer is not None:
                    client.receive_datagram(answer, now + 0.01)
        deadline = client.get_timer()
        if deadline is None:
            break
        now = deadline
        client.handle_timer(now)
    return send_times, client.next_event()


def test_discovery_first_try() -> None:
    server = SdpServer(SdpServerConfig(ADDR, tcp_port=50000))
    times, event = _run_client(SdpClient(), server)
    assert times == [0.0]
    assert event == Discovered(SdpResponse(ADDR, 50000, Security.NONE), 1)


def test_discovery_after_lost_requests() -> None:
    server = SdpServer(SdpServerConfig(ADDR, tcp_port=50000))
    times, event = _run_client(SdpClient(), server, drop=3)
    assert times == pytest.approx([0.0, 0.25, 0.5, 0.75])
    assert isinstance(event, Discovered)
    assert event.requests_sent == 4


def test_discovery_gives_up_after_50_requests() -> None:
    times, event = _run_client(SdpClient(), None)
    assert len(times) == 50
    assert times[-1] == pytest.approx(49 * 0.25)
    assert isinstance(event, DiscoveryFailed)
    assert event.requests_sent == 50


def test_client_ignores_garbage_and_requests() -> None:
    client = SdpClient()
    client.start(0.0)
    client.receive_datagram(b"\x00" * 7, 0.01)
    client.receive_datagram(SdpRequest(Security.NONE).to_datagram(), 0.02)
    assert client.next_event() is None
    assert client.ignored == 2
    client.receive_datagram(SdpResponse(ADDR, 50001, Security.NONE).to_datagram(), 0.03)
    assert isinstance(client.next_event(), Discovered)


def test_client_that_insists_on_tls_ignores_plain_offers() -> None:
    client = SdpClient(SdpClientConfig(security=Security.TLS, accept_security=frozenset({Security.TLS})))
    client.start(0.0)
    client.receive_datagram(SdpResponse(ADDR, 50001, Security.NONE).to_datagram(), 0.01)
    assert client.next_event() is None
    client.receive_datagram(SdpResponse(ADDR, 50002, Security.TLS).to_datagram(), 0.02)
    event = client.next_event()
    assert isinstance(event, Discovered)
    assert event.response.port == 50002


@pytest.mark.parametrize(
    ("tcp", "tls", "wish", "port", "security"),
    [
        (50000, 50001, Security.TLS, 50001, Security.TLS),
        (50000, 50001, Security.NONE, 50000, Security.NONE),
        (None, 50001, Security.NONE, 50001, Security.TLS),  # -20 style: TLS only
        (50000, None, Security.TLS, 50000, Security.NONE),  # DIN style: no TLS
    ],
)
def test_server_security_selection(
    tcp: int | None, tls: int | None, wish: Security, port: int, security: Security
) -> None:
    server = SdpServer(SdpServerConfig(ADDR, tcp_port=tcp, tls_port=tls))
    answer = server.handle_datagram(SdpRequest(wish).to_datagram())
    assert answer is not None
    response = sdp.decode(answer)
    assert response == SdpResponse(ADDR, port, security, Transport.TCP)


def test_server_config_needs_a_port() -> None:
    with pytest.raises(ValueError):
        SdpServerConfig(ADDR)


def test_client_config_validation() -> None:
    with pytest.raises(ValueError):
        SdpClientConfig(retry_interval=0)
    with pytest.raises(ValueError):
        SdpClientConfig(max_requests=0)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=40))
def test_server_never_crashes_on_any_datagram(data: bytes) -> None:
    server = SdpServer(SdpServerConfig(ADDR, tcp_port=50000))
    answer = server.handle_datagram(data)
    if answer is not None:
        assert isinstance(sdp.decode(answer), SdpResponse)
        assert isinstance(sdp.decode(data), SdpRequest)
    assert server.answered + server.ignored == 1


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=16, max_size=16), st.integers(1, 65535), st.sampled_from(Security))
def test_response_round_trip(raw: bytes, port: int, security: Security) -> None:
    response = SdpResponse(ipaddress.IPv6Address(raw), port, security)
    assert sdp.decode(response.to_datagram()) == response
    assert v2gtp.decode_header(response.to_datagram()).length == 20
