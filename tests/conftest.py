"""Shared test set-up.

Tests marked ``privileged`` need root (network namespaces, veth pairs, raw sockets). Without it they
skip; with ``CI=true`` in the environment a missing privilege is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil

import pytest


def _privilege_problem() -> str | None:
    if os.geteuid() != 0:
        return "needs root (network namespaces, raw sockets)"
    if shutil.which("ip") is None:
        return "needs iproute2's `ip` command"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    problem = _privilege_problem()
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        return  # the fixture below turns the missing privilege into a failure
    for item in items:
        if item.get_closest_marker("privileged") is not None:
            item.add_marker(pytest.mark.skip(reason=problem))


@pytest.fixture(autouse=True)
def _fail_privileged_in_ci(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("privileged") is None:
        return
    problem = _privilege_problem()
    if problem is not None and os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but this privileged test cannot run: {problem}")
