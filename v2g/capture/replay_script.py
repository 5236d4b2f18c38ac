"""What a replay plays: the exchanges of a captured session, and the message helpers both replay
machines share (names, ResponseCode, EVSEProcessing, key values, header rewriting).

A :class:`Step` is one recorded request with the response the recorded charger gave (None when the
capture ends before it) and the recorded timing: ``gap`` is the car's think time (from the previous
recorded response to this request), ``delay`` the charger's response time. A :class:`Script` is the
steps of one session, with the schema of its messages after the handshake.

The header of DIN 70121 and ISO 15118-2 messages is ``V2G_Message.Header`` (SessionID); an ISO
15118-20 message carries its ``Header`` (SessionID, TimeStamp) on the message itself and travels with
the payload type of its schema set (the recorded message's payload type is sent again).
:func:`rewrite_header` handles both shapes, so the machines need no per-protocol code.
"""

from __future__ import annotations

import dataclasses
import enum
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import exi
from v2g.capture.protocol import name_of
from v2g.capture.records import CapturedMessage, CapturedSession

HANDSHAKE = "app"

KEY_FIELDS = frozenset(
    {
        "EVSEProcessing",
        "EVSEStatusCode",
        "EVSEIsolationStatus",
        "EVSENotification",
        "EnergyTransferType",
        "EnergyTransferMode",
        "SupportedEnergyTransferMode",
        "PaymentOption",
        "SelectedPaymentOption",
        "ServiceID",
        "SAScheduleTupleID",
        "ReceiptRequired",
        "ChargeProgress",
        "ReadyToChargeState",
        "EVReady",
        "EVErrorCode",
        "ChargingComplete",
        "ChargingSession",
        "EVSEPresentVoltage",
        "EVSEPresentCurrent",
        "EVSEMaximumVoltageLimit",
        "EVSEMaximumCurrentLimit",
        "EVSEMaximumPowerLimit",
        "EVSEMaxCurrent",
        "EVTargetVoltage",
        "EVTargetCurrent",
        "EVRESSSOC",
        "EVSECurrentLimitAchieved",
        "EVSEVoltageLimitAchieved",
        "EVSEPowerLimitAchieved",
        "SchemaID",
    }
)
"""Leaves compared between the live and the recorded message (beside name and ResponseCode)."""

NUMERIC_TOLERANCE = 0.05
"""Relative difference (of the larger magnitude, at least 1 unit) below which numbers are equal."""


@dataclass(frozen=True, slots=True)
class Step:
    request: CapturedMessage
    response: CapturedMessage | None
    gap: float
    """Recorded seconds from the previous response (or the connection's first message) to the request."""
    delay: float | None
    """Recorded response time (None: no response captured)."""

    @property
    def name(self) -> str:
        return self.request.name


@dataclass(frozen=True, slots=True)
class Script:
    index: int
    """The session's position among the capture's sessions (``--session``)."""
    session: CapturedSession
    steps: tuple[Step, ...]

    @property
    def schema(self) -> str | None:
        return self.session.schema

    @property
    def namespace(self) -> str | None:
        return self.session.namespace

    @property
    def session_id(self) -> bytes | None:
        text = self.session.session_id
        return bytes.fromhex(text) if text else None


class ScriptError(ValueError):
    """A captured session that cannot be replayed (encrypted without keys, nothing decoded)."""


def script_of(session: CapturedSession, index: int = 0) -> Script:
    """The steps of ``session`` (requests that failed to decode cannot be replayed: ScriptError)."""
    if session.encrypted and not session.messages:
        raise ScriptError(f"session {index} is TLS-encrypted and no key log decrypts it (give --keylog)")
    steps: list[Step] = []
    last = session.messages[0].timestamp if session.messages else 0.0
    for request, response in session.exchanges():
        if request.message is None:
            raise ScriptError(
                f"session {index}: {request.name} (frame {request.frame + 1}) did not decode: {request.error}"
            )
        delay = None if response is None else max(0.0, response.timestamp - request.timestamp)
        steps.append(Step(request, response, max(0.0, request.timestamp - last), delay))
        last = response.timestamp if response is not None else request.timestamp
    if not steps:
        raise ScriptError(f"session {index} holds no request")
    return Script(index, session, tuple(steps))


