"""Signed SalesTariffs in Plug & Charge: the SECC signs each SalesTariff with the MO Sub-CA 2 key
the backend provides; the EVCC verifies before choosing a schedule and refuses a bad signature."""

from __future__ import annotations

import dataclasses
from typing import Any

import exi
from tests.pnc._pnc import PncSetup, pki
from tests.sessions._session_harness import pump
from tls.profiles import Role
from v2g import signing
from v2g.backend import PlugAndCharge
from v2g.controller import SimulatedDcEvse


class TariffSetup(PncSetup):
    tariff_key: Any = None

    @property
    def pnc(self) -> PlugAndCharge:
        assert self.mo_roots is not None
        return PlugAndCharge(self.backend, self.mo_roots, tariff_key=self.tariff_key)


def _setup(key: Any) -> TariffSetup:
    s = TariffSetup(evse=SimulatedDcEvse(with_tariff=True))
    s.tariff_key = key
    return s


def test_signed_tariffs_are_verified_by_the_evcc() -> None:
    s = _setup(pki().keys[Role.MO_SUB_CA2])
    run = pump(s.secc(), s.evcc())
    assert run.evcc.result is not None and run.evcc.result.ok, run.evcc.result
    assert run.evcc.context.tariff_note == "SalesTariff signature verified"
    (wire,) = [
        t for t in run.secc_trace if t.direction == "tx" and t.message == "ChargeParameterDiscoveryRes"
    ]
    message = exi.decode(wire.data, "iso2")
    refs = [r.URI for r in message.Header.Signature.SignedInfo.Reference]
    assert refs == ["#tariff1", "#tariff2"]
    signing.verify(message, pki().certs[Role.MO_SUB_CA2])


def test_a_tariff_signed_by_another_key_is_refused_before_a_schedule_is_chosen() -> None:
    s = _setup(pki("other").keys[Role.MO_SUB_CA2])
    run = pump(s.secc(), s.evcc())
    assert run.evcc.result is not None and not run.evcc.result.ok
    assert "SalesTariff signature invalid" in run.evcc.result.reason
    assert "PowerDeliveryReq" not in run.requests() and "CableCheckReq" not in run.requests()


def test_a_signature_that_leaves_a_tariff_out_is_refused() -> None:
    s = _setup(pki().keys[Role.MO_SUB_CA2])
    secc = s.secc()
    real = secc._answer  # drop the second Reference of the signature the SECC made

    def answer(spec: Any, reply: Any, route: Any, now: float) -> None:
        if reply.signature is not None:
            si = reply.signature.SignedInfo
            reply.signature = dataclasses.replace(
                reply.signature, SignedInfo=dataclasses.replace(si, Reference=si.Reference[:1])
            )
        real(spec, reply, route, now)

    secc._answer = answer  # type: ignore[method-assign]
    run = pump(secc, s.evcc())
    assert run.evcc.result is not None and not run.evcc.result.ok
    assert "does not cover ['tariff2']" in run.evcc.result.reason


def test_unsigned_tariffs_are_used_and_noted() -> None:
    s = _setup(None)
    run = pump(s.secc(), s.evcc())
    assert run.evcc.result is not None and run.evcc.result.ok
    assert run.evcc.context.tariff_note == "SalesTariff not signed"
