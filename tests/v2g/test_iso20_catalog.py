"""v2g.iso20_catalog finds the -20 specs the machines export by service and control mode, by name:
a spec added later under the documented name (DC_BPT_SPEC ...) is picked up without an edit."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

import v2g.evcc.iso20 as evcc20
import v2g.evcc.iso20_ac as evcc20ac
import v2g.secc.iso20 as secc20
from v2g import apphand, iso20_catalog
from v2g.controller import EnergyMode


@pytest.fixture
def fresh() -> Iterator[None]:
    iso20_catalog._evcc_lookup.cache_clear()
    iso20_catalog._secc_lookup.cache_clear()
    yield
    iso20_catalog._evcc_lookup.cache_clear()
    iso20_catalog._secc_lookup.cache_clear()


def test_the_dc_and_ac_specs_of_today(fresh: None) -> None:
    assert iso20_catalog.evcc_spec("dc") is evcc20.SPEC
    assert iso20_catalog.evcc_spec("dc", "dynamic") is evcc20.DYNAMIC_SPEC
    assert iso20_catalog.evcc_spec("ac") is evcc20ac.AC_SPEC
    assert iso20_catalog.evcc_spec("ac", "dynamic") is evcc20ac.AC_DYNAMIC_SPEC
    assert iso20_catalog.secc_spec("dc") is secc20.SPEC and iso20_catalog.secc_spec("ac") is secc20.AC_SPEC
    today = {"dc/scheduled", "dc/dynamic", "ac/scheduled", "ac/dynamic"}
    assert today <= set(iso20_catalog.available("evcc"))
    svc = iso20_catalog.service("ac_bpt")
    assert svc.protocol == apphand.ISO20_AC and svc.energy_mode is EnergyMode.AC_THREE_PHASE
    assert iso20_catalog.protocols_for((EnergyMode.DC_EXTENDED, EnergyMode.AC_SINGLE_PHASE)) == (
        apphand.ISO20_DC, apphand.ISO20_AC,
    )


def test_a_bpt_spec_exported_later_is_picked_up_by_name(fresh: None, monkeypatch: pytest.MonkeyPatch) -> None:
    evcc_bpt = dataclasses.replace(evcc20.SPEC, name="iso20-dc-bpt")
    evcc_bpt_dynamic = dataclasses.replace(evcc20.DYNAMIC_SPEC, name="iso20-dc-bpt")
    secc_bpt = dataclasses.replace(secc20.SPEC, name="iso20-dc-bpt")
    monkeypatch.setattr(evcc20, "DC_BPT_SPEC", evcc_bpt, raising=False)
    monkeypatch.setattr(evcc20, "DC_BPT_DYNAMIC_SPEC", evcc_bpt_dynamic, raising=False)
    monkeypatch.setattr(secc20, "DC_BPT_SPEC", secc_bpt, raising=False)
    assert iso20_catalog.evcc_spec("dc_bpt") is evcc_bpt
    assert iso20_catalog.evcc_spec("dc_bpt", "dynamic") is evcc_bpt_dynamic
    assert iso20_catalog.secc_spec("dc_bpt") is secc_bpt
    assert "dc_bpt" in iso20_catalog.available("secc")


def test_a_spec_of_the_wrong_namespace_is_not_taken(fresh: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evcc20, "AC_BPT_SPEC", evcc20.SPEC, raising=False)  # a DC spec under an AC name
    if any(n.startswith("ac_bpt/") for n in iso20_catalog.available("evcc")):
        pytest.skip("the machines export an AC_BPT spec now")
    with pytest.raises(iso20_catalog.UnknownService, match="no ISO 15118-20 ac_bpt scheduled session"):
        iso20_catalog.evcc_spec("ac_bpt")


@pytest.mark.parametrize(("service", "control"), [("wpt", "scheduled"), ("dc", "fast")])
def test_unknown_services_and_control_modes(fresh: None, service: str, control: str) -> None:
    with pytest.raises(iso20_catalog.UnknownService, match="one of"):
        iso20_catalog.evcc_spec(service, control)
