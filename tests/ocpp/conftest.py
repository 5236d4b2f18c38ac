"""Every OCPP test that takes ``version`` runs for OCPP 2.0.1 and for 1.6J."""

from __future__ import annotations

from typing import Literal, cast

import pytest

Version = Literal["2.0.1", "1.6"]


@pytest.fixture(params=["2.0.1", "1.6"])
def version(request: pytest.FixtureRequest) -> Version:
    return cast("Version", request.param)
