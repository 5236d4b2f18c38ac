"""Build wiring for the C engine.

Every C extension of the distribution is listed in ``EXTENSIONS``. Each one has a pure-Python twin,
so a machine without a compiler still gets a working (slower) package: a failed compile is reported
and skipped, unless ``V2G_REQUIRE_C=1`` is set for the build (CI sets it, so a broken accelerator
cannot hide behind its twin).
"""

from __future__ import annotations

import os
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

CFLAGS = ["-O2", "-std=c11", "-Wall", "-Wextra", "-Werror=implicit-function-declaration"]

EXTENSIONS = [
    Extension("exi._cengine", ["exi/_cengine.c"], extra_compile_args=CFLAGS),
]


class OptionalBuildExt(build_ext):
    """Compile each extension; without a compiler, fall back to the pure-Python twins."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - setuptools raises many unrelated error types here
            self._give_up(exc)

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:  # noqa: BLE001
            self._give_up(exc, ext.name)

    @staticmethod
    def _give_up(exc: Exception, name: str = "C extensions") -> None:
        if os.environ.get("V2G_REQUIRE_C") == "1":
            raise exc
        sys.stderr.write(f"warning: could not build {name} ({exc}); using the pure-Python engine\n")


setup(ext_modules=EXTENSIONS, cmdclass={"build_ext": OptionalBuildExt})
