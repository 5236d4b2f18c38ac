"""ISO 15118-20 EVCC, AC charging (service 1), EIM, Scheduled (:data:`AC_SPEC`) or Dynamic
(:data:`AC_DYNAMIC_SPEC`) control mode: the AC request builders and handlers; set-up, services,
ScheduleExchange and SessionStop are the DC module's (:mod:`v2g.evcc.iso20`).

Sequence after ServiceSelection: AC_ChargeParameterDiscovery -> ScheduleExchange ->
PowerDelivery(Start) -> AC_ChargeLoop* -> PowerDelivery(Stop) -> SessionStop.

-20 AC speaks in power (W): the EV controller in current per phase (A). Powers are the EVSE's
nominal voltage (the service's EVSENominalVoltage parameter) x current x phases (three for
``EvccConfig.energy_mode`` ``AC_three_phase_core``). Not a built-in protocol either: pass
:data:`AC_SPEC` in ``EvccConfig(specs=...)`` with ``apphand.Protocol(NS_ISO20_AC, 1, 0)``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from exi.iso20 import generated_types as c
from exi.iso20_ac import generated_types as a
from v2g._rational import from_rn
from v2g.apphand import NS_ISO20_AC
from v2g.controller import EnergyMode
from v2g.envelope import HeaderEnvelope, Rx
from v2g.evcc._machine import EvccContext, EvccState, Step
from v2g.evcc._spec import EvccHandler, EvccSpec
from v2g.evcc.iso20 import TABLE, _dynamic_setup_req, schedule_exchanged
from v2g.evcc.iso20_parking import after_selection, before_stop, parking_handlers
from v2g.evcc.iso20_pnc import (
    confirmation_step,
    final_confirmation_step,
    metering_handler,
    on_certificate_installation,
)
from v2g.evcc.iso20_progress import enter_standby, follow, loop_stop, standby_handlers
from v2g.evcc.iso20_requests import (
    AC_BPT_NAME,
    AC_NAME,
    PENDING,
    _power_delivery_req,
    _rn,
    _schedule_exchange_req,
    _session_stop_req,
    bpt_ev,
    is_bpt,
    session_setup_req,
)

E = EvccState
P = c.chargeProgressType


def _phases(ctx: EvccContext) -> int:
    return 3 if ctx.config.energy_mode is EnergyMode.AC_THREE_PHASE else 1


def _watts_per_amp(ctx: EvccContext) -> float:
    return ctx.nominal_voltage * _phases(ctx)


def _charge_parameter_req(ctx: EvccContext, now: float) -> a.AC_ChargeParameterDiscoveryReq:
    r = ctx.controller.energy_request(ctx.config.energy_mode, now)
    per_amp = _watts_per_amp(ctx)
    max_power = r.max_power if r.max_power is not None else r.max_current * per_amp
    charge = {
        "EVMaximumChargePower": _rn(max_power),
        "EVMinimumChargePower": _rn((r.min_current or 0.0) * per_amp),
    }
    mode: a.AC_CPDReqEnergyTransferMode | a.BPT_AC_CPDReqEnergyTransferMode
    if is_bpt(ctx):
        _, p_dis = bpt_ev(ctx).discharge_limits(now)
        mode = a.BPT_AC_CPDReqEnergyTransferMode(
            **charge, EVMaximumDischargePower=_rn(p_dis), EVMinimumDischargePower=_rn(0.0)
        )
    else:
        mode = a.AC_CPDReqEnergyTransferMode(**charge)
    return a.AC_ChargeParameterDiscoveryReq(Header=PENDING, AC_CPDReqEnergyTransferMode=mode)


def _loop_req(ctx: EvccContext, now: float) -> a.AC_ChargeLoopReq:
    ev = ctx.controller
    per_amp = _watts_per_amp(ctx)
    r = ev.energy_request(ctx.config.energy_mode, now)
    max_power = _rn(0.0 if ctx.standby else r.max_current * per_amp)
    min_power = _rn((r.min_current or 0.0) * per_amp)
    present = _rn(ctx.present_current * per_amp)
    display = a.DisplayParametersType(PresentSOC=ev.soc(now), ChargingComplete=ev.charging_complete(now))
    dis: dict[str, Any] = {}
    if is_bpt(ctx):
        _, p_dis = bpt_ev(ctx).discharge_limits(now)
        dis = {"EVMaximumDischargePower": _rn(p_dis), "EVMinimumDischargePower": _rn(0.0)}
    mode: object
    if ctx.control_mode == "Dynamic":  # the EV gives its limits; the EVSE steers within them
        energy = _rn(r.energy_request or 0.0)
        kind = a.BPT_Dynamic_AC_CLReqControlMode if dis else a.Dynamic_AC_CLReqControlMode
        mode = kind(
            EVTargetEnergyRequest=energy,
            EVMaximumEnergyRequest=energy,
            EVMinimumEnergyRequest=_rn(0.0),
            EVMaximumChargePower=max_power,
            EVMinimumChargePower=min_power,
            EVPresentActivePower=present,
            EVPresentReactivePower=_rn(0.0),
            **dis,
        )
    else:
        sch = a.BPT_Scheduled_AC_CLReqControlMode if dis else a.Scheduled_AC_CLReqControlMode
        mode = sch(
            EVMaximumChargePower=max_power,
            EVMinimumChargePower=min_power,
            EVPresentActivePower=present,
            **dis,
        )
    return a.AC_ChargeLoopReq(
        Header=PENDING,
        DisplayParameters=display,
        MeterInfoRequested=False,
        CLReqControlMode=mode,
    )


def on_service_selection(ctx: EvccContext, res: c.ServiceSelectionRes, rx: Rx) -> Step:
    return after_selection(ctx, rx.now, _charge_parameter_req)  # VehicleCheckIn first, with the hook


def on_charge_parameter(ctx: EvccContext, res: a.AC_ChargeParameterDiscoveryRes, rx: Rx) -> Step:
    p = res.AC_CPDResEnergyTransferMode
    ctx.evse_max_power = from_rn(p.EVSEMaximumChargePower)
    ctx.evse_max_current = ctx.evse_max_power / (_watts_per_amp(ctx) or 1.0)
    if isinstance(p, a.BPT_AC_CPDResEnergyTransferModeType):
        ctx.evse_max_discharge_power = from_rn(p.EVSEMaximumDischargePower)
        ctx.evse_max_discharge_current = ctx.evse_max_discharge_power / (_watts_per_amp(ctx) or 1.0)
    return Step(_schedule_exchange_req(ctx, rx.now), E.SCHEDULE_EXCHANGE)


def on_schedule_exchange(ctx: EvccContext, res: c.ScheduleExchangeRes, rx: Rx) -> Step:
    # AC has no cable check and no pre-charge: PowerDelivery(Start) once the schedules are there
    return schedule_exchanged(ctx, res, rx) or Step(
        _power_delivery_req(ctx, P.Start, rx.now), E.POWER_DELIVERY_START
    )


def on_power_delivery_start(ctx: EvccContext, res: c.PowerDeliveryRes, rx: Rx) -> Step:
    return Step(_loop_req(ctx, rx.now), E.CHARGING)


def on_charge_loop(ctx: EvccContext, res: a.AC_ChargeLoopRes, rx: Rx) -> Step:
    """The EVSE's target active power bounds the current the EV draws (per phase, at the nominal
    voltage); the EV controller is told what flows."""
    now = rx.now
    ctx.loop_count += 1
    mode = res.CLResControlMode
    per_amp = _watts_per_amp(ctx) or 1.0
    rn = getattr(mode, "EVSETargetActivePower", None)
    target = None if rn is None else from_rn(rn)
    if target is not None and target >= 0:
        ctx.evse_max_power = target
        ctx.evse_max_current = target / per_amp
    current = ctx.controller.ac_current(ctx.evse_max_current, now)
    if is_bpt(ctx):
        current = _bpt_current(ctx, current, target, per_amp, now)
    delay = follow(ctx, mode, now)
    if ctx.standby:
        current = 0.0
    ctx.present_voltage, ctx.present_current = ctx.nominal_voltage, current
    ctx.controller.delivered(ctx.nominal_voltage, current * _phases(ctx), now)
    return (
        confirmation_step(ctx, res)  # PnC: the charger asks for a MeteringConfirmation
        or loop_stop(ctx, res.EVSEStatus, now)
        or enter_standby(ctx, now)
        or Step(_loop_req(ctx, now), E.CHARGING, delay)
    )


def _bpt_current(ctx: EvccContext, current: float, target: float | None, per_amp: float, now: float) -> float:
    """The current per phase of a BPT car (negative: it feeds the grid): Dynamic, the EVSE's
    negative target; Scheduled, its own wish to discharge; within both sides' discharge limits."""
    ev = bpt_ev(ctx)
    i_dis, p_dis = ev.discharge_limits(now)
    limit = min(i_dis, p_dis / per_amp, ctx.evse_max_discharge_current)
    if ctx.control_mode == "Dynamic":
        return -min(-target / per_amp, limit) if target is not None and target < 0 else current
    return -limit if ev.wants_discharge(now) else current


