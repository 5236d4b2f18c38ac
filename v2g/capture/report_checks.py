"""The checks of a session report: each exchange against the standard's limits and the sequence, and
quirks seen in real sessions (see :mod:`v2g.capture.report` for the references)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from v2g.capture.records import CapturedMessage, CapturedSession
from v2g.capture.report_types import PHASE_LIMITS, SEQUENCE_TIMEOUT, Exchange, Problem, find


def exchange_problems(exchanges: list[Exchange], session: CapturedSession) -> list[Problem]:
    out: list[Problem] = []
    for i, e in enumerate(exchanges):
        where = f"{e.request} (frame {e.frame})"
        if e.response is None:
            if i < len(exchanges) - 1:
                out.append(
                    Problem(e.time, e.frame, "sequence", f"{where} got no response before the next request")
                )
            else:
                out.append(Problem(e.time, e.frame, "timeout", f"{where} got no response in the capture"))
            continue
        if e.response != e.request.removesuffix("Req") + "Res":
            out.append(Problem(e.time, e.frame, "sequence", f"{where} answered by {e.response}"))
        if e.response_code and e.response_code.startswith("FAILED"):
            kind = "sequence" if "Sequence" in e.response_code else "failed"
            out.append(Problem(e.time, e.frame, kind, f"{e.response} {e.response_code}"))
        if e.late and e.response_time is not None:
            out.append(
                Problem(
                    e.time,
                    e.frame,
                    "timeout",
                    f"{e.response} after {e.response_time * 1000:.0f} ms (limit {e.limit * 1000:.0f} ms)",
                )
            )
        if e.delta > SEQUENCE_TIMEOUT:
            out.append(
                Problem(
                    e.time,
                    e.frame,
                    "timeout",
                    f"{e.request} {e.delta:.1f} s after the previous request "
                    f"(V2G_SECC_Sequence_Timeout {SEQUENCE_TIMEOUT:.0f} s)",
                )
            )
    for phase, limit in PHASE_LIMITS.items():
        times = [e for e in exchanges if e.request == phase + "Req"]
        if len(times) >= 2:
            span = times[-1].time - times[0].time + (times[-1].response_time or 0.0)
            if span > limit:
                out.append(
                    Problem(
                        times[0].time,
                        times[0].frame,
                        "timeout",
                        f"{phase} took {span:.1f} s (limit {limit:.0f} s)",
                    )
                )
    return out


def quirks(
    session: CapturedSession,
    bodies: list[tuple[CapturedMessage, dict[str, Any]]],
    rel: Callable[[int], float],
) -> list[Problem]:
    out: list[Problem] = []
    names = [m.name for m in session.requests]
    dc = any(n in names for n in ("CurrentDemandReq", "PreChargeReq", "DC_ChargeLoopReq", "DC_PreChargeReq"))
    if dc and "SessionStopReq" in names:
        stop = names.index("SessionStopReq")
        charged = [i for i, n in enumerate(names[:stop]) if n in ("CurrentDemandReq", "DC_ChargeLoopReq")]
        welding = {"WeldingDetectionReq", "DC_WeldingDetectionReq"}
        if charged and not welding & set(names[charged[-1] : stop]):
            m = session.requests[stop]
            out.append(
                Problem(
                    rel(m.timestamp_ns),
                    m.frame + 1,
                    "quirk",
                    "WeldingDetection skipped: SessionStopReq after charging without it",
                )
            )
    seen: set[str] = set()
    for m, body in bodies:
        code = body.get("EVErrorCode") or find(body.get("DC_EVStatus"), "EVErrorCode")
        if isinstance(code, str) and code != "NO_ERROR" and code not in seen:
            seen.add(code)
            out.append(
                Problem(
                    rel(m.timestamp_ns), m.frame + 1, "quirk", f"car reports EVErrorCode {code} in {m.name}"
                )
            )
        status = find(body.get("DC_EVSEStatus") or body.get("AC_EVSEStatus"), "EVSEStatusCode")
        if isinstance(status, str) and status not in ("EVSE_Ready", "EVSE_NotReady") and status not in seen:
            seen.add(status)
            out.append(
                Problem(rel(m.timestamp_ns), m.frame + 1, "quirk", f"charger reports {status} in {m.name}")
            )
    if session.namespace is None and session.messages and not session.encrypted:
        out.append(Problem(0.0, None, "sequence", "no protocol negotiated (handshake missing or failed)"))
    return out
