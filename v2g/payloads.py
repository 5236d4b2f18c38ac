"""Which V2GTP payload type carries which EXI schema set (beside :mod:`v2g.v2gtp`).

DIN SPEC 70121, ISO 15118-2 and the SupportedAppProtocol handshake of every protocol use 0x8001.
ISO 15118-20 names the message set in the payload type (ISO 15118-20 Table 9): 0x8002 the common
messages, 0x8003 AC, 0x8004 DC, 0x8005 ACDP, 0x8006 WPT, and four types for messages that a
receiver may treat with priority (schedule renegotiation, metering confirmation, ACDP system status,
parking status), each carrying its set's schema.
"""

from __future__ import annotations

from v2g.v2gtp import PayloadType

ISO20_PAYLOAD_SCHEMAS: dict[int, str] = {
    PayloadType.ISO20_MAIN: "iso20",
    PayloadType.ISO20_AC: "iso20-ac",
    PayloadType.ISO20_DC: "iso20-dc",
    PayloadType.ISO20_ACDP: "iso20-acdp",
    PayloadType.ISO20_WPT: "iso20-wpt",
    PayloadType.ISO20_SCHEDULE_RENEGOTIATION: "iso20",
    PayloadType.ISO20_METERING_CONFIRMATION: "iso20",
    PayloadType.ISO20_ACDP_SYSTEM_STATUS: "iso20-acdp",
    PayloadType.ISO20_PARKING_STATUS: "iso20",
}
"""ISO 15118-20 payload type -> schema set (the payload type names the message set)."""

ISO20_SCHEMA_PAYLOAD_TYPES: dict[str, int] = {
    "iso20": PayloadType.ISO20_MAIN,
    "iso20-ac": PayloadType.ISO20_AC,
    "iso20-dc": PayloadType.ISO20_DC,
    "iso20-acdp": PayloadType.ISO20_ACDP,
    "iso20-wpt": PayloadType.ISO20_WPT,
}
"""ISO 15118-20 schema set -> the payload type a message of that set is sent with."""
