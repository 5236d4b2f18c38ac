"""The structured per-message trace both session machines keep (house rule 11).

A record holds the decoded message object and the EXI bytes as they were; the dict form
(``decoded``) and the hex form (``raw``) are built the first time someone reads them. A session on a
busy charger therefore pays nothing for its trace unless the trace is written or inspected. The
machines never change a message after encoding or decoding it, so the late conversion sees exactly
what went over the wire.
"""

from __future__ import annotations

from typing import Any

import exi

_UNSET: Any = object()


class TraceRecord:
    """One message as sent or received; the runner writes these as JSON lines."""

    __slots__ = ("_decoded", "data", "direction", "document", "message", "protocol", "time")

    direction: str
    """``"rx"`` or ``"tx"``."""
    time: float
    protocol: str
    """The exi schema key: ``"app"``, ``"din"`` or ``"iso2"``."""
    message: str
    """The body element name (``"SessionSetupReq"``) or the handshake message name."""
    document: Any
    """The decoded message object (None when it could not be decoded)."""
    data: bytes
    """The EXI bytes."""

    def __init__(
        self, direction: str, time: float, protocol: str, message: str, document: Any, data: bytes
    ) -> None:
        self.direction = direction
        self.time = time
        self.protocol = protocol
        self.message = message
        self.document = document
        self.data = data
        self._decoded: dict[str, Any] | None = _UNSET

    @property
    def decoded(self) -> dict[str, Any] | None:
        """``exi.to_dict`` of the whole document (None when it could not be decoded)."""
        if self._decoded is _UNSET:
            self._decoded = exi.to_dict(self.document) if self.document is not None else None
        return self._decoded

    @property
    def raw(self) -> str:
        """The EXI bytes, hex."""
        return self.data.hex()

    def __repr__(self) -> str:
        size = len(self.data)
        return f"TraceRecord({self.direction} {self.time:.6f} {self.protocol} {self.message} {size} B)"

    def as_json(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "time": self.time,
            "protocol": self.protocol,
            "message": self.message,
            "decoded": self.decoded,
            "raw": self.raw,
        }