def on_power_delivery_stop(ctx: EvccContext, res: c.PowerDeliveryRes, rx: Rx) -> Step:
    # no welding detection in AC; PnC: the final MeteringConfirmation; VehicleCheckOut with the hook
    return final_confirmation_step(ctx, res) or _after_stop(ctx, rx)


def _after_stop(ctx: EvccContext, rx: Rx) -> Step:
    return before_stop(ctx, rx.now)


_COMMON = (
    E.SESSION_SETUP,
    E.AUTHORIZATION_SETUP,
    E.AUTHORIZATION,
    E.SERVICE_DISCOVERY,
    E.SERVICE_DETAIL,
    E.SESSION_STOP,
    E.POWER_DELIVERY_RENEGOTIATE,
)

on_power_delivery_standby, on_standby_loop = standby_handlers(_loop_req)

AC_TABLE: dict[tuple[EvccState, type], EvccHandler] = {
    **{key: handler for key, handler in TABLE.items() if key[0] in _COMMON},
    (E.SERVICE_SELECTION, c.ServiceSelectionRes): on_service_selection,
    (E.CHARGE_PARAMETER, a.AC_ChargeParameterDiscoveryRes): on_charge_parameter,
    (E.SCHEDULE_EXCHANGE, c.ScheduleExchangeRes): on_schedule_exchange,
    (E.POWER_DELIVERY_START, c.PowerDeliveryRes): on_power_delivery_start,
    (E.CHARGING, a.AC_ChargeLoopRes): on_charge_loop,
    (E.POWER_DELIVERY_STANDBY, c.PowerDeliveryRes): on_power_delivery_standby,
    (E.STANDBY, a.AC_ChargeLoopRes): on_standby_loop,
    (E.POWER_DELIVERY_STOP, c.PowerDeliveryRes): on_power_delivery_stop,
    (E.METERING_RECEIPT, c.MeteringConfirmationRes): metering_handler(_loop_req, _after_stop),
    **parking_handlers(_charge_parameter_req),
    (E.CERTIFICATE_INSTALLATION, c.CertificateInstallationRes): on_certificate_installation,
}
"""(state waited in, response class) -> handler of the AC session; any other response ends it."""

AC_SPEC = EvccSpec(
    name=AC_NAME,
    namespace=NS_ISO20_AC,
    envelope=HeaderEnvelope(c.MessageHeaderType, ("iso20", "iso20-ac")),
    table=AC_TABLE,
    first_request=session_setup_req,
    stop_request=_session_stop_req,
)
"""AC, the EV selects the Scheduled control mode."""

AC_DYNAMIC_SPEC = dataclasses.replace(AC_SPEC, first_request=_dynamic_setup_req)
"""AC, the EV selects the Dynamic control mode (the EVSE steers the power within the EV's limits)."""

AC_BPT_SPEC = dataclasses.replace(AC_SPEC, name=AC_BPT_NAME)
"""AC_BPT (service 5), Scheduled: the EV feeds the grid when its controller wants to."""
AC_BPT_DYNAMIC_SPEC = dataclasses.replace(AC_BPT_SPEC, first_request=_dynamic_setup_req)
"""AC_BPT, Dynamic: the EVSE's target active power, negative for a discharge, is followed."""
