"""EXI fragments for signatures: the message-schema fragment grammar and the xmldsig-only one.

Expected bytes: the C reference's published ``encode_iso2_exiFragment`` results (AuthorizationReq,
MeteringReceiptReq, SalesTariff) and ``encode_iso2_xmldsigFragment`` SignedInfo with two References,
as collected in ../shared/tools/exi-oracle/check_fragments.py; eMAID (relaxed element fragment
grammar, 8.5.3) and DHpublickey checked against EXIficient.
"""

from __future__ import annotations

import base64
import random

import pytest
from _exi_gen import Unwalkable, Walker
from hypothesis import given, settings
from hypothesis import strategies as st

import exi
from exi.iso2 import generated_types as T
from exi.xmldsig import generated_types as X

BODY = "urn:iso:15118:2:2013:MsgBody"
DATATYPES = "urn:iso:15118:2:2013:MsgDataTypes"
C14N = "http://www.w3.org/TR/canonical-exi/"
ECDSA512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512"
SIGNED_INFO = (
    "808112b43a3a381d1797bbbbbb973b999737b93397aa2917b1b0b737b734b1b0b616b2bc3497a1ab43a3a381d1797bbbbbb9"
    "73b999737b933979918181897981a17bc36b63239b4b396b6b7b93291b2b1b239b096b9b4309a98992205696431025687474"
    "703a2f2f7777772e77332e6f72672f54522f63616e6f6e6963616c2d6578692f486ad0e8e8e0745e5eeeeeee5cee665cdee4"
    "ce5e646060625e60685ef0dad8c8e6d2ce5adadee4ca46cac6c8e6c25ae6d0c26a626480e020406080a0c0e0815a590c8095"
    "a1d1d1c0e8bcbddddddcb9dcccb9bdc99cbd5148bd8d85b9bdb9a58d85b0b595e1a4bd21ab43a3a381d1797bbbbbb973b999"
    "737b933979918181897981a17bc36b63239b4b396b6b7b93291b2b1b239b096b9b4309a9899203808101820283038dc0")


def _reference(uri: str) -> X.Reference:
    # references to global elements (all of xmldsig's) hold instances of the element classes
    return X.Reference(
        URI=uri, Transforms=X.Transforms(Transform=(X.Transform(Algorithm=C14N),)),
        DigestMethod=X.DigestMethod(Algorithm=ECDSA512), DigestValue=base64.b64decode("AQIDBAUGBw=="))


CASES = [
    ("iso2", T.AuthorizationReq(GenChallenge=bytes(range(1, 17))),
     "8004420020406080a0c0e10121416181a1c1e207a0"),
    ("iso2", T.MeteringReceiptReq(SessionID=bytes(8), SAScheduleTupleID=1,
                                  MeterInfo=T.MeterInfoType(MeterID="M1")),
     "807941000000000000000000000089a628f4"),
    ("iso2", exi.FragmentElement(DATATYPES, "SalesTariff", T.SalesTariffType(
        SalesTariffID=1,
        SalesTariffEntry=(T.SalesTariffEntry(TimeInterval=T.RelativeTimeInterval(start=0)),))),
     "80ae4008000cfa00"),
    ("xmldsig", X.SignedInfo(CanonicalizationMethod=X.CanonicalizationMethod(Algorithm=C14N),
                             SignatureMethod=X.SignatureMethod(Algorithm=ECDSA512),
                             Reference=(_reference("id1"), _reference("id2"))), SIGNED_INFO),
    ("iso2", exi.FragmentElement(BODY, "eMAID", T.EMAIDType(Id="id1", value="DE1234567890123")),
     "80ec0202b4b218c00451114c4c8ccd0d4d8dce0e4c0c4c8cfd3d00"),
    ("iso2", exi.FragmentElement(BODY, "eMAID", "DE1234567890123"),
     "80ec8008a2229899199a1a9b1b9c1c98189919fa7a00"),
    ("iso2", exi.FragmentElement(BODY, "eMAID", ""), "80ec7ffa00"),
    ("iso2", exi.FragmentElement(BODY, "DHpublickey",
                                 T.DiffieHellmanPublickeyType(Id="id1", value=b"\x01\x02\x03")),
     "802d02b4b21880c04080de80"),
]


