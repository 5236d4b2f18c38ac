"""ISO 15118-20 only over TLS 1.3 with mutual authentication: what the connection tells the session
cores (:mod:`v2g.security`) decides what the EVCC offers and what the SECC selects in
SupportedAppProtocol; the -20 namespaces by priority with fallback to -2 and DIN, MinorDeviation for
a newer minor version; a connection that chose -20 sends each message with its own set's payload
type and refuses ACDP and WPT messages cleanly."""

from __future__ import annotations

from typing import Any

import pytest
from _iso20 import ISO20_AC, ISO20_DC, WALL, RecordingDcEvse, collapse, tap
from _session_harness import pump

import exi
from exi.app import generated_types as app
from tls.conn import TlsInfo
from v2g import apphand
from v2g.apphand import DIN, ISO2
from v2g.connection import Connection
from v2g.controller import EnergyMode, SimulatedEv
from v2g.evcc import EvccConfig, EvccSession
from v2g.evcc import iso20 as evcc20
from v2g.secc import SeccConfig, SeccSession
from v2g.secc import iso20 as secc20
from v2g.security import PLAIN, TlsVersion, TransportSecurity, allowed, allows
from v2g.v2gtp import PayloadType

TLS12 = TransportSecurity(TlsVersion.TLS_1_2, True)
TLS13_ONE_WAY = TransportSecurity(TlsVersion.TLS_1_3, False)
MUTUAL = TransportSecurity(TlsVersion.TLS_1_3, True)


Protocols = tuple[apphand.Protocol, ...]


def _secc(security: TransportSecurity | None, protocols: Protocols = (ISO20_DC, ISO2, DIN)) -> SeccSession:
    config = SeccConfig(protocols=protocols, specs=(secc20.SPEC, secc20.AC_SPEC))
    return SeccSession(config, RecordingDcEvse(), 0.0, wall=WALL, security=security)


def _evcc(security: TransportSecurity | None, protocols: Protocols = (ISO20_DC, ISO2)) -> EvccSession:
    config = EvccConfig(protocols=protocols, specs=(evcc20.SPEC,), charging_loop_cycles=2, loop_interval=0.0)
    return EvccSession(config, SimulatedEv(), 0.0, wall=WALL, security=security)


def _offer(secc: SeccSession, offers: list[tuple[str, int, int, int]]) -> Any:
    """Send a supportedAppProtocolReq of (namespace, major, minor, priority); the decoded answer."""
    req = app.supportedAppProtocolReq(
        AppProtocol=tuple(
            app.AppProtocolType(
                ProtocolNamespace=ns, VersionNumberMajor=major, VersionNumberMinor=minor, SchemaID=i + 1,
                Priority=priority,
            )
            for i, (ns, major, minor, priority) in enumerate(offers)
        )
    )
    secc.receive(PayloadType.EXI, exi.encode(req), 0.0)
    (out,) = secc.data_to_send()
    assert out[0] == PayloadType.EXI
    return exi.decode(out[1], "app")


@pytest.mark.parametrize(
    ("namespace", "plain", "tls12", "one_way13", "mutual13"),
    [
        (apphand.NS_ISO20_DC, False, False, False, True),
        (apphand.NS_ISO20_AC, False, False, False, True),
        (apphand.NS_ISO2, True, True, True, True),
        (apphand.NS_DIN, True, True, False, False),
    ],
)
def test_which_protocol_each_transport_allows(
    namespace: str, plain: bool, tls12: bool, one_way13: bool, mutual13: bool
) -> None:
    assert [allows(namespace, s) for s in (PLAIN, TLS12, TLS13_ONE_WAY, MUTUAL)] == [
        plain, tls12, one_way13, mutual13,
    ]
    assert allowed((ISO20_DC, ISO2), None) == (ISO20_DC, ISO2)  # not told: a machine driven directly


def test_tls_versions_from_the_library_names() -> None:
    assert TransportSecurity.of_tls(None, True) == PLAIN
    assert TransportSecurity.of_tls("TLSv1.3", True).mutual_tls13
    assert TransportSecurity.of_tls("TLSv1.2", True).tls is TlsVersion.TLS_1_2
    assert TransportSecurity.of_tls("TLSv1.1", False).tls is TlsVersion.TLS_1_2  # never better than 1.2
    assert str(MUTUAL) == "TLS 1.3, peer authenticated" and str(PLAIN) == "plain TCP"


