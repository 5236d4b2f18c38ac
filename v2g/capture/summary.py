"""One-line summaries and JSON records of dissected messages (for ``v2g capture``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from v2g import sdp
from v2g.capture.dissect import CapturedMessage, CapturedSession, SdpDatagram
from v2g.tracefmt import physical

KEY_FIELDS = (
    "ResponseCode",
    "SchemaID",
    "EVCCID",
    "EVSEID",
    "SelectedPaymentOption",
    "RequestedEnergyTransferMode",
    "EVSEProcessing",
    "EVProcessing",
    "ChargeProgress",
    "ChargingSession",
    "EVRESSSOC",
    "EVErrorCode",
    "EVTargetVoltage",
    "EVTargetCurrent",
    "EVSEPresentVoltage",
    "EVSEPresentCurrent",
    "EVSEStatusCode",
    "EVSENotification",
    "ServiceID",
    "ChargingComplete",
    "EVPresentVoltage",
    "EVTargetEnergyRequest",
)
"""Fields shown in a one-line summary, in this order, wherever they are in the message."""

_KEY_ORDER = {name: i for i, name in enumerate(KEY_FIELDS)}
MAX_FIELDS = 6


def _quantity(value: dict[str, Any]) -> str | None:
    """A DIN/ISO-2 PhysicalValue (Value, Multiplier, Unit) or a -20 RationalNumber (Value, Exponent)."""
    number = physical(value)
    if number is None:
        return None
    unit = value.get("Unit")
    return f"{number:g} {unit}" if unit else f"{number:g}"


def _leaves(node: Any, depth: int = 0) -> Iterator[tuple[str, str]]:
    if not isinstance(node, dict) or depth > 8:
        return
    for key, value in node.items():
        if key == "Header":
            continue
        if key in _KEY_ORDER:
            if isinstance(value, dict):
                quantity = _quantity(value)
                if quantity is not None:
                    yield key, quantity
                    continue
            elif not isinstance(value, list):
                yield key, str(value)
                continue
        if isinstance(value, dict):
            yield from _leaves(value, depth + 1)
        elif isinstance(value, list):
            for item in value[:4]:
                yield from _leaves(item, depth + 1)


def key_fields(message_dict: dict[str, Any]) -> list[tuple[str, str]]:
    """The :data:`KEY_FIELDS` present in a message's dict form, first occurrence of each, in order."""
    if "supportedAppProtocolReq" in message_dict:
        offers = message_dict["supportedAppProtocolReq"].get("AppProtocol", [])
        return [
            (
                f"offer{p.get('SchemaID')}",
                f"{p.get('ProtocolNamespace')} v{p.get('VersionNumberMajor')}.{p.get('VersionNumberMinor')}"
                f" prio{p.get('Priority')}",
            )
            for p in offers
        ]
    found: dict[str, str] = {}
    for key, value in _leaves(message_dict):
        found.setdefault(key, value)
    return sorted(found.items(), key=lambda kv: _KEY_ORDER[kv[0]])[:MAX_FIELDS]


def _time(ns: int) -> str:
    stamp = dt.datetime.fromtimestamp(ns // 1_000_000_000, dt.timezone.utc)
    return f"{stamp:%H:%M:%S}.{(ns // 1000) % 1_000_000:06d}"


def _protocol(m: CapturedMessage) -> str:
    return m.schema or "?"


def message_line(m: CapturedMessage) -> str:
    """``time  direction  protocol  name  key=value ...`` (the error instead of fields if it failed)."""
    head = f"{_time(m.timestamp_ns)}  {m.direction.value:8}  {_protocol(m):10}  #{m.connection.index:<3}"
    if m.error is not None:
        return f"{head}  ?  ERROR {m.error} ({len(m.raw)} bytes: {m.raw[:32].hex()})"
    d = m.to_dict()
    fields = " ".join(f"{k}={v}" for k, v in key_fields(d)) if d else ""
    return f"{head}  {m.name}  {fields}".rstrip()


def sdp_line(d: SdpDatagram) -> str:
    head = f"{_time(d.timestamp_ns)}  {d.direction.value:8}  {'sdp':10}  {'':4}"
    message = d.message
    if message is None:
        return f"{head}  ?  ERROR {d.error}"
    if isinstance(message, sdp.SdpResponse):
        return (
            f"{head}  SdpResponse  address={message.address} port={message.port} "
            f"security={message.security.name} transport={message.transport.name}"
        )
    return f"{head}  SdpRequest  security={message.security.name} transport={message.transport.name}"


def message_record(m: CapturedMessage) -> dict[str, Any]:
    """A JSON-ready record of one message (the decoded dict under ``message``)."""
    return {
        "type": "v2g",
        "time": m.timestamp,
        "frame": m.frame + 1,
        "connection": m.connection.index,
        "client": str(m.connection.client),
        "server": str(m.connection.server),
        "direction": m.direction.value,
        "payload_type": m.payload_type,
        "schema": m.schema,
        "namespace": m.namespace,
        "name": m.name,
        "message": m.to_dict(),
        "error": m.error,
        "raw": m.raw.hex(),
    }


def sdp_record(d: SdpDatagram) -> dict[str, Any]:
    message: dict[str, Any] | None = None
    if isinstance(d.message, sdp.SdpResponse):
        message = {
            "address": str(d.message.address),
            "port": d.message.port,
            "security": d.message.security.name,
            "transport": d.message.transport.name,
        }
    elif isinstance(d.message, sdp.SdpRequest):
        message = {"security": d.message.security.name, "transport": d.message.transport.name}
    return {
        "type": "sdp",
        "time": d.timestamp,
        "frame": d.frame + 1,
        "src": str(d.src),
        "dst": str(d.dst),
        "direction": d.direction.value,
        "name": d.name,
        "message": message,
        "error": d.error,
        "raw": d.raw.hex(),
    }


def session_summary(session: CapturedSession) -> dict[str, Any]:
    """Counts of one session: what ``v2g capture sessions`` prints."""
    counts: dict[str, int] = {}
    for m in session.messages:
        counts[m.name] = counts.get(m.name, 0) + 1
    return {
        "connection": session.connection.index,
        "client": str(session.connection.client),
        "server": str(session.connection.server),
        "encrypted": session.encrypted,
        "tls": None
        if session.tls is None
        else {
            "version": session.tls.version,
            "cipher_suite": session.tls.cipher_suite,
            "decrypted_records": session.tls.decrypted_records,
            "problems": list(session.tls.problems),
        },
        "namespace": session.namespace,
        "schema": session.schema,
        "offered": [o.namespace for o in session.offered],
        "session_id": session.session_id,
        "requests": len(session.requests),
        "responses": len(session.responses),
        "errors": len(session.errors),
        "issues": [i.problem for i in session.issues],
        "first": session.messages[0].timestamp if session.messages else None,
        "last": session.messages[-1].timestamp if session.messages else None,
        "last_request": session.requests[-1].name if session.requests else None,
        "messages": counts,
    }
