"""ISO 15118-2 SECC CertificateInstallation and CertificateUpdate (Plug & Charge, after
PaymentServiceSelection(Contract), before PaymentDetails).

The car's signed request is forwarded as received (its EXI, ``Backend.get_15118_ev_certificate``,
OCPP Get15118EVCertificate): the SECC does not judge its content, which is the certificate
service's job (a peer may list a root or a service in ways a strict reading would refuse). The
answer is relayed as it came (body and the service's Signature, in this session's header). No
Ongoing is allowed here, so the SECC polls the service for at most ``SeccTimeouts.certificate``
(within the car's 5 s message timeout) and answers FAILED after that.
"""

from __future__ import annotations

from typing import Any

from exi.iso2 import generated_types as m
from v2g.certificates import INSTALL, UPDATE, CertificateRequest
from v2g.errors import SessionError
from v2g.secc._certservice import forward
from v2g.secc._machine import SeccContext
from v2g.secc._spec import ADVANCE, Reply, Rx
from v2g.secc.iso2.pnc import pnc_of


def _forward(ctx: SeccContext, rx: Rx, action: str, response: type) -> Reply:
    pnc = pnc_of(ctx)
    if pnc is None:
        raise SessionError("FAILED", "no Plug & Charge on this connection")

    def relay(message: Any) -> Reply:
        body = message.Body.BodyElement
        if not isinstance(body, response):
            raise SessionError("FAILED", f"certificate service answered {type(body).__name__}")
        return Reply(body, ADVANCE, signature=message.Header.Signature)

    request = CertificateRequest(rx.data, action, wall=rx.wall)
    return forward(ctx, pnc.backend, rx, request, "iso2", relay)


def certificate_installation(ctx: SeccContext, req: m.CertificateInstallationReq, rx: Rx) -> Reply:
    return _forward(ctx, rx, INSTALL, m.CertificateInstallationRes)


def certificate_update(ctx: SeccContext, req: m.CertificateUpdateReq, rx: Rx) -> Reply:
    return _forward(ctx, rx, UPDATE, m.CertificateUpdateRes)
