from __future__ import annotations

import random

import pytest

from slac import keys
from slac.errors import ConfigError, SlacError


@pytest.mark.parametrize(
    ("password", "nmk", "nid"),
    [
        ("HomePlugAV", "50D3E4933F855B7040784DF815AA8DB7", "B0F2E695666B03"),
        ("HomePlugAV0123", "B59319D7E8157BA001B018669CCEE30D", "026BCBA5354E08"),
    ],
)
def test_password_vectors(password: str, nmk: str, nid: str) -> None:
    assert keys.nmk_from_password(password) == bytes.fromhex(nmk)
    assert keys.nid_from_nmk(bytes.fromhex(nmk)) == bytes.fromhex(nid)


def test_libslac_nid_vector() -> None:
    nmk = bytes.fromhex("3452235445AEF2D455FEFF31A3B303AD")
    assert keys.nid_from_nmk(nmk) == bytes.fromhex("B1C913B5AA0702")


def test_bad_inputs() -> None:
    with pytest.raises(ConfigError):
        keys.nid_from_nmk(b"short")
    with pytest.raises(SlacError):
        keys.nid_from_nmk(bytes(16), security_level=4)


def test_random_nmk() -> None:
    rng = random.Random(1)
    full = keys.random_nmk(rng.randbytes)
    printable = keys.random_nmk(rng.randbytes, printable=True)
    assert len(full) == len(printable) == 16
    assert all(chr(b) in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in printable)
    assert keys.random_nmk(random.Random(1).randbytes) == full
