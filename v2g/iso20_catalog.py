"""The ISO 15118-20 energy services this stack can run, found by name in the specs its machines
export: what `v2g secc` / `v2g evcc --protocol iso20 --service S --control C`, the demo and the
servers' built-in -20 protocols use.

A service is ``dc``, ``ac``, ``dc_bpt`` or ``ac_bpt`` (-20 services 2, 1, 6, 5), a control mode
``scheduled`` or ``dynamic``. The specs are the machines' maps: ``v2g.evcc.iso20_specs.SPECS`` and
``v2g.secc.iso20.SPECS`` by (service, control), the SECC's control None meaning ``any`` (both
offered). Both are imported on first use; an unknown service or control mode is a
:class:`UnknownService` naming those there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from v2g import apphand
from v2g.controller import EnergyMode

SERVICES = ("dc", "ac", "dc_bpt", "ac_bpt")
CONTROLS = ("scheduled", "dynamic")
SERVICE_IDS = {"ac": 1, "dc": 2, "ac_bpt": 5, "dc_bpt": 6}


class UnknownService(ValueError):
    """A service or control mode the -20 machines do not export (the message names those they do)."""


@dataclass(frozen=True, slots=True)
class Service:
    name: str
    protocol: apphand.Protocol
    """The SupportedAppProtocol namespace it runs under (-20 DC or AC, major 1)."""

    @property
    def is_dc(self) -> bool:
        return self.protocol.namespace == apphand.NS_ISO20_DC

    @property
    def energy_mode(self) -> EnergyMode:
        return EnergyMode.DC_EXTENDED if self.is_dc else EnergyMode.AC_THREE_PHASE


def service(name: str) -> Service:
    if name not in SERVICES:
        raise UnknownService(f"unknown ISO 15118-20 service {name!r} (one of {', '.join(SERVICES)})")
    dc = name.startswith("dc")
    return Service(name, apphand.ISO20_DC if dc else apphand.ISO20_AC)


def protocols_for(modes: tuple[EnergyMode, ...] | list[EnergyMode]) -> tuple[apphand.Protocol, ...]:
    """The -20 namespaces for these energy modes: DC for a DC mode, AC for an AC one."""
    found = []
    if any(m.is_dc for m in modes):
        found.append(apphand.ISO20_DC)
    if any(not m.is_dc for m in modes):
        found.append(apphand.ISO20_AC)
    return tuple(found)


def _check_control(control: str | None) -> None:
    if control is not None and control not in CONTROLS:
        raise UnknownService(f"unknown control mode {control!r} (one of {', '.join(CONTROLS)})")


def _evcc_lookup(service_name: str, control: str) -> Any:
    from v2g.evcc.iso20_specs import SPECS

    return SPECS.get((service_name, control))


def _secc_lookup(service_name: str, control: str | None) -> Any:
    from v2g.secc.iso20 import SPECS

    return SPECS.get((service_name, control or "any"))


def evcc_spec(service_name: str, control: str = "scheduled") -> Any:
    """The EVCC's spec (:class:`v2g.evcc.EvccSpec`) for the service in that control mode."""
    _check_control(control)
    spec = _evcc_lookup(service(service_name).name, control)
    if spec is None:
        raise UnknownService(f"the EVCC has no ISO 15118-20 {service_name} {control} session yet "
                             f"(available: {', '.join(available('evcc')) or 'none'})")
    return spec


def secc_spec(service_name: str, control: str | None = None) -> Any:
    """The SECC's spec (:class:`v2g.secc.SeccSpec`) serving the service (``control`` None: both
    modes, as the SECC offers them)."""
    _check_control(control)
    spec = _secc_lookup(service(service_name).name, control)
    if spec is None:
        raise UnknownService(f"the SECC has no ISO 15118-20 {service_name} session yet "
                             f"(available: {', '.join(available('secc')) or 'none'})")
    return spec


def available(side: str) -> list[str]:
    """``service`` (SECC) or ``service/control`` (EVCC) names the machines export now."""
    if side == "secc":
        return [name for name in SERVICES if _secc_lookup(name, None) is not None]
    return [f"{name}/{control}" for name in SERVICES for control in CONTROLS
            if _evcc_lookup(name, control) is not None]
