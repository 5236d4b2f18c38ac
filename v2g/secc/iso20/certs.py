"""ISO 15118-20 SECC CertificateInstallation (Plug & Charge, after AuthorizationSetup offered it,
before the PnC AuthorizationReq; repeatable while the car installs several contracts).

Offered (AuthorizationSetupRes CertificateInstallationService true) where PnC is offered. The
car's signed request is forwarded as received (its EXI, ``Backend.get_15118_ev_certificate`` with
the -20 schema, OCPP Get15118EVCertificate): judging it is the certificate service's job. Its
answer is relayed as it came (body and the service's Signature, in this session's header; the
SECC's own SessionID and time stamp). The SECC waits for the service at most
``SeccTimeouts.certificate`` (within the car's 5 s message timeout, no Ongoing answer is built:
a CertificateInstallationRes needs the chain and the installation data) and answers FAILED after
that. The GenChallenge of AuthorizationSetupRes stays open for the authorization that follows.
An answer with ECDHCurve X448 is sent without the schema's facet checks: its DHPublicKey is 56
bytes without padding [V2G20-2495], where dhPublicKeyType has length 133.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from exi.iso20 import generated_types as c
from v2g.certificates import INSTALL, CertificateRequest
from v2g.certificates20 import ISO20_SCHEMA
from v2g.errors import SessionError
from v2g.secc._certservice import forward
from v2g.secc._machine import SeccContext
from v2g.secc._spec import Reply, Rx
from v2g.secc.iso20.pnc import pnc_offered


def certificate_installation(ctx: SeccContext, req: c.CertificateInstallationReq, rx: Rx) -> Reply:
    pnc = pnc_offered(ctx)
    if pnc is None:
        raise SessionError("FAILED", "CertificateInstallation is not offered on this connection")

    def relay(res: Any) -> Reply:
        if not isinstance(res, c.CertificateInstallationRes):
            raise SessionError("FAILED", f"certificate service answered {type(res).__name__}")
        body = dataclasses.replace(res, Header=c.MessageHeaderType(SessionID=bytes(8), TimeStamp=0))
        # [V2G20-2495]: an X448 DHPublicKey is 56 bytes, unpadded, though dhPublicKeyType says 133
        x448 = res.SignedInstallationData.ECDHCurve == c.ecdhCurveType.X448
        return Reply(body, signature=res.Header.Signature, check_facets=not x448)

    request = CertificateRequest(rx.data, INSTALL, ISO20_SCHEMA, wall=rx.wall)
    return forward(ctx, pnc.backend, rx, request, "iso20", relay)
