"""Dissection of every shared capture, checked against PROVENANCE.txt and an independent count."""

from __future__ import annotations

import functools
import io
import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.capture import _frames as f
from tests.capture._provenance import CAPTURES, NAMESPACES, capture_files, entries
from tests.capture._segments import count_v2gtp
from v2g import sdp
from v2g.capture.dissect import (
    ISO20_PAYLOAD_SCHEMAS,
    NS_TESLA_DIN,
    CapturedSession,
    Dissection,
    dissect,
    message_name,
    sessions,
    sessions_of,
)
from v2g.capture.errors import CaptureError
from v2g.capture.pcap import PcapngWriter
from v2g.capture.tcp import Direction

FILES = capture_files()
PROVENANCE = entries()


def _rel(path: Path) -> str:
    return str(path.relative_to(CAPTURES))


@functools.cache
def _dissected(rel: str) -> Dissection:
    return dissect(CAPTURES / rel)


@pytest.mark.parametrize("rel", [_rel(p) for p in FILES], ids=str)
def test_message_and_sdp_counts_agree_with_provenance_and_an_independent_count(rel: str) -> None:
    entry = PROVENANCE[rel]
    d = _dissected(rel)
    counts = count_v2gtp(CAPTURES / rel)
    # the independent per-segment count reproduces PROVENANCE (tshark): it measures the same thing
    assert counts.per_segment == (entry.v2gtp or 0)
    # reassembly keeps each message once: retransmitted copies are dropped, none is lost
    # (TLS connections the capture discloses keys for are counted apart: tshark saw no V2GTP there)
    encrypted = {c.connection.index for c in d.connections if c.encrypted}
    plain = [m for m in d.messages if m.connection.index not in encrypted]
    assert len(plain) == counts.unique
    # direction: where the SYN is in the capture, the client is the EVCC
    ours = Counter(m.direction.value if m.connection.handshake_seen else "unknown" for m in plain)
    assert ours == counts.by_direction
    assert len(d.sdp) == entry.sdp_frames
    assert Counter(f"{m.payload_type:04x}" for m in plain).keys() == entry.payload_types.keys()


@pytest.mark.parametrize("rel", [_rel(p) for p in FILES], ids=str)
def test_every_message_of_every_capture_decodes(rel: str) -> None:
    d = _dissected(rel)
    failures = [(m.frame + 1, m.schema, m.error, m.raw.hex()) for m in d.decode_errors]
    assert failures == []
    assert all(m.message is not None and m.schema for m in d.messages)
    assert all(s.error is None for s in d.sdp)


@pytest.mark.parametrize("rel", [r for r in map(_rel, FILES) if PROVENANCE[r].negotiated], ids=str)
def test_negotiated_protocol_is_the_one_provenance_measured(rel: str) -> None:
    entry = PROVENANCE[rel]
    negotiated = [
        s for s in sessions_of(_dissected(rel)) if s.requests and s.requests[0].name.startswith("supp")
    ]
    assert negotiated
    first = negotiated[0]
    if entry.negotiated == "Failed_NoNegotiation":
        assert first.namespace is None and first.schema is None
        res = first.responses[0].to_dict()
        assert res is not None and res["supportedAppProtocolRes"]["ResponseCode"] == "Failed_NoNegotiation"
    else:
        assert entry.negotiated is not None
        assert first.namespace == NAMESPACES[entry.negotiated]


@pytest.mark.parametrize("rel", [r for r in map(_rel, FILES) if PROVENANCE[r].tls], ids=str)
def test_tls_captures_are_reported_encrypted(rel: str) -> None:
    d = _dissected(rel)
    encrypted = [c for c in d.connections if c.encrypted]
    assert encrypted and all(c.encrypted_bytes > 0 for c in encrypted)
    assert all(
        s.encrypted for s in sessions_of(d) if s.connection.index in {c.connection.index for c in encrypted}
    )


def test_sdp_of_tls_sessions_says_tls() -> None:
    rel = "dsV2Gshark/ISO-2_DC_PnC_TLS_Contract_DS5366_RiseV2G.pcapng"
    (session,) = sessions_of(_dissected(rel))
    assert session.encrypted
    kinds = [type(d.message) for d in session.sdp]
    assert kinds == [sdp.SdpRequest, sdp.SdpResponse]
    response = session.sdp[1].message
    assert isinstance(response, sdp.SdpResponse) and response.security is sdp.Security.TLS
    assert response.port == session.connection.server.port


