"""ISO 15118-20 SECC signed price schedules of a Plug & Charge session.

In an authorized PnC session whose ``PlugAndCharge`` has ``price_schedules`` (the operator's
tariff per ScheduleTuple) the Finished Scheduled ScheduleExchangeRes carries each tuple's
AbsolutePriceSchedule or PriceLevelSchedule in its ChargingSchedule, each with an Id (``PS<n>``);
with ``tariff_key`` (the MO Sub-CA 2 key the backend provides, P-521 or Ed448) the header
Signature has one Reference per price schedule (-20 suites), as the -2 SalesTariffs are signed.
The EVCC verifies them with the MO Sub-CA 2 certificate of its contract chain before it accepts a
schedule (:mod:`v2g.evcc.iso20_pnc`).

:func:`flat_price_schedule` is a simple AbsolutePriceSchedule (one energy price, EUR) for tests
and the demo.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from exi.iso20 import generated_types as c
from v2g import signing
from v2g.secc._machine import SeccContext
from v2g.secc._spec import Reply
from v2g.secc.iso20._shared import RN
from v2g.secc.iso20.pnc import Contract20


def flat_price_schedule(schedule_id: int, time_anchor: int, *, eur_per_kwh: float = 0.35) -> Any:
    """One energy price for the whole schedule (PriceAlgorithm: power-based, the -20 URN)."""
    return c.AbsolutePriceScheduleType(
        TimeAnchor=time_anchor,
        PriceScheduleID=schedule_id,
        Currency="EUR",
        Language="ENG",
        PriceAlgorithm="urn:iso:std:iso:15118:-20:PriceAlgorithm:1-Power",
        PriceRuleStacks=c.PriceRuleStackListType(
            PriceRuleStack=(
                c.PriceRuleStackType(
                    Duration=0,
                    PriceRule=(c.PriceRuleType(EnergyFee=RN(eur_per_kwh), PowerRangeStart=RN(0.0)),),
                ),
            )
        ),
    )


def _with_price(t: c.ScheduleTupleType, price: Any, n: int) -> tuple[c.ScheduleTupleType, str | None]:
    if price is None:
        return t, None
    ident = f"PS{n}"
    price = dataclasses.replace(price, Id=ident)
    field = "PriceLevelSchedule" if isinstance(price, c.PriceLevelScheduleType) else "AbsolutePriceSchedule"
    schedule = dataclasses.replace(t.ChargingSchedule, **{field: price})
    return dataclasses.replace(t, ChargingSchedule=schedule), ident


def priced(ctx: SeccContext, reply: Reply) -> Reply:
    """The Finished Scheduled ScheduleExchangeRes of a PnC session with its price schedules,
    signed with the backend's tariff key; any other reply as it is."""
    pnc = ctx.services.pnc if ctx.tls else None
    body = reply.body
    mode = getattr(body, "Scheduled_SEResControlMode", None)
    contract = ctx.contract
    if pnc is None or pnc.price_schedules is None or mode is None:
        return reply
    if not isinstance(contract, Contract20) or not contract.authorized:
        return reply
    tuples, ids = [], []
    for n, t in enumerate(mode.ScheduleTuple, 1):
        anchor = t.ChargingSchedule.PowerSchedule.TimeAnchor
        t, ident = _with_price(t, pnc.price_schedules(t.ScheduleTupleID, anchor), n)
        tuples.append(t)
        if ident is not None:
            ids.append(ident)
    body = dataclasses.replace(
        body, Scheduled_SEResControlMode=c.Scheduled_SEResControlModeType(ScheduleTuple=tuple(tuples))
    )
    reply.body = body
    if ids and pnc.tariff_key is not None:
        draft = dataclasses.replace(body, Header=c.MessageHeaderType(SessionID=ctx.session_id, TimeStamp=0))
        reply.signature = signing.sign(draft, ids, pnc.tariff_key, profile="iso20").Header.Signature
    return reply
