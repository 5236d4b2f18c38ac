"""The protocols an EVCC knows: the built-in DIN 70121 and ISO 15118-2 specs, the ISO 15118-20 ones
imported when first used, and those of ``EvccConfig.specs`` (which add or replace)."""

from __future__ import annotations

import importlib

from v2g import apphand
from v2g.evcc import din, iso2
from v2g.evcc._machine import EvccConfig
from v2g.evcc._spec import EvccSpec

__all__ = ["BUILT_IN", "BUILT_IN_LATER", "spec_for"]

BUILT_IN: dict[str, EvccSpec] = {din.SPEC.namespace: din.SPEC, iso2.SPEC.namespace: iso2.SPEC}
"""The protocols every EVCC has (``EvccConfig.specs`` adds or replaces: the -20 Dynamic mode is
``v2g.evcc.iso20.DYNAMIC_SPEC``, see :mod:`v2g.iso20_catalog`); ISO 15118-20 DC and AC Scheduled
(:data:`BUILT_IN_LATER`, imported when first used) are offered only over TLS 1.3 with mutual
authentication (:mod:`v2g.security`)."""

BUILT_IN_LATER = {apphand.NS_ISO20_DC: ("iso20", "SPEC"), apphand.NS_ISO20_AC: ("iso20_ac", "AC_SPEC")}
"""Namespace -> (module of ``v2g.evcc``, name) of its spec, imported when first used."""


def spec_for(config: EvccConfig, namespace: str) -> EvccSpec:
    """The spec that runs ``namespace`` (the one negotiated) for ``config``."""
    for spec in config.specs:
        if spec.namespace == namespace:
            return spec  # type: ignore[no-any-return]
    if namespace in BUILT_IN_LATER:
        module, name = BUILT_IN_LATER[namespace]
        return getattr(importlib.import_module(f"v2g.evcc.{module}"), name)  # type: ignore[no-any-return]
    return BUILT_IN[namespace]
