"""Decoding the V2GTP messages of one TCP connection while tracking its protocol.

The first V2GTP 0x8001 message in each direction is a supportedAppProtocolReq/Res (schema ``app``);
the SchemaID chosen in the Res names one offer of the Req, and that offer's namespace selects the
schema of everything after it. For ISO 15118-20 the V2GTP payload type selects among its schema sets.
A connection whose handshake is not in the capture is decoded by trying the DIN and ISO 15118-2
schemas (:data:`GUESS_SCHEMAS`). See :mod:`v2g.capture.dissect` for the references.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import exi
from v2g.apphand import NAMESPACE_SCHEMAS, AppProtocol
from v2g.capture.tcp import Direction, V2gtpFrame
from v2g.payloads import ISO20_PAYLOAD_SCHEMAS
from v2g.v2gtp import PayloadType

NS_TESLA_DIN = "urn:tesla:din:2018:MsgDef"

GUESS_SCHEMAS = ("din", "iso2")


@dataclass(slots=True)
class ProtocolTracker:
    """The protocol state of one connection."""

    offers: tuple[AppProtocol, ...] = ()
    req_seen: bool = False
    res_seen: bool = False
    namespace: str | None = None
    schema: str | None = None
    guessing: bool = False
    encrypted_bytes: int = 0
    closed: str | None = None
    first_request: bool = True
    first_response: bool = True


def message_name(d: dict[str, Any]) -> str:
    """Name of a message from its ``exi.to_dict`` form."""
    root, body = next(iter(d.items()))
    if root == "V2G_Message" and isinstance(body, dict):
        inner = body.get("Body")
        if isinstance(inner, dict) and inner:
            return str(next(iter(inner)))
        return "V2G_Message"
    return str(root)


def name_of(message: object) -> str:
    """Name of a decoded message: the root element, or for DIN/ISO 15118-2 the Body element."""
    body = getattr(message, "Body", None)
    element = getattr(body, "BodyElement", None)
    if element is not None:
        return type(element).__name__
    return type(message).__name__


def _offers(message_dict: dict[str, Any]) -> tuple[AppProtocol, ...]:
    req = message_dict.get("supportedAppProtocolReq", {})
    offers = []
    for p in req.get("AppProtocol", ()):
        offers.append(
            AppProtocol(
                str(p["ProtocolNamespace"]),
                int(p["VersionNumberMajor"]),
                int(p["VersionNumberMinor"]),
                int(p["SchemaID"]),
                int(p["Priority"]),
            )
        )
    return tuple(offers)


def _try_decode(payload: bytes, schema: str) -> tuple[Any, str | None]:
    try:
        return exi.decode(payload, schema), None
    except exi.ExiError as exc:
        return None, f"{type(exc).__name__}: {exc}"


def decode_message(tracker: ProtocolTracker, frame: V2gtpFrame) -> tuple[str | None, Any, str | None, bool]:
    """Decode one V2GTP message of a connection and advance its protocol state: the schema used,
    the message (None on failure), the error and whether the schema was guessed."""
    payload_type = frame.payload_type
    request = frame.direction is Direction.EV_TO_EVSE
    first = tracker.first_request if request else tracker.first_response
    if request:
        tracker.first_request = False
    else:
        tracker.first_response = False
    if payload_type in ISO20_PAYLOAD_SCHEMAS:
        schema = ISO20_PAYLOAD_SCHEMAS[payload_type]
        message, error = _try_decode(frame.payload, schema)
        return schema, message, error, False
    if payload_type != PayloadType.EXI:
        return None, None, f"payload type {payload_type:#06x} carries no EXI message", False
    handshake_pending = not tracker.res_seen if not request else not tracker.req_seen
    if first and handshake_pending and not tracker.guessing:
        message, error = _try_decode(frame.payload, "app")
        if error is None:
            _handshake(tracker, exi.to_dict(message))
            return "app", message, None, False
        if not (tracker.req_seen or tracker.res_seen):
            tracker.guessing = True  # the handshake is not in the capture
        else:
            return "app", None, error, False
    if tracker.schema is not None and not tracker.guessing:
        message, error = _try_decode(frame.payload, tracker.schema)
        return tracker.schema, message, error, False
    if tracker.guessing or tracker.res_seen:
        first_error: str | None = None
        for schema in GUESS_SCHEMAS:
            message, error = _try_decode(frame.payload, schema)
            if error is None:
                return schema, message, None, True
            first_error = first_error or error
        if tracker.res_seen and tracker.namespace is not None:
            return None, None, f"no schema for namespace {tracker.namespace}", False
        return None, None, f"no schema decodes it (handshake not captured): {first_error}", True
    message, error = _try_decode(frame.payload, "app")
    return "app", message, error, False


def _handshake(tracker: ProtocolTracker, d: dict[str, Any]) -> None:
    if "supportedAppProtocolReq" in d:
        tracker.req_seen = True
        tracker.offers = _offers(d)
    elif "supportedAppProtocolRes" in d:
        tracker.res_seen = True
        res = d["supportedAppProtocolRes"]
        if str(res.get("ResponseCode", "")).startswith("Failed"):
            return  # no protocol: nothing more to decode on this connection
        chosen = res.get("SchemaID")
        for offer in tracker.offers:
            if offer.schema_id == chosen:
                tracker.namespace = offer.namespace
                break
        if tracker.namespace is None:
            tracker.guessing = True
            return
        # a namespace without a schema (Tesla's DIN-like one): decode_message tries the known schemas
        tracker.schema = NAMESPACE_SCHEMAS.get(tracker.namespace)
