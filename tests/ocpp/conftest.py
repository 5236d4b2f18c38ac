"""Every OCPP test that takes ``version`` runs for OCPP 2.0.1 and for 1.6J."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Literal, cast

import pytest

from tls.pki import Pki

Version = Literal["2.0.1", "1.6"]


@pytest.fixture(params=["2.0.1", "1.6"])
def version(request: pytest.FixtureRequest) -> Version:
    return cast("Version", request.param)


@pytest.fixture(scope="module")
def pki_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Pki]:
    """An ISO 15118-2 PKI written to a folder (the end-to-end tests' TLS and contracts)."""
    from tls.pki import PkiConfig, create_pki
    from tls.store import write_pki

    folder = tmp_path_factory.mktemp("pki")
    pki = create_pki(PkiConfig("iso2", now=datetime.datetime.now(datetime.timezone.utc)))
    write_pki(pki, folder)
    return folder, pki
