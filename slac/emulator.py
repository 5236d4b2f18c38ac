"""A sans-IO model of HomePlug Green PHY modems on one power line, for tests and emulators.

Every modem has one host (the EV or EVSE computer on its Ethernet/SPI side). What a modem does:

* answers its host's local requests: CM_SET_KEY.REQ (installs NMK/NID, answers with the configured
  result - 0x01 like QCA firmware - and restarts for ``restart_time``), VS_SW_VER, VS_PL_LNK_STATUS
  (link = another powered modem in reach with the same NMK/NID), VS_RS_DEV, VS_NW_INFO,
  VS_OP_ATTRIBUTES;
* carries SLAC management messages to every modem in reach (outside any AVLN, as real modems do);
* an EVSE-role modem turns every CM_MNBC_SOUND.IND it hears into a CM_ATTEN_PROFILE.IND for its
  host, 58 groups around the attenuation between the two modems;
* forwards data frames (anything not 0x88E1) only between modems of the same AVLN;
* counts every frame it loses in ``PlcLine.dropped`` (by reason) and logs it: a HomePlug frame it
  cannot decode as a warning (with the error and the frame), frames lost to a restarting or
  unplugged modem at debug level (that loss is modelled on purpose).

:class:`PlcLine` holds the modems; :class:`Simulation` drives machines over a line with injected
time (a discrete-event loop, no sleeping). The socket-based emulator is ``slac.aio.emulator``.
"""

from __future__ import annotations

import enum
import hashlib
import heapq
import itertools
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from slac import events as ev
from slac import messages as m
from slac._core import Machine
from slac.errors import ConfigError, FrameError
from slac.keys import nid_from_nmk

GROUPS = m.ISO_GROUPS
log = logging.getLogger(__name__)

UNDECODABLE = "undecodable"
SENDER_DOWN = "sender's modem down"
RECEIVER_DOWN = "receiver's modem down"


class Role(enum.Enum):
    PEV = "pev"
    EVSE = "evse"


@dataclass(frozen=True, slots=True)
class ModemConfig:
    mac: bytes  # the modem's own MAC (source of its confirmations)
    role: Role
    attenuation_db: float = 10.0  # pair attenuation defaults to the sum of both modems' values
    host_mac: bytes | None = None  # learned from the host's frames when None
    set_key_result: int = 0x01  # what CM_SET_KEY.CNF reports (QCA firmware: 0x01 when applied)
    applies_key: bool = True  # False: the modem refuses every key
    restart_time: float = 0.0  # after CM_SET_KEY / VS_RS_DEV the modem is deaf for this long
    answers: bool = True  # False: a dead modem (never answers its host)
    makes_profiles: bool = True  # False: EVSE modem without SLAC PIB (no CM_ATTEN_PROFILE.IND)
    version: str = "MAC-QCA7000-1.2.5.3207-00-20180927-CS"
    device_class: int = 0x22  # QCA7000

    def __post_init__(self) -> None:
        if len(self.mac) != 6 or (self.host_mac is not None and len(self.host_mac) != 6):
            raise ConfigError("MAC addresses are 6 bytes")


class Modem:
    def __init__(self, name: str, config: ModemConfig) -> None:
        self.name = name
        self.config = config
        self.host_mac = config.host_mac
        # a factory key unique to the modem: alone in its own network until CM_SET_KEY
        self.nmk = hashlib.sha256(b"factory" + config.mac).digest()[:16]
        self.nid = nid_from_nmk(self.nmk)
        self.plugged = True
        self.restart_until = 0.0
        self.set_keys = 0

    def up(self, now: float) -> bool:
        return self.plugged and now >= self.restart_until


Delivery = tuple[str, bytes]  # (modem name, frame for its host)
Filter = Callable[[str, bytes], Sequence[float] | None]
"""Applied to every frame crossing the power line: (sending modem, frame) -> None to pass it,
() to drop it, or the extra delays of each copy to deliver (e.g. (0.0, 0.0) duplicates)."""


