"""Empty simple content coded as EXIficient codes it: EE at the second level of the state where the
typed CH is next (EXI 1.0 8.5.4.4.1; that state has no first-level EE, so EE gets a 2nd-level code).

EXIficient (Josev, RISE V2G) writes an empty string, anyURI, base64Binary or hexBinary value that way;
the C references and this encoder write CH with a zero-length value. Both decode to the same message;
re-encoding gives the CH form. Where the datatype has no empty value (numbers, booleans,
enumerations, minLength > 0) the EE is an ExiDecodeError naming the element and the reason. The
other second-level events stay refused with ExiUnsupportedError.

The streams below are written out bit by bit from the event codes (the constants are checked against
the grammar tables in ``test_codes_come_from_the_grammar_tables``); the EE forms of the valid ones
are byte for byte what EXIficient writes (``test_exi_oracle.py``), and
``data/exificient_empty.jsonl`` holds EXIficient's encodings of one message per global element with
every value empty that may be.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import exi
from exi._engine import _SIMPLE_FIRST, EE
from exi._values import bits_for

DS = "http://www.w3.org/2000/09/xmldsig#"
DATA = Path(__file__).resolve().parent / "data" / "exificient_empty.jsonl"

HEAD = "10000000"  # 0x80: no options, no cookie, EXI 1.0
# A simple element's first state has one first-level production (CH), so the escape to the second
# level is `1`; the second level (EE, xsi:type, xsi:nil, AT(*), AT(*)[untyped], SE(*), CH[untyped])
# takes 3 bits and EE is index 0.
EMPTY = "1" + "000"
CH_EMPTY_BINARY = "0" + "00000000" + "0"  # CH, length 0, EE (first level of the state after CH)
CH_EMPTY_STRING = "0" + "00000010" + "0"  # CH, length + 2 = 2, EE
DIN_ROOT = format(77, "07b")  # SE(V2G_Message): 77 of 81 globals + SE(*)
ISO2_ROOT = format(76, "07b")  # 76 of 80 + SE(*)
# SE(Header) SE(SessionID) CH(length 1, 0x00) EE; EE(Header) is 2 of 3 (Notification, Signature, EE)
HEADER_00 = "0" + "0" + "0" + "00000001" + "00000000" + "0" + "10"
HEADER_20 = ("0" + "0" + "0" + "00001000" + "00000000" * 8 + "0"  # SE(Header) SessionID: 8 zero bytes
             + "0" + "0" + "00000000" + "0" + "01")  # TimeStamp 0; EE(Header) 1 of 2 (Signature, EE)


def _stream(bits: str) -> bytes:
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def _app_req(namespace: str) -> str:
    # SE(supportedAppProtocolReq) SE(AppProtocol) SE(ProtocolNamespace)
    return (HEAD + "00" + "0" + "0" + namespace
            + "0" + "0" + "00000010" + "0"  # VersionNumberMajor 2 (unsignedInt)
            + "0" + "0" + "00000000" + "0"  # VersionNumberMinor 0
            + "0" + "0" + "00000001" + "0"  # SchemaID 1 (8-bit n-bit)
            + "0" + "0" + "00000" + "0"  # Priority 1 (1..20: 5 bits, offset 1)
            + "0" + "01")  # EE(AppProtocol); EE(supportedAppProtocolReq) 1 of 2


def _din_session_setup(session_id: str, evccid: str) -> str:
    return (HEAD + DIN_ROOT + "0" + "0" + session_id + "10" + "0" + format(29, "06b")  # Body: SessionSetupReq
            + "0" + evccid + "0" + "0" + "0")  # SE(EVCCID) ...; EE of SessionSetupReq, Body, V2G_Message


def _din_session_setup_res(evseid: str) -> str:
    return (HEAD + DIN_ROOT + HEADER_00 + "0" + format(30, "06b")  # SessionSetupRes
            + "0" + "0" + "00001" + "0"  # ResponseCode OK_NewSessionEstablished (index 1, 5 bits)
            + "0" + evseid + "01" + "0" + "0")  # SE(EVSEID) ...; EE 1 of 2 (DateTimeNow, EE)


def _service_scope(root: str, scope: str) -> str:
    body_code = 25 if root == DIN_ROOT else 27  # ServiceDiscoveryReq
    return (HEAD + root + HEADER_00 + "0" + format(body_code, "06b")
            + "00" + scope + "01" + "0" + "0")  # SE(ServiceScope) 0 of 3; EE 1 of 2 (ServiceCategory, EE)


def _iso2_session_setup(session_id: str) -> str:
    return (HEAD + ISO2_ROOT + "0" + "0" + session_id + "10" + "0" + format(29, "06b")
            + "0" + "0" + "00000001" + "00000000" + "0" + "0" + "0" + "0")  # EVCCID 0x00


def _iso20_session_setup_req(evccid: str) -> str:
    return HEAD + format(35, "06b") + HEADER_20 + "0" + evccid + "0"  # SE(EVCCID) ...; EE


def _iso20_session_setup_res(evseid: str) -> str:
    return (HEAD + format(36, "06b") + HEADER_20 + "0" + "0" + "000000" + "0"  # ResponseCode OK (6 bits)
            + "0" + evseid + "0")


# SignatureValue (base64Binary content, optional Id): first state AT(Id) 0, CH 1, escape 2 (2 bits),
# 2nd level as any first state (7 entries, EE 0); after AT(Id) one production CH, escape `1`, 2nd
# level (EE, AT(*), AT(*)[untyped], SE(*), CH[untyped]) in 3 bits, EE 0.
def _signature_value(code: int, bits: int, ed: int, with_id: bool, empty: bool) -> str:
    out = HEAD + format(code, f"0{bits}b")
    if with_id:
        out += "00" + "00000011" + "01100001"  # AT(Id) "a"
        out += "1" + "000" if empty else CH_EMPTY_BINARY
    else:
        out += "10" + "000" if empty else "01" + "00000000" + "0"
    return out + format(ed, f"0{bits}b")  # ED of the fragment


def _digest_value(code: int, bits: int, ed: int, empty: bool) -> str:
    return HEAD + format(code, f"0{bits}b") + (EMPTY if empty else CH_EMPTY_BINARY) + format(ed, f"0{bits}b")


FRAGMENTS = {"din": (211, 48, 8, 246), "iso2": (207, 49, 8, 244), "iso20": (229, 46, 9, 282)}

# (name, schema, EXIficient's form, ours, the value that is empty, fragment?)
VALID: list[tuple[str, str, str, str, bool]] = [
    ("app ProtocolNamespace (anyURI)", "app", _app_req(EMPTY), _app_req(CH_EMPTY_STRING), False),
    ("din SessionID and EVCCID (hexBinary)", "din", _din_session_setup(EMPTY, EMPTY),
     _din_session_setup(CH_EMPTY_BINARY, CH_EMPTY_BINARY), False),
    ("din EVSEID (hexBinary)", "din", _din_session_setup_res(EMPTY), _din_session_setup_res(CH_EMPTY_BINARY),
     False),
    ("din ServiceScope (string)", "din", _service_scope(DIN_ROOT, EMPTY),
     _service_scope(DIN_ROOT, CH_EMPTY_STRING), False),
    ("iso2 SessionID (hexBinary)", "iso2", _iso2_session_setup(EMPTY), _iso2_session_setup(CH_EMPTY_BINARY),
     False),
    ("iso2 ServiceScope (string)", "iso2", _service_scope(ISO2_ROOT, EMPTY),
     _service_scope(ISO2_ROOT, CH_EMPTY_STRING), False),
    ("iso20 EVCCID (string)", "iso20", _iso20_session_setup_req(EMPTY),
     _iso20_session_setup_req(CH_EMPTY_STRING), False),
    ("iso20 EVSEID (string)", "iso20", _iso20_session_setup_res(EMPTY),
     _iso20_session_setup_res(CH_EMPTY_STRING), False),
]
for _key, (_sig, _dig, _bits, _ed) in FRAGMENTS.items():
    VALID += [
        (f"{_key} DigestValue (base64Binary)", _key, _digest_value(_dig, _bits, _ed, True),
         _digest_value(_dig, _bits, _ed, False), True),
        (f"{_key} SignatureValue (simple content, first state)", _key,
         _signature_value(_sig, _bits, _ed, False, True), _signature_value(_sig, _bits, _ed, False, False),
         True),
        (f"{_key} SignatureValue Id='a' (simple content, after the attribute)", _key,
         _signature_value(_sig, _bits, _ed, True, True), _signature_value(_sig, _bits, _ed, True, False),
         True),
    ]

# (name, schema, stream up to the EE, element, reason, fragment?)
INVALID: list[tuple[str, str, str, str, str, bool]] = [
    ("app ResponseCode (enumeration)", "app", HEAD + "01" + "0" + EMPTY, "ResponseCode",
     "responseCodeType cannot be empty: it is an enumeration", False),
    ("app VersionNumberMajor (unsignedInt)", "app",
     HEAD + "00" + "0" + "0" + "0" + "00000011" + "01100001" + "0" + "0" + EMPTY, "VersionNumberMajor",
     "unsignedInt cannot be empty: it is a number", False),
    ("din ResponseCode (enumeration)", "din",
     HEAD + DIN_ROOT + HEADER_00 + "0" + format(30, "06b") + "0" + EMPTY,
     "ResponseCode", "responseCodeType cannot be empty: it is an enumeration", False),
    ("din ReadyToChargeState (boolean)", "din",
     HEAD + DIN_ROOT + HEADER_00 + "0" + format(19, "06b") + "0" + EMPTY, "ReadyToChargeState",
     "boolean cannot be empty: it is a boolean", False),
    ("iso2 EVSEID (string, minLength 7)", "iso2",
     HEAD + ISO2_ROOT + HEADER_00 + "0" + format(30, "06b") + "0" + "0" + "00001" + "0" + "0" + EMPTY,
     "EVSEID",
     "evseIDType cannot be empty: its minLength is 7", False),
    ("iso2 GenChallenge (base64Binary, minLength 16)", "iso2", HEAD + format(107, "08b") + EMPTY,
     "GenChallenge",
     "genChallengeType cannot be empty: its minLength is 16", True),
    ("iso20 SessionID (hexBinary, length 8)", "iso20", HEAD + format(35, "06b") + "0" + "0" + EMPTY,
     "SessionID",
     "sessionIDType cannot be empty: its minLength is 8", False),
    ("iso20 TimeStamp (unsignedLong)", "iso20", HEAD + format(35, "06b") + HEADER_20[:-12] + EMPTY,
     "TimeStamp", "unsignedLong cannot be empty: it is a number", False),
]


def _decode(data: bytes, key: str, fragment: bool) -> Any:
    return exi.decode_fragment_all(data, key) if fragment else exi.decode(data, key)


def _encode(message: Any, key: str, fragment: bool) -> bytes:
    return exi.encode_fragment(message[0], key) if fragment else exi.encode(message)


@pytest.mark.parametrize(("name", "key", "theirs", "ours", "fragment"), VALID, ids=[v[0] for v in VALID])
def test_second_level_ee_is_the_empty_value(name: str, key: str, theirs: str, ours: str,
                                            fragment: bool) -> None:
    message = _decode(_stream(theirs), key, fragment)
    assert message == _decode(_stream(ours), key, fragment)
    assert _encode(message, key, fragment) == _stream(ours)  # the encoder writes CH with length 0
    assert _stream(theirs) != _stream(ours)
    values = json.dumps(exi.to_dict(message[0], key) if fragment else exi.to_dict(message))
    assert '""' in values  # an empty value (the dict form writes b"" as "")


@pytest.mark.parametrize(("name", "key", "bits", "element", "reason", "fragment"), INVALID,
                         ids=[v[0] for v in INVALID])
def test_second_level_ee_where_no_empty_value_exists(name: str, key: str, bits: str, element: str,
                                                      reason: str, fragment: bool) -> None:
    data = _stream(bits + "0" * 16)
    with pytest.raises(exi.ExiDecodeError) as info:
        _decode(data, key, fragment)
    assert str(info.value) == (f"{element} ends without a value (second-level EE), but {reason} "
                               f"(at bit {len(bits) - 3})")
    assert info.value.bit == len(bits) - 3  # where the second-level code starts


@pytest.mark.parametrize(("code", "event"), [(1, "AT(xsi:type)"), (2, "AT(xsi:nil)"), (3, "AT(*)"),
                                             (4, "AT(*)[untyped]"), (5, "SE(*)"), (6, "CH[untyped]")])
def test_other_second_level_events_stay_refused(code: int, event: str) -> None:
    # the same first state of DIN EVCCID as the accepted EE, other second-level codes
    bits = _din_session_setup(CH_EMPTY_BINARY, "1" + format(code, "03b"))
    with pytest.raises(exi.ExiUnsupportedError, match=re.escape(f"second-level event {event} in EVCCID: not "
                                                                "produced by V2G peers")):
        exi.decode(_stream(bits), "din")
    with pytest.raises(exi.ExiDecodeError, match="invalid second-level event code 7 in EVCCID"):
        exi.decode(_stream(_din_session_setup(CH_EMPTY_BINARY, "1" + "111")), "din")


def test_second_level_ee_without_a_character_production_stays_refused() -> None:
    # DIN Header's first state: SE(SessionID) only; a second-level EE there is a missing element,
    # not an empty value
    with pytest.raises(exi.ExiUnsupportedError, match=re.escape("second-level event EE in Header")):
        exi.decode(_stream(HEAD + DIN_ROOT + "0" + "1" + "000" + "0" * 16), "din")
    # SessionSetupReq after EVCCID has a first-level EE: its 2nd level starts with SE(*), not EE
    bits = _din_session_setup(CH_EMPTY_BINARY, CH_EMPTY_BINARY)[:-3] + "1" + "0"
    refused = re.escape("second-level event SE(*) in SessionSetupReq")
    with pytest.raises(exi.ExiUnsupportedError, match=refused):
        exi.decode(_stream(bits + "0" * 16), "din")


def test_exificient_encodings_of_every_message() -> None:
    """EXIficient's encodings of one message per global element, every value empty that may be."""
    lines = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    assert {v["schema"] for v in lines} == {"app", "din", "iso2", "iso20"}
    for v in lines:
        key = v["schema"]
        message = exi.decode(bytes.fromhex(v["exificient"]), key)
        assert message == exi.decode(bytes.fromhex(v["ours"]), key), v["root"]
        assert exi.encode(message, key).hex() == v["ours"], v["root"]


