"""The SECC's backend over OCPP (extra ``[ocpp]``): :class:`OcppBackend` (an OCPP 2.0.1 or 1.6J client
on the ``ocpp`` library) and :class:`TestCsms` (a small CSMS for tests and the demo). See docs/ocpp.md."""

from __future__ import annotations

from v2g.ocpp.aio_client import OcppBackend, OcppConfig
from v2g.ocpp.aio_csms import CsmsConfig, TestCsms, tx_default_profile
from v2g.ocpp.mapping import CsmsAnswerError

__all__ = ["CsmsAnswerError", "CsmsConfig", "OcppBackend", "OcppConfig", "TestCsms", "tx_default_profile"]
