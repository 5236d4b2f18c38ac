"""The EVCC never crashes on a response of valid structure but random content, in any state it
waits in: it goes on or ends with a result."""

from __future__ import annotations

from typing import Any

from _fuzzing import draw_body
from _session_harness import AC, CONFIGS, DC, pump, setup, wrap
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import exi
from v2g.evcc import EvccState
from v2g.evcc import EvccState as E
from v2g.evcc import din as evcc_din
from v2g.evcc import iso2 as evcc_iso2

MODULES = {"din-dc": evcc_din, "iso2-dc": evcc_iso2, "iso2-ac": evcc_iso2}


def waits(key: str) -> list[tuple[EvccState, str]]:
    module = MODULES[key]
    mode = CONFIGS[key][1]
    out = []
    for state, res in module.TABLE:
        if state in (E.PAYMENT_DETAILS, E.METERING_RECEIPT, E.CERTIFICATE_INSTALLATION, E.CERTIFICATE_UPDATE):
            continue  # Plug & Charge only (a contract over TLS): tests/pnc
        if mode is AC and state in (EvccState.CABLE_CHECK, EvccState.PRE_CHARGE, EvccState.WELDING):
            continue
        if mode is AC and res.__name__ == "CurrentDemandRes":
            continue
        if mode is DC and res.__name__ == "ChargingStatusRes":
            continue
        out.append((state, res.__name__))
    return out


CASES = [(key, state, res) for key in MODULES for state, res in waits(key)]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(case=st.sampled_from(CASES), data=st.data())
def test_random_responses_never_crash_the_evcc(case: tuple[str, EvccState, str], data: st.DataObject) -> None:
    key, state, res_name = case
    protocol, mode, _ = CONFIGS[key]
    cycles = {"charging_loop_cycles": 4, "renegotiate_after": 2}
    s = setup(protocol, mode, evcc={**cycles, "service_details": (1,)})  # ServiceDetail included
    evcc = s.evcc()
    secc = s.secc()

    def there(run: Any) -> bool:
        started = evcc.context.session_id != b"" or state is EvccState.SESSION_SETUP
        return evcc.state is state and started and evcc.get_timer() is not None

    run = pump(secc, evcc, stop_when=there)
    assert evcc.state is state
    now = run.now
    if not evcc.data_to_send():  # the next request is paced: let it go out
        now = evcc.get_timer() or now
        evcc.handle_timer(now)
        assert evcc.data_to_send()
    assert not evcc.closed
    module = MODULES[key]
    body = draw_body(data, module.SCHEMA, res_name, extra=12)
    if body is None:
        return
    sid = (
        evcc.context.session_id if data.draw(st.booleans()) else data.draw(st.binary(min_size=1, max_size=8))
    )
    evcc.receive(0x8001, exi.encode(wrap(module, sid, body)), now + 0.01)
    if evcc.closed:
        assert evcc.result is not None and evcc.result.reason
    else:
        assert evcc.get_timer() is not None  # it waits for a response or a paced send
