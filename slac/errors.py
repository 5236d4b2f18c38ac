"""Typed errors of the SLAC package. :class:`SlacError` is the base of every one of them."""

from __future__ import annotations


class SlacError(Exception):
    """Base of every error raised by the ``slac`` package."""


class FrameError(SlacError):
    """A frame could not be decoded."""


class TruncatedFrameError(FrameError):
    """The frame ends before a field it announces (header, payload or a counted list)."""


class NotHomePlugError(FrameError):
    """The Ethernet frame does not carry ethertype 0x88E1."""


class UnsupportedMmvError(FrameError):
    """The management message version is not one this codec knows (0, 1 or 2)."""


class EncodeError(SlacError):
    """A message cannot be encoded: a field has the wrong size or is out of range."""


class ConfigError(SlacError, ValueError):
    """A configuration value is invalid."""


class StateError(SlacError):
    """A machine was asked to do something its current state does not allow."""


class ModemError(SlacError):
    """The local modem did not answer or refused a request (adapter level)."""
