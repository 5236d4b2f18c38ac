"""PKIs for the signature tests: created once per session (read-only)."""

from __future__ import annotations

import datetime as dt

import pytest

from tls.pki import Pki, PkiConfig, create_pki
from tls.profiles import KeyAlgorithm

START = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="session")
def pki_iso2() -> Pki:
    return create_pki(PkiConfig("iso2", START, KeyAlgorithm.SECP256R1))


@pytest.fixture(scope="session")
def pki_iso20() -> Pki:
    return create_pki(PkiConfig("iso20", START, KeyAlgorithm.SECP521R1))


@pytest.fixture(scope="session")
def pki_ed448() -> Pki:
    return create_pki(PkiConfig("iso20", START, KeyAlgorithm.ED448))
