"""Fault injection: every method of the power stage and of the services, made to raise in every state
of every SECC table, gives the paired response with FAILED, the power switched off and a closed
session with the reason kept; no exception ever leaves the session's entry points."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from _session_harness import CONFIGS, allowed, pump, reach, requests, samples, send, setup, with_session_id
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_session_tables import reachable

from v2g.controller import Authorization, Meter, PowerStage, ScheduleProvider
from v2g.secc import SeccSession


def _methods(*protocols: type) -> list[str]:
    names: set[str] = set()
    for proto in protocols:
        names |= {n for n, _ in inspect.getmembers(proto, inspect.isfunction) if not n.startswith("_")}
    return sorted(names)


METHODS = _methods(PowerStage, Authorization, ScheduleProvider, Meter)


class Injected(RuntimeError):
    pass


def _rig(secc: SeccSession, method: str) -> tuple[list[str], list[str]]:
    """Make ``method`` of the session's controller raise; record the calls of it and of stop_power."""
    power: Any = secc.context.power
    raised: list[str] = []
    stops: list[str] = []

    def broken(*args: object, **kwargs: object) -> Any:
        raised.append(method)
        raise Injected(f"injected fault in {method}")

    if method != "stop_power":
        original = power.stop_power

        def stop(now: float) -> None:
            stops.append("stop")
            original(now)

        power.stop_power = stop
    setattr(power, method, broken)
    return raised, stops


def _check(secc: SeccSession, method: str, raised: list[str], stops: list[str], answer: Any) -> None:
    if not raised:
        return  # the state never called it: nothing to contain
    assert secc.closed, f"{method} raised but the session stayed open"
    assert "injected fault" in secc.close_reason
    assert isinstance(secc.fault, Injected)
    if method != "stop_power":
        assert stops, "the power was not switched off after the fault"
    if answer is not None and method not in ("stop_power", "session_ended"):
        assert answer.ResponseCode.value.startswith("FAILED")


STATE_CASES = [(key, state, method) for key in CONFIGS for state in reachable(key) for method in METHODS]


@pytest.mark.parametrize(
    ("key", "state", "method"), STATE_CASES, ids=[f"{k}-{s.value}-{m}" for k, s, m in STATE_CASES]
)
def test_a_raising_controller_in_every_state(key: str, state: Any, method: str) -> None:
    _, _, module = CONFIGS[key]
    for req in requests(module):
        secc, now = reach(key, state)
        message = with_session_id(samples(module.SCHEMA)[req.__name__], secc.session_id or b"\x00")
        if not allowed(module, secc, state, message.Body.BodyElement):
            continue  # sequence errors never reach firmware code (test_session_tables)
        raised, stops = _rig(secc, method)
        answer = send(secc, module.SCHEMA, message, now + 0.01)  # must not raise
        assert answer is not None, "every request gets its paired response"
        assert type(answer).__name__ == req.__name__.removesuffix("Req") + "Res"
        _check(secc, method, raised, stops, answer)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("key", sorted(CONFIGS))
def test_a_raising_controller_at_a_timeout_or_a_lost_connection(key: str, method: str) -> None:
    for lost in (False, True):
        secc, now = reach(key, reachable(key)[-1])
        raised, stops = _rig(secc, method)
        if lost:
            secc.connection_lost(now + 1)
        else:
            secc.handle_timer(now + 3600)  # the sequence timeout
        assert secc.closed
        _check(secc, method, raised, stops, None)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(sorted(CONFIGS)), method=st.sampled_from(METHODS), at=st.integers(0, 80))
def test_a_controller_that_starts_raising_at_any_moment(key: str, method: str, at: int) -> None:
    protocol, mode, _ = CONFIGS[key]
    s = setup(protocol, mode, evcc={"charging_loop_cycles": 8})
    secc, evcc = s.secc(), s.evcc()
    rigged: list[tuple[list[str], list[str]]] = []

    def hook(run: Any) -> None:
        if not rigged and len(run.secc_trace) >= at and not secc.closed:
            rigged.append(_rig(secc, method))

    run = pump(secc, evcc, hook=hook)  # no exception may escape either side
    assert secc.closed and evcc.closed
    if rigged:
        raised, stops = rigged[0]
        answers = [t.document for t in run.secc_trace if t.direction == "tx"]
        last = answers[-1].Body.BodyElement if answers and hasattr(answers[-1], "Body") else None
        _check(secc, method, raised, stops, last if raised else None)
        if raised and method not in ("stop_power", "session_ended"):
            assert evcc.result is not None and not evcc.result.ok
