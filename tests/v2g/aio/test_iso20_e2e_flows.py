"""ISO 15118-20 flows beyond the plain sequence, end to end through the real servers: SeccServer and
the EVCC runner on loopback over TLS 1.3 with mutual authentication. Pause, then resume the same
session on a new TLS connection; the EVSE's service renegotiation and schedule renegotiation in the
loop; an EVSE emergency stop in the loop; an EV that stops answering mid-loop (the SECC's 0.5 s
sequence timeout after a loop response closes the session and switches the power off). The same
flows sans-IO: tests/sessions/test_iso20_renegotiation.py and test_iso20_timers.py."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from exi.iso20 import generated_types as c
from tls.context import (
    client_config_from_dir,
    iso20_client_context,
    iso20_server_context,
    server_config_from_dir,
)
from tls.pki import PkiConfig, create_pki
from tls.store import write_pki
from v2g import iso20_catalog
from v2g.aio.evcc import EvccRunnerConfig, run_evcc
from v2g.aio.secc import SeccServer, SeccServerConfig, SessionInfo
from v2g.aio.tlsedge import AnyTlsContext
from v2g.controller import SimulatedAcEvse, SimulatedDcEvse, SimulatedEv
from v2g.controller.bpt import DynamicTargets
from v2g.controller.simulated_bpt import SimulatedBptDcEvse, SimulatedBptEv
from v2g.evcc import EvccConfig, EvccResult, EvccSession
from v2g.sdp import Security
from v2g.secc import SeccConfig, SeccSession
from v2g.secc.iso20 import Iso20State
from v2g.trace import TraceRecord


@pytest.fixture(scope="module")
def pki20(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pki20")
    write_pki(create_pki(PkiConfig("iso20", now=datetime.datetime.now(datetime.timezone.utc))), folder)
    return folder


@dataclass
class Rig:
    """One SECC server over TLS 1.3 mutual with one charger shared by its connections, each
    session's trace kept by connection number, and a hook told of every record."""

    pki: Path
    service: str = "dc"
    charger: SimulatedDcEvse | SimulatedAcEvse = field(default_factory=SimulatedDcEvse)
    traces: dict[int, list[TraceRecord]] = field(default_factory=dict)
    sessions: dict[int, SeccSession] = field(default_factory=dict)
    infos: dict[int, SessionInfo] = field(default_factory=dict)
    hook: Callable[[SeccSession, TraceRecord], None] | None = None
    ev: SimulatedEv = field(default_factory=SimulatedEv)

    def observe(self, info: SessionInfo, record: TraceRecord) -> None:
        self.traces.setdefault(info.number, []).append(record)
        self.sessions[info.number] = info.session
        self.infos[info.number] = info
        if self.hook is not None:
            self.hook(info.session, record)

    def server(self) -> SeccServer:
        svc = iso20_catalog.service(self.service)
        server_tls = iso20_server_context(server_config_from_dir(self.pki, "iso20"))
        secc = SeccConfig(energy_modes=(svc.energy_mode,), specs=(iso20_catalog.secc_spec(self.service),))
        config = SeccServerConfig(secc, host="::1", tcp_port=None, tls_port=0, ssl_context=server_tls)
        return SeccServer(config, lambda: self.charger, session_trace=self.observe)

    def client_tls(self) -> AnyTlsContext:
        return iso20_client_context(client_config_from_dir(self.pki, "iso20"))

    async def evcc(self, server: SeccServer, control: str = "scheduled", *,
                   on_session: Callable[[EvccSession], None] | None = None, **evcc: Any) -> EvccResult:
        svc = iso20_catalog.service(self.service)
        evcc.setdefault("loop_interval", 0.0)
        runner = EvccRunnerConfig(
            EvccConfig(energy_mode=svc.energy_mode, specs=(iso20_catalog.evcc_spec(self.service, control),),
                       **evcc),
            host="::1", port=server.tls_port, security=Security.TLS, ssl_context=self.client_tls(),
        )
        return await run_evcc(runner, self.ev, on_session=on_session)

    def names(self, number: int, direction: str = "rx") -> list[str]:
        return [r.message for r in self.traces[number] if r.direction == direction]

    def docs(self, number: int, direction: str, name: str) -> list[Any]:
        return [r.document for r in self.traces[number] if r.direction == direction and r.message == name]


