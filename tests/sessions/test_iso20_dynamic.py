"""ISO 15118-20 DC, EIM, Dynamic control mode: the EV selects parameter set 2 (ControlMode 2),
ScheduleExchange carries no schedule, the EV sends its limits in the charging loop and the EVSE
steers within them; a loop request in the other control mode is refused."""

from __future__ import annotations

import dataclasses

from _iso20 import RecordingDcEvse, collapse, evcc_for, secc_for, with_sid
from _session_harness import pump

import exi
from exi.iso20 import generated_types as c
from exi.iso20_dc import generated_types as d
from v2g.evcc import iso20 as evcc20
from v2g.secc.iso20 import Iso20State
from v2g.v2gtp import PayloadType


def _dynamic_run(evse: RecordingDcEvse) -> tuple[object, object, object]:
    secc = secc_for(evse)
    evcc = evcc_for(specs=(evcc20.DYNAMIC_SPEC,))
    return pump(secc, evcc), secc, evcc


def test_a_dc_dynamic_session_runs_from_setup_to_stop() -> None:
    evse = RecordingDcEvse()
    run, secc, evcc = _dynamic_run(evse)
    assert evcc.result is not None and evcc.result.ok, (evcc.result, secc.close_reason)  # type: ignore[attr-defined]
    assert secc.context.control_mode == "Dynamic"  # type: ignore[attr-defined]
    docs = {(t.direction, t.message): t.document for t in run.secc_trace}  # type: ignore[attr-defined]
    # set 3: Dynamic with MobilityNeedsMode 2, which the EV prefers (the charger gives the targets)
    assert docs["rx", "ServiceSelectionReq"].SelectedEnergyTransferService.ParameterSetID == 3
    exchange = docs["tx", "ScheduleExchangeRes"]
    assert exchange.Dynamic_SEResControlMode is not None and exchange.Scheduled_SEResControlMode is None
    assert isinstance(docs["rx", "DC_ChargeLoopReq"].CLReqControlMode, d.Dynamic_DC_CLReqControlModeType)
    assert isinstance(docs["tx", "DC_ChargeLoopRes"].CLResControlMode, d.Dynamic_DC_CLResControlModeType)
    names = collapse([n.removesuffix("Req") for n in run.requests()[1:]])  # type: ignore[attr-defined]
    assert names[-6:] == [
        "DC_PreCharge",
        "PowerDelivery",
        "DC_ChargeLoop",
        "PowerDelivery",
        "DC_WeldingDetection",
        "SessionStop",
    ]
    assert len(evse.demand) == 4 and all(v > 0 and i > 0 for v, i in evse.demand)


def test_a_scheduled_loop_request_in_a_dynamic_session_is_refused() -> None:
    secc = secc_for()
    run = pump(
        secc, evcc_for(specs=(evcc20.DYNAMIC_SPEC,)), stop_when=lambda r: r.secc.context.loop_count >= 1
    )
    assert secc.state is Iso20State.CHARGING
    dynamic = next(t.document for t in run.secc_trace if t.message == "DC_ChargeLoopReq")
    scheduled = dataclasses.replace(
        dynamic,
        CLReqControlMode=d.Scheduled_DC_CLReqControlMode(
            EVTargetCurrent=c.RationalNumberType(Exponent=0, Value=100),
            EVTargetVoltage=c.RationalNumberType(Exponent=0, Value=400),
        ),
    )
    secc.receive(
        PayloadType.ISO20_DC, exi.encode(with_sid(scheduled, secc.session_id or b"")), run.now + 0.01
    )
    ((_, data),) = secc.data_to_send()
    res = exi.decode(data, "iso20-dc")
    assert res.ResponseCode is c.responseCodeType.FAILED_WrongChargeParameter
    assert isinstance(res.CLResControlMode, d.Dynamic_DC_CLResControlModeType)  # the session's mode
    assert secc.closed and "Dynamic_DC_CLReqControlMode" in secc.close_reason


def _dynamic_pair(evse: object, loop_timeout: float = 0.5, **evcc: object) -> tuple[object, object]:
    from _iso20 import ISO20_DC, WALL

    from v2g.secc import SeccConfig, SeccSession, SeccTimeouts
    from v2g.secc.iso20 import SPECS

    timeouts = SeccTimeouts(iso20_charge_loop=loop_timeout)
    cfg = SeccConfig(protocols=(ISO20_DC,), specs=(SPECS["dc", "any"],), timeouts=timeouts)
    secc = SeccSession(cfg, evse, 0.0, wall=WALL)  # type: ignore[arg-type]
    return secc, evcc_for(specs=(evcc20.DYNAMIC_SPEC,), **evcc)