def test_codes_come_from_the_grammar_tables() -> None:
    assert _SIMPLE_FIRST[0] == "EE" and bits_for(len(_SIMPLE_FIRST)) == 3
    for key, root in (("din", 77), ("iso2", 76)):
        g = exi.grammar(key)
        assert g.globals[root] == g.by_name["V2G_Message"] and g.doc_bits == 7
    g20 = exi.grammar("iso20")
    assert g20.doc_bits == 6 and g20.globals[35] == g20.by_name["SessionSetupReq"]
    assert g20.globals[36] == g20.by_name["SessionSetupRes"]
    app = exi.grammar("app")
    assert app.doc_bits == 2 and [app.elements[e].local for e in app.globals] == [
        "supportedAppProtocolReq", "supportedAppProtocolRes"]
    for key, codes in (("din", {"PowerDeliveryReq": 19, "ServiceDiscoveryReq": 25, "SessionSetupReq": 29,
                                "SessionSetupRes": 30}),
                       ("iso2", {"ServiceDiscoveryReq": 27, "SessionSetupReq": 29, "SessionSetupRes": 30})):
        g = exi.grammar(key)
        body = next(t for t in g.types if t.cls.__name__ == "BodyType").states[0]
        assert body.bits == 6
        for local, code in codes.items():
            assert g.elements[body.prods[code][2]].local == local
    for key, (sig, dig, bits, ed) in FRAGMENTS.items():
        g = exi.grammar(key)
        assert (g.fragment_bits, len(g.fragment) + 1) == (bits, ed)
        assert g.fragment_code[(DS, "SignatureValue")] == sig and g.fragment_code[(DS, "DigestValue")] == dig
        t = g.types[g.elements[g.fragment[sig][2]].ref]
        first = t.states[0]
        assert (first.n, first.bits, first.ee, first.level2[0], len(first.level2)) == (2, 2, -1, "EE", 7)
        lo, hi, s_low, s_mid, s_top = t.positions[first.prods[0][3]]  # AT(Id) seen once
        after_id = t.states[s_low if 1 < lo else (s_mid if hi is None or 1 < hi else s_top)]
        assert (after_id.n, after_id.bits, after_id.level2[0], len(after_id.level2)) == (1, 1, "EE", 5)
        assert all(p[0] != EE for p in after_id.prods)
    assert exi.grammar("iso2").fragment_code[("urn:iso:15118:2:2013:MsgBody", "GenChallenge")] == 107


