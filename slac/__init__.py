"""ISO 15118-3 SLAC: HomePlug Green PHY management messages and association machines.

Public API: :func:`decode` (a whole Ethernet frame -> message), :func:`encode` (message -> whole frame,
zero-padded to 60 bytes) and :class:`SlacError`, the base of every error of the package.
This package imports nothing from ``v2g``.
"""

from slac.errors import SlacError
from slac.messages import Mme, UnknownMme, decode, encode

__all__ = ["Mme", "SlacError", "UnknownMme", "decode", "encode"]
