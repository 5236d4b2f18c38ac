"""Typed errors of the EXI codec. Every failure of the codec is an ``ExiError``."""

from __future__ import annotations


class ExiError(Exception):
    """Base of every codec error. ``bit`` is the stream position (in bits) where it happened."""

    def __init__(self, message: str, bit: int | None = None) -> None:
        self.bit = bit
        super().__init__(message if bit is None else f"{message} (at bit {bit})")


class ExiDecodeError(ExiError):
    """The input is not a valid EXI stream for the chosen grammar."""


class ExiTruncatedError(ExiDecodeError):
    """The input ends before the document does, or a declared length exceeds the bytes left."""


class ExiUnsupportedError(ExiDecodeError):
    """Valid EXI that this codec deliberately does not handle (e.g. second-level events)."""


class ExiEncodeError(ExiError):
    """The message cannot be encoded: a missing field, a value outside its facets, a wrong type."""


class ExiSchemaError(ExiError):
    """Unknown schema key or a message class that belongs to no schema set."""
