"""The protocols an SECC knows (the built-in DIN 70121 and ISO 15118-2 specs, and those of
``SeccConfig.specs``) and the warm-up that builds their FAILED responses before the first car."""

from __future__ import annotations

from typing import cast

from v2g import apphand
from v2g.controller import EvseServices, PowerStage
from v2g.secc import din, iso2
from v2g.secc._config import SeccConfig, SessionStore
from v2g.secc._machine import SeccContext
from v2g.secc._spec import SeccSpec

BUILT_IN: dict[str, SeccSpec[SeccContext]] = {din.SPEC.namespace: din.SPEC, iso2.SPEC.namespace: iso2.SPEC}
"""The protocols every SECC has (``SeccConfig.specs`` adds or replaces); ISO 15118-20 DC and AC too
(:data:`BUILT_IN_LATER`), selected only over TLS 1.3 with mutual authentication (:mod:`v2g.security`)."""

BUILT_IN_LATER = {apphand.NS_ISO20_DC: ("dc", "any"), apphand.NS_ISO20_AC: ("ac", "any")}
"""Namespace -> its key in :data:`v2g.secc.iso20.SPECS`, imported when first used (not with this
package)."""


def warm_up(config: SeccConfig) -> None:
    """Build the FAILED responses of every protocol of ``config`` once (their schema walk and type
    hints are cached), so that the first failure of a fresh process answers in time."""
    for protocol in config.protocols:
        spec = spec_for(config, protocol.namespace)
        for mode in config.energy_modes:
            ctx = SeccContext(config, cast(PowerStage, None), cast(EvseServices, None), SessionStore())
            ctx.energy_mode = mode
            for response in spec.responses.values():
                spec.minimal(ctx, response, "FAILED", ())


def spec_for(config: SeccConfig, namespace: str) -> SeccSpec[SeccContext]:
    for spec in config.specs:
        if spec.namespace == namespace:
            return spec  # type: ignore[no-any-return]
    if namespace in BUILT_IN_LATER:
        from v2g.secc.iso20 import SPECS

        return SPECS[BUILT_IN_LATER[namespace]]
    return BUILT_IN[namespace]
