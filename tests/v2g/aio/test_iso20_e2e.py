"""ISO 15118-20 end to end through the real servers: SeccServer and the EVCC runner on loopback over
TLS 1.3 with mutual authentication, SupportedAppProtocol to SessionStop, DC and AC in Scheduled and
Dynamic mode, DC_BPT and AC_BPT charging and discharging; the key exchange groups; one TLS port
serving -2 over TLS 1.2 and -20 over TLS 1.3; fallback to ISO 15118-2 when -20 is offered over TLS
1.2 or plain TCP."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

import exi
from exi.app import generated_types as app
from exi.iso20 import generated_types as c
from tests.v2g.aio._client import V2gtpClient
from tls.context import (
    client_config_from_dir,
    iso2_client_context,
    iso2_server_context,
    iso20_client_context,
    iso20_server_context,
    serve_both,
    server_config_from_dir,
)
from tls.pki import PkiConfig, create_pki
from tls.store import write_pki
from v2g import apphand, iso20_catalog
from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.aio.secc import SeccServer, SeccServerConfig
from v2g.apphand import DIN, ISO2, ISO20_DC
from v2g.controller import EnergyMode, SimulatedAcEvse, SimulatedDcEvse, SimulatedEv
from v2g.controller.bpt import DynamicTargets
from v2g.controller.simulated_bpt import SimulatedBptAcEvse, SimulatedBptDcEvse, SimulatedBptEv
from v2g.evcc import EvccConfig, EvccSession
from v2g.sdp import Security
from v2g.secc import SeccConfig
from v2g.security import TlsVersion
from v2g.trace import TraceRecord
from v2g.v2gtp import PayloadType


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


@pytest.fixture(scope="module")
def pki20(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pki20")
    write_pki(create_pki(PkiConfig("iso20", now=_now())), folder)
    return folder


@pytest.fixture(scope="module")
def pki2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pki2")
    write_pki(create_pki(PkiConfig("iso2", now=_now())), folder)
    return folder


def _secc_config(mode: EnergyMode, ssl_context: object, **secc: object) -> SeccServerConfig:
    return SeccServerConfig(
        SeccConfig(energy_modes=(mode,), **secc),  # type: ignore[arg-type]
        host="::1", tcp_port=None, tls_port=0, ssl_context=ssl_context,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("control", ["scheduled", "dynamic"])
@pytest.mark.parametrize("service", ["dc", "ac"])
async def test_iso20_over_tls13_mutual_from_handshake_to_session_stop(
    pki20: Path, tmp_path: Path, service: str, control: str
) -> None:
    server_tls = iso20_server_context(server_config_from_dir(pki20, "iso20"))
    client_tls = iso20_client_context(client_config_from_dir(pki20, "iso20", keylog=tmp_path / "keys"))
    svc = iso20_catalog.service(service)
    secc_trace: list[TraceRecord] = []
    factory = SimulatedDcEvse if svc.is_dc else SimulatedAcEvse
    config = _secc_config(svc.energy_mode, server_tls)
    async with SeccServer(config, factory, trace=secc_trace.append) as server:
        # the default protocols: the TLS 1.3 context puts -20 first on both sides
        assert server.config.secc.protocols == (svc.protocol, ISO2, DIN)
        runner = EvccRunnerConfig(
            EvccConfig(energy_mode=svc.energy_mode, specs=(iso20_catalog.evcc_spec(service, control),),
                       charging_loop_cycles=3, loop_interval=0.0),
            host="::1", port=server.tls_port, security=Security.TLS, ssl_context=client_tls,
        )
        sessions: list[EvccSession] = []
        result = await run_evcc(runner, SimulatedEv(), on_session=sessions.append)
        summaries = await server.wait_finished(1)
    assert result.ok, result.reason
    assert result.protocol == svc.protocol.namespace == summaries[0].protocol
    assert result.loop_count == 3
    (ev,) = sessions
    assert ev.security is not None and ev.security.peer_authenticated
    assert ev.security.tls is TlsVersion.TLS_1_3
    assert ev.context.control_mode == control.capitalize()
    names = [r.message for r in secc_trace if r.direction == "rx"]
    assert names[0] == "supportedAppProtocolReq" and names[-1] == "SessionStopReq"
    assert f"{service.upper()}_ChargeLoopReq" in names
    assert "CLIENT_TRAFFIC_SECRET_0" in (tmp_path / "keys").read_text()


@pytest.mark.parametrize(
    ("server_group", "client_group", "negotiated"),
    [("prime256v1", "prime256v1", "secp256r1"), ("X448", "X448", "x448"),
     (None, "X448", "x448"), (None, None, "secp521r1"), (None, "secp521r1", "secp521r1")],
)
async def test_the_tls_group_is_configurable(
    pki20: Path, server_group: str | None, client_group: str | None, negotiated: str
) -> None:
    # by default both sides take both standard groups (secp521r1 first, x448); one can be chosen,
    # the standard's other one or a peer's (secp256r1) for interop testing
    server = dataclasses.replace(server_config_from_dir(pki20, "iso20"), group=server_group)
    client = dataclasses.replace(client_config_from_dir(pki20, "iso20"), group=client_group)
    config = _secc_config(EnergyMode.DC_EXTENDED, iso20_server_context(server))
    async with SeccServer(config, SimulatedDcEvse) as secc:
        runner = EvccRunnerConfig(
            EvccConfig(charging_loop_cycles=1, loop_interval=0.0), host="::1", port=secc.tls_port,
            security=Security.TLS, ssl_context=iso20_client_context(client),
        )
        sessions: list[EvccSession] = []
        result = await run_evcc(runner, SimulatedEv(), on_session=sessions.append)
    assert result.ok and result.protocol == apphand.NS_ISO20_DC, result.reason
    assert sessions[0].security is not None and sessions[0].security.group == negotiated


async def test_an_evcc_offering_iso20_over_tls12_falls_back_to_iso2(pki2: Path) -> None:
    config = _secc_config(EnergyMode.DC_EXTENDED, iso2_server_context(server_config_from_dir(pki2, "iso2")),
                          protocols=(ISO20_DC, ISO2))
    async with SeccServer(config, SimulatedDcEvse) as server:
        runner = EvccRunnerConfig(
            EvccConfig(protocols=(ISO20_DC, ISO2), charging_loop_cycles=2, loop_interval=0.0),
            host="::1", port=server.tls_port, security=Security.TLS,
            ssl_context=iso2_client_context(client_config_from_dir(pki2, "iso2")),
        )
        result = await run_evcc(runner, SimulatedEv())
    assert result.ok and result.protocol == apphand.NS_ISO2, result.reason


def _offer_iso20_first() -> bytes:
    offers = apphand.offers_for((ISO20_DC, ISO2))
    return exi.encode(app.supportedAppProtocolReq(AppProtocol=tuple(
        app.AppProtocolType(ProtocolNamespace=o.namespace, VersionNumberMajor=o.major,
                            VersionNumberMinor=o.minor, SchemaID=o.schema_id, Priority=o.priority)
        for o in offers
    )))


@pytest.mark.parametrize("transport", ["plain", "tls12"])
async def test_the_secc_does_not_select_iso20_offered_over_tls12_or_plain(pki2: Path, transport: str) -> None:
    # a car that offers -20 first where it must not ([V2G20-1237]): the SECC picks -2 ([V2G20-2356])
    tls12 = transport == "tls12"
    server_tls = iso2_server_context(server_config_from_dir(pki2, "iso2"))
    config = SeccServerConfig(
        SeccConfig(protocols=(ISO20_DC, ISO2)), host="::1", tcp_port=None if tls12 else 0,
        tls_port=0 if tls12 else None, ssl_context=server_tls if tls12 else None,
    )
    client_tls = iso2_client_context(client_config_from_dir(pki2, "iso2")) if tls12 else None
    async with SeccServer(config, SimulatedDcEvse) as server:
        port = server.tls_port if tls12 else server.tcp_port
        assert port is not None
        async with await V2gtpClient.open(port, ssl_context=client_tls) as client:
            await client.send(PayloadType.EXI, _offer_iso20_first())
            answer = await client.receive()
    res = exi.decode(answer.payload, "app")
    assert res.ResponseCode is app.responseCodeType.OK_SuccessfulNegotiation
    assert res.SchemaID == 2  # ISO 15118-2, offered second


@pytest.mark.parametrize("observed", [False, True])
async def test_an_iso20_only_offer_over_plain_tcp_is_refused(observed: bool) -> None:
    # observed: the server wraps each session to tag its trace (as `v2g secc` does); it is told too
    config = SeccServerConfig(SeccConfig(protocols=(ISO20_DC, ISO2)), host="::1")
    tagged: list[object] = []
    session_trace = (lambda info, record: tagged.append(record)) if observed else None
    async with SeccServer(config, SimulatedDcEvse, session_trace=session_trace) as server:
        assert server.tcp_port is not None
        async with await V2gtpClient.open(server.tcp_port) as client:
            offer = apphand.offers_for((ISO20_DC,))[0]
            await client.send(PayloadType.EXI, exi.encode(app.supportedAppProtocolReq(AppProtocol=(
                app.AppProtocolType(ProtocolNamespace=offer.namespace, VersionNumberMajor=1,
                                    VersionNumberMinor=0, SchemaID=1, Priority=1),
            ))))
            answer = await client.receive()
        (summary,) = await server.wait_finished(1)
    assert exi.decode(answer.payload, "app").ResponseCode is app.responseCodeType.Failed_NoNegotiation
    assert "not allowed over plain TCP" in summary.reason
    assert len(tagged) == (2 if observed else 0)


async def test_acdp_and_wpt_messages_are_refused_cleanly_over_tls13(pki20: Path) -> None:
    # after choosing -20 DC: a message on 0x8005 (ACDP) and 0x8006 (WPT) gets no answer and does not
    # end the connection; the SessionSetupReq after them is answered on 0x8002
    server_tls = iso20_server_context(server_config_from_dir(pki20, "iso20"))
    client_tls = iso20_client_context(client_config_from_dir(pki20, "iso20"))
    async with SeccServer(_secc_config(EnergyMode.DC_EXTENDED, server_tls), SimulatedDcEvse) as server:
        assert server.tls_port is not None
        async with await V2gtpClient.open(server.tls_port, ssl_context=client_tls) as client:
            offer = apphand.offers_for((ISO20_DC,))[0]
            await client.send(PayloadType.EXI, exi.encode(app.supportedAppProtocolReq(AppProtocol=(
                app.AppProtocolType(ProtocolNamespace=offer.namespace, VersionNumberMajor=1,
                                    VersionNumberMinor=0, SchemaID=1, Priority=1),
            ))))
            assert exi.decode((await client.receive()).payload, "app").SchemaID == 1
            await client.send(PayloadType.ISO20_ACDP, b"\x80\x00\x01")
            await client.send(PayloadType.ISO20_WPT, b"\x80\x00\x01")
            header = c.MessageHeaderType(SessionID=bytes(8), TimeStamp=1_765_000_000)
            await client.send(PayloadType.ISO20_MAIN,
                              exi.encode(c.SessionSetupReq(Header=header, EVCCID="020000000001")))
            answer = await client.receive()
    assert answer.payload_type == PayloadType.ISO20_MAIN
    res = exi.decode(answer.payload, "iso20")
    assert type(res).__name__ == "SessionSetupRes" and res.ResponseCode.value.startswith("OK")


@pytest.mark.parametrize("control", ["scheduled", "dynamic"])
@pytest.mark.parametrize("service", ["dc_bpt", "ac_bpt"])
async def test_bpt_over_tls13_mutual_charges_and_discharges(pki20: Path, service: str, control: str) -> None:
    # DC_BPT / AC_BPT through the real servers: the car discharges from its 3rd Scheduled loop on,
    # or (Dynamic) the charger asks for -10 kW once the loop runs
    svc = iso20_catalog.service(service)
    charger = SimulatedBptDcEvse() if svc.is_dc else SimulatedBptAcEvse()
    if control == "dynamic":
        charger.targets = DynamicTargets(power=-10e3)
    ev = SimulatedBptEv(discharge_from_cycle=2 if control == "scheduled" else None)
    server_tls = iso20_server_context(server_config_from_dir(pki20, "iso20"))
    client_tls = iso20_client_context(client_config_from_dir(pki20, "iso20"))
    secc_trace: list[TraceRecord] = []
    config = _secc_config(svc.energy_mode, server_tls, specs=(iso20_catalog.secc_spec(service),))
    async with SeccServer(config, lambda: charger, trace=secc_trace.append) as server:
        runner = EvccRunnerConfig(
            EvccConfig(energy_mode=svc.energy_mode, specs=(iso20_catalog.evcc_spec(service, control),),
                       charging_loop_cycles=4, loop_interval=0.0),
            host="::1", port=server.tls_port, security=Security.TLS, ssl_context=client_tls,
        )
        sessions: list[EvccSession] = []
        result = await run_evcc(runner, ev, on_session=sessions.append)
        (summary,) = await server.wait_finished(1)
    assert result.ok, result.reason
    assert result.protocol == svc.protocol.namespace == summary.protocol
    assert summary.info is None or summary.info.tls is not None
    (session,) = sessions
    assert session.security is not None and session.security.mutual_tls13
    loops = [r.document for r in secc_trace if r.direction == "tx" and r.message.endswith("_ChargeLoopRes")]
    assert len(loops) == 4
    mode = [type(r.CLResControlMode).__name__ for r in loops]
    assert all(m.startswith(f"BPT_{control.capitalize()}_") for m in mode), mode
    if svc.is_dc:
        flows = [r.EVSEPresentCurrent.Value * 10.0 ** r.EVSEPresentCurrent.Exponent for r in loops]
    else:
        flows = [float(r.CLResControlMode.EVSEPresentActivePower.Value) for r in loops]
    assert flows[-1] < 0, flows  # energy from the car
    if control == "scheduled":
        assert flows[0] > 0, flows  # charged first


async def test_one_tls_port_serves_an_iso2_evcc_over_tls12_and_an_iso20_evcc_over_tls13(
    pki2: Path, pki20: Path
) -> None:
    both = serve_both(iso2_server_context(server_config_from_dir(pki2, "iso2")),
                      iso20_server_context(server_config_from_dir(pki20, "iso20")))
    config = _secc_config(EnergyMode.DC_EXTENDED, both)
    async with SeccServer(config, SimulatedDcEvse) as server:
        assert server.config.secc.protocols == (ISO20_DC, ISO2, DIN)  # -20 served: the port speaks TLS 1.3
        results = []
        for client, version in ((iso2_client_context(client_config_from_dir(pki2, "iso2")), "TLSv1.2"),
                                (iso20_client_context(client_config_from_dir(pki20, "iso20")), "TLSv1.3")):
            runner = EvccRunnerConfig(
                EvccConfig(charging_loop_cycles=2, loop_interval=0.0), host="::1", port=server.tls_port,
                security=Security.TLS, ssl_context=client,
            )
            sessions: list[EvccSession] = []
            results.append((await run_evcc(runner, SimulatedEv(), on_session=sessions.append), sessions[0],
                            version))
        finished = await server.wait_finished(2)
    (r2, s2, _), (r20, s20, _) = results
    assert r2.ok and r2.protocol == apphand.NS_ISO2, r2.reason
    assert r20.ok and r20.protocol == apphand.NS_ISO20_DC, r20.reason
    assert s2.security is not None and s2.security.tls is TlsVersion.TLS_1_2
    assert s20.security is not None and s20.security.mutual_tls13
    assert [f.protocol for f in finished] == [apphand.NS_ISO2, apphand.NS_ISO20_DC]
