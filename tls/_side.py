"""What both TLS client paths share (:class:`tls.conn.TlsConnection` on pyOpenSSL, and
:class:`tls.sysconn.SystemTlsConnection` on the system libssl): the error, :class:`TlsInfo`, and
:class:`BaseTlsConnection` with the surface the asyncio edge and the benchmarks use, the building
of :class:`TlsInfo`, the EVCC's checks after the handshake (:meth:`BaseTlsConnection.verify_peer`)
and the choice among several vehicle chains. Each path supplies the bytes in and out and what
OpenSSL negotiated."""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography import x509

from tls.errors import TlsPackageError
from tls.ocsp import GOOD, INVALID, REVOKED, check_response
from tls.validate import ValidationPolicy, subject_of, validate_secc_chain

if TYPE_CHECKING:
    from tls.context import Chain, TlsContext

CA_LIST_NOT_SENT = "certificate_authorities not sent"
"""The start of :attr:`TlsInfo.deviations`' entry when a -20 EVCC could not send the extension."""


class TlsError(TlsPackageError):
    """The TLS connection failed (handshake refused, bad record, a refused peer certificate)."""


@dataclass(frozen=True, slots=True)
class TlsInfo:
    """What one handshake negotiated: for the session, the trace and the capture."""

    version: str
    suite: str
    group: str
    profile: str
    peer_chain: tuple[bytes, ...] = ()
    """The peer's certificates as it sent them (DER, leaf first)."""
    ocsp: str = "none"
    """The leaf's stapled OCSP status: "good", "revoked", "unknown", "invalid", "none" (nothing
    stapled) or, on the SECC, "stapled" (a response was sent)."""
    own_choice: str = ""
    """EVCC with several vehicle chains: the one it presented and why (named by the SECC's
    CertificateRequest, or the first as a fallback); empty otherwise."""
    deviations: tuple[str, ...] = ()
    """What this connection could not do as the standard asks, e.g. a -20 EVCC on the pyOpenSSL path:
    ``certificate_authorities not sent (...)`` [V2G20-2369/2370]; empty when nothing."""

    @property
    def peer_subjects(self) -> tuple[str, ...]:
        return tuple(subject_of(x509.load_der_x509_certificate(d)) for d in self.peer_chain)

    def summary(self) -> str:
        """One line: ``TLSv1.3 TLS_AES_256_GCM_SHA384 secp521r1 peer=CN=...,OCSP good`` (and
        `` own=...`` when an EVCC chose among its vehicle chains, `` [deviation]`` for each)."""
        peer = self.peer_subjects[0] if self.peer_chain else "-"
        own = f" own={self.own_choice}" if self.own_choice else ""
        notes = "".join(f" [{d}]" for d in self.deviations)
        return f"{self.version} {self.suite} {self.group} peer={peer} ocsp={self.ocsp}{own}{notes}"

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"version": self.version, "suite": self.suite, "group": self.group,
                                  "profile": self.profile, "peer": list(self.peer_subjects),
                                  "ocsp": self.ocsp}
        if self.own_choice:
            out["certificate"] = self.own_choice
        if self.deviations:
            out["deviations"] = list(self.deviations)
        return out


