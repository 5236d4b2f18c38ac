"""Two test hosts: network namespaces joined by a veth pair (needs root)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator

import pytest


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)


@pytest.fixture
def two_hosts() -> Iterator[tuple[str, str]]:
    tag = f"{os.getpid()}"
    ev, evse = f"v2gt-ev-{tag}", f"v2gt-evse-{tag}"
    _ip("netns", "add", ev)
    _ip("netns", "add", evse)
    try:
        _ip("link", "add", "veth-ev", "netns", ev, "type", "veth", "peer", "name", "veth-evse", "netns", evse)
        for ns, dev in ((ev, "veth-ev"), (evse, "veth-evse")):
            subprocess.run(
                ["ip", "netns", "exec", ns, "sysctl", "-qw", f"net.ipv6.conf.{dev}.accept_dad=0"], check=True
            )
            _ip("-n", ns, "link", "set", "lo", "up")
            _ip("-n", ns, "link", "set", dev, "up")
        yield ev, evse
    finally:
        subprocess.run(["ip", "netns", "del", ev], check=False)
        subprocess.run(["ip", "netns", "del", evse], check=False)


def link_local(ns: str, dev: str) -> str:
    out = subprocess.run(
        ["ip", "-n", ns, "-j", "-6", "addr", "show", "dev", dev, "scope", "link"],
        capture_output=True, text=True, check=True,
    ).stdout
    return str(json.loads(out)[0]["addr_info"][0]["local"])


