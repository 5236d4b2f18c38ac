"""The Python incumbent "Josev" (PyPI ``iso15118``) as a peer: its own cached venv, its settings, its
PKI layout (made from ours), its processes and what its log says happened.

Facts about Josev 0.31.2 that this module relies on (read from its source):

- ``python -m iso15118.secc.main`` / ``python -m iso15118.evcc.main CONFIG.json`` start its SECC / EVCC.
  Both read their settings from the environment (or ``.env`` in the working directory):
  ``NETWORK_INTERFACE``, ``LOG_LEVEL``, ``PKI_PATH``, ``ENABLE_TLS_1_3``, ``MESSAGE_LOG_JSON``; the
  SECC also ``PROTOCOLS`` (e.g. ``ISO_15118_2,DIN_SPEC_70121``), ``AUTH_MODES`` (``EIM``, ``PNC``),
  ``SECC_ENFORCE_TLS``, ``FREE_CHARGING_SERVICE``. The EVCC takes the rest from its JSON config
  (``supportedProtocols``, ``supportedEnergyServices``, ``energyTransferMode``, ``useTls``,
  ``isCertInstallNeeded``, ``chargeLoopCycle``).
- Its EXI codec is a Java program (EXIficient behind py4j): ``java`` must be on the PATH.
- Its evcc imports ``aiofile``, which its package metadata does not declare: we install it beside.
- Certificates are read from ``PKI_PATH/iso15118_2/certs`` and keys (PEM, with a password file
  each; an empty file means no password) from ``PKI_PATH/iso15118_2/private_keys``, for -2 and -20
  alike. Its SECC serves ``cpoCertChain.pem`` with ``seccLeaf.key``; its EVCC trusts
  ``v2gRootCACert.pem`` and, with TLS 1.3, presents ``oemCertChain.pem`` with ``oemLeaf.key``.
- Its EVCC exits 0 only after a session it considers successful (otherwise it restarts SDP).
- It logs every message as JSON: ``Decoded message (ns=...): {...}`` for what it received and
  ``Message to encode (ns=...): {...}`` for what it encodes (signed fragments too), then
  ``NAME received`` / ``Sent NAME``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization

from tls.pki import Pki
from tls.profiles import Role

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ("iso15118==0.31.2", "aiofile>=3.8")
"""What the peer venv holds; changing this rebuilds the cached venv."""
VENV = ROOT / ".venv-peers" / "josev"


class JosevUnavailable(Exception):
    """Josev cannot run here (no Java, or its installation failed); says why."""


# ---- installation ---------------------------------------------------------------------------------


def java_problem() -> str | None:
    java = shutil.which("java")
    if java is None:
        return "Josev's EXI codec needs Java (`java` is not on the PATH)"
    out = subprocess.run([java, "-version"], capture_output=True, text=True)
    if out.returncode != 0:
        return f"`java -version` failed: {out.stderr.strip()}"
    return None


def ensure_josev(venv: Path = VENV) -> Path:
    """The Python of a venv holding Josev, installed once and then reused (a marker file names what
    was installed; another process installing at the same time is waited for)."""
    problem = java_problem()
    if problem is not None:
        raise JosevUnavailable(problem)
    marker = venv / "installed.txt"
    python = venv / "bin" / "python"
    wanted = "\n".join(REQUIREMENTS) + "\n"
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / "josev.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.exists() and marker.read_text() == wanted and python.exists():
            return python
        shutil.rmtree(venv, ignore_errors=True)
        steps = [
            [sys.executable, "-m", "venv", str(venv)],
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *REQUIREMENTS],
            [str(python), "-c", "import iso15118.secc.main, iso15118.evcc.main"],
        ]
        for step in steps:
            out = subprocess.run(step, capture_output=True, text=True, timeout=600)
            if out.returncode != 0:
                raise JosevUnavailable(f"{' '.join(step)} failed:\n{out.stdout}{out.stderr}")
        marker.write_text(wanted)
    return python


# ---- PKI ------------------------------------------------------------------------------------------

# Josev's file stem per role; the leaf of a TLS client (oem) is the vehicle leaf where the profile
# has one (-20), the provisioning leaf otherwise.
_CERT_STEMS = {
    Role.V2G_ROOT: "v2gRootCA", Role.CPO_SUB_CA1: "cpoSubCA1", Role.CPO_SUB_CA2: "cpoSubCA2",
    Role.SECC_LEAF: "seccLeaf", Role.CPS_SUB_CA1: "cpsSubCA1", Role.CPS_SUB_CA2: "cpsSubCA2",
    Role.CPS_LEAF: "cpsLeaf", Role.MO_ROOT: "moRootCA", Role.MO_SUB_CA1: "moSubCA1",
    Role.MO_SUB_CA2: "moSubCA2", Role.CONTRACT_LEAF: "contractLeaf", Role.OEM_ROOT: "oemRootCA",
    Role.OEM_SUB_CA1: "oemSubCA1", Role.OEM_SUB_CA2: "oemSubCA2", Role.OEM_PROV_LEAF: "oemLeaf",
}
_PASSWORD_FILES = {
    Role.SECC_LEAF: "seccLeafPassword.txt", Role.OEM_PROV_LEAF: "oemLeafPassword.txt",
    Role.CONTRACT_LEAF: "contractLeafPassword.txt", Role.CPS_LEAF: "cpsLeafPassword.txt",
    Role.MO_SUB_CA2: "moSubCA2LeafPassword.txt",
}
_CHAINS = {"cpoCertChain.pem": Role.SECC_LEAF, "oemCertChain.pem": Role.OEM_PROV_LEAF}


def _pem(cert: Any) -> bytes:
    return bytes(cert.public_bytes(serialization.Encoding.PEM))


def write_josev_pki(pki: Pki, pki_path: Path) -> Path:
    """Lay ``pki`` (made by :func:`tls.pki.create_pki`) out as Josev reads it; returns ``PKI_PATH``.
    Keys are written unencrypted with empty password files (Josev then loads them without one)."""
    certs, keys = pki_path / "iso15118_2" / "certs", pki_path / "iso15118_2" / "private_keys"
    certs.mkdir(parents=True, exist_ok=True)
    keys.mkdir(parents=True, exist_ok=True)
    roles = dict(_CERT_STEMS)
    if Role.VEHICLE_LEAF in pki.certs:  # -20: the vehicle's TLS client certificate
        roles[Role.VEHICLE_LEAF] = roles.pop(Role.OEM_PROV_LEAF)
    for role, stem in roles.items():
        cert = pki.certs[role]
        (certs / f"{stem}Cert.pem").write_bytes(_pem(cert))
        (certs / f"{stem}Cert.der").write_bytes(cert.public_bytes(serialization.Encoding.DER))
        key = keys / f"{stem}.key"
        key.write_bytes(pki.keys[role].private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        key.chmod(0o600)
    for name, leaf in _CHAINS.items():
        if leaf is Role.OEM_PROV_LEAF and Role.VEHICLE_LEAF in pki.certs:
            leaf = Role.VEHICLE_LEAF
        (certs / name).write_bytes(b"".join(_pem(c) for c in pki.chain(leaf)))
    (certs / "intermediateMOCACerts.pem").write_bytes(
        _pem(pki.certs[Role.MO_SUB_CA2]) + _pem(pki.certs[Role.MO_SUB_CA1]))
    for name in _PASSWORD_FILES.values():
        (keys / name).write_text("")
    return pki_path


# ---- processes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """One V2G message as Josev logged it."""

    direction: str  # "rx": it decoded it; "tx": it encoded it
    name: str
    body: Mapping[str, Any]

    @property
    def response_code(self) -> str | None:
        code = self.body.get("ResponseCode")
        return str(code) if code is not None else None


_LOGGED = re.compile(r"(Decoded message|Message to encode) \(ns=([^)]*)\): (\{.*\})\s*$")
_SENT = re.compile(r"comm_session \(\d+\): Sent (\w+)\s*$")
_RECEIVED = re.compile(r"comm_session \(\d+\): (\w+) received\s*$")


def parse_messages(log: str) -> list[Message]:
    """Every message Josev sent or received, in order, with the content it logged for it.

    A message counts when Josev says it was sent (``Sent NAME``) or received (``NAME received``);
    its content is the last JSON logged under that name before (-2/DIN wrap it in V2G_Message,
    -20 and SupportedAppProtocol do not), with ``_ns`` the EXI grammar it logged it with (for what
    it received: the one the V2GTP payload type named, e.g. ``Namespace.ISO_V20_DC``). Fragments it
    encodes only to sign them (SalesTariff, SignedInfo, the AuthorizationReq body ...) are never
    sent, so they are not counted."""
    out = []
    logged: dict[str, dict[str, Mapping[str, Any]]] = {"rx": {}, "tx": {}}
    for line in log.splitlines():
        if match := _LOGGED.search(line):
            doc = json.loads(match.group(3))
            if "V2G_Message" in doc:
                doc = doc["V2G_Message"]["Body"]
            ((name, body),) = doc.items()
            logged["rx" if match.group(1) == "Decoded message" else "tx"][name] = {**(body or {}),
                                                                                  "_ns": match.group(2)}
        elif match := _SENT.search(line):
            out.append(Message("tx", match.group(1), logged["tx"].pop(match.group(1), {})))
        elif match := _RECEIVED.search(line):
            out.append(Message("rx", match.group(1), logged["rx"].pop(match.group(1), {})))
    return out


_REASON = re.compile(r"iso15118\.shared\.comm_session \(\d+\): Reason: (.*)")  # once a session ends


class JosevProcess:
    """A Josev SECC or EVCC in a network namespace, its output in ``log_path``. Stopped (its whole
    process group: the JVM of its codec too) by :meth:`stop`."""

    def __init__(self, python: Path, role: str, namespace: str, interface: str, workdir: Path,
                 env: Mapping[str, str], args: Sequence[str] = ()) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = workdir / f"josev-{role}.log"
        settings = {"NETWORK_INTERFACE": interface, "LOG_LEVEL": "INFO", "MESSAGE_LOG_JSON": "True", **env}
        full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(workdir), **settings}
        (workdir / ".env").write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                ["ip", "netns", "exec", namespace, str(python), "-m", f"iso15118.{role}.main", *args],
                stdout=log, stderr=subprocess.STDOUT, cwd=workdir, env=full_env, start_new_session=True,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def messages(self) -> list[Message]:
        return parse_messages(self.log())

    def wait_for(self, needle: str | re.Pattern[str], timeout: float) -> str:
        """Until ``needle`` (text or a pattern) is in the log; returns the matched text (a pattern's
        first group). Fails, with the log, if the process ends or time is up first."""
        deadline = time.monotonic() + timeout
        pattern = needle if isinstance(needle, re.Pattern) else re.compile(re.escape(needle))
        while (match := pattern.search(self.log())) is None:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                state = "ended" if self.proc.poll() is not None else "still runs"
                raise AssertionError(
                    f"Josev never logged {pattern.pattern!r} ({state}):\n{self.log()[-6000:]}")
            time.sleep(0.05)
        return match.group(1) if pattern.groups else match.group(0)

    def stop_reason(self, timeout: float) -> str:
        """The reason Josev logs when its session ends (waited for)."""
        return self.wait_for(_REASON, timeout)

    def stop_reasons(self, count: int, timeout: float) -> list[str]:
        """The reasons of its first ``count`` sessions to end (waited for)."""
        deadline = time.monotonic() + timeout
        while len(reasons := _REASON.findall(self.log())) < count:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"Josev ended {len(reasons)} of {count} sessions:\n{self.log()[-6000:]}")
            time.sleep(0.05)
        return list(reasons)

    def stop(self) -> None:
        """SIGINT (it ends as on Ctrl-C), then SIGKILL of its process group if it lingers."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(5)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # what is left of the group (its JVM)
        self.proc.wait()
