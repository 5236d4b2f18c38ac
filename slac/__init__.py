"""ISO 15118-3 SLAC: HomePlug Green PHY management messages and association machines.

Public API: :func:`decode` (a whole Ethernet frame -> message), :func:`encode` (message -> whole frame,
zero-padded to 60 bytes) and :class:`SlacError`, the base of every error of the package; the sans-IO
machines :class:`EvSlac` and :class:`EvseSlac` with their frozen configs. I/O lives in ``slac.aio``.
This package imports nothing from ``v2g``.
"""

from slac.config import EvConfig, EvseConfig, SetKeySuccess, Timing
from slac.errors import SlacError
from slac.ev import EvSlac
from slac.evse import EvseSlac
from slac.messages import Mme, UnknownMme, decode, encode

__all__ = [
    "EvConfig", "EvSlac", "EvseConfig", "EvseSlac", "Mme", "SetKeySuccess", "SlacError", "Timing",
    "UnknownMme", "decode", "encode",
]
