"""The ISO 15118-20 energy services this stack can run, found by name in the specs its machines
export: what `v2g secc` / `v2g evcc --protocol iso20 --service S --control C`, the demo and the
servers' built-in -20 protocols use.

A service is ``dc``, ``ac``, ``dc_bpt`` or ``ac_bpt`` (-20 services 2, 1, 6, 5), a control mode
``scheduled`` or ``dynamic``. The specs are module attributes named after them:

- EVCC (any module ``v2g.evcc.iso20*``): ``{S}_{C}_SPEC`` with the service in upper case, the
  control ``SCHEDULED`` or ``DYNAMIC``, or ``{S}_SPEC`` / ``{S}_DYNAMIC_SPEC`` (Scheduled the
  default); the DC ones also plain ``SPEC`` / ``DYNAMIC_SPEC``.
- SECC (``v2g.secc.iso20`` and its modules): ``{S}_{C}_SPEC`` for one control mode, else
  ``{S}_SPEC`` (the SECC offers both); DC also plain ``SPEC``.

A spec added under such a name is picked up without an edit here; an unknown service or one whose
machines are not there yet is a :class:`UnknownService` naming those that are.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from types import ModuleType
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


def _names(service_name: str, control: str | None, *, evcc: bool) -> list[str]:
    base = service_name.upper()
    names = []
    if control is not None:
        names.append(f"{base}_{control.upper()}_SPEC")
        if evcc and control == "dynamic":
            names.append(f"{base}_DYNAMIC_SPEC")
    if control in (None, "scheduled") or not evcc:
        names.append(f"{base}_SPEC")
    if service_name == "dc":  # the DC machines came first: SPEC / DYNAMIC_SPEC
        names += [n.removeprefix("DC_") for n in names]
    return names


def _modules(package: str, prefix: str) -> list[ModuleType]:
    root = importlib.import_module(package)
    found = []
    for info in pkgutil.iter_modules(getattr(root, "__path__", [])):
        if info.name.startswith(prefix) and not info.name.startswith("__"):
            found.append(importlib.import_module(f"{package}.{info.name}"))
    return found


def _find(modules: list[ModuleType], names: list[str], kind: type, namespace: str) -> Any:
    for name in names:
        for module in modules:
            value = getattr(module, name, None)
            if isinstance(value, kind) and getattr(value, "namespace", None) == namespace:
                return value
    return None


def _check_control(control: str | None) -> None:
    if control is not None and control not in CONTROLS:
        raise UnknownService(f"unknown control mode {control!r} (one of {', '.join(CONTROLS)})")


@cache
def _evcc_lookup(service_name: str, control: str) -> Any:
    from v2g.evcc._spec import EvccSpec

    names = _names(service_name, control, evcc=True)
    namespace = service(service_name).protocol.namespace
    return _find(_modules("v2g.evcc", "iso20"), names, EvccSpec, namespace)


@cache
def _secc_lookup(service_name: str, control: str | None) -> Any:
    from v2g.secc._spec import SeccSpec

    modules = _modules("v2g.secc.iso20", "")
    namespace = service(service_name).protocol.namespace
    return _find([importlib.import_module("v2g.secc.iso20"), *modules],
                 _names(service_name, control, evcc=False), SeccSpec, namespace)


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
