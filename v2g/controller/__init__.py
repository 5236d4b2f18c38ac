"""What the session machines ask of the charger and of the car, with simulated defaults.

Charger firmware: :mod:`v2g.controller.evse` (:class:`PowerStage` and the services beside it,
:class:`Authorization`, :class:`ScheduleProvider`, :class:`Meter`; :class:`EvseController` is all
of them in one object). The car: :class:`EvController`. The values they exchange:
:mod:`v2g.controller._values`. A worked example: docs/controller.md.

Rules for every controller (house rule 3):

- Calls never block. A long operation is *started* by one call and *polled* by another
  (``start_cable_check`` then ``cable_check_status(now)``; ``start_authorization`` then
  ``authorization_status(now)``; ``compute_schedules`` returns None while pending). While an answer
  is pending the SECC replies ``EVSEProcessing=Ongoing``.
- Time is passed in as ``now`` (seconds on the caller's monotonic clock); a controller never reads
  a clock.
- Values are plain floats in SI units (V, A, W, Wh, s); the machines turn them into PhysicalValues.

The simulated controllers are deterministic models used by tests and the demo:
:class:`SimulatedDcEvse` (a power stage that ramps its output voltage, an isolation monitor that
takes a while to check the cable), :class:`SimulatedAcEvse` (contactors and a current limit) and
:class:`SimulatedAcDcEvse` (both behind one connector, the EV's request picks one) and
:class:`SimulatedEv` (a battery whose SoC rises with the energy delivered). Bidirectional power
(ISO 15118-20 BPT) and the charger's Dynamic targets: :mod:`v2g.controller.bpt` (optional
interfaces) and :mod:`v2g.controller.simulated_bpt` (:class:`SimulatedBptDcEvse`,
:class:`SimulatedBptAcEvse`, :class:`SimulatedBptEv`).
"""

from __future__ import annotations

from v2g.controller._values import (
    AcEvseLimits,
    AuthStatus,
    DcEvseLimits,
    EnergyMode,
    EnergyRequest,
    EvseStatus,
    Isolation,
    Notification,
    Schedule,
    TariffEntry,
)
from v2g.controller.bpt import (
    NO_TARGETS,
    BidirectionalAc,
    BidirectionalEv,
    DynamicControl,
    DynamicTargets,
    MobilityNeeds,
)
from v2g.controller.ev import EvController
from v2g.controller.evse import (
    Authorization,
    EvseController,
    EvseServices,
    Meter,
    PowerStage,
    ScheduleProvider,
)
from v2g.controller.simulated import SimulatedAcDcEvse, SimulatedAcEvse, SimulatedDcEvse
from v2g.controller.simulated_bpt import SimulatedBptAcEvse, SimulatedBptDcEvse, SimulatedBptEv
from v2g.controller.simulated_ev import SimulatedEv

__all__ = [
    "NO_TARGETS",
    "AcEvseLimits",
    "AuthStatus",
    "Authorization",
    "BidirectionalAc",
    "BidirectionalEv",
    "DcEvseLimits",
    "DynamicControl",
    "DynamicTargets",
    "EnergyMode",
    "EnergyRequest",
    "EvController",
    "EvseController",
    "EvseServices",
    "EvseStatus",
    "Isolation",
    "Meter",
    "MobilityNeeds",
    "Notification",
    "PowerStage",
    "Schedule",
    "ScheduleProvider",
    "SimulatedAcDcEvse",
    "SimulatedAcEvse",
    "SimulatedBptAcEvse",
    "SimulatedBptDcEvse",
    "SimulatedBptEv",
    "SimulatedDcEvse",
    "SimulatedEv",
    "TariffEntry",
]
