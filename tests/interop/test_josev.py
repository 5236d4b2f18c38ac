"""Against the Python incumbent Josev (PyPI iso15118 0.31.2), over a veth pair between two network
namespaces with SDP: its EVCC against our SECC and our EVCC against its SECC, each a whole session
to SessionStop after a charging loop, checked in our trace and in Josev's log.

Adding a case (another protocol, service, TLS version or Plug & Charge): one more ``Case`` in
``CASES``; see README.md in this folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.interop._interop import Case, Peer, check_session, josev_evcc_to_our_secc, our_evcc_to_josev_secc

DC = "CurrentDemandReq"
CASES = [
    Case("din-dc-tcp", "din", "DIN_SPEC_70121", DC),
    Case("iso2-dc-eim-tcp", "iso2", "ISO_15118_2", DC),
    Case("iso2-dc-eim-tls12", "iso2", "ISO_15118_2", DC, tls="1.2"),
]


@pytest.mark.privileged
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_josev_evcc_to_our_secc(case: Case, make_peer: Callable[[Case], Peer], tmp_path: Path) -> None:
    check_session(josev_evcc_to_our_secc(case, make_peer(case), tmp_path), case)


@pytest.mark.privileged
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_our_evcc_to_josev_secc(case: Case, make_peer: Callable[[Case], Peer], tmp_path: Path) -> None:
    check_session(our_evcc_to_josev_secc(case, make_peer(case), tmp_path), case)