def after_loops(n: int, action: Callable[[], None]) -> Callable[[SeccSession, TraceRecord], None]:
    """A hook that calls ``action`` once, when the SECC has sent its ``n``th charge-loop response."""
    sent: list[TraceRecord] = []

    def hook(session: SeccSession, record: TraceRecord) -> None:
        if record.direction == "tx" and record.message.endswith("_ChargeLoopRes"):
            sent.append(record)
            if len(sent) == n:
                action()

    return hook


def collapse(names: list[str]) -> list[str]:
    """The sequence with repeats folded (Ongoing and loop messages)."""
    return [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n]


@pytest.mark.parametrize("service", ["dc", "ac"])
async def test_pause_then_resume_the_same_session_on_a_new_tls_connection(pki20: Path, service: str) -> None:
    # SessionStop(Pause) keeps the session; the next connection's SessionSetupReq with the old
    # SessionID joins it (OK_OldSessionJoined), charges again and ends with SessionStop(Terminate)
    rig = Rig(pki20, service, SimulatedDcEvse() if service == "dc" else SimulatedAcEvse())
    async with rig.server() as server:
        first = await rig.evcc(server, pause=True, charging_loop_cycles=2)
        (paused,) = await server.wait_finished(1)
        assert first.ok and first.paused, first.reason
        sid = first.session_id
        assert sid is not None and sid in server.session_store
        assert rig.charger.present_current(0.0) == 0.0 and rig.charger.ended == ["paused"]  # power off
        resumed_ev: list[EvccSession] = []
        second = await rig.evcc(server, resume_session_id=sid, charging_loop_cycles=3,
                                on_session=resumed_ev.append)
        _, ended = await server.wait_finished(2)
    assert paused.reason.endswith("paused") and rig.sessions[1].close_reason == "paused"
    assert [r.ChargingSession for r in rig.docs(1, "rx", "SessionStopReq")] == [c.chargingSessionType.Pause]
    # a new TLS 1.3 mutual connection
    assert rig.infos[1].peer != rig.infos[2].peer
    for n in (1, 2):
        tls = rig.infos[n].tls
        assert tls is not None and tls.version == "TLSv1.3" and tls.peer_chain, tls
    assert second.ok and not second.paused, second.reason
    assert second.session_id == sid and ended.session_id == sid and rig.sessions[2].session_id == sid
    (setup_req,) = rig.docs(2, "rx", "SessionSetupReq")
    (setup_res,) = rig.docs(2, "tx", "SessionSetupRes")
    assert setup_req.Header.SessionID == sid
    assert setup_res.ResponseCode is c.responseCodeType.OK_OldSessionJoined
    assert setup_res.Header.SessionID == sid
    (ev,) = resumed_ev
    assert ev.context.resumed
    assert ev.security is not None and ev.security.mutual_tls13
    loop = f"{service.upper()}_ChargeLoopReq"
    names = rig.names(2)
    assert names.count(loop) == 3 == second.loop_count
    progress = [r.ChargeProgress for r in rig.docs(2, "rx", "PowerDeliveryReq")]
    assert progress == [c.chargeProgressType.Start, c.chargeProgressType.Stop]
    stops = [r.ChargingSession for r in rig.docs(2, "rx", "SessionStopReq")]
    assert stops == [c.chargingSessionType.Terminate]
    assert names[-1] == "SessionStopReq" and rig.sessions[2].close_reason == "terminated"
    assert sid not in server.session_store  # joined, then ended for good
    assert rig.charger.present_current(0.0) == 0.0


