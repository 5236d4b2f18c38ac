"""`v2g capture replay` through the command line: every real-car DIN and ISO 15118-2 session of
EVerest_logfiles against our SECC (configured from the capture), a recorded charger against our EVCC,
and a deliberately broken SECC."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.capture._broken import Broken
from tests.capture._live import our_secc, replay
from tests.capture._provenance import CAPTURES
from v2g.aio.server import CoreServer
from v2g.apphand import DIN
from v2g.capture import sessions
from v2g.capture.replay_config import secc_options
from v2g.cli import main as v2g_main
from v2g.controller import SimulatedDcEvse
from v2g.secc import SeccConfig, SeccSession

EVEREST = sorted((CAPTURES / "EVerest_logfiles").rglob("*.dump"))
MG4_DIN = CAPTURES / "EVerest_logfiles/MG/MG4_electric/dinspec-DC.dump"

BEHAVIOUR = {
    # the recorded chargers refused SessionStop(Pause) in a DC session: FAILED
    "Mercedes-Benz/EQE/2023-04-18T15_19_14.023Z-2_config-dc-iso2/ethernet-traffic.dump": "--no-pause",
    "Polestar/Polestar2/iso15118-2_DC/2023-04-04T12_37_00.049Z-polestar2_iso15118-2_dc/"
    "ethernet-traffic.dump": "--no-pause",
    # the recorded charger (Josev) answered SessionStopReq in the cable check with FAILED_SequenceError
    "Opel/Ampera-E/2023-01-13-din_spec_70121/session/ampera_dc_din_1.dump": "--strict",
    # the recorded charger offered Contract (Plug and Charge) only: ExternalPayment is refused
    "VW/id.4/iso_15118-2_DC/2023-04-14T09_53_34.808Z-4_config-dc-iso2-pnc/ethernet-traffic.dump": "--payment",
}
"""The captures whose charger behaved as a configurable option of ours, not as our defaults."""


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A test PKI for the replays that need Plug & Charge (TLS)."""
    folder = tmp_path_factory.mktemp("replay") / "pki"
    assert v2g_main(["pki", "create", str(folder), "--profile", "iso2"]) == 0
    return folder


def _rel(path: Path) -> str:
    return str(path.relative_to(CAPTURES / "EVerest_logfiles"))


@pytest.mark.parametrize("capture", EVEREST, ids=_rel)
def test_each_real_car_session_against_our_secc(capture: Path, request: pytest.FixtureRequest) -> None:
    """Every session of the capture, in order (a resumed session resumes the live one), through the
    CLI against our SECC with the recorded charger's protocol, energy mode, limits and behaviour
    (``BEHAVIOUR``): each recorded answer type with the recorded ResponseCode, no divergence."""
    found = sessions(capture)
    assert {s.schema for s in found} <= {"din", "iso2", None}
    options = secc_options(found)
    assert [o for o in options if o in ("--no-pause", "--strict", "--payment")] == (
        [BEHAVIOUR[_rel(capture)]] if _rel(capture) in BEHAVIOUR else []
    )
    tls: list[str | Path] = []
    if "contract" in options:  # Plug & Charge is offered on TLS only: the car is replayed over TLS
        tls = ["--tls", "--pki", request.getfixturevalue("pki")]
    with our_secc([*options, *map(str, tls)]) as server:
        port = server.tls_port if tls else server.tcp_port
        code, out = replay(capture, "--as", "evcc", "--to", f"[::1]:{port}", *tls, "--fast", "--json")
    records = [json.loads(line) for line in out.splitlines()]
    divergences = [r["text"] for r in records if r.get("kind") == "divergence"]
    results = [r for r in records if "result" in r]
    assert divergences == [], divergences
    assert code == 0
    assert len(results) == sum(1 for s in found if s.requests)
    assert all(r["completed"] for r in results)
    exchanges = [r for r in records if r.get("kind") == "exchange"]
    assert exchanges
    for r in exchanges:  # the recorded answer types, and OK or the recorded FAILED code
        if r["recorded"] is not None:
            assert r["response"] == r["recorded"]
            assert r["response_code"] == r["recorded_code"]


def test_secc_options_follow_the_recorded_charger() -> None:
    code, out = _capture_cli("replay", str(MG4_DIN), "--as", "evcc", "--secc-options")
    assert code == 0
    assert out == "--protocol din --mode dc --max-voltage 520 --max-current 30 --max-power 11000\n"
    everest = CAPTURES / "EVerest_logfiles"
    for rel, options in [
        ("Mercedes-Benz/EQE/2023-04-18T15_19_14.023Z-2_config-dc-iso2/ethernet-traffic.dump",
         "--protocol iso2 --mode dc --max-voltage 1250 --max-current 25 --max-power 10000 --no-pause"),
        ("Opel/Ampera-E/2023-01-13-din_spec_70121/session/ampera_dc_din_1.dump",
         "--protocol din --mode dc --max-voltage 900 --max-current 25 --max-power 10000 --strict"),
        ("VW/id.4/iso_15118-2_DC/2023-04-14T09_53_34.808Z-4_config-dc-iso2-pnc/ethernet-traffic.dump",
         "--protocol iso2 --mode dc --payment contract"),
    ]:
        code, out = _capture_cli("replay", str(everest / rel), "--as", "evcc", "--secc-options")
        assert (code, out) == (0, options + "\n")


def _capture_cli(*argv: str) -> tuple[int, str]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = v2g_main(["capture", *argv])
    return code, out.getvalue()