def test_a_tls13_suite_iso20_does_not_allow_bars_it() -> None:
    # ssl cannot restrict TLS 1.3 suites: a peer that negotiated TLS_AES_128_GCM_SHA256 gets no -20
    for suite in ("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"):
        assert allows(apphand.NS_ISO20_DC, TransportSecurity.of_tls("TLSv1.3", True, suite))
    odd = TransportSecurity.of_tls("TLSv1.3", True, "TLS_AES_128_GCM_SHA256")
    assert not allows(apphand.NS_ISO20_DC, odd) and allows(apphand.NS_ISO2, odd)
    assert str(odd) == "TLS 1.3 (TLS_AES_128_GCM_SHA256), peer authenticated"
    secc = _secc(odd)
    res = _offer(secc, [(apphand.NS_ISO20_DC, 1, 0, 1)])
    assert res.ResponseCode is app.responseCodeType.Failed_NoNegotiation


@pytest.mark.parametrize(
    ("security", "expected"),
    [(PLAIN, apphand.NS_ISO2), (TLS12, apphand.NS_ISO2), (TLS13_ONE_WAY, apphand.NS_ISO2),
     (MUTUAL, apphand.NS_ISO20_DC)],
)
def test_the_secc_selects_iso20_only_over_mutual_tls13(security: TransportSecurity, expected: str) -> None:
    # an EVCC that offers -20 first whatever the transport (it was not told): [V2G20-2356] at the SECC
    secc, ev = _secc(security), _evcc(None)
    run = pump(secc, ev)
    assert ev.result is not None and ev.result.ok, ev.result
    assert secc.protocol == expected == ev.result.protocol
    assert collapse(run.requests())[-1] == "SessionStopReq"


@pytest.mark.parametrize("security", [PLAIN, TLS12, TLS13_ONE_WAY])
def test_the_secc_refuses_an_iso20_only_offer_elsewhere(security: TransportSecurity) -> None:
    secc = _secc(security)
    res = _offer(secc, [(apphand.NS_ISO20_DC, 1, 0, 1), (apphand.NS_ISO20_AC, 1, 0, 2)])
    assert res.ResponseCode is app.responseCodeType.Failed_NoNegotiation
    assert res.SchemaID is None
    assert secc.closed and secc.protocol is None
    assert f"{apphand.NS_ISO20_DC} not allowed over {security}" in secc.close_reason


def test_the_evcc_offers_iso20_only_over_mutual_tls13() -> None:
    def offered(security: TransportSecurity) -> list[tuple[str, int]]:
        ev = _evcc(security)
        ev.start(0.0)
        ((pt, data),) = ev.data_to_send()
        assert pt == PayloadType.EXI
        return [(p.ProtocolNamespace, p.Priority) for p in exi.decode(data, "app").AppProtocol]

    assert offered(MUTUAL) == [(apphand.NS_ISO20_DC, 1), (apphand.NS_ISO2, 2)]
    for security in (PLAIN, TLS12, TLS13_ONE_WAY):  # [V2G20-1237]
        assert offered(security) == [(apphand.NS_ISO2, 1)]


def test_an_evcc_with_iso20_only_does_not_start_over_tls12() -> None:
    ev = _evcc(TLS12, (ISO20_DC,))
    ev.start(0.0)
    assert ev.closed and ev.data_to_send() == []
    assert ev.result is not None and not ev.result.ok
    assert "allowed over TLS 1.2" in ev.result.reason


def test_the_evcc_refuses_an_iso20_selection_over_plain_tcp() -> None:
    # started before the connection said what it is: the SECC's choice is checked on arrival
    secc, ev = _secc(None), _evcc(None)
    ev.start(0.0)
    ev.transport_opened(PLAIN, 0.0)
    run = pump(secc, ev)
    assert ev.result is not None and not ev.result.ok
    assert "not allowed over plain TCP" in ev.result.reason
    assert run.requests() == ["supportedAppProtocolReq"]


def test_the_connection_core_tells_both_cores_at_open() -> None:
    secc = _secc(None)
    Connection(secc, 0.0, security=TLS12)
    assert secc.security == TLS12
    ev = _evcc(None)
    connection = Connection(ev, 0.0, security=MUTUAL)  # the EVCC starts once told
    assert ev.security == MUTUAL
    assert connection.data_to_send()[8:] != b""
    untold = _evcc(None)
    Connection(untold, 0.0)
    assert untold.security is None and untold.state.value == "SupportedAppProtocol"


# --- SupportedAppProtocol: the -20 namespaces, priorities, fallback, minor versions ----------------


def test_iso20_dc_and_ac_by_the_evcc_priority() -> None:
    both = (ISO20_DC, ISO20_AC, ISO2, DIN)
    res = _offer(_secc(MUTUAL, both), [(apphand.NS_ISO20_DC, 1, 0, 2), (apphand.NS_ISO20_AC, 1, 0, 1)])
    assert (res.ResponseCode, res.SchemaID) == (app.responseCodeType.OK_SuccessfulNegotiation, 2)
    res = _offer(_secc(MUTUAL, both), [(apphand.NS_ISO20_DC, 1, 0, 1), (apphand.NS_ISO20_AC, 1, 0, 2)])
    assert res.SchemaID == 1