@pytest.mark.parametrize("control", ["scheduled", "dynamic"])
@pytest.mark.parametrize("service", ["dc", "ac"])
async def test_service_renegotiation_in_the_loop(pki20: Path, service: str, control: str) -> None:
    # the EVSE asks for it in a loop response; the EV stops the power, SessionStop(ServiceRenegotiation),
    # both go on from ServiceDiscovery on the same connection with the same SessionID, charge, end
    rig = Rig(pki20, service, SimulatedDcEvse() if service == "dc" else SimulatedAcEvse())
    rig.hook = after_loops(2, rig.charger.request_service_renegotiation)
    evs: list[EvccSession] = []
    async with rig.server() as server:
        result = await rig.evcc(server, control, charging_loop_cycles=5, on_session=evs.append)
        (summary,) = await server.wait_finished(1)
    assert result.ok, (result.reason, summary.reason)
    loops = rig.docs(1, "tx", f"{service.upper()}_ChargeLoopRes")
    notes = [r.EVSEStatus.EVSENotification for r in loops if r.EVSEStatus is not None]
    assert notes[0] is c.evseNotificationType.ServiceRenegotiation
    assert rig.docs(1, "tx", "ServiceDiscoveryRes")[0].ServiceRenegotiationSupported is True
    stops = [r.ChargingSession for r in rig.docs(1, "rx", "SessionStopReq")]
    assert stops == [c.chargingSessionType.ServiceRenegotiation, c.chargingSessionType.Terminate]
    names = collapse([n.removesuffix("Req") for n in rig.names(1)])
    again = names.index("SessionStop")
    assert names[again + 1 : again + 3] == ["ServiceDiscovery", "ServiceDetail"]
    assert names.count("ServiceSelection") == 2 and names[-1] == "SessionStop"
    if service == "dc":  # the power was off: a new cable check and pre-charge, welding detection twice
        assert names.count("DC_CableCheck") == 2 and names.count("DC_WeldingDetection") == 2
    (ev,) = evs
    assert "ServiceRenegotiation" in ev.context.evse_notifications
    assert ev.context.control_mode == control.capitalize()
    secc = rig.sessions[1]
    assert secc.close_reason == "terminated" and secc.state is Iso20State.ENDED
    headers = {r.Header.SessionID for r in rig.docs(1, "rx", "SessionStopReq")}
    assert headers == {secc.session_id} == {result.session_id}


@pytest.mark.parametrize("control", ["scheduled", "dynamic"])
@pytest.mark.parametrize("service", ["dc", "ac"])
async def test_schedule_renegotiation_in_the_loop(pki20: Path, service: str, control: str) -> None:
    # the SECC's EVSENotification ScheduleRenegotiation; the EV's PowerDelivery(ScheduleRenegotiation),
    # a new ScheduleExchange, PowerDelivery(Start) and the loop again, without a new cable check
    rig = Rig(pki20, service, SimulatedDcEvse() if service == "dc" else SimulatedAcEvse())
    rig.hook = after_loops(2, rig.charger.request_renegotiation)
    evs: list[EvccSession] = []
    async with rig.server() as server:
        result = await rig.evcc(server, control, charging_loop_cycles=5, on_session=evs.append)
        (summary,) = await server.wait_finished(1)
    assert result.ok, (result.reason, summary.reason)
    loop = f"{service.upper()}_ChargeLoop"
    loops = rig.docs(1, "tx", f"{loop}Res")
    notes = [r.EVSEStatus and r.EVSEStatus.EVSENotification for r in loops]
    # the loop response after the 2nd says it, once (the renegotiation was served)
    assert notes == [None, None, c.evseNotificationType.ScheduleRenegotiation, None, None], notes
    progress = [r.ChargeProgress for r in rig.docs(1, "rx", "PowerDeliveryReq")]
    p = c.chargeProgressType
    assert progress == [p.Start, p.ScheduleRenegotiation, p.Start, p.Stop]
    names = collapse([n.removesuffix("Req") for n in rig.names(1)])
    i = names.index(loop)
    assert names[i : i + 6] == [
        loop, "PowerDelivery", "ScheduleExchange", "PowerDelivery", loop, "PowerDelivery"
    ]
    exchanges = rig.docs(1, "tx", "ScheduleExchangeRes")
    assert len(exchanges) == 2 and exchanges[-1].EVSEProcessing is c.processingType.Finished
    mode = "Scheduled_SEResControlMode" if control == "scheduled" else "Dynamic_SEResControlMode"
    assert getattr(exchanges[-1], mode) is not None
    if service == "dc":
        assert names.count("DC_CableCheck") == 1 and names.count("DC_PreCharge") == 1
    (ev,) = evs
    assert ev.context.evse_notifications == ["ScheduleRenegotiation"]
    assert rig.sessions[1].context.renegotiations == 1
    assert rig.sessions[1].close_reason == "terminated"


