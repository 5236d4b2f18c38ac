"""Our TLS contexts of a profile ("iso2": TLS 1.2, "iso20": TLS 1.3 with mutual authentication)
from a PKI folder written by ``tls.store.write_pki``: the SECC's and the EVCC's, for the benches."""

from __future__ import annotations

from pathlib import Path

from tls.context import (
    TlsContext,
    client_config_from_dir,
    iso2_client_context,
    iso2_server_context,
    iso20_client_context,
    iso20_server_context,
    server_config_from_dir,
)


def server_context(pki: Path, profile: str) -> TlsContext:
    make = iso20_server_context if profile == "iso20" else iso2_server_context
    return make(server_config_from_dir(pki, profile))


def client_context(pki: Path, profile: str) -> TlsContext:
    make = iso20_client_context if profile == "iso20" else iso2_client_context
    return make(client_config_from_dir(pki, profile))