# --- message helpers ------------------------------------------------------------------------------


def body(message: Any) -> Any:
    """The body element of a DIN/ISO 15118-2 message, or the message itself (handshake, ISO 15118-20)."""
    element = getattr(getattr(message, "Body", None), "BodyElement", None)
    return message if element is None else element


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value.value) if isinstance(value, enum.Enum) else str(value)


def response_code(message: Any) -> str | None:
    return _text(getattr(body(message), "ResponseCode", None))


def evse_processing(message: Any) -> str | None:
    return _text(getattr(body(message), "EVSEProcessing", None))


def is_ongoing(message: Any) -> bool:
    """EVSEProcessing says Ongoing (also ISO 15118-2's Ongoing_WaitingForCustomerInteraction)."""
    value = evse_processing(message)
    return value is not None and value.startswith("Ongoing")


def name(message: Any) -> str:
    return name_of(message)


def header_of(message: Any) -> Any:
    return getattr(message, "Header", None)


def session_id_of(message: Any) -> bytes | None:
    header = header_of(message)
    value = getattr(header, "SessionID", None)
    return value if isinstance(value, bytes) else None


def rewrite_header(message: Any, session_id: bytes | None, wall_time: float | None) -> Any:
    """``message`` with its header's SessionID (and, where the header has one, TimeStamp: ISO
    15118-20) replaced; None keeps the field."""
    header = header_of(message)
    if header is None:
        return message
    changes: dict[str, Any] = {}
    if session_id is not None and getattr(header, "SessionID", None) != session_id:
        changes["SessionID"] = session_id
    if wall_time is not None and hasattr(header, "TimeStamp"):
        changes["TimeStamp"] = int(wall_time)
    if not changes:
        return message
    return dataclasses.replace(message, Header=dataclasses.replace(header, **changes))


# --- key values -----------------------------------------------------------------------------------


def _number(value: Any) -> float | None:
    """A PhysicalValue (Value x 10^Multiplier; -20: Exponent) or a plain number, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, Mapping) and "Value" in value:
        exponent = value.get("Multiplier", value.get("Exponent", 0))
        if isinstance(value["Value"], int | float) and isinstance(exponent, int):
            return float(value["Value"]) * 10.0**exponent
    return None


def _leaves(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, Mapping):
        for key, child in node.items():
            sub = f"{path}.{key}" if path else str(key)
            if key in KEY_FIELDS:
                yield sub, child
            else:
                yield from _leaves(child, sub)
    elif isinstance(node, list | tuple):
        for i, child in enumerate(node):
            yield from _leaves(child, f"{path}[{i}]")


def key_values(message: Any, schema: str) -> dict[str, Any]:
    """The key leaves of ``message`` (paths below its body element) -> value (numbers as float)."""
    d = exi.to_dict(message, schema)
    root = next(iter(d.values()))
    if isinstance(root, Mapping) and "Body" in root and isinstance(root["Body"], Mapping):
        root = next(iter(root["Body"].values()), {})
    out: dict[str, Any] = {}
    for path, value in _leaves(root, ""):
        number = _number(value)
        out[path] = number if number is not None else value
    return out


def differences(live: Mapping[str, Any], recorded: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """(path, live value, recorded value) for each key leaf that differs (numbers: beyond the tolerance)."""
    found = []
    for path in sorted(set(live) | set(recorded)):
        a, b = live.get(path), recorded.get(path)
        if isinstance(a, float) and isinstance(b, float):
            scale = max(abs(a), abs(b), 1.0)
            if math.isclose(a, b, rel_tol=0.0, abs_tol=NUMERIC_TOLERANCE * scale):
                continue
        elif a == b:
            continue
        found.append((path, a, b))
    return found
