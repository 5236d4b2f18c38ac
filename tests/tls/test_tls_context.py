"""TLS handshakes in memory with the created PKIs: -2 (TLS 1.2) and -20 (TLS 1.3, mutual)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import ssl
from pathlib import Path

import keylog_decrypt
import pytest
from _pair import Outcome, run
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from tls.conn import TlsError
from tls.context import (
    ClientConfig,
    Credentials,
    ServerConfig,
    TlsContext,
    check_negotiated,
    client_config_from_dir,
    iso2_client_context,
    iso2_server_context,
    iso20_client_context,
    iso20_server_context,
    server_config_from_dir,
)
from tls.errors import ContextError
from tls.pki import Pki, PkiConfig, issue_certificate, spec_for
from tls.profiles import Role, role_specs


def _run(
    server_ctx: TlsContext | ssl.SSLContext, client_ctx: TlsContext | ssl.SSLContext, path: str | None = None
) -> tuple[Outcome, Outcome]:
    """One connection in memory: the client sends b"ping", the server answers b"pong"; ``path``: a
    -20 client's path."""
    result = run(server_ctx, client_ctx, client_path=path)
    return result.server, result.client


def _run_recorded(
    server_ctx: TlsContext, client_ctx: TlsContext, path: str | None = None
) -> tuple[Outcome, Outcome, bytes, bytes]:
    """As :func:`_run`, with both directions recorded (a capture)."""
    result = run(server_ctx, client_ctx, client_path=path)
    return result.server, result.client, result.c2s, result.s2c


def _labels(path: Path) -> set[str]:
    return {line.split()[0] for line in path.read_text().splitlines() if line and not line.startswith("#")}


def test_iso2_handshake_and_keylog(pki_dirs: dict[str, Path], tmp_path: Path) -> None:
    d = pki_dirs["iso2"]
    keylog = tmp_path / "keys.log"
    server = iso2_server_context(server_config_from_dir(d, "iso2"))
    client = iso2_client_context(client_config_from_dir(d, "iso2", keylog=keylog))
    srv, cli = _run(server, client)
    assert srv.ok and cli.ok, (srv.error, cli.error)
    assert srv.data == b"ping"
    assert cli.version == "TLSv1.2" and cli.cipher == "ECDHE-ECDSA-AES128-SHA256"
    assert _labels(keylog) == {"CLIENT_RANDOM"}
    line = next(x for x in keylog.read_text().splitlines() if x.startswith("CLIENT_RANDOM")).split()
    assert len(bytes.fromhex(line[1])) == 32 and len(bytes.fromhex(line[2])) == 48  # random, master secret


@pytest.mark.parametrize("variant", ["iso20", "iso20-ed448"])
def test_iso20_mutual_handshake_and_keylog(
    pkis: dict[str, Pki], pki_dirs: dict[str, Path], tmp_path: Path, variant: str, client_path: str
) -> None:
    """The whole -20 handshake, P-521 (secp521r1) and Ed448 (the EVCC offering x448 only) PKIs, on
    both EVCC paths."""
    d = pki_dirs[variant]
    keylog = tmp_path / "keys.log"
    group = "x448" if variant == "iso20-ed448" else "secp521r1"
    server = iso20_server_context(server_config_from_dir(d, "iso20", keylog=keylog))
    client = iso20_client_context(dataclasses.replace(client_config_from_dir(d, "iso20"), group=group))
    result = run(server, client, client_path=client_path)
    srv, cli = result.server, result.client
    assert srv.ok and cli.ok, (srv.error, cli.error)
    assert cli.version == "TLSv1.3" and cli.cipher == "TLS_AES_256_GCM_SHA384"
    info = result.client_peer.info  # type: ignore[union-attr]
    assert (info.version, info.suite, info.profile) == ("TLSv1.3", "TLS_AES_256_GCM_SHA384", "iso20")
    assert info.group == group and len(info.peer_chain) == 3  # the SECC leaf and its Sub-CAs
    assert info.peer_subjects[0].endswith("CN=SECCCert") and info.ocsp == "none"
    sent = not info.deviations  # certificate_authorities: the system path sends it, pyOpenSSL cannot
    assert sent == (client_path == "system"), info.deviations
    root = pkis[variant].certs[Role.V2G_ROOT].subject.public_bytes()
    assert result.server_peer.hello.certificate_authorities == ((root,) if sent else ())  # type: ignore[union-attr]
    assert {
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
        "SERVER_TRAFFIC_SECRET_0",
        "EXPORTER_SECRET",
    } <= _labels(keylog)
    assert "CLIENT_RANDOM" not in _labels(keylog)


