"""The CSMS's charging limits (OCPP 2.0.1 K01 SetChargingProfile) as the schedules the SECC offers:
sans-IO, one object per EVSE.

TxProfile (the running transaction's) wins over TxDefaultProfile; ChargingStationMaxProfile and the
charger's own first schedule (its hardware) cap either, PMax by PMax. A TxProfile ends with its
transaction. Profiles that cannot be used (another EVSE, an unknown purpose, periods that do not
start at 0 or do not increase) are refused, and the CSMS hears Rejected.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from v2g.controller import EnergyRequest, Schedule
from v2g.ocpp.mapping import CsmsAnswerError, capped, profile_schedule

__all__ = ["PURPOSES", "ChargingLimits"]

PURPOSES = ("TxDefaultProfile", "TxProfile", "ChargingStationMaxProfile")


class ChargingLimits:
    def __init__(self, evse_id: int = 1, *, volts: float = 400.0, phases: int = 3) -> None:
        self.evse_id = evse_id
        self.volts = volts
        self.phases = phases
        self.profiles: dict[str, Schedule] = {}
        """The limit in force per purpose."""

    def set(self, evse_id: int, profile: Mapping[str, Any]) -> None:
        """Keep ``profile`` (SetChargingProfile); raises :class:`CsmsAnswerError` (Rejected)."""
        purpose = profile.get("charging_profile_purpose")
        if purpose not in PURPOSES:
            raise CsmsAnswerError(f"chargingProfilePurpose {purpose!r} is not applied here")
        if evse_id not in (0, self.evse_id):
            raise CsmsAnswerError(f"evseId {evse_id} is not this EVSE ({self.evse_id})")
        self.profiles[str(purpose)] = profile_schedule(profile, volts=self.volts, phases=self.phases)

    def clear(self) -> None:
        self.profiles.clear()

    def transaction_ended(self) -> None:
        self.profiles.pop("TxProfile", None)

    def schedules(
        self, own: tuple[Schedule, ...] | None, request: EnergyRequest
    ) -> tuple[Schedule, ...] | None:
        """The SAScheduleTuples to offer: ``own`` (the charger's) when the CSMS set no limit, else
        the CSMS's limit capped; None (Ongoing) passes through."""
        limit = self.profiles.get("TxProfile") or self.profiles.get("TxDefaultProfile")
        station = self.profiles.get("ChargingStationMaxProfile")
        caps = [s for s in (station, *(own or ())[:1]) if s is not None]
        if limit is None:
            if own is not None and station is None:
                return own
            limit = caps[0] if caps else Schedule(1, ((0, request.max_power or 350_000.0),))
        return (capped(limit, caps),)
