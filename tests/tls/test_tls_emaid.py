"""eMAID syntax and check character against the public examples of the eMI3 / DIN SPEC 91286 paper."""

from __future__ import annotations

import pytest

from tls.emaid import check_character, check_pcid, make_emaid, parse_emaid
from tls.errors import InvalidEmaid

PUBLIC = [
    "FRXYZ1234567892",
    "ITA1B2C3E4F5G64",
    "ESZU8WOX834H1DR",
    "PT73902837ABCZZ",
    "DE83DUIEN83QGZD",
    "DE83DUIEN83ZGQM",
]


@pytest.mark.parametrize("emaid", PUBLIC)
def test_public_examples(emaid: str) -> None:
    assert check_character(emaid[:14]) == emaid[14]
    assert parse_emaid(emaid).normalized == emaid


@pytest.mark.parametrize("emaid", PUBLIC)
def test_every_wrong_check_character_is_rejected(emaid: str) -> None:
    for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if c != emaid[14]:
            with pytest.raises(InvalidEmaid, match="check character"):
                parse_emaid(emaid[:14] + c)


def test_single_substitutions_are_detected() -> None:
    base = "DE83DUIEN83QGZD"
    for i in range(14):
        for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            if c != base[i]:
                with pytest.raises(InvalidEmaid):
                    parse_emaid(base[:i] + c + base[i + 1 :])


def test_separators_and_case() -> None:
    e = parse_emaid("de-83d-uien83qgz-d")
    assert (e.country, e.provider, e.instance, e.check) == ("DE", "83D", "UIEN83QGZ", "D")
    assert e.normalized == "DE83DUIEN83QGZD"
    assert parse_emaid("DE83DUIEN83QGZ", require_check=False).check is None
    with pytest.raises(InvalidEmaid, match="missing"):
        parse_emaid("DE83DUIEN83QGZ")


@pytest.mark.parametrize(
    "bad", ["", "D183DUIEN83QGZD", "DE83DUIEN83QGZDX", "DE83D_UIEN83QGZD", "DE--83DUIEN83QGZD"]
)
def test_syntax_errors(bad: str) -> None:
    with pytest.raises(InvalidEmaid, match="syntax"):
        parse_emaid(bad)


def test_make_emaid_round_trip() -> None:
    e = make_emaid("nl", "abc", "000000001")
    assert parse_emaid(e).normalized == e and len(e) == 15


def test_pcid() -> None:
    assert check_pcid("WMIV2G1234567890AB") == "WMIV2G1234567890AB"
    with pytest.raises(ValueError):
        check_pcid("wmi-v2g")
