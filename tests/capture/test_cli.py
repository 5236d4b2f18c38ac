"""``v2g capture dissect`` and ``v2g capture sessions`` through add_arguments/run."""

from __future__ import annotations

import argparse
import io
import itertools
import json
from pathlib import Path

import pytest

from tests.capture._provenance import CAPTURES, entries
from v2g.capture import cli
from v2g.capture.dissect import dissect, sessions

ISO2 = CAPTURES / "EVerest_logfiles/Audi/Q4/dc-iso2.dump"
ISO20 = CAPTURES / "dsV2Gshark/ISO-20_BPT_AC_DS5366_Josev.pcapng"


def _run(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="v2g capture")
    cli.add_arguments(parser)
    out = io.StringIO()
    code = cli.run(parser.parse_args(list(argv)), out)
    return code, out.getvalue()


def test_dissect_prints_one_line_per_sdp_datagram_and_message() -> None:
    code, text = _run("dissect", str(ISO2))
    d = dissect(ISO2)
    lines = text.splitlines()
    assert code == 0
    assert len(lines) == len(d.messages) + len(d.sdp)
    assert "SdpRequest" in lines[0] and "SdpResponse" in lines[1]
    assert "supportedAppProtocolReq" in lines[2] and "urn:iso:15118:2:2013:MsgDef" in lines[2]
    setup = next(line for line in lines if "SessionSetupReq" in line)
    assert "EV->EVSE" in setup and "iso2" in setup
    assert f"EVCCID={entries()[str(ISO2.relative_to(CAPTURES))].ids['EVCCID'].lower()}" in setup
    precharge = next(line for line in lines if "PreChargeReq" in line)
    assert "EVTargetVoltage=" in precharge and " V" in precharge


def test_dissect_json_lines_carry_the_decoded_dict() -> None:
    code, text = _run("dissect", "--json", "--no-sdp", str(ISO20))
    records = [json.loads(line) for line in text.splitlines()]
    d = dissect(ISO20)
    assert code == 0 and len(records) == len(d.messages)
    for record, m in zip(records, d.messages, strict=True):
        assert record["message"] == json.loads(json.dumps(m.to_dict(), default=str))
        assert (record["name"], record["schema"], record["direction"]) == (
            m.name,
            m.schema,
            m.direction.value,
        )
        assert bytes.fromhex(record["raw"]) == m.raw
    assert {r["schema"] for r in records} == {"app", "iso20", "iso20-ac"}


def test_sessions_summary_counts_messages() -> None:
    code, text = _run("sessions", "--json", str(ISO2))
    (summary,) = [json.loads(line) for line in text.splitlines()]
    (session,) = sessions(ISO2)
    assert code == 0
    assert summary["namespace"] == "urn:iso:15118:2:2013:MsgDef"
    assert summary["requests"] == len(session.requests) and summary["errors"] == 0
    assert sum(summary["messages"].values()) == len(session.messages)
    assert summary["last_request"] == "SessionStopReq"
    code, text = _run("sessions", str(ISO2))
    assert code == 0 and "urn:iso:15118:2:2013:MsgDef" in text and "SessionStopReq x1" in text


def test_tls_session_is_decrypted_with_the_keys_the_capture_discloses() -> None:
    # the DS5366 sends its TLS secrets as key log lines to UDP port 52345: no --keylog needed
    code, text = _run("sessions", str(CAPTURES / "dsV2Gshark/ISO-20_TLS13_DC_DS5366_Josev.pcapng"))
    assert code == 0 and "TLS (decrypted) urn:iso:std:iso:15118:-20:DC" in text
    assert "SessionStopReq x1" in text


@pytest.mark.parametrize("content", [b"", b"not a capture at all", b"\x0a\x0d\x0d\x0a\x10\x00"])
def test_unreadable_files_exit_2(tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.pcapng"
    path.write_bytes(content)
    assert _run("dissect", str(path))[0] == 2
    assert "bad.pcapng" in capsys.readouterr().err
    assert _run("sessions", str(tmp_path / "missing.pcap"))[0] == 2


def test_keylog_option_decrypts(tmp_path: Path) -> None:
    folder = CAPTURES / "tux-evse_binding"
    code, text = _run(
        "sessions",
        "--json",
        "--keylog",
        str(folder / "hello-tls-1.3.keylog"),
        str(folder / "hello-tls-1.3.pcapng"),
    )
    (summary,) = [json.loads(line) for line in text.splitlines()]
    assert code == 0 and summary["encrypted"] and summary["tls"]["version"] == 0x0304
    assert summary["tls"]["decrypted_records"] > 0 and summary["tls"]["problems"] == []
    assert (
        _run("sessions", "--keylog", str(tmp_path / "none.log"), str(folder / "hello-tls-1.3.pcapng"))[0] == 2
    )


def test_timeline_has_wireshark_frame_numbers_delta_times_and_slac_with_layers() -> None:
    code, text = _run("dissect", "--layers", "slac,sdp,v2g", str(ISO2))
    lines = text.splitlines()
    d = dissect(ISO2)
    assert code == 0 and len(lines) == len(d.messages) + len(d.sdp) + len(d.homeplug)
    # the frame numbers of tshark's HomePlug dissector (frames 2..4: CM_SET_KEY REQ, CNF, REQ)
    assert [line.split()[0] for line in lines[:3]] == ["2", "3", "4"]
    assert "CM_SET_KEY.REQ" in lines[0] and "CM_SET_KEY.CNF" in lines[1]
    slac = [line for line in lines if " slac " in line]
    assert sum("CM_SLAC_PARM.REQ" in line for line in slac) == 1
    assert len(slac) == len(d.homeplug)
    setup = next(line for line in lines if "SessionSetupReq" in line)
    m = next(m for m in d.messages if m.name == "SessionSetupReq")
    assert setup.split()[0] == str(m.frame + 1)
    # delta: time since the previous line shown
    times = [float(line.split()[1]) for line in lines]
    items = [*d.messages, *d.sdp, *d.homeplug]
    stamps = sorted(x.timestamp_ns for x in items)
    assert times[0] == 0
    assert times[1:] == pytest.approx([(b - a) / 1e9 for a, b in itertools.pairwise(stamps)], abs=2e-6)
    code, text = _run("dissect", "--layers", "v2g", str(ISO2))
    assert len(text.splitlines()) == len(d.messages)


def test_tls_with_wrong_keys_says_which_secret_does_not_decrypt(tmp_path: Path) -> None:
    folder = CAPTURES / "tux-evse_binding"
    good = (folder / "hello-tls-1.3.keylog").read_text()
    wrong = tmp_path / "wrong.keylog"
    lines = [line.split() for line in good.splitlines() if line.strip() and not line.startswith("#")]
    wrong.write_text("".join(f"{label} {rnd} {'00' * (len(secret) // 2)}\n" for label, rnd, secret in lines))
    code, text = _run("dissect", "--keylog", str(wrong), str(folder / "hello-tls-1.3.pcapng"))
    note = next(line for line in text.splitlines() if "not decrypted" in line)
    assert code == 0  # readable, nothing failed to decode: it is said, not an error
    assert "TLS 1.3 not decrypted: cannot decrypt a" in note
    assert "(wrong SERVER_HANDSHAKE_TRAFFIC_SECRET in the key log?)" in note
    _code, text = _run("dissect", str(folder / "hello-tls-1.3.pcapng"))
    assert "key log has no CLIENT_HANDSHAKE_TRAFFIC_SECRET" in text and "give --keylog FILE" in text
