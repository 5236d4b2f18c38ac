"""What a session report says about a capture: per session a summary, the exchanges with their
response times against the standard's limits, the time series (voltage, current, power, SoC) and
the problems found. Pure analysis of a :class:`~v2g.capture.records.Dissection`; the HTML and CSV
forms are in :mod:`v2g.capture.report_html`.

Limits are the EVCC message timeouts of TIMING.md (DIN SPEC 70121 [V2G-DC-xxx] Table 75/76 via
:class:`v2g.evcc.EvccTimeouts`; ISO 15118-2 [V2G2-xxx] Table 109; ISO 15118-20 Table 218):
the time from the request's last byte to the response's last byte, as captured, is compared with
the timeout the car applies to that request. V2G_SECC_Sequence_Timeout (60 s) bounds the gap between
two requests; CableCheck (40 s) and PreCharge (DIN/-2 7 s, -20 10 s) bound their repeated phases.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from v2g.capture.records import CapturedMessage, CapturedSession, ConnectionReport, Dissection, sessions_of
from v2g.capture.report_checks import exchange_problems, quirks
from v2g.capture.report_types import (
    ENERGY_SERVICES,
    PHASE_LIMITS,
    SEQUENCE_TIMEOUT,
    SERIES,
    SUPPORTED_APP_PROTOCOL_TIMEOUT,
    CaptureReport,
    Exchange,
    Problem,
    Sample,
    SessionReport,
    body_of,
    find,
)
from v2g.capture.slacview import slac_problems
from v2g.evcc import EvccTimeouts

__all__ = [
    "ENERGY_SERVICES",
    "PHASE_LIMITS",
    "SEQUENCE_TIMEOUT",
    "SERIES",
    "SUPPORTED_APP_PROTOCOL_TIMEOUT",
    "CaptureReport",
    "Exchange",
    "Problem",
    "Sample",
    "SessionReport",
    "analyse",
    "analyse_session",
    "body_of",
    "find",
    "limit_of",
]
from v2g.tracefmt import physical


def _number(node: dict[str, Any], key: str) -> float | None:
    value = find(node, key)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return physical(value)


def limit_of(schema: str | None, request: str) -> float:
    if request == "supportedAppProtocolReq":
        return SUPPORTED_APP_PROTOCOL_TIMEOUT
    return EvccTimeouts().message(schema or "iso2", request)


def _sample(m: CapturedMessage, body: dict[str, Any], t: float) -> Sample | None:
    values: dict[str, float] = {}
    for key in ("EVSEPresentVoltage", "EVSEPresentCurrent", "EVTargetVoltage", "EVTargetCurrent"):
        number = _number(body, key)
        if number is not None:
            values[key] = number
    soc = _number(body, "EVRESSSOC")
    if soc is None:
        soc = _number(body, "PresentSOC")
    if soc is not None:
        values["SoC"] = soc
    if "EVSEPresentVoltage" in values and "EVSEPresentCurrent" in values:
        values["power_W"] = values["EVSEPresentVoltage"] * values["EVSEPresentCurrent"]
    return Sample(t, m.frame + 1, m.name, values) if values else None


def _energy_mode(bodies: list[tuple[CapturedMessage, dict[str, Any]]]) -> str | None:
    for m, body in bodies:
        for key in ("RequestedEnergyTransferMode", "EVRequestedEnergyTransferType"):
            value = body.get(key)
            if isinstance(value, str):
                return value
        if m.name == "ServiceSelectionReq":
            service = find(body, "ServiceID")
            if isinstance(service, int):
                return ENERGY_SERVICES.get(service, f"ServiceID {service}")
    return None


def _energy_wh(bodies: list[tuple[CapturedMessage, dict[str, Any]]], samples: list[Sample]) -> float | None:
    readings = [
        float(v)
        for m, b in bodies
        if not m.is_request
        for v in [find(b.get("MeterInfo"), "MeterReading")]
        if isinstance(v, (int, float))
    ]
    if len(readings) >= 2 and readings[-1] != readings[0]:
        return readings[-1] - readings[0]
    points = [(s.time, s.values["power_W"]) for s in samples if "power_W" in s.values]
    if len(points) < 2:
        return None
    joules = sum((t1 - t0) * (p0 + p1) / 2 for (t0, p0), (t1, p1) in pairwise(points))
    return joules / 3600.0


def analyse_session(session: CapturedSession, closed: str | None, capture_end_ns: int) -> SessionReport:
    """The report of one session (one TCP connection)."""
    start = session.messages[0].timestamp_ns if session.messages else 0

    def rel(ns: int) -> float:
        return (ns - start) / 1e9

    bodies = [(m, body_of(m.to_dict())) for m in session.messages]
    body_at = {m.index: b for m, b in bodies}
    samples = [s for m, b in bodies if (s := _sample(m, b, rel(m.timestamp_ns))) is not None]
    problems: list[Problem] = []
    exchanges: list[Exchange] = []
    previous: float | None = None
    for request, response in session.exchanges():
        t = rel(request.timestamp_ns)
        code = None if response is None else body_at[response.index].get("ResponseCode")
        answer = None if response is None else (response.timestamp_ns - request.timestamp_ns) / 1e9
        exchanges.append(
            Exchange(
                t,
                request.frame + 1,
                request.name,
                None if response is None else response.name,
                None if code is None else str(code),
                answer,
                limit_of(session.schema, request.name),
                0.0 if previous is None else t - previous,
            )
        )
        previous = t
    problems += exchange_problems(exchanges, session)
    problems += [
        Problem(rel(m.timestamp_ns), m.frame + 1, "decode", f"{m.name}: {m.error}") for m in session.errors
    ]
    problems += [
        Problem(
            rel(i.timestamp_ns),
            i.frame + 1 if i.frame >= 0 else None,
            "framing",
            f"{i.direction}: {i.problem}",
        )
        for i in session.issues
    ]
    if session.tls is not None:
        problems += [Problem(0.0, None, "tls", p) for p in session.tls.problems]
        problems += [
            Problem(0.0, None, "tls", f"alert: {a}")
            for a in session.tls.alerts
            if not a.endswith("close_notify")
        ]
    elif session.encrypted:
        problems.append(Problem(0.0, None, "tls", "TLS session not decrypted: no key log"))
    problems += quirks(session, bodies, rel)
    requests = session.requests
    last = requests[-1].name if requests else None
    ended = _ending(session, bodies, closed, capture_end_ns)
    evccid = next((b["EVCCID"] for m, b in bodies if "EVCCID" in b), None)
    evseid = next((b["EVSEID"] for m, b in bodies if "EVSEID" in b and not m.is_request), None)
    summary: dict[str, Any] = {
        "connection": session.connection.index,
        "EVCCID": None if evccid is None else str(evccid),
        "EVSEID": None if evseid is None else str(evseid),
        "protocol": session.namespace or ("TLS (not decrypted)" if session.encrypted else None),
        "schema": session.schema,
        "energy_mode": _energy_mode(bodies),
        "energy_Wh": _energy_wh(bodies, samples),
        "duration_s": (session.messages[-1].timestamp_ns - start) / 1e9 if session.messages else 0.0,
        "messages": len(session.messages),
        "last_request": last,
        "ended": ended,
        "late_responses": sum(1 for e in exchanges if e.response_time is not None and e.late),
        "problems": len(problems),
        "tls": session.encrypted,
    }
    problems.sort(key=lambda p: p.time)
    return SessionReport(
        session.connection.index,
        str(session.connection.client),
        str(session.connection.server),
        start,
        summary,
        tuple(exchanges),
        tuple(samples),
        tuple(problems),
    )


def _ending(
    session: CapturedSession,
    bodies: list[tuple[CapturedMessage, dict[str, Any]]],
    closed: str | None,
    capture_end_ns: int,
) -> str:
    stop = next(((m, b) for m, b in bodies if m.name == "SessionStopReq"), None)
    if stop is not None:
        how = stop[1].get("ChargingSession")
        return f"SessionStop{f' ({how})' if how else ''}" + (f", TCP {closed}" if closed else "")
    failed = next(((m, b) for m, b in bodies if str(b.get("ResponseCode", "")).startswith("FAILED")), None)
    if failed is not None:
        return f"{failed[0].name} {failed[1]['ResponseCode']}" + (f", TCP {closed}" if closed else "")
    last = session.requests[-1].name if session.requests else "nothing"
    return f"after {last}: " + (f"TCP {closed}" if closed else "capture ended")


def analyse(dissection: Dissection, name: str = "", damage: tuple[str, ...] = ()) -> CaptureReport:
    """The report of a whole capture."""
    closed: dict[int, ConnectionReport] = {c.connection.index: c for c in dissection.connections}
    end = dissection.messages[-1].timestamp_ns if dissection.messages else 0
    reports = tuple(
        analyse_session(s, closed[s.connection.index].closed if s.connection.index in closed else None, end)
        for s in sessions_of(dissection)
    )
    start = min((h.timestamp_ns for h in dissection.homeplug), default=0)
    problems = [Problem(0.0, None, "damage", d) for d in damage]
    problems += [
        Problem((t - start) / 1e9, f, "slac", text) for t, f, text in slac_problems(dissection.homeplug)
    ]
    return CaptureReport(
        name,
        dissection.capture_format,
        dissection.frames,
        len(dissection.messages),
        damage,
        reports,
        tuple(problems),
    )
