"""What the EV and EVSE machines share: the outbox, the event queue, named timers, frame intake,
and the local-modem dialogue (CM_SET_KEY, VS_PL_LNK_STATUS polling, link loss).

Rules: no I/O, no clock. Every entry point takes ``now`` (seconds, any monotonic origin). Frames to
send are drained with ``frames_to_send()``, events with ``next_event()``; ``get_timer()`` gives the
next deadline and ``handle_timer(now)`` runs what is due. A message that is not in a machine's
``(state, message type)`` table is ignored: SLAC defines no error answers, and frames from other
cars and chargers on neighbouring cables are normal.
"""

from __future__ import annotations

import enum
from collections import deque
from typing import Any, ClassVar, Protocol

from slac import events as ev
from slac import messages as m
from slac.config import SetKeySuccess, Timing
from slac.errors import FrameError
from slac.keys import RandomSource, nid_from_nmk, random_nmk


class ModemPhase(enum.Enum):
    IDLE = "idle"
    SETTING_KEY = "setting key"  # CM_SET_KEY.REQ sent, waiting for the CNF
    JOINING = "joining"  # key set, waiting for the modem to report a link
    LINKED = "linked"  # D-LINK_READY
    LEAVING = "leaving"  # a random key was sent to leave the network


class Machine(Protocol):
    """What the EV and EVSE machines offer a driver."""

    def receive_frame(self, frame: bytes, now: float) -> None: ...
    def frames_to_send(self) -> list[bytes]: ...
    def next_event(self) -> ev.Event | None: ...
    def get_timer(self) -> float | None: ...
    def handle_timer(self, now: float) -> None: ...



