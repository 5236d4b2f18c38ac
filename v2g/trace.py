"""The structured per-message trace both session machines keep (house rule 11)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class TraceRecord:
    """One message as sent or received; the runner writes these as JSON lines."""

    direction: str
    """``"rx"`` or ``"tx"``."""
    time: float
    protocol: str
    """The exi schema key: ``"app"``, ``"din"`` or ``"iso2"``."""
    message: str
    """The body element name (``"SessionSetupReq"``) or the handshake message name."""
    decoded: dict[str, Any] | None
    """``exi.to_dict`` of the whole document (None when it could not be decoded)."""
    raw: str
    """The EXI bytes, hex."""

    def as_json(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "time": self.time,
            "protocol": self.protocol,
            "message": self.message,
            "decoded": self.decoded,
            "raw": self.raw,
        }
