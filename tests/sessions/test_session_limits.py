"""Unsafe values in the charging loop: limits from the firmware that are not finite or negative end
the session as a controller fault; set points from the car reach the power stage only within
[0, limit]; the EVCC never encodes a value from its controller that is not finite."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

import pytest
from _session_harness import pump, reach, samples, send, setup, with_session_id
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exi.din import generated_types as d
from exi.iso2 import generated_types as m
from v2g._physical import from_pv, to_pv
from v2g.apphand import DIN, ISO2
from v2g.controller import DcEvseLimits, EnergyMode, EvseServices, EvseStatus, SimulatedDcEvse, SimulatedEv
from v2g.errors import ControllerFault, SessionError
from v2g.evcc import EvccSession
from v2g.secc import SeccConfig, SeccSession, SeccState, SessionStore
from v2g.secc import din as secc_din
from v2g.secc import iso2 as secc_iso2
from v2g.secc._machine import SeccContext
from v2g.secc._spec import Rx

NAN = math.nan
SCHEMA = {"din-dc": "din", "iso2-dc": "iso2", "iso2-ac": "iso2"}
TYPES: dict[str, Any] = {"din": d, "iso2": m}


def body_of(schema: str, name: str) -> Any:
    return samples(schema)[name].Body.BodyElement


def send_in(secc: SeccSession, key: str, now: float, body: Any) -> Any:
    """Send ``body`` in the session's protocol with its SessionID; the decoded response body."""
    schema = SCHEMA[key]
    wrap = samples(schema)["SessionStopReq"]
    msg = dataclasses.replace(wrap, Body=dataclasses.replace(wrap.Body, BodyElement=body))
    return send(secc, schema, with_session_id(msg, secc.session_id or b"\x00"), now + 0.01)


def pv(schema: str, value: int, multiplier: int, unit: str) -> Any:
    t = TYPES[schema]
    return t.PhysicalValueType(Multiplier=multiplier, Unit=t.unitSymbolType(unit), Value=value)


def targets(schema: str, name: str, volts: tuple[int, int], amps: tuple[int, int]) -> Any:
    """The sample request ``name`` with EVTargetVoltage / EVTargetCurrent = (Value, Multiplier)."""
    return dataclasses.replace(
        body_of(schema, name),
        EVTargetVoltage=pv(schema, *volts, "V"),
        EVTargetCurrent=pv(schema, *amps, "A"),
    )


