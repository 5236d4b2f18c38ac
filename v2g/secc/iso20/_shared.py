"""What the ISO 15118-20 SECC handlers share: the states, constants, the placeholder header, the
RationalNumber and status builders, and which service (DC or AC) the session's namespace stands for."""

from __future__ import annotations

import enum
from functools import lru_cache

from exi.iso20 import generated_types as c
from exi.iso20_ac import generated_types as a
from exi.iso20_dc import generated_types as d
from v2g._rational import rn_converter
from v2g.controller import EnergyMode, EvseStatus, Notification
from v2g.errors import SessionError
from v2g.secc._machine import SeccContext

SCHEMA = "iso20"
AC_NAME = "iso20-ac"
"""The name of the AC spec (``SeccContext.protocol``): the handlers shared by DC and AC read the
session's service from it (the SupportedAppProtocol namespace decides DC or AC in -20)."""
RC = c.responseCodeType
FINISHED = c.processingType.Finished
ONGOING = c.processingType.Ongoing
WAITING = c.processingType.Ongoing_WaitingForCustomerInteraction
DC_SERVICE_ID = 2
"""ISO 15118-20 energy transfer service 2: DC charging (service 6 is DC with bidirectional power)."""
AC_SERVICE_ID = 1
"""ISO 15118-20 energy transfer service 1: AC charging (service 5 is AC with bidirectional power)."""
NOMINAL_FREQUENCY = 50.0
"""EVSENominalFrequency of the AC service (Hz): the power stage interface has no frequency yet."""
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
    CHARGE_PARAMETER = "ChargeParameterDiscovery"  # DC_ or AC_ChargeParameterDiscovery
    SCHEDULE_EXCHANGE = "ScheduleExchange"
    CABLE_CHECK = "DC_CableCheck"
    PRE_CHARGE = "DC_PreCharge"  # PreCharge until the EV reports EVProcessing Finished
    POWER_DELIVERY = "PowerDelivery"  # DC after the last PreCharge, AC after ScheduleExchange
    CHARGING = "ChargeLoop"  # DC_ or AC_ChargeLoop
    STOPPED = "Stopped"  # after PowerDelivery(Stop): DC WeldingDetection, or SessionStop
    WELDING = "DC_WeldingDetection"
    ENDED = "Ended"


S = Iso20State


def is_ac(ctx: SeccContext) -> bool:
    """Whether the session runs the AC spec (namespace NS_ISO20_AC)."""
    return ctx.protocol == AC_NAME


def service_id(ctx: SeccContext) -> int:
    """The energy transfer service of the session's namespace: 1 (AC) or 2 (DC)."""
    return AC_SERVICE_ID if is_ac(ctx) else DC_SERVICE_ID


def dc_mode(ctx: SeccContext) -> EnergyMode:
    """The DC energy mode of the configuration that stands for the -20 DC service."""
    for mode in ctx.config.energy_modes:
        if mode.is_dc:
            return mode
    raise SessionError("FAILED_ServiceSelectionInvalid", "this SECC offers no DC service")


def ac_mode(ctx: SeccContext) -> EnergyMode:
    """The AC energy mode of the configuration (three-phase before single-phase) that stands for
    the -20 AC service."""
    modes = [m for m in ctx.config.energy_modes if not m.is_dc]
    if not modes:
        raise SessionError("FAILED_ServiceSelectionInvalid", "this SECC offers no AC service")
    return EnergyMode.AC_THREE_PHASE if EnergyMode.AC_THREE_PHASE in modes else modes[0]


def energy_mode(ctx: SeccContext) -> EnergyMode:
    """The configured energy mode behind the session's service (FAILED_ServiceSelectionInvalid
    when the SECC has none)."""
    return ac_mode(ctx) if is_ac(ctx) else dc_mode(ctx)


def phases(mode: EnergyMode | None) -> int:
    return 3 if mode is EnergyMode.AC_THREE_PHASE else 1


_NOTIFICATIONS = {
    Notification.STOP_CHARGING: c.evseNotificationType.Terminate,
    Notification.RENEGOTIATION: c.evseNotificationType.ScheduleRenegotiation,
}


@lru_cache(maxsize=64)
def evse_status(st: EvseStatus) -> c.EVSEStatusType | None:
    """The optional EVSEStatus: only when the EVSE has something to say (-20 has no 'None'
    notification); an emergency shutdown, a malfunction or a tripped RCD asks the EV to terminate."""
    note = _NOTIFICATIONS.get(st.notification)
    if note is None and (st.emergency_shutdown or st.malfunction or st.rcd_error):
        note = c.evseNotificationType.Terminate
    if note is None:
        return None
    return c.EVSEStatusType(NotificationMaxDelay=st.notification_max_delay, EVSENotification=note)


def control_mode_prefer(ctx: SeccContext, dynamic: bool) -> frozenset[str]:
    """The choices a minimal response takes: DC or AC (not BPT), the session's control mode (each
    response has only its own service's choices, so both services' names can be given)."""
    kind = "Dynamic" if dynamic else "Scheduled"
    names = (
        "DC_CPDResEnergyTransferMode",
        "AC_CPDResEnergyTransferMode",
        f"{kind}_DC_CLResControlMode",
        f"{kind}_AC_CLResControlMode",
        f"{kind}_SEResControlMode",
        "EIM_ASResAuthorizationMode",
    )
    # a choice is between element classes (substitution groups) or between types: name both
    return frozenset(names) | frozenset(f"{n}Type" for n in names)


__all__ = [
    "AC_SERVICE_ID",
    "DC_SERVICE_ID",
    "FINISHED",
    "ONGOING",
    "PENDING",
    "RC",
    "RN",
    "SCHEMA",
    "S",
    "a",
    "c",
    "d",
]
