"""The OCPP adapter's configuration (:class:`OcppConfig`), a frozen dataclass."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = ["OcppConfig"]


@dataclass(frozen=True)
class OcppConfig:
    url: str
    """The CSMS's WebSocket URL; the charging station's id is appended as the last path segment."""
    charge_point_id: str
    version: Literal["2.0.1", "1.6"] = "2.0.1"
    """OCPP 2.0.1, or 1.6J with the ISO 15118 Plug & Charge extension (DataTransfer)."""
    evse_id: int = 1
    connector_id: int = 1
    vendor: str = "v2g"
    model: str = "v2g SECC"
    response_timeout: float = 10.0
    """How long Authorize, GetCertificateStatus and transaction messages wait for the CSMS (the car
    hears Ongoing meanwhile; the SECC's own Ongoing limit is 60 s)."""
    certificate_timeout: float = 3.5
    """Get15118EVCertificate: inside the SECC's 4 s (``SeccTimeouts.certificate``), no Ongoing."""
    offline: Literal["refuse", "cache"] = "refuse"
    """Without an answer from the CSMS: refuse every authorization, or accept the idTokens and
    eMAIDs it accepted before (the local authorization cache, OCPP 2.0.1 C10)."""
    backoff: tuple[float, float] = (0.5, 30.0)
    eim_token: str | None = None
    """The EIM idToken (an RFID card, type ``eim_token_type``); None: the car's EVCCID as a
    ``MacAddress`` idToken (Autocharge)."""
    eim_token_type: str = "ISO14443"
    volts: float = 400.0
    """Converts a profile's A limits to W (times the period's numberPhases, default ``phases``)."""
    phases: int = 3
    outbox: Path | None = None
    """File that keeps unanswered transaction messages across a restart (None: memory only)."""
    fetch_ocsp: bool = False
    """Ask GetCertificateStatus for each contract certificate (in the background, for the next
    session); off: revocation is the CSMS's certificateStatus in Authorize."""
    flush_timeout: float = 3.0
    """On close, how long unsent transaction messages may take to go out."""

    @property
    def uri(self) -> str:
        return f"{self.url.rstrip('/')}/{self.charge_point_id}"