def test_the_chargers_power_target_steers_a_plain_dc_dynamic_loop() -> None:
    """Dynamic, DC (no BPT): the charger's power target (DynamicControl) caps the current at the
    battery's voltage; a negative target is no discharge here, 0 A."""
    from v2g.controller import DynamicTargets, SimulatedBptDcEvse

    evse = SimulatedBptDcEvse(targets=DynamicTargets(power=30_000.0))
    secc, evcc = _dynamic_pair(evse)
    run = pump(secc, evcc)  # type: ignore[arg-type]
    res = [t.document for t in run.secc_trace if t.message == "DC_ChargeLoopRes"]  # type: ignore[attr-defined]
    reqs = [t.document for t in run.secc_trace if t.message == "DC_ChargeLoopReq"]  # type: ignore[attr-defined]
    for req, r in zip(reqs, res, strict=True):
        volts = req.EVPresentVoltage.Value * 10**req.EVPresentVoltage.Exponent
        amps = r.EVSEPresentCurrent.Value * 10**r.EVSEPresentCurrent.Exponent
        assert 0 < amps <= 30_000.0 / volts + 0.5
    evse.targets = DynamicTargets(power=-10_000.0)
    secc, evcc = _dynamic_pair(evse)
    run = pump(secc, evcc)  # type: ignore[arg-type]
    res = [t.document for t in run.secc_trace if t.message == "DC_ChargeLoopRes"]  # type: ignore[attr-defined]
    assert all(r.EVSEPresentCurrent.Value == 0 for r in res)


def test_the_ev_acknowledges_changed_targets_within_ack_max_delay() -> None:
    """The charger raises the target SoC with AckMaxDelay 1 s; the EV (loop interval 3 s) sends
    its next request, with the energy the new target needs, within 1 s."""
    from v2g.controller import DynamicTargets, SimulatedBptDcEvse

    evse = SimulatedBptDcEvse(targets=DynamicTargets(target_soc=60, ack_max_delay=1))
    secc, evcc = _dynamic_pair(evse, loop_timeout=10.0, loop_interval=3.0)  # a slow EV, a patient SECC
    hook_done: list[bool] = []

    def raise_target(run: object) -> None:
        if not hook_done and secc.context.loop_count >= 2:  # type: ignore[attr-defined]
            hook_done.append(True)
            evse.targets = DynamicTargets(target_soc=90, ack_max_delay=1)

    run = pump(secc, evcc, hook=raise_target)  # type: ignore[arg-type]
    trace = [t for t in run.secc_trace if t.message in ("DC_ChargeLoopReq", "DC_ChargeLoopRes")]  # type: ignore[attr-defined]
    changed = next(
        i for i, t in enumerate(trace) if t.direction == "tx" and t.document.CLResControlMode.TargetSOC == 90
    )
    answer, following = trace[changed], trace[changed + 1]
    assert following.time - answer.time <= 1.0
    energy = following.document.CLReqControlMode.EVTargetEnergyRequest
    before = trace[changed - 1].document.CLReqControlMode.EVTargetEnergyRequest
    assert energy.Value * 10**energy.Exponent > before.Value * 10**before.Exponent  # 90 % needs more
    assert evcc.context.controller.target_soc == 90.0  # type: ignore[attr-defined]


def test_an_ev_whose_control_mode_is_not_offered_stops_cleanly() -> None:
    from _iso20 import ISO20_DC, WALL

    from v2g.secc import SeccConfig, SeccSession
    from v2g.secc.iso20 import SPECS

    secc = SeccSession(
        SeccConfig(protocols=(ISO20_DC,), specs=(SPECS["dc", "scheduled"],)),
        RecordingDcEvse(),
        0.0,
        wall=WALL,
    )
    evcc = evcc_for(specs=(evcc20.DYNAMIC_SPEC,))
    pump(secc, evcc)
    assert evcc.result is not None and not evcc.result.ok
    assert "no parameter set with the Dynamic control mode" in evcc.result.reason
