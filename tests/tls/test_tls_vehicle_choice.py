"""An EVCC holding vehicle chains under two OEM roots presents the one whose root the SECC's
CertificateRequest names [V2G20-2401], the first otherwise (said in TlsInfo.own_choice)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from _pair import run
from _sockets import client_against_s_server, needs_openssl
from cryptography import x509

from tls.conn import TlsError
from tls.context import (
    ClientConfig,
    ServerConfig,
    TlsContext,
    client_config_from_dirs,
    iso2_client_context,
    iso20_client_context,
    iso20_server_context,
    server_config_from_dir,
)
from tls.errors import ContextError
from tls.pki import PkiConfig, create_pki
from tls.profiles import Role
from tls.store import chain_path, key_path, root_path, write_pki
from tls.validate import subject_of


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two -20 PKIs whose roots differ by name (OEM A, OEM B)."""
    start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(minutes=1)
    out = {}
    for name in ("A", "B"):
        d = tmp_path_factory.mktemp(f"pki-oem-{name}")
        write_pki(create_pki(PkiConfig("iso20", start, organization=f"OEM {name}")), d)
        out[name] = d
    return out


def _vehicle_subject(pki: Path) -> str:
    leaf = x509.load_pem_x509_certificates(chain_path(pki, Role.VEHICLE_LEAF, "iso20").read_bytes())[0]
    return subject_of(leaf)


@pytest.mark.parametrize(("trusted", "order"), [("B", "AB"), ("A", "AB"), ("B", "BA")])
def test_the_evcc_presents_the_chain_the_secc_names(
    two: dict[str, Path], trusted: str, order: str, client_path: str
) -> None:
    server = iso20_server_context(server_config_from_dir(two[trusted], "iso20"))
    client = iso20_client_context(client_config_from_dirs([two[o] for o in order], "iso20"))
    result = run(server, client, client_path=client_path)
    assert result.server.ok and result.client.ok, (result.server.error, result.client.error)
    seen = result.server_peer.info.peer_subjects  # type: ignore[union-attr]
    assert seen[0] == _vehicle_subject(two[trusted]) and f"O=OEM {trusted}" in seen[0]
    assert result.client_peer.info.own_choice == (  # type: ignore[union-attr]
        f"{_vehicle_subject(two[trusted])} (named by the SECC)")
    assert result.client_peer.info.as_dict()["certificate"].endswith("(named by the SECC)")  # type: ignore[union-attr]


def test_the_key_log_survives_the_switch_of_chain(
    two: dict[str, Path], tmp_path: Path, client_path: str
) -> None:
    server = iso20_server_context(server_config_from_dir(two["B"], "iso20"))
    config = client_config_from_dirs([two["A"], two["B"]], "iso20", keylog=tmp_path / "keys")
    result = run(server, iso20_client_context(config), client_path=client_path)
    assert result.client.ok and "named by the SECC" in result.client_peer.own_choice  # type: ignore[union-attr]
    labels = {line.split()[0] for line in (tmp_path / "keys").read_text().splitlines()}
    assert labels == {"CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                      "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0", "EXPORTER_SECRET"}, labels


def test_a_secc_trusting_neither_root_fails_the_handshake(
    two: dict[str, Path], pki_dirs: dict[str, Path], client_path: str
) -> None:
    config = server_config_from_dir(two["B"], "iso20")
    other = root_path(pki_dirs["iso20"], Role.OEM_ROOT)  # O=V2G Test PKI: neither OEM A nor OEM B
    server = iso20_server_context(ServerConfig(config.credentials, other))
    client = iso20_client_context(client_config_from_dirs([two["A"], two["B"]], "iso20"))
    result = run(server, client, client_path=client_path)
    assert isinstance(result.server.error, TlsError), result.server.error
    assert "certificate verify failed" in str(result.server.error)
    assert not result.server.ok and not result.client.ok
    choice = result.client_peer.own_choice  # type: ignore[union-attr]
    assert choice == f"{_vehicle_subject(two['A'])} (fallback: the SECC named none of its roots)"


def test_a_failing_choice_fails_the_handshake_with_a_typed_error(
    two: dict[str, Path], monkeypatch: pytest.MonkeyPatch, client_path: str
) -> None:
    server = iso20_server_context(server_config_from_dir(two["B"], "iso20"))
    client = iso20_client_context(client_config_from_dirs([two["A"], two["B"]], "iso20"))

    def broken(self: TlsContext, names: object) -> None:
        raise RuntimeError("no chain today")

    monkeypatch.setattr(TlsContext, "pick_vehicle", broken)
    result = run(server, client, client_path=client_path)
    assert isinstance(result.client.error, TlsError)
    assert str(result.client.error) == "vehicle certificate selection failed: RuntimeError: no chain today"
    assert not result.server.ok


def test_one_vehicle_chain_needs_no_choice(two: dict[str, Path]) -> None:
    server = iso20_server_context(server_config_from_dir(two["A"], "iso20"))
    client = iso20_client_context(client_config_from_dirs([two["A"]], "iso20"))
    result = run(server, client)
    assert result.server.ok and result.client.ok
    assert result.client_peer.info.own_choice == ""  # type: ignore[union-attr]
    assert "certificate" not in result.client_peer.info.as_dict()  # type: ignore[union-attr]


def test_several_vehicle_chains_are_for_iso20_only(two: dict[str, Path], pki_dirs: dict[str, Path]) -> None:
    config = client_config_from_dirs([two["A"], two["B"]], "iso20")
    with pytest.raises(ContextError, match="ISO 15118-20"):
        roots = root_path(pki_dirs["iso2"], Role.V2G_ROOT)
        iso2_client_context(ClientConfig(roots, alternatives=config.alternatives))


@needs_openssl
def test_against_openssl_s_server_asking_for_the_second_root(two: dict[str, Path], client_path: str) -> None:
    b = two["B"]
    secc = str(chain_path(b, Role.SECC_LEAF, "iso20"))
    client = iso20_client_context(client_config_from_dirs([two["A"], b], "iso20"))
    key = str(key_path(b, Role.SECC_LEAF, "iso20"))
    result = client_against_s_server(
        client, "-tls1_3", "-cert", secc, "-cert_chain", secc, "-key", key,
        "-Verify", "1", "-verify_return_error", "-CAfile", str(root_path(b, Role.OEM_ROOT)),
        "-rev",  # answers a line reversed, once it accepted the vehicle certificate
        send=b"ping\n",
        path=client_path,
    )
    assert result.info is not None and result.reply == b"gnip\n", result.error
    assert result.info.own_choice == f"{_vehicle_subject(b)} (named by the SECC)"
