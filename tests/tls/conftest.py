"""Session-wide PKIs: created once, shared by every tls test (read-only)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tls.pki import Pki, PkiConfig, create_pki
from tls.profiles import KeyAlgorithm
from tls.store import write_pki

VARIANTS = {
    "iso2": ("iso2", KeyAlgorithm.SECP256R1),
    "iso20": ("iso20", KeyAlgorithm.SECP521R1),
    "iso20-ed448": ("iso20", KeyAlgorithm.ED448),
}


@pytest.fixture(scope="session")
def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@pytest.fixture(scope="session")
def pkis(now: dt.datetime) -> dict[str, Pki]:
    # Start a minute in the past so that OpenSSL (which uses the real clock) accepts the chains.
    start = now - dt.timedelta(minutes=1)
    return {name: create_pki(PkiConfig(profile, start, alg)) for name, (profile, alg) in VARIANTS.items()}


@pytest.fixture(scope="session")
def pki_dirs(pkis: dict[str, Pki], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for name, pki in pkis.items():
        d = tmp_path_factory.mktemp(f"pki-{name}")
        write_pki(pki, d)
        out[name] = d
    return out


@pytest.fixture(params=sorted(VARIANTS))
def variant(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=["system", "pyopenssl"])
def client_path(request: pytest.FixtureRequest) -> str:
    """The -20 EVCC's path (``_pair.ours``): the system libssl, or pyOpenSSL (its fallback)."""
    return str(request.param)
