"""The asyncio edge over our TLS layer (v2g.aio.tlsedge): cores over -2 and -20 TLS with the
negotiated parameters on each connection, one port for both, and the EVCC's refusals after the
handshake (SECC certificate profile, stapled revoked status) as a clear ConnectionClosed."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from tests.v2g.aio._runner import Counter, Echo, _until
from tls import _sysssl, ocsp
from tls.context import (
    Credentials,
    ServerConfig,
    TlsContext,
    client_config_from_dir,
    iso2_client_context,
    iso2_server_context,
    iso20_client_context,
    iso20_server_context,
    serve_both,
    server_config_from_dir,
)
from tls.pki import Pki, PkiConfig, create_pki
from tls.profiles import Role
from tls.store import chain_path, key_path, write_pki
from v2g.aio.runner import CoreConnection, connect
from v2g.aio.server import CoreServer
from v2g.aio.transport import ConnectionClosed, TransportConfig
from v2g.aio.transport import ServerConfig as CoreServerConfig


class _Big(Counter):
    """A Counter whose every message carries 70,000 more bytes (many TLS records each way)."""

    def receive(self, payload_type: int, payload: bytes, now: float) -> None:
        assert len(payload) == 70001
        super().receive(payload_type, payload[:1], now)
        self.outbox = [(kind, data + b"z" * 70000) for kind, data in self.outbox]


@pytest.fixture(scope="module")
def pkis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Pki, Path]]:
    out = {}
    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    for profile in ("iso2", "iso20"):
        pki = create_pki(PkiConfig(profile, start))
        folder = tmp_path_factory.mktemp(f"edge-{profile}")
        write_pki(pki, folder)
        out[profile] = (pki, folder)
    return out


def _contexts(profile: str, folder: Path, **server: object) -> tuple[TlsContext, TlsContext]:
    if profile == "iso2":
        return (
            iso2_server_context(server_config_from_dir(folder, "iso2", **server)),  # type: ignore[arg-type]
            iso2_client_context(client_config_from_dir(folder, "iso2")),
        )
    return (
        iso20_server_context(server_config_from_dir(folder, "iso20", **server)),  # type: ignore[arg-type]
        iso20_client_context(client_config_from_dir(folder, "iso20")),
    )


@pytest.mark.parametrize(("profile", "version"), [("iso2", "TLSv1.2"), ("iso20", "TLSv1.3")])
async def test_cores_over_our_tls(pkis: dict[str, tuple[Pki, Path]], profile: str, version: str) -> None:
    server_ctx, client_ctx = _contexts(profile, pkis[profile][1])
    ended: list[CoreConnection] = []
    server = CoreServer(Echo, on_close=ended.append)
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        core = Counter(start=True, limit=20)
        seen: list[str] = []
        connection = await connect(
            "::1", server.port, lambda now: core, ssl_context=client_ctx, trace=seen.append
        )
        assert await asyncio.wait_for(connection.ended, 5.0) == "session closed"
        assert seen == [f"rx {n}" for n in range(21)]
        info = connection.tls_info
        assert info is not None and info.version == version and info.profile == profile
        assert "CN=SECCCert" in info.peer_subjects[0]
        assert info.deviations == ()  # -20: certificate_authorities sent (the system libssl path)
        await _until(lambda: bool(ended))
        server_info = ended[0].tls_info
        assert server_info is not None and server_info.suite == info.suite and server_info.group == info.group
        assert len(server_info.peer_chain) == (3 if profile == "iso20" else 0)  # -2: no client certificate
    finally:
        await server.close()


async def test_large_messages_cross_many_records(pkis: dict[str, tuple[Pki, Path]]) -> None:
    server_ctx, client_ctx = _contexts("iso2", pkis["iso2"][1])
    server = CoreServer(Echo, CoreServerConfig(TransportConfig(max_payload=1 << 17)))
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        core = _Big(start=True, limit=3)
        core.outbox = [(kind, data + b"z" * 70000) for kind, data in core.outbox]
        connection = await connect(
            "::1",
            server.port,
            lambda now: core,
            ssl_context=client_ctx,
            config=TransportConfig(max_payload=1 << 17),
        )
        assert await asyncio.wait_for(connection.ended, 5.0) == "session closed"
    finally:
        await server.close()


async def test_one_port_for_iso2_and_iso20(pkis: dict[str, tuple[Pki, Path]]) -> None:
    s2, c2 = _contexts("iso2", pkis["iso2"][1])
    s20, c20 = _contexts("iso20", pkis["iso20"][1])
    server = CoreServer(Echo)
    await server.start("::1", 0, ssl_context=serve_both(s2, s20))
    try:
        for client, version in ((c2, "TLSv1.2"), (c20, "TLSv1.3")):
            core = Counter(start=True, limit=2)
            connection = await connect("::1", server.port, lambda now, core=core: core, ssl_context=client)
            assert await asyncio.wait_for(connection.ended, 5.0) == "session closed"
            assert connection.tls_info is not None and connection.tls_info.version == version
    finally:
        await server.close()


async def test_the_evcc_refuses_a_cps_leaf_with_the_rule(pkis: dict[str, tuple[Pki, Path]]) -> None:
    folder = pkis["iso2"][1]
    cps = Credentials(chain_path(folder, Role.CPS_LEAF, "iso2"), key_path(folder, Role.CPS_LEAF, "iso2"))
    server = CoreServer(Echo)
    await server.start("::1", 0, ssl_context=iso2_server_context(ServerConfig(cps)))
    try:
        client = iso2_client_context(client_config_from_dir(folder, "iso2"))
        refused = r"TLS handshake failed: SECC certificate refused: \[subject\]"
        with pytest.raises(ConnectionClosed, match=refused):
            await connect("::1", server.port, lambda now: Counter(start=True, limit=2), ssl_context=client)
    finally:
        await server.close()


@pytest.mark.parametrize("profile", ["iso2", "iso20"])  # -20: the EVCC on the system libssl
async def test_a_stapled_revoked_status_ends_the_evcc_connection(
    pkis: dict[str, tuple[Pki, Path]], profile: str
) -> None:
    pki, folder = pkis[profile]
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=5)
    signer = ocsp.issue_signer(pki.certs[Role.CPO_SUB_CA2], pki.keys[Role.CPO_SUB_CA2], now=now)
    revoked = {pki.certs[Role.SECC_LEAF].serial_number}
    cache = ocsp.OcspCache(ocsp.LocalResponder(signer, lambda: now, revoked))
    server_ctx, client_ctx = _contexts(profile, folder, ocsp=cache)
    server = CoreServer(Echo)
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        with pytest.raises(ConnectionClosed, match=r"SECC certificate revoked \(stapled OCSP\)"):
            await connect(
                "::1", server.port, lambda now: Counter(start=True, limit=2), ssl_context=client_ctx
            )
    finally:
        await server.close()


async def test_failed_handshakes_are_logged_and_free_their_slots(pkis: dict[str, tuple[Pki, Path]]) -> None:
    server_ctx, client_ctx = _contexts("iso2", pkis["iso2"][1])
    server = CoreServer(Echo, CoreServerConfig(max_connections=2))
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        for _ in range(5):
            reader, writer = await asyncio.open_connection("::1", server.port)
            writer.write(b"\x01\xfe\x80\x01\x00\x00\x00\x02hi")  # plain V2GTP into the TLS port
            await writer.drain()
            assert await asyncio.wait_for(reader.read(), 3.0) == b""
            writer.close()
        await _until(lambda: server.failures.count("TlsError") == 5)
        assert server.connections == 0 and server.refused == 0
        connection = await connect(
            "::1", server.port, lambda now: Counter(start=True, limit=2), ssl_context=client_ctx
        )
        assert await asyncio.wait_for(connection.ended, 5.0) == "session closed"
    finally:
        await server.close()


async def test_the_iso20_evcc_without_the_system_libssl_connects_and_says_so(
    pkis: dict[str, tuple[Pki, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback (tls.sysconn): no loadable libssl, the EVCC runs on pyOpenSSL, connects, and its
    TlsInfo says certificate_authorities was not sent."""
    _sysssl.library.cache_clear()
    monkeypatch.setattr(_sysssl, "_candidates", lambda: ("libssl-not-here.so.99",))
    try:
        server_ctx, client_ctx = _contexts("iso20", pkis["iso20"][1])
    finally:
        _sysssl.library.cache_clear()
    assert client_ctx.system is None
    server = CoreServer(Echo)
    await server.start("::1", 0, ssl_context=server_ctx)
    try:
        connection = await connect("::1", server.port, lambda now: Counter(start=True, limit=2),
                                   ssl_context=client_ctx)
        assert await asyncio.wait_for(connection.ended, 5.0) == "session closed"
        info = connection.tls_info
        assert info is not None and info.version == "TLSv1.3"
        (said,) = info.deviations
        assert said.startswith("certificate_authorities not sent (system libssl unavailable: cannot load")
    finally:
        await server.close()
