"""Shared set-ups of the Plug & Charge tests: one PKI, SECC and EVCC sessions with contracts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import exi
from tls.pki import Pki, PkiConfig, create_pki
from tls.profiles import Role
from v2g.apphand import ISO2
from v2g.backend import LocalBackend, PlugAndCharge
from v2g.controller import EnergyMode, EvseServices, SimulatedAcEvse, SimulatedDcEvse, SimulatedEv
from v2g.evcc import EvccConfig, EvccSession
from v2g.evcc.pnc import ContractCredentials
from v2g.secc import SeccConfig, SeccSession, SessionStore

START = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
WALL = (START + dt.timedelta(days=30)).timestamp()
DC = EnergyMode.DC_EXTENDED
AC = EnergyMode.AC_THREE_PHASE

_PKIS: dict[str, Pki] = {}


def pki(name: str = "main") -> Pki:
    """A -2 PKI per name, made once per test process."""
    if name not in _PKIS:  # "short": a contract of 60 days (an update before it expires)
        days = {Role.CONTRACT_LEAF: 60} if name == "short" else {}
        _PKIS[name] = create_pki(PkiConfig("iso2", START, validity_days=days))
    return _PKIS[name]


@dataclass
class PncSetup:
    mode: EnergyMode = DC
    backend: LocalBackend = field(default_factory=LocalBackend)
    contract: ContractCredentials | None = None
    mo_roots: tuple[Any, ...] | None = None
    tls: bool = True
    evcc_tls: bool | None = None
    wall: float = WALL
    store: SessionStore = field(default_factory=SessionStore)
    payment_options: tuple[str, ...] = ("Contract", "ExternalPayment")
    cycles: int = 5
    evse: Any = None
    ev: SimulatedEv = field(default_factory=SimulatedEv)

    def __post_init__(self) -> None:
        if self.contract is None:
            self.contract = ContractCredentials.from_pki(pki())
        if self.mo_roots is None:
            self.mo_roots = (pki().certs[Role.MO_ROOT],)
        if self.evse is None:
            self.evse = SimulatedDcEvse() if self.mode.is_dc else SimulatedAcEvse()

    @property
    def pnc(self) -> PlugAndCharge:
        assert self.mo_roots is not None
        return PlugAndCharge(self.backend, self.mo_roots)

    def secc(self, now: float = 0.0, **config: Any) -> SeccSession:
        cfg = SeccConfig(
            protocols=(ISO2,), energy_modes=(self.mode,), payment_options=self.payment_options, **config
        )
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
        kw: dict[str, Any] = {
            "protocols": (ISO2,),
            "energy_mode": self.mode,
            "charging_loop_cycles": self.cycles,
            "contract": self.contract,
            **config,
        }
        tls = self.tls if self.evcc_tls is None else self.evcc_tls
        return EvccSession(EvccConfig(**kw), self.ev, now, wall=self.wall + now, tls=tls)

    def replace(self, **changes: Any) -> PncSetup:
        return dataclasses.replace(self, **changes)


class Tamper:
    """An EVCC whose requests pass through ``edit(message) -> message`` (decoded V2G_Message; the
    SupportedAppProtocolReq passes untouched): a car that lies, replays or breaks its signature."""

    def __init__(self, evcc: EvccSession, edit: Callable[[Any], Any]) -> None:
        self._evcc = evcc
        self._edit = edit

    def __getattr__(self, name: str) -> Any:
        return getattr(self._evcc, name)

    def data_to_send(self) -> list[tuple[int, bytes]]:
        out = []
        for pt, data in self._evcc.data_to_send():
            try:
                message = exi.decode(data, "iso2")
            except exi.ExiError:
                out.append((pt, data))
                continue
            out.append((pt, exi.encode(self._edit(message), check_facets=False)))
        return out


def body_of(message: Any) -> Any:
    return message.Body.BodyElement


def with_body(message: Any, body: Any) -> Any:
    return dataclasses.replace(message, Body=dataclasses.replace(message.Body, BodyElement=body))
