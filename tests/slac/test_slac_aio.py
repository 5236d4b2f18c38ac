"""The asyncio runner and the QCA modem helpers over the in-memory line (no privileges needed):
a stand-in socket per host feeds the sans-IO PlcLine on the event loop's clock."""

from __future__ import annotations

import asyncio

import pytest

from slac import events as ev
from slac import messages as m
from slac.aio.modem import QcaModem
from slac.aio.runner import associate
from slac.config import EvConfig, EvseConfig, Timing
from slac.emulator import ModemConfig, PlcLine, Role
from slac.errors import ModemError
from slac.ev import EvSlac, EvState
from slac.evse import EvseSlac
from slac.keys import nid_from_nmk

EV_MAC = bytes.fromhex("0a0000000001")
EVSE_MAC = bytes.fromhex("0c0000000001")


class LoopLine:
    def __init__(self, line: PlcLine) -> None:
        self.line = line
        self.loop = asyncio.get_running_loop()
        self.queues: dict[str, asyncio.Queue[bytes]] = {}
        self._handle: asyncio.TimerHandle | None = None
        self.sent: list[tuple[float, str, bytes]] = []  # (loop time, sending host, frame): the wire

    def socket(self, name: str, mac: bytes) -> LineSocket:
        self.queues[name] = asyncio.Queue()
        return LineSocket(self, name, mac)

    def send(self, name: str, frame: bytes) -> None:
        self.sent.append((self.loop.time(), name, frame))
        self.line.send(name, frame, self.loop.time())
        self._schedule()

    def sent_of(self, name: str, cls: type[m.Mme]) -> list[float]:
        """When host ``name`` put frames of ``cls`` on the line."""
        return [t for t, n, f in self.sent if n == name and int.from_bytes(f[15:17], "little") == cls.MMTYPE]

    def _schedule(self) -> None:
        at = self.line.next_delivery_time()
        if at is not None and (self._handle is None or self._handle.when() > at):
            if self._handle is not None:
                self._handle.cancel()
            self._handle = self.loop.call_at(at, self._flush)

    def _flush(self) -> None:
        self._handle = None
        for name, frame in self.line.deliveries(self.loop.time()):
            if name in self.queues:
                self.queues[name].put_nowait(frame)
        self._schedule()


class LineSocket:
    def __init__(self, owner: LoopLine, name: str, mac: bytes) -> None:
        self.owner, self.name, self.mac = owner, name, mac

    def send(self, frame: bytes) -> None:
        self.owner.send(self.name, frame)

    async def recv(self) -> bytes:
        return await self.owner.queues[self.name].get()

    def recv_nowait(self) -> bytes | None:
        q = self.owner.queues[self.name]
        return None if q.empty() else q.get_nowait()


def make_line(**ev_modem: object) -> PlcLine:
    line = PlcLine()
    line.add_modem("ev", ModemConfig(mac=bytes.fromhex("020000000001"), role=Role.PEV, attenuation_db=0,
                                     **ev_modem))  # type: ignore[arg-type]
    line.add_modem("evse", ModemConfig(mac=bytes.fromhex("020000000002"), role=Role.EVSE, attenuation_db=18))
    return line


async def test_qca_modem_helpers() -> None:
    ll = LoopLine(make_line())
    ev_sock, evse_sock = ll.socket("ev", EV_MAC), ll.socket("evse", EVSE_MAC)
    ev_modem, evse_modem = QcaModem(ev_sock), QcaModem(evse_sock)
    info = await ev_modem.find_local_modem()
    assert info.mac == bytes.fromhex("020000000001") and info.version.startswith("MAC-QCA7000")
    assert info.device_class == 0x22
    assert await ev_modem.link_status() is False  # factory keys differ: alone on the line
    nmk = bytes(range(16))
    await evse_modem.set_key(nmk)
    assert ll.line.modems["evse"].nid == nid_from_nmk(nmk)
    assert await ev_modem.wait_for_link(timeout=0.3) is False
    (alone,) = await ev_modem.network_info()
    assert alone.stations == ()
    await ev_modem.set_key(nmk)
    assert await ev_modem.wait_for_link(timeout=5.0) is True
    (net,) = await ev_modem.network_info()
    assert net.nid == nid_from_nmk(nmk)
    assert [st.mac for st in net.stations] == [bytes.fromhex("020000000002")]
    assert net.stations[0].bridge_mac == EVSE_MAC  # the charger host behind that modem
    ll.line.unplug("evse")
    await asyncio.wait_for(ev_modem.watch_link(interval=0.05, loss_timeout=0.2), 5.0)
    await ev_modem.reset()


async def test_qca_modem_errors() -> None:
    ll = LoopLine(make_line(answers=False))
    dead = QcaModem(ll.socket("ev", EV_MAC))
    with pytest.raises(ModemError):
        await dead.find_local_modem(timeout=0.1)
    ll2 = LoopLine(make_line(applies_key=False, set_key_result=0x00))
    refusing = QcaModem(ll2.socket("ev", EV_MAC))
    with pytest.raises(ModemError, match="refused"):
        await refusing.set_key(bytes(16))


