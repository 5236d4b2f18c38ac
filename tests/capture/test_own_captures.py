"""The project's own reference captures (captures/*.pcapng), recorded by `v2g demo --pcap`:
SDP, TCP (and TLS with its secrets embedded) between our EVCC and our SECC."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import exi
from v2g.capture import dissect, sessions
from v2g.capture.pcap import read_capture
from v2g.cli import main

ROOT = Path(__file__).resolve().parents[2]
OWN = {
    "demo-iso2-dc-tls.pcapng": ("iso2", True, "CurrentDemandReq"),
    "demo-din-dc.pcapng": ("din", False, "CurrentDemandReq"),
    "demo-iso20-dc-tls13.pcapng": ("iso20", True, "DC_ChargeLoopReq"),
    "demo-iso20-ac-tls13.pcapng": ("iso20", True, "AC_ChargeLoopReq"),
}


def _check(path: Path, schema: str, tls: bool) -> list[str]:
    found = sessions(path)
    assert len(found) == 1
    session = found[0]
    assert session.schema == schema
    assert session.encrypted == tls
    assert not session.errors
    names = [m.name for m in session.requests]
    assert names[0] == "supportedAppProtocolReq" and names[1] == "SessionSetupReq"
    assert names[-1] == "SessionStopReq"
    for request, response in zip(session.requests, session.responses, strict=True):
        assert response.name == request.name[:-3] + "Res"
        body = getattr(getattr(response.message, "Body", None), "BodyElement", response.message)
        assert str(getattr(body.ResponseCode, "value", body.ResponseCode)).startswith("OK")
        assert exi.encode(request.message, check_facets=False) == request.raw  # our bytes re-encode exactly
    return names


@pytest.mark.parametrize("name", sorted(OWN))
def test_reference_capture(name: str) -> None:
    schema, tls, loop = OWN[name]
    path = ROOT / "captures" / name
    names = _check(path, schema, tls)
    assert names.count(loop) == 5
    sdp = dissect(path).sdp
    assert [d.message.__class__.__name__ for d in sdp] == ["SdpRequest", "SdpResponse"]


@pytest.mark.parametrize("name", [n for n in sorted(OWN) if n.startswith("demo-iso20")])
def test_iso20_captures_carry_their_tls13_key_logs(name: str) -> None:
    path = ROOT / "captures" / name
    keys = path.with_suffix(".keys").read_text()
    assert "CLIENT_TRAFFIC_SECRET_0" in keys and "CLIENT_RANDOM" not in keys  # TLS 1.3 secrets
    assert read_capture(path.read_bytes()).tls_keylog() == keys  # the same as the embedded block


def test_a_fresh_recording_matches_the_reference(tmp_path: Path) -> None:
    pcap = tmp_path / "demo.pcapng"
    port = str(16000 + os.getpid() % 500)
    assert (
        main(["demo", "--cycles", "5", "--out", str(tmp_path), "--pcap", str(pcap), "-q", "--sdp-port", port])
        == 0
    )
    assert _check(pcap, "iso2", True) == _check(ROOT / "captures" / "demo-iso2-dc-tls.pcapng", "iso2", True)
