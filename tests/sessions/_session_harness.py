"""In-memory SECC <-> EVCC pump: no sockets, no sleeping; time is a number the pump advances."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import exi
from exi.app import generated_types as app
from exi.din import generated_types as d
from v2g import apphand
from v2g.apphand import DIN, ISO2, Protocol
from v2g.controller import EnergyMode, SimulatedAcEvse, SimulatedDcEvse, SimulatedEv
from v2g.envelope import Outgoing
from v2g.evcc import EvccConfig, EvccSession
from v2g.evcc._negotiation import offer_request
from v2g.secc import SeccConfig, SeccSession, SeccState, SessionStore
from v2g.secc import din as secc_din
from v2g.secc import iso2 as secc_iso2
from v2g.trace import TraceRecord
from v2g.v2gtp import PayloadType

EXI = int(PayloadType.EXI)
VECTORS = Path(__file__).resolve().parents[3] / "shared" / "vectors" / "public.jsonl"
if not VECTORS.exists():  # the worktree layout: /work/<worktree>/tests/sessions
    VECTORS = Path("/work/shared/vectors/public.jsonl")


@dataclass
class Run:
    secc: SeccSession
    evcc: EvccSession
    now: float
    secc_trace: list[TraceRecord] = field(default_factory=list)
    evcc_trace: list[TraceRecord] = field(default_factory=list)

    def requests(self) -> list[str]:
        return [t.message for t in self.secc_trace if t.direction == "rx"]

    def responses(self) -> list[str]:
        return [t.message for t in self.secc_trace if t.direction == "tx"]

    def bodies(self, name: str) -> list[dict[str, Any]]:
        """The decoded bodies of every message called ``name`` the SECC saw or sent."""
        out = []
        for t in self.secc_trace:
            if t.message == name and t.decoded is not None:
                root = t.decoded.get("V2G_Message")
                out.append(root["Body"][name] if root else t.decoded[name])
        return out

    def response_codes(self) -> list[str]:
        codes = []
        for t in self.secc_trace:
            if t.direction == "tx" and t.decoded is not None:
                root = t.decoded.get("V2G_Message")
                body = next(iter(root["Body"].values())) if root else next(iter(t.decoded.values()))
                codes.append(body["ResponseCode"])
        return codes


Hook = Callable[[Run], Any]


def pump(
    secc: SeccSession,
    evcc: EvccSession,
    now: float = 0.0,
    *,
    latency: float = 0.002,
    max_steps: int = 200_000,
    drop_evcc_after: Callable[[Run], bool] | None = None,
    hook: Hook | None = None,
    stop_when: Hook | None = None,
) -> Run:
    """Move messages both ways until both sides are closed (or nothing more can happen).

    Each message takes ``latency`` seconds; when neither side has data, time jumps to the earlier
    timer. Once ``drop_evcc_after(run)`` is true the EVCC's messages are lost (an EV gone silent).
    ``hook(run)`` runs after every step (to inject events); ``stop_when(run)`` ends the pump. When
    one side closes, the other sees the TCP connection go (``connection_lost``)."""
    run = Run(secc, evcc, now)
    evcc.start(now)
    dropping = False
    for _ in range(max_steps):
        moved = False
        for pt, data in evcc.data_to_send():
            moved = True
            run.now += latency
            if not dropping:
                secc.receive(pt, data, run.now)
        for pt, data in secc.data_to_send():
            moved = True
            run.now += latency
            evcc.receive(pt, data, run.now)
        _drain(run)
        if hook is not None:
            hook(run)
        if drop_evcc_after is not None and not dropping and drop_evcc_after(run):
            dropping = True
        if stop_when is not None and stop_when(run):
            break
        if secc.closed and evcc.closed:
            break
        if secc.closed != evcc.closed and not dropping:
            (evcc if secc.closed else secc).connection_lost(run.now)
            _drain(run)
            break
        if moved:
            continue
        timers = [t for t in (secc.get_timer(), None if dropping and evcc.closed else evcc.get_timer()) if t]
        if not timers:
            break
        run.now = max(run.now, min(timers))
        secc.handle_timer(run.now)
        evcc.handle_timer(run.now)
    _drain(run)
    return run


def _drain(run: Run) -> None:
    while (t := run.secc.next_trace()) is not None:
        run.secc_trace.append(t)
    while (t := run.evcc.next_trace()) is not None:
        run.evcc_trace.append(t)


# ---------------------------------------------------------------------------------- set-ups


FIXED_ID = bytes.fromhex("1122334455667788")


def fixed_id() -> bytes:
    return FIXED_ID


@dataclass
class Setup:
    protocol: Protocol
    mode: EnergyMode
    evse: SimulatedDcEvse | SimulatedAcEvse
    ev: SimulatedEv
    secc_config: SeccConfig
    evcc_config: EvccConfig
    store: SessionStore = field(default_factory=SessionStore)
    """Paused sessions, shared by every SECC this set-up builds (as a server's are)."""

    def secc(self, now: float = 0.0) -> SeccSession:
        return SeccSession(self.secc_config, self.evse, now, store=self.store)

    def evcc(self, now: float = 0.0, **changes: Any) -> EvccSession:
        cfg = self.evcc_config
        if changes:
            cfg = EvccConfig(**{**cfg.__dict__, **changes})
        return EvccSession(cfg, self.ev, now)


def setup(
    protocol: Protocol = DIN,
    mode: EnergyMode = EnergyMode.DC_EXTENDED,
    *,
    evse: dict[str, Any] | None = None,
    ev: dict[str, Any] | None = None,
    secc: dict[str, Any] | None = None,
    evcc: dict[str, Any] | None = None,
    store: SessionStore | None = None,
) -> Setup:
    charger: SimulatedDcEvse | SimulatedAcEvse = (
        SimulatedDcEvse(**(evse or {})) if mode.is_dc else SimulatedAcEvse(**(evse or {}))
    )
    secc_kw: dict[str, Any] = {"protocols": (protocol,), "energy_modes": (mode,), **(secc or {})}
    evcc_kw: dict[str, Any] = {"protocols": (protocol,), "energy_mode": mode, "charging_loop_cycles": 20}
    evcc_kw.update(evcc or {})
    return Setup(
        protocol,
        mode,
        charger,
        SimulatedEv(**(ev or {})),
        SeccConfig(**secc_kw),
        EvccConfig(**evcc_kw),
        store if store is not None else SessionStore(),
    )


# ------------------------------------------------------------------------- driving an SECC by hand


def handshake(secc: SeccSession, protocol: Protocol, now: float = 0.0) -> None:
    req = offer_request(apphand.offers_for((protocol,)))
    secc.receive(EXI, exi.encode(req), now)
    (out,) = secc.data_to_send()
    res = exi.decode(out[1], "app")
    assert res.ResponseCode is app.responseCodeType.OK_SuccessfulNegotiation


def send(secc: SeccSession, schema: str, message: Any, now: float) -> Any:
    """Feed one request document; returns the decoded response body (None if no response)."""
    secc.receive(EXI, exi.encode(message, check_facets=False), now)
    out = secc.data_to_send()
    if not out:
        return None
    (item,) = out
    return exi.decode(item[1], schema).Body.BodyElement


def vector_requests(schema: str) -> dict[str, Any]:
    """One decoded V2G_Message per request type from the public vectors (real cars first)."""
    found: dict[str, Any] = {}
    lines = [json.loads(line) for line in VECTORS.read_text().splitlines()]
    lines.sort(key=lambda v: not v.get("origin", "").startswith("real"))
    for v in lines:
        if v["set"] != schema or not v["message"].endswith("Req") or v["message"] in found:
            continue
        try:
            found[v["message"]] = exi.decode(bytes.fromhex(v["hex"]), schema)
        except exi.ExiError:
            continue
    return found


# ------------------------------------------------------------------- every request, every state

DC = EnergyMode.DC_EXTENDED
AC = EnergyMode.AC_THREE_PHASE
CONFIGS: dict[str, tuple[Protocol, EnergyMode, ModuleType]] = {
    "din-dc": (DIN, DC, secc_din),
    "iso2-dc": (ISO2, DC, secc_iso2),
    "iso2-ac": (ISO2, AC, secc_iso2),
}

_DIN_EXTRA: dict[str, Any] = {
    "ServiceDetailReq": d.ServiceDetailReq(ServiceID=1),
    "PaymentDetailsReq": d.PaymentDetailsReq(
        ContractID="DE1234567890", ContractSignatureCertChain=d.CertificateChainType(Certificate=b"\x01")
    ),
    "ChargingStatusReq": d.ChargingStatusReq(),
    "MeteringReceiptReq": d.MeteringReceiptReq(SessionID=b"\x01", MeterInfo=d.MeterInfoType(MeterID="m")),
    "CertificateUpdateReq": d.CertificateUpdateReq(
        ContractSignatureCertChain=d.CertificateChainType(Certificate=b"\x01"),
        ContractID="c",
        ListOfRootCertificateIDs=d.ListOfRootCertificateIDsType(RootCertificateID=("r",)),
        DHParams=b"\x01",
    ),
    "CertificateInstallationReq": d.CertificateInstallationReq(
        OEMProvisioningCert=b"\x01",
        ListOfRootCertificateIDs=d.ListOfRootCertificateIDsType(RootCertificateID=("r",)),
        DHParams=b"\x01",
    ),
}


@cache
def samples(schema: str) -> dict[str, Any]:
    """A request message of every type: real vectors where there are, hand-made otherwise."""
    found = dict(vector_requests(schema))
    if schema == "din":
        for name, body in _DIN_EXTRA.items():
            found.setdefault(name, wrap(secc_din, b"\x00", body))
    return found


def wrap(module: ModuleType, sid: bytes, body: Any) -> Any:
    """The whole message that carries ``body`` in the protocol of ``module`` (its SPEC)."""
    return module.SPEC.envelope.join(body, Outgoing(sid, 0.0))


def requests(module: ModuleType) -> tuple[type, ...]:
    return tuple(module.SPEC.responses)


def allowed(module: ModuleType, secc: SeccSession, state: SeccState, body: Any) -> bool:
    """Whether the table takes ``body`` in ``state`` (route present and its guard holding)."""
    route = module.SPEC.table.get((state, module.SPEC.event(body)))
    return route is not None and (route.guard is None or route.guard.holds(secc.context))


def with_session_id(message: Any, sid: bytes) -> Any:
    return dataclasses.replace(message, Header=dataclasses.replace(message.Header, SessionID=sid))


def reach(key: str, state: SeccState) -> tuple[SeccSession, float]:
    """An SECC driven by a real EVCC until it is in ``state`` (the EVCC's next request withheld)."""
    protocol, mode, _ = CONFIGS[key]
    renegotiate = state in (SeccState.RENEGOTIATE,) or (state is SeccState.POWER_DELIVERY and mode.is_dc)
    s = setup(
        protocol,
        mode,
        secc={"session_id_factory": fixed_id},
        evcc={"charging_loop_cycles": 6, "renegotiate_after": 2 if renegotiate else None},
    )
    secc = s.secc()
    seen: list[bool] = []

    def there(run: Any) -> bool:
        if secc.state is state and secc.protocol is not None:
            if state is SeccState.POWER_DELIVERY and mode.is_dc and not secc.context.renegotiations:
                return False
            seen.append(True)
            return True
        return False

    run = pump(secc, s.evcc(), stop_when=there)
    assert seen, f"{key}: state {state} not reached"
    return secc, run.now