class Recorder(SimulatedDcEvse):
    """The simulated charger, remembering every set point it was given."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.set_points: list[tuple[str, float, float]] = []

    def set_precharge(self, voltage: float, current: float, now: float) -> None:
        self.set_points.append(("precharge", voltage, current))
        super().set_precharge(voltage, current, now)

    def set_current_demand(self, voltage: float, current: float, now: float) -> None:
        self.set_points.append(("demand", voltage, current))
        super().set_current_demand(voltage, current, now)


def ended_by_controller_fault(secc: SeccSession, res: Any, what: str) -> None:
    assert res.ResponseCode.value == "FAILED"
    assert secc.closed and isinstance(secc.fault, ControllerFault)
    assert what in secc.close_reason
    evse = secc.context.power
    assert isinstance(evse, SimulatedDcEvse) and evse.ended == [secc.close_reason]  # power off, ended
    assert evse._current == 0.0 and not evse._contactors


# ------------------------------------------------------------------ 7. limits from the firmware


@pytest.mark.parametrize("key", ["din-dc", "iso2-dc"])
def test_nan_limit_refuses_the_pre_charge(key: str) -> None:
    secc, now = reach(key, SeccState.PRE_CHARGE)
    secc.context.power.max_voltage = NAN  # type: ignore[attr-defined]
    res = send_in(secc, key, now, targets(SCHEMA[key], "PreChargeReq", (354, 0), (1, 0)))
    ended_by_controller_fault(secc, res, "dc_limits")


@pytest.mark.parametrize("key", ["din-dc", "iso2-dc"])
@pytest.mark.parametrize(
    ("field_name", "value"), [("max_current", NAN), ("max_power", -1.0), ("max_voltage", math.inf)]
)
def test_bad_limit_in_the_loop_is_a_controller_fault(key: str, field_name: str, value: float) -> None:
    secc, now = reach(key, SeccState.CHARGING)
    setattr(secc.context.power, field_name, value)
    res = send_in(secc, key, now, body_of(SCHEMA[key], "CurrentDemandReq"))
    ended_by_controller_fault(secc, res, "dc_limits")


@pytest.mark.parametrize("protocol", [DIN, ISO2])
def test_nan_limit_is_never_sent_to_the_car(protocol: Any) -> None:
    s = setup(protocol, evse={"max_current": NAN})
    run = pump(s.secc(), s.evcc())
    assert run.response_codes()[-1] == "FAILED"  # ChargeParameterDiscoveryRes, not -32768 kA
    assert "ChargeParameterDiscovery" in run.secc.close_reason and "dc_limits" in run.secc.close_reason
    assert not run.evcc.result.ok  # type: ignore[union-attr]


@pytest.mark.parametrize("key", ["din-dc", "iso2-dc"])
@pytest.mark.parametrize("value", [NAN, -3.0])
def test_bad_present_value_is_a_controller_fault(key: str, value: float) -> None:
    secc, now = reach(key, SeccState.CHARGING)
    secc.context.power.present_current = lambda now: value  # type: ignore[method-assign]
    res = send_in(secc, key, now, body_of(SCHEMA[key], "CurrentDemandReq"))
    ended_by_controller_fault(secc, res, "present_current")


def test_nan_ac_limit_is_a_controller_fault() -> None:
    secc, now = reach("iso2-ac", SeccState.CHARGING)
    secc.context.power.max_current = NAN  # type: ignore[attr-defined]
    res = send_in(secc, "iso2-ac", now, m.ChargingStatusReq())
    assert res.ResponseCode.value == "FAILED" and secc.closed
    assert isinstance(secc.fault, ControllerFault) and "ac_limits" in secc.close_reason


# --------------------------------------------------------------------- 8. set points from the car


@pytest.mark.parametrize("key", ["din-dc", "iso2-dc"])
def test_negative_current_demand_is_refused(key: str) -> None:
    secc, now = reach(key, SeccState.CHARGING)
    recorder = Recorder()
    secc.context.power = recorder
    body = targets(SCHEMA[key], "CurrentDemandReq", (-5000, 0), (-1000, 0))
    res = send_in(secc, key, now, body)
    assert res.ResponseCode.value == "FAILED_WrongChargeParameter" and secc.closed
    assert recorder.set_points == []


@pytest.mark.parametrize("key", ["din-dc", "iso2-dc"])
def test_target_above_the_evse_maximum_is_clamped_and_flagged(key: str) -> None:
    secc, now = reach(key, SeccState.CHARGING)
    recorder = Recorder(max_voltage=500.0, max_current=200.0, max_power=50_000.0)
    secc.context.power = recorder
    body = targets(SCHEMA[key], "CurrentDemandReq", (32767, 3), (32767, 3))  # 32.8 MV, 32.8 MA
    body = dataclasses.replace(body, EVMaximumVoltageLimit=None, EVMaximumCurrentLimit=None)
    body = dataclasses.replace(body, EVMaximumPowerLimit=None)
    res = send_in(secc, key, now, body)
    assert res.ResponseCode.value == "OK" and not secc.closed
    ((_, v, i),) = recorder.set_points
    assert v == 500.0 and i == 100.0  # the power limit: 50 kW at 500 V
    assert res.EVSEVoltageLimitAchieved and res.EVSECurrentLimitAchieved and res.EVSEPowerLimitAchieved


@pytest.mark.parametrize("key", ["din-dc", "iso2-dc"])
def test_negative_pre_charge_current_is_refused(key: str) -> None:
    secc, now = reach(key, SeccState.PRE_CHARGE)
    recorder = Recorder()
    secc.context.power = recorder
    res = send_in(secc, key, now, targets(SCHEMA[key], "PreChargeReq", (350, 0), (-2, 0)))
    assert res.ResponseCode.value == "FAILED_WrongChargeParameter" and recorder.set_points == []


@pytest.mark.parametrize("key", ["din-dc", "iso2-dc"])
def test_negative_ev_maximum_is_refused(key: str) -> None:
    secc, now = reach(key, SeccState.CHARGE_PARAMETER)
    body = body_of(SCHEMA[key], "ChargeParameterDiscoveryReq")
    p = body.EVChargeParameter
    if not (SCHEMA[key] == "din" or isinstance(p, m.DC_EVChargeParameterType)):
        pytest.skip("the sample is an AC request")
    p = dataclasses.replace(p, EVMaximumCurrentLimit=pv(SCHEMA[key], -125, 0, "A"))
    res = send_in(secc, key, now, dataclasses.replace(body, EVChargeParameter=p))
    assert res.ResponseCode.value == "FAILED_WrongChargeParameter" and secc.closed


@pytest.mark.parametrize(("max_current", "min_current"), [(-16, 6), (16, 32)])
def test_impossible_ac_currents_are_refused(max_current: int, min_current: int) -> None:
    secc, now = reach("iso2-ac", SeccState.CHARGE_PARAMETER)
    body = m.ChargeParameterDiscoveryReq(
        RequestedEnergyTransferMode=m.EnergyTransferModeType.AC_three_phase_core,
        EVChargeParameter=m.AC_EVChargeParameter(
            EAmount=pv("iso2", 20, 3, "Wh"),
            EVMaxVoltage=pv("iso2", 400, 0, "V"),
            EVMaxCurrent=pv("iso2", max_current, 0, "A"),
            EVMinCurrent=pv("iso2", min_current, 0, "A"),
        ),
    )
    res = send_in(secc, "iso2-ac", now, body)
    assert res.ResponseCode.value == "FAILED_WrongChargeParameter" and secc.closed


# ---------------------------------------------- the property: whatever the car sends, within limits

values = st.integers(-32768, 32767)
multipliers = st.integers(-3, 3)
limit = st.floats(0.0, 1e6) | st.floats(-1e6, 0.0, exclude_max=True)  # finite; negative: a fault


@dataclass
class Stage:
    """A power stage with given limits that records its set points (a handler-level stand-in)."""

    limits: DcEvseLimits
    set_points: list[tuple[str, float, float]] = field(default_factory=list)

    def dc_limits(self, now: float) -> DcEvseLimits:
        return self.limits

    def status(self, now: float) -> EvseStatus:
        return EvseStatus()

    def set_precharge(self, voltage: float, current: float, now: float) -> None:
        self.set_points.append(("precharge", voltage, current))

    def set_current_demand(self, voltage: float, current: float, now: float) -> None:
        self.set_points.append(("demand", voltage, current))

    def present_voltage(self, now: float) -> float:
        return 0.0

    def present_current(self, now: float) -> float:
        return 0.0

    def meter_wh(self, now: float) -> float:
        return 0.0


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    schema=st.sampled_from(["din", "iso2"]),
    message=st.sampled_from(["PreChargeReq", "CurrentDemandReq"]),
    pvs=st.lists(st.tuples(values, multipliers), min_size=5, max_size=5),
    ev_limits_sent=st.booleans(),
    lim=st.tuples(limit, limit, limit),
)
def test_power_stage_only_sees_set_points_within_its_limits(
    schema: str,
    message: str,
    pvs: list[tuple[int, int]],
    ev_limits_sent: bool,
    lim: tuple[float, float, float],
) -> None:
    limits = DcEvseLimits(*lim, min_voltage=0.0)
    stage = Stage(limits)
    module = secc_din if schema == "din" else secc_iso2
    ctx = SeccContext(SeccConfig(), stage, EvseServices(stage, stage, stage), SessionStore())  # type: ignore[arg-type]
    ctx.energy_mode, ctx.schedule_id = EnergyMode.DC_EXTENDED, 1
    body = targets(schema, message, pvs[0], pvs[1])
    if message == "CurrentDemandReq":
        ev = [pv(schema, *pvs[i], u) if ev_limits_sent else None for i, u in ((2, "V"), (3, "A"), (4, "W"))]
        body = dataclasses.replace(
            body, EVMaximumVoltageLimit=ev[0], EVMaximumCurrentLimit=ev[1], EVMaximumPowerLimit=ev[2]
        )
    handler = module.pre_charge if message == "PreChargeReq" else module.current_demand
    try:
        handler(ctx, body, Rx(None, 1.0, 1.0))
    except ControllerFault:
        assert min(lim) < 0 and stage.set_points == []
        return
    except SessionError as err:
        assert err.response_code == "FAILED_WrongChargeParameter" and stage.set_points == []
        return
    assert min(lim) >= 0
    ((_, voltage, current),) = stage.set_points
    assert 0.0 <= voltage <= limits.max_voltage
    assert 0.0 <= current <= limits.max_current
    assert voltage * current <= limits.max_power * (1 + 1e-9) + 1e-9
    if message == "CurrentDemandReq":
        assert voltage <= from_pv(body.EVTargetVoltage) and current <= from_pv(body.EVTargetCurrent)


# ------------------------------------------------------------------ the EVCC never encodes a NaN


@pytest.mark.parametrize("value", [NAN, math.inf, -math.inf])
def test_to_pv_refuses_a_value_that_is_not_finite(value: float) -> None:
    with pytest.raises(ControllerFault):
        to_pv(m.PhysicalValueType, value, m.unitSymbolType.V)


@pytest.mark.parametrize(("value", "expected"), [(1e12, 32767), (-1e12, -32768), (4e7, 32767)])
def test_to_pv_clamps_to_the_largest_physical_value(value: float, expected: int) -> None:
    out = to_pv(m.PhysicalValueType, value, m.unitSymbolType.V)
    assert (out.Multiplier, out.Value) == (3, expected)


class NanEv(SimulatedEv):
    def charge_target(self, *args: Any, **kw: Any) -> tuple[float, float]:
        return NAN, 10.0


@pytest.mark.parametrize("protocol", [DIN, ISO2])
def test_evcc_ends_on_a_nan_from_its_controller(protocol: Any) -> None:
    s = setup(protocol)
    run = pump(s.secc(), EvccSession(s.evcc_config, NanEv(), 0.0))
    result = run.evcc.result
    assert result is not None and not result.ok and "not a finite value" in result.reason
    assert "CurrentDemandReq" not in run.requests()  # nothing with a NaN was sent
