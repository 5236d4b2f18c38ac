"""DIN SPEC 70121 SECC (DC, external identification means): the transition table and the spec; the
handlers are in :mod:`.setup` (SessionSetup to ChargeParameterDiscovery) and :mod:`.power` (cable
check to SessionStop), what they share in :mod:`._shared`.

Sequence: SessionSetup -> ServiceDiscovery -> ServicePaymentSelection -> ContractAuthentication
(Ongoing until authorised) -> ChargeParameterDiscovery (Ongoing until schedules) -> CableCheck
(Ongoing until the isolation check ends) -> PreCharge* -> PowerDelivery(ReadyToChargeState=true)
-> CurrentDemand* -> PowerDelivery(false) -> WeldingDetection* -> SessionStop. DIN has no pause
(SessionStopReq has no ChargingSession) and no renegotiation message.
"""

from __future__ import annotations

from typing import Any

from exi.din import generated_types as d
from v2g.apphand import NS_DIN
from v2g.envelope import BodyEnvelope
from v2g.minimal import failed_response
from v2g.secc._machine import (
    DC_PREFERRED,
    LENIENT,
    SeccContext,
    SeccState,
    pair_responses,
)
from v2g.secc._spec import Event, Route, SeccSpec
from v2g.secc.din._shared import (
    RC,
    SCHEMA,
    S,
)
from v2g.secc.din.power import (
    cable_check_handler,
    current_demand,
    power_delivery_start,
    power_delivery_stop,
    pre_charge,
    session_stop,
    welding_detection,
)
from v2g.secc.din.setup import (
    charge_parameter_discovery,
    contract_authentication,
    payment_selection,
    service_discovery,
    session_setup,
)

__all__ = ["RC", "SCHEMA", "SPEC", "TABLE", "d", "event"]


def event(body: object) -> Event:
    """PowerDeliveryReq is two events: it starts the power only with ReadyToChargeState true and
    an EV without error; anything else is a stop."""
    if isinstance(body, d.PowerDeliveryReq):
        param = body.EVPowerDeliveryParameter
        error = isinstance(param, d.DC_EVPowerDeliveryParameterType) and (
            param.DC_EVStatus.EVErrorCode is not d.DC_EVErrorCodeType.NO_ERROR
        )
        return (d.PowerDeliveryReq, "start" if body.ReadyToChargeState and not error else "stop")
    return type(body)


START = (d.PowerDeliveryReq, "start")
STOP = (d.PowerDeliveryReq, "stop")

TABLE: dict[tuple[SeccState, Event], Route] = {
    (S.SESSION_SETUP, d.SessionSetupReq): Route(session_setup, S.SERVICE_DISCOVERY),
    (S.SERVICE_DISCOVERY, d.ServiceDiscoveryReq): Route(service_discovery, S.PAYMENT_SELECTION),
    (S.PAYMENT_SELECTION, d.ServicePaymentSelectionReq): Route(payment_selection, S.AUTHORIZATION),
    (S.AUTHORIZATION, d.ContractAuthenticationReq): Route(contract_authentication, S.CHARGE_PARAMETER),
    (S.CHARGE_PARAMETER, d.ChargeParameterDiscoveryReq): Route(charge_parameter_discovery, S.CABLE_CHECK),
    (S.CABLE_CHECK, d.CableCheckReq): Route(cable_check_handler, S.PRE_CHARGE),
    (S.PRE_CHARGE, d.PreChargeReq): Route(pre_charge, S.PRE_CHARGE),
    (S.PRE_CHARGE, START): Route(power_delivery_start, S.CHARGING),
    (S.CHARGING, START): Route(power_delivery_start, S.CHARGING),
    (S.CHARGING, d.CurrentDemandReq): Route(current_demand, S.CHARGING),
    (S.PRE_CHARGE, STOP): Route(power_delivery_stop, S.STOPPED),
    (S.CHARGING, STOP): Route(power_delivery_stop, S.STOPPED),
    # an EV that gives up after authorization, before charging: real chargers confirm it
    (S.CHARGE_PARAMETER, STOP): Route(power_delivery_stop, S.STOPPED, LENIENT),
    (S.CABLE_CHECK, STOP): Route(power_delivery_stop, S.STOPPED, LENIENT),
    (S.STOPPED, d.WeldingDetectionReq): Route(welding_detection, S.WELDING),
    (S.WELDING, d.WeldingDetectionReq): Route(welding_detection, S.WELDING),
    **{
        (state, d.SessionStopReq): Route(session_stop, S.ENDED)
        for state in (S.AUTHORIZATION, S.CHARGE_PARAMETER, S.STOPPED, S.WELDING)
    },
    # an EV that gives up in the cable check or the pre-charge without PowerDelivery: real chargers
    # differ (SeccConfig.strict)
    **{
        (state, d.SessionStopReq): Route(session_stop, S.ENDED, LENIENT)
        for state in (S.CABLE_CHECK, S.PRE_CHARGE)
    },
}
"""The DIN 70121 sequence: (state, event) -> route; every other pair is FAILED_SequenceError
([V2G-DC-390])."""


def _minimal(ctx: SeccContext, response: type, code: str, details: tuple[tuple[str, str], ...]) -> Any:
    # as ISO 15118-2 [V2G2-736]: a FAILED response carries only mandatory content
    return failed_response(response, code, (("EVSEID", ctx.config.din_evse_id), *details), DC_PREFERRED)


SPEC: SeccSpec[SeccContext] = SeccSpec(
    name=SCHEMA,
    namespace=NS_DIN,
    envelope=BodyEnvelope(SCHEMA, d),
    responses=pair_responses(d),
    table=TABLE,
    initial=S.SESSION_SETUP,
    ended=S.ENDED,
    minimal=_minimal,
    event=event,
    session_id_checked=lambda state: state is not S.SESSION_SETUP,
)
