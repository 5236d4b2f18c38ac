"""Issue 8's whole chain on emulated PLC: EV host, charger host and the modem emulator in network
namespaces; the EVCC associates with SLAC, finds the SECC with SDP over the new link and runs a DIN
session. The processes are the shipped commands (`v2g secc --slac`, `v2g evcc --slac`)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

import tests.slac.test_slac_netns as plc

V2G = ("-m", "v2g.cli")


@pytest.fixture
def line() -> Iterator[plc.Net]:
    net = plc.Net(secrets.token_hex(2))
    try:
        yield net
    finally:
        net.close()


@pytest.mark.privileged
def test_slac_then_sdp_then_din_session(line: plc.Net) -> None:
    emu = line.ns("emu")
    ev_ns, c_ns = line.ns("ev"), line.ns("c1")
    ev_if = line.wire(ev_ns, "ev", emu, "xe")
    c_if = line.wire(c_ns, "ca", emu, "xa")
    t = line.token
    plc.wait_ready(
        line.spawn(emu, "-m", "slac.aio.emulator", "--port", f"xe{t}:pev:0", "--port", f"xa{t}:evse:15")
    )
    secc = plc.Lines(line.spawn(c_ns, *V2G, "secc", "-i", c_if, "--slac", "--sessions", "1", "-q"))
    secc.wait_for("SECC listening")
    car = plc.Lines(
        line.spawn(ev_ns, *V2G, "evcc", "-i", ev_if, "--slac", "--protocol", "din", "--cycles", "3")
    )
    out = car.finish(90)
    assert car.proc.returncode == 0, out + (car.proc.stderr.read() if car.proc.stderr else "")
    assert "SLAC: LinkReady" in out
    assert "SessionSetupRes" in out and "session OK" in out
    secc.finish(15)
    assert secc.proc.returncode == 0