async def test_runner_associates_ev_and_evse_on_the_loop_clock() -> None:
    ll = LoopLine(make_line())
    ev_sock, evse_sock = ll.socket("ev", EV_MAC), ll.socket("evse", EVSE_MAC)
    timing = Timing(link_poll_interval=0.05, link_loss_timeout=0.3)
    ev_machine = EvSlac(EvConfig(mac=EV_MAC, timing=timing))
    evse_machine = EvseSlac(EvseConfig(mac=EVSE_MAC, timing=timing))
    now = asyncio.get_running_loop().time
    seen: list[str] = []
    evse_machine.start(now())
    ev_machine.start(now() + 0.05)
    ev_final, evse_final = await asyncio.gather(
        associate(ev_machine, ev_sock, 15.0, lambda t, e: seen.append(type(e).__name__)),
        associate(evse_machine, evse_sock, 15.0),
    )
    assert isinstance(ev_final, ev.LinkReady) and ev_final.peer_mac == EVSE_MAC
    assert isinstance(evse_final, ev.LinkReady) and evse_final.peer_mac == EV_MAC
    assert seen[:3] == ["ParmConfirmed", "AttenCharReceived", "EvseSelected"]
    # TP_EV_match_session: CM_SLAC_MATCH.REQ within 500 ms of CM_ATTEN_CHAR.RSP (the only charger has
    # reported: no need to wait out TT_EV_atten_results, which kept it ~0.8 s)
    (rsp_at,), (req_at,) = ll.sent_of("ev", m.CmAttenCharRsp), ll.sent_of("ev", m.CmSlacMatchReq)
    assert 0 <= req_at - rsp_at < 0.5
    assert ll.line.modems["ev"].nmk == evse_machine.nmk


async def test_runner_times_out() -> None:
    ll = LoopLine(make_line())
    machine = EvSlac(EvConfig(mac=EV_MAC))
    machine.start(asyncio.get_running_loop().time())
    assert await associate(machine, ll.socket("ev", EV_MAC), 0.3) is None
    assert machine.state is EvState.WAIT_PARM_CNF and machine.attempt == 1


async def test_slac_link_for_the_runners() -> None:
    from slac.aio.link import AssociationError, SlacLink

    ll = LoopLine(make_line())
    timing = Timing(link_poll_interval=0.05, link_loss_timeout=0.3)
    seen: list[str] = []
    evse = SlacLink(EvseSlac(EvseConfig(mac=EVSE_MAC, timing=timing)), ll.socket("evse", EVSE_MAC))
    async with SlacLink(EvSlac(EvConfig(mac=EV_MAC, timing=timing)), ll.socket("ev", EV_MAC),
                        on_event=lambda t, e: seen.append(type(e).__name__)) as car:
        ready = await car.wait_ready(timeout=15)
        assert ready.peer_mac == EVSE_MAC and ready.nid == evse.machine.nid
        assert (await evse.wait_ready(timeout=5)).peer_mac == EV_MAC
        ll.line.unplug("evse")
        lost = await asyncio.wait_for(car.wait_lost(), 10)
        assert lost.nid == ready.nid
        assert "LinkLost" in seen
    await evse.close()

    lonely = LoopLine(make_line())
    fast = Timing(tt_match_response=0.05, tt_matching_rate=0.05)
    async with SlacLink(EvSlac(EvConfig(mac=EV_MAC, timing=fast)), lonely.socket("ev", EV_MAC)) as alone:
        with pytest.raises(AssociationError, match=r"no CM_SLAC_PARM\.CNF"):
            await alone.wait_ready(timeout=15)


async def test_op_attributes_from_the_emulated_modem() -> None:
    from slac import messages as msgs

    ll = LoopLine(make_line(version="custom firmware"))
    modem = QcaModem(ll.socket("ev", EV_MAC))
    cnf = await modem.request(msgs.VsOpAttributesReq(src=EV_MAC, cookie=0x1234), msgs.VsOpAttributesCnf)
    assert (cnf.cookie, cnf.hw_platform, cnf.sw_platform) == (0x1234, "custom firmware", "MAC")
    ll2 = LoopLine(make_line())
    cnf2 = await QcaModem(ll2.socket("ev", EV_MAC)).request(msgs.VsOpAttributesReq(src=EV_MAC),
                                                            msgs.VsOpAttributesCnf)
    assert cnf2.hw_platform == "QCA7000" and len(cnf2.attributes) == 118


class HeldSocket:
    """recv() waits on a future the test completes, so a frame can land in the same loop pass as a
    cancel."""

    def __init__(self, mac: bytes) -> None:
        self.mac = mac
        self.waiter: asyncio.Future[bytes] | None = None

    def send(self, frame: bytes) -> None:
        pass

    async def recv(self) -> bytes:
        self.waiter = asyncio.get_running_loop().create_future()
        return await self.waiter

    def recv_nowait(self) -> bytes | None:
        return None


