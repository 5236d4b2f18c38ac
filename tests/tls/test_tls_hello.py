"""What the EVCC's ClientHello carries, parsed from the bytes it sends ([V2G2-651], [V2G20-1637/1638],
[V2G20-2372]), and how the SECC picks its chain and profile from a ClientHello."""

from __future__ import annotations

import contextlib
import datetime as dt
import ssl
from pathlib import Path

import pytest
from _pair import CLIENT_PATHS, ours, run
from cryptography import x509
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tls import hello
from tls.conn import TlsConnection, TlsError
from tls.context import (
    ClientConfig,
    Credentials,
    ServerConfig,
    client_config_from_dir,
    client_config_from_dirs,
    iso2_client_context,
    iso2_server_context,
    iso20_client_context,
    iso20_server_context,
    key_sha1,
    serve_both,
    server_config_from_dir,
)
from tls.pki import Pki, PkiConfig, create_pki
from tls.profiles import Role
from tls.store import chain_path, key_path, root_path, write_pki


def _client_hello(ctx: object) -> hello.ClientHello:
    conn = TlsConnection(ctx)  # type: ignore[arg-type]
    return hello.parse_client_hello(conn.data_to_send())


def test_iso2_client_hello(pki_dirs: dict[str, Path], pkis: dict[str, object]) -> None:
    d = pki_dirs["iso2"]
    h = _client_hello(iso2_client_context(client_config_from_dir(d, "iso2")))
    assert h.suite_names == ("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",)
    assert h.group_names == ("secp256r1",)
    assert h.sigalg_names == ("ecdsa_secp256r1_sha256",)
    assert not h.tls13 and h.legacy_version == hello.TLS12
    assert h.status_request  # [V2G2-873]: the EVCC asks for a stapled OCSP response
    root = pkis["iso2"].certs[Role.V2G_ROOT]  # type: ignore[attr-defined]
    assert h.trusted_ca_keys == ((hello.KEY_SHA1_HASH, key_sha1(root)),)  # [V2G2-651]
    assert hello.EXT_STATUS_REQUEST_V2 not in h.extensions  # not in OpenSSL: a documented deviation


@pytest.mark.parametrize("path", CLIENT_PATHS)
@pytest.mark.parametrize("variant", ["iso20", "iso20-ed448"])
def test_iso20_client_hello(pki_dirs: dict[str, Path], pkis: dict[str, Pki], variant: str, path: str) -> None:
    ctx = iso20_client_context(client_config_from_dir(pki_dirs[variant], "iso20"))
    h = hello.parse_client_hello(ours(ctx, path).data_to_send())
    assert h.versions == (hello.TLS13,)
    assert h.cipher_suite_names == ("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256")  # Table 6
    # OpenSSL 3.0 (the system path) appends the renegotiation SCSV, a signal, not a suite
    assert set(h.suite_names) - set(h.cipher_suite_names) <= (
        {"TLS_EMPTY_RENEGOTIATION_INFO_SCSV"} if path == "system" else set())
    assert h.group_names == ("secp521r1", "x448")  # [V2G20-1637/1638], in this order
    assert h.sigalg_names == ("ecdsa_secp521r1_sha512", "ed448")  # Table 8
    assert h.status_request  # [V2G20-2372]
    assert not h.trusted_ca_keys
    assert hello.EXT_STATUS_REQUEST_V2 not in h.extensions  # not in OpenSSL: a documented deviation
    if path == "system":  # [V2G20-2369/2370]: exactly the DER subject names of the EVCC's V2G roots
        root = pkis[variant].certs[Role.V2G_ROOT]
        assert hello.EXT_CERTIFICATE_AUTHORITIES in h.extensions
        assert h.certificate_authorities == (root.subject.public_bytes(),)
    else:  # the bundled OpenSSL cannot send it (docs/pki.md, known deviations)
        assert hello.EXT_CERTIFICATE_AUTHORITIES not in h.extensions


def test_the_system_path_names_every_v2g_root_it_trusts(
    pki_dirs: dict[str, Path], second_iso20: Path
) -> None:
    config = client_config_from_dirs([pki_dirs["iso20"], second_iso20], "iso20")
    h = hello.parse_client_hello(ours(iso20_client_context(config), "system").data_to_send())
    roots = [x509.load_pem_x509_certificate(root_path(d, Role.V2G_ROOT).read_bytes())
             for d in (pki_dirs["iso20"], second_iso20)]
    assert h.certificate_authorities == tuple(r.subject.public_bytes() for r in roots)
    assert len(set(h.certificate_authorities)) == 2


def test_parser_refuses_what_is_no_client_hello() -> None:
    with pytest.raises(hello.HelloError):
        hello.hello_length(b"\x01\x02\x03")  # not a handshake record
    with pytest.raises(hello.HelloError):
        hello.parse_client_hello(b"\x16\x03\x01\x00\x05\x02\x00\x00\x01\x00")  # a ServerHello
    assert hello.hello_length(b"\x16\x03") is None


def test_a_server_connection_refuses_non_tls_first_bytes(pki_dirs: dict[str, Path]) -> None:
    conn = TlsConnection(iso2_server_context(server_config_from_dir(pki_dirs["iso2"], "iso2")))
    with pytest.raises(Exception, match="not a TLS ClientHello"):
        conn.receive_data(b"\x01\xfe\x80\x01\x00\x00\x00\x02")  # a V2GTP header


