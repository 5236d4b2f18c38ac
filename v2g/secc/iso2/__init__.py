"""ISO 15118-2 SECC (AC and DC, external identification means): the transition table and the spec;
the handlers are in :mod:`.setup` (SessionSetup to ChargeParameterDiscovery) and :mod:`.power`
(cable check to SessionStop), what they share in :mod:`._shared`.

Sequence: SessionSetup -> ServiceDiscovery -> ServiceDetail* -> PaymentServiceSelection ->
(Contract: CertificateInstallation / CertificateUpdate, :mod:`.certs`; PaymentDetails, :mod:`.pnc`)
-> Authorization (Ongoing until authorised) -> ChargeParameterDiscovery (Ongoing until schedules) ->
DC: CableCheck* -> PreCharge* -> PowerDelivery(Start) -> CurrentDemand* ;
AC: PowerDelivery(Start) -> ChargingStatus* ;
then PowerDelivery(Renegotiate) -> ChargeParameterDiscovery -> PowerDelivery(Start) -> loop again,
or PowerDelivery(Stop) -> (DC: WeldingDetection*) -> SessionStop(Terminate | Pause).
"""

from __future__ import annotations

from typing import Any

from exi.iso2 import generated_types as m
from v2g.apphand import NS_ISO2
from v2g.envelope import BodyEnvelope
from v2g.minimal import failed_response
from v2g.secc._machine import (
    AC_PREFERRED,
    AC_SESSION,
    DC_PREFERRED,
    DC_SESSION,
    LENIENT,
    SeccContext,
    SeccState,
    pair_responses,
)
from v2g.secc._spec import Event, Guard, Route, SeccSpec
from v2g.secc.iso2._shared import (
    RC,
    SCHEMA,
    S,
)
from v2g.secc.iso2.certs import certificate_installation, certificate_update
from v2g.secc.iso2.pnc import payment_details
from v2g.secc.iso2.power import (
    cable_check_handler,
    charging_status,
    current_demand,
    power_delivery_renegotiate,
    power_delivery_start,
    power_delivery_stop,
    pre_charge,
    session_stop,
    welding_detection,
)
from v2g.secc.iso2.receipts import metering_receipt
from v2g.secc.iso2.setup import (
    authorization,
    charge_parameter_discovery,
    payment_selection,
    service_detail,
    service_discovery,
    session_setup,
)

__all__ = ["RC", "SCHEMA", "SPEC", "TABLE", "event", "m"]


def event(body: object) -> Event:
    """PowerDeliveryReq is one event per ChargeProgress; a DC EV reporting an error stops whatever
    it asked for (the SECC switches the power off and confirms the stop)."""
    if isinstance(body, m.PowerDeliveryReq):
        param = body.EVPowerDeliveryParameter
        if isinstance(param, m.DC_EVPowerDeliveryParameterType) and (
            param.DC_EVStatus.EVErrorCode is not m.DC_EVErrorCodeType.NO_ERROR
        ):
            return STOP
        return (m.PowerDeliveryReq, body.ChargeProgress.value)
    return type(body)


CONTRACT = Guard("Contract payment (Plug & Charge)", lambda ctx: ctx.payment == "Contract")
START = (m.PowerDeliveryReq, "Start")
STOP = (m.PowerDeliveryReq, "Stop")
RENEGOTIATE = (m.PowerDeliveryReq, "Renegotiate")