class PlcLine:
    def __init__(self, reach_db: float = 80.0, latency: float = 0.001) -> None:
        self.modems: dict[str, Modem] = {}
        self.reach_db = reach_db
        self.latency = latency
        self._pairs: dict[frozenset[str], float] = {}
        self.filters: list[Filter] = []
        self._out: list[tuple[float, int, str, bytes]] = []  # heap of (time, seq, modem, frame)
        self._seq = itertools.count()
        self.dropped: Counter[str] = Counter()
        """Frames lost so far, by reason (UNDECODABLE, SENDER_DOWN, RECEIVER_DOWN)."""

    # ---- topology ---------------------------------------------------------------------------------

    def add_modem(self, name: str, config: ModemConfig) -> Modem:
        if name in self.modems:
            raise ConfigError(f"modem {name!r} exists")
        modem = Modem(name, config)
        self.modems[name] = modem
        return modem

    def set_attenuation(self, a: str, b: str, db: float) -> None:
        self._pairs[frozenset((a, b))] = db

    def attenuation(self, a: str, b: str) -> float:
        pair = self._pairs.get(frozenset((a, b)))
        if pair is not None:
            return pair
        return self.modems[a].config.attenuation_db + self.modems[b].config.attenuation_db

    def unplug(self, name: str) -> None:
        self.modems[name].plugged = False

    def plug(self, name: str) -> None:
        self.modems[name].plugged = True

    def link_up(self, name: str, now: float) -> bool:
        me = self.modems[name]
        if not me.up(now):
            return False
        return any(self._same_avln(me, other, now) for other in self.modems.values() if other is not me)

    def _in_reach(self, a: Modem, b: Modem, now: float) -> bool:
        return a.up(now) and b.up(now) and self.attenuation(a.name, b.name) <= self.reach_db

    def _same_avln(self, a: Modem, b: Modem, now: float) -> bool:
        return self._in_reach(a, b, now) and (a.nmk, a.nid) == (b.nmk, b.nid)

    # ---- frames -----------------------------------------------------------------------------------

    def send(self, name: str, frame: bytes, now: float) -> None:
        """A frame from the host of modem ``name`` reaches its modem."""
        modem = self.modems[name]
        if not modem.up(now):
            self._drop(SENDER_DOWN, name, frame, "its modem is restarting or unplugged")
            return
        if len(frame) < 14:
            self._drop(UNDECODABLE, name, frame, f"{len(frame)} bytes is no Ethernet frame")
            return
        src = frame[6:12]
        if modem.host_mac is None and src[0] & 1 == 0:
            modem.host_mac = src
        ethertype = frame[12:14]
        if ethertype != b"\x88\xe1":
            self._carry(modem, frame, now, data=True)
            return
        try:
            message = m.decode(frame)
        except FrameError as exc:
            self._drop(UNDECODABLE, name, frame, str(exc))
            return
        dst = message.dst
        local = dst in (m.LOCALCAST, modem.config.mac) or (
            dst == m.BROADCAST and isinstance(message, m.VendorMme | m.CmSetKeyReq)
        )
        if local:
            self._local(modem, message, now)
            if dst != m.BROADCAST:
                return
        self._carry(modem, frame, now, data=False, message=message)

    def _drop(self, reason: str, name: str, frame: bytes, detail: str) -> None:
        self.dropped[reason] += 1
        level = logging.WARNING if reason == UNDECODABLE else logging.DEBUG
        log.log(level, "modem %s dropped a %d-byte frame (%s: %s): %s", name, len(frame), reason, detail,
                frame[:80].hex())

    def _deliver(self, at: float, name: str, frame: bytes) -> None:
        heapq.heappush(self._out, (at, next(self._seq), name, frame))

    def _reply(self, modem: Modem, message: m.Mme, now: float) -> None:
        self._deliver(now + self.latency, modem.name, m.encode(message))

    def _local(self, modem: Modem, message: m.Mme, now: float) -> None:
        cfg = modem.config
        if not cfg.answers:
            return
        host = message.src
        if isinstance(message, m.CmSetKeyReq):
            applied = message.key_type == 0x01 and cfg.applies_key
            if applied:
                modem.nmk, modem.nid = message.new_key, message.nid
                modem.set_keys += 1
            self._reply(modem, m.CmSetKeyCnf(dst=host, src=cfg.mac, result=cfg.set_key_result,
                                             your_nonce=message.my_nonce, pid=message.pid, prn=message.prn,
                                             pmn=message.pmn), now)
            if applied:
                modem.restart_until = now + cfg.restart_time
        elif isinstance(message, m.VsSwVerReq):
            self._reply(modem, m.VsSwVerCnf(dst=host, src=cfg.mac, device_class=cfg.device_class,
                                            version=cfg.version.encode() + b"\x00"), now)
        elif isinstance(message, m.VsPlLnkStatusReq):
            up = self.link_up(modem.name, now)
            self._reply(modem, m.VsPlLnkStatusCnf(dst=host, src=cfg.mac, link_status=int(up)), now)
        elif isinstance(message, m.VsRsDevReq):
            self._reply(modem, m.VsRsDevCnf(dst=host, src=cfg.mac), now)
            modem.restart_until = now + cfg.restart_time
        elif isinstance(message, m.VsOpAttributesReq):
            parts = cfg.version.split("-")
            hw = (parts[1] if len(parts) > 1 else cfg.version).encode()[:16]
            attrs = hw.ljust(16, b"\x00") + b"MAC".ljust(16, b"\x00")
            self._reply(modem, m.VsOpAttributesCnf(dst=host, src=cfg.mac, cookie=message.cookie,
                                                   attributes=attrs + bytes(86)), now)
        elif isinstance(message, m.VsNwInfoReq):
            stations = tuple(
                m.NwStation(mac=o.config.mac, tei=i + 2, bridge_mac=o.host_mac or m.NULL_MAC,
                            avg_tx_rate=100, avg_rx_rate=100)
                for i, o in enumerate(self.modems.values())
                if o is not modem and self._same_avln(modem, o, now)
            )
            net = m.NwNetwork(nid=modem.nid, snid=1, tei=1, role=2 if cfg.role is Role.EVSE else 0,
                              cco_mac=cfg.mac, cco_tei=1, stations=stations)
            self._reply(modem, m.VsNwInfoCnf(dst=host, src=cfg.mac, networks=(net,)), now)

    def _carry(self, sender: Modem, frame: bytes, now: float, *, data: bool,
               message: m.Mme | None = None) -> None:
        delays: Sequence[float] = (0.0,)
        for f in self.filters:
            verdict = f(sender.name, frame)
            if verdict is not None:
                delays = verdict
                break
        dst = frame[0:6]
        reach = self._same_avln if data else self._in_reach
        receivers = [o for o in self.modems.values() if o is not sender and reach(sender, o, now)]
        unicast = dst[0] & 1 == 0
        if unicast and any(o.host_mac == dst for o in receivers):
            receivers = [o for o in receivers if o.host_mac == dst]
        for o in receivers:
            for extra in delays:
                at = now + self.latency + extra
                self._deliver(at, o.name, frame)
                if (isinstance(message, m.CmMnbcSoundInd) and o.config.role is Role.EVSE
                        and o.config.makes_profiles):
                    self._deliver(at, o.name, m.encode(m.CmAttenProfileInd(
                        dst=o.host_mac or m.BROADCAST, src=o.config.mac, pev_mac=message.src,
                        aag=self.profile(sender.name, o.name),
                    )))

    def profile(self, a: str, b: str) -> tuple[int, ...]:
        """58 group attenuations between two modems: a tilt of +-3 dB around the pair value."""
        base = self.attenuation(a, b)
        return tuple(
            max(0, min(255, round(base + 3.0 * (i - (GROUPS - 1) / 2) / ((GROUPS - 1) / 2))))
            for i in range(GROUPS)
        )

    # ---- output -----------------------------------------------------------------------------------

    def next_delivery_time(self) -> float | None:
        return self._out[0][0] if self._out else None

    def deliveries(self, now: float) -> list[Delivery]:
        """Frames due at ``now`` for the hosts: (modem name, frame)."""
        out = []
        while self._out and self._out[0][0] <= now:
            _, _, name, frame = heapq.heappop(self._out)
            if self.modems[name].up(now) or self._is_local_answer(name, frame):
                out.append((name, frame))
            else:
                self._drop(RECEIVER_DOWN, name, frame, "its modem is restarting or unplugged")
        return out

    def _is_local_answer(self, name: str, frame: bytes) -> bool:
        return frame[6:12] == self.modems[name].config.mac


