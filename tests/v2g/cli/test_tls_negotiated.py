"""The negotiated TLS parameters (version, suite, group, peer subjects, OCSP status) in the session
start lines, the JSON trace of both sides, and the demo's pcapng comments."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.v2g.cli._procs import V2G, port_of, start_secc
from v2g.capture.pcap import read_capture
from v2g.cli import main

PORT = 15900 + os.getpid() % 90


def test_both_sides_print_and_trace_the_negotiated_tls(tmp_path: Path) -> None:
    assert main(["pki", "create", str(tmp_path / "pki"), "--profile", "iso2"]) == 0
    secc = start_secc(
        "--tls", "--tls-only", "--pki", str(tmp_path / "pki"), "--trace", str(tmp_path / "s.jsonl")
    )
    try:
        port = port_of(secc, "tls")
        car = subprocess.run(
            [
                *V2G,
                "evcc",
                "--no-sdp",
                "--host",
                "::1",
                "--port",
                str(port),
                "--tls",
                "--pki",
                str(tmp_path / "pki"),
                "--protocol",
                "iso2",
                "--cycles",
                "1",
                "-q",
                "--trace",
                str(tmp_path / "e.jsonl"),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert car.returncode == 0, car.stdout + car.stderr
        out, _ = secc.communicate(timeout=30)
    finally:
        secc.kill()
    assert "TLS: TLSv1.2 ECDHE-ECDSA-AES128-SHA256 secp256r1 peer=DC=CPO," in car.stdout
    (started,) = [x for x in out.splitlines() if " started: " in x]
    assert started.endswith(", TLS TLSv1.2 ECDHE-ECDSA-AES128-SHA256 secp256r1 peer=- ocsp=none"), started
    ev = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    se = [json.loads(x) for x in (tmp_path / "s.jsonl").read_text().splitlines()]
    assert ev[0]["tls"]["version"] == "TLSv1.2" and "CN=SECCCert" in ev[0]["tls"]["peer"][0]
    assert se[0]["tls"] == {
        "version": "TLSv1.2",
        "suite": "ECDHE-ECDSA-AES128-SHA256",
        "group": "secp256r1",
        "profile": "iso2",
        "peer": [],
        "ocsp": "none",
    }
    assert all("tls" not in rec for rec in ev[1:] + se[1:])  # once per connection


def test_the_demo_capture_carries_the_tls_parameters_as_a_comment(tmp_path: Path) -> None:
    pcap = tmp_path / "demo.pcapng"
    assert (
        main(
            [
                "demo",
                "--cycles",
                "1",
                "--out",
                str(tmp_path),
                "-q",
                "--pcap",
                str(pcap),
                "--sdp-port",
                str(PORT),
            ]
        )
        == 0
    )
    comments = [p.comment for p in read_capture(pcap.read_bytes()).packets if p.comment]
    assert len(comments) == 1 and comments[0].endswith(" ocsp=good"), comments  # the demo staples
    assert comments[0].startswith("TLS TLSv1.2 ECDHE-ECDSA-AES128-SHA256 secp256r1 peer="), comments
    tshark = shutil.which("tshark")
    if tshark is not None:  # what Wireshark shows
        shown = subprocess.run(
            [tshark, "-r", str(pcap), "-Y", "frame.comment", "-T", "fields", "-e", "frame.comment"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert comments[0] in shown.stdout, shown.stdout + shown.stderr


def test_secc_staples_a_response_made_by_pki_ocsp(tmp_path: Path) -> None:
    pki = str(tmp_path / "pki")
    assert main(["pki", "create", pki, "--profile", "iso2"]) == 0
    for status in ("good", "revoked"):
        response = tmp_path / f"{status}.der"
        assert main(["pki", "ocsp", pki, "--status", status, "--out", str(response)]) == 0
        secc = start_secc("--tls", "--tls-only", "--pki", pki, "--ocsp", str(response))
        try:
            port = port_of(secc, "tls")
            car = subprocess.run(
                [
                    *V2G,
                    "evcc",
                    "--no-sdp",
                    "--host",
                    "::1",
                    "--port",
                    str(port),
                    "--tls",
                    "--pki",
                    pki,
                    "--protocol",
                    "iso2",
                    "--cycles",
                    "1",
                    "-q",
                    "--require-ocsp",
                ],
                capture_output=True,
                text=True,
                timeout=60,
            )
        finally:
            secc.kill()
            secc.wait()
        if status == "good":
            assert car.returncode == 0, car.stdout + car.stderr
            assert " ocsp=good" in car.stdout
        else:  # [V2G2-873]: a revoked SECC certificate ends the session, with the reason
            assert car.returncode != 0
            assert "SECC certificate revoked (stapled OCSP)" in car.stdout + car.stderr
