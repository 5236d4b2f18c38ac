"""Charger behaviour that real chargers differ in, as SeccConfig options (defaults: today's): a charger
that cannot pause (``pause=False``), a strict sequence (``strict=True``: SessionStop in the cable
check or the pre-charge), and the payment options offered (Contract only refuses ExternalPayment)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from _session_harness import AC, CONFIGS, DC, ISO2, pump, reach, samples, send, setup, with_session_id

from exi.iso2 import generated_types as m
from v2g.errors import SessionError
from v2g.secc import SeccState
from v2g.secc.iso2.setup import payment_options, payment_selection


@pytest.mark.parametrize("mode", [DC, AC])
def test_a_charger_that_cannot_pause_answers_pause_failed_and_terminates(mode: Any) -> None:
    s = setup(ISO2, mode, secc={"pause": False}, evcc={"charging_loop_cycles": 3, "pause": True})
    secc = s.secc()
    run = pump(secc, s.evcc())
    assert run.requests()[-1] == "SessionStopReq"
    assert run.bodies("SessionStopReq")[-1]["ChargingSession"] == "Pause"
    assert run.responses()[-1] == "SessionStopRes" and run.response_codes()[-1] == "FAILED"
    assert secc.closed and "does not support pausing" in secc.close_reason
    assert len(s.store) == 0, "nothing to resume"
    assert len(s.evse.ended) == 1 and "does not support pausing" in s.evse.ended[0]


@pytest.mark.parametrize("mode", [DC, AC])
def test_by_default_the_charger_pauses(mode: Any) -> None:
    s = setup(ISO2, mode, evcc={"charging_loop_cycles": 3, "pause": True})
    secc = s.secc()
    run = pump(secc, s.evcc())
    assert run.response_codes()[-1] == "OK" and secc.close_reason == "paused" and len(s.store) == 1


def _session_stop(key: str, state: SeccState, *, strict: bool) -> tuple[str, Any]:
    _, _, module = CONFIGS[key]
    secc, now = reach(key, state)
    object.__setattr__(secc.config, "strict", strict)  # the same session, judged strictly or not
    stop = with_session_id(samples(module.SCHEMA)["SessionStopReq"], secc.session_id or b"")
    res = send(secc, module.SCHEMA, stop, now + 0.1)
    return res.ResponseCode.value, secc


BEFORE_POWER = [SeccState.CABLE_CHECK, SeccState.PRE_CHARGE]


@pytest.mark.parametrize("state", BEFORE_POWER, ids=[s.value for s in BEFORE_POWER])
@pytest.mark.parametrize("key", ["din-dc", "iso2-dc"])
def test_a_strict_charger_refuses_session_stop_before_power_delivery(key: str, state: SeccState) -> None:
    code, secc = _session_stop(key, state, strict=True)
    assert code == "FAILED_SequenceError" and secc.closed and "not strict" in secc.close_reason


@pytest.mark.parametrize("state", BEFORE_POWER, ids=[s.value for s in BEFORE_POWER])
@pytest.mark.parametrize("key", ["din-dc", "iso2-dc"])
def test_a_lenient_charger_ends_the_session(key: str, state: SeccState) -> None:
    code, secc = _session_stop(key, state, strict=False)
    assert code == "OK" and secc.closed and secc.close_reason == "terminated"


@pytest.mark.parametrize("key", ["din-dc", "iso2-dc"])
def test_strict_still_takes_session_stop_where_the_sequence_leads_to_it(key: str) -> None:
    code, secc = _session_stop(key, SeccState.CHARGE_PARAMETER, strict=True)
    assert code == "OK" and secc.close_reason == "terminated"


def test_the_evcc_stopping_in_the_cable_check_of_a_strict_charger() -> None:
    s = setup(ISO2, DC, secc={"strict": True}, evse={"cable_check_time": 2.0})
    secc, evcc = s.secc(), s.evcc()
    run = pump(secc, evcc, hook=lambda r: "CableCheckReq" in r.requests() and evcc.request_stop(r.now, "x"))
    assert run.requests()[-1] == "SessionStopReq" and run.response_codes()[-1] == "FAILED_SequenceError"


def test_a_contract_only_charger_refuses_external_payment() -> None:
    """Contract only (``--payment contract``, on TLS with Plug & Charge): ServiceDiscoveryRes offers
    Contract alone and an ExternalPayment selection is FAILED_PaymentSelectionInvalid."""
    s = setup(ISO2, DC, secc={"payment_options": ("Contract",)})
    secc = s.secc()
    ctx = secc.context
    ctx.tls = True
    ctx.services = dataclasses.replace(ctx.services, pnc=object())
    assert payment_options(ctx) == ("Contract",)
    req = m.PaymentServiceSelectionReq(
        SelectedPaymentOption=m.paymentOptionType.ExternalPayment,
        SelectedServiceList=m.SelectedServiceListType(SelectedService=(m.SelectedServiceType(ServiceID=1),)),
    )
    with pytest.raises(SessionError) as refused:
        payment_selection(ctx, req, None)
    assert refused.value.response_code == "FAILED_PaymentSelectionInvalid"
    ctx.tls = False  # no TLS: nothing left to offer, ServiceDiscovery fails
    assert payment_options(ctx) == ()
