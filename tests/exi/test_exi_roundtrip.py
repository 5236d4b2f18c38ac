"""Property tests: valid messages of every schema set round-trip encode -> decode -> equal."""

from __future__ import annotations

import contextlib
import json
import random
from typing import Any

import pytest
from _exi_gen import Unwalkable, Walker, message_roots
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import exi
from exi._engine import Datatype

KEYS = list(exi.SCHEMAS)


def _value_strategy(dt: Datatype) -> st.SearchStrategy[Any]:
    k = dt.kind
    if k == "string":
        lo = dt.min_len or 0
        hi = dt.max_len if dt.max_len is not None else lo + 40
        return st.text(min_size=lo, max_size=min(hi, lo + 40))
    if k == "binary":
        lo = dt.min_len or 0
        hi = dt.max_len if dt.max_len is not None else lo + 40
        return st.binary(min_size=lo, max_size=min(hi, lo + 40))
    if k == "boolean":
        return st.booleans()
    if k == "enum":
        return st.sampled_from(dt.members)
    lo = dt.lo if dt.lo is not None else -(2**80)
    hi = dt.hi if dt.hi is not None else 2**80
    return st.one_of(st.sampled_from(sorted({lo, hi, min(max(0, lo), hi)})), st.integers(lo, hi))


ROOTS = [(key, exi.grammar(key).elements[eid].local)
         for key in KEYS for eid in message_roots(exi.grammar(key))]


def _draw_message(data: st.DataObject, key: str, root: str) -> Any:
    g = exi.grammar(key)
    eid = g.by_name[root]
    walker = Walker(g, lambda n: data.draw(st.integers(0, n - 1)) if n > 1 else 0,
                    lambda dt: data.draw(_value_strategy(dt)), max_depth=10, budget=60)
    try:
        return walker.root(eid)
    except Unwalkable:
        return None


@pytest.mark.parametrize(("key", "root"), ROOTS)
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(data=st.data())
def test_roundtrip(key: str, root: str, data: st.DataObject) -> None:
    message = _draw_message(data, key, root)
    if message is None:
        return
    encoded = exi.encode(message, key)  # the root may be a shared class (xmldsig's): named
    assert exi.encode(message, key) == encoded  # deterministic
    decoded, used = exi.decode_with_rest(encoded, key)
    assert used == len(encoded)
    assert decoded == message
    d = exi.to_dict(message, key)
    assert exi.from_dict(json.loads(json.dumps(d)), key) == message  # JSON-ready, exact


def _pmax_entries(n: int) -> list[dict[str, Any]]:
    return [{"RelativeTimeInterval": {"start": i * 60}, "PMax": {"Multiplier": 0, "Unit": "W", "Value": i}}
            for i in range(n)]


def _iso2_cpd_res(n: int) -> dict[str, Any]:
    return {"V2G_Message": {"Header": {"SessionID": "0102030405060708"}, "Body": {
        "ChargeParameterDiscoveryRes": {
            "ResponseCode": "OK", "EVSEProcessing": "Finished",
            "SAScheduleList": {"SAScheduleTuple": [{"SAScheduleTupleID": 1, "PMaxSchedule": {
                "PMaxScheduleEntry": _pmax_entries(n)}}]},
            "AC_EVSEChargeParameter": {
                "AC_EVSEStatus": {"NotificationMaxDelay": 0, "EVSENotification": "None", "RCD": False},
                "EVSENominalVoltage": {"Multiplier": 0, "Unit": "V", "Value": 230},
                "EVSEMaxCurrent": {"Multiplier": 0, "Unit": "A", "Value": 32}}}}}}


def test_iso2_1024_pmax_entries() -> None:
    m = exi.from_dict(_iso2_cpd_res(1024), "iso2")
    data = exi.encode(m)
    assert exi.decode(data, "iso2") == m
    with pytest.raises(exi.ExiEncodeError, match="PMaxScheduleEntry"):
        exi.encode(exi.from_dict(_iso2_cpd_res(1025), "iso2"))


def test_din_unbounded_pmax_entries() -> None:
    d = {"V2G_Message": {"Header": {"SessionID": "01"}, "Body": {"ChargeParameterDiscoveryRes": {
        "ResponseCode": "OK", "EVSEProcessing": "Finished",
        "SAScheduleList": {"SAScheduleTuple": [{"SAScheduleTupleID": 1, "PMaxSchedule": {
            "PMaxScheduleID": 1,
            "PMaxScheduleEntry": [{"RelativeTimeInterval": {"start": i}, "PMax": i} for i in range(1500)]}}]},
        "DC_EVSEChargeParameter": {
            "DC_EVSEStatus": {"EVSEIsolationStatus": "Valid", "EVSEStatusCode": "EVSE_Ready",
                              "NotificationMaxDelay": 0, "EVSENotification": "None"},
            **{k: {"Multiplier": 0, "Unit": u, "Value": 1} for k, u in (
                ("EVSEMaximumCurrentLimit", "A"), ("EVSEMaximumVoltageLimit", "V"),
                ("EVSEMinimumCurrentLimit", "A"), ("EVSEMinimumVoltageLimit", "V"),
                ("EVSEPeakCurrentRipple", "A"))}}}}}}
    m = exi.from_dict(d, "din")
    assert exi.to_dict(exi.decode(exi.encode(m), "din")) == d


