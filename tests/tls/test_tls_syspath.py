"""The ISO 15118-20 EVCC's second TLS path (tls.sysconn on the system libssl through ctypes): the
fallback to pyOpenSSL when that library cannot be used, still connecting and saying what it could not
send; the context's lifetime. What the path sends and negotiates: test_tls_hello.py,
test_tls_context.py, test_tls_openssl.py, test_tls_vehicle_choice.py (parametrised over both paths)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from _pair import run

from tls import _sysssl, hello
from tls.conn import SystemTlsConnection, TlsConnection, TlsError, open_connection
from tls.context import (
    client_config_from_dir,
    iso20_client_context,
    iso20_server_context,
    server_config_from_dir,
)


@pytest.fixture
def library_names(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names the loader tries (set them in the test); the loaded library forgotten before and
    after."""
    names: list[str] = []
    _sysssl.library.cache_clear()
    monkeypatch.setattr(_sysssl, "_candidates", lambda: tuple(names))
    yield names
    _sysssl.library.cache_clear()


@pytest.mark.parametrize(("name", "why"), [
    ("libssl-not-here.so.99", "cannot load libssl-not-here.so.99"),
    ("libcrypto.so.3", "libcrypto.so.3 lacks TLS_client_method"),  # loads, but is no libssl
])
def test_without_a_usable_system_libssl_the_evcc_falls_back_and_says_so(
    pki_dirs: dict[str, Path], library_names: list[str], caplog: pytest.LogCaptureFixture, name: str, why: str
) -> None:
    library_names.append(name)
    d = pki_dirs["iso20"]
    with caplog.at_level(logging.WARNING, logger="tls.sysconn"):
        client = iso20_client_context(client_config_from_dir(d, "iso20"))
    assert client.system is None and why in client.system_error
    assert any("certificate_authorities will not be sent" in r.getMessage() and why in r.getMessage()
               for r in caplog.records), caplog.text
    assert isinstance(open_connection(client), TlsConnection)
    result = run(iso20_server_context(server_config_from_dir(d, "iso20")), client)
    assert result.client.ok and result.server.ok, (result.client.error, result.server.error)
    info = result.client_peer.info  # type: ignore[union-attr]
    (said,) = info.deviations
    assert said.startswith(f"certificate_authorities not sent (system libssl unavailable: {why}"), said
    assert "[certificate_authorities not sent" in info.summary()
    assert info.as_dict()["deviations"] == list(info.deviations)
    assert result.server_peer.hello is not None  # type: ignore[union-attr]
    assert hello.EXT_CERTIFICATE_AUTHORITIES not in result.server_peer.hello.extensions  # type: ignore[union-attr]


def test_the_loader_finds_the_system_libssl_3() -> None:
    lib = _sysssl.library()
    assert lib.version >= _sysssl.MIN_VERSION and "ssl" in lib.name


def test_only_the_iso20_evcc_takes_the_system_path(pki_dirs: dict[str, Path]) -> None:
    d = pki_dirs["iso20"]
    client = iso20_client_context(client_config_from_dir(d, "iso20"))
    server = iso20_server_context(server_config_from_dir(d, "iso20"))
    assert isinstance(open_connection(client), SystemTlsConnection)
    assert isinstance(open_connection(server), TlsConnection) and server.system is None
    with pytest.raises(ValueError, match="client context"):
        SystemTlsConnection(server)


def test_a_connection_outlives_its_closed_context(pki_dirs: dict[str, Path]) -> None:
    """SSL_new holds a reference on its SSL_CTX: closing the context frees it only once the last
    connection is gone; a new connection on a closed context is a TlsError."""
    d = pki_dirs["iso20"]
    client = iso20_client_context(client_config_from_dir(d, "iso20"))
    server = TlsConnection(iso20_server_context(server_config_from_dir(d, "iso20")))
    conn = open_connection(client)
    assert client.system is not None
    client.system.close()
    for _ in range(4):
        if out := conn.data_to_send():
            server.receive_data(out)
        if out := server.data_to_send():
            conn.receive_data(out)
    assert conn.handshake_complete and server.handshake_complete
    conn.send(b"still here")
    server.receive_data(conn.data_to_send())
    assert server.read() == b"still here"
    with pytest.raises(TlsError, match="closed"):
        open_connection(client)


def test_the_evcc_refuses_a_secc_under_a_root_it_does_not_trust(
    pki_dirs: dict[str, Path], client_path: str
) -> None:
    """Only the V2G roots given are trusted (no default store): a SECC chain under the V2G root while
    the EVCC trusts the MO root only fails verification, on both paths."""
    d = pki_dirs["iso20"]
    config = client_config_from_dir(d, "iso20")
    client = iso20_client_context(dataclasses.replace(config, server_roots=d / "roots" / "MO_ROOT_CA.pem"))
    result = run(iso20_server_context(server_config_from_dir(d, "iso20")), client, client_path=client_path)
    assert isinstance(result.client.error, TlsError), result.client.error
    assert "certificate verify failed" in str(result.client.error) and not result.server.ok


def test_bytes_that_are_not_tls_are_a_typed_error(pki_dirs: dict[str, Path]) -> None:
    conn = open_connection(iso20_client_context(client_config_from_dir(pki_dirs["iso20"], "iso20")))
    assert isinstance(conn, SystemTlsConnection) and conn.data_to_send()
    with pytest.raises(TlsError, match="before the handshake"):
        conn.send(b"early")
    with pytest.raises(TlsError, match=r"^TLS: "):
        conn.receive_data(b"\x01\xfe\x80\x01\x00\x00\x00\x02" * 4)  # a V2GTP header, not a record
    with pytest.raises(TlsError, match="handshake not complete"):
        _ = conn.info
