"""Property tests: random AuthorizationReq / MeteringReceiptReq contents sign and verify (also after
the wire), and any single-field change breaks verification."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import exi
from exi.iso2 import generated_types as T
from tls.pki import Pki
from tls.profiles import Role
from v2g import signing

_text = st.characters(blacklist_categories=("Cs",))
ids = st.text(_text, min_size=1, max_size=12)
session_ids = st.binary(min_size=1, max_size=8)


def _opt(s: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | s


METER_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "MeterID": st.text(_text, max_size=32),
    "MeterReading": _opt(st.integers(0, 2**64 - 1)),
    "SigMeterReading": _opt(st.binary(max_size=64)),
    "MeterStatus": _opt(st.integers(-(2**15), 2**15 - 1)),
    "TMeter": _opt(st.integers(-(2**63), 2**63 - 1)),
}
RECEIPT_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "Id": ids,
    "SessionID": session_ids,
    "SAScheduleTupleID": _opt(st.integers(1, 255)),
}
AUTH_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "Id": ids,
    "GenChallenge": st.binary(min_size=16, max_size=16),
}

meter_infos = st.builds(T.MeterInfoType, **METER_FIELDS)
receipts = st.builds(T.MeteringReceiptReq, MeterInfo=meter_infos, **RECEIPT_FIELDS)
authorizations = st.builds(T.AuthorizationReq, **AUTH_FIELDS)


def _message(body: Any, session_id: bytes) -> T.V2G_Message:
    return T.V2G_Message(Header=T.MessageHeaderType(SessionID=session_id), Body=T.BodyType(BodyElement=body))


def _changed(body: Any, data: st.DataObject) -> Any:
    """``body`` with exactly one field (of it or of its MeterInfo) set to a different value."""
    fields = dict(AUTH_FIELDS if isinstance(body, T.AuthorizationReq) else RECEIPT_FIELDS)
    if isinstance(body, T.MeteringReceiptReq):
        fields.update({"MeterInfo." + k: v for k, v in METER_FIELDS.items()})
    name = data.draw(st.sampled_from(sorted(fields)), label="field")
    if name.startswith("MeterInfo."):
        inner = name.split(".", 1)[1]
        old = getattr(body.MeterInfo, inner)
        new = data.draw(fields[name].filter(lambda v: v != old), label=name)
        return dataclasses.replace(body, MeterInfo=dataclasses.replace(body.MeterInfo, **{inner: new}))
    old = getattr(body, name)
    new = data.draw(fields[name].filter(lambda v: v != old), label=name)
    return dataclasses.replace(body, **{name: new})


@pytest.mark.parametrize("kind", ["AuthorizationReq", "MeteringReceiptReq"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), session_id=session_ids)
def test_random_contents_sign_verify_and_any_change_breaks(
    pki_iso2: Pki, kind: str, data: st.DataObject, session_id: bytes
) -> None:
    body = data.draw(authorizations if kind == "AuthorizationReq" else receipts, label="body")
    message = _message(body, session_id)
    role = Role.CONTRACT_LEAF
    signed = signing.sign(message, [body.Id], pki_iso2.keys[role])
    signing.verify(signed, pki_iso2.certs[role])
    received = exi.decode(exi.encode(signed), "iso2")
    signing.verify(received, pki_iso2.certs[role])
    changed = _changed(body, data)
    bad = dataclasses.replace(signed, Body=T.BodyType(BodyElement=changed))
    with pytest.raises(signing.SignatureError) as info:
        signing.verify(bad, pki_iso2.certs[role])
    assert info.value.part == "Reference"
    assert info.value.uri == "#" + body.Id
    assert info.value.response_code == "FAILED_SignatureError"
