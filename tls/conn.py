"""One side of a V2G TLS connection, sans-IO: TLS records in (:meth:`TlsConnection.receive_data`),
TLS records out (:meth:`TlsConnection.data_to_send`), application bytes in between. pyOpenSSL runs
OpenSSL on memory BIOs; nothing here touches a socket or the clock.

A server connection first collects the ClientHello, parses it (:mod:`tls.hello`) and only then picks
the chain (and with it the profile) by what the EV offers, and hands the same bytes to OpenSSL.
After the handshake, :meth:`TlsConnection.verify_peer` (``now`` passed in) applies what OpenSSL does
not: on the EVCC the SECC certificate profile and the stapled OCSP response.
:attr:`TlsConnection.info` says what was negotiated (:class:`TlsInfo`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from OpenSSL import SSL

from tls import _ossl, hello
from tls.context import TlsContext
from tls.errors import TlsPackageError
from tls.ocsp import GOOD, INVALID, REVOKED, check_response
from tls.validate import ValidationPolicy, subject_of, validate_secc_chain

_READ = 1 << 16


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

    @property
    def peer_subjects(self) -> tuple[str, ...]:
        return tuple(subject_of(x509.load_der_x509_certificate(d)) for d in self.peer_chain)

    def summary(self) -> str:
        """One line: ``TLSv1.3 TLS_AES_256_GCM_SHA384 secp521r1 peer=CN=...,OCSP good`` (and
        `` own=...`` when an EVCC chose among its vehicle chains)."""
        peer = self.peer_subjects[0] if self.peer_chain else "-"
        own = f" own={self.own_choice}" if self.own_choice else ""
        return f"{self.version} {self.suite} {self.group} peer={peer} ocsp={self.ocsp}{own}"

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"version": self.version, "suite": self.suite, "group": self.group,
                                  "profile": self.profile, "peer": list(self.peer_subjects),
                                  "ocsp": self.ocsp}
        if self.own_choice:
            out["certificate"] = self.own_choice
        return out


class TlsConnection:
    """One TLS connection on memory BIOs. ``context.server`` says which side."""

    def __init__(self, context: TlsContext) -> None:
        self.context = context
        self.profile = context.profile
        self.hello: hello.ClientHello | None = None
        self.handshake_complete = False
        self.peer_closed = False
        self.stapled: bytes | None = None
        self.ocsp_status = "none"
        self._pending = b""  # server: the first bytes, until the ClientHello is whole
        self._conn: SSL.Connection | None = None
        self._plain = bytearray()
        self.own_choice = ""
        self._choice_error: str | None = None
        self._cert_callback: _ossl.CertCallback | None = None
        if not context.server:
            assert context.client is not None
            self._conn = SSL.Connection(context.client, None)
            self._conn.set_app_data(self)
            if len(context.chains) > 1:  # several vehicle chains: the CertificateRequest picks
                self._cert_callback = _ossl.CertCallback(self._conn, self._choose_vehicle)
            self._conn.set_connect_state()
            self._conn.request_ocsp()  # status_request [V2G2-873] [V2G20-2372]
            self._step()

    # ------------------------------------------------------------------------------ bytes

    def receive_data(self, data: bytes) -> None:
        """TLS records from the peer. Raises :class:`TlsError` when the connection failed."""
        if self._conn is None:
            self._pending += data
            try:
                if not hello.complete(self._pending):
                    return
                self.hello = hello.parse_client_hello(self._pending)
            except hello.HelloError as exc:
                raise TlsError(f"not a TLS ClientHello: {exc}") from exc
            chain = self.context.pick(self.hello)
            self.profile = chain.profile
            self._conn = SSL.Connection(chain.context, None)
            self._conn.set_app_data(self)
            self._conn.set_accept_state()
            data, self._pending = self._pending, b""
        try:
            self._conn.bio_write(data)
        except SSL.Error as exc:
            raise TlsError(_reason(exc)) from exc
        self._step()

    def data_to_send(self) -> bytes:
        """TLS records for the peer."""
        if self._conn is None:
            return b""
        out = bytearray()
        while True:
            try:
                chunk = self._conn.bio_read(_READ)
            except SSL.WantReadError:
                break
            if not chunk:
                break
            out += chunk
        return bytes(out)

    def read(self) -> bytes:
        """Application bytes received so far (and taken out)."""
        out = bytes(self._plain)
        self._plain.clear()
        return out

    def send(self, data: bytes) -> None:
        """Encrypt application bytes (after the handshake)."""
        if self._conn is None or not self.handshake_complete:
            raise TlsError("send before the handshake completed")
        try:
            self._conn.sendall(data)
        except SSL.Error as exc:
            raise TlsError(_reason(exc)) from exc

    def close(self) -> None:
        """Queue close_notify."""
        if self._conn is not None and self.handshake_complete:
            with contextlib.suppress(SSL.Error):  # already shut down: nothing more to say
                self._conn.shutdown()

    # ------------------------------------------------------------------------------ results

    @property
    def info(self) -> TlsInfo:
        conn = self._conn
        if conn is None or not self.handshake_complete:
            raise TlsError("handshake not complete")
        chain = list(conn.get_peer_cert_chain(as_cryptography=True) or [])
        if self.context.server:  # OpenSSL's server-side chain leaves the client's leaf out
            leaf = conn.get_peer_certificate(as_cryptography=True)
            chain = [leaf, *chain] if leaf is not None else []
        ocsp = self.ocsp_status
        return TlsInfo(conn.get_protocol_version_name(), conn.get_cipher_name() or "?",
                       conn.get_group_name() or "?", self.profile,
                       tuple(c.public_bytes(Encoding.DER) for c in chain), ocsp, self.own_choice)

    def cipher(self) -> tuple[str, str, int] | None:
        if self._conn is None or not self.handshake_complete:
            return None
        return (self._conn.get_cipher_name() or "?", self._conn.get_cipher_version() or "?",
                self._conn.get_cipher_bits() or 0)

    def version(self) -> str | None:
        if self._conn is None or not self.handshake_complete:
            return None
        return self._conn.get_protocol_version_name()

    def verify_peer(self, now: dt.datetime) -> TlsInfo:
        """EVCC: the SECC certificate profile on the chain OpenSSL verified
        (:func:`tls.validate.validate_secc_chain`: DC=CPO, key usage, basic constraints, validity,
        path length), then the stapled OCSP status. Raises
        :class:`TlsError` naming the rule; returns :attr:`info`."""
        info = self.info
        if self.context.server:
            return info
        if self.context.check_profile:
            certs = [x509.load_der_x509_certificate(d) for d in info.peer_chain]
            if not certs:
                raise TlsError("the SECC sent no certificate")
            try:
                validate_secc_chain(certs[0], certs[1:], self.context.roots, now=now,
                                    policy=ValidationPolicy(self.profile))
            except TlsPackageError as exc:
                raise TlsError(f"SECC certificate refused: {exc}") from exc
        if self.stapled is not None:
            certs = [x509.load_der_x509_certificate(d) for d in info.peer_chain]
            candidates = [*certs[1:], *self.context.roots]
            issuer = next((c for c in candidates if c.subject == certs[0].issuer), None)
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

    # ------------------------------------------------------------------------------ internals

    def _step(self) -> None:
        conn = self._conn
        assert conn is not None
        if not self.handshake_complete:
            try:
                conn.do_handshake()
            except SSL.WantReadError:
                return
            except SSL.Error as exc:
                if self._choice_error is not None:
                    raise TlsError(f"vehicle certificate selection failed: {self._choice_error}") from exc
                raise TlsError(_reason(exc)) from exc
            self.handshake_complete = True
        while True:
            try:
                chunk = conn.recv(_READ)
            except SSL.WantReadError:
                return
            except SSL.ZeroReturnError:
                self.peer_closed = True
                return
            except SSL.Error as exc:
                raise TlsError(_reason(exc)) from exc
            if not chunk:
                return
            self._plain += chunk


    def _choose_vehicle(self) -> bool:
        """In OpenSSL's certificate callback, after the SECC's CertificateRequest: present the
        vehicle chain under a root it names [V2G20-2401], else the first one (said in
        :attr:`own_choice`). Never raises (a C callback): a failure is kept and fails the handshake."""
        conn = self._conn
        assert conn is not None
        try:
            names = [name.der() for name in conn.get_client_ca_list()]
            chain, named = self.context.pick_vehicle(names)
            if chain.context is not conn.get_context():
                conn.set_context(chain.context)
            how = "named by the SECC" if named else "fallback: the SECC named none of its roots"
            self.own_choice = f"{subject_of(chain.leaf)} ({how})"
            return True
        except Exception as exc:  # noqa: BLE001 - nothing may escape a C callback; the handshake fails with it
            self._choice_error = f"{type(exc).__name__}: {exc}"
            return False


def _reason(exc: SSL.Error) -> str:
    """OpenSSL's error queue as one line: ``ssl handshake failure: no shared cipher``."""
    parts = []
    for item in exc.args[0] if exc.args and isinstance(exc.args[0], list) else []:
        if isinstance(item, tuple) and len(item) == 3:
            parts.append(str(item[2]))
    return "TLS: " + ("; ".join(parts) if parts else (str(exc) or type(exc).__name__))
