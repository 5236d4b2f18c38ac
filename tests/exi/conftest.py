"""Every exi test runs against both engines: the C engine and its pure-Python twin.

The autouse fixture below is parametrized with ``c`` and ``python`` and switches the engine through
``exi._select.use`` (module scope, so hypothesis tests may use it). Without a built C engine, or with
``V2G_EXI_PURE=1``, the ``c`` runs skip, except under ``CI=true`` (without ``V2G_EXI_PURE=1``), where
they fail: CI must run the C engine. A module that compares the engines itself sets
``ENGINE_AGNOSTIC = True`` and runs once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from exi import _select


@pytest.fixture(autouse=True, scope="module", params=["c", "python"])
def exi_engine(request: pytest.FixtureRequest) -> Iterator[str]:
    name = str(request.param)
    if getattr(request.module, "ENGINE_AGNOSTIC", False) and name != "c":
        pytest.skip("compares both engines itself: runs once")
    if name == "c" and not _select.C_AVAILABLE:
        if os.environ.get("CI") == "true" and os.environ.get("V2G_EXI_PURE") != "1":
            pytest.fail("CI=true but the C engine (exi._cengine) did not load")
        pytest.skip("the C engine is not built (or V2G_EXI_PURE=1)")
    before = _select.ENGINE
    _select.use(name)
    yield name
    _select.use(before)
