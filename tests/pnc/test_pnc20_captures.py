"""The ISO 15118-20 captures in ``../shared/captures/dsV2Gshark`` (a dSPACE DS5366 car against
Josev, TLS 1.3 and mutual TLS, decrypted with the TLS secrets the DS5366 discloses in the captures)
carry no Plug & Charge message to verify: the SECC offers EIM only (AuthorizationSetupRes
AuthorizationServices = [EIM], CertificateInstallationService false), the car selects EIM, and no
message of either session has a header Signature (no PnC AuthorizationReq, CertificateInstallation,
MeteringConfirmation or signed price schedule). The test says so, and verifies with our -20
signature code any signed message a later capture in that folder brings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cryptography import x509

from exi.iso20 import generated_types as c
from v2g import signing
from v2g.capture import sessions

FOLDER = Path(__file__).resolve().parents[2] / ".." / "shared" / "captures" / "dsV2Gshark"
_SECRET = re.compile(rb"((?:CLIENT|SERVER)_[A-Z_]*TRAFFIC_SECRET(?:_0)?) ([0-9a-f]{64}) ([0-9a-f]{64,128})")
CAPTURES = sorted(p.name for p in FOLDER.glob("ISO-20_*TLS*.pcapng")) if FOLDER.exists() else []


def _messages(name: str) -> list[object]:
    path = FOLDER / name
    lines = sorted({b" ".join(m.groups()).decode() for m in _SECRET.finditer(path.read_bytes())})
    out: list[object] = []
    for s in sessions(path, "\n".join(lines) + "\n"):
        if s.schema.startswith("iso20"):
            out += [m.message for m in (*s.requests, *s.responses)]
    return out


@pytest.mark.skipif(not CAPTURES, reason="../shared/captures/dsV2Gshark not present")
@pytest.mark.parametrize("name", CAPTURES)
def test_iso20_captures_carry_no_pnc(name: str) -> None:
    messages = _messages(name)
    assert len(messages) > 20  # decrypted: the whole session is there
    setups = [m for m in messages if isinstance(m, c.AuthorizationSetupRes)]
    assert setups and all(list(m.AuthorizationServices) == [c.authorizationType.EIM] for m in setups)
    assert not any(m.CertificateInstallationService for m in setups)
    auth = [m for m in messages if isinstance(m, c.AuthorizationReq)]
    assert auth and all(m.SelectedAuthorizationService is c.authorizationType.EIM for m in auth)
    signed = [m for m in messages if getattr(getattr(m, "Header", None), "Signature", None) is not None]
    for m in signed:  # none today; a PnC AuthorizationReq would be checked with its contract leaf
        if isinstance(m, c.AuthorizationReq) and m.PnC_AReqAuthorizationMode is not None:
            leaf = x509.load_der_x509_certificate(
                m.PnC_AReqAuthorizationMode.ContractCertificateChain.Certificate
            )
            signing.verify(m, leaf, profile="iso20")
    assert signed == [], [type(m).__name__ for m in signed]