@pytest.mark.parametrize("service", ["dc", "ac"])
async def test_an_evse_emergency_stop_in_the_loop(pki20: Path, service: str) -> None:
    # the loop response is FAILED; the power goes off, the SECC ends the session and closes the
    # connection; the EV stops on the FAILED answer
    rig = Rig(pki20, service, SimulatedDcEvse() if service == "dc" else SimulatedAcEvse())
    rig.hook = after_loops(3, rig.charger.trigger_emergency)
    async with rig.server() as server:
        result = await rig.evcc(server, charging_loop_cycles=20)
        (summary,) = await server.wait_finished(1)
    loops = rig.docs(1, "tx", f"{service.upper()}_ChargeLoopRes")
    assert len(loops) == 4
    assert all(r.ResponseCode.value.startswith("OK") for r in loops[:3])
    last = loops[-1]
    assert last.ResponseCode is c.responseCodeType.FAILED
    names = rig.names(1)
    assert names[-1] == f"{service.upper()}_ChargeLoopReq"  # nothing after the FAILED answer
    assert "emergency" in rig.sessions[1].close_reason and "emergency" in summary.reason
    assert rig.charger.present_current(0.0) == 0.0 and rig.charger.ended
    assert not result.ok, result.reason
    assert result.reason.startswith(f"{service.upper()}_ChargeLoopRes: FAILED"), result.reason
    assert result.loop_count == 3


def _stall_after(loops: int) -> Callable[[EvccSession], None]:
    """Make the EVCC stop answering (and stop timing the SECC) once it has had ``loops`` loop
    responses: its requests are dropped, the TLS connection stays open."""

    def stall(session: EvccSession) -> None:
        send, timer = session.data_to_send, session.get_timer

        def silent() -> bool:
            return session.context.loop_count >= loops

        session.data_to_send = lambda: [] if silent() else send()  # type: ignore[method-assign]
        session.get_timer = lambda: None if silent() else timer()  # type: ignore[method-assign]

    return stall


@pytest.mark.parametrize("service", ["dc", "ac", "dc_bpt"])
async def test_an_ev_that_stops_answering_mid_loop_is_cut_off_and_the_power_goes_off(
    pki20: Path, service: str
) -> None:
    # Tables 216/217 ([V2G20-1500], [V2G20-1502]): V2G_SECC_Sequence_Timeout is 0.5 s after a
    # charge-loop response; the SECC closes the session, the power goes off (DC_BPT: while the car
    # discharges at the charger's Dynamic target of -10 kW)
    charger: SimulatedDcEvse | SimulatedAcEvse
    if service == "dc_bpt":
        charger = SimulatedBptDcEvse(targets=DynamicTargets(power=-10e3))
        rig = Rig(pki20, service, charger, ev=SimulatedBptEv())
    else:
        charger = SimulatedDcEvse() if service == "dc" else SimulatedAcEvse()
        rig = Rig(pki20, service, charger)
    control = "dynamic" if service == "dc_bpt" else "scheduled"
    currents: list[float] = []
    rig.hook = after_loops(3, lambda: currents.append(rig.charger.present_current(0.0)))
    async with rig.server() as server:
        result = await rig.evcc(server, control, charging_loop_cycles=100, on_session=_stall_after(3))
        (summary,) = await server.wait_finished(1)
    assert currents and (currents[0] < 0.0 if service == "dc_bpt" else currents[0] > 0.0), currents
    secc = rig.sessions[1]
    assert secc.close_reason == "sequence timeout" and summary.reason.endswith("sequence timeout")
    loop = "DC_ChargeLoopRes" if service.startswith("dc") else "AC_ChargeLoopRes"
    assert rig.names(1, "tx")[-1] == loop
    assert len(rig.docs(1, "tx", loop)) == 3
    assert rig.charger.present_current(0.0) == 0.0 and rig.charger.ended == ["sequence timeout"]
    assert not result.ok and result.reason == "connection closed by the SECC", result.reason
    assert result.loop_count == 3