def test_a_newer_iso20_minor_version_is_a_minor_deviation_and_another_major_is_not_taken() -> None:
    res = _offer(_secc(MUTUAL), [(apphand.NS_ISO20_DC, 1, 3, 1)])
    assert res.ResponseCode is app.responseCodeType.OK_SuccessfulNegotiationWithMinorDeviation
    assert res.SchemaID == 1
    res = _offer(_secc(MUTUAL), [(apphand.NS_ISO20_DC, 2, 0, 1), (apphand.NS_ISO2, 2, 0, 2)])
    assert (res.ResponseCode, res.SchemaID) == (app.responseCodeType.OK_SuccessfulNegotiation, 2)


@pytest.mark.parametrize(
    ("secc_protocols", "security", "schema_id"),
    [((ISO20_DC, ISO2, DIN), MUTUAL, 1), ((ISO2, DIN), MUTUAL, 2), ((ISO20_DC, DIN), PLAIN, 3)],
)
def test_fallback_from_iso20_to_iso2_and_din(
    secc_protocols: tuple[apphand.Protocol, ...], security: TransportSecurity, schema_id: int
) -> None:
    offers = [(apphand.NS_ISO20_DC, 1, 0, 1), (apphand.NS_ISO2, 2, 0, 2), (apphand.NS_DIN, 2, 0, 3)]
    res = _offer(_secc(security, secc_protocols), offers)
    assert res.ResponseCode is app.responseCodeType.OK_SuccessfulNegotiation
    assert res.SchemaID == schema_id


def test_after_choosing_iso20_each_message_goes_with_its_set_and_acdp_wpt_are_refused() -> None:
    secc, ev = _secc(MUTUAL), _evcc(MUTUAL, (ISO20_DC,))
    sent: list[tuple[int, bytes]] = []
    tap(secc, sent)
    ignored: list[int] = []

    def foreign(run: Any) -> None:
        # an ACDP and a WPT message (their payload types, any bytes) in the middle of the DC session
        if secc.protocol is not None and not ignored:
            for pt in (PayloadType.ISO20_ACDP, PayloadType.ISO20_WPT):
                before = len(sent)
                secc.receive(pt, b"\x80\x00", run.now)
                ignored.append(len(secc.data_to_send()) + len(sent) - before)

    run = pump(secc, ev, hook=foreign)
    assert ev.result is not None and ev.result.ok, ev.result.reason
    assert ignored == [0, 0]  # no answer, no end: the DC session reads 0x8002 and 0x8004 only
    types = {pt for pt, _ in sent}
    assert types == {PayloadType.EXI, PayloadType.ISO20_MAIN, PayloadType.ISO20_DC}
    assert sent[0][0] == PayloadType.EXI
    for pt, data in sent[1:]:
        name = type(exi.decode(data, "iso20-dc" if pt == PayloadType.ISO20_DC else "iso20")).__name__
        assert (pt == PayloadType.ISO20_DC) == name.startswith("DC_"), name
    assert "DC_ChargeLoopRes" in run.responses()
    assert secc.config.energy_modes == (EnergyMode.DC_EXTENDED,)


@pytest.mark.parametrize(
    ("version", "suite", "chain", "mutual", "tls"),
    [
        ("TLSv1.3", "TLS_AES_256_GCM_SHA384", (b"leaf",), True, TlsVersion.TLS_1_3),
        ("TLSv1.3", "TLS_AES_256_GCM_SHA384", (), False, TlsVersion.TLS_1_3),  # no vehicle certificate
        ("TLSv1.3", "TLS_AES_128_GCM_SHA256", (b"leaf",), False, TlsVersion.TLS_1_3),  # not a -20 suite
        ("TLSv1.2", "ECDHE-ECDSA-AES128-SHA256", (b"leaf",), False, TlsVersion.TLS_1_2),
    ],
)
def test_the_transport_security_comes_from_what_the_tls_layer_negotiated(
    version: str, suite: str, chain: tuple[bytes, ...], mutual: bool, tls: TlsVersion
) -> None:
    info = TlsInfo(version, suite, "x448", "iso20", chain)
    security = TransportSecurity.of_info(info)
    assert security.tls is tls and security.mutual_tls13 is mutual
    assert security.peer_authenticated is bool(chain) and security.group == "x448"
    assert allows(ISO20_DC, security) is mutual and allows(ISO2, security)
