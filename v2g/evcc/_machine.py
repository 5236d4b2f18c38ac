"""What the EVCC tables of every protocol share: configuration, states, context, the step a handler
returns, and the protocol-neutral decisions (when to stop the loop, the Ongoing and overall limits).

Rules of the tables (``v2g.evcc.din.TABLE``, ``v2g.evcc.iso2.TABLE``):

1. A table maps ``(EvccState, response class)`` to a handler; the state names the request the EVCC
   is waiting on. Any other response ends the session (the EVCC got what it did not ask for).
2. A handler is ``(ctx, response, now) -> Step``: the next request (sent after ``delay`` seconds,
   which paces the Ongoing repeats and the charging loop) and the state it waits in, or the end.
3. The boundary checks the ResponseCode first: any ``FAILED*`` code ends the session with that code
   as the reason; every request runs under its message timeout (TIMING.md).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any

from v2g.apphand import DIN, ISO2, ISO20_AC, ISO20_DC, Protocol
from v2g.controller import EnergyMode, EvController, Schedule
from v2g.errors import EvccAbort


class EvccState(str, enum.Enum):
    SUPPORTED_APP_PROTOCOL = "SupportedAppProtocol"
    SESSION_SETUP = "SessionSetup"
    SERVICE_DISCOVERY = "ServiceDiscovery"
    SERVICE_DETAIL = "ServiceDetail"
    PAYMENT_SELECTION = "PaymentSelection"
    PAYMENT_DETAILS = "PaymentDetails"  # ISO 15118-2 Plug & Charge
    CERTIFICATE_INSTALLATION = "CertificateInstallation"
    CERTIFICATE_UPDATE = "CertificateUpdate"
    AUTHORIZATION_SETUP = "AuthorizationSetup"  # ISO 15118-20
    AUTHORIZATION = "Authorization"
    SERVICE_SELECTION = "ServiceSelection"  # ISO 15118-20
    VEHICLE_CHECK_IN = "VehicleCheckIn"  # ISO 15118-20 parking
    VEHICLE_CHECK_OUT = "VehicleCheckOut"
    CHARGE_PARAMETER = "ChargeParameterDiscovery"
    SCHEDULE_EXCHANGE = "ScheduleExchange"  # ISO 15118-20
    CABLE_CHECK = "CableCheck"
    PRE_CHARGE = "PreCharge"
    POWER_DELIVERY_START = "PowerDeliveryStart"
    CHARGING = "Charging"
    METERING_RECEIPT = "MeteringReceipt"  # ISO 15118-2 Plug & Charge
    POWER_DELIVERY_RENEGOTIATE = "PowerDeliveryRenegotiate"
    POWER_DELIVERY_STANDBY = "PowerDeliveryStandby"  # ISO 15118-20
    STANDBY = "Standby"  # ISO 15118-20: the loop with no energy
    POWER_DELIVERY_STOP = "PowerDeliveryStop"
    WELDING = "WeldingDetection"
    SESSION_STOP = "SessionStop"
    ENDED = "Ended"


# message timeouts, TIMING.md
DIN_TIMEOUTS: dict[str, float] = {"CurrentDemand": 0.25}
ISO2_TIMEOUTS: dict[str, float] = {
    "CurrentDemand": 0.25,
    "ServiceDetail": 5.0,
    "PaymentDetails": 5.0,
    "PowerDelivery": 5.0,
    "CertificateInstallation": 5.0,
    "CertificateUpdate": 5.0,
}
ISO20_TIMEOUTS: dict[str, float] = {
    "ServiceDetail": 5.0,
    "CertificateInstallation": 5.0,
    "DC_ChargeLoop": 0.5,
    "AC_ChargeLoop": 0.5,
}


@dataclass(frozen=True, slots=True)
class EvccTimeouts:
    communication_setup: float = 20.0
    supported_app_protocol: float = 2.0
    default_message: float = 2.0
    din_messages: dict[str, float] = field(default_factory=lambda: dict(DIN_TIMEOUTS))
    iso2_messages: dict[str, float] = field(default_factory=lambda: dict(ISO2_TIMEOUTS))
    iso20_messages: dict[str, float] = field(default_factory=lambda: dict(ISO20_TIMEOUTS))
    ongoing: float = 60.0
    """V2G_EVCC_Ongoing_Timeout."""
    cable_check: float = 40.0
    pre_charge: float = 7.0
    iso20_pre_charge: float = 10.0
    """ISO 15118-20 PreCharge overall (TIMING.md, ISO 15118-20 table: 10 s; DIN and -2: 7 s)."""
    ready_to_charge: float = 150.0
    """DIN 70121 V2G_EVCC_ReadyToCharge_Timeout (Table 77): from plug-in (the session's start) to the
    PowerDeliveryReq with ReadyToChargeState=TRUE; the EVCC gives the session up when it passes."""

    def message(self, schema: str, request: str) -> float:
        if schema.startswith("iso20"):
            table = self.iso20_messages
        else:
            table = self.din_messages if schema == "din" else self.iso2_messages
        return table.get(request.removesuffix("Req"), self.default_message)

    def with_loop_timeout(self, seconds: float) -> EvccTimeouts:
        """The same timeouts but ``seconds`` for each charging-loop answer (CurrentDemand; the -20
        ChargeLoops) instead of the standard's 0.25 s / 0.5 s: for testing against a slow peer (a
        simulator whose codec takes longer), never what a car does."""
        loops = ("CurrentDemand", "DC_ChargeLoop", "AC_ChargeLoop")

        def table(old: dict[str, float]) -> dict[str, float]:
            return {k: seconds if k in loops else v for k, v in old.items()}

        return replace(self, din_messages=table(self.din_messages), iso2_messages=table(self.iso2_messages),
                       iso20_messages=table(self.iso20_messages))


@dataclass(frozen=True)
class EvccConfig:
    protocols: tuple[Protocol, ...] = (ISO2, DIN)
    """Offered in this order (priority 1 first)."""
    energy_mode: EnergyMode = EnergyMode.DC_EXTENDED
    charging_loop_cycles: int | None = None
    """Stop after this many CurrentDemand / ChargingStatus cycles (None: when the EV is full)."""
    target_soc: float | None = None
    """Stop when the battery reaches this SoC (None: the controller's ``charging_complete``)."""
    pause: bool = False
    """End with SessionStop(Pause) instead of Terminate (ISO 15118-2 only)."""
    resume_session_id: bytes | None = None
    """Offer this SessionID in SessionSetupReq to resume a paused session."""
    service_details: tuple[int, ...] = ()
    """ServiceIDs to ask ServiceDetail for, when the SECC offers them (ISO 15118-2); none by
    default: the charge service needs no details."""
    standby_after: int | None = None
    """ISO 15118-20: PowerDelivery(Standby) after this many loop cycles (None: never); the EV then
    loops with no energy until the EVSE says ExitStandby or ``standby_cycles`` have passed."""
    standby_cycles: int = 3
    renegotiate_after: int | None = None
    """EV-initiated renegotiation (ISO 15118-2 PowerDelivery(Renegotiate)) after this many cycles."""
    loop_interval: float = 0.05
    """Pause between two charging-loop requests."""
    ongoing_interval: float = 0.1
    """Pause before repeating a request answered Ongoing (and between PreCharge requests)."""
    precharge_tolerance: float = 10.0
    """PreCharge ends once the EVSE's present voltage is this close to the target (V)."""
    welding_voltage: float = 60.0
    """WeldingDetection ends once the present voltage is below this (V)."""
    timeouts: EvccTimeouts = EvccTimeouts()
    specs: tuple[Any, ...] = ()
    """Protocols beside the built-in DIN 70121, ISO 15118-2 and ISO 15118-20 DC / AC Scheduled
    (:class:`v2g.evcc.EvccSpec`; one whose namespace is built in replaces it, e.g. the -20 Dynamic
    mode). List their ``Protocol`` in ``protocols`` too."""
    trace: bool = True
    """Keep a TraceRecord of every message (``next_trace``)."""
    contract: Any = None
    """Plug & Charge (ISO 15118-2): the car's :class:`v2g.evcc.pnc.ContractCredentials`; used only
    over TLS while valid, else the EVCC selects ExternalPayment."""
    provisioning: Any = None
    """Plug & Charge: the car's OEM provisioning credentials (:class:`v2g.evcc.pnc.Provisioning`):
    with them, a car without a valid contract installs one (CertificateInstallation)."""
    renew_days: float = 30.0
    """A contract that expires within this many days is renewed first (CertificateUpdate)."""
    sign_receipts: bool = True
    """Answer ReceiptRequired with a signed MeteringReceiptReq (False: a car that skips them and
    sends its next loop request, as some do in DC)."""

    def __post_init__(self) -> None:
        extra = {spec.namespace for spec in self.specs}
        for p in self.protocols:
            if p not in (DIN, ISO2, ISO20_DC, ISO20_AC) and p.namespace not in extra:
                raise ValueError(f"protocol {p.namespace} is not implemented")
        if DIN in self.protocols and not self.energy_mode.is_dc and self.protocols == (DIN,):
            raise ValueError("DIN 70121 is DC only")


@dataclass(frozen=True, slots=True)
class EvccResult:
    ok: bool
    reason: str
    protocol: str | None
    session_id: bytes | None
    loop_count: int
    final_soc: int
    paused: bool


@dataclass
class EvccContext:
    config: EvccConfig
    controller: EvController
    protocol: str = ""
    session_id: bytes = b""
    resumed: bool = False
    evse_id: str = ""
    schedules: tuple[Schedule, ...] = ()
    schedule: Schedule | None = None
    evse_max_current: float = 0.0
    evse_max_power: float = 0.0
    evse_max_voltage: float = 0.0
    nominal_voltage: float = 230.0
    loop_count: int = 0
    renegotiations: int = 0
    ongoing_started: float | None = None
    cable_check_started: float | None = None
    pre_charge_started: float | None = None
    pre_charge_hold: bool = False
    """Keep sending PreChargeReq although the voltage is reached (``EvccSession.hold_pre_charge``)."""
    pre_charge_finished: bool = False
    """ISO 15118-20: the PreCharge with EVProcessing Finished was sent (PowerDelivery comes next)."""
    welding_count: int = 0
    control_mode: str = ""
    """ISO 15118-20: the control mode the EV selects ("Scheduled", "Dynamic")."""
    mobility_needs_mode: int = 1
    """ISO 15118-20: of the selected parameter set (2: the charger gives the targets)."""
    evse_max_discharge_current: float = 0.0
    evse_max_discharge_power: float = 0.0
    service_renegotiation: bool = False
    standby: bool = False
    """ISO 15118-20: in a standby period (the loop requests ask for no energy)."""
    standby_count: int = 0
    service_id: int = 0
    """ISO 15118-20: the energy service selected (0 before ServiceDiscovery: the spec's)."""
    service_renegotiation_supported: bool | None = None
    """ISO 15118-20: ServiceRenegotiationSupported of the first ServiceDiscoveryRes ([V2G20-1480])."""
    """ISO 15118-20: the EVSE asked for a service renegotiation; the stop sequence ends with
    SessionStop(ServiceRenegotiation) and the session goes on from ServiceDiscovery."""
    stop_reason: str = ""
    paused: bool = False
    present_voltage: float = 0.0
    present_current: float = 0.0
    evse_notifications: list[str] = field(default_factory=list)
    stop_requested: str = ""
    """Why the user (or the tester) asked the EV to stop (``EvccSession.request_stop``)."""
    details_wanted: list[int] = field(default_factory=list)
    detail_asked: int = 0
    refused_details: list[tuple[int, str]] = field(default_factory=list)
    """(ServiceID, ResponseCode) of ServiceDetail requests the SECC refused."""
    tls: bool = False
    """The connection is TLS (the runner knows; Contract payment needs it)."""
    payment: str = "ExternalPayment"
    gen_challenge: bytes = b""
    receipts_signed: int = 0
    contract: Any = None
    """The contract in use (``EvccConfig.contract``, or the one installed in this session)."""
    installed: Any = None
    """A contract installed or updated in this session (the caller stores it)."""
    installed_contracts: list[Any] = field(default_factory=list)
    """ISO 15118-20: every contract installed in this session, in order (the first is used)."""
    last_meter_info: Any = None
    """ISO 15118-20: the MeterInfo of the last loop response (the final MeteringConfirmation's)."""
    final_confirmation: bool = False
    """ISO 15118-20: the MeteringConfirmation after PowerDelivery(Stop) was sent."""
    tariff_note: str = ""
    """Plug & Charge: what became of the SalesTariff signature (verified, not signed)."""
    contract_note: str = ""
    """Plug & Charge: what the SECC said of the contract (ISO 15118-20 OK_CertificateExpiresSoon)."""


@dataclass(slots=True)
class Step:
    request: Any = None
    """The next request body (None: the session is over)."""
    state: EvccState = EvccState.ENDED
    delay: float = 0.0
    reason: str = ""
    """Why the session ended (with ``request`` None)."""
    sign: tuple[str, ...] = ()
    """Ids of body elements to sign (Plug & Charge), in the message header."""
    key: Any = None
    """The key to sign them with (None: the contract key)."""


# ------------------------------------------------------------------------------ shared decisions


def ongoing(ctx: EvccContext, now: float, what: str) -> None:
    """Another Ongoing answer: abort once V2G_EVCC_Ongoing_Timeout has passed."""
    if ctx.ongoing_started is None:
        ctx.ongoing_started = now
    elif now - ctx.ongoing_started >= ctx.config.timeouts.ongoing:
        raise EvccAbort(f"{what}: EVSEProcessing Ongoing for longer than {ctx.config.timeouts.ongoing} s")


def finished(ctx: EvccContext) -> None:
    ctx.ongoing_started = None


def cable_check_ongoing(ctx: EvccContext, now: float) -> None:
    if ctx.cable_check_started is None:
        ctx.cable_check_started = now
    elif now - ctx.cable_check_started >= ctx.config.timeouts.cable_check:
        raise EvccAbort("cable check took longer than the CableCheck limit")


def pre_charge_reached(ctx: EvccContext, present: float, target: float, now: float) -> bool:
    """The EVSE's output matches the target (and nothing holds PreCharge: a CHAdeMO bridge keeps it
    going until the car's contactors close, CHADEMO.md §9); the PreCharge limit applies either way."""
    if abs(present - target) <= ctx.config.precharge_tolerance and not ctx.pre_charge_hold:
        return True
    t = ctx.config.timeouts
    limit = t.iso20_pre_charge if ctx.protocol.startswith("iso20") else t.pre_charge
    if ctx.pre_charge_started is None:
        ctx.pre_charge_started = now
    elif now - ctx.pre_charge_started >= limit:
        raise EvccAbort(f"pre-charge did not reach {target:.0f} V within the PreCharge limit")
    return False


def want_stop(ctx: EvccContext, now: float) -> str | None:
    """Why the EV ends the charging loop now, or None to go on."""
    cfg = ctx.config
    if ctx.stop_requested:
        return ctx.stop_requested
    if cfg.charging_loop_cycles is not None and ctx.loop_count >= cfg.charging_loop_cycles:
        return f"{ctx.loop_count} charging-loop cycles done"
    if cfg.target_soc is not None:
        if ctx.controller.soc(now) >= cfg.target_soc:
            return f"target SoC {cfg.target_soc:.0f} % reached"
    elif ctx.controller.charging_complete(now):
        return "battery full"
    return None


def want_renegotiation(ctx: EvccContext) -> bool:
    n = ctx.config.renegotiate_after
    return n is not None and ctx.renegotiations == 0 and ctx.loop_count >= n


def choose(ctx: EvccContext, schedules: tuple[Schedule, ...]) -> Schedule:
    if not schedules:
        raise EvccAbort("no SAScheduleTuple offered")
    ctx.schedules = schedules
    ctx.schedule = ctx.controller.choose_schedule(schedules)
    return ctx.schedule
