"""Our SECC and EVCC against ``openssl s_client`` / ``s_server``: what our own peers cannot show
(a client offering only TLS_AES_128_GCM_SHA256, x448 only; the CertificateRequest's signature
algorithms and CA names; a server presenting a DC=CPS leaf or stapling a revoked status)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from _sockets import Server, client_against_s_server, needs_openssl, s_client

from tls import ocsp
from tls.context import (
    Credentials,
    ServerConfig,
    client_config_from_dir,
    iso2_client_context,
    iso20_client_context,
    iso20_server_context,
    server_config_from_dir,
)
from tls.pki import Pki, PkiConfig, create_pki
from tls.profiles import Role
from tls.store import chain_path, key_path, root_path, write_pki

pytestmark = needs_openssl


def _vehicle(d: Path) -> list[str]:
    chain = str(chain_path(d, Role.VEHICLE_LEAF, "iso20"))
    return [
        "-cert",
        chain,
        "-cert_chain",
        chain,
        "-key",
        str(key_path(d, Role.VEHICLE_LEAF, "iso20")),
        "-CAfile",
        str(root_path(d, Role.V2G_ROOT)),
    ]


def test_iso20_secc_refuses_a_client_offering_only_aes128(pki_dirs: dict[str, Path]) -> None:
    d = pki_dirs["iso20"]
    server = Server(iso20_server_context(server_config_from_dir(d, "iso20")))
    out = s_client(server.port, "-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256", *_vehicle(d))
    result = server.join()
    assert result.info is None and "no shared cipher" in str(result.error), (result, out)


def test_iso20_secc_accepts_x448_and_asks_for_table8_and_its_ca_names(pki_dirs: dict[str, Path]) -> None:
    d = pki_dirs["iso20-ed448"]
    server = Server(iso20_server_context(server_config_from_dir(d, "iso20")))
    out = s_client(server.port, "-tls1_3", "-groups", "X448", *_vehicle(d))
    result = server.join()
    assert result.info is not None, (result.error, out)
    assert result.info.group == "x448" and result.info.version == "TLSv1.3"  # [V2G20-1634]
    assert "\nRequested Signature Algorithms: ECDSA+SHA512:ed448\n" in out  # [V2G20-1666/1667]
    names = out.split("Acceptable client certificate CA names\n", 1)[1].split("Requested", 1)[0]
    assert names.splitlines() == ["CN = OEMRootCA, O = V2G Test PKI, C = DE, DC = OEM"], names  # [V2G20-2401]
    assert "Server Temp Key: X448" in out


def test_iso20_secc_staples_ocsp(pkis: dict[str, Pki], pki_dirs: dict[str, Path]) -> None:
    d, pki = pki_dirs["iso20"], pkis["iso20"]
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=5)
    signer = ocsp.issue_signer(pki.certs[Role.CPO_SUB_CA2], pki.keys[Role.CPO_SUB_CA2], now=now)
    cache = ocsp.OcspCache(ocsp.LocalResponder(signer, lambda: now))
    server = Server(iso20_server_context(server_config_from_dir(d, "iso20", ocsp=cache)))
    out = s_client(server.port, "-tls1_3", "-status", *_vehicle(d))
    assert server.join().info is not None
    assert "OCSP Response Status: successful" in out and "Cert Status: good" in out  # [V2G20-2388]


def test_iso2_evcc_refuses_an_s_server_with_a_cps_leaf(pki_dirs: dict[str, Path]) -> None:
    d = pki_dirs["iso2"]
    chain = str(chain_path(d, Role.CPS_LEAF, "iso2"))
    result = client_against_s_server(
        iso2_client_context(client_config_from_dir(d, "iso2")),
        "-tls1_2",
        "-cert",
        chain,
        "-cert_chain",
        chain,
        "-key",
        str(key_path(d, Role.CPS_LEAF, "iso2")),
    )
    assert result.info is None
    assert "SECC certificate refused" in str(result.error) and "[subject]" in str(result.error)


def test_iso2_evcc_refuses_an_s_server_stapling_revoked(
    pkis: dict[str, Pki], pki_dirs: dict[str, Path], tmp_path: Path
) -> None:
    d, pki = pki_dirs["iso2"], pkis["iso2"]
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=5)
    signer = ocsp.issue_signer(pki.certs[Role.CPO_SUB_CA2], pki.keys[Role.CPO_SUB_CA2], now=now)
    response = tmp_path / "revoked.der"
    response.write_bytes(ocsp.respond(signer, pki.certs[Role.SECC_LEAF], now=now, status=ocsp.REVOKED))
    chain = str(chain_path(d, Role.SECC_LEAF, "iso2"))
    args = ["-tls1_2", "-cert", chain, "-cert_chain", chain, "-key", str(key_path(d, Role.SECC_LEAF, "iso2"))]
    client = iso2_client_context(client_config_from_dir(d, "iso2"))
    revoked = client_against_s_server(client, *args, "-status_file", str(response))
    assert revoked.info is None and "revoked (stapled OCSP)" in str(revoked.error), revoked
    plain = client_against_s_server(client, *args)
    assert plain.info is not None and plain.info.ocsp == "none", plain


def test_iso20_secc_picks_its_chain_by_the_clients_certificate_authorities(
    pki_dirs: dict[str, Path], tmp_path: Path
) -> None:
    """[V2G20-2369/2370]: a foreign EVCC sending certificate_authorities (s_client -requestCAfile): the
    SECC presents the chain under the root it names (our own EVCC: tests/tls/test_tls_hello.py)."""
    first = pki_dirs["iso20"]
    second = tmp_path / "second"
    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    write_pki(
        create_pki(PkiConfig("iso20", start, organization="Other V2G PKI", secc_common_name="SECC-B")), second
    )

    def creds(d: Path) -> Credentials:
        return Credentials(
            chain_path(d, Role.SECC_LEAF, "iso20"),
            key_path(d, Role.SECC_LEAF, "iso20"),
            root=root_path(d, Role.V2G_ROOT),
        )

    config = ServerConfig(creds(first), root_path(first, Role.OEM_ROOT), alternatives=(creds(second),))
    for names, expected in ((first, "SECCCert"), (second, "SECC-B")):
        server = Server(iso20_server_context(config))
        out = s_client(
            server.port, "-tls1_3", *_vehicle(first), "-requestCAfile", str(root_path(names, Role.V2G_ROOT))
        )
        assert server.join().info is not None, out
        assert f"0 s:CN = {expected}," in out, out


@pytest.mark.parametrize("status", [None, ocsp.GOOD, ocsp.REVOKED])
def test_iso20_evcc_against_s_server_verifying_it_and_stapling(
    pkis: dict[str, Pki], pki_dirs: dict[str, Path], tmp_path: Path, client_path: str, status: str | None
) -> None:
    """The whole -20 handshake against ``openssl s_server -Verify`` (it requires and verifies the
    vehicle certificate, then answers), on both EVCC paths: no staple, a stapled good status, a
    stapled revoked one (refused after the handshake, [V2G20-2372])."""
    d, pki = pki_dirs["iso20"], pkis["iso20"]
    chain = str(chain_path(d, Role.SECC_LEAF, "iso20"))
    key = str(key_path(d, Role.SECC_LEAF, "iso20"))
    args = ["-tls1_3", "-cert", chain, "-cert_chain", chain, "-key", key,
            "-Verify", "1", "-verify_return_error", "-CAfile", str(root_path(d, Role.OEM_ROOT)), "-rev"]
    if status is not None:
        now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=5)
        signer = ocsp.issue_signer(pki.certs[Role.CPO_SUB_CA2], pki.keys[Role.CPO_SUB_CA2], now=now)
        response = tmp_path / "status.der"
        response.write_bytes(ocsp.respond(signer, pki.certs[Role.SECC_LEAF], now=now, status=status))
        args += ["-status_file", str(response)]
    client = iso20_client_context(client_config_from_dir(d, "iso20"))
    result = client_against_s_server(client, *args, send=b"ping\n", path=client_path)
    if status == ocsp.REVOKED:
        assert result.info is None and "revoked (stapled OCSP)" in str(result.error), result
        return
    # s_server answers only once it accepted the vehicle certificate
    assert result.info is not None and result.reply == b"gnip\n", result.error
    assert (result.info.version, result.info.suite) == ("TLSv1.3", "TLS_AES_256_GCM_SHA384")
    assert result.info.ocsp == (status or "none")
    assert bool(result.info.deviations) == (client_path == "pyopenssl")
