"""eMAID syntax and check character (ISO 15118-2 Annex H, DIN SPEC 91286, eMI3 "Contract-ID").

An eMAID is ``<country code><S><provider ID><S><eMA instance><S><check character>`` where the country
code is 2 letters (ISO 3166-1 alpha-2), the provider ID 3 alphanumerics, the instance 9
alphanumerics, the optional check character 1 alphanumeric, and each separator ``S`` an optional
``-``. Comparison is case-insensitive; the normalised form is upper case without separators (the form
the contract certificate's CommonName carries).

The check character: each of the 15 characters ``c`` (value 0-9 for digits, 10-35 for A-Z) is split
into a 2-bit part ``q = value // 9`` and a 2-trit part ``r = value % 9``. With ``P1 = [[0,1],[1,1]]``
over GF(2) and ``P2 = [[0,1],[1,2]]`` over GF(3), the identifier is valid when
``sum_i q_i * P1**i == 0 (mod 2)`` and ``sum_i r_i * P2**i == 0 (mod 3)`` for ``i = 1..15``
(row vectors times matrix powers). The check character is the unique one completing both sums to 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tls.errors import InvalidEmaid

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

_EMAID_RE = re.compile(
    r"^(?P<cc>[A-Z]{2})-?(?P<pid>[A-Z0-9]{3})-?(?P<inst>[A-Z0-9]{9})(?:-?(?P<check>[A-Z0-9]))?$"
)

_Matrix = tuple[tuple[int, int], tuple[int, int]]


def _matmul(a: _Matrix, b: _Matrix, mod: int) -> _Matrix:
    return (
        ((a[0][0] * b[0][0] + a[0][1] * b[1][0]) % mod, (a[0][0] * b[0][1] + a[0][1] * b[1][1]) % mod),
        ((a[1][0] * b[0][0] + a[1][1] * b[1][0]) % mod, (a[1][0] * b[0][1] + a[1][1] * b[1][1]) % mod),
    )


def _powers(base: _Matrix, mod: int, count: int) -> tuple[_Matrix, ...]:
    out = [base]
    while len(out) < count:
        out.append(_matmul(out[-1], base, mod))
    return tuple(out)


_P1 = _powers(((0, 1), (1, 1)), 2, 15)
_P2 = _powers(((0, 1), (1, 2)), 3, 15)


def _parts(ch: str) -> tuple[tuple[int, int], tuple[int, int]]:
    value = _ALPHABET.index(ch)
    q, r = divmod(value, 9)
    return (q // 2, q % 2), (r // 3, r % 3)


def _fold(chars: str) -> tuple[int, int, int, int]:
    s = [0, 0, 0, 0]
    for i, ch in enumerate(chars):
        (q1, q2), (r1, r2) = _parts(ch)
        p1, p2 = _P1[i], _P2[i]
        s[0] += q1 * p1[0][0] + q2 * p1[1][0]
        s[1] += q1 * p1[0][1] + q2 * p1[1][1]
        s[2] += r1 * p2[0][0] + r2 * p2[1][0]
        s[3] += r1 * p2[0][1] + r2 * p2[1][1]
    return s[0] % 2, s[1] % 2, s[2] % 3, s[3] % 3


def check_character(first14: str) -> str:
    """The check character of a 14-character eMAID body (normalised: upper case, no separators)."""
    body = first14.upper()
    if len(body) != 14 or any(c not in _ALPHABET for c in body):
        raise InvalidEmaid(first14, "check character needs 14 alphanumeric characters")
    candidates = [c for c in _ALPHABET if _fold(body + c) == (0, 0, 0, 0)]
    # P1**15 and P2**15 are invertible, so exactly one character completes the sums.
    assert len(candidates) == 1
    return candidates[0]


@dataclass(frozen=True, slots=True)
class Emaid:
    """A parsed eMAID."""

    country: str
    provider: str
    instance: str
    check: str | None

    @property
    def normalized(self) -> str:
        """Upper case, no separators, with the check character if present."""
        return f"{self.country}{self.provider}{self.instance}{self.check or ''}"


def parse_emaid(value: str, *, require_check: bool = True) -> Emaid:
    """Parse and check an eMAID; raise :class:`InvalidEmaid` naming what is wrong."""
    m = _EMAID_RE.match(value.upper())
    if m is None:
        raise InvalidEmaid(
            value, "syntax is <CC 2 letters>[-]<provider 3 alnum>[-]<instance 9 alnum>[[-]<check 1 alnum>]"
        )
    check = m.group("check")
    body = m.group("cc") + m.group("pid") + m.group("inst")
    if check is None:
        if require_check:
            raise InvalidEmaid(value, "check character missing")
    else:
        expected = check_character(body)
        if check != expected:
            raise InvalidEmaid(value, f"check character is {check!r}, expected {expected!r}")
    return Emaid(m.group("cc"), m.group("pid"), m.group("inst"), check)


def make_emaid(country: str, provider: str, instance: str) -> str:
    """Build a normalised eMAID with its check character."""
    body = f"{country}{provider}{instance}".upper()
    parse_emaid(body, require_check=False)
    return body + check_character(body)


_PCID_RE = re.compile(r"^[A-Z0-9]{17,18}$")


def check_pcid(value: str) -> str:
    """A PCID (provisioning certificate ID, the OEM provisioning certificate's CommonName): 17 or 18
    upper-case alphanumerics (ISO 15118-20 [V2G20-2492] uses the 18-character form). Returns it."""
    if _PCID_RE.match(value) is None:
        raise ValueError(f"invalid PCID {value!r}: 17 or 18 upper-case letters and digits")
    return value