async def test_close_is_not_lost_to_a_frame_arriving_in_the_same_loop_pass() -> None:
    from slac.aio.link import SlacLink

    sock = HeldSocket(EV_MAC)
    link = SlacLink(EvSlac(EvConfig(mac=EV_MAC)), sock)
    while sock.waiter is None:
        await asyncio.sleep(0)
    sock.waiter.set_result(bytes(60))  # a frame for nobody completes the read...
    async with asyncio.timeout(2):  # ...and the close in the same pass must still end the task
        await link.close()
    assert link._task.cancelled()


async def test_a_charger_connector_serves_the_next_ev_after_a_failed_one_and_after_a_lost_link() -> None:
    from slac.aio.link import AssociationError, SlacLink

    line = PlcLine()
    line.add_modem("bad", ModemConfig(mac=bytes.fromhex("020000000011"), role=Role.PEV, attenuation_db=0,
                                      applies_key=False))
    line.add_modem("good", ModemConfig(mac=bytes.fromhex("020000000012"), role=Role.PEV, attenuation_db=0))
    line.add_modem("evse", ModemConfig(mac=bytes.fromhex("020000000002"), role=Role.EVSE, attenuation_db=18))
    ll = LoopLine(line)
    timing = Timing(tt_match_join=0.5, link_poll_interval=0.05, link_loss_timeout=0.3)
    evse = EvseSlac(EvseConfig(mac=EVSE_MAC, timing=timing))
    async with SlacLink(evse, ll.socket("evse", EVSE_MAC)) as port:
        bad_mac, good_mac = bytes.fromhex("0a0000000011"), bytes.fromhex("0a0000000012")
        async with SlacLink(EvSlac(EvConfig(mac=bad_mac, timing=timing)), ll.socket("bad", bad_mac)):
            with pytest.raises(AssociationError, match="TT_match_join") as failed:
                await port.wait_ready(timeout=15)
            assert failed.value.final is False  # the connector waits for the next EV
        line.unplug("bad")
        good = EvSlac(EvConfig(mac=good_mac, timing=timing))
        async with SlacLink(good, ll.socket("good", good_mac)) as car:
            first = await port.wait_ready(timeout=15)
            assert first.peer_mac == good_mac and (await car.wait_ready(timeout=5)).nid == first.nid
            assert await port.wait_ready(timeout=0) == first  # still the current link
            line.unplug("good")
            assert (await asyncio.wait_for(port.wait_lost(), 10)).nid == first.nid
        assert (await port.wait_lost()).nid == first.nid  # the latest link's loss, not the next one's
        with pytest.raises(TimeoutError):
            await port.wait_ready(timeout=0.3)  # nobody else plugged in: waiting for the next EV
        assert port.machine.nid != first.nid  # a fresh network key for the next EV


async def test_runner_recovers_from_a_lost_atten_char_of_a_peer_that_never_resends() -> None:
    """A charger that sends CM_ATTEN_CHAR.IND only once, and it is lost: the EV's second attempt
    matches (the EV and the charger on the loop clock)."""
    line = make_line()
    dropped: list[bytes] = []

    def lose_first_atten_char(name: str, frame: bytes) -> tuple[float, ...] | None:
        atten_char = int.from_bytes(frame[15:17], "little") == m.CmAttenCharInd.MMTYPE
        if name == "evse" and atten_char and not dropped:
            dropped.append(frame)
            return ()
        return None

    line.filters.append(lose_first_atten_char)
    ll = LoopLine(line)
    timing = Timing(link_poll_interval=0.05, link_loss_timeout=0.3)
    ev_machine = EvSlac(EvConfig(mac=EV_MAC, timing=timing))
    evse_machine = EvseSlac(EvseConfig(mac=EVSE_MAC, timing=timing, atten_char_retries=0))
    now = asyncio.get_running_loop().time
    failures: list[ev.Event] = []

    def note_failure(t: float, event: ev.Event) -> None:
        if isinstance(event, ev.AttemptFailed):
            failures.append(event)

    evse_machine.start(now())
    ev_machine.start(now() + 0.05)
    ev_final, evse_final = await asyncio.gather(
        associate(ev_machine, ll.socket("ev", EV_MAC), 15.0, note_failure),
        associate(evse_machine, ll.socket("evse", EVSE_MAC), 15.0),
    )
    assert len(dropped) == 1
    assert failures == [ev.AttemptFailed(1, "no CM_ATTEN_CHAR.IND")]
    assert isinstance(ev_final, ev.LinkReady) and isinstance(evse_final, ev.LinkReady)
    assert ev_machine.attempt == 2
    assert len(ll.sent_of("evse", m.CmAttenCharInd)) == 2  # one per attempt
