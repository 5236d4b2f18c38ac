"""What real cars and peer stacks do that the sessions must take: an EV that stops with PowerDelivery
before the charging loop, and a charger that refuses ServiceDetail for the charge service."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from _session_harness import AC, CONFIGS, DC, ISO2, pump, reach, samples, send, setup, with_session_id

from exi.din import generated_types as d
from exi.iso2 import generated_types as m
from v2g.errors import SessionError
from v2g.secc import Reply, Route, SeccState, iso2
from v2g.secc._machine import SeccContext

EARLY = [SeccState.CHARGE_PARAMETER, SeccState.CABLE_CHECK]


def _stop(key: str, *, error: bool = False) -> Any:
    """A PowerDeliveryReq that does not start charging (DIN: ReadyToChargeState false, or an
    EVErrorCode; -2: ChargeProgress Stop, or an EVErrorCode with Start)."""
    _, _, module = CONFIGS[key]
    message = samples(module.SCHEMA)["PowerDeliveryReq"]
    body = message.Body.BodyElement
    t = d if module.SCHEMA == "din" else m
    param = t.DC_EVPowerDeliveryParameter(
        DC_EVStatus=t.DC_EVStatus(
            EVReady=True,
            EVErrorCode=t.DC_EVErrorCodeType.FAILED_RESSTemperatureInhibit
            if error
            else t.DC_EVErrorCodeType.NO_ERROR,
            EVRESSSOC=40,
        ),
        ChargingComplete=False,
    )
    if module.SCHEMA == "din":
        body = d.PowerDeliveryReq(ReadyToChargeState=error, EVPowerDeliveryParameter=param)
    else:
        progress = m.chargeProgressType.Start if error else m.chargeProgressType.Stop
        body = dataclasses.replace(body, ChargeProgress=progress, EVPowerDeliveryParameter=param)
    return dataclasses.replace(message, Body=dataclasses.replace(message.Body, BodyElement=body))


@pytest.mark.parametrize("error", [False, True], ids=["stop", "ev-error"])
@pytest.mark.parametrize("state", EARLY, ids=[s.value for s in EARLY])
@pytest.mark.parametrize("key", ["din-dc", "iso2-dc"])
def test_an_early_power_delivery_stop_is_confirmed(key: str, state: SeccState, error: bool) -> None:
    _, _, module = CONFIGS[key]
    secc, now = reach(key, state)
    stops: list[float] = []
    power: Any = secc.context.power
    original = power.stop_power
    power.stop_power = lambda t: (stops.append(t), original(t))
    res = send(
        secc, module.SCHEMA, with_session_id(_stop(key, error=error), secc.session_id or b""), now + 0.1
    )
    assert res.ResponseCode.value == "OK" and secc.state is SeccState.STOPPED and not secc.closed
    assert stops, "the power stays off"
    stop = with_session_id(samples(module.SCHEMA)["SessionStopReq"], secc.session_id or b"")
    res = send(secc, module.SCHEMA, stop, now + 0.2)
    assert res.ResponseCode.value == "OK" and secc.closed and secc.close_reason == "terminated"


@pytest.mark.parametrize("state", EARLY, ids=[s.value for s in EARLY])
@pytest.mark.parametrize("key", ["din-dc", "iso2-dc"])
def test_a_strict_charger_refuses_an_early_stop(key: str, state: SeccState) -> None:
    _, _, module = CONFIGS[key]
    secc, now = reach(key, state)
    object.__setattr__(secc.config, "strict", True)  # the same session, judged strictly
    res = send(secc, module.SCHEMA, with_session_id(_stop(key), secc.session_id or b""), now + 0.1)
    assert res.ResponseCode.value == "FAILED_SequenceError" and secc.closed
    assert "not strict" in secc.close_reason


@pytest.mark.parametrize("mode", [DC, AC])
def test_the_evcc_asks_no_service_detail_unless_it_wants_one(mode: Any) -> None:
    s = setup(ISO2, mode)
    run = pump(s.secc(), s.evcc())
    assert "ServiceDetailReq" not in run.requests() and run.evcc.result and run.evcc.result.ok
    s = setup(ISO2, mode, evcc={"service_details": (1, 7)})  # 7 is not offered: not asked
    run = pump(s.secc(), s.evcc())
    assert run.requests().count("ServiceDetailReq") == 1 and run.evcc.result and run.evcc.result.ok


def _refusing_detail(ctx: SeccContext, req: m.ServiceDetailReq, rx: Any) -> Reply:
    # what a peer stack's SECC does: it has no details for the charge service and goes on
    raise SessionError("FAILED_ServiceIDInvalid", "no details for the charge service", close=False)


def test_a_refused_service_detail_does_not_end_the_session() -> None:
    table = dict(iso2.SPEC.table)
    table[(SeccState.PAYMENT_SELECTION, m.ServiceDetailReq)] = Route(
        _refusing_detail, SeccState.PAYMENT_SELECTION
    )
    peer = dataclasses.replace(iso2.SPEC, table=table)
    s = setup(ISO2, DC, secc={"specs": (peer,)}, evcc={"service_details": (1,), "charging_loop_cycles": 3})
    run = pump(s.secc(), s.evcc())
    assert "FAILED_ServiceIDInvalid" in run.response_codes()
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    assert run.evcc.context.refused_details == [(1, "FAILED_ServiceIDInvalid")]
