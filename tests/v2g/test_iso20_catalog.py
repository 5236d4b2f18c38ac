"""v2g.iso20_catalog maps service and control mode to the specs the -20 machines export in their
``SPECS`` maps (``v2g.evcc.iso20_specs.SPECS``, ``v2g.secc.iso20.SPECS``): DC, AC, DC_BPT, AC_BPT."""

from __future__ import annotations

import pytest

import v2g.evcc.iso20 as evcc20
import v2g.evcc.iso20_ac as evcc20ac
from v2g import apphand, iso20_catalog
from v2g.controller import EnergyMode
from v2g.evcc.iso20_specs import SPECS as EVCC_SPECS
from v2g.secc.iso20 import SPECS as SECC_SPECS


def test_the_dc_and_ac_specs() -> None:
    assert iso20_catalog.evcc_spec("dc") is evcc20.SPEC
    assert iso20_catalog.evcc_spec("dc", "dynamic") is evcc20.DYNAMIC_SPEC
    assert iso20_catalog.evcc_spec("ac") is evcc20ac.AC_SPEC
    assert iso20_catalog.evcc_spec("ac", "dynamic") is evcc20ac.AC_DYNAMIC_SPEC
    assert iso20_catalog.secc_spec("dc") is SECC_SPECS["dc", "any"]
    assert iso20_catalog.secc_spec("ac", "dynamic") is SECC_SPECS["ac", "dynamic"]
    svc = iso20_catalog.service("ac_bpt")
    assert svc.protocol == apphand.ISO20_AC and svc.energy_mode is EnergyMode.AC_THREE_PHASE
    assert iso20_catalog.protocols_for((EnergyMode.DC_EXTENDED, EnergyMode.AC_SINGLE_PHASE)) == (
        apphand.ISO20_DC, apphand.ISO20_AC,
    )


@pytest.mark.parametrize("service", ["dc_bpt", "ac_bpt"])
@pytest.mark.parametrize("control", ["scheduled", "dynamic"])
def test_the_bpt_services_come_from_the_machines_maps(service: str, control: str) -> None:
    evcc = iso20_catalog.evcc_spec(service, control)
    secc = iso20_catalog.secc_spec(service, control)
    assert evcc is EVCC_SPECS[service, control] and secc is SECC_SPECS[service, control]
    assert iso20_catalog.secc_spec(service) is SECC_SPECS[service, "any"]
    namespace = iso20_catalog.service(service).protocol.namespace
    assert evcc.namespace == secc.namespace == namespace
    assert f"{service}/{control}" in iso20_catalog.available("evcc")
    assert service in iso20_catalog.available("secc")


@pytest.mark.parametrize(("service", "control"), [("wpt", "scheduled"), ("dc", "fast")])
def test_unknown_services_and_control_modes(service: str, control: str) -> None:
    with pytest.raises(iso20_catalog.UnknownService, match="one of"):
        iso20_catalog.evcc_spec(service, control)
    with pytest.raises(iso20_catalog.UnknownService, match="one of"):
        iso20_catalog.secc_spec(service, control)
