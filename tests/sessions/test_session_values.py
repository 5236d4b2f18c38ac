"""Invalid values get the response code the standard names, then the session ends; the handshake
with real vehicles' offers."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from _session_harness import DIN, EXI, ISO2, VECTORS, pump, reach, samples, send, setup, with_session_id

import exi
from exi.app import generated_types as app
from exi.din import generated_types as d
from exi.iso2 import generated_types as m
from v2g.apphand import NS_DIN, NS_ISO2
from v2g.controller import EnergyMode, SimulatedDcEvse
from v2g.secc import SeccState


def body_of(schema: str, name: str) -> Any:
    return samples(schema)[name].Body.BodyElement


def send_body(key: str, state: SeccState, body: Any) -> tuple[Any, Any]:
    secc, now = reach(key, state)
    module = {"din-dc": "din"}.get(key, "iso2")
    wrap = samples(module)["SessionStopReq"]
    msg = dataclasses.replace(wrap, Body=dataclasses.replace(wrap.Body, BodyElement=body))
    res = send(secc, module, with_session_id(msg, secc.session_id or b"\x00"), now + 0.01)
    return res, secc


def _iso2_selection(option: m.paymentOptionType, ids: tuple[int, ...]) -> m.PaymentServiceSelectionReq:
    return m.PaymentServiceSelectionReq(
        SelectedPaymentOption=option,
        SelectedServiceList=m.SelectedServiceListType(
            SelectedService=tuple(m.SelectedServiceType(ServiceID=i) for i in ids)
        ),
    )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (_iso2_selection(m.paymentOptionType.Contract, (1,)), "FAILED_PaymentSelectionInvalid"),
        (_iso2_selection(m.paymentOptionType.ExternalPayment, (7,)), "FAILED_NoChargeServiceSelected"),
        (_iso2_selection(m.paymentOptionType.ExternalPayment, (1, 7)), "FAILED_ServiceSelectionInvalid"),
        (m.ServiceDetailReq(ServiceID=99), "FAILED_ServiceIDInvalid"),
    ],
)
def test_iso2_payment_and_service_selection(body: Any, code: str) -> None:
    res, secc = send_body("iso2-dc", SeccState.PAYMENT_SELECTION, body)
    assert res.ResponseCode.value == code and secc.closed


def test_din_payment_selection_contract_is_invalid() -> None:
    body = d.ServicePaymentSelectionReq(
        SelectedPaymentOption=d.paymentOptionType.Contract,
        SelectedServiceList=d.SelectedServiceListType(SelectedService=(d.SelectedServiceType(ServiceID=1),)),
    )
    res, secc = send_body("din-dc", SeccState.PAYMENT_SELECTION, body)
    assert res.ResponseCode.value == "FAILED_PaymentSelectionInvalid" and secc.closed


def _ac_parameter() -> m.AC_EVChargeParameter:
    return m.AC_EVChargeParameter(
        EAmount=m.PhysicalValueType(Multiplier=0, Unit=m.unitSymbolType.Wh, Value=1000),
        EVMaxVoltage=m.PhysicalValueType(Multiplier=0, Unit=m.unitSymbolType.V, Value=400),
        EVMaxCurrent=m.PhysicalValueType(Multiplier=0, Unit=m.unitSymbolType.A, Value=16),
        EVMinCurrent=m.PhysicalValueType(Multiplier=0, Unit=m.unitSymbolType.A, Value=6),
    )


def test_iso2_energy_mode_not_offered() -> None:
    body = m.ChargeParameterDiscoveryReq(
        RequestedEnergyTransferMode=m.EnergyTransferModeType.AC_three_phase_core,
        EVChargeParameter=_ac_parameter(),
    )
    res, secc = send_body("iso2-dc", SeccState.CHARGE_PARAMETER, body)
    assert res.ResponseCode.value == "FAILED_WrongEnergyTransferMode" and secc.closed


def test_iso2_dc_mode_with_ac_parameters() -> None:
    body = m.ChargeParameterDiscoveryReq(
        RequestedEnergyTransferMode=m.EnergyTransferModeType.DC_extended, EVChargeParameter=_ac_parameter()
    )
    res, secc = send_body("iso2-dc", SeccState.CHARGE_PARAMETER, body)
    assert res.ResponseCode.value == "FAILED_WrongChargeParameter" and secc.closed


def test_din_energy_type_not_offered() -> None:
    body = dataclasses.replace(
        body_of("din", "ChargeParameterDiscoveryReq"),
        EVRequestedEnergyTransferType=d.EVRequestedEnergyTransferType.DC_core,
    )
    res, secc = send_body("din-dc", SeccState.CHARGE_PARAMETER, body)
    assert res.ResponseCode.value == "FAILED_WrongEnergyTransferType" and secc.closed


def _iso2_start(schedule_id: int, power: int | None) -> m.PowerDeliveryReq:
    profile = None
    if power is not None:
        profile = m.ChargingProfileType(
            ProfileEntry=(
                m.ProfileEntryType(
                    ChargingProfileEntryStart=0,
                    ChargingProfileEntryMaxPower=m.PhysicalValueType(
                        Multiplier=3, Unit=m.unitSymbolType.W, Value=power
                    ),
                ),
            )
        )
    return m.PowerDeliveryReq(
        ChargeProgress=m.chargeProgressType.Start, SAScheduleTupleID=schedule_id, ChargingProfile=profile
    )


@pytest.mark.parametrize(
    ("key", "state"), [("iso2-ac", SeccState.POWER_DELIVERY), ("iso2-dc", SeccState.PRE_CHARGE)]
)
def test_iso2_schedule_and_profile_checks(key: str, state: SeccState) -> None:
    res, secc = send_body(key, state, _iso2_start(99, None))
    assert res.ResponseCode.value == "FAILED_TariffSelectionInvalid" and secc.closed
    res, secc = send_body(key, state, _iso2_start(1, 500))  # 500 kW above any PMax offered
    assert res.ResponseCode.value == "FAILED_ChargingProfileInvalid" and secc.closed
    res, secc = send_body(key, state, _iso2_start(1, 5))
    assert res.ResponseCode.value == "OK" and not secc.closed


def test_din_profile_must_name_an_offered_schedule() -> None:
    body = d.PowerDeliveryReq(
        ReadyToChargeState=True,
        ChargingProfile=d.ChargingProfileType(
            SAScheduleTupleID=1,
            ProfileEntry=(
                d.ProfileEntryType(ChargingProfileEntryStart=0, ChargingProfileEntryMaxPower=32767),
            ),
        ),
    )
    # the simulated charger offers 50 kW, which DIN's PMax (a short, in W) caps at 32767 W
    res, secc = send_body("din-dc", SeccState.PRE_CHARGE, body)
    assert res.ResponseCode.value == "OK"
    body = dataclasses.replace(
        body, ChargingProfile=dataclasses.replace(body.ChargingProfile, SAScheduleTupleID=9)
    )
    res, secc = send_body("din-dc", SeccState.PRE_CHARGE, body)
    assert res.ResponseCode.value == "FAILED_TariffSelectionInvalid" and secc.closed


@pytest.mark.parametrize(("key", "schema"), [("din-dc", "din"), ("iso2-dc", "iso2")])
def test_pre_charge_above_the_evse_maximum(key: str, schema: str) -> None:
    body = body_of(schema, "PreChargeReq")
    unit = type(body.EVTargetVoltage)
    body = dataclasses.replace(
        body, EVTargetVoltage=unit(Multiplier=1, Unit=body.EVTargetVoltage.Unit,
                                   Value=int(SimulatedDcEvse.max_voltage) // 10 + 1)
    )
    res, secc = send_body(key, SeccState.PRE_CHARGE, body)
    assert res.ResponseCode.value == "FAILED_WrongChargeParameter" and secc.closed


def test_renegotiate_outside_the_loop_is_a_sequence_error() -> None:
    body = dataclasses.replace(_iso2_start(1, None), ChargeProgress=m.chargeProgressType.Renegotiate)
    res, secc = send_body("iso2-ac", SeccState.POWER_DELIVERY, body)
    assert res.ResponseCode.value == "FAILED_SequenceError" and secc.closed


# ------------------------------------------------------------------------------------- handshake


def _real_offers() -> list[tuple[str, bytes]]:
    out = []
    for line in VECTORS.read_text().splitlines():
        v = json.loads(line)
        if v["message"] == "supportedAppProtocolReq" and v.get("origin", "").startswith("real"):
            out.append((v["origin"], bytes.fromhex(v["hex"])))
    return out


@pytest.mark.parametrize(("origin", "data"), _real_offers(), ids=[o for o, _ in _real_offers()])
def test_real_vehicle_offers_are_negotiated(origin: str, data: bytes) -> None:
    s = setup(ISO2, EnergyMode.DC_EXTENDED, secc={"protocols": (ISO2, DIN)})
    secc = s.secc()
    secc.receive(EXI, data, 0.0)
    (out,) = secc.data_to_send()
    res = exi.decode(out[1], "app")
    offers = exi.decode(data, "app").AppProtocol
    known = [o for o in offers if o.ProtocolNamespace in (NS_DIN, NS_ISO2)]
    assert res.ResponseCode is app.responseCodeType.OK_SuccessfulNegotiation
    best = min(known, key=lambda o: o.Priority)
    assert res.SchemaID == best.SchemaID
    assert secc.protocol == best.ProtocolNamespace and not secc.closed


def test_no_common_protocol() -> None:
    s = setup(ISO2, EnergyMode.DC_EXTENDED, secc={"protocols": (DIN,)})
    evcc = s.evcc(protocols=(ISO2,))
    secc = s.secc()
    run = pump(secc, evcc)
    assert run.response_codes() == ["Failed_NoNegotiation"]
    assert secc.closed and secc.protocol is None
    assert evcc.result is not None and not evcc.result.ok and "supports none" in evcc.result.reason


def test_evcc_offering_both_gets_the_secc_only_protocol() -> None:
    s = setup(DIN, EnergyMode.DC_EXTENDED, evcc={"protocols": (ISO2, DIN)})
    evcc = s.evcc()
    pump(s.secc(), evcc)
    assert evcc.result is not None and evcc.result.ok and evcc.result.protocol == NS_DIN


def test_trace_records_are_json_ready() -> None:
    s = setup(ISO2, EnergyMode.DC_EXTENDED, evcc={"charging_loop_cycles": 2})
    run = pump(s.secc(), s.evcc())
    for rec in run.secc_trace + run.evcc_trace:
        line = json.dumps(rec.as_json())
        back = json.loads(line)
        assert back["direction"] in ("rx", "tx") and bytes.fromhex(back["raw"])
        assert back["protocol"] in ("app", "iso2")
    first = run.secc_trace[0]
    assert first.message == "supportedAppProtocolReq" and first.direction == "rx"
    assert exi.to_dict(exi.decode(bytes.fromhex(first.raw), "app")) == first.decoded
