"""The SECC's own choice of ports: in the dynamic range, a taken one tried again."""

from __future__ import annotations

import errno
import socket

import pytest

from v2g.aio.ports import DYNAMIC_PORTS, start_in_dynamic_range
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.aio.server import CoreServer
from v2g.controller import SimulatedDcEvse


async def test_a_taken_port_is_tried_again() -> None:
    with socket.socket(socket.AF_INET6) as taken:
        taken.bind(("::1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
            free = probe.getsockname()[1]
        picks = iter([busy, busy, free])
        server = CoreServer(lambda now: None)  # type: ignore[arg-type,return-value]
        await start_in_dynamic_range(server, "::1", pick=lambda: next(picks))
        try:
            assert server.port == free
        finally:
            await server.close()


async def test_no_free_port_is_an_os_error_that_says_so() -> None:
    with socket.socket(socket.AF_INET6) as taken:
        taken.bind(("::1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        server = CoreServer(lambda now: None)  # type: ignore[arg-type,return-value]
        with pytest.raises(OSError, match="no free port in 49152-65535") as info:
            await start_in_dynamic_range(server, "::1", pick=lambda: busy, tries=3)
        assert info.value.errno == errno.EADDRINUSE


async def test_both_servers_listen_in_the_dynamic_range() -> None:
    for _ in range(20):
        async with SeccServer(SeccServerConfig(host="::1", freeze_gc=False), SimulatedDcEvse) as server:
            assert server.tcp_port is not None
            assert DYNAMIC_PORTS[0] <= server.tcp_port <= DYNAMIC_PORTS[1]