TABLE: dict[tuple[SeccState, Event], Route] = {
    (S.SESSION_SETUP, m.SessionSetupReq): Route(session_setup, S.SERVICE_DISCOVERY),
    (S.SERVICE_DISCOVERY, m.ServiceDiscoveryReq): Route(service_discovery, S.PAYMENT_SELECTION),
    (S.PAYMENT_SELECTION, m.ServiceDetailReq): Route(service_detail, S.PAYMENT_SELECTION),
    (S.PAYMENT_SELECTION, m.PaymentServiceSelectionReq): Route(payment_selection, S.AUTHORIZATION),
    (S.PAYMENT_DETAILS, m.PaymentDetailsReq): Route(payment_details, S.AUTHORIZATION),
    (S.PAYMENT_DETAILS, m.CertificateInstallationReq): Route(certificate_installation, S.PAYMENT_DETAILS),
    (S.PAYMENT_DETAILS, m.CertificateUpdateReq): Route(certificate_update, S.PAYMENT_DETAILS),
    (S.AUTHORIZATION, m.AuthorizationReq): Route(authorization, S.CHARGE_PARAMETER),
    (S.CHARGE_PARAMETER, m.ChargeParameterDiscoveryReq): Route(charge_parameter_discovery, S.CABLE_CHECK),
    (S.RENEGOTIATE, m.ChargeParameterDiscoveryReq): Route(charge_parameter_discovery, S.POWER_DELIVERY),
    (S.CABLE_CHECK, m.CableCheckReq): Route(cable_check_handler, S.PRE_CHARGE, DC_SESSION),
    (S.PRE_CHARGE, m.PreChargeReq): Route(pre_charge, S.PRE_CHARGE, DC_SESSION),
    (S.PRE_CHARGE, START): Route(power_delivery_start, S.CHARGING),
    (S.POWER_DELIVERY, START): Route(power_delivery_start, S.CHARGING),
    (S.CHARGING, START): Route(power_delivery_start, S.CHARGING),
    (S.CHARGING, m.CurrentDemandReq): Route(current_demand, S.CHARGING, DC_SESSION),
    (S.CHARGING, m.ChargingStatusReq): Route(charging_status, S.CHARGING, AC_SESSION),
    (S.CHARGING, m.MeteringReceiptReq): Route(metering_receipt, S.CHARGING, CONTRACT),
    (S.CHARGING, RENEGOTIATE): Route(power_delivery_renegotiate, S.RENEGOTIATE),
    (S.PRE_CHARGE, STOP): Route(power_delivery_stop, S.STOPPED),
    (S.POWER_DELIVERY, STOP): Route(power_delivery_stop, S.STOPPED),
    (S.CHARGING, STOP): Route(power_delivery_stop, S.STOPPED),
    # an EV that gives up after authorization, before charging: real chargers confirm it
    (S.CHARGE_PARAMETER, STOP): Route(power_delivery_stop, S.STOPPED, LENIENT),
    (S.CABLE_CHECK, STOP): Route(power_delivery_stop, S.STOPPED, LENIENT),
    (S.STOPPED, m.WeldingDetectionReq): Route(welding_detection, S.WELDING, DC_SESSION),
    (S.WELDING, m.WeldingDetectionReq): Route(welding_detection, S.WELDING, DC_SESSION),
    **{
        (state, m.SessionStopReq): Route(session_stop, S.ENDED)
        for state in (
            S.PAYMENT_DETAILS,
            S.AUTHORIZATION,
            S.CHARGE_PARAMETER,
            S.POWER_DELIVERY,
            S.STOPPED,
            S.WELDING,
        )
    },
    # an EV that gives up in the cable check or the pre-charge without PowerDelivery: real chargers
    # differ (SeccConfig.strict)
    **{
        (state, m.SessionStopReq): Route(session_stop, S.ENDED, LENIENT)
        for state in (S.CABLE_CHECK, S.PRE_CHARGE)
    },
}
"""The ISO 15118-2 sequence: (state, event) -> route; every other pair, or a route whose guard
fails, is FAILED_SequenceError ([V2G2-538])."""


def _minimal(ctx: SeccContext, response: type, code: str, details: tuple[tuple[str, str], ...]) -> Any:
    # [V2G2-736] a FAILED response carries only its mandatory content
    prefer = DC_PREFERRED if ctx.dc or ctx.energy_mode is None else AC_PREFERRED
    return failed_response(response, code, (("EVSEID", ctx.config.evse_id), *details), prefer)


SPEC: SeccSpec[SeccContext] = SeccSpec(
    name=SCHEMA,
    namespace=NS_ISO2,
    envelope=BodyEnvelope(SCHEMA, m),
    responses=pair_responses(m),
    table=TABLE,
    initial=S.SESSION_SETUP,
    ended=S.ENDED,
    minimal=_minimal,
    event=event,
    session_id_checked=lambda state: state is not S.SESSION_SETUP,
)
