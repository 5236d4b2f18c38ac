"""Forwarding a car's CertificateInstallationReq / CertificateUpdateReq to the certificate service,
shared by ISO 15118-2 and ISO 15118-20: the request goes as received (``Backend.
get_15118_ev_certificate``); the SECC waits for the answer at most ``SeccTimeouts.certificate``
and answers FAILED when the service refuses or answers EXI it cannot decode."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import exi
from v2g.backend import Backend
from v2g.certificates import CertificateRequest
from v2g.errors import SessionError
from v2g.secc._machine import SeccContext
from v2g.secc._spec import Reply, Rx


def forward(
    ctx: SeccContext,
    backend: Backend,
    rx: Rx,
    request: CertificateRequest,
    schema: str,
    relay: Callable[[Any], Reply],
) -> Reply:
    """Send ``request`` and wait for the service; ``relay`` builds the reply from its decoded
    answer (the whole document) and raises where it is not the response expected."""
    backend.get_15118_ev_certificate(request, rx.now)

    def wait(now: float) -> Reply | None:
        result = backend.ev_certificate_result(request, now)
        if result is None:
            return None
        if result.status != "Accepted":
            raise SessionError("FAILED", f"certificate service: {result.status} {result.reason}".strip())
        try:
            answer = exi.decode(result.exi_response, schema)
        except exi.ExiError as exc:
            raise SessionError("FAILED", f"certificate service answered undecodable EXI: {exc}") from exc
        return relay(answer)

    return Reply(None, wait=wait, deadline=rx.now + ctx.config.timeouts.certificate)