@pytest.fixture(scope="module")
def second_iso2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another -2 PKI: another V2G root, another SECC chain."""
    d = tmp_path_factory.mktemp("pki-iso2-second")
    write_pki(
        create_pki(
            PkiConfig(
                "iso2",
                dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1),
                secc_common_name="SECC-under-root-B",
            )
        ),
        d,
    )
    return d


@pytest.fixture(scope="module")
def second_iso20(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another -20 PKI: another V2G root (O=Other V2G PKI), another SECC chain (CN=SECC-B)."""
    d = tmp_path_factory.mktemp("pki-iso20-second")
    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    config = PkiConfig("iso20", start, organization="Other V2G PKI", secc_common_name="SECC-B")
    write_pki(create_pki(config), d)
    return d


def _creds(d: Path) -> Credentials:
    return Credentials(
        chain_path(d, Role.SECC_LEAF, "iso2"),
        key_path(d, Role.SECC_LEAF, "iso2"),
        root=root_path(d, Role.V2G_ROOT),
    )


def test_the_secc_sends_the_chain_under_the_root_the_ev_names(
    pki_dirs: dict[str, Path], second_iso2: Path
) -> None:
    first = pki_dirs["iso2"]
    server = iso2_server_context(ServerConfig(_creds(first), alternatives=(_creds(second_iso2),)))
    for d in (first, second_iso2):  # each EV trusts one root only, and names it in trusted_ca_keys
        result = run(server, iso2_client_context(client_config_from_dir(d, "iso2")))
        assert result.client.ok, result.client.error
        leaf = result.client_peer.info.peer_subjects[0]  # type: ignore[union-attr]
        assert ("SECC-under-root-B" in leaf) == (d == second_iso2)
    # a client that names no root gets the first chain: the second EV's root cannot verify it
    foreign = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    foreign.check_hostname = False
    foreign.load_verify_locations(str(root_path(second_iso2, Role.V2G_ROOT)))
    assert not run(server, foreign).client.ok


def _iso20_creds(d: Path, role: Role) -> Credentials:
    return Credentials(
        chain_path(d, role, "iso20"), key_path(d, role, "iso20"), root=root_path(d, Role.V2G_ROOT)
    )


@pytest.mark.parametrize("path", CLIENT_PATHS)
def test_the_iso20_secc_sends_the_chain_under_the_root_our_evcc_names(
    pki_dirs: dict[str, Path], second_iso20: Path, path: str
) -> None:
    """[V2G20-2369/2370]: our -20 EVCC names its V2G root in certificate_authorities, and the SECC,
    holding chains under two V2G roots, presents the one under it. Without the extension (the
    pyOpenSSL path) the SECC can only present its first chain, which an EV trusting only the second
    root refuses."""
    first = pki_dirs["iso20"]
    server = iso20_server_context(ServerConfig(
        _iso20_creds(first, Role.SECC_LEAF), root_path(first, Role.OEM_ROOT),
        alternatives=(_iso20_creds(second_iso20, Role.SECC_LEAF),)))
    for d in (first, second_iso20):  # each EV trusts one V2G root only
        vehicle = _iso20_creds(first, Role.VEHICLE_LEAF)
        client = iso20_client_context(ClientConfig(root_path(d, Role.V2G_ROOT), vehicle))
        result = run(server, client, client_path=path)
        if path == "pyopenssl" and d == second_iso20:
            assert not result.client.ok and "certificate verify failed" in str(result.client.error)
            continue
        assert result.client.ok and result.server.ok, (result.client.error, result.server.error)
        leaf = result.client_peer.info.peer_subjects[0]  # type: ignore[union-attr]
        assert ("CN=SECC-B" in leaf) == (d == second_iso20), leaf


def test_one_port_serves_iso2_over_tls12_and_iso20_over_tls13(pki_dirs: dict[str, Path]) -> None:
    d2, d20 = pki_dirs["iso2"], pki_dirs["iso20"]
    both = serve_both(
        iso2_server_context(server_config_from_dir(d2, "iso2")),
        iso20_server_context(server_config_from_dir(d20, "iso20")),
    )
    r2 = run(both, iso2_client_context(client_config_from_dir(d2, "iso2")))
    r20 = run(both, iso20_client_context(client_config_from_dir(d20, "iso20")))
    assert r2.server.ok and r2.client.ok and r20.server.ok and r20.client.ok
    assert (r2.server.version, r20.server.version) == ("TLSv1.2", "TLSv1.3")
    info2, info20 = r2.server_peer.info, r20.server_peer.info  # type: ignore[union-attr]
    assert (info2.profile, info2.peer_chain) == ("iso2", ())  # -2: no CertificateRequest
    assert info20.profile == "iso20" and len(info20.peer_chain) == 3  # the vehicle leaf and its Sub-CAs


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mangled_client_hellos_are_a_typed_error_or_a_handshake_failure(
    pki_dirs: dict[str, Path], data: st.DataObject
) -> None:
    """Bytes cut, flipped or appended anywhere in a real ClientHello: the parser raises HelloError or
    decodes; a server connection raises TlsError or waits for more; nothing else escapes."""
    good = TlsConnection(iso2_client_context(client_config_from_dir(pki_dirs["iso2"], "iso2"))).data_to_send()
    cut = data.draw(st.integers(0, len(good)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(good) - 1), st.integers(0, 255)), max_size=4))
    mangled = bytearray(good[:cut] + data.draw(st.binary(max_size=16)))
    for index, value in flips:
        if index < len(mangled):
            mangled[index] = value
    with contextlib.suppress(hello.HelloError):
        hello.parse_client_hello(bytes(mangled))
    server = TlsConnection(iso2_server_context(server_config_from_dir(pki_dirs["iso2"], "iso2")))
    with contextlib.suppress(TlsError):
        server.receive_data(bytes(mangled))