@dataclass
class Simulation:
    """Machines on a :class:`PlcLine`, run in virtual time."""

    line: PlcLine
    now: float = 0.0
    hosts: dict[str, Machine] = field(default_factory=dict)
    events: list[tuple[float, str, ev.Event]] = field(default_factory=list)
    sent: list[tuple[float, str, bytes]] = field(default_factory=list)

    def attach(self, modem: str, machine: Machine) -> None:
        self.hosts[modem] = machine

    def _pump(self) -> None:
        for name, host in self.hosts.items():
            for frame in host.frames_to_send():
                self.sent.append((self.now, name, frame))
                self.line.send(name, frame, self.now)
            while (event := host.next_event()) is not None:
                self.events.append((self.now, name, event))

    def run(self, until: float) -> None:
        """Advance virtual time to ``until``, delivering frames and firing timers in order."""
        self._pump()
        while True:
            times = [t for t in (h.get_timer() for h in self.hosts.values()) if t is not None]
            delivery = self.line.next_delivery_time()
            if delivery is not None:
                times.append(delivery)
            if not times or min(times) > until:
                break
            self.now = max(self.now, min(times))
            for name, frame in self.line.deliveries(self.now):
                host = self.hosts.get(name)
                if host is not None:
                    host.receive_frame(frame, self.now)
            for host in self.hosts.values():
                timer = host.get_timer()
                if timer is not None and timer <= self.now:
                    host.handle_timer(self.now)
            self._pump()
        self.now = max(self.now, until)

    def events_of(self, name: str, kind: type[ev.Event] | None = None) -> list[tuple[float, ev.Event]]:
        return [(t, e) for t, n, e in self.events if n == name and (kind is None or isinstance(e, kind))]

    def sent_of(self, name: str, kind: type[m.Mme]) -> list[tuple[float, m.Mme]]:
        out = []
        for t, n, frame in self.sent:
            if n == name:
                msg = m.decode(frame)
                if isinstance(msg, kind):
                    out.append((t, msg))
        return out