def test_iso2_client_rejects_untrusted_server(pki_dirs: dict[str, Path]) -> None:
    d = pki_dirs["iso2"]
    server = iso2_server_context(server_config_from_dir(d, "iso2"))
    # the MO root is not a V2G root
    client = iso2_client_context(ClientConfig(d / "roots" / "MO_ROOT_CA.pem"))
    srv, cli = _run(server, client)
    assert isinstance(cli.error, TlsError)
    assert "certificate verify failed" in str(cli.error)
    assert not srv.ok


def _expired_secc(pki: Pki, tmp_path: Path) -> Credentials:
    now = dt.datetime.now(dt.timezone.utc)
    spec = spec_for(
        role_specs(pki.profile)[Role.SECC_LEAF], PkiConfig(pki.profile, now - dt.timedelta(days=30))
    )
    spec = dataclasses.replace(spec, not_after=now - dt.timedelta(days=1))
    leaf = issue_certificate(
        spec, pki.keys[Role.SECC_LEAF], pki.keys[Role.CPO_SUB_CA2], pki.certs[Role.CPO_SUB_CA2], pki.algorithm
    )
    chain = tmp_path / "expired_chain.pem"
    chain.write_bytes(b"".join(c.public_bytes(Encoding.PEM) for c in [leaf, *pki.chain(Role.SECC_LEAF)[1:]]))
    key = tmp_path / "expired.key.pem"
    key.write_bytes(pki.keys[Role.SECC_LEAF].private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    return Credentials(chain, key)


def test_iso2_client_rejects_expired_server(
    pkis: dict[str, Pki], pki_dirs: dict[str, Path], tmp_path: Path
) -> None:
    server = iso2_server_context(ServerConfig(_expired_secc(pkis["iso2"], tmp_path)))
    client = iso2_client_context(client_config_from_dir(pki_dirs["iso2"], "iso2"))
    srv, cli = _run(server, client)
    assert isinstance(cli.error, TlsError) and "certificate verify failed" in str(cli.error)
    assert not srv.ok


def test_iso20_rejects_expired_server(
    pkis: dict[str, Pki], pki_dirs: dict[str, Path], tmp_path: Path, client_path: str
) -> None:
    d = pki_dirs["iso20"]
    server = iso20_server_context(
        ServerConfig(_expired_secc(pkis["iso20"], tmp_path), d / "roots" / "OEM_ROOT_CA.pem")
    )
    client = iso20_client_context(client_config_from_dir(d, "iso20"))
    srv, cli = _run(server, client, client_path)
    assert isinstance(cli.error, TlsError) and "certificate verify failed" in str(cli.error)
    assert not srv.ok


def test_iso20_server_rejects_untrusted_vehicle(pki_dirs: dict[str, Path], client_path: str) -> None:
    d = pki_dirs["iso20"]
    other = pki_dirs["iso20-ed448"]
    server = iso20_server_context(server_config_from_dir(d, "iso20"))
    # a vehicle certificate from another OEM PKI (the Ed448 one), trusting our V2G root
    vehicle = client_config_from_dir(other, "iso20")
    client = iso20_client_context(dataclasses.replace(vehicle, server_roots=d / "roots" / "V2G_ROOT_CA.pem"))
    srv, cli = _run(server, client, client_path)
    assert isinstance(srv.error, TlsError) and "certificate verify failed" in str(srv.error), srv.error
    assert not srv.ok and not cli.ok


def test_iso20_server_requires_a_client_certificate(pki_dirs: dict[str, Path]) -> None:
    d = pki_dirs["iso20"]
    server = iso20_server_context(server_config_from_dir(d, "iso20"))
    client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client.check_hostname = False
    client.load_verify_locations(str(d / "roots" / "V2G_ROOT_CA.pem"))
    srv, cli = _run(server, client)
    assert isinstance(srv.error, TlsError), srv.error
    assert not srv.ok and not cli.ok


def test_iso2_server_refuses_tls13_only_client(pki_dirs: dict[str, Path]) -> None:
    d = pki_dirs["iso2"]
    server = iso2_server_context(server_config_from_dir(d, "iso2"))
    client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client.check_hostname = False
    client.verify_mode = ssl.CERT_NONE
    client.minimum_version = ssl.TLSVersion.TLSv1_3
    srv, cli = _run(server, client)
    assert not srv.ok and not cli.ok
    assert isinstance(cli.error, ssl.SSLError) and isinstance(srv.error, TlsError)


def test_mutual_tls_configs_are_required() -> None:
    with pytest.raises(ContextError):
        iso20_server_context(ServerConfig(Credentials(Path("x"), Path("y"))))
    with pytest.raises(ContextError):
        iso20_client_context(ClientConfig(Path("roots.pem")))
    with pytest.raises(ContextError):
        iso2_client_context(ClientConfig(Path("/nonexistent/roots.pem")))


def test_a_pki_of_the_other_profile_is_refused_when_loading(pki_dirs: dict[str, Path]) -> None:
    iso2_dir = pki_dirs["iso2"]
    iso20_dir = next(d for name, d in pki_dirs.items() if name != "iso2")
    with pytest.raises(ContextError, match="holds an iso20 PKI"):
        server_config_from_dir(iso20_dir, "iso2")
    with pytest.raises(ContextError, match="holds an iso2 PKI"):
        client_config_from_dir(iso2_dir, "iso20")
    assert server_config_from_dir(iso2_dir, "iso2").credentials.chain.exists()


class _FakeConn:
    def __init__(self, version: str, cipher: str) -> None:
        self._v, self._c = version, cipher

    def version(self) -> str:
        return self._v

    def cipher(self) -> tuple[str, str, int]:
        return (self._c, self._v, 256)


def test_check_negotiated() -> None:
    assert check_negotiated(_FakeConn("TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256"), "iso20")  # type: ignore[arg-type]
    with pytest.raises(ContextError):
        check_negotiated(_FakeConn("TLSv1.3", "TLS_AES_128_GCM_SHA256"), "iso20")  # type: ignore[arg-type]
    with pytest.raises(ContextError):
        check_negotiated(_FakeConn("TLSv1.2", "ECDHE-ECDSA-AES256-SHA384"), "iso2")  # type: ignore[arg-type]
    assert check_negotiated(_FakeConn("TLSv1.2", "ECDHE-ECDSA-AES128-SHA256"), "iso2")  # type: ignore[arg-type]


def test_iso2_key_log_decrypts_the_capture(pki_dirs: dict[str, Path], tmp_path: Path) -> None:
    d = pki_dirs["iso2"]
    keylog = tmp_path / "keys.log"
    server = iso2_server_context(server_config_from_dir(d, "iso2", keylog=keylog))
    client = iso2_client_context(client_config_from_dir(d, "iso2"))
    srv, cli, c2s, s2c = _run_recorded(server, client)
    assert srv.ok and cli.ok, (srv.error, cli.error)
    assert b"ping" not in c2s and b"pong" not in s2c
    assert keylog_decrypt.tls12_application_data(c2s, s2c, keylog, from_client=True) == [b"ping"]
    assert keylog_decrypt.tls12_application_data(c2s, s2c, keylog, from_client=False) == [b"pong"]


@pytest.mark.parametrize("variant", ["iso20", "iso20-ed448"])
def test_iso20_key_log_decrypts_the_capture(
    pki_dirs: dict[str, Path], tmp_path: Path, variant: str, client_path: str
) -> None:
    d = pki_dirs[variant]
    keylog = tmp_path / "keys.log"
    server = iso20_server_context(server_config_from_dir(d, "iso20"))
    client = iso20_client_context(client_config_from_dir(d, "iso20", keylog=keylog))
    srv, cli, c2s, s2c = _run_recorded(server, client, client_path)
    assert srv.ok and cli.ok, (srv.error, cli.error)
    assert keylog_decrypt.tls13_application_data(c2s, s2c, keylog, from_client=True) == [b"ping"]
    assert keylog_decrypt.tls13_application_data(c2s, s2c, keylog, from_client=False) == [b"pong"]


def test_handshake_with_password_protected_keys(
    pkis: dict[str, Pki], tmp_path: Path, client_path: str
) -> None:
    from tls.store import write_pki

    write_pki(pkis["iso20"], tmp_path, b"pw")
    server = iso20_server_context(server_config_from_dir(tmp_path, "iso20", password=b"pw"))
    client = iso20_client_context(client_config_from_dir(tmp_path, "iso20", password=b"pw"))
    srv, cli = _run(server, client, client_path)
    assert srv.ok and cli.ok, (srv.error, cli.error)
    with pytest.raises(ContextError):
        iso20_server_context(server_config_from_dir(tmp_path, "iso20", password=b"wrong"))