@pytest.mark.parametrize(("schema", "element", "expected"), CASES)
def test_reference_fragments(schema: str, element: object, expected: str) -> None:
    assert exi.encode_fragment(element, schema).hex() == expected
    assert exi.decode_fragment(bytes.fromhex(expected), schema) == element


def test_signed_info_of_a_message_set_in_the_xmldsig_grammar() -> None:
    si = T.SignedInfo(CanonicalizationMethod=T.CanonicalizationMethod(Algorithm=C14N),
                      SignatureMethod=T.SignatureMethod(Algorithm=ECDSA512),
                      Reference=tuple(T.Reference(
                          URI=u, Transforms=T.Transforms(Transform=(T.Transform(Algorithm=C14N),)),
                          DigestMethod=T.DigestMethod(Algorithm=ECDSA512),
                          DigestValue=base64.b64decode("AQIDBAUGBw==")) for u in ("id1", "id2")))
    assert exi.encode_fragment(si, "xmldsig").hex() == SIGNED_INFO
    # instances of the types stand for the referenced elements when encoding
    plain = T.SignedInfo(CanonicalizationMethod=T.CanonicalizationMethodType(Algorithm=C14N),
                         SignatureMethod=T.SignatureMethodType(Algorithm=ECDSA512), Reference=si.Reference)
    assert exi.encode_fragment(plain, "xmldsig").hex() == SIGNED_INFO
    # the message schema's own fragment grammar gives other bytes (8-bit first code, SignedInfo 208);
    # SignedInfo is xmldsig's class in every set, so the set is named
    own = exi.encode_fragment(si, "iso2")
    assert own[:2] == bytes.fromhex("80d0")
    assert exi.decode_fragment(own, "iso2") == si


def test_fragment_errors() -> None:
    with pytest.raises(exi.ExiError):
        exi.decode_fragment(bytes.fromhex("80ec"), "iso2")
    with pytest.raises(exi.ExiUnsupportedError):
        exi.decode_fragment(bytes.fromhex("80f400"), "iso2")  # empty fragment: no element
    with pytest.raises(exi.ExiEncodeError):
        exi.encode_fragment(exi.FragmentElement(BODY, "NoSuchElement", 1), "iso2")


@pytest.mark.parametrize("schema", list(exi.SCHEMAS))
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_fragment_roundtrip(schema: str, seed: int) -> None:
    g = exi.grammar(schema)
    rng = random.Random(seed)
    uri, local, eid, _alts = g.fragment[rng.randrange(len(g.fragment))]
    if eid < 0:
        return
    w = Walker(g, rng.randrange, lambda dt: _value(rng, dt), max_depth=8, budget=60)
    try:
        value = w.element(eid, True, 0)
    except Unwalkable:
        return
    element = value if g.elements[eid].cls is not None else exi.FragmentElement(uri, local, value)
    data = exi.encode_fragment(element, schema)
    assert exi.decode_fragment(data, schema) == element
    assert exi.encode_fragment(element, schema) == data


def _length(rng: random.Random, dt: exi._engine.Datatype) -> int:
    lo = dt.min_len or 0
    return rng.randint(lo, min(dt.max_len if dt.max_len is not None else lo + 20, lo + 20))


def _value(rng: random.Random, dt: exi._engine.Datatype) -> object:
    if dt.kind == "string":
        n = _length(rng, dt)
        return "".join(chr(rng.choice((0x41, 0x7A, 0xE9, 0x20AC, 0x1F600, 0))) for _ in range(n))
    if dt.kind == "binary":
        return rng.randbytes(_length(rng, dt))
    if dt.kind == "boolean":
        return rng.random() < 0.5
    if dt.kind == "enum":
        return rng.choice(dt.members)
    lo = dt.lo if dt.lo is not None else -(2**70)
    hi = dt.hi if dt.hi is not None else 2**70
    return rng.choice((lo, hi, rng.randint(lo, hi)))


