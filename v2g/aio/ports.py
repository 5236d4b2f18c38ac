"""The SECC's own ports: when the user leaves them open, TCP and TLS listen on a free port of the
dynamic range, as the SDP response requires (an EVCC refuses a port below 49152)."""

from __future__ import annotations

import errno
import random
from collections.abc import Callable

from v2g.aio.server import CoreServer
from v2g.aio.tlsedge import AnyTlsContext
from v2g.sdp import MIN_SECC_PORT

DYNAMIC_PORTS = (MIN_SECC_PORT, 0xFFFF)
"""The SECC's TCP and TLS ports, when left to it: the SDP response's SECC port is one of the dynamic
ports (ISO 15118-2 and DIN 70121, SDP response message; RFC 6335), and EVCCs refuse others."""
PORT_TRIES = 64


def dynamic_port() -> int:
    return random.randint(*DYNAMIC_PORTS)


async def start_in_dynamic_range(
    server: CoreServer,
    host: str,
    *,
    ssl_context: AnyTlsContext | None = None,
    pick: Callable[[], int] = dynamic_port,
    tries: int = PORT_TRIES,
) -> None:
    """Listen on a free port in :data:`DYNAMIC_PORTS` (not the kernel's choice, which often is below):
    a taken one is tried again with another."""
    for _ in range(tries):
        try:
            await server.start(host, pick(), ssl_context=ssl_context)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
        else:
            return
    raise OSError(errno.EADDRINUSE, f"no free port in {DYNAMIC_PORTS[0]}-{DYNAMIC_PORTS[1]} on [{host}] "
                  f"after {tries} tries")
