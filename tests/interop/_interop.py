"""One interop case against Josev, run in both directions over a veth pair between two network
namespaces (SDP finds the charger), and the checks that every case must pass.

A case is data (:class:`Case`); the two runners start the processes and collect what each side
recorded (:class:`Outcome`); :func:`check_session` asserts on both records. See README.md here for
how to add a case.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.interop._josev import JosevProcess, Message
from v2g.receipts import ReceiptStore, verify

V2G = [sys.executable, "-m", "v2g.cli"]
EV_IF, EVSE_IF = "veth-ev", "veth-evse"
SESSION_TIMEOUT = 90.0
JOSEV_SUCCESS = re.compile(
    r"Communication session (stopped successfully|terminated|paused)|EV requested to (Terminate|Pause) the",
    re.IGNORECASE,
)
"""The reasons Josev gives (EVCC and SECC, DIN, -2 and -20) for a session that ended with
SessionStop as it should; otherwise it names the failure (a timeout, a FAILED response, a closed
connection)."""
PRECHARGE_TOLERANCE = "400"
"""Josev's simulated charger reports 1 V through PreCharge (it does not ramp); our car would end the
session at the PreCharge limit without this allowance."""
LOOP_TIMEOUT = "2"
"""Josev's Java codec takes 150-350 ms per message on a loaded machine, past the 0.25 s a car allows
for CurrentDemandRes (0.5 s for -20 loops); our car waits this long instead."""


JOSEV_ALL = "DIN_SPEC_70121,ISO_15118_2,ISO_15118_20_AC,ISO_15118_20_DC"
"""What Josev offers and accepts by default: its car offers -20 over plain TCP and TLS 1.2 too, so
our charger must pick the protocol the connection allows."""


@dataclass(frozen=True)
class Case:
    """One interop case. Our side runs `v2g secc` / `v2g evcc` with ``--protocol protocol``,
    ``our_args`` on both and ``secc_args`` / ``evcc_args`` on one (``{pki}`` in them is our PKI
    folder, ``{josev_pki}`` Josev's PKI_PATH, ``{tmp}`` the test's folder); Josev runs with
    ``josev_protocol`` (its SECC accepts and its EVCC offers those), its EVCC config updated with
    ``josev_ev`` and its settings with ``josev_env``."""

    id: str
    protocol: str
    """Our --protocol value (din, iso2; iso20 once registered)."""
    josev_protocol: str
    """Josev's Protocol names, comma-separated: DIN_SPEC_70121, ISO_15118_2, ISO_15118_20_DC,
    ISO_15118_20_AC (:data:`JOSEV_ALL`: all four, its default)."""
    loop: str
    """The charging-loop request that must be seen ``cycles`` times: CurrentDemandReq,
    ChargingStatusReq, DC_ChargeLoopReq, AC_ChargeLoopReq."""
    tls: str | None = None
    """None (plain TCP), "1.2" or "1.3" (Josev's ENABLE_TLS_1_3: mutual, with the OEM chain)."""
    pki_profile: str = "iso2"
    our_args: tuple[str, ...] = ()
    secc_args: tuple[str, ...] = ()
    evcc_args: tuple[str, ...] = ()
    josev_ev: Mapping[str, Any] = field(default_factory=dict)
    josev_env: Mapping[str, str] = field(default_factory=dict)
    cycles: int = 3
    trace_protocols: tuple[str, ...] = ()
    """The protocol names our trace may give the session's messages (default: ``protocol``; -20
    names its common messages "iso20" and the service's "iso20-dc" / "iso20-ac")."""
    expect: tuple[str, ...] = ()
    """Requests that must be in the session (e.g. PaymentDetailsReq for Plug & Charge)."""


@dataclass(frozen=True)
class Peer:
    """Where and with what the processes run."""

    python: Path
    """Josev's venv Python."""
    ev_ns: str
    evse_ns: str
    our_pki: Path | None
    """Our PKI folder (`v2g pki create`) for TLS cases."""
    josev_pki: Path | None
    """The same PKI in Josev's layout (its PKI_PATH)."""


@dataclass
class Outcome:
    """What both sides recorded."""

    ours: list[Message]
    our_output: str
    josev: list[Message]
    josev_log: str
    josev_reason: str
    """Why Josev says its session ended."""
    keylog: str


def _unwrap(decoded: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    doc = decoded["V2G_Message"]["Body"] if "V2G_Message" in decoded else decoded
    ((name, body),) = doc.items()
    return name, body or {}


def read_trace(path: Path, side: str) -> list[Message]:
    """Our JSON-lines trace as messages (``side``: "evse" or "ev")."""
    out = []
    for line in path.read_text().splitlines():
        record = json.loads(line)
        if record.get("side") != side or "decoded" not in record:
            continue
        name, body = _unwrap(record["decoded"])
        tls = record.get("tls") or {}
        header = record["decoded"].get("V2G_Message", {}).get("Header") or {}
        out.append(Message(record["direction"], name, {**body, "_protocol": record.get("protocol"),
                                                       "_signed": "Signature" in header,
                                                       "_tls": tls.get("version"),
                                                       "_tls_group": tls.get("group"),
                                                       "_tls_peer": tls.get("peer")}))
        # (the trace gives the connection's TLS once, with its first message)
    return out


def _expand(args: Sequence[str], peer: Peer, tmp: Path) -> list[str]:
    """A case's extra arguments with ``{pki}`` (our PKI folder), ``{josev_pki}`` (Josev's PKI_PATH)
    and ``{tmp}`` (the test's folder: a receipt store, a car's contract folder) filled in."""
    return [a.format(pki=peer.our_pki, josev_pki=peer.josev_pki, tmp=tmp) for a in args]


def _our_tls(case: Case, peer: Peer, keylog: Path) -> list[str]:
    if case.tls is None:
        return []
    assert peer.our_pki is not None
    return ["--tls", "--pki", str(peer.our_pki), "--keylog", str(keylog)]


def _josev_env(case: Case, peer: Peer) -> dict[str, str]:
    env = {"PROTOCOLS": case.josev_protocol, "AUTH_MODES": "EIM", "ENABLE_TLS_1_3": str(case.tls == "1.3")}
    if peer.josev_pki is not None:
        env["PKI_PATH"] = f"{peer.josev_pki}/"
    return {**env, **case.josev_env}


def _josev_ev_config(case: Case, tmp: Path) -> Path:
    config = {
        "supportedProtocols": case.josev_protocol.split(","),
        "supportedEnergyServices": ["DC"],
        "energyTransferMode": "DC_extended",
        "isCertInstallNeeded": False,
        "useTls": case.tls is not None,
        "enforceTls": case.tls is not None,
        "chargeLoopCycle": case.cycles + 1,  # its SoC reaches 100 % one loop early
        **case.josev_ev,
    }
    path = tmp / "josev-ev.json"
    path.write_text(json.dumps(config))
    return path


def _run_ours(ns: str, args: Sequence[str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", "netns", "exec", ns, *V2G, *args], capture_output=True, text=True,
                          timeout=timeout)


def josev_evcc_to_our_secc(case: Case, peer: Peer, tmp: Path) -> Outcome:
    """Our SECC (one session) in the EVSE namespace, Josev's EVCC in the EV one, until both end."""
    trace, keylog = tmp / "secc.jsonl", tmp / "keylog.txt"
    secc = subprocess.Popen(
        ["ip", "netns", "exec", peer.evse_ns, *V2G, "secc", "-i", EVSE_IF, "--sessions", "1", "-q",
         "--trace", str(trace), "--protocol", case.protocol, *_our_tls(case, peer, keylog),
         *_expand((*case.our_args, *case.secc_args), peer, tmp)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    josev: JosevProcess | None = None
    try:
        assert secc.stdout is not None
        first = secc.stdout.readline()
        assert first.startswith("SECC listening"), first + secc.stdout.read()
        josev = JosevProcess(peer.python, "evcc", peer.ev_ns, EV_IF, tmp / "josev",
                             _josev_env(case, peer), [str(_josev_ev_config(case, tmp))])
        reason = josev.stop_reason(SESSION_TIMEOUT)  # then it waits 7 s to close: not waited for
        out, _ = secc.communicate(timeout=15)
        assert secc.returncode == 0, first + out
        return Outcome(read_trace(trace, "evse"), first + out, josev.messages(), josev.log(), reason,
                       keylog.read_text() if keylog.exists() else "")
    finally:
        if josev is not None:
            josev.stop()
        secc.kill()
        secc.wait()


def josev_evcc_handshake_with_our_secc(case: Case, peer: Peer, tmp: Path, needle: re.Pattern[str],
                                       timeout: float = 60) -> tuple[str, str]:
    """Our SECC and Josev's EVCC until Josev's log shows ``needle`` (say, its TLS handshake failing);
    returns what it matched and our SECC's output so far. For sessions that never start."""
    trace = tmp / "secc.jsonl"
    secc = subprocess.Popen(
        ["ip", "netns", "exec", peer.evse_ns, *V2G, "secc", "-i", EVSE_IF, "--sessions", "1",
         "--trace", str(trace), "--protocol", case.protocol, *_our_tls(case, peer, tmp / "keylog.txt"),
         *_expand((*case.our_args, *case.secc_args), peer, tmp)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    josev: JosevProcess | None = None
    try:
        assert secc.stdout is not None
        first = secc.stdout.readline()
        assert first.startswith("SECC listening"), first + secc.stdout.read()
        josev = JosevProcess(peer.python, "evcc", peer.ev_ns, EV_IF, tmp / "josev",
                             _josev_env(case, peer), [str(_josev_ev_config(case, tmp))])
        found = josev.wait_for(needle, timeout)
    finally:
        if josev is not None:
            josev.stop()
        secc.kill()
        out, _ = secc.communicate()
    return found, first + out


def our_evcc_to_josev_secc(case: Case, peer: Peer, tmp: Path) -> Outcome:
    """Josev's SECC in the EVSE namespace, our EVCC in the EV one; Josev stopped once its session
    ended."""
    (outcome,) = our_evcc_sessions_with_josev_secc(case, peer, tmp, [()])
    return outcome


def our_evcc_sessions_with_josev_secc(case: Case, peer: Peer, tmp: Path, runs: Sequence[Sequence[str]],
                                      *, ok: bool = True) -> list[Outcome]:
    """One Josev SECC, our EVCC run once per entry of ``runs`` (its extra arguments; ``{sid}`` is
    the SessionID the run before printed for ``--resume``), each until Josev's session ended too.
    ``ok``: our EVCC must exit 0 (False: it must fail, a session the test expects it to refuse)."""
    keylog = tmp / "keylog.txt"
    josev = JosevProcess(peer.python, "secc", peer.evse_ns, EVSE_IF, tmp / "josev", _josev_env(case, peer))
    outcomes: list[Outcome] = []
    session_id = ""
    try:
        josev.wait_for("UDP server started", 60)
        for number, extra in enumerate(runs, 1):
            trace = tmp / f"evcc-{number}.jsonl"
            done = _run_ours(peer.ev_ns, [
                "evcc", "-i", EV_IF, "--protocol", case.protocol, "--cycles", str(case.cycles),
                "--precharge-tolerance", PRECHARGE_TOLERANCE, "--loop-timeout", LOOP_TIMEOUT,
                "--trace", str(trace), *_our_tls(case, peer, keylog),
                *_expand((*case.our_args, *case.evcc_args), peer, tmp),
                *(a.replace("{sid}", session_id) for a in extra),
            ], SESSION_TIMEOUT)
            output = done.stdout + done.stderr
            assert (done.returncode == 0) is ok, output + josev.log()[-6000:]
            paused = re.search(r"--resume ([0-9a-fA-F]+)", output)
            session_id = paused.group(1) if paused else ""
            reasons = josev.stop_reasons(number, 15)
            sessions = _split_sessions(josev.messages())
            assert len(sessions) == number, [m.name for m in josev.messages()]
            outcomes.append(Outcome(read_trace(trace, "ev"), output, sessions[-1], josev.log(), reasons[-1],
                                    keylog.read_text() if keylog.exists() else ""))
        return outcomes
    finally:
        josev.stop()


def _split_sessions(messages: Sequence[Message]) -> list[list[Message]]:
    """A log's messages cut where each connection starts (its supportedAppProtocolReq)."""
    out: list[list[Message]] = []
    for m in messages:
        if m.name == "supportedAppProtocolReq" or not out:
            out.append([])
        out[-1].append(m)
    return out


def josev_to_josev(case: Case, peer: Peer, tmp: Path) -> tuple[list[Message], list[Message]]:
    """Josev's EVCC against its own SECC with the case's settings and our PKI in its layout: what
    each logged. For cases our CLI cannot run yet, to know the peer's side works before ours joins;
    both sessions are checked to have ended well."""
    secc = JosevProcess(peer.python, "secc", peer.evse_ns, EVSE_IF, tmp / "josev-secc",
                        _josev_env(case, peer))
    evcc: JosevProcess | None = None
    try:
        secc.wait_for("UDP server started", 60)
        evcc = JosevProcess(peer.python, "evcc", peer.ev_ns, EV_IF, tmp / "josev-evcc",
                            _josev_env(case, peer), [str(_josev_ev_config(case, tmp))])
        for side in (evcc, secc):
            reason = side.stop_reason(SESSION_TIMEOUT)
            assert JOSEV_SUCCESS.search(reason), reason
        return evcc.messages(), secc.messages()
    finally:
        for side in (evcc, secc):
            if side is not None:
                side.stop()


# ---- checks ---------------------------------------------------------------------------------------


def check_messages(messages: Sequence[Message], case: Case, who: str) -> None:
    """A whole session as one side saw it: SupportedAppProtocol, SessionSetup, ..., ``cycles``
    charging loops, SessionStop; each request answered in turn with an OK ResponseCode."""
    names = [m.name for m in messages]
    assert len(messages) % 2 == 0, f"{who}: a request without its response: {names}"
    for req, res in zip(messages[::2], messages[1::2], strict=True):
        assert req.name.endswith("Req") and res.name == req.name[:-3] + "Res", f"{who}: {names}"
        assert (res.response_code or "").startswith("OK"), f"{who}: {res.name} {res.response_code}"
    requests = names[::2]
    assert requests[:2] == ["supportedAppProtocolReq", "SessionSetupReq"], f"{who}: {requests}"
    assert requests[-1] == "SessionStopReq", f"{who}: {requests}"
    assert requests.count(case.loop) >= case.cycles, f"{who}: {requests}"
    missing = [name for name in case.expect if name not in requests]
    assert not missing, f"{who}: no {missing} in {requests}"


def check_session(outcome: Outcome, case: Case) -> None:
    """Both records show the same whole session; TLS of the version the case names when it has one."""
    check_messages(outcome.ours, case, "our trace")
    protocols = {m.body["_protocol"] for m in outcome.ours[2:]}
    assert protocols and protocols <= set(case.trace_protocols or (case.protocol,)), protocols
    check_messages(outcome.josev, case, "Josev's log")
    assert [m.name for m in outcome.josev] == [m.name for m in outcome.ours]
    assert JOSEV_SUCCESS.search(outcome.josev_reason), outcome.josev_reason
    assert f"Security: {'NO_TLS' if case.tls is None else 'TLS'}," in outcome.josev_log  # its SDP
    if case.tls is None:
        assert outcome.keylog == ""
    else:
        labels = {line.split()[0] for line in outcome.keylog.splitlines()
                  if line.strip() and not line.startswith("#")}
        expected = {"1.2": {"CLIENT_RANDOM"}, "1.3": {"CLIENT_HANDSHAKE_TRAFFIC_SECRET"}}[case.tls]
        assert expected <= labels, labels
        if case.tls == "1.2":
            assert labels == {"CLIENT_RANDOM"}, labels


def _challenge(value: str) -> bytes:
    """A GenChallenge as logged: hex in our trace, base64 in Josev's log."""
    return bytes.fromhex(value) if len(value) == 32 else base64.b64decode(value)


def check_pnc(outcome: Outcome, installs: bool) -> None:
    """Plug & Charge as both records show it: Contract selected, (a certificate installed,) the
    PaymentDetails challenge answered by a signed AuthorizationReq carrying it, authorized once
    (Finished, no Ongoing loop), over TLS 1.2."""
    for who, messages in (("our trace", outcome.ours), ("Josev's log", outcome.josev)):
        names = [m.name for m in messages]
        first = {m.name: m.body for m in reversed(messages)}
        assert first["PaymentServiceSelectionReq"]["SelectedPaymentOption"] == "Contract", who
        assert names.count("PaymentDetailsReq") == 1 and names.count("AuthorizationReq") == 1, (who, names)
        start = names.index("PaymentServiceSelectionRes") + 1
        pnc = ["CertificateInstallationReq", "CertificateInstallationRes"] if installs else []
        handshake = [*pnc, "PaymentDetailsReq", "PaymentDetailsRes", "AuthorizationReq", "AuthorizationRes"]
        assert names[start:start + len(handshake)] == handshake, (who, names)
        challenge = _challenge(str(first["PaymentDetailsRes"]["GenChallenge"]))
        answered = _challenge(str(first["AuthorizationReq"]["GenChallenge"]))
        assert len(challenge) == 16 and answered == challenge, who
        assert first["AuthorizationRes"]["EVSEProcessing"] == "Finished", who
        emaid = first["PaymentDetailsReq"]["eMAID"]
        if installs:
            assert first["CertificateInstallationRes"]["eMAID"]["value"] == emaid, who
    ours = {m.name: m.body for m in outcome.ours}
    assert ours["AuthorizationReq"]["_signed"], "AuthorizationReq without a Signature"
    if installs:
        assert ours["CertificateInstallationReq"]["_signed"] and ours["CertificateInstallationRes"]["_signed"]
    assert outcome.ours[0].body["_tls"] == "TLSv1.2"


def check_receipts(outcome: Outcome, store: Path) -> None:
    """Our SECC's receipt store after a Plug & Charge session with Josev's car: one record per
    ReceiptRequired, each interval starting where the one before stopped, the store verified. Josev's
    car signs MeteringReceipt in AC only (issue 18, item 8): there every record is its verified
    signature; in DC none is, each record saying the car did not sign."""
    asked = [m.body["MeterInfo"]["MeterReading"] for m in outcome.ours
             if m.direction == "tx" and m.body.get("ReceiptRequired") is True]
    signed = [m for m in outcome.ours if m.name == "MeteringReceiptReq"]
    emaid = next(m.body["eMAID"] for m in outcome.ours if m.name == "PaymentDetailsReq")
    with ReceiptStore(store) as receipts:
        records = [r.receipt for r in receipts]
        assert verify(receipts) == []
    assert asked and [r.meter_stop for r in records] == asked, (asked, records)
    assert [r.meter_start for r in records[1:]] == [r.meter_stop for r in records[:-1]]
    assert all(r.emaid == emaid and r.ocmf for r in records)
    if signed:  # AC: every receipt it was asked for, signed and verified
        assert len(signed) == len(asked) and all(r.verified and r.exi and r.signature for r in records)
    else:  # DC: it charged on without signing
        assert all(not r.verified and "did not sign" in r.note for r in records)
