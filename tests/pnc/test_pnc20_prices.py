"""ISO 15118-20 signed price schedules, both algorithm families: in a PnC session the SECC puts
the operator's AbsolutePriceSchedule or PriceLevelSchedule into each ScheduleTuple and signs them
with the backend's tariff key (the MO Sub-CA 2 key); our EVCC verifies them with the MO Sub-CA 2
certificate of its contract chain before it takes a schedule, and stops on a bad signature."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from exi.iso20 import generated_types as c
from tests.pnc._pnc20 import START, Pnc20Setup, Tamper20, pki20
from tests.sessions._session_harness import pump
from tls.pki import PkiConfig, create_pki
from tls.profiles import Role
from v2g.backend import PlugAndCharge
from v2g.secc.iso20.prices import flat_price_schedule

FAMILIES = ["p521", "ed448"]


def _levels(schedule_id: int, anchor: int) -> Any:
    return c.PriceLevelScheduleType(
        TimeAnchor=anchor,
        PriceScheduleID=schedule_id,
        NumberOfPriceLevels=3,
        PriceLevelScheduleEntries=c.PriceLevelScheduleEntryListType(
            PriceLevelScheduleEntry=(c.PriceLevelScheduleEntryType(Duration=3600, PriceLevel=1),)
        ),
    )


class Priced(Pnc20Setup):
    """A setup whose PlugAndCharge has price schedules and (optionally) a tariff key."""

    prices: Any = staticmethod(flat_price_schedule)
    key: Any = "mo"

    @property
    def pnc(self) -> PlugAndCharge:
        key = pki20(self.algorithm).keys[Role.MO_SUB_CA2] if self.key == "mo" else self.key
        return dataclasses.replace(super().pnc, tariff_key=key, price_schedules=self.prices)


def _run(setup: Pnc20Setup, secc_edit: Any = None) -> Any:
    secc = setup.secc()
    run = pump(Tamper20(secc, secc_edit) if secc_edit else secc, setup.evcc())  # type: ignore[arg-type]
    return run


def _prices(run: Any) -> list[dict[str, Any]]:
    (res,) = [b for b in run.bodies("ScheduleExchangeRes") if str(b["EVSEProcessing"]) == "Finished"]
    return [t["ChargingSchedule"] for t in res["Scheduled_SEResControlMode"]["ScheduleTuple"]]


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("service", ["dc", "ac_bpt"])
def test_signed_absolute_price_schedule_verified(family: str, service: str) -> None:
    setup = Priced(family, service=service)
    run = _run(setup)
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    schedules = _prices(run)
    assert schedules and all(s["AbsolutePriceSchedule"]["Id"].startswith("PS") for s in schedules)
    assert run.evcc._ctx.tariff_note == "price schedule signature verified"


@pytest.mark.parametrize("family", FAMILIES)
def test_signed_price_level_schedule_verified(family: str) -> None:
    setup = Priced(family)
    setup.prices = _levels
    run = _run(setup)
    assert run.evcc.result is not None and run.evcc.result.ok
    assert all("PriceLevelSchedule" in s for s in _prices(run))
    assert run.evcc._ctx.tariff_note == "price schedule signature verified"


@pytest.mark.parametrize("family", FAMILIES)
def test_unsigned_price_schedules_are_noted(family: str) -> None:
    setup = Priced(family)
    setup.key = None
    run = _run(setup)
    assert run.evcc.result is not None and run.evcc.result.ok
    assert run.evcc._ctx.tariff_note == "price schedules not signed"


@pytest.mark.parametrize("family", FAMILIES)
def test_signed_with_another_key_refused(family: str) -> None:
    setup = Priced(family)
    setup.key = create_pki(PkiConfig("iso20", START, pki20(family).algorithm)).keys[Role.MO_SUB_CA2]
    run = _run(setup)
    assert run.evcc.result is not None and not run.evcc.result.ok
    assert "price schedule signature invalid" in run.evcc.result.reason
    assert "PowerDeliveryReq" not in run.requests()  # no schedule was taken


def _raise_price(message: Any) -> Any:
    if (
        not isinstance(message, c.ScheduleExchangeRes)
        or message.EVSEProcessing is not c.processingType.Finished
    ):
        return message
    mode = message.Scheduled_SEResControlMode
    first = mode.ScheduleTuple[0]
    price = first.ChargingSchedule.AbsolutePriceSchedule
    cheaper = dataclasses.replace(price, Currency="USD")
    schedule = dataclasses.replace(first.ChargingSchedule, AbsolutePriceSchedule=cheaper)
    tuples = (dataclasses.replace(first, ChargingSchedule=schedule), *mode.ScheduleTuple[1:])
    return dataclasses.replace(
        message, Scheduled_SEResControlMode=dataclasses.replace(mode, ScheduleTuple=tuples)
    )


@pytest.mark.parametrize("family", FAMILIES)
def test_altered_price_schedule_refused(family: str) -> None:
    run = _run(Priced(family), _raise_price)
    assert run.evcc.result is not None and not run.evcc.result.ok
    assert "price schedule signature invalid" in run.evcc.result.reason


@pytest.mark.parametrize("family", FAMILIES)
def test_no_prices_in_an_eim_session(family: str) -> None:
    setup = Priced(family)
    run = pump(setup.secc(), setup.evcc(contract=None))
    assert run.evcc.result is not None and run.evcc.result.ok
    assert all("AbsolutePriceSchedule" not in s for s in _prices(run))
