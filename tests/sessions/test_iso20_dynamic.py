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
