"""Shared set-ups of the ISO 15118-20 Plug & Charge tests: a -20 PKI per algorithm family (P-521
and Ed448), our SECC and EVCC on the -20 DC specs with a contract, and a tampering car."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import exi
from exi.iso20 import generated_types as c
from tls.pki import Pki, PkiConfig, create_pki
from tls.profiles import KeyAlgorithm, Role
from v2g import apphand
from v2g.backend import LocalBackend, PlugAndCharge
from v2g.controller import (
    EnergyMode,
    EvseServices,
    SimulatedBptAcEvse,
    SimulatedBptDcEvse,
    SimulatedBptEv,
    SimulatedDcEvse,
    SimulatedEv,
)
from v2g.evcc import EvccConfig, EvccSession
from v2g.evcc import iso20 as evcc20
from v2g.evcc.iso20_specs import SPECS as EVCC_SPECS
from v2g.evcc.pnc import ContractCredentials
from v2g.secc import SeccConfig, SeccSession, SessionStore
from v2g.secc import iso20 as secc20

START = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
WALL = (START + dt.timedelta(days=30)).timestamp()
ISO20_DC = apphand.Protocol(apphand.NS_ISO20_DC, 1, 0)
ISO20_AC = apphand.Protocol(apphand.NS_ISO20_AC, 1, 0)
ALGORITHMS = {"p521": KeyAlgorithm.SECP521R1, "ed448": KeyAlgorithm.ED448}

_PKIS: dict[tuple[str, str], Pki] = {}


def pki20(algorithm: str = "p521", name: str = "main") -> Pki:
    """A -20 PKI per (algorithm family, name), made once per test process."""
    key = (algorithm, name)
    if key not in _PKIS:
        _PKIS[key] = create_pki(PkiConfig("iso20", START, ALGORITHMS[algorithm]))
    return _PKIS[key]


@dataclass
class Pnc20Setup:
    algorithm: str = "p521"
    backend: LocalBackend = field(default_factory=LocalBackend)
    contract: ContractCredentials | None = None
    mo_roots: tuple[Any, ...] | None = None
    tls: bool = True
    wall: float = WALL
    store: SessionStore = field(default_factory=SessionStore)
    service: str = "dc"
    evse: Any = None
    ev: Any = None
    receipts: Any = None
    """A ReceiptStore: the SECC asks for MeteringConfirmations every ``receipt_interval`` loops."""
    receipt_interval: int = 2
    meter: Any = None

    def __post_init__(self) -> None:
        pki = pki20(self.algorithm)
        if self.contract is None:
            self.contract = ContractCredentials.from_pki(pki)
        if self.mo_roots is None:
            self.mo_roots = (pki.certs[Role.MO_ROOT],)
        ac = self.service.startswith("ac")
        if self.evse is None:
            self.evse = (
                SimulatedBptAcEvse()
                if ac
                else SimulatedBptDcEvse()
                if self.service == "dc_bpt"
                else SimulatedDcEvse()
            )
        if self.ev is None:
            self.ev = SimulatedBptEv() if self.service.endswith("bpt") else SimulatedEv()

    @property
    def pnc(self) -> PlugAndCharge:
        assert self.mo_roots is not None
        return PlugAndCharge(self.backend, self.mo_roots, self.receipts, self.receipt_interval, self.meter)

    def secc(self, now: float = 0.0, **config: Any) -> SeccSession:
        ac = self.service.startswith("ac")
        config.setdefault("energy_modes", (EnergyMode.AC_THREE_PHASE,) if ac else (EnergyMode.DC_EXTENDED,))
        spec = secc20.SPECS[self.service, "any"]
        cfg = SeccConfig(protocols=(ISO20_AC if ac else ISO20_DC,), specs=(spec,), **config)
        return SeccSession(
            cfg,
            self.evse,
            now,
            wall=self.wall + now,
            services=EvseServices.of(self.evse, self.pnc),
            store=self.store,
            tls=self.tls,
        )

    def evcc(self, now: float = 0.0, **config: Any) -> EvccSession:
        ac = self.service.startswith("ac")
        config.setdefault("charging_loop_cycles", 4)
        config.setdefault("specs", (EVCC_SPECS[self.service, "scheduled"],) if ac else (evcc20.SPEC,))
        if ac:
            config.setdefault("energy_mode", EnergyMode.AC_THREE_PHASE)
        if self.service == "dc_bpt":
            config["specs"] = (EVCC_SPECS["dc_bpt", "scheduled"],)
        config.setdefault("contract", self.contract)
        cfg = EvccConfig(protocols=(ISO20_AC if ac else ISO20_DC,), **config)
        return EvccSession(cfg, self.ev, now, wall=self.wall + now, tls=self.tls)

    def replace(self, **changes: Any) -> Pnc20Setup:
        return dataclasses.replace(self, **changes)


class Tamper20:
    """An EVCC whose -20 requests pass through ``edit(message) -> message`` (decoded; the
    SupportedAppProtocolReq passes untouched)."""

    def __init__(self, evcc: EvccSession, edit: Callable[[Any], Any]) -> None:
        self._evcc = evcc
        self._edit = edit

    def __getattr__(self, name: str) -> Any:
        return getattr(self._evcc, name)

    def data_to_send(self) -> list[tuple[int, bytes]]:
        return edit_frames(self._evcc.data_to_send(), self._edit)


def edit_frames(frames: list[tuple[int, bytes]], edit: Callable[[Any], Any]) -> list[tuple[int, bytes]]:
    """The (payload type, EXI) frames of an EVCC with each -20 message passed through
    ``edit(message) -> message`` (SupportedAppProtocol and what does not decode pass untouched)."""
    out = []
    for pt, data in frames:
        schema = {0x8002: "iso20", 0x8003: "iso20-ac", 0x8004: "iso20-dc"}.get(pt)
        if schema is None:
            out.append((pt, data))
            continue
        try:
            message = exi.decode(data, schema)
        except exi.ExiError:
            out.append((pt, data))
            continue
        out.append((pt, exi.encode(edit(message), check_facets=False)))
    return out


def on_pnc_request(edit: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """An edit applied to the PnC AuthorizationReq only (every other message passes untouched)."""

    def apply(message: Any) -> Any:
        if isinstance(message, c.AuthorizationReq) and message.PnC_AReqAuthorizationMode is not None:
            return edit(message)
        return message

    return apply


def with_pnc_mode(message: c.AuthorizationReq, **changes: Any) -> c.AuthorizationReq:
    """The AuthorizationReq with fields of its PnC_AReqAuthorizationMode replaced."""
    mode = message.PnC_AReqAuthorizationMode
    assert mode is not None
    return dataclasses.replace(message, PnC_AReqAuthorizationMode=dataclasses.replace(mode, **changes))
