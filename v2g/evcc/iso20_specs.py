"""Every ISO 15118-20 EVCC spec by (service, control): what ``v2g evcc --protocol iso20
--service dc|ac|dc_bpt|ac_bpt --control scheduled|dynamic`` registers. The EV selects the service
(DC 2, AC 1, DC_BPT 6, AC_BPT 5) and the first parameter set with that control mode the SECC
offers (Dynamic: one with MobilityNeedsMode 2 first). A BPT spec needs an EV controller that can
discharge (:class:`~v2g.controller.BidirectionalEv`, e.g. ``SimulatedBptEv``). ``dc*`` specs have
the namespace NS_ISO20_DC, ``ac*`` ones NS_ISO20_AC."""

from __future__ import annotations

from v2g.evcc._spec import EvccSpec
from v2g.evcc.iso20 import DC_BPT_DYNAMIC_SPEC, DC_BPT_SPEC, DYNAMIC_SPEC, SPEC
from v2g.evcc.iso20_ac import AC_BPT_DYNAMIC_SPEC, AC_BPT_SPEC, AC_DYNAMIC_SPEC, AC_SPEC

SPECS: dict[tuple[str, str], EvccSpec] = {
    ("dc", "scheduled"): SPEC,
    ("dc", "dynamic"): DYNAMIC_SPEC,
    ("ac", "scheduled"): AC_SPEC,
    ("ac", "dynamic"): AC_DYNAMIC_SPEC,
    ("dc_bpt", "scheduled"): DC_BPT_SPEC,
    ("dc_bpt", "dynamic"): DC_BPT_DYNAMIC_SPEC,
    ("ac_bpt", "scheduled"): AC_BPT_SPEC,
    ("ac_bpt", "dynamic"): AC_BPT_DYNAMIC_SPEC,
}

__all__ = ["SPECS"]
