"""The client's TLS connect path over our TLS layer, and what a caller is told when a connection
cannot be made.

:func:`connect_tls` opens the TCP connection and runs the handshake and the checks after it
(:func:`v2g.aio.tlsedge.open_tls`: the SECC certificate profile, the stapled OCSP status) within the
connect timeout; only then is the session protocol built. :func:`why_not_connected` words the
reason a connection failed, for this path and for the plain TCP and ``ssl.SSLContext`` paths of
:func:`v2g.aio.runner.connect`.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable
from typing import TypeVar

from tls.conn import TlsError
from v2g.aio.tlsedge import AnyTlsContext, TlsContext, open_tls
from v2g.aio.transport import ConnectionClosed, TransportConfig

__all__ = ["connect_tls", "why_not_connected"]

P = TypeVar("P", bound=asyncio.Protocol)


async def connect_tls(
    host: str, target: str, port: int, context: TlsContext, app: Callable[[], P], config: TransportConfig
) -> P:
    """Connect to ``target``:``port`` over :class:`v2g.aio.tlsedge.TlsEdge` (handshake and checks
    within ``config.connect_timeout``) and return the session protocol ``app()`` built after them.
    Raises :class:`v2g.aio.transport.ConnectionClosed` naming ``host`` and the reason."""
    made: list[P] = []

    def build() -> P:
        made.append(app())
        return made[0]

    try:
        await open_tls(target, port, context, build, config.connect_timeout)
    except (OSError, TlsError) as exc:
        if isinstance(exc, TlsError):
            why = f"TLS handshake failed: {exc}"
        else:
            why = why_not_connected(exc, config, context)
        raise ConnectionClosed(f"cannot connect to [{host}]:{port}: {why}") from exc
    return made[0]


def why_not_connected(exc: BaseException, config: TransportConfig, ssl_context: AnyTlsContext | None) -> str:
    """The reason a connect attempt failed with ``exc``, as the caller's error tells it."""
    if isinstance(exc, TimeoutError):
        return f"no connection within {config.connect_timeout} s"
    text = str(exc) or type(exc).__name__
    if ssl_context is not None and isinstance(exc, ConnectionResetError | ssl.SSLEOFError | EOFError):
        text += " during the TLS handshake (is that port a TLS port?)"
    return text
