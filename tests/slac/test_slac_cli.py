from __future__ import annotations

import argparse
import io

import pytest

from slac import cli
from slac.messages import LOCALCAST


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="v2g slac")
    cli.add_arguments(parser)
    return parser.parse_args(argv)


def test_arguments() -> None:
    ev = parse("ev", "--interface", "eth1", "--run-id", "0102030405060708", "--json")
    assert (ev.slac_role, ev.interface, ev.run_id, ev.json) == ("ev", "eth1", bytes(range(1, 9)), True)
    assert ev.modem_mac == LOCALCAST and ev.attenuation_threshold == 40.0
    evse = parse("evse", "-i", "eth2", "--nmk", "00" * 16, "--set-key-success", "any",
                 "--modem-mac", "00:b0:52:00:00:02")
    assert evse.nmk == bytes(16) and evse.set_key_success == "any" and evse.modem_mac[-1] == 2
    with pytest.raises(SystemExit):
        parse("car", "-i", "x")
    with pytest.raises(SystemExit):
        parse("ev")  # --interface is required


@pytest.mark.parametrize("role", ["ev", "evse"])
async def test_missing_interface_exits_2(role: str) -> None:
    out = io.StringIO()
    assert await cli.run(parse(role, "--interface", "nosuchif0"), out) == 2
    assert "nosuchif0" in out.getvalue() or "raw socket" in out.getvalue()


async def test_bad_options_exit_2_before_opening_the_interface() -> None:
    out = io.StringIO()
    assert await cli.run(parse("ev", "--interface", "nosuchif0", "--run-id", "0102"), out) == 2
    assert "run_id must be 8 bytes" in out.getvalue()
    out = io.StringIO()
    assert await cli.run(parse("evse", "--interface", "nosuchif0", "--nmk", "00"), out) == 2
    assert "nmk must be 16 bytes" in out.getvalue()
