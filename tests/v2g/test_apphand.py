from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from v2g import apphand
from v2g.apphand import DIN, ISO2, AppProtocol, HandshakeError, Protocol, ResponseCode, negotiate

TESLA = AppProtocol("urn:tesla:din:2018:MsgDef", 1, 0, 1, 1)


def test_vendor_namespace_first_then_din() -> None:
    # A Tesla offers its own namespace with priority 1 and DIN with priority 2.
    offers = [TESLA, AppProtocol(apphand.NS_DIN, 2, 0, 2, 2)]
    result = negotiate(offers, [ISO2, DIN])
    assert result.response_code is ResponseCode.OK_SUCCESSFUL_NEGOTIATION
    assert result.schema_id == 2
    assert result.protocol == DIN


def test_ev_priority_wins_over_secc_preference() -> None:
    offers = [AppProtocol(apphand.NS_DIN, 2, 0, 10, 2), AppProtocol(apphand.NS_ISO2, 2, 0, 20, 1)]
    assert negotiate(offers, [DIN, ISO2]).schema_id == 20
    offers = [AppProtocol(apphand.NS_DIN, 2, 0, 10, 1), AppProtocol(apphand.NS_ISO2, 2, 0, 20, 2)]
    assert negotiate(offers, [ISO2, DIN]).schema_id == 10


def test_minor_deviation_and_major_mismatch() -> None:
    minor = negotiate([AppProtocol(apphand.NS_ISO2, 2, 1, 0, 1)], [ISO2])
    assert minor.response_code is ResponseCode.OK_SUCCESSFUL_NEGOTIATION_WITH_MINOR_DEVIATION
    assert minor.schema_id == 0
    major = negotiate([AppProtocol(apphand.NS_ISO2, 3, 0, 0, 1)], [ISO2])
    assert major == apphand.FAILED


def test_structural_violations_fail() -> None:
    assert not negotiate([], [DIN]).ok
    twice = [AppProtocol(apphand.NS_DIN, 2, 0, 1, 1), AppProtocol(apphand.NS_ISO2, 2, 0, 1, 2)]
    assert not negotiate(twice, [DIN, ISO2]).ok
    assert not negotiate([AppProtocol(apphand.NS_DIN, 2, 0, 1, 1)] * 21, [DIN]).ok


def test_evcc_side() -> None:
    offers = apphand.offers_for([ISO2, DIN])
    assert [(o.schema_id, o.priority) for o in offers] == [(1, 1), (2, 2)]
    assert (
        apphand.accept_response(offers, ResponseCode.OK_SUCCESSFUL_NEGOTIATION, 2).namespace == apphand.NS_DIN
    )
    with pytest.raises(HandshakeError):
        apphand.accept_response(offers, ResponseCode.OK_SUCCESSFUL_NEGOTIATION, 7)
    with pytest.raises(HandshakeError):
        apphand.accept_response(offers, ResponseCode.FAILED_NO_NEGOTIATION, None)
    with pytest.raises(ValueError):
        apphand.offers_for([])


offer_st = st.builds(
    AppProtocol,
    st.sampled_from([apphand.NS_DIN, apphand.NS_ISO2, "urn:tesla:din:2018:MsgDef", "x"]),
    st.integers(1, 3),
    st.integers(0, 2),
    st.integers(0, 20),
    st.integers(1, 20),
)


@given(st.lists(offer_st, max_size=22), st.permutations([DIN, ISO2, Protocol("x", 1, 0)]))
def test_choice_is_an_offer_the_secc_supports_with_best_priority(
    offers: list[AppProtocol], supported: list[Protocol]
) -> None:
    result = negotiate(offers, supported)
    if not result.ok:
        return
    assert result.chosen in offers
    assert result.protocol in supported
    assert result.chosen is not None and result.protocol is not None
    assert (result.chosen.namespace, result.chosen.major) == (
        result.protocol.namespace,
        result.protocol.major,
    )
    keys = {(p.namespace, p.major) for p in supported}
    assert result.chosen.priority == min(o.priority for o in offers if (o.namespace, o.major) in keys)