class MachineBase:
    """Shared plumbing; subclasses define ``TABLE`` and the ``_modem_*`` hooks."""

    TABLE: ClassVar[dict[tuple[Any, type[m.Mme]], str]] = {}

    def __init__(self, mac: bytes, modem_mac: bytes, timing: Timing, random_bytes: RandomSource,
                 set_key_success: SetKeySuccess, set_key_retries: int, poll_link: bool,
                 trace: bool = False) -> None:
        self._mac = mac
        self._modem_mac = modem_mac
        self._timing = timing
        self._random = random_bytes
        self._set_key_success = set_key_success
        self._set_key_retries = set_key_retries
        self._poll_link = poll_link
        self._outbox: list[bytes] = []
        self._events: deque[ev.Event] = deque()
        self._timers: dict[str, float] = {}
        self.malformed_frames = 0
        self._now = 0.0
        self._trace: list[dict[str, Any]] | None = [] if trace else None
        # modem dialogue
        self.modem_phase = ModemPhase.IDLE
        self._key: tuple[bytes, bytes] | None = None  # (nmk, nid) being set / in use
        self._set_key_sends = 0
        self._last_link_up = 0.0

    # ---- public sans-IO surface ------------------------------------------------------------------

    @property
    def mac(self) -> bytes:
        return self._mac

    def receive_frame(self, frame: bytes, now: float) -> None:
        """Feed one received Ethernet frame. Malformed frames are counted and dropped."""
        try:
            message = m.decode(frame)
        except FrameError:
            self.malformed_frames += 1
            return
        self.receive_message(message, now)

    def receive_message(self, message: m.Mme, now: float) -> None:
        self._now = now
        if message.dst not in (self._mac, m.BROADCAST) or message.src == self._mac:
            return
        self._record("rx", message)
        if self._modem_message(message, now):
            return
        name = self.TABLE.get((self._state_key(), type(message)))
        if name is not None:
            getattr(self, name)(message, now)

    def frames_to_send(self) -> list[bytes]:
        out, self._outbox = self._outbox, []
        return out

    def next_event(self) -> ev.Event | None:
        return self._events.popleft() if self._events else None

    def get_timer(self) -> float | None:
        return min(self._timers.values(), default=None)

    def trace_records(self) -> list[dict[str, Any]]:
        """Per-message trace (when enabled in the config): one dict per frame sent or received,
        ready for JSON lines - apart from events and logging."""
        if self._trace is None:
            return []
        out, self._trace = self._trace, []
        return out

    def _record(self, direction: str, message: m.Mme) -> None:
        if self._trace is None:
            return
        entry: dict[str, Any] = {
            "t": self._now, "dir": direction, "msg": type(message).__name__, "mmtype": message.mmtype,
            "src": m.format_mac(message.src), "dst": m.format_mac(message.dst),
            "state": getattr(self._state_key(), "value", str(self._state_key())),
        }
        run_id = getattr(message, "run_id", None)
        if isinstance(run_id, bytes):
            entry["run_id"] = run_id.hex()
        self._trace.append(entry)

    def handle_timer(self, now: float) -> None:
        self._now = now
        while True:
            due = [(t, name) for name, t in self._timers.items() if t <= now]
            if not due:
                return
            _, name = min(due)
            del self._timers[name]
            self._fire(name, now)

    def _fire(self, name: str, now: float) -> None:
        """Run the timer called ``name``: the method ``_timer_<name>``."""
        getattr(self, f"_timer_{name}")(now)

    # ---- helpers for subclasses -------------------------------------------------------------------

    def _state_key(self) -> Any:
        raise NotImplementedError

    def _send(self, message: m.Mme) -> None:
        self._record("tx", message)
        self._outbox.append(m.encode(message))

    def _emit(self, event: ev.Event) -> None:
        self._events.append(event)

    def _set_timer(self, name: str, at: float) -> None:
        self._timers[name] = at

    def _cancel(self, *names: str) -> None:
        for name in names:
            self._timers.pop(name, None)

    # ---- local modem: CM_SET_KEY and link status --------------------------------------------------

    def _set_key(self, nmk: bytes, now: float, *, nid: bytes | None = None, leaving: bool = False) -> None:
        self._key = (nmk, nid if nid is not None else nid_from_nmk(nmk))
        self._set_key_sends = 0
        self.modem_phase = ModemPhase.LEAVING if leaving else ModemPhase.SETTING_KEY
        self._cancel("poll", "settled")
        self._send_set_key(now)

    def _send_set_key(self, now: float) -> None:
        assert self._key is not None
        nmk, nid = self._key
        self._set_key_sends += 1
        self._send(m.CmSetKeyReq(dst=self._modem_mac, src=self._mac, nid=nid, new_key=nmk))
        self._set_timer("set_key", now + self._timing.set_key_timeout)

    def _timer_set_key(self, now: float) -> None:
        if self._set_key_sends <= self._set_key_retries:
            self._send_set_key(now)
        elif self.modem_phase is ModemPhase.LEAVING:
            self.modem_phase = ModemPhase.IDLE
        else:
            self.modem_phase = ModemPhase.IDLE
            self._emit(ev.KeySetFailed("the modem did not confirm CM_SET_KEY"))
            self._modem_key_failed(now, "the modem did not confirm CM_SET_KEY")

    def _random_nmk(self, printable: bool = False) -> bytes:
        return random_nmk(self._random, printable)

    def _modem_message(self, message: m.Mme, now: float) -> bool:
        """Handle answers of the local modem; True if the message was one."""
        if isinstance(message, m.CmSetKeyCnf):
            if self.modem_phase not in (ModemPhase.SETTING_KEY, ModemPhase.LEAVING):
                return True  # late or duplicate CNF
            self._cancel("set_key")
            if self.modem_phase is ModemPhase.LEAVING:
                self.modem_phase = ModemPhase.IDLE
                return True
            if not self._set_key_success.accepts(message.result):
                if self._set_key_sends <= self._set_key_retries:
                    self._send_set_key(now)
                    return True
                self.modem_phase = ModemPhase.IDLE
                reason = f"the modem refused CM_SET_KEY (result {message.result:#04x})"
                self._emit(ev.KeySetFailed(reason))
                self._modem_key_failed(now, reason)
                return True
            assert self._key is not None
            self._emit(ev.KeySet(self._key[1]))
            self._modem_key_set(now)
            return True
        if isinstance(message, m.VsPlLnkStatusCnf):
            if self.modem_phase in (ModemPhase.JOINING, ModemPhase.LINKED):
                self._on_link_status(message.mstatus == 0 and message.link_status == m.LINK_UP, now)
            return True
        return False

    def _start_joining(self, now: float, join_deadline: float | None = None) -> None:
        """After the key is set: wait for the link until ``join_deadline`` (default TT_match_join)."""
        self.modem_phase = ModemPhase.JOINING
        if join_deadline is None:
            join_deadline = now + self._timing.tt_match_join
        self._set_timer("join", join_deadline)
        if self._poll_link:
            self._set_timer("poll", now + self._timing.link_poll_interval)
        else:
            self._set_timer("settled", now + min(self._timing.settle_time, self._timing.tt_match_join))

    def _timer_poll(self, now: float) -> None:
        silent = now - self._last_link_up
        if self.modem_phase is ModemPhase.LINKED and silent >= self._timing.link_loss_timeout:
            self._lose_link(now)  # the modem stopped answering "link up"
            return
        if self.modem_phase in (ModemPhase.JOINING, ModemPhase.LINKED):
            self._send(m.VsPlLnkStatusReq(dst=self._modem_mac, src=self._mac))
            self._set_timer("poll", now + self._timing.link_poll_interval)

    def _timer_settled(self, now: float) -> None:
        if self.modem_phase is ModemPhase.JOINING:
            self.modem_phase = ModemPhase.LINKED
            self._cancel("join")
            self._modem_link_ready(now)

    def _timer_join(self, now: float) -> None:
        if self.modem_phase is ModemPhase.JOINING:
            self._cancel("poll", "settled")
            self.modem_phase = ModemPhase.IDLE
            self._modem_join_expired(now)

    def _on_link_status(self, up: bool, now: float) -> None:
        if up:
            self._last_link_up = now
            if self.modem_phase is ModemPhase.JOINING:
                self.modem_phase = ModemPhase.LINKED
                self._cancel("join")
                self._modem_link_ready(now)
        elif self.modem_phase is ModemPhase.LINKED:
            self._lose_link(now)

    def _lose_link(self, now: float) -> None:
        nid = self._key[1] if self._key else bytes(7)
        self._cancel("poll")
        self.modem_phase = ModemPhase.IDLE
        self._emit(ev.LinkLost(nid))
        self._modem_link_lost(now)

    def _leave_network(self, now: float) -> None:
        """Leave the logical network within TP_match_leave: install a fresh random key."""
        self._set_key(self._random_nmk(), now, leaving=True)

    # hooks
    def _modem_key_set(self, now: float) -> None:
        raise NotImplementedError

    def _modem_key_failed(self, now: float, reason: str) -> None:
        raise NotImplementedError

    def _modem_link_ready(self, now: float) -> None:
        raise NotImplementedError

    def _modem_join_expired(self, now: float) -> None:
        raise NotImplementedError

    def _modem_link_lost(self, now: float) -> None:
        raise NotImplementedError


def mean_attenuation(aag: tuple[int, ...]) -> float:
    return sum(aag) / len(aag) if aag else 0.0