# --- real vehicles at EVerest chargers ----------------------------------------------------------

EVEREST = [
    r
    for r in map(_rel, FILES)
    if r.startswith("EVerest_logfiles/") and PROVENANCE[r].negotiated in ("DIN70121", "ISO15118-2")
]


def _body(message_dict: dict[str, object]) -> dict[str, object]:
    root = next(iter(message_dict.values()))
    assert isinstance(root, dict)
    body = root["Body"]
    assert isinstance(body, dict)
    inner = next(iter(body.values()))
    assert isinstance(inner, dict)
    return inner


def test_everest_real_vehicle_list_is_complete() -> None:
    assert len(EVEREST) >= 50


@pytest.mark.parametrize("rel", EVEREST, ids=str)
def test_everest_real_vehicle_sessions_decode_from_handshake_on(rel: str) -> None:
    entry = PROVENANCE[rel]
    assert entry.negotiated is not None
    namespace = NAMESPACES[entry.negotiated]
    found = [s for s in sessions_of(_dissected(rel)) if s.namespace == namespace]
    assert found, f"no {entry.negotiated} session"
    for session in found:
        assert session.schema == {"DIN70121": "din", "ISO15118-2": "iso2"}[entry.negotiated]
        assert session.errors == ()
        req, res = session.requests, session.responses
        assert [m.name for m in req[:2]] == ["supportedAppProtocolReq", "SessionSetupReq"]
        assert [m.name for m in res[:1]] == ["supportedAppProtocolRes"]
        assert all(m.direction is Direction.EV_TO_EVSE and m.name.endswith("Req") for m in req)
        assert all(m.direction is Direction.EVSE_TO_EV and m.name.endswith("Res") for m in res)
        # every request is answered by the response of the same name, in order
        for request, response in session.exchanges():
            if response is not None:
                assert response.name == request.name[:-3] + "Res"
        names = [m.name for m in req]
        if "SessionStopReq" in names:
            assert names.index("SessionStopReq") == len(names) - 1
        assert session.session_id is not None or len(res) < 2
    first = found[0]
    setup = first.requests[1].to_dict()
    assert setup is not None
    if "EVCCID" in entry.ids:
        assert str(_body(setup)["EVCCID"]).upper() == entry.ids["EVCCID"].upper()
    if "EVSEID" in entry.ids and len(first.responses) > 1:
        setup_res = first.responses[1].to_dict()
        assert setup_res is not None
        assert str(_body(setup_res)["EVSEID"]).upper() == entry.ids["EVSEID"].upper()


def test_most_everest_sessions_run_to_session_stop() -> None:
    complete = [
        r
        for r in EVEREST
        if any(s.requests[-1].name == "SessionStopReq" for s in sessions_of(_dissected(r)) if s.requests)
    ]
    assert len(complete) >= len(EVEREST) // 2


# --- protocol tracking ----------------------------------------------------------------------------


def test_iso20_payload_types_select_the_schema_sets() -> None:
    rel = "dsV2Gshark/ISO-20_BPT_AC_DS5366_Josev.pcapng"
    d = _dissected(rel)
    (session,) = sessions_of(d)
    assert session.namespace == "urn:iso:std:iso:15118:-20:AC" and session.schema == "iso20"
    for m in session.messages[2:]:
        assert m.schema == ISO20_PAYLOAD_SCHEMAS[m.payload_type]
    d_form = [m.to_dict() for m in session.messages]
    assert [message_name(x) for x in d_form if x is not None] == session.names
    assert {m.schema for m in session.messages} == {"app", "iso20", "iso20-ac"}
    assert Counter(f"{m.payload_type:04x}" for m in d.messages) == PROVENANCE[rel].payload_types
    assert session.requests[-1].name == "SessionStopReq"


def test_tesla_offers_its_own_namespace_and_a_din_session_follows() -> None:
    rel = "pyPLC/2024-04-20_ModelY_pyPLC_stop_in_precharge.pcapng"
    (session,) = [s for s in sessions_of(_dissected(rel)) if s.requests]
    assert NS_TESLA_DIN in {o.namespace for o in session.offered}
    assert session.namespace == NAMESPACES["DIN70121"] and session.errors == ()


