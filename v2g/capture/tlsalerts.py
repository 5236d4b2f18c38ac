"""TLS alert records as text (RFC 8446 section 6, RFC 5246 section 7.2)."""

from __future__ import annotations

from v2g.capture.tlsdecrypt import TlsRecord

ALERT_DESCRIPTIONS = {
    0: "close_notify",
    10: "unexpected_message",
    20: "bad_record_mac",
    22: "record_overflow",
    40: "handshake_failure",
    42: "bad_certificate",
    43: "unsupported_certificate",
    44: "certificate_revoked",
    45: "certificate_expired",
    46: "certificate_unknown",
    47: "illegal_parameter",
    48: "unknown_ca",
    49: "access_denied",
    50: "decode_error",
    51: "decrypt_error",
    70: "protocol_version",
    71: "insufficient_security",
    80: "internal_error",
    86: "inappropriate_fallback",
    90: "user_canceled",
    109: "missing_extension",
    110: "unsupported_extension",
    112: "unrecognized_name",
    115: "unknown_psk_identity",
    116: "certificate_required",
    120: "no_application_protocol",
}
"""RFC 8446 section 6 / RFC 5246 section 7.2 alert descriptions."""


def alert_text(record: TlsRecord) -> str:
    """``client fatal handshake_failure`` (or ``server alert (encrypted)`` when it cannot be read)."""
    side = "client" if record.from_client else "server"
    if len(record.data) != 2:
        return f"{side} alert (encrypted)"
    level = {1: "warning", 2: "fatal"}.get(record.data[0], f"level {record.data[0]}")
    return f"{side} {level} {ALERT_DESCRIPTIONS.get(record.data[1], f'alert {record.data[1]}')}"
