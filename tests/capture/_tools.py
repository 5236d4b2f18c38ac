"""External tools some capture tests need (tshark, chromium): skip without them, except under
CI=true, where CI installs them (.ci/run) and a missing tool is a failure."""

from __future__ import annotations

import os
import shutil

import pytest


def need_tool(*names: str) -> str:
    """The path of the first of ``names`` found on PATH (skip, or fail under CI=true, if none)."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"needs {' or '.join(names)}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {message} (.ci/run installs it)")
    pytest.skip(message)
    raise AssertionError("unreachable")
