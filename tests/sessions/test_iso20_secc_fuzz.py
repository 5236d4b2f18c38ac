"""Our ISO 15118-20 SECC answers a request of valid structure but random content in every state of
every service (DC, AC, DC_BPT, AC_BPT): with its paired response, on the request's schema-set
payload type; a pair the table does not route is FAILED_SequenceError; any FAILED answer ends the
session, and so does SessionStop (except a ServiceRenegotiation, which goes back to
ServiceDiscovery). Never an exception: negative, huge or missing values get a typed answer."""

from __future__ import annotations

import dataclasses
from typing import Any

from _fuzzing import draw_body
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_iso20_tables import CASES, SCHEMAS, SPECS, reach

import exi
from exi.iso20 import generated_types as c

_SCHEMA_OF = {
    "exi.iso20.generated_types": "iso20",
    "exi.iso20_dc.generated_types": "iso20-dc",
    "exi.iso20_ac.generated_types": "iso20-ac",
}
REQUESTS = {service: {req.__name__: req for req in spec.responses} for service, spec in SPECS.items()}


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(case=st.sampled_from(CASES), data=st.data())
def test_random_valid_requests_never_crash_the_iso20_secc(case: tuple[str, Any, str], data: Any) -> None:
    service, state, name = case
    spec = SPECS[service]
    req_type = REQUESTS[service][name.split("/")[0]]
    schema = _SCHEMA_OF[req_type.__module__]
    secc, now = reach(state, service)
    body = draw_body(data, schema, req_type.__name__)
    if body is None:
        return
    body = dataclasses.replace(
        body, Header=dataclasses.replace(body.Header, SessionID=secc.session_id or b"\0" * 8)
    )
    route = spec.table.get((state, spec.event(body)))
    if route is not None and route.guard is not None and not route.guard.holds(secc.context):
        route = None
    payload_type = spec.envelope.payload_type(body)
    secc.receive(payload_type, exi.encode(body, check_facets=False), now + 0.01)
    out = secc.data_to_send()
    if not out:  # a message outside the facets the codec checks on decode: ended without an answer
        assert secc.closed
        return
    ((sent_type, data_out),) = out
    assert sent_type == payload_type
    res = exi.decode(data_out, SCHEMAS.get(payload_type, "iso20"))
    assert type(res) is spec.responses[req_type]
    failed = res.ResponseCode.value.startswith("FAILED")
    if route is None:
        assert res.ResponseCode is c.responseCodeType.FAILED_SequenceError
    renegotiation = (
        isinstance(body, c.SessionStopReq) and body.ChargingSession.value == "ServiceRenegotiation"
    )
    stop = isinstance(body, c.SessionStopReq) and not renegotiation
    assert secc.closed == (failed or stop), (res.ResponseCode, secc.close_reason)
