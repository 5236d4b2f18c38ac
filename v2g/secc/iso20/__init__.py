"""ISO 15118-20 SECC: the energy services DC (2), AC (1), DC_BPT (6) and AC_BPT (5), external
identification means, Scheduled (parameter set 1) or Dynamic (sets 2 and 3; 3: the charger's
mobility needs) control mode: one transition table for every service (the DC and AC routes
guarded by the selected service) and the specs (:data:`SPECS` by (service, control); :data:`SPEC`
and :data:`AC_SPEC` are the plain DC and AC ones). Handlers: :mod:`.setup` (SessionSetup to
ScheduleExchange), :mod:`.power` (DC power, PowerDelivery, SessionStop), :mod:`.ac` (AC),
:mod:`.bpt` (discharge limits, the Dynamic targets), :mod:`.progress` (Standby, schedule and
service renegotiation); what they share in :mod:`._shared`.

Sequence: SessionSetup -> AuthorizationSetup -> Authorization (Ongoing until authorised) ->
ServiceDiscovery -> ServiceDetail* -> ServiceSelection -> DC_ChargeParameterDiscovery ->
ScheduleExchange (Ongoing until schedules) -> DC_CableCheck (Ongoing) -> DC_PreCharge* (until the
EV reports EVProcessing Finished) -> PowerDelivery(Start)+ (repeated while the EV reports
EVProcessing Ongoing; power on with Finished) -> DC_ChargeLoop* -> PowerDelivery(Stop)
-> DC_WeldingDetection* -> SessionStop(Terminate | Pause | ServiceRenegotiation: back to
ServiceDiscovery). From the loop also PowerDelivery(Standby) (-> Standby -> Start) and
PowerDelivery(ScheduleRenegotiation) (-> ScheduleExchange -> PowerDelivery(Start)).

AC: ... ServiceSelection -> AC_ChargeParameterDiscovery -> ScheduleExchange -> PowerDelivery(Start)+
-> AC_ChargeLoop* -> PowerDelivery(Stop) -> SessionStop (no cable check, pre-charge or welding).

Not a built-in protocol: ISO 15118-20 is only allowed over TLS 1.3 with mutual authentication;
pass a spec in ``SeccConfig(specs=...)`` with ``apphand.Protocol(NS_ISO20_DC, 1, 0)`` (or
``NS_ISO20_AC``) in ``protocols`` to run it (the tests do). Plug & Charge authorization: :mod:`.pnc`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from v2g.apphand import NS_ISO20_AC, NS_ISO20_DC
from v2g.envelope import HeaderEnvelope
from v2g.minimal import failed_response
from v2g.secc._machine import AC_SESSION, DC_SESSION, SeccContext, pair_responses
from v2g.secc._spec import Event, Guard, Route, SeccSpec
from v2g.secc.iso20._shared import (
    AC_NAME,
    CONTROLS,
    RC,
    SCHEMA,
    SERVICE_NAMES,
    Iso20State,
    S,
    a,
    c,
    control_mode_prefer,
    d,
    spec_name,
)
from v2g.secc.iso20.ac import ac_charge_loop, ac_charge_parameter_discovery
from v2g.secc.iso20.certs import certificate_installation
from v2g.secc.iso20.metering import metering_confirmation
from v2g.secc.iso20.parking import vehicle_check_in, vehicle_check_out
from v2g.secc.iso20.power import (
    cable_check_handler,
    charge_loop,
    power_delivery_start,
    power_delivery_stop,
    pre_charge,
    session_stop,
    welding_detection,
)
from v2g.secc.iso20.progress import power_delivery_renegotiation, power_delivery_standby
from v2g.secc.iso20.setup import (
    authorization,
    authorization_setup,
    charge_parameter_discovery,
    schedule_exchange,
    service_detail,
    service_discovery,
    service_selection,
    session_setup,
)

__all__ = ["AC_SPEC", "RC", "SCHEMA", "SPEC", "SPECS", "TABLE", "Iso20State", "event"]


def event(body: object) -> Event:
    """PowerDeliveryReq is one event per ChargeProgress (Start, Stop, Standby,
    ScheduleRenegotiation)."""
    if isinstance(body, c.PowerDeliveryReq):
        return (c.PowerDeliveryReq, body.ChargeProgress.value)
    return type(body)


START = (c.PowerDeliveryReq, "Start")
STOP = (c.PowerDeliveryReq, "Stop")
STANDBY = (c.PowerDeliveryReq, "Standby")
RENEGOTIATE = (c.PowerDeliveryReq, "ScheduleRenegotiation")
POWERED = Guard(
    "an AC session or a DC session past its pre-charge", lambda ctx: not ctx.dc or ctx.loop_count > 0
)
UNPOWERED = Guard("a DC session before its pre-charge", lambda ctx: ctx.dc and not ctx.power_started)

TABLE: dict[tuple[Iso20State, Event], Route] = {
    (S.SESSION_SETUP, c.SessionSetupReq): Route(session_setup, S.AUTHORIZATION_SETUP),
    (S.AUTHORIZATION_SETUP, c.AuthorizationSetupReq): Route(authorization_setup, S.AUTHORIZATION),
    (S.AUTHORIZATION, c.AuthorizationReq): Route(authorization, S.SERVICE_DISCOVERY),
    # PnC: CertificateInstallation between AuthorizationSetup and Authorization, repeatable (.certs)
    (S.AUTHORIZATION, c.CertificateInstallationReq): Route(certificate_installation, S.AUTHORIZATION),
    (S.SERVICE_DISCOVERY, c.ServiceDiscoveryReq): Route(service_discovery, S.SERVICE_DETAIL),
    (S.SERVICE_DETAIL, c.ServiceDetailReq): Route(service_detail, S.SERVICE_DETAIL),
    (S.SERVICE_DETAIL, c.ServiceSelectionReq): Route(service_selection, S.CHARGE_PARAMETER),
    (S.CHARGE_PARAMETER, d.DC_ChargeParameterDiscoveryReq): Route(
        charge_parameter_discovery, S.SCHEDULE_EXCHANGE, DC_SESSION
    ),
    (S.CHARGE_PARAMETER, a.AC_ChargeParameterDiscoveryReq): Route(
        ac_charge_parameter_discovery, S.SCHEDULE_EXCHANGE, AC_SESSION
    ),
    # the handler goes on to CableCheck (DC) or PowerDelivery (AC)
    (S.SCHEDULE_EXCHANGE, c.ScheduleExchangeReq): Route(schedule_exchange, S.CABLE_CHECK),
    (S.CABLE_CHECK, d.DC_CableCheckReq): Route(cable_check_handler, S.PRE_CHARGE, DC_SESSION),
    (S.PRE_CHARGE, d.DC_PreChargeReq): Route(pre_charge, S.POWER_DELIVERY, DC_SESSION),
    (S.POWER_DELIVERY, START): Route(power_delivery_start, S.CHARGING),
    (S.POWER_DELIVERY, STOP): Route(power_delivery_stop, S.STOPPED),
    (S.CHARGING, d.DC_ChargeLoopReq): Route(charge_loop, S.CHARGING, DC_SESSION),
    (S.CHARGING, a.AC_ChargeLoopReq): Route(ac_charge_loop, S.CHARGING, AC_SESSION),
    (S.CHARGING, STOP): Route(power_delivery_stop, S.STOPPED),
    (S.CHARGING, STANDBY): Route(power_delivery_standby, S.STANDBY),
    (S.CHARGING, RENEGOTIATE): Route(power_delivery_renegotiation, S.SCHEDULE_EXCHANGE),
    # [V2G20-1390] an EV may stand by right after ScheduleExchange, before its cable check
    (S.CABLE_CHECK, STANDBY): Route(power_delivery_standby, S.STANDBY, DC_SESSION),
    (S.POWER_DELIVERY, STANDBY): Route(power_delivery_standby, S.STANDBY),
    # [V2G20-2192], [V2G20-1391]: the charging loop goes on in standby (no energy)
    (S.STANDBY, d.DC_ChargeLoopReq): Route(charge_loop, S.STANDBY, DC_SESSION),
    (S.STANDBY, a.AC_ChargeLoopReq): Route(ac_charge_loop, S.STANDBY, AC_SESSION),
    # [V2G20-1386] Start, Stop or a schedule renegotiation ends the standby
    (S.STANDBY, START): Route(power_delivery_start, S.CHARGING, POWERED),
    (S.STANDBY, RENEGOTIATE): Route(power_delivery_renegotiation, S.SCHEDULE_EXCHANGE, POWERED),
    (S.STANDBY, d.DC_CableCheckReq): Route(cable_check_handler, S.PRE_CHARGE, UNPOWERED),
    (S.STANDBY, STOP): Route(power_delivery_stop, S.STOPPED),
    # parking: VehicleCheckIn between ServiceSelection and ChargeParameterDiscovery (repeatable),
    # VehicleCheckOut after PowerDelivery(Stop) (DC: also after WeldingDetection), before SessionStop
    (S.CHARGE_PARAMETER, c.VehicleCheckInReq): Route(vehicle_check_in, S.CHARGE_PARAMETER),
    (S.STOPPED, c.VehicleCheckOutReq): Route(vehicle_check_out, S.STOPPED),
    (S.WELDING, c.VehicleCheckOutReq): Route(vehicle_check_out, S.WELDING),
    # PnC: the EV's MeteringConfirmation after the notification in a loop response
    (S.CHARGING, c.MeteringConfirmationReq): Route(metering_confirmation, S.CHARGING),
    (S.STANDBY, c.MeteringConfirmationReq): Route(metering_confirmation, S.STANDBY),
    (S.STOPPED, c.MeteringConfirmationReq): Route(metering_confirmation, S.STOPPED),  # the final one
    (S.STOPPED, d.DC_WeldingDetectionReq): Route(welding_detection, S.WELDING, DC_SESSION),
    (S.WELDING, d.DC_WeldingDetectionReq): Route(welding_detection, S.WELDING, DC_SESSION),
    **{
        (state, c.SessionStopReq): Route(session_stop, S.ENDED)
        for state in (
            S.AUTHORIZATION_SETUP,
            S.AUTHORIZATION,
            S.SERVICE_DISCOVERY,
            S.SERVICE_DETAIL,
            S.CHARGE_PARAMETER,
            S.SCHEDULE_EXCHANGE,
            S.CABLE_CHECK,
            S.PRE_CHARGE,
            S.POWER_DELIVERY,
            S.STANDBY,
            S.STOPPED,
            S.WELDING,
        )
    },
}
"""The ISO 15118-20 DC and AC sequences: (state, event) -> route; every other pair, or a route
whose guard fails (a DC request in an AC session or the reverse), is answered with the paired
response carrying FAILED_SequenceError, and the session ends. An AC spec session cannot even read
a DC message (its envelope reads the common and AC payload types only), nor the reverse."""


LOOP_RESPONSES = (d.DC_ChargeLoopRes, a.AC_ChargeLoopRes)
"""After these the SECC waits 0.5 s for the next request (SeccTimeouts.iso20_charge_loop, Tables
216 and 217: [V2G20-1500], [V2G20-1502]); after any other response 60 s (Table 215)."""


def _minimal(ctx: SeccContext, response: type, code: str, details: tuple[tuple[str, str], ...]) -> Any:
    # a FAILED response carries only its mandatory content (the details of -2 fields do not apply)
    fields = tuple((k, v) for k, v in details if k in getattr(response, "__dataclass_fields__", {}))
    prefer = control_mode_prefer(ctx, ctx.control_mode == "Dynamic")
    return failed_response(response, code, (("EVSEID", ctx.config.evse_id), *fields), prefer)


SPEC: SeccSpec[SeccContext] = SeccSpec(
    name=SCHEMA,
    namespace=NS_ISO20_DC,
    envelope=HeaderEnvelope(c.MessageHeaderType, ("iso20", "iso20-dc")),
    responses={**pair_responses(c), **pair_responses(d)},
    table=TABLE,
    initial=S.SESSION_SETUP,
    ended=S.ENDED,
    minimal=_minimal,
    event=event,
    session_id_checked=lambda state: state is not S.SESSION_SETUP,
    sequence_timeout=lambda body, t: t.iso20_charge_loop if isinstance(body, LOOP_RESPONSES) else t.sequence,
)
"""DC charging (service 2): SupportedAppProtocol namespace NS_ISO20_DC."""

AC_SPEC: SeccSpec[SeccContext] = dataclasses.replace(
    SPEC,
    name=AC_NAME,
    namespace=NS_ISO20_AC,
    envelope=HeaderEnvelope(c.MessageHeaderType, ("iso20", "iso20-ac")),
    responses={**pair_responses(c), **pair_responses(a)},
)
"""AC charging (service 1): SupportedAppProtocol namespace NS_ISO20_AC; the same table, the AC
routes taken (``SeccConfig.energy_modes`` needs an AC mode)."""


def _spec(service: str, control: str) -> SeccSpec[SeccContext]:
    ac = service.startswith("ac")
    return dataclasses.replace(AC_SPEC if ac else SPEC, name=spec_name(service, control))


SPECS: dict[tuple[str, str], SeccSpec[SeccContext]] = {
    (service, control): _spec(service, control) for service in SERVICE_NAMES for control in CONTROLS
}
"""Every SECC spec by (service, control): service ``dc`` (2), ``ac`` (1), ``dc_bpt`` (6, with 2
beside it for cars without BPT), ``ac_bpt`` (5, with 1); control ``any`` (parameter sets 1
Scheduled, 2 Dynamic and 3 Dynamic with the charger's mobility needs), ``scheduled`` (set 1) or
``dynamic`` (sets 2, 3). ``SPECS["dc", "any"]`` is :data:`SPEC`'s offer, ``SPECS["ac", "any"]``
:data:`AC_SPEC`'s. A ``dc*`` spec has the namespace NS_ISO20_DC, an ``ac*`` one NS_ISO20_AC;
register one per namespace in ``SeccConfig(specs=...)``. BPT needs a power stage with discharge
limits (``v2g.controller.SimulatedBptDcEvse`` / ``SimulatedBptAcEvse``)."""
