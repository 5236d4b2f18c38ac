"""The public API surface: names, errors, the dict form's conventions, the CLI, class facets."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import exi
from exi.app import generated_types as app
from exi.din import generated_types as din

POLESTAR = bytes.fromhex("809a004011d019231636c790f800")  # DIN SessionSetupReq (public vector #55)


def test_api_names(exi_engine: str) -> None:
    for name in ("decode", "encode", "to_dict", "from_dict", "decode_fragment", "encode_fragment",
                 "ExiError", "ENGINE"):
        assert hasattr(exi, name)
    assert exi_engine == exi.ENGINE  # the engine the suite switched to
    assert set(exi.SCHEMAS) >= {"app", "din", "iso2", "iso20", "iso20-ac", "iso20-dc", "iso20-wpt",
                                "iso20-acdp"}
    for cls in (exi.ExiDecodeError, exi.ExiEncodeError, exi.ExiTruncatedError, exi.ExiUnsupportedError,
                exi.ExiSchemaError):
        assert issubclass(cls, exi.ExiError)


def test_dict_form() -> None:
    m = exi.decode(POLESTAR, "din")
    assert isinstance(m, din.V2G_Message)
    assert exi.to_dict(m) == {"V2G_Message": {"Header": {"SessionID": "00"},
                                              "Body": {"SessionSetupReq": {"EVCCID": "48c58db1e43e"}}}}
    assert isinstance(m.Body.BodyElement, din.SessionSetupReq)
    assert bytes.fromhex("48c58db1e43e") == m.Body.BodyElement.EVCCID


def test_empty_values_and_empty_elements() -> None:
    d = {"V2G_Message": {"Header": {"SessionID": ""}, "Body": {"SessionStopReq": {}}}}
    m = exi.from_dict(d, "din")
    data = exi.encode(m)
    assert exi.to_dict(exi.decode(data, "din")) == d
    # the empty SessionID is CH with length 0 (first level), never the second-level EE
    assert data[:3] == bytes.fromhex("809a00")


def test_lists_are_lists_and_enums_are_values() -> None:
    req = app.supportedAppProtocolReq(AppProtocol=(app.AppProtocolType(
        ProtocolNamespace="urn:din:70121:2012:MsgDef", VersionNumberMajor=2, VersionNumberMinor=0,
        SchemaID=1, Priority=1),))
    d = exi.to_dict(req)
    assert isinstance(d["supportedAppProtocolReq"]["AppProtocol"], list)
    res = app.supportedAppProtocolRes(ResponseCode=app.responseCodeType.OK_SuccessfulNegotiation, SchemaID=1)
    assert exi.to_dict(res) == {"supportedAppProtocolRes": {"ResponseCode": "OK_SuccessfulNegotiation",
                                                            "SchemaID": 1}}
    assert exi.decode(exi.encode(res), "app") == res


def test_classes_are_frozen_slotted_and_know_their_facets() -> None:
    p = app.AppProtocolType(ProtocolNamespace="x", VersionNumberMajor=1, VersionNumberMinor=0, SchemaID=1,
                            Priority=1)
    with pytest.raises(AttributeError):
        p.Priority = 2  # type: ignore[misc]
    assert not hasattr(p, "__dict__")
    assert app.AppProtocolType.FACETS["Priority"] == {"type": "priorityType", "minInclusive": 1,
                                                      "maxInclusive": 20}


def test_bad_dicts_and_messages() -> None:
    with pytest.raises(exi.ExiEncodeError):
        exi.from_dict({"V2G_Message": {"Header": {"SessionID": "zz"}}}, "din")
    with pytest.raises(exi.ExiEncodeError):
        exi.from_dict({"NoSuchRoot": {}}, "din")
    with pytest.raises(exi.ExiEncodeError):
        exi.from_dict({"V2G_Message": {"Header": {"SessionID": "00", "Bogus": 1}}}, "din")
    with pytest.raises(exi.ExiSchemaError):
        exi.encode(object())
    with pytest.raises(exi.ExiEncodeError, match="missing required"):
        exi.encode(din.V2G_Message(Header=din.MessageHeaderType(SessionID=b"\x00"), Body=None))  # type: ignore[arg-type]


def test_cli_roundtrip() -> None:
    out = subprocess.run([sys.executable, "-m", "exi", "decode", "--schema", "din", POLESTAR.hex()],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == exi.to_dict(exi.decode(POLESTAR, "din"))
    back = subprocess.run([sys.executable, "-m", "exi", "encode", "--schema", "din"], input=out,
                          capture_output=True, text=True, check=True).stdout
    assert back.strip() == POLESTAR.hex()
    bad = subprocess.run([sys.executable, "-m", "exi", "decode", "--schema", "din", "809a00"],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 1 and "error:" in bad.stderr


def test_substitution_resolves_type_instances() -> None:
    header = din.MessageHeaderType(SessionID=b"\x00")
    as_element = din.BodyType(BodyElement=din.SessionSetupReq(EVCCID=b"\x01"))
    data = exi.encode(din.V2G_Message(Header=header, Body=as_element))
    assert exi.decode(data, "din").Body == as_element
    # an instance of the member's type stands for the one member element of that type
    as_type = din.BodyType(BodyElement=din.SessionSetupReqType(EVCCID=b"\x01"))
    assert exi.encode(din.V2G_Message(Header=header, Body=as_type)) == data
    # a class no candidate element has is refused
    with pytest.raises(exi.ExiEncodeError, match="element's class"):
        exi.encode(din.V2G_Message(Header=header, Body=din.BodyType(
            BodyElement=din.MessageHeaderType(SessionID=b"")))) # type: ignore[arg-type]
