"""The EVCC's checks after the handshake: the SECC certificate profile (the rules of tls.validate,
named in the refusal) and the stapled OCSP status ([V2G2-871], [V2G2-873])."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from _pair import run
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from tls import ocsp
from tls.conn import TlsError
from tls.context import (
    ClientConfig,
    Credentials,
    ServerConfig,
    client_config_from_dir,
    iso2_client_context,
    iso2_server_context,
    iso20_client_context,
    iso20_server_context,
    server_config_from_dir,
)
from tls.keys import generate_key
from tls.pki import Pki, PkiConfig, issue_certificate, spec_for
from tls.profiles import KeyUsageBit, Role, role_specs
from tls.store import chain_path, key_path, root_path


def _credentials(pki: Pki, leaf: Role, tmp_path: Path, **changes: object) -> Credentials:
    """``leaf``'s chain from ``pki``, the leaf re-issued with ``changes`` to its CertSpec."""
    issuer = role_specs(pki.profile)[leaf].issuer
    assert issuer is not None
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    spec = dataclasses.replace(
        spec_for(role_specs(pki.profile)[leaf], PkiConfig(pki.profile, now)), **changes
    )
    key = generate_key(pki.algorithm)
    cert = issue_certificate(spec, key, pki.keys[issuer], pki.certs[issuer], pki.algorithm)
    chain, key_file = tmp_path / "chain.pem", tmp_path / "key.pem"
    chain.write_bytes(b"".join(c.public_bytes(Encoding.PEM) for c in [cert, *pki.chain(leaf)[1:]]))
    key_file.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    return Credentials(chain, key_file)


def _refusal(server: ServerConfig, client: ClientConfig) -> str:
    result = run(iso2_server_context(server), iso2_client_context(client))
    assert not result.client.ok
    assert isinstance(result.client.error, TlsError), result.client.error
    return str(result.client.error)


def test_a_provisioning_service_leaf_is_refused(pki_dirs: dict[str, Path]) -> None:
    d = pki_dirs["iso2"]
    cps = Credentials(chain_path(d, Role.CPS_LEAF, "iso2"), key_path(d, Role.CPS_LEAF, "iso2"))
    why = _refusal(ServerConfig(cps), client_config_from_dir(d, "iso2"))
    assert "SECC certificate refused" in why and "[subject]" in why and "CPS" in why


def test_an_oem_leaf_is_refused_even_when_its_root_is_trusted(
    pki_dirs: dict[str, Path], tmp_path: Path
) -> None:
    d = pki_dirs["iso2"]
    oem = Credentials(chain_path(d, Role.OEM_PROV_LEAF, "iso2"), key_path(d, Role.OEM_PROV_LEAF, "iso2"))
    roots = tmp_path / "roots.pem"
    roots.write_bytes(root_path(d, Role.V2G_ROOT).read_bytes() + root_path(d, Role.OEM_ROOT).read_bytes())
    why = _refusal(ServerConfig(oem), ClientConfig(roots))
    assert "SECC certificate refused" in why and "[subject]" in why


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"not_after": dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=20 * 365)}, "[validity-period]"),
        ({"include_basic_constraints": False}, "[basic-constraints]"),
        ({"key_usage": frozenset({KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_CERT_SIGN})}, "[key-usage]"),
    ],
)
def test_a_leaf_breaking_the_profile_is_refused(
    pkis: dict[str, Pki], pki_dirs: dict[str, Path], tmp_path: Path, changes: dict[str, object], rule: str
) -> None:
    creds = _credentials(pkis["iso2"], Role.SECC_LEAF, tmp_path, **changes)
    why = _refusal(ServerConfig(creds), client_config_from_dir(pki_dirs["iso2"], "iso2"))
    assert rule in why, why


def test_the_profile_check_can_be_turned_off(pki_dirs: dict[str, Path]) -> None:
    d = pki_dirs["iso2"]
    cps = Credentials(chain_path(d, Role.CPS_LEAF, "iso2"), key_path(d, Role.CPS_LEAF, "iso2"))
    client = dataclasses.replace(client_config_from_dir(d, "iso2"), check_profile=False)
    assert run(iso2_server_context(ServerConfig(cps)), iso2_client_context(client)).client.ok


