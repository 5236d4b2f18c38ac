"""The charger's own SECC certificate through the CSMS (OCPP 2.0.1 SignCertificate / CertificateSigned,
1.6J the same in the OCA PnC DataTransfer): renewed, installed, served by the next TLS handshake;
a chain for another key or outside the SECC profile refused."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ssl
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

pytest.importorskip("ocpp")

from tests.ocpp.conftest import Version
from tests.tls._pair import run as tls_run
from tls.context import (
    ClientConfig,
    Credentials,
    ServerConfig,
    iso2_client_context,
    iso2_server_context,
    server_config_from_dir,
)
from tls.pki import Pki, PkiConfig, create_pki
from tls.profiles import Role
from tls.store import root_path, write_pki
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.certificates import LocalCertificateService
from v2g.controller import SimulatedDcEvse
from v2g.ocpp import OcppBackend, OcppConfig, TestCsms
from v2g.ocpp.seccert import SeccCertificate, SeccCertificateConfig, issue_secc_chain


@pytest.fixture(scope="module")
def pki_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Pki]:
    folder = tmp_path_factory.mktemp("pki")
    pki = create_pki(PkiConfig("iso2", now=dt.datetime.now(dt.timezone.utc)))
    write_pki(pki, folder)
    return folder, pki


def _secc(pki: Pki, tmp_path: Path) -> tuple[SeccCertificate, list[tuple[Path, Path]]]:
    installed: list[tuple[Path, Path]] = []
    config = SeccCertificateConfig(
        tmp_path / "secc" / "SECC_CHAIN.pem",
        tmp_path / "secc" / "SECC_LEAF.key.pem",
        (pki.certs[Role.V2G_ROOT],),
        common_name="CPO-EVSE-1",
        organization="Charger Inc",
        country="DE",
    )
    return SeccCertificate(config, on_installed=lambda c, k: installed.append((c, k))), installed


async def test_renewal_installs_the_chain_and_the_next_tls_handshake_serves_it(
    version: Version, pki_dir: tuple[Path, Pki], tmp_path: Path
) -> None:
    folder, pki = pki_dir
    secc, installed = _secc(pki, tmp_path)
    async with TestCsms(certificates=LocalCertificateService(pki), version=version) as csms:
        config = OcppConfig(csms.url, "CP1", version=version)
        async with OcppBackend(config, secc_certificate=secc) as backend:
            await backend.connected.wait()
            assert await backend.renew_secc_certificate() == "Accepted"
            await csms.wait_for(lambda: bool(csms.certificate_signed), timeout=5)
    assert csms.certificate_signed == ["Accepted"]
    sent = next(p for _, action, p in csms.received if action == "SignCertificate")
    assert sent.get("certificate_type", "V2GCertificate") == "V2GCertificate"  # 1.6 carries it too
    assert "BEGIN CERTIFICATE REQUEST" in sent["csr"]
    leaf = secc.installed
    assert leaf is not None and leaf.serial_number != pki.certs[Role.SECC_LEAF].serial_number
    assert leaf.issuer == pki.certs[Role.CPO_SUB_CA2].subject
    assert "DC=CPO" in leaf.subject.rfc4514_string() and "CN=CPO-EVSE-1" in leaf.subject.rfc4514_string()
    chain, key = installed[0]
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in key.read_bytes() and b"CERTIFICATE" in chain.read_bytes()
    # what the CLI's hook does: a new server context from the stored files; a car's handshake
    server = iso2_server_context(ServerConfig(Credentials(chain, key)))
    client = iso2_client_context(ClientConfig(server_roots=root_path(folder, Role.V2G_ROOT)))
    result = tls_run(server, client)
    assert result.client.ok, result.client.error
    served = result.client_peer.info.peer_chain[0]  # type: ignore[union-attr]
    assert served == leaf.public_bytes(Encoding.DER)


@pytest.mark.parametrize("bad", ["other key", "MO profile", "DC=MO subject", "not PEM"])
async def test_a_bad_chain_is_rejected_and_nothing_is_stored(
    version: Version, pki_dir: tuple[Path, Pki], tmp_path: Path, bad: str
) -> None:
    _, pki = pki_dir
    secc, installed = _secc(pki, tmp_path)
    async with TestCsms(version=version) as csms:  # no certificate service: it signs nothing itself
        config = OcppConfig(csms.url, "CP1", version=version)
        async with OcppBackend(config, secc_certificate=secc) as backend:
            await backend.connected.wait()
            assert await backend.renew_secc_certificate() == "Rejected"
            csr = secc.new_csr()  # as if the CSMS had accepted: a key waits for its chain
            now = dt.datetime.now(dt.timezone.utc)
            if bad == "other key":
                chain = issue_secc_chain(secc_other_csr(pki, tmp_path), pki, now)
            elif bad == "MO profile":
                chain = issue_secc_chain(csr, pki, now, issuer=Role.MO_SUB_CA2)
            elif bad == "DC=MO subject":  # CPO Sub-CA 2 signs it, but it is no SECC certificate
                mo = x509.Name.from_rfc4514_string("CN=CPO-EVSE-1,DC=MO")
                chain = issue_secc_chain(csr, pki, now, subject=mo)
            else:
                chain = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"
            assert await csms.send_certificate_signed("CP1", chain) == "Rejected"
    assert installed == [] and secc.installed is None and len(secc.rejected) == 1
    assert not (tmp_path / "secc").exists()


def secc_other_csr(pki: Pki, tmp_path: Path) -> str:
    """A CSR for a key that is not the one waiting."""
    other, _ = _secc(pki, tmp_path / "other")
    return other.new_csr()


def test_a_chain_for_the_right_key_under_another_root_is_rejected(
    pki_dir: tuple[Path, Pki], tmp_path: Path
) -> None:
    _, pki = pki_dir
    foreign = create_pki(PkiConfig("iso2", now=dt.datetime.now(dt.timezone.utc)))
    secc, installed = _secc(pki, tmp_path)
    chain = issue_secc_chain(secc.new_csr(), foreign, dt.datetime.now(dt.timezone.utc))
    assert secc.certificate_signed(chain, dt.datetime.now(dt.timezone.utc)) == "Rejected"
    assert "not a valid SECC chain" in secc.rejected[0] and installed == []


async def _served_leaf(port: int) -> bytes:
    """The leaf the SECC's TLS port presents to a new connection."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    _, writer = await asyncio.open_connection("127.0.0.1", port, ssl=ctx)
    der = writer.get_extra_info("ssl_object").getpeercert(binary_form=True)
    writer.close()
    with contextlib.suppress(OSError, ssl.SSLError):
        await writer.wait_closed()
    assert isinstance(der, bytes)
    return der


async def test_the_secc_server_serves_the_renewed_chain_to_its_next_connection(
    pki_dir: tuple[Path, Pki], tmp_path: Path
) -> None:
    folder, pki = pki_dir
    context = iso2_server_context(server_config_from_dir(folder, "iso2"))
    config = SeccServerConfig(host="127.0.0.1", tcp_port=None, tls_port=0, ssl_context=context)
    async with SeccServer(config, SimulatedDcEvse) as server:
        assert server.tls_port is not None
        assert await _served_leaf(server.tls_port) == pki.certs[Role.SECC_LEAF].public_bytes(Encoding.DER)
        secc, _ = _secc(pki, tmp_path)
        secc.on_installed = lambda chain, key: server.use_tls_context(
            iso2_server_context(ServerConfig(Credentials(chain, key)))
        )
        now = dt.datetime.now(dt.timezone.utc)
        leaf = secc.install(issue_secc_chain(secc.new_csr(), pki, now), now)
        assert await _served_leaf(server.tls_port) == leaf.public_bytes(Encoding.DER)
