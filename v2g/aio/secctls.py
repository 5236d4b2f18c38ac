"""The SECC server's TLS context: which protocols the context lets the server serve
(:func:`serving_iso20`), and the context the TLS port's new connections use (:func:`use_tls_context`).

A context that speaks ISO 15118-20's TLS 1.3 (``tls.context.iso20_server_context``, or
``serve_both(iso2, iso20)``) adds ISO 15118-20 to the SECC's default protocols; which protocol a
connection may then select is decided per connection by its transport security
(:mod:`v2g.security`). A renewed SECC certificate comes as a new context, used by the connections
accepted from then on.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from v2g.aio.server import CoreServer
from v2g.aio.tlsedge import AnyTlsContext
from v2g.aio.tlsinfo import is_tls13
from v2g.iso20_catalog import protocols_for
from v2g.secc import SeccConfig

if TYPE_CHECKING:
    from v2g.aio.secc import SeccServerConfig

__all__ = ["serving_iso20", "use_tls_context"]

_DEFAULT_PROTOCOLS = SeccConfig.__dataclass_fields__["protocols"].default


def serving_iso20(config: SeccServerConfig) -> SeccServerConfig:
    """With a context that speaks ISO 15118-20's TLS 1.3 (``tls.context.iso20_server_context``, or
    ``serve_both(iso2, iso20)`` serving -2 over TLS 1.2 and -20 over TLS 1.3 mutual on the one TLS
    port, chosen from the ClientHello) and the SECC's protocols left at their default, the server
    serves ISO 15118-20 first (DC and/or AC after its energy modes), then ISO 15118-2 and DIN; -20
    is selected only on a TLS 1.3 connection with a vehicle certificate (:mod:`v2g.security`),
    the others on TLS 1.2 and the plain TCP port."""
    secc = config.secc
    if config.tls_port is None or not is_tls13(config.ssl_context) or secc.protocols != _DEFAULT_PROTOCOLS:
        return config
    protocols = protocols_for(secc.energy_modes) + secc.protocols
    return dataclasses.replace(config, secc=dataclasses.replace(secc, protocols=protocols))


def use_tls_context(server: CoreServer | None, ssl_context: AnyTlsContext) -> None:
    """The TLS port's (``server``, None: the SECC has none) new connections use ``ssl_context``;
    those already open keep theirs."""
    if server is not None:
        server.use_tls(ssl_context)
