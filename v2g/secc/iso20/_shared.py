"""What the ISO 15118-20 SECC handlers share: the states, constants, the placeholder header, the
RationalNumber and status builders."""

from __future__ import annotations

import enum
from functools import lru_cache

from exi.iso20 import generated_types as c
from exi.iso20_dc import generated_types as d
from v2g._rational import rn_converter
from v2g.controller import EnergyMode, EvseStatus, Notification
from v2g.errors import SessionError
from v2g.secc._machine import SeccContext

SCHEMA = "iso20"
RC = c.responseCodeType
FINISHED = c.processingType.Finished
ONGOING = c.processingType.Ongoing
WAITING = c.processingType.Ongoing_WaitingForCustomerInteraction
DC_SERVICE_ID = 2
"""ISO 15118-20 energy transfer service 2: DC charging (service 6 is DC with bidirectional power)."""
SCHEDULED_SET = 1
DYNAMIC_SET = 2
"""The parameter sets this SECC offers for the DC service: ControlMode 1 (Scheduled), 2 (Dynamic)."""
RN = rn_converter(c.RationalNumberType)
PENDING = c.MessageHeaderType(SessionID=b"\x00" * 8, TimeStamp=0)
"""The header a handler puts in the message it builds; the boundary's envelope fills the real one."""


class Iso20State(str, enum.Enum):
    SESSION_SETUP = "SessionSetup"
    AUTHORIZATION_SETUP = "AuthorizationSetup"
    AUTHORIZATION = "Authorization"
    SERVICE_DISCOVERY = "ServiceDiscovery"
    SERVICE_DETAIL = "ServiceDetail"  # ServiceDetail* or ServiceSelection
    CHARGE_PARAMETER = "DC_ChargeParameterDiscovery"
    SCHEDULE_EXCHANGE = "ScheduleExchange"
    CABLE_CHECK = "DC_CableCheck"
    PRE_CHARGE = "DC_PreCharge"  # PreCharge until the EV reports EVProcessing Finished
    POWER_DELIVERY = "PowerDelivery"  # after the last PreCharge: PowerDelivery(Start)
    CHARGING = "DC_ChargeLoop"
    STOPPED = "Stopped"  # after PowerDelivery(Stop): WeldingDetection or SessionStop
    WELDING = "DC_WeldingDetection"
    ENDED = "Ended"


S = Iso20State


def dc_mode(ctx: SeccContext) -> EnergyMode:
    """The DC energy mode of the configuration that stands for the -20 DC service."""
    for mode in ctx.config.energy_modes:
        if mode.is_dc:
            return mode
    raise SessionError("FAILED_ServiceSelectionInvalid", "this SECC offers no DC service")


_NOTIFICATIONS = {
    Notification.STOP_CHARGING: c.evseNotificationType.Terminate,
    Notification.RENEGOTIATION: c.evseNotificationType.ScheduleRenegotiation,
}


@lru_cache(maxsize=64)
def evse_status(st: EvseStatus) -> c.EVSEStatusType | None:
    """The optional EVSEStatus: only when the EVSE has something to say (-20 has no 'None'
    notification); an emergency shutdown or a malfunction asks the EV to terminate."""
    note = _NOTIFICATIONS.get(st.notification)
    if note is None and (st.emergency_shutdown or st.malfunction):
        note = c.evseNotificationType.Terminate
    if note is None:
        return None
    return c.EVSEStatusType(NotificationMaxDelay=st.notification_max_delay, EVSENotification=note)


def control_mode_prefer(ctx: SeccContext, dynamic: bool) -> frozenset[str]:
    """The choices a minimal response takes: DC (not BPT), the session's control mode."""
    kind = "Dynamic" if dynamic else "Scheduled"
    names = (
        "DC_CPDResEnergyTransferMode",
        f"{kind}_DC_CLResControlMode",
        f"{kind}_SEResControlMode",
        "EIM_ASResAuthorizationMode",
    )
    # a choice is between element classes (substitution groups) or between types: name both
    return frozenset(names) | frozenset(f"{n}Type" for n in names)


__all__ = ["DC_SERVICE_ID", "FINISHED", "ONGOING", "PENDING", "RC", "RN", "SCHEMA", "S", "c", "d"]