def test_supercharger_on_vendor_port_30000() -> None:
    rel = "pyPLC/2023-03-02_SuperCharger_CableCheck_error.pcapng"
    found = sessions_of(_dissected(rel))
    assert found and {s.connection.server.port for s in found} == {30000}
    assert all(s.errors == () for s in found)
    setup_res = found[0].responses[1].to_dict()
    assert setup_res is not None
    assert str(_body(setup_res)["EVSEID"]).upper() == PROVENANCE[rel].ids["EVSEID"]


def test_homeplug_frames_are_collected() -> None:
    for rel in (
        "pyPLC/2022-11-25_v0.2_ABB_until_ChargeParamDiscovery.pcapng",
        "dsV2Gshark/ISO-2_DC_DS5366.pcapng",
    ):
        d = _dissected(rel)
        assert len(d.homeplug) >= PROVENANCE[rel].slac_mmes > 0
        assert all(h.frame_data.ethertype in (0x88E1, 0x8912) for h in d.homeplug)


# --- a real session re-cut into new segments, through the writer ---------------------------------


def _recut(session: CapturedSession, seed: int) -> bytes:
    rng = random.Random(seed)
    out = io.BytesIO()
    seq = {True: 1000, False: 5000}
    with PcapngWriter(out) as w:
        t = 1.0
        w.write_packet(t, f.ev_to_evse_tcp(50000, 61000, seq[True] - 1, 0, f.SYN))
        w.write_packet(t, f.evse_to_ev_tcp(61000, 50000, seq[False] - 1, seq[True], f.SYN | f.ACK))
        for m in session.messages:
            data = m.v2gtp
            ev = m.direction is Direction.EV_TO_EVSE
            pos = 0
            while pos < len(data):
                n = rng.randint(1, 64)
                chunk = data[pos : pos + n]
                t += 0.001
                build = f.ev_to_evse_tcp if ev else f.evse_to_ev_tcp
                ports = (50000, 61000) if ev else (61000, 50000)
                frame = build(*ports, seq[ev], seq[not ev], f.ACK | f.PSH, chunk)
                w.write_packet(t, frame)
                if rng.random() < 0.2:
                    w.write_packet(t, frame)  # a retransmission
                seq[ev] += len(chunk)
                pos += n
    return out.getvalue()


@pytest.mark.parametrize("seed", range(3))
def test_a_real_session_recut_into_random_segments_gives_the_same_session(seed: int) -> None:
    rel = "EVerest_logfiles/Audi/Q4/dc-dinspec-1.dump"
    (original,) = sessions_of(_dissected(rel))
    (copy,) = sessions(_recut(original, seed))
    assert [m.raw for m in copy.requests] == [m.raw for m in original.requests]
    assert [m.raw for m in copy.responses] == [m.raw for m in original.responses]
    assert copy.names == original.names and copy.namespace == original.namespace
    assert copy.errors == () and copy.issues == ()


# --- garbled input through the whole dissection -----------------------------------------------

SMALL = (CAPTURES / "tux-evse_binding/iso15118-v2g-protocol-handshake.pcapng").read_bytes()
SMALL_PCAP = (
    CAPTURES
    / "EVerest_logfiles/BMW/iX_fw_11_2022.64"
    / "2023-03-30T06_36_03.571Z_car_stops_soc_too_close_to_target/ethernet-traffic.dump"
).read_bytes()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    which=st.booleans(),
    cut=st.integers(0, 20000),
    flips=st.lists(st.tuples(st.integers(0, 20000), st.integers(0, 255)), max_size=8),
)
def test_garbled_captures_give_capture_error_or_a_dissection(
    which: bool, cut: int, flips: list[tuple[int, int]]
) -> None:
    data = bytearray((SMALL if which else SMALL_PCAP)[:cut])
    for pos, value in flips:
        if pos < len(data):
            data[pos] = value
    try:
        d = dissect(bytes(data))
    except CaptureError:
        return
    assert all((m.message is None) == (m.error is not None) for m in d.messages)
