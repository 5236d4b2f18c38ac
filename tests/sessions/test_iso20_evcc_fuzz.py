"""Our ISO 15118-20 EVCC never crashes on a response of valid structure but random content, in
any state it waits in, for every service (DC, AC, DC_BPT, AC_BPT) and control mode: it goes on or
ends with a result (a FAILED code, an implausible value: a typed abort, never an exception)."""

from __future__ import annotations

import dataclasses
from typing import Any

from _fuzzing import draw_body
from _iso20 import ISO20_AC, ISO20_DC, WALL
from _session_harness import pump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import exi
from v2g.controller import EnergyMode, SimulatedBptAcEvse, SimulatedBptDcEvse, SimulatedBptEv
from v2g.evcc import EvccConfig, EvccSession, EvccState
from v2g.evcc.iso20_specs import SPECS as EVCC_SPECS
from v2g.payloads import ISO20_SCHEMA_PAYLOAD_TYPES
from v2g.secc import SeccConfig, SeccSession
from v2g.secc.iso20 import SPECS as SECC_SPECS

_SCHEMAS = {"exi.iso20.generated_types": "iso20", "exi.iso20_dc.generated_types": "iso20-dc"}
_SCHEMAS["exi.iso20_ac.generated_types"] = "iso20-ac"
WAITING = (EvccState.STANDBY, EvccState.POWER_DELIVERY_STANDBY)  # reached only with standby_after
CASES = [
    (service, control, state, res.__module__, res.__name__)
    for (service, control), spec in EVCC_SPECS.items()
    for state, res in spec.table
    if state not in (EvccState.POWER_DELIVERY_RENEGOTIATE,)
]


def _pair(service: str, control: str) -> tuple[SeccSession, EvccSession]:
    ac = service.startswith("ac")
    proto = ISO20_AC if ac else ISO20_DC
    modes = (EnergyMode.AC_THREE_PHASE,) if ac else (EnergyMode.DC_EXTENDED,)
    evse = SimulatedBptAcEvse() if ac else SimulatedBptDcEvse()
    secc_spec = SECC_SPECS[service, "any"]
    secc = SeccSession(
        SeccConfig(protocols=(proto,), specs=(secc_spec,), energy_modes=modes), evse, 0.0, wall=WALL
    )
    cfg = EvccConfig(
        protocols=(proto,),
        specs=(EVCC_SPECS[service, control],),
        energy_mode=modes[0],
        charging_loop_cycles=6,
        standby_after=2,
        standby_cycles=2,
    )
    return secc, EvccSession(cfg, SimulatedBptEv(discharge_from_cycle=3), 0.0, wall=WALL)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(case=st.sampled_from(CASES), data=st.data())
def test_random_responses_never_crash_the_iso20_evcc(
    case: tuple[str, str, EvccState, str, str], data: Any
) -> None:
    service, control, state, module, res_name = case
    secc, evcc = _pair(service, control)

    def there(run: Any) -> bool:
        started = evcc.context.session_id != b"" or state is EvccState.SESSION_SETUP  # type: ignore[attr-defined]
        return evcc.state is state and started and evcc.get_timer() is not None

    run = pump(secc, evcc, stop_when=there)
    if evcc.state is not state:  # a state this pairing does not pass through (e.g. DC-only in AC)
        return
    now = run.now
    if not evcc.data_to_send():  # the next request is paced: let it go out
        now = evcc.get_timer() or now
        evcc.handle_timer(now)
        assert evcc.data_to_send()
    assert not evcc.closed
    schema = _SCHEMAS[module]
    body = draw_body(data, schema, res_name, extra=12)
    if body is None:
        return
    sid = (
        evcc.context.session_id if data.draw(st.booleans()) else data.draw(st.binary(min_size=8, max_size=8))
    )  # type: ignore[attr-defined]
    body = dataclasses.replace(body, Header=dataclasses.replace(body.Header, SessionID=sid))
    evcc.receive(ISO20_SCHEMA_PAYLOAD_TYPES[schema], exi.encode(body, check_facets=False), now + 0.01)
    if evcc.closed:
        assert evcc.result is not None and evcc.result.reason
    else:
        assert evcc.get_timer() is not None  # it waits for a response or a paced send
