"""What the session report finds in real captures: summaries, response times against the limits,
and the problems (FAILED codes, sequence errors, late answers, long phases, SLAC retries, quirks such
as a skipped WeldingDetection, damage, TLS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.capture._provenance import CAPTURES
from v2g.capture import dissect
from v2g.capture.report import CaptureReport, analyse
from v2g.capture.tlsalerts import alert_text
from v2g.capture.tlsdecrypt import TlsRecord

EV = CAPTURES / "EVerest_logfiles"


def _report(path: Path) -> CaptureReport:
    if not path.exists():
        pytest.skip(f"{path} not available")
    d = dissect(path)
    return analyse(d, path.name, tuple(d.damage_text()))


def _problems(report: CaptureReport, kind: str) -> list[str]:
    return [p.text for s in report.sessions for p in s.problems if p.kind == kind] + [
        p.text for p in report.problems if p.kind == kind
    ]


def test_summary_of_a_real_dc_session() -> None:
    report = _report(EV / "Audi/Q4/dc-iso2.dump")
    (s,) = report.sessions
    assert s.summary["EVCCID"] == "007dfa075e4a" and s.summary["EVSEID"] == "DE*PNX*E12345*1"
    assert (
        s.summary["protocol"] == "urn:iso:15118:2:2013:MsgDef" and s.summary["energy_mode"] == "DC_extended"
    )
    assert s.summary["ended"].startswith("SessionStop (Terminate)")
    assert s.summary["duration_s"] == pytest.approx(164.678, abs=0.01)
    assert s.summary["energy_Wh"] > 1000  # integrated EVSEPresentVoltage x EVSEPresentCurrent
    loop = [e for e in s.exchanges if e.request == "CurrentDemandReq"]
    assert loop and all(e.limit == 0.25 and e.response == "CurrentDemandRes" for e in loop)
    assert {e.limit for e in s.exchanges if e.request == "CableCheckReq"} == {2.0}
    assert s.problems == ()


def test_a_late_current_demand_response_is_flagged_with_its_delay_and_frame() -> None:
    report = _report(
        EV / "Opel/Mokka-E/din_spec_70121/2023-04-14T14_24_51.377Z-8_config-josev-dc-dinspec_failure"
        "/ethernet-traffic.dump"
    )
    (s,) = report.sessions
    late = [e for e in s.exchanges if e.late and e.response_time is not None]
    assert late and all(e.request == "CurrentDemandReq" and e.response_time > 0.25 for e in late)
    texts = _problems(report, "timeout")
    assert any(t.startswith("CurrentDemandRes after 329 ms (limit 250 ms)") for t in texts)
    assert s.summary["late_responses"] == len(late)


def test_sequence_error_and_failed_codes() -> None:
    report = _report(CAPTURES / "pyPLC/2022-12-20_alpi_currentDemandSequenceErrorShutdown.pcapng")
    assert "CurrentDemandRes FAILED_SequenceError" in _problems(report, "sequence")
    report = _report(
        EV / "VW/id.4/iso_15118-2_DC/2023-04-14T09_53_34.808Z-4_config-dc-iso2-pnc/ethernet-traffic.dump"
    )
    assert _problems(report, "failed") == ["PaymentServiceSelectionRes FAILED_PaymentSelectionInvalid"]
    assert (
        report.sessions[0].summary["ended"] == "SessionStop (Terminate), TCP fin"
    )  # the car stopped cleanly


def test_skipped_welding_detection_is_a_quirk() -> None:
    report = _report(
        EV / "Tesla/Model_3/2023-04-06T11_52_31.423Z-tesla_model_3_dinspec_DC/ethernet-traffic.dump"
    )
    assert "WeldingDetection skipped: SessionStopReq after charging without it" in _problems(report, "quirk")
    assert "CableCheck took 44.4 s (limit 40 s)" in _problems(report, "timeout")
    audi = _report(EV / "Audi/Q4/dc-iso2.dump")
    assert _problems(audi, "quirk") == []  # it did WeldingDetection


def test_slac_retries() -> None:
    report = _report(EV / "Hyundai/Kona_2017/din_spec_70121/kona1.dump")
    assert "SLAC: CM_SLAC_PARM.REQ sent 39 times (38 more than once per attempt)" in _problems(report, "slac")


def test_a_cut_file_is_reported_damaged_and_its_last_request_unanswered() -> None:
    report = _report(
        EV / "VW/id.3/iso_15118-2_DC/2023-04-14T12_44_52.283Z-2_config-dc-iso2/ethernet-traffic.dump"
    )
    (damage,) = report.damage
    assert damage.startswith("file ends inside frame 349 at byte 36848 (record 349, after frame 348)")
    assert "CurrentDemandReq (frame 348) got no response in the capture" in _problems(report, "timeout")


def test_tls_without_keys_names_the_missing_secret() -> None:
    report = _report(CAPTURES / "tux-evse_binding/iso15118-slac_sdp_tls.pcapng")
    (text,) = _problems(report, "tls")
    assert text.startswith("key log has no CLIENT_RANDOM for client random 11cf317fb84d5710")


def test_alert_text() -> None:
    assert alert_text(TlsRecord(False, 21, b"\x02\x28", False)) == "server fatal handshake_failure"
    assert alert_text(TlsRecord(True, 21, bytes(26), False)) == "client alert (encrypted)"
