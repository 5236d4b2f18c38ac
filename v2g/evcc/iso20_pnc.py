"""ISO 15118-20 EVCC Plug & Charge: which authorization the EV selects and the signed PnC
AuthorizationReq.

The EV selects PnC when the SECC offers it with a GenChallenge (PnC_ASResAuthorizationMode), the
connection is TLS and its contract (``EvccConfig.contract``, a -20 chain: P-521 or Ed448 keys) is
valid at the wall-clock time; else EIM when offered. The AuthorizationReq carries
PnC_AReqAuthorizationMode (Id, the GenChallenge, the contract chain) and a header Signature over
that element made with the contract key (``Step.sign``; the boundary signs with the -20 suites).
While the SECC answers Ongoing the same request goes again (the same challenge, signed again). A
WARNING answer (the SECC refused the contract) ends the session with SessionStop(Terminate) and
the code as the reason: this EV does not fall back to EIM.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, ed448
from cryptography.hazmat.primitives.serialization import Encoding

from exi.iso20 import generated_types as c
from tls.ed448 import Ed448ScalarKey
from v2g import signing
from v2g.errors import EvccAbort
from v2g.evcc._machine import EvccContext, EvccState, Step
from v2g.evcc.iso20_certs import installation_request, installed_contract
from v2g.evcc.iso20_progress import loop_stop
from v2g.evcc.iso20_requests import PENDING, _authorization_req, _session_stop_req

PNC_ID = "PnC1"
"""The Id of PnC_AReqAuthorizationMode (the Reference URI is ``#PnC1``)."""


def _iso20_key(key: object) -> bool:
    """A key the -20 suites sign with: secp521r1 or Ed448 (a seed, or an installed scalar)."""
    if isinstance(key, ed448.Ed448PrivateKey | Ed448ScalarKey):
        return True
    return isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp521r1"


def contract_usable20(ctx: EvccContext, wall: float) -> bool:
    """PnC: over TLS, with a -20 contract valid now."""
    contract = ctx.contract
    if not ctx.tls or contract is None or not _iso20_key(contract.key):
        return False
    return bool(contract.valid_at(dt.datetime.fromtimestamp(wall, tz=dt.timezone.utc)))


def contract_chain20(ctx: EvccContext) -> c.ContractCertificateChainType:
    contract = ctx.contract
    assert contract is not None
    return c.ContractCertificateChainType(
        Certificate=contract.leaf.public_bytes(Encoding.DER),
        SubCertificates=c.SubCertificatesType(
            Certificate=tuple(s.public_bytes(Encoding.DER) for s in contract.sub_cas)
        ),
    )


def pnc_request(ctx: EvccContext) -> Step:
    """The PnC AuthorizationReq with the SECC's GenChallenge, signed with the contract key."""
    req = c.AuthorizationReq(
        Header=PENDING,
        SelectedAuthorizationService=c.authorizationType.PnC,
        PnC_AReqAuthorizationMode=c.PnC_AReqAuthorizationModeType(
            Id=PNC_ID, GenChallenge=ctx.gen_challenge, ContractCertificateChain=contract_chain20(ctx)
        ),
    )
    return Step(req, EvccState.AUTHORIZATION, sign=(PNC_ID,))


def authorization_choice(ctx: EvccContext, res: c.AuthorizationSetupRes, wall: float) -> Step:
    """PnC where offered with a challenge and the EV holds a usable contract; else EIM."""
    offered = set(res.AuthorizationServices)
    mode = res.PnC_ASResAuthorizationMode
    if c.authorizationType.PnC in offered and mode is not None and ctx.tls:
        ctx.gen_challenge = mode.GenChallenge
        if contract_usable20(ctx, wall):
            ctx.payment = "Contract"
            return pnc_request(ctx)
        if ctx.config.provisioning is not None and res.CertificateInstallationService:
            ctx.payment = "Contract"  # install first (.iso20_certs), then authorize with the new one
            return installation_request(ctx)
    if c.authorizationType.EIM not in offered:
        raise EvccAbort("the SECC offers PnC only, and the EV has no usable -20 contract")
    return Step(_authorization_req(), EvccState.AUTHORIZATION)


def repeat_request(ctx: EvccContext) -> Step:
    """[V2G20-1582] the same AuthorizationReq again while Ongoing."""
    if ctx.payment == "Contract":
        return pnc_request(ctx)
    return Step(_authorization_req(), EvccState.AUTHORIZATION)


def on_certificate_installation(ctx: EvccContext, res: c.CertificateInstallationRes, rx: Any) -> Step:
    """One contract installed: ask again while the service has more, then authorize with the
    first one; a WARNING (no contract for this car) ends the session like a refused contract."""
    stop = refused(ctx, res)
    if stop is not None:
        return stop
    contract = installed_contract(ctx, res, rx.wall)
    ctx.installed_contracts.append(contract)
    if ctx.installed is None:
        ctx.contract = ctx.installed = contract
    if res.RemainingContractCertificateChains > 0 and len(ctx.installed_contracts) < 255:
        return installation_request(ctx)
    return pnc_request(ctx)


def refused(ctx: EvccContext, res: Any) -> Step | None:
    """A WARNING in AuthorizationRes or CertificateInstallationRes: SessionStop(Terminate), the code kept
    as the reason. None when the answer is not a refusal."""
    code = res.ResponseCode.value
    if not code.startswith("WARNING"):
        return None
    ctx.stop_reason = f"authorization refused: {code}"
    ctx.service_renegotiation = False
    return Step(_session_stop_req(ctx), EvccState.SESSION_STOP)


def check_price_schedules(ctx: EvccContext, res: c.ScheduleExchangeRes, header: Any) -> None:
    """A PnC session's price schedules (AbsolutePriceSchedule, PriceLevelSchedule) in the Finished
    ScheduleExchangeRes: a Signature over them must verify with the MO Sub-CA 2 certificate of the
    car's contract chain (its issuer), -20 suites; a bad one, or one that leaves a price schedule
    out, ends the session before a schedule is chosen. Unsigned ones are noted
    (``ctx.tariff_note``) and used."""
    mode = res.Scheduled_SEResControlMode
    contract = ctx.contract
    if mode is None or ctx.payment != "Contract" or contract is None:
        return
    ids = set()
    for t in mode.ScheduleTuple:
        for price in (t.ChargingSchedule.AbsolutePriceSchedule, t.ChargingSchedule.PriceLevelSchedule):
            if price is not None:
                ids.add(price.Id or "")
    if not ids:
        return
    signature = header.Signature
    if signature is None:
        ctx.tariff_note = "price schedules not signed"
        return
    if "" in ids:
        raise EvccAbort("price schedule signature: a price schedule has no Id to be signed by")
    if not contract.sub_cas:
        raise EvccAbort("price schedules signed, and the contract chain has no MO Sub-CA to check them with")
    covered = {r.URI.removeprefix("#") for r in signature.SignedInfo.Reference}
    if not ids <= covered:
        raise EvccAbort(f"price schedule signature does not cover {sorted(ids - covered)}")
    try:
        signing.verify(dataclasses.replace(res, Header=header), contract.sub_cas[0], profile="iso20")
    except signing.SignatureError as exc:
        raise EvccAbort(f"price schedule signature invalid: {exc}") from exc
    ctx.tariff_note = "price schedule signature verified"


SMD_ID = "SMD1"
"""The Id of SignedMeteringData (the Reference URI is ``#SMD1``)."""


def confirmation_step(ctx: EvccContext, res: Any) -> Step | None:
    """A loop response with the notification MeteringConfirmation in a PnC session: the
    MeteringConfirmationReq over the SessionID, the MeterInfo (and Receipt) just received and the
    selected schedule, signed with the contract key. None otherwise (also for a car configured not
    to sign, ``EvccConfig(sign_receipts=False)``)."""
    if res.MeterInfo is not None:
        ctx.last_meter_info = res.MeterInfo
    status = res.EVSEStatus
    if status is None or status.EVSENotification is not c.evseNotificationType.MeteringConfirmation:
        return None
    if ctx.payment != "Contract" or res.MeterInfo is None or not ctx.config.sign_receipts:
        return None
    return _confirmation(ctx, res.MeterInfo, res.Receipt)


def final_confirmation_step(ctx: EvccContext, res: c.PowerDeliveryRes) -> Step | None:
    """PowerDeliveryRes(Stop) with the notification MeteringConfirmation: the confirmation of the
    MeterInfo of the last loop response (PowerDeliveryRes carries none); None otherwise."""
    status = res.EVSEStatus
    if status is None or status.EVSENotification is not c.evseNotificationType.MeteringConfirmation:
        return None
    if ctx.payment != "Contract" or ctx.last_meter_info is None or not ctx.config.sign_receipts:
        return None
    ctx.final_confirmation = True
    return _confirmation(ctx, ctx.last_meter_info, None)


def _confirmation(ctx: EvccContext, meter: c.MeterInfoType, receipt: c.ReceiptType | None) -> Step:
    ctx.receipts_signed += 1
    scheduled = dynamic = None
    if ctx.control_mode == "Dynamic":
        dynamic = c.Dynamic_SMDTControlModeType()
    else:
        tuple_id = ctx.schedule.schedule_id if ctx.schedule is not None else 1
        scheduled = c.Scheduled_SMDTControlModeType(SelectedScheduleTupleID=tuple_id)
    req = c.MeteringConfirmationReq(
        Header=PENDING,
        SignedMeteringData=c.SignedMeteringDataType(
            Id=SMD_ID,
            SessionID=ctx.session_id,
            MeterInfo=meter,
            Receipt=receipt,
            Dynamic_SMDTControlMode=dynamic,
            Scheduled_SMDTControlMode=scheduled,
        ),
    )
    return Step(req, EvccState.METERING_RECEIPT, sign=(SMD_ID,))


def metering_handler(
    loop_req: Callable[[EvccContext, float], Any], after_stop: Callable[[EvccContext, Any], Step]
) -> Callable[[EvccContext, Any, Any], Step]:
    """The handler of MeteringConfirmationRes: the charging loop goes on (with ``loop_req``) unless
    the car is done (then PowerDelivery(Stop), as after a loop answer), or, after the final
    confirmation, the stop sequence (``after_stop``)."""

    def on_metering_confirmation(ctx: EvccContext, res: c.MeteringConfirmationRes, rx: Any) -> Step:
        if ctx.final_confirmation:
            return after_stop(ctx, rx)
        return loop_stop(ctx, None, rx.now) or Step(loop_req(ctx, rx.now), EvccState.CHARGING)

    return on_metering_confirmation


__all__ = [
    "PNC_ID",
    "SMD_ID",
    "authorization_choice",
    "check_price_schedules",
    "confirmation_step",
    "contract_usable20",
    "final_confirmation_step",
    "metering_handler",
    "on_certificate_installation",
    "pnc_request",
    "refused",
    "repeat_request",
]
