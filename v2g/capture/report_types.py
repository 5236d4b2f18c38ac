"""The result types of a session report and the helpers to read message dicts (see
:mod:`v2g.capture.report`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEQUENCE_TIMEOUT = 60.0
"""V2G_SECC_Sequence_Timeout: the SECC closes a session whose next request takes longer."""
SUPPORTED_APP_PROTOCOL_TIMEOUT = 2.0
PHASE_LIMITS = {"CableCheck": 40.0, "PreCharge": 7.0, "DC_CableCheck": 40.0, "DC_PreCharge": 10.0}
"""Overall time of a repeated phase (CableCheck / PreCharge overall, TIMING.md)."""

SERIES = ("EVSEPresentVoltage", "EVSEPresentCurrent", "EVTargetVoltage", "EVTargetCurrent", "power_W", "SoC")
"""The columns of the time series; ``power_W`` = EVSEPresentVoltage x EVSEPresentCurrent."""

ENERGY_SERVICES = {1: "AC", 2: "DC", 3: "WPT", 4: "DC_ACDP", 5: "AC_BPT", 6: "DC_BPT"}
"""ISO 15118-20 ServiceID of the energy transfer services (Table 204)."""


@dataclass(frozen=True, slots=True)
class Problem:
    time: float
    """Seconds from the start of the session (or of the capture for capture-wide problems)."""
    frame: int | None
    """Wireshark frame number (from 1), None if not tied to one frame."""
    kind: str
    """``sequence``, ``failed``, ``timeout``, ``tls``, ``slac``, ``quirk``, ``decode``, ``framing``,
    ``damage``."""
    text: str


@dataclass(frozen=True, slots=True)
class Exchange:
    time: float
    """Request time, seconds from the start of the session."""
    frame: int
    request: str
    response: str | None
    response_code: str | None
    response_time: float | None
    limit: float
    delta: float
    """Seconds since the previous request."""
    fields: str = ""

    @property
    def late(self) -> bool:
        return self.response_time is None or self.response_time > self.limit


@dataclass(frozen=True, slots=True)
class Sample:
    time: float
    frame: int
    message: str
    values: dict[str, float]


@dataclass(frozen=True, slots=True)
class SessionReport:
    connection: int
    client: str
    server: str
    start_ns: int
    summary: dict[str, Any]
    exchanges: tuple[Exchange, ...]
    samples: tuple[Sample, ...]
    problems: tuple[Problem, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class CaptureReport:
    name: str
    capture_format: str
    frames: int
    messages: int
    damage: tuple[str, ...]
    sessions: tuple[SessionReport, ...]
    problems: tuple[Problem, ...]
    """Capture-wide problems: damage, SLAC retries."""


def body_of(d: dict[str, Any] | None) -> dict[str, Any]:
    """The message element's content of a message's dict form (DIN/-2: the Body element)."""
    if not d:
        return {}
    root, value = next(iter(d.items()))
    if root == "V2G_Message" and isinstance(value, dict):
        inner = value.get("Body")
        if isinstance(inner, dict) and inner:
            found = next(iter(inner.values()))
            return found if isinstance(found, dict) else {}
        return {}
    return value if isinstance(value, dict) else {}


def find(node: Any, key: str, depth: int = 0) -> Any:
    """The first value under ``key`` anywhere in ``node`` (None if absent)."""
    if depth > 8:
        return None
    if isinstance(node, dict):
        if key in node:
            return node[key]
        for value in node.values():
            if isinstance(value, (dict, list)):
                hit = find(value, key, depth + 1)
                if hit is not None:
                    return hit
    elif isinstance(node, list):
        for item in node:
            hit = find(item, key, depth + 1)
            if hit is not None:
                return hit
    return None
