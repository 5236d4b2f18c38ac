"""One side of a V2G TLS connection, sans-IO: TLS records in (:meth:`TlsConnection.receive_data`),
TLS records out (:meth:`TlsConnection.data_to_send`), application bytes in between. pyOpenSSL runs
OpenSSL on memory BIOs; nothing here touches a socket or the clock.

A server connection first collects the ClientHello, parses it (:mod:`tls.hello`) and only then picks
the chain (and with it the profile) by what the EV offers, and hands the same bytes to OpenSSL.
After the handshake, :meth:`TlsConnection.verify_peer` (``now`` passed in) applies what OpenSSL does
not: on the EVCC the SECC certificate profile and the stapled OCSP response.
:attr:`TlsConnection.info` says what was negotiated (:class:`TlsInfo`).

:func:`open_connection` is how connections are made: for the ISO 15118-20 EVCC it takes the second
path, :class:`tls.sysconn.SystemTlsConnection` on the system libssl, which sends
``certificate_authorities`` ([V2G20-2369/2370]); everything else (and that EVCC when the system
library cannot be loaded) runs here. Both have the surface of :class:`BaseTlsConnection`.
"""

from __future__ import annotations

import contextlib

from cryptography.hazmat.primitives.serialization import Encoding
from OpenSSL import SSL

from tls import _ossl, hello
from tls._side import CA_LIST_NOT_SENT, BaseTlsConnection, TlsError, TlsInfo
from tls.context import TlsContext
from tls.sysconn import SystemTlsConnection

__all__ = ["BaseTlsConnection", "SystemTlsConnection", "TlsConnection", "TlsError", "TlsInfo",
           "open_connection"]

_READ = 1 << 16


def open_connection(context: TlsContext) -> BaseTlsConnection:
    """A sans-IO connection for ``context``: the ISO 15118-20 EVCC on the system libssl when its
    context holds one (:attr:`tls.context.TlsContext.system`), every other on pyOpenSSL."""
    if context.system is not None and not context.server:
        return SystemTlsConnection(context)
    return TlsConnection(context)


class TlsConnection(BaseTlsConnection):
    """One TLS connection on memory BIOs (pyOpenSSL). ``context.server`` says which side."""

    def __init__(self, context: TlsContext) -> None:
        super().__init__(context)
        self.hello: hello.ClientHello | None = None
        self._pending = b""  # server: the first bytes, until the ClientHello is whole
        self._conn: SSL.Connection | None = None
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

    def _negotiated(self) -> tuple[str, str, str, tuple[bytes, ...]]:
        conn = self._conn
        assert conn is not None
        chain = list(conn.get_peer_cert_chain(as_cryptography=True) or [])
        if self.context.server:  # OpenSSL's server-side chain leaves the client's leaf out
            leaf = conn.get_peer_certificate(as_cryptography=True)
            chain = [leaf, *chain] if leaf is not None else []
        return (conn.get_protocol_version_name(), conn.get_cipher_name() or "?", conn.get_group_name() or "?",
                tuple(c.public_bytes(Encoding.DER) for c in chain))

    def _deviations(self) -> tuple[str, ...]:
        if self.context.server or self.profile != "iso20":
            return ()
        why = (f"system libssl unavailable: {self.context.system_error}" if self.context.system_error
               else "pyOpenSSL path")
        return (f"{CA_LIST_NOT_SENT} ({why})",)  # [V2G20-2369/2370]

    def cipher(self) -> tuple[str, str, int] | None:
        if self._conn is None or not self.handshake_complete:
            return None
        return (self._conn.get_cipher_name() or "?", self._conn.get_cipher_version() or "?",
                self._conn.get_cipher_bits() or 0)

    def version(self) -> str | None:
        if self._conn is None or not self.handshake_complete:
            return None
        return self._conn.get_protocol_version_name()

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
                raise self._failure(_reason(exc)) from exc
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
        """OpenSSL's certificate callback: switch to the vehicle chain the CertificateRequest's CA
        names pick (:meth:`BaseTlsConnection._choose_vehicle_chain`). Never raises."""
        conn = self._conn
        assert conn is not None
        chain = self._choose_vehicle_chain([name.der() for name in conn.get_client_ca_list()])
        if chain is None:
            return False
        if chain.context is not conn.get_context():
            conn.set_context(chain.context)
        return True


def _reason(exc: SSL.Error) -> str:
    """OpenSSL's error queue as one line: ``ssl handshake failure: no shared cipher``."""
    parts = []
    for item in exc.args[0] if exc.args and isinstance(exc.args[0], list) else []:
        if isinstance(item, tuple) and len(item) == 3:
            parts.append(str(item[2]))
    return "TLS: " + ("; ".join(parts) if parts else (str(exc) or type(exc).__name__))