# ------------------------------------------------------------------------------ OCSP stapling


def _responder(pki: Pki, revoked: set[int] = frozenset()) -> ocsp.OcspCache:  # type: ignore[assignment]
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=5)
    signer = ocsp.issue_signer(pki.certs[Role.CPO_SUB_CA2], pki.keys[Role.CPO_SUB_CA2], now=now)
    return ocsp.OcspCache(ocsp.LocalResponder(signer, lambda: now, set(revoked)))


@pytest.mark.parametrize("variant", ["iso2", "iso20"])
def test_a_good_stapled_response_is_checked(
    pkis: dict[str, Pki], pki_dirs: dict[str, Path], variant: str
) -> None:
    d, pki = pki_dirs[variant], pkis[variant]
    serve, connect = (
        (iso2_server_context, iso2_client_context)
        if variant == "iso2"
        else (iso20_server_context, iso20_client_context)
    )
    server = serve(server_config_from_dir(d, variant, ocsp=_responder(pki)))
    client = connect(dataclasses.replace(client_config_from_dir(d, variant), require_ocsp=True))
    result = run(server, client)
    assert result.client.ok, result.client.error
    assert result.client_peer.info.ocsp == "good"  # type: ignore[union-attr]
    assert result.server_peer.info.ocsp == "stapled"  # type: ignore[union-attr]


@pytest.mark.parametrize("variant", ["iso2", "iso20"])
def test_a_revoked_secc_leaf_ends_the_connection(
    pkis: dict[str, Pki], pki_dirs: dict[str, Path], variant: str
) -> None:
    d, pki = pki_dirs[variant], pkis[variant]
    serve, connect = (
        (iso2_server_context, iso2_client_context)
        if variant == "iso2"
        else (iso20_server_context, iso20_client_context)
    )
    cache = _responder(pki, {pki.certs[Role.SECC_LEAF].serial_number})
    result = run(
        serve(server_config_from_dir(d, variant, ocsp=cache)), connect(client_config_from_dir(d, variant))
    )
    assert not result.client.ok
    assert "revoked (stapled OCSP)" in str(result.client.error)


def test_a_required_staple_that_is_missing_ends_the_connection(pki_dirs: dict[str, Path]) -> None:
    d = pki_dirs["iso2"]
    client = dataclasses.replace(client_config_from_dir(d, "iso2"), require_ocsp=True)
    result = run(iso2_server_context(server_config_from_dir(d, "iso2")), iso2_client_context(client))
    assert "stapled no OCSP response" in str(result.client.error)
    lenient = run(
        iso2_server_context(server_config_from_dir(d, "iso2")),
        iso2_client_context(client_config_from_dir(d, "iso2")),
    )
    assert lenient.client.ok and lenient.client_peer.info.ocsp == "none"  # type: ignore[union-attr]


def test_a_response_about_another_certificate_or_signer_is_invalid(pkis: dict[str, Pki]) -> None:
    pki = pkis["iso2"]
    now = dt.datetime.now(dt.timezone.utc)
    signer = ocsp.issue_signer(pki.certs[Role.CPO_SUB_CA2], pki.keys[Role.CPO_SUB_CA2], now=now)
    leaf, issuer = pki.certs[Role.SECC_LEAF], pki.certs[Role.CPO_SUB_CA2]
    good = ocsp.respond(signer, leaf, now=now)
    assert ocsp.check_response(good, leaf, issuer, now=now) == ocsp.GOOD
    assert ocsp.check_response(good, pki.certs[Role.CPS_LEAF], issuer, now=now) == ocsp.INVALID
    assert ocsp.check_response(good, leaf, pki.certs[Role.CPO_SUB_CA1], now=now) == ocsp.INVALID
    assert ocsp.check_response(good, leaf, issuer, now=now + dt.timedelta(days=8)) == ocsp.INVALID
    assert ocsp.check_response(b"junk", leaf, issuer, now=now) == ocsp.INVALID