def test_simple_content_without_an_empty_value() -> None:
    """-2 eMAID (EMAIDType: required Id, string content of minLength 14): after AT(Id) the state has
    one production, CH; EXIficient's `1 000` there is refused, naming the element."""
    res = {"ResponseCode": "OK", "SAProvisioningCertificateChain": {"Certificate": ""},
           "ContractSignatureCertChain": {"Certificate": ""},
           "ContractSignatureEncryptedPrivateKey": {"Id": "a", "value": ""},
           "DHpublickey": {"Id": "b", "value": ""}, "eMAID": {"Id": "c", "value": "A" * 14}}
    message = exi.from_dict({"V2G_Message": {"Header": {"SessionID": "00"},
                                             "Body": {"CertificateInstallationRes": res}}}, "iso2")
    data = exi.encode(message)
    bits = format(int.from_bytes(data, "big"), f"0{len(data) * 8}b")
    value = "0" + format(14 + 2, "08b") + format(ord("A"), "08b") * 14 + "0"  # CH "AAAAAAAAAAAAAA", EE
    assert bits.count(value) == 1
    at = bits.index(value)
    with pytest.raises(exi.ExiDecodeError) as info:
        exi.decode(_stream(bits[:at] + EMPTY + bits[at + len(value):]), "iso2")
    assert str(info.value) == ("eMAID ends without a value (second-level EE), but eMAIDType cannot be "
                               f"empty: its minLength is 14 (at bit {at + 1})")
