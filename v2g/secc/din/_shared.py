"""What the DIN 70121 SECC handlers share: constants, PhysicalValue and status builders."""

from __future__ import annotations

from functools import lru_cache

from exi.din import generated_types as d
from v2g._physical import converter, to_pv
from v2g.controller import EvseStatus
from v2g.secc._machine import (
    SeccContext,
    SeccState,
    dc_status_values,
)

SCHEMA = "din"
S = SeccState
U = d.unitSymbolType
RC = d.responseCodeType
FINISHED = d.EVSEProcessingType.Finished
ONGOING = d.EVSEProcessingType.Ongoing
NO_ERROR = d.DC_EVErrorCodeType.NO_ERROR
VOLTS = converter(d.PhysicalValueType, U.V)
AMPS = converter(d.PhysicalValueType, U.A)
WATTS = converter(d.PhysicalValueType, U.W)
"""PhysicalValues of the charging loop, remembered by value (the limits repeat every message)."""


def _pv(value: float, unit: d.unitSymbolType) -> d.PhysicalValueType:
    return to_pv(d.PhysicalValueType, value, unit)


@lru_cache(maxsize=64)
def _status(st: EvseStatus, *, failed: bool = False, checking: bool = False) -> d.DC_EVSEStatusType:
    """The DC_EVSEStatus for the controller's status; built once per distinct (frozen) status."""
    iso, code, delay, note = dc_status_values(st, failed=failed, checking=checking)
    return d.DC_EVSEStatusType(
        EVSEIsolationStatus=d.isolationLevelType(iso),
        EVSEStatusCode=d.DC_EVSEStatusCodeType(code),
        NotificationMaxDelay=delay,
        EVSENotification=d.EVSENotificationType(note),
    )


def _status_el(ctx: SeccContext, now: float, *, failed: bool = False) -> d.DC_EVSEStatus:
    s = _status(ctx.power.status(now), failed=failed)
    return d.DC_EVSEStatus(
        EVSEIsolationStatus=s.EVSEIsolationStatus,
        EVSEStatusCode=s.EVSEStatusCode,
        NotificationMaxDelay=s.NotificationMaxDelay,
        EVSENotification=s.EVSENotification,
    )