SIGNED_PARTS = {
    "iso2": ("AuthorizationReq", "MeteringReceiptReq", "SalesTariff", "CertificateInstallationReq",
             "CertificateUpdateReq", "ContractSignatureCertChain", "ContractSignatureEncryptedPrivateKey",
             "DHpublickey", "SignedInfo"),
    "iso20": ("SignedInfo", "PnC_AReqAuthorizationMode", "CertificateInstallationReq",
              "SignedInstallationData", "MeteringConfirmationReq", "AbsolutePriceSchedule"),
    "iso20-ac": ("AC_ChargeParameterDiscoveryRes",),
    "iso20-dc": ("DC_ChargeParameterDiscoveryRes",),
    "xmldsig": ("SignedInfo",),
}


@pytest.mark.parametrize(("schema", "name"), [(k, n) for k, ns in SIGNED_PARTS.items() for n in ns])
def test_signed_parts_roundtrip(schema: str, name: str) -> None:
    g = exi.grammar(schema)
    (code,) = [i for i, row in enumerate(g.fragment) if row[1] == name]
    uri, local, eid, _alts = g.fragment[code]
    assert eid >= 0
    done = 0
    for seed in range(12):
        rng = random.Random(seed)
        try:
            value = Walker(g, rng.randrange, lambda dt, rng=rng: _value(rng, dt), max_depth=10,
                           budget=150).element(eid, True, 0)
        except Unwalkable:  # a random path into content only a wildcard could fill
            continue
        done += 1
        element = value if g.elements[eid].cls is not None else exi.FragmentElement(uri, local, value)
        data = exi.encode_fragment(element, schema)
        assert exi.decode_fragment(data, schema) == element
    assert done >= 3


def test_undeclared_wildcard_content_learns() -> None:
    """Built-in element grammars (8.4.3): the second occurrence of a name, attribute or text uses
    the learned production (event code 0 ...), so it costs fewer bits than the first."""
    foo = exi.AnyElement("urn:x", "Foo", (("", "a", "1"),), ("text", exi.AnyElement("urn:x", "Bar")))
    one = T.KeyInfo(Id="k", any_=(foo,))
    two = T.KeyInfo(Id="k", any_=(foo, foo))
    d1, d2 = exi.encode_fragment(one, "iso2"), exi.encode_fragment(two, "iso2")
    assert exi.decode_fragment(d1, "iso2") == one
    assert exi.decode_fragment(d2, "iso2") == two
    # the repeat needs no qnames or generic codes: far fewer bits than the first copy
    assert len(d2) - len(d1) < len(d1) - 4
    assert exi.from_dict(exi.to_dict(two, "iso2"), "iso2") == two
    with pytest.raises(exi.ExiEncodeError, match="declared"):
        exi.encode_fragment(T.KeyInfo(any_=(exi.AnyElement("urn:iso:15118:2:2013:MsgDataTypes",
                                                           "AC_EVSEStatus"),)), "iso2")


def test_interleaved_wildcard_content_keeps_its_order() -> None:
    # Transform: (any | XPath)* in a mixed type; SPKIData: (SPKISexp, any?)+
    bar = exi.AnyElement("urn:x", "Bar")
    transform = T.Transform(Algorithm="a", XPath=("p1", "p2"), any_=("t", bar),
                            order_=(2, 1, 2, 1))  # XPath, text, XPath, Bar
    spki = T.SPKIData(SPKISexp=(b"\x01", b"\x02"), any_=(bar, bar), order_=(0, 1, 0, 1))
    for element in (transform, spki):
        data = exi.encode_fragment(element, "iso2")
        assert exi.decode_fragment(data, "iso2") == element
        assert exi.from_dict(exi.to_dict(element, "iso2"), "iso2") == element
    # the field-order form of the same Transform is a different, also valid stream
    plain = T.Transform(Algorithm="a", XPath=("p1", "p2"), any_=("t", bar))
    assert exi.decode_fragment(exi.encode_fragment(plain, "iso2"), "iso2") == plain
    assert exi.encode_fragment(plain, "iso2") != exi.encode_fragment(transform, "iso2")
    with pytest.raises(exi.ExiEncodeError, match="order_"):
        exi.encode_fragment(T.SPKIData(SPKISexp=(b"\x01",), any_=(bar,), order_=(0, 0)), "iso2")
