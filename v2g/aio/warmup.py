"""Get a process ready before the first car: the EXI grammars of the offered protocols loaded, and the
objects alive then kept out of the garbage collector's scans, so neither costs time in a session.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable

import exi
from v2g import apphand

__all__ = ["warm_up"]

_MESSAGE_SCHEMAS: dict[str, tuple[str, ...]] = {
    apphand.NS_ISO20_AC: ("iso20-ac",),
    apphand.NS_ISO20_DC: ("iso20-dc",),
    apphand.NS_ISO20_ACDP: ("iso20-acdp",),
    apphand.NS_ISO20_WPT: ("iso20-wpt",),
}
"""Namespace -> the schema sets, beside its main one, whose messages a session of it encodes."""


def warm_up(protocols: Iterable[apphand.Protocol], *, freeze_gc: bool) -> None:
    """Load the EXI grammars of the handshake and of ``protocols`` now, and build the engine's tables
    for them (the C engine's take about 12 ms per schema set), not when the first message is waiting;
    then, with ``freeze_gc``, take every object alive out of the cyclic garbage collector's scans
    (``gc.freeze``), so that a full collection never walks the codec tables (tens of milliseconds)
    in the middle of a charging loop."""
    schemas = {"app"}
    for protocol in protocols:
        schemas.add(apphand.NAMESPACE_SCHEMAS[protocol.namespace])
        schemas.update(_MESSAGE_SCHEMAS.get(protocol.namespace, ()))
    for schema in sorted(schemas):
        exi.prepare(schema)
    if freeze_gc:
        gc.freeze()
