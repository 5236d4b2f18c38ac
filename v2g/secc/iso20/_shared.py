"""What the ISO 15118-20 SECC handlers share: the states, constants, the placeholder header, the
RationalNumber and status builders, and which service (DC or AC) the session's namespace stands for."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
session's offer from it (the SupportedAppProtocol namespace decides DC or AC in -20; the spec
decides whether the BPT service is offered beside it and which control modes)."""
RC = c.responseCodeType
FINISHED = c.processingType.Finished
ONGOING = c.processingType.Ongoing
WAITING = c.processingType.Ongoing_WaitingForCustomerInteraction
DC_SERVICE_ID = 2
"""ISO 15118-20 energy transfer service 2: DC charging."""
AC_SERVICE_ID = 1
"""ISO 15118-20 energy transfer service 1: AC charging."""
AC_BPT_SERVICE_ID = 5
"""ISO 15118-20 energy transfer service 5: AC with bidirectional power transfer."""
DC_BPT_SERVICE_ID = 6
"""ISO 15118-20 energy transfer service 6: DC with bidirectional power transfer."""
BPT_SERVICES = frozenset({AC_BPT_SERVICE_ID, DC_BPT_SERVICE_ID})
NOMINAL_FREQUENCY = 50.0
"""EVSENominalFrequency of the AC service (Hz): the power stage interface has no frequency yet."""
SCHEDULED_SET = 1
DYNAMIC_SET = 2
SECC_NEEDS_SET = 3
"""The parameter sets this SECC offers for each service: 1 ControlMode 1 (Scheduled), 2
ControlMode 2 (Dynamic), both with MobilityNeedsMode 1 (the EV's needs); 3 Dynamic with
MobilityNeedsMode 2 (the charger provides departure time, target and minimum SoC)."""
CONTROL_OF_SET = {SCHEDULED_SET: "Scheduled", DYNAMIC_SET: "Dynamic", SECC_NEEDS_SET: "Dynamic"}


@dataclass(frozen=True, slots=True)
class Offer:
    """What a spec offers: energy services (in ServiceDiscoveryRes order) and control modes."""

    services: tuple[int, ...]
    control_modes: tuple[str, ...] = ("Scheduled", "Dynamic")
    service_renegotiation: bool = True
    """ServiceRenegotiationSupported of ServiceDiscoveryRes (the operator's policy)."""

    @property
    def ac(self) -> bool:
        return AC_SERVICE_ID in self.services or AC_BPT_SERVICE_ID in self.services

    def parameter_sets(self) -> tuple[int, ...]:
        return tuple(i for i, mode in CONTROL_OF_SET.items() if mode in self.control_modes)


SERVICE_NAMES = {
    "dc": (DC_SERVICE_ID,),
    "ac": (AC_SERVICE_ID,),
    "dc_bpt": (DC_BPT_SERVICE_ID, DC_SERVICE_ID),
    "ac_bpt": (AC_BPT_SERVICE_ID, AC_SERVICE_ID),
}
"""Service name (as the CLI spells it) -> the services a spec of that name offers: a BPT charger
offers its bidirectional service first and the plain one beside it (for cars without BPT)."""
CONTROLS = {"any": ("Scheduled", "Dynamic"), "scheduled": ("Scheduled",), "dynamic": ("Dynamic",)}


def spec_name(service: str, control: str = "any") -> str:
    """The spec name of (service, control): ``iso20`` (DC, any), ``iso20-ac``, ``iso20-dc_bpt``,
    ``iso20-ac_bpt``, with ``/scheduled`` or ``/dynamic`` when one control mode only."""
    base = {"dc": SCHEMA, "ac": AC_NAME}.get(service, f"{SCHEMA}-{service}")
    return base if control == "any" else f"{base}/{control}"


OFFERS: dict[str, Offer] = {
    spec_name(service, control): Offer(SERVICE_NAMES[service], modes)
    for service in SERVICE_NAMES
    for control, modes in CONTROLS.items()
}
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
    STANDBY = "Standby"  # after PowerDelivery(Standby): no energy until PowerDelivery(Start)
    STOPPED = "Stopped"  # after PowerDelivery(Stop): DC WeldingDetection, or SessionStop
    WELDING = "DC_WeldingDetection"
    ENDED = "Ended"


