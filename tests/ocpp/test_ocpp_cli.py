"""`v2g csms` and `v2g secc --ocpp` (OCPP 2.0.1 and 1.6J): a car authorized by its RFID card at the
CSMS, the transaction recorded there; `v2g demo --ocpp [--ocpp-version 1.6]`."""

from __future__ import annotations

import os
import signal
import socket
import ssl
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509

pytest.importorskip("ocpp")

from v2g.cli import main

V2G = [sys.executable, "-m", "v2g"]


def _first_line_with(proc: subprocess.Popen[str], text: str) -> str:
    assert proc.stdout is not None
    for line in proc.stdout:
        if text in line:
            return line
    raise AssertionError(f"{text!r} never printed")


@pytest.mark.parametrize(
    ("token", "ok", "version"),
    [
        ("04AABBCC", True, "2.0.1"),
        ("04FFFFFF", False, "2.0.1"),
        ("04AABBCC", True, "1.6"),
        ("04FFFFFF", False, "1.6"),
    ],
)
def test_secc_with_ocpp_authorizes_at_the_csms(tmp_path: Path, token: str, ok: bool, version: str) -> None:
    csms = subprocess.Popen(
        [*V2G, "csms", "--port", "0", "--token", "04AABBCC", "--limit", "11000", "--ocpp-version", version],
        stdout=subprocess.PIPE,
        text=True,
    )
    secc = None
    try:
        url = _first_line_with(csms, "CSMS listening on").split()[-1]
        secc = subprocess.Popen(
            [
                *V2G,
                "secc",
                "--no-sdp",
                "--host",
                "::1",
                "--port",
                "0",
                "--sessions",
                "1",
                "--ocpp",
                url,
                "--charge-point-id",
                "CP7",
                "--ocpp-token",
                token,
                "--ocpp-version",
                version,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert "OCPP: connected to " + url + "/CP7" in _first_line_with(secc, "OCPP:")
        port = _first_line_with(secc, "SECC listening").split("tcp=")[1].split()[0]
        car = subprocess.run(
            [*V2G, "evcc", "--no-sdp", "--host", "::1", "--port", port, "--cycles", "3", "-q"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (car.returncode == 0) is ok, car.stdout + car.stderr
        assert secc.wait(30) == 0
    finally:
        for proc in (secc, csms):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGINT)
    out, _ = csms.communicate(timeout=30)
    # 1.6: StartTransaction's idTag is the card, StopTransaction ends it (recorded as Started, Ended)
    assert ("Started Ended" in out) is ok, out


@pytest.mark.parametrize("version", ["2.0.1", "1.6"])
def test_demo_ocpp_runs_plug_and_charge_through_the_csms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], version: str
) -> None:
    port = str(16800 + os.getpid() % 150 + (0 if version == "2.0.1" else 1))
    code = main(
        ["demo", "--ocpp", "--ocpp-version", version, "--out", str(tmp_path), "-q", "--sdp-port", port]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"OCPP {version}: CSMS" in out
    assert "Get15118EVCertificate (Install): the CSMS issued the contract" in out
    assert "Authorize eMAID DEV2G123456789K, 3 certificate hashes" in out
    what = "TransactionEvents" if version == "2.0.1" else "Start/MeterValues/StopTransaction"
    assert f"{what}: Started Updated Updated Updated Ended" in out
    assert "3 signed OCMF meter values, 3 verified with the meter's key" in out
    assert "the car's schedule: 7000 W after 1 renegotiation(s)" in out


@pytest.mark.parametrize("version", ["2.0.1", "1.6"])
def test_secc_renews_its_certificate_at_the_csms_and_serves_it(tmp_path: Path, version: str) -> None:
    pki = tmp_path / "pki"
    assert main(["pki", "create", "--profile", "iso2", str(pki)]) == 0
    old = x509.load_pem_x509_certificate((pki / "v2g" / "SECC_LEAF.pem").read_bytes())
    csms = subprocess.Popen(
        [*V2G, "csms", "--port", "0", "--pki", str(pki), "--ocpp-version", version],
        stdout=subprocess.PIPE,
        text=True,
    )
    secc = None
    try:
        url = _first_line_with(csms, "CSMS listening on").split()[-1]
        secc = subprocess.Popen(
            [*V2G, "secc", "--no-sdp", "--host", "127.0.0.1", "--port", "0", "--tls", "--pki", str(pki),
             "--ocpp", url, "--ocpp-version", version, "--ocpp-renew-secc"],
            stdout=subprocess.PIPE,
            text=True,
        )
        serial = _first_line_with(secc, "SECC certificate").split()[-1]
        tls_port = int(_first_line_with(secc, "SECC listening").split("tls=")[1].split()[0])
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
        address = ("127.0.0.1", tls_port)
        with socket.create_connection(address, timeout=10) as raw, ctx.wrap_socket(raw) as conn:
            der = conn.getpeercert(binary_form=True)
        assert der is not None
        served = x509.load_der_x509_certificate(der)
    finally:
        for proc in (secc, csms):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                proc.communicate(timeout=30)
    assert format(served.serial_number, "x") == serial != format(old.serial_number, "x")
    stored = x509.load_pem_x509_certificates((pki / "v2g" / "SECC_LEAF_CHAIN.pem").read_bytes())[0]
    assert stored == served
    key = pki / "v2g" / "private" / "SECC_LEAF.key.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