def test_a_recorded_charger_against_our_evcc_completes() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "v2g",
            "capture",
            "replay",
            str(MG4_DIN),
            "--as",
            "secc",
            "--listen",
            "[::1]:0",
            "--fast",
            "--json",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = json.loads(proc.stdout.readline())["listening"]
        code = v2g_main(
            [
                "evcc",
                "--no-sdp",
                "--host",
                "::1",
                "--port",
                str(port),
                "--protocol",
                "din",
                "--cycles",
                "3",
                "--precharge-tolerance",
                "200",
                "--quiet",
            ]
        )
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert proc.returncode == 0, [r for r in records if r.get("kind") == "divergence"]
    answered = [r["response"] for r in records if r.get("kind") == "exchange"]
    assert answered[0] == "supportedAppProtocolRes" and answered[-1] == "SessionStopRes"
    assert answered.count("CurrentDemandRes") == 3
    assert records[-1]["result"] == "OK"


@contextmanager
def _broken_secc(**broken: object) -> Iterator[int]:
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    stop = asyncio.Event()
    port: list[int] = []

    def factory(now: float) -> Broken:
        evse = SimulatedDcEvse(max_voltage=520, max_current=30, max_power=11000, site_power=11000)
        return Broken(SeccSession(SeccConfig(protocols=(DIN,)), evse, now), **broken)  # type: ignore[arg-type]

    async def serve() -> None:
        server = CoreServer(factory)
        await server.start("::1", 0)
        port.append(server.port)
        ready.set()
        await stop.wait()
        await server.close()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    assert ready.wait(20)
    try:
        yield port[0]
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(20)
        loop.close()


def test_a_broken_secc_is_reported_with_the_message_and_the_delay() -> None:
    with _broken_secc(
        wrong="ServiceDiscoveryRes", code="OK_CertificateExpiresSoon", late="CurrentDemandRes", delay=0.5
    ) as port:
        code, out = replay(MG4_DIN, "--as", "evcc", "--to", f"[::1]:{port}", "--fast", "--quiet")
    lines = [line for line in out.splitlines() if line.startswith("DIVERGED")]
    assert code == 1
    assert (
        lines[0]
        == "DIVERGED  step 3: ServiceDiscoveryRes ResponseCode OK_CertificateExpiresSoon, recorded OK"
    )
    late = re.fullmatch(
        r"DIVERGED  step 37: CurrentDemandRes late: (\d+\.\d{3}) s after CurrentDemandReq \(limit 0\.25 s, "
        r"recorded 99\.3 ms\)",
        lines[1],
    )
    assert late is not None, lines
    assert float(late.group(1)) >= 0.5
    assert len(lines) == 2
    assert out.splitlines()[-1].startswith("session 0 (din): DIVERGED: ")


OWN_TLS = Path(__file__).resolve().parents[2] / "captures" / "demo-iso2-dc-tls.pcapng"


def test_tls_replay_both_ways(tmp_path: Path) -> None:
    """Our own TLS reference capture (secrets embedded) replayed over TLS: its car against our SECC,
    its charger against our EVCC."""
    import tls.context

    pki = tmp_path / "pki"
    assert v2g_main(["pki", "create", str(pki), "--profile", "iso2"]) == 0
    context = tls.context.iso2_server_context(tls.context.server_config_from_dir(pki, "iso2"))
    options = secc_options(sessions(OWN_TLS))
    with our_secc(options, context) as server:
        code, out = replay(
            OWN_TLS,
            "--as",
            "evcc",
            "--to",
            f"[::1]:{server.tls_port}",
            "--tls",
            "--pki",
            pki,
            "--fast",
            "--quiet",
        )
    assert code == 0, out
    assert out.splitlines()[-1].startswith("session 0 (iso2): OK: ")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "v2g",
            "capture",
            "replay",
            str(OWN_TLS),
            "--as",
            "secc",
            "--listen",
            "[::1]:0",
            "--tls",
            "--pki",
            str(pki),
            "--fast",
            "--json",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = json.loads(proc.stdout.readline())["listening"]
        code = v2g_main(
            [
                "evcc",
                "--no-sdp",
                "--host",
                "::1",
                "--port",
                str(port),
                "--protocol",
                "iso2",
                "--tls",
                "--pki",
                str(pki),
                "--cycles",
                "2",
                "--quiet",
            ]
        )
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert code == 0
    assert proc.returncode == 0, out
    assert json.loads(out.splitlines()[-1])["result"] == "OK"


def test_unusable_input_exits_2_and_a_refused_connection_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.pcap"
    junk.write_bytes(b"not a capture at all")
    assert replay(junk, "--as", "evcc", "--to", "[::1]:1")[0] == 2
    assert replay(tmp_path / "missing.pcap", "--as", "evcc", "--to", "[::1]:1")[0] == 2
    assert replay(MG4_DIN, "--as", "evcc", "--to", "[::1]:1", "--session", "5")[0] == 2
    assert "--session 5: the capture holds sessions 0..0" in capsys.readouterr().err
    assert replay(MG4_DIN, "--as", "evcc")[0] == 2  # no --to
    with socket.socket(socket.AF_INET6) as s:  # a port nobody listens on
        s.bind(("::1", 0))
        port = s.getsockname()[1]
    code, out = replay(MG4_DIN, "--as", "evcc", "--to", f"[::1]:{port}", "--quiet")
    assert code == 1
    assert out.splitlines()[0].startswith(f"DIVERGED  cannot connect to [::1]:{port}: ")


def test_session_picks_one_session_of_several() -> None:
    capture = CAPTURES / "EVerest_logfiles/MG/MG4_electric/iso-2-DC.dump"
    assert len(sessions(capture)) == 2
    with our_secc(secc_options(sessions(capture))) as server:
        code, out = replay(
            capture, "--as", "evcc", "--to", f"[::1]:{server.tcp_port}", "--fast", "--quiet", "--session", "1"
        )
    assert code == 0
    assert [line.split(":")[0] for line in out.splitlines()] == ["session 1 (iso2)"]
