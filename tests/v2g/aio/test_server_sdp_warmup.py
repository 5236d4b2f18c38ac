"""What one hostile client may cost a charger: an SDP responder that outlives send errors, and
warm-up of the C EXI tables."""

from __future__ import annotations

import asyncio
import errno
import ipaddress

import pytest

from exi import _select
from v2g.aio.runner import warm_up
from v2g.aio.sdp import SdpResponder
from v2g.apphand import DIN, ISO2, ISO20_DC
from v2g.sdp import SdpRequest, SdpServerConfig, Security

# ------------------------------------------------------------------------------ SDP


class _Stream:
    """Stands for the responder's UDP socket: requests from three sources, one unroutable; like
    asyncio_dgram, a send error may also surface on the next receive."""

    def __init__(self, datagrams: list[tuple[bytes, object] | OSError]) -> None:
        self.incoming = datagrams
        self.sent: list[object] = []

    async def recv(self) -> tuple[bytes, object]:
        import asyncio_dgram

        if not self.incoming:
            raise asyncio_dgram.TransportClosed()
        item = self.incoming.pop(0)
        if isinstance(item, OSError):
            raise item
        return item

    async def send(self, data: bytes, addr: object) -> None:
        if addr == ("fe80::dead", 1, 0, 99):
            raise OSError(errno.ENETUNREACH, "Network is unreachable")
        self.sent.append(addr)


async def test_an_sdp_answer_that_cannot_be_sent_drops_that_answer_only() -> None:
    request = SdpRequest(Security.NONE).to_datagram()
    good, bad = ("::1", 5000, 0, 0), ("fe80::dead", 1, 0, 99)
    stream = _Stream([
        (request, good),
        (request, bad),
        OSError(errno.ENETUNREACH, "Network is unreachable"),  # reported late, on the next receive
        (request, good),
    ])
    responder = SdpResponder("lo", SdpServerConfig(ipaddress.IPv6Address("::1"), tcp_port=50000))
    await asyncio.wait_for(responder._serve(stream), 2.0)  # type: ignore[arg-type]
    assert stream.sent == [good, good]
    assert responder.send_errors == 2


# ------------------------------------------------------------------------------ warm-up


def test_warm_up_builds_the_engine_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    if not _select.C_AVAILABLE:
        pytest.skip("the C engine is not built")
    for name in ("_CODECS", "ACTIVE", "DECODERS"):
        monkeypatch.setattr(_select, name, {})  # a fresh process: no tables built yet
    monkeypatch.setattr(_select, "ENGINE", "c")
    warm_up((DIN, ISO2, ISO20_DC), freeze_gc=False)
    for schema in ("app", "din", "iso2", "iso20", "iso20-dc"):
        assert schema in _select._CODECS, schema
        assert _select.ACTIVE[schema] is _select._CODECS[schema]
        assert type(_select.ACTIVE[schema]).__module__.endswith("_cengine"), schema
