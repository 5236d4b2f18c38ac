"""One class per XSD type: the xmldsig classes and the ISO 15118-20 CommonTypes classes are generated
once (in ``exi.xmldsig`` and ``exi.iso20``) and every set that imports those schemas re-exports them;
each set keeps its own grammar, chosen by the set being encoded (the top-level class, or the schema
named where a shared class alone is coded)."""

from __future__ import annotations

import base64
import dataclasses
import importlib
import json
import re
from types import ModuleType

import pytest

import exi
from exi.iso2 import generated_types as I2
from exi.iso20 import generated_types as C
from exi.iso20_dc import generated_types as D
from exi.xmldsig import generated_types as X

XMLDSIG_SETS = ("din", "iso2", "iso20", "iso20-ac", "iso20-dc", "iso20-wpt", "iso20-acdp")
COMMON_TYPES_SETS = ("iso20-ac", "iso20-dc", "iso20-wpt", "iso20-acdp")
DC_LOOP_REQ = "8034041ea65fc99ba76c4d8cdbfe1b6062810012006464000a02002400ca"  # cbV2G unit-test vector
C14N = "http://www.w3.org/TR/canonical-exi/"
ECDSA = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512"


def _types(key: str) -> ModuleType:
    return importlib.import_module(f"exi.{exi.SCHEMAS[key]}.generated_types")


def test_shared_classes_are_one_object() -> None:
    assert D.MessageHeaderType is C.MessageHeaderType
    assert D.responseCodeType is C.responseCodeType  # enumerations too
    assert I2.SignedInfo is X.SignedInfo is D.SignedInfo is C.SignedInfo
    for key in XMLDSIG_SETS:
        m = _types(key)
        for name in X.__all__:
            assert name in m.__all__, (key, name)
            assert getattr(m, name) is getattr(X, name), (key, name)
    for key in COMMON_TYPES_SETS:  # each set has the CommonTypes classes it uses
        m = _types(key)
        used = [name for name in m.__all__ if name in C.SHARED]
        assert "MessageHeaderType" in used and "RationalNumberType" in used
        for name in used:
            assert getattr(m, name) is getattr(C, name), (key, name)
    # a set's own classes are its own (CommonMessages stays in iso20, DC derives from CommonTypes)
    assert "SessionSetupReq" in C.__all__ and not hasattr(D, "SessionSetupReq")
    assert issubclass(D.DC_ChargeLoopReqType, C.ChargeLoopReqType)


def test_one_class_per_xsd_declaration() -> None:
    """Over every generated module, each XSD complex type and global element has one class."""
    seen: dict[str, set[int]] = {}
    for key in exi.SCHEMAS:
        m = _types(key)
        for name in m.__all__:
            cls = getattr(m, name)
            found = re.match(r"(XSD complex type|Global element) (\{[^}]*\}\w+)", cls.__doc__ or "")
            if found:
                seen.setdefault(found.group(0), set()).add(id(cls))
    assert seen
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}
    assert len(seen["XSD complex type {urn:iso:std:iso:15118:-20:CommonTypes}MessageHeaderType"]) == 1


def _signature(uri: str = "#id1") -> X.Signature:
    return X.Signature(
        SignedInfo=X.SignedInfo(
            CanonicalizationMethod=X.CanonicalizationMethod(Algorithm=C14N),
            SignatureMethod=X.SignatureMethod(Algorithm=ECDSA),
            Reference=(X.Reference(URI=uri, Transforms=X.Transforms(Transform=(X.Transform(Algorithm=C14N),)),
                                   DigestMethod=X.DigestMethod(Algorithm=ECDSA),
                                   DigestValue=base64.b64decode("AQIDBAUGBw==")),)),
        SignatureValue=X.SignatureValue(value=bytes(range(64))))


def test_dc_message_with_the_shared_header_round_trips() -> None:
    data = bytes.fromhex(DC_LOOP_REQ)
    msg = exi.decode(data, "iso20-dc")
    assert type(msg) is D.DC_ChargeLoopReq
    assert type(msg.Header) is C.MessageHeaderType
    assert exi.encode(msg) == data
    assert exi.from_dict(exi.to_dict(msg), "iso20-dc") == msg
    # with a header Signature (xmldsig's classes inside CommonTypes' header inside a DC message)
    signed = dataclasses.replace(msg, Header=dataclasses.replace(msg.Header, Signature=_signature()))
    again = exi.decode(exi.encode(signed), "iso20-dc")
    assert again == signed
    assert type(again.Header.Signature) is X.Signature
    assert exi.from_dict(exi.to_dict(signed), "iso20-dc") == signed


def test_iso2_message_with_a_signature_round_trips() -> None:
    body = I2.BodyType(BodyElement=I2.AuthorizationReq(Id="ID1", GenChallenge=bytes(16)))
    msg = I2.V2G_Message(Header=I2.MessageHeaderType(SessionID=bytes(8), Signature=_signature("#ID1")),
                         Body=body)
    data = exi.encode(msg)
    back = exi.decode(data, "iso2")
    assert back == msg
    assert type(back.Header.Signature.SignedInfo) is X.SignedInfo
    assert exi.encode(back) == data
    assert exi.from_dict(exi.to_dict(msg), "iso2") == msg


def test_a_shared_class_coded_alone_needs_its_schema() -> None:
    """The global-element context differs per set (document and fragment event codes, what a
    wildcard may hold): coding a shared class on its own names the set."""
    sig = _signature()
    with pytest.raises(exi.ExiSchemaError, match="schema"):
        exi.encode(sig)
    with pytest.raises(exi.ExiSchemaError, match="schema"):
        exi.encode_fragment(sig.SignedInfo)
    with pytest.raises(exi.ExiSchemaError, match="schema"):
        exi.to_dict(sig)
    with pytest.raises(exi.ExiSchemaError, match="schema"):
        exi.to_xml(sig)
    documents = {key: exi.encode(sig, key) for key in ("xmldsig", "iso2", "iso20-dc")}
    fragments = {key: exi.encode_fragment(sig.SignedInfo, key) for key in ("xmldsig", "iso2", "iso20-dc")}
    for key in documents:
        assert exi.decode(documents[key], key) == sig
        assert exi.decode_fragment(fragments[key], key) == sig.SignedInfo
        assert exi.from_dict(exi.to_dict(sig, key), key) == sig
    assert len(set(documents.values())) == 3  # each set's own document grammar
    assert len(set(fragments.values())) == 3  # and fragment grammar
    assert fragments["iso2"][:2] == bytes.fromhex("80d0")  # iso2 fragment grammar: SignedInfo = 208


def test_wildcard_content_follows_the_set_being_encoded() -> None:
    """KeyInfo (xmldsig's class in every set) holds, in its ##other wildcard, a global element of
    the set it is coded in: an iso2 element is declared content in iso2, not in -20 DC."""
    info = X.KeyInfo(Id="k", any_=(I2.AuthorizationReq(GenChallenge=bytes(16)),))
    data = exi.encode_fragment(info, "iso2")
    assert exi.decode_fragment(data, "iso2") == info
    with pytest.raises(exi.ExiEncodeError):
        exi.encode_fragment(info, "iso20-dc")


def test_cli_codes_a_shared_root_in_the_named_set(capsys: pytest.CaptureFixture[str]) -> None:
    from exi.__main__ import main

    data = exi.encode(_signature(), "iso2")
    assert main(["decode", "--schema", "iso2", data.hex()]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == exi.to_dict(_signature(), "iso2")
    assert main(["decode", "--schema", "iso2", "--xml", data.hex()]) == 0
    assert exi.to_xml(_signature(), "iso2") in capsys.readouterr().out
