"""Fixtures of the interop tests: Josev's venv (installed once, cached in .venv-peers/), the two
namespaces, and a PKI per profile in our layout and in Josev's."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import ExtendedKeyUsageOID

from tests.interop._interop import Case, Peer
from tests.interop._josev import JosevUnavailable, ensure_josev, write_josev_pki
from tests.v2g.aio.netns import two_hosts
from tls.pki import PkiConfig, create_pki
from tls.profiles import Role
from tls.store import load_pki, write_pki

__all__ = ["cpo_sub_ca_for_clients_only", "foreign_contract", "josev_python", "make_peer", "two_hosts"]


def unavailable(reason: str) -> None:
    """A peer that cannot run: a failure under CI=true (CI must run it), a skip elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but Josev cannot run: {reason}")
    pytest.skip(f"Josev cannot run: {reason}")


@pytest.fixture(scope="session")
def josev_python() -> Path:
    try:
        return ensure_josev()
    except JosevUnavailable as exc:
        unavailable(str(exc))
        raise  # not reached: unavailable() always raises


@pytest.fixture(scope="session")
def _pkis(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[Path, Path]]:
    made: dict[str, tuple[Path, Path]] = {}

    def pki(profile: str) -> tuple[Path, Path]:
        if profile not in made:
            created = create_pki(PkiConfig(profile=profile, now=dt.datetime.now(dt.timezone.utc)
                                           - dt.timedelta(minutes=5)))
            folder = tmp_path_factory.mktemp(f"pki-{profile}")
            write_pki(created, folder / "ours")
            made[profile] = (folder / "ours", write_josev_pki(created, folder / "josev"))
        return made[profile]

    return pki


@pytest.fixture
def make_peer(josev_python: Path, two_hosts: tuple[str, str],
              _pkis: Callable[[str], tuple[Path, Path]]) -> Callable[[Case], Peer]:
    def peer(case: Case) -> Peer:
        ev, evse = two_hosts
        ours, josev = _pkis(case.pki_profile) if case.tls else (None, None)
        return Peer(josev_python, ev, evse, ours, josev)

    return peer


_CONTRACT_FILES = ("contractLeafCert", "moSubCA2Cert", "moSubCA1Cert")


@pytest.fixture(scope="session")
def foreign_contract(tmp_path_factory: pytest.TempPathFactory,
                     _pkis: Callable[[str], tuple[Path, Path]]) -> tuple[Path, Path]:
    """A contract of another MO (another PKI: its own MO root), for a car that otherwise trusts the
    case's V2G root: (our PKI folder of that PKI, for ``--contract``; a copy of Josev's PKI_PATH
    with that contract, its Sub-CAs and key in place of the case PKI's)."""
    other = create_pki(PkiConfig(profile="iso2", organization="Other MO",
                                 now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)))
    folder = tmp_path_factory.mktemp("pki-foreign-contract")
    write_pki(other, folder / "ours")
    written = write_josev_pki(other, folder / "josev-other")
    josev = folder / "josev"
    shutil.copytree(_pkis("iso2")[1], josev)
    for sub, names in (("certs", [f"{n}.{x}" for n in _CONTRACT_FILES for x in ("der", "pem")]),
                       ("private_keys", ["contractLeaf.key"])):
        for name in names:
            shutil.copy2(written / "iso15118_2" / sub / name, josev / "iso15118_2" / sub / name)
    return folder / "ours", josev


@pytest.fixture(scope="session")
def cpo_sub_ca_for_clients_only(tmp_path_factory: pytest.TempPathFactory,
                                _pkis: Callable[[str], tuple[Path, Path]]) -> Path:
    """The case PKI (our layout) with its CPO Sub-CA 2 re-issued (same key, subject and validity)
    with an Extended Key Usage of clientAuth only: a charger chain with an EKU lacking serverAuth."""
    pki = load_pki(_pkis("iso2")[0])
    old = pki.certs[Role.CPO_SUB_CA2]
    builder = (x509.CertificateBuilder().subject_name(old.subject).issuer_name(old.issuer)
               .public_key(old.public_key()).serial_number(old.serial_number)
               .not_valid_before(old.not_valid_before_utc).not_valid_after(old.not_valid_after_utc))
    for ext in old.extensions:
        if not isinstance(ext.value, x509.ExtendedKeyUsage):
            builder = builder.add_extension(ext.value, ext.critical)
    builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    issuer_key = pki.keys[Role.CPO_SUB_CA1]
    cert = builder.sign(issuer_key, hashes.SHA256())
    folder = tmp_path_factory.mktemp("pki-cpo-eku") / "ours"
    write_pki(dataclasses.replace(pki, certs={**pki.certs, Role.CPO_SUB_CA2: cert}), folder)
    return folder
