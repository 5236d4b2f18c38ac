"""Through the runners and real sockets: a car that gives up before charging (PowerDelivery stop after
ChargeParameterDiscovery, then SessionStop) is answered OK by our charger, and a charger that refuses
ServiceDetail for the charge service (as a peer stack's does) does not end our car's session."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from exi.iso2 import generated_types as m
from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.apphand import DIN, ISO2
from v2g.controller import EnergyMode, SimulatedDcEvse, SimulatedEv
from v2g.envelope import Rx
from v2g.errors import SessionError
from v2g.evcc import EvccConfig, EvccState
from v2g.evcc import din as evcc_din
from v2g.evcc import iso2 as evcc_iso2
from v2g.evcc._machine import EvccContext, Step
from v2g.secc import Reply, Route, SeccConfig, SeccState
from v2g.secc import iso2 as secc_iso2
from v2g.trace import TraceRecord

DC = EnergyMode.DC_EXTENDED


def _giving_up(module: Any) -> Any:
    """The protocol's EVCC spec, with a car that stops once ChargeParameterDiscovery is Finished."""
    key = next(k for k in module.SPEC.table if k[0] is EvccState.CHARGE_PARAMETER)
    plain = module.SPEC.table[key]

    def on_charge_parameter(ctx: EvccContext, res: Any, rx: Rx) -> Step:
        step = plain(ctx, res, rx)
        if step.state is EvccState.CHARGE_PARAMETER:
            return step  # Ongoing: ask again
        ctx.stop_reason = "the car gave up before charging"
        stop = (
            evcc_din._power_delivery_req(ctx, False, rx.now)
            if module is evcc_din
            else evcc_iso2._power_delivery_req(ctx, m.chargeProgressType.Stop, rx.now)
        )
        return Step(stop, EvccState.POWER_DELIVERY_STOP)

    return dataclasses.replace(module.SPEC, table={**module.SPEC.table, key: on_charge_parameter})


@pytest.mark.parametrize(("protocol", "module"), [(DIN, evcc_din), (ISO2, evcc_iso2)], ids=["din", "iso2"])
async def test_a_car_that_stops_before_charging_is_answered_ok(protocol: Any, module: Any) -> None:
    trace: list[TraceRecord] = []
    config = SeccServerConfig(SeccConfig(protocols=(protocol,)), host="::1")
    async with SeccServer(config, SimulatedDcEvse, trace=trace.append) as server:
        evcc = EvccConfig(protocols=(protocol,), specs=(_giving_up(module),))
        result = await run_evcc(EvccRunnerConfig(evcc, host="::1", port=server.tcp_port), SimulatedEv())
        (summary,) = await server.wait_finished(1)
    assert result.ok and result.reason == "the car gave up before charging", result.reason
    sent = [r.message for r in trace if r.direction == "rx"]
    assert "CableCheckReq" not in sent and sent[-2:] in (
        ["PowerDeliveryReq", "SessionStopReq"],
        ["WeldingDetectionReq", "SessionStopReq"],
    )
    codes = [r.decoded["V2G_Message"]["Body"] for r in trace if r.direction == "tx" and r.protocol != "app"]
    assert all(next(iter(b.values()))["ResponseCode"].startswith("OK") for b in codes)
    assert summary.reason.endswith("terminated")


def _refusing_detail(ctx: Any, req: m.ServiceDetailReq, rx: Rx) -> Reply:
    raise SessionError("FAILED_ServiceIDInvalid", "no details for the charge service", close=False)


async def test_a_refused_service_detail_does_not_end_the_session() -> None:
    table = dict(secc_iso2.SPEC.table)
    table[(SeccState.PAYMENT_SELECTION, m.ServiceDetailReq)] = Route(
        _refusing_detail, SeccState.PAYMENT_SELECTION
    )
    peer = dataclasses.replace(secc_iso2.SPEC, table=table)
    config = SeccServerConfig(SeccConfig(protocols=(ISO2,), specs=(peer,)), host="::1")
    async with SeccServer(config, SimulatedDcEvse) as server:
        evcc = EvccConfig(protocols=(ISO2,), service_details=(1,), charging_loop_cycles=3, loop_interval=0.0)
        result = await run_evcc(EvccRunnerConfig(evcc, host="::1", port=server.tcp_port), SimulatedEv())
    assert result.ok, result.reason
    assert result.loop_count == 3