S = Iso20State


def in_standby(ctx: SeccContext) -> bool:
    """Whether the request arrived in Standby (the boundary keeps the -20 state in ``ctx.state``)."""
    state: object = ctx.state
    return state is S.STANDBY


def offer(ctx: SeccContext) -> Offer:
    """What the session's spec offers (a spec registered under another name: DC, both modes)."""
    return OFFERS.get(ctx.protocol) or OFFERS[SCHEMA]


def is_ac(ctx: SeccContext) -> bool:
    """Whether the session runs an AC spec (namespace NS_ISO20_AC)."""
    return offer(ctx).ac


def is_bpt(ctx: SeccContext) -> bool:
    """Whether the EV selected a bidirectional service (5 AC_BPT, 6 DC_BPT)."""
    return ctx.service_id in BPT_SERVICES


def checked_mode(ctx: SeccContext, mode: object, modes: Mapping[tuple[bool, bool], type]) -> Any:
    """The loop request's control mode must be the session's (BPT in a BPT service, else not);
    ``modes`` maps (BPT, Dynamic) to the AC or DC namespace's control-mode type."""
    bpt, dynamic = is_bpt(ctx), ctx.control_mode == "Dynamic"
    wanted = modes[bpt, dynamic]
    bpt_modes = (modes[True, False], modes[True, True])
    if not isinstance(mode, wanted) or (not bpt and isinstance(mode, bpt_modes)):
        name = wanted.__name__.removesuffix("Type")
        raise SessionError("FAILED_WrongChargeParameter", f"the session's control mode needs {name}")
    return mode


def service_id(ctx: SeccContext) -> int:
    """The selected energy transfer service (before ServiceSelection: the first one offered)."""
    return ctx.service_id or offer(ctx).services[0]


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


_ISO20_ONLY = {
    "ServiceRenegotiation": c.evseNotificationType.ServiceRenegotiation,
    "ExitStandby": c.evseNotificationType.ExitStandby,
}


@lru_cache(maxsize=64)
def evse_status(st: EvseStatus) -> c.EVSEStatusType | None:
    """The optional EVSEStatus: only when the EVSE has something to say (-20 has no 'None'
    notification); an emergency shutdown, a malfunction or a tripped RCD asks the EV to terminate
    ([V2G20-1698]). The loop responses carry it (ServiceRenegotiation only there, [V2G20-1641])."""
    note = _NOTIFICATIONS.get(st.notification)
    if note is None and (st.emergency_shutdown or st.malfunction or st.rcd_error):
        note = c.evseNotificationType.Terminate
    if note is None and st.iso20_notification in _ISO20_ONLY:
        note = _ISO20_ONLY[st.iso20_notification]
    if note is None:
        return None
    return c.EVSEStatusType(NotificationMaxDelay=st.notification_max_delay, EVSENotification=note)


def control_mode_prefer(ctx: SeccContext, dynamic: bool) -> frozenset[str]:
    """The choices a minimal response takes: the session's service (BPT or not) and control mode
    (each response has only its own service's choices, so DC and AC names can both be given)."""
    kind = "Dynamic" if dynamic else "Scheduled"
    bpt = "BPT_" if is_bpt(ctx) else ""
    names = (
        f"{bpt}DC_CPDResEnergyTransferMode",
        f"{bpt}AC_CPDResEnergyTransferMode",
        f"{bpt}{kind}_DC_CLResControlMode",
        f"{bpt}{kind}_AC_CLResControlMode",
        f"{kind}_SEResControlMode",
        "EIM_ASResAuthorizationMode",
    )
    # a choice is between element classes (substitution groups) or between types: name both
    return frozenset(names) | frozenset(f"{n}Type" for n in names)


__all__ = [
    "AC_BPT_SERVICE_ID",
    "AC_SERVICE_ID",
    "DC_BPT_SERVICE_ID",
    "DC_SERVICE_ID",
    "FINISHED",
    "OFFERS",
    "ONGOING",
    "PENDING",
    "RC",
    "RN",
    "SCHEMA",
    "Offer",
    "S",
    "a",
    "c",
    "d",
]