class BaseTlsConnection(abc.ABC):
    """One side of a V2G TLS connection, sans-IO: TLS records in (:meth:`receive_data`), records out
    (:meth:`data_to_send`), application bytes through :meth:`send` / :meth:`read`."""

    def __init__(self, context: TlsContext) -> None:
        self.context = context
        self.profile = context.profile
        self.handshake_complete = False
        self.peer_closed = False
        self.stapled: bytes | None = None
        """EVCC: the OCSP response the SECC stapled (DER), None when none."""
        self.ocsp_status = "none"
        self.own_choice = ""
        self._choice_error: str | None = None
        self._plain = bytearray()

    # ------------------------------------------------------------------------------ per path

    @abc.abstractmethod
    def receive_data(self, data: bytes) -> None:
        """TLS records from the peer. Raises :class:`TlsError` when the connection failed."""

    @abc.abstractmethod
    def data_to_send(self) -> bytes:
        """TLS records for the peer."""

    @abc.abstractmethod
    def send(self, data: bytes) -> None:
        """Encrypt application bytes (after the handshake)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Queue close_notify."""

    @abc.abstractmethod
    def cipher(self) -> tuple[str, str, int] | None:
        """(suite, protocol version, secret bits) as ``ssl.SSLObject.cipher``; None before."""

    @abc.abstractmethod
    def version(self) -> str | None:
        """``TLSv1.3`` / ``TLSv1.2``; None before the handshake completed."""

    @abc.abstractmethod
    def _negotiated(self) -> tuple[str, str, str, tuple[bytes, ...]]:
        """(version, suite, group, the peer's chain as DER leaf first), after the handshake."""

    def _deviations(self) -> tuple[str, ...]:
        return ()

    # ------------------------------------------------------------------------------ shared

    def read(self) -> bytes:
        """Application bytes received so far (and taken out)."""
        out = bytes(self._plain)
        self._plain.clear()
        return out

    @property
    def info(self) -> TlsInfo:
        if not self.handshake_complete:
            raise TlsError("handshake not complete")
        version, suite, group, chain = self._negotiated()
        return TlsInfo(version, suite, group, self.profile, chain, self.ocsp_status, self.own_choice,
                       self._deviations())

    def verify_peer(self, now: dt.datetime) -> TlsInfo:
        """EVCC: the SECC certificate profile on the chain OpenSSL verified
        (:func:`tls.validate.validate_secc_chain`: DC=CPO, key usage, basic constraints, validity,
        path length), then the stapled OCSP status. Raises
        :class:`TlsError` naming the rule; returns :attr:`info`."""
        info = self.info
        if self.context.server:
            return info
        certs = [x509.load_der_x509_certificate(d) for d in info.peer_chain]
        if self.context.check_profile:
            if not certs:
                raise TlsError("the SECC sent no certificate")
            try:
                validate_secc_chain(certs[0], certs[1:], self.context.roots, now=now,
                                    policy=ValidationPolicy(self.profile))
            except TlsPackageError as exc:
                raise TlsError(f"SECC certificate refused: {exc}") from exc
        if self.stapled is not None:
            candidates = [*certs[1:], *self.context.roots]
            issuer = next((c for c in candidates if certs and c.subject == certs[0].issuer), None)
            if issuer is None:
                raise TlsError("no issuer of the SECC leaf to check its stapled OCSP response with")
            self.ocsp_status = check_response(self.stapled, certs[0], issuer, now=now)
            info = self.info
            if self.ocsp_status in (REVOKED, INVALID):  # [V2G2-873]
                raise TlsError(f"SECC certificate {self.ocsp_status} (stapled OCSP): {info.peer_subjects[0]}")
            if self.ocsp_status != GOOD and self.context.require_ocsp:
                raise TlsError(f"the SECC's stapled OCSP status is {self.ocsp_status}, and good is required")
        elif self.context.require_ocsp:
            raise TlsError("the SECC stapled no OCSP response, and one is required [V2G2-873]")
        return info

    def _choose_vehicle_chain(self, ca_names: Sequence[bytes]) -> Chain | None:
        """In OpenSSL's certificate callback, after the SECC's CertificateRequest naming ``ca_names``
        (DER): the vehicle chain under a root it names [V2G20-2401], else the first one (said in
        :attr:`own_choice`). Never raises (a C callback): a failure is kept for the handshake's
        error (:meth:`_failure`) and None returned."""
        try:
            chain, named = self.context.pick_vehicle(ca_names)
            how = "named by the SECC" if named else "fallback: the SECC named none of its roots"
            self.own_choice = f"{subject_of(chain.leaf)} ({how})"
            return chain
        except Exception as exc:  # noqa: BLE001 - nothing may escape a C callback; the handshake fails with it
            self._choice_error = f"{type(exc).__name__}: {exc}"
            return None

    def _failure(self, reason: str) -> TlsError:
        """The handshake's error: the vehicle chain choice's when that failed, else ``reason``."""
        if self._choice_error is not None:
            return TlsError(f"vehicle certificate selection failed: {self._choice_error}")
        return TlsError(reason)