def test_edge_values_and_big_integers() -> None:
    # X509SerialNumber is xs:integer: arbitrarily large, negative too
    for serial in (0, -1, 2**63, -(2**63) - 1, 2**64, 10**45, -(10**45)):
        d = {"V2G_Message": {"Header": {"SessionID": "00"}, "Body": {"CertificateUpdateReq": {
            "Id": "id1",
            "ContractSignatureCertChain": {"Certificate": "00" * 800},
            "eMAID": "DE1234567890123",
            "ListOfRootCertificateIDs": {"RootCertificateID": [
                {"X509IssuerName": "CN=" + "x" * 300, "X509SerialNumber": serial}]}}}}}
        m = exi.from_dict(d, "iso2")
        assert exi.to_dict(exi.decode(exi.encode(m), "iso2")) == d


def test_facet_errors_name_the_field() -> None:
    d = {"supportedAppProtocolReq": {"AppProtocol": [{
        "ProtocolNamespace": "urn:din:70121:2012:MsgDef", "VersionNumberMajor": 2,
        "VersionNumberMinor": 0, "SchemaID": 1, "Priority": 21}]}}
    with pytest.raises(exi.ExiEncodeError, match="Priority"):
        exi.encode(exi.from_dict(d, "app"))
    d["supportedAppProtocolReq"]["AppProtocol"][0]["Priority"] = 1
    d["supportedAppProtocolReq"]["AppProtocol"][0]["ProtocolNamespace"] = "u" * 101
    with pytest.raises(exi.ExiEncodeError, match="ProtocolNamespace"):
        exi.encode(exi.from_dict(d, "app"))


@pytest.mark.parametrize("key", KEYS)
def test_maximal_instances_roundtrip(key: str) -> None:
    """Every global element with every list filled to its maxOccurs (within a size budget) and the
    optional content taken; values at their facet edges."""
    g = exi.grammar(key)
    rng = random.Random(20)
    roots = [e for e in message_roots(g) if g.elements[e].local.endswith(("Req", "Res", "Message"))]
    for eid in roots:
        for edge in (0, 1):
            walker = Walker(g, rng.randrange, lambda dt, edge=edge: _edge_value(dt, edge), max_depth=12,
                            budget=400, greedy=True)
            try:
                message = walker.root(eid)
            except Unwalkable:
                continue
            data = exi.encode(message, key)
            assert exi.decode(data, key) == message


def _edge_value(dt: Datatype, edge: int) -> Any:
    k = dt.kind
    if k in ("string", "binary"):
        n = (dt.min_len or 0) if edge == 0 else (dt.max_len if dt.max_len is not None else 300)
        return ("\U0010ffff" + "a" * (n - 1) if n else "") if k == "string" else b"\xff" * n
    if k == "boolean":
        return bool(edge)
    if k == "enum":
        return dt.members[-edge]
    if edge == 0:
        return dt.lo if dt.lo is not None else -(2**100)
    return dt.hi if dt.hi is not None else 2**100


def _mutations(d: Any) -> list[Any]:
    """Copies of a dict form with one leaf replaced by a value of the wrong kind."""
    out: list[Any] = []

    def walk(node: Any, rebuild: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, lambda x, k=k, node=node, rebuild=rebuild: rebuild({**node, k: x}))
            out.append(rebuild({**node, "NoSuchChild": 1}))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, lambda x, i=i, node=node, rebuild=rebuild: rebuild([*node[:i], x, *node[i + 1:]]))
        else:
            for bad in ({"x": 1}, [1], "zz", -(2**200), None, True, 1.5):
                if type(bad) is not type(node):
                    out.append(rebuild(bad))

    walk(d, lambda x: x)
    return out


@pytest.mark.parametrize("key", KEYS)
def test_bad_dicts_raise_exi_errors(key: str) -> None:
    g = exi.grammar(key)
    rng = random.Random(3)
    for eid in message_roots(g)[:12]:
        try:
            walker = Walker(g, rng.randrange, lambda dt: _edge_value(dt, 1), max_depth=6, budget=40)
            message = walker.root(eid)
        except Unwalkable:
            continue
        for bad in _mutations(exi.to_dict(message, key))[:80]:
            with contextlib.suppress(exi.ExiError):
                exi.encode(exi.from_dict(bad, key))
