"""The ResponseCodes of the ISO 15118-20 SECC against the -20 schema: every code literal of the -20
SECC modules (Plug & Charge, metering and the rest) and of the backend mapping is a value of
responseCodeType in ``../shared/schemas/iso20/V2G_CI_CommonTypes.xsd`` (a misspelt one would
go out as plain FAILED, the fallback of ``v2g.minimal.failed_response``); the PnC and metering
codes are the ones docs/pnc.md lists; and each certificateStatus the backend may refuse with gets
its -20 code in a session, both algorithm families."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest

import v2g.secc.iso20 as secc20_package
from exi.iso20 import generated_types as c
from tests.pnc._pnc20 import Pnc20Setup
from tests.sessions._session_harness import pump
from v2g import signing
from v2g.backend import AuthorizeRequest, AuthorizeResult, CertificateStatus, IdTokenStatus, LocalBackend
from v2g.secc.iso20.pnc import BACKEND_WARNINGS

ROOT = Path(__file__).resolve().parents[2]
XSD = ROOT / ".." / "shared" / "schemas" / "iso20" / "V2G_CI_CommonTypes.xsd"
SECC20 = Path(secc20_package.__file__).parent
CODE = re.compile(r'"((?:OK|WARNING|FAILED)(?:_[A-Za-z]+)?)"')
XS = "{http://www.w3.org/2001/XMLSchema}"


@cache
def schema_codes() -> frozenset[str]:
    tree = ET.parse(XSD)
    (simple,) = [t for t in tree.iter(f"{XS}simpleType") if t.get("name") == "responseCodeType"]
    return frozenset(str(e.get("value")) for e in simple.iter(f"{XS}enumeration"))


def _literals(path: Path) -> set[str]:
    return set(CODE.findall(path.read_text()))


def test_the_generated_enumeration_is_the_schemas() -> None:
    assert {m.value for m in c.responseCodeType} == schema_codes()


@pytest.mark.parametrize("module", sorted(p.name for p in SECC20.glob("*.py")))
def test_every_code_of_the_iso20_secc_is_a_schema_value(module: str) -> None:
    assert _literals(SECC20 / module) <= schema_codes()


def test_backend_and_signature_codes_are_schema_values() -> None:
    assert set(BACKEND_WARNINGS.values()) <= schema_codes()
    assert signing.RESPONSE_CODE in schema_codes()  # FAILED_SignatureError


def test_pnc_and_metering_codes_are_documented() -> None:
    """docs/pnc.md's -20 tables name every code the PnC and metering handlers answer with."""
    docs = (ROOT / "docs" / "pnc.md").read_text()
    section = docs[docs.index("## ISO 15118-20 Plug & Charge") :]
    used = (_literals(SECC20 / "pnc.py") | _literals(SECC20 / "metering.py")) - {"OK"}
    assert used >= {"WARNING_ChallengeInvalid", "FAILED_MeteringSignatureNotValid"}
    missing = {code for code in used if f"`{code}`" not in section}
    assert not missing, missing


@pytest.mark.parametrize("family", ["p521", "ed448"])
@pytest.mark.parametrize(
    "status",
    [s for s in CertificateStatus if s is not CertificateStatus.ACCEPTED] + [None],
    ids=lambda s: "none" if s is None else s.value,
)
def test_backend_refusal_codes(family: str, status: CertificateStatus | None) -> None:
    """The authorization service refuses (idToken Blocked, or Unknown without a certificate
    status): AuthorizationRes carries the -20 code of its certificateStatus."""

    class Refusing(LocalBackend):
        def decide(self, request: AuthorizeRequest, now: float) -> AuthorizeResult:
            if status is None:
                return AuthorizeResult(IdTokenStatus.UNKNOWN)
            return AuthorizeResult(IdTokenStatus.BLOCKED, status)

    setup = Pnc20Setup(family, backend=Refusing())
    run = pump(setup.secc(), setup.evcc())
    (res,) = run.bodies("AuthorizationRes")
    expected = BACKEND_WARNINGS.get(status, "WARNING_GeneralPnCAuthorizationError") if status else None
    assert str(res["ResponseCode"]) == (expected or "WARNING_GeneralPnCAuthorizationError")
    assert str(res["EVSEProcessing"]) == "Finished" and run.requests()[-1] == "SessionStopReq"
    if status in (CertificateStatus.SIGNATURE_ERROR, CertificateStatus.CERT_CHAIN_ERROR):
        assert str(res["ResponseCode"]) == "WARNING_CertificateValidationError"
    if status is CertificateStatus.CONTRACT_CANCELLED:
        assert str(res["ResponseCode"]) == "WARNING_GeneralPnCAuthorizationError"
