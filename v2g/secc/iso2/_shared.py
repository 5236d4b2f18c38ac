"""What the ISO2 SECC handlers share: constants, PhysicalValue and status builders."""

from __future__ import annotations

from functools import lru_cache

from exi.iso2 import generated_types as m
from v2g._physical import converter, to_pv
from v2g.controller import EvseStatus, Notification
from v2g.secc._machine import (
    SeccContext,
    SeccState,
    dc_status_values,
)

SCHEMA = "iso2"
S = SeccState
U = m.unitSymbolType
RC = m.responseCodeType
FINISHED = m.EVSEProcessingType.Finished
ONGOING = m.EVSEProcessingType.Ongoing
WAITING = m.EVSEProcessingType.Ongoing_WaitingForCustomerInteraction
CHARGE_SERVICE_ID = 1
NO_ERROR = m.DC_EVErrorCodeType.NO_ERROR
VOLTS = converter(m.PhysicalValueType, U.V)
AMPS = converter(m.PhysicalValueType, U.A)
WATTS = converter(m.PhysicalValueType, U.W)
"""PhysicalValues of the charging loop, remembered by value (the limits repeat every message)."""


def _pv(value: float, unit: m.unitSymbolType) -> m.PhysicalValueType:
    return to_pv(m.PhysicalValueType, value, unit)


@lru_cache(maxsize=64)
def _dc_status(st: EvseStatus, *, failed: bool = False, checking: bool = False) -> m.DC_EVSEStatusType:
    """The DC_EVSEStatus for the controller's status; built once per distinct (frozen) status."""
    iso, code, delay, note = dc_status_values(st, failed=failed, checking=checking)
    return m.DC_EVSEStatusType(
        EVSEIsolationStatus=m.isolationLevelType(iso),
        EVSEStatusCode=m.DC_EVSEStatusCodeType(code),
        NotificationMaxDelay=delay,
        EVSENotification=m.EVSENotificationType(note),
    )


@lru_cache(maxsize=64)
def _ac_status(st: EvseStatus, *, failed: bool = False) -> m.AC_EVSEStatusType:
    note = st.notification
    if (failed or st.emergency_shutdown) and note is Notification.NONE:
        note = Notification.STOP_CHARGING
    return m.AC_EVSEStatusType(
        NotificationMaxDelay=st.notification_max_delay,
        EVSENotification=m.EVSENotificationType(note.value),
        RCD=st.rcd_error,
    )


def _status_el(ctx: SeccContext, now: float, *, failed: bool = False) -> m.AC_EVSEStatus | m.DC_EVSEStatus:
    if ctx.dc or ctx.energy_mode is None:
        s = _dc_status(ctx.power.status(now), failed=failed)
        return m.DC_EVSEStatus(
            EVSEIsolationStatus=s.EVSEIsolationStatus,
            EVSEStatusCode=s.EVSEStatusCode,
            NotificationMaxDelay=s.NotificationMaxDelay,
            EVSENotification=s.EVSENotification,
        )
    a = _ac_status(ctx.power.status(now), failed=failed)
    return m.AC_EVSEStatus(
        NotificationMaxDelay=a.NotificationMaxDelay, EVSENotification=a.EVSENotification, RCD=a.RCD
    )


def _meter(ctx: SeccContext, now: float) -> m.MeterInfoType:
    return _meter_info(max(0, round(ctx.services.meter.meter_wh(now))))


@lru_cache(maxsize=16)
def _meter_info(reading: int) -> m.MeterInfoType:
    return m.MeterInfoType(MeterID="V2G-SIM-METER", MeterReading=reading)
