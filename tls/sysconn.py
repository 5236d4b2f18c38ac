"""The ISO 15118-20 EVCC's second TLS path: the system libssl 3 through ctypes (:mod:`tls._sysssl`),
because only there can the client send ``certificate_authorities`` listing its V2G roots
([V2G20-2369/2370]; ``SSL_CTX_set0_CA_list``, which the OpenSSL bundled with ``cryptography`` does not
offer). Everything else is as on the pyOpenSSL path (:mod:`tls.context`): TLS 1.3 only, the two -20
suites, secp521r1 then x448, ecdsa_secp521r1_sha512 then ed448, ``status_request``, the SECC chain
verified against the V2G roots, the vehicle chain (one ``SSL_CTX`` per chain, the SECC's
CertificateRequest picks), the NSS key log.

:class:`SystemClientContext` holds the ``SSL_CTX`` objects (built once, with the pyOpenSSL context,
by :func:`tls.context.iso20_client_context`); :class:`SystemTlsConnection` is one connection on
memory BIOs with the surface of :class:`tls._side.BaseTlsConnection`. Sans-IO: no socket, no clock.
:func:`client_context` answers None (and why) when the library cannot be loaded: the caller then
keeps the pyOpenSSL path, and its :class:`tls._side.TlsInfo` says the extension was not sent.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509

from tls import _sysssl
from tls._side import BaseTlsConnection, TlsError
from tls.config import Credentials
from tls.errors import ContextError
from tls.keylog import append_line as append_keylog_line

if TYPE_CHECKING:
    from tls.context import TlsContext

_log = logging.getLogger(__name__)
_READ = 1 << 16
_WANT = (_sysssl.SSL_ERROR_WANT_READ, _sysssl.SSL_ERROR_WANT_WRITE)


class SystemClientContext:
    """The -20 EVCC's ``SSL_CTX`` objects in the system libssl, one per vehicle chain (in the order
    of :attr:`tls.context.TlsContext.chains`), alike but for the certificate. Freed with the object
    (connections hold their own reference on the one they use)."""

    def __init__(self, lib: _sysssl.SysSsl, *, roots: Sequence[Path], anchors: Sequence[x509.Certificate],
                 vehicle: Sequence[Credentials], suites: str, groups: str, sigalgs: str,
                 keylog: Path | None) -> None:
        self.lib = lib
        self.ctxs: list[int] = []
        self._keylog = _sysssl.KEYLOG_CALLBACK(_keylog_writer(keylog)) if keylog is not None else None
        try:
            for creds in vehicle:
                self._build(roots, anchors, creds, suites, groups, sigalgs)
        except BaseException:
            self.close()
            raise

    def _build(self, roots: Sequence[Path], anchors: Sequence[x509.Certificate], creds: Credentials,
               suites: str, groups: str, sigalgs: str) -> None:
        """One more ``SSL_CTX`` in :attr:`ctxs` (there already, for close(), should a step fail)."""
        lib = self.lib
        lib.ERR_clear_error()
        ctx = lib.SSL_CTX_new(lib.TLS_client_method())
        if not ctx:
            raise ContextError(f"SSL_CTX_new: {self._why()}")
        self.ctxs.append(ctx)
        ok = all((
            lib.SSL_CTX_ctrl(ctx, _sysssl.SSL_CTRL_SET_MIN_PROTO_VERSION, _sysssl.TLS1_3_VERSION, None),
            lib.SSL_CTX_ctrl(ctx, _sysssl.SSL_CTRL_SET_MAX_PROTO_VERSION, _sysssl.TLS1_3_VERSION, None),
        ))
        lib.SSL_CTX_set_options(ctx, _sysssl.SSL_OP_NO_COMPRESSION | _sysssl.SSL_OP_NO_RENEGOTIATION
                                | _sysssl.SSL_OP_NO_TICKET)
        self._check(ok, "TLS 1.3 only")
        ok = lib.SSL_CTX_set_ciphersuites(ctx, suites.encode())  # Table 6, [V2G20-1638]
        self._check(ok, f"cipher suites {suites!r}")
        self._ctrl_str(ctx, _sysssl.SSL_CTRL_SET_GROUPS_LIST, groups, "key exchange groups")  # [V2G20-1637]
        self._ctrl_str(ctx, _sysssl.SSL_CTRL_SET_SIGALGS_LIST, sigalgs, "signature algorithms")  # Table 8
        for root in roots:
            self._check(lib.SSL_CTX_load_verify_locations(ctx, str(root).encode(), None),
                        f"trust anchors {root}")
        lib.SSL_CTX_set_verify(ctx, _sysssl.SSL_VERIFY_PEER, None)
        # [V2G20-2369/2370] certificate_authorities: the DER subject names of the EVCC's V2G roots
        try:
            names = lib.name_stack([a.subject.public_bytes() for a in anchors])
        except ValueError as exc:
            raise ContextError(f"system libssl refused a V2G root's name: {exc}") from exc
        lib.SSL_CTX_set0_CA_list(ctx, names)  # the context owns the list now
        # [V2G20-2372] status_request (OCSP); the response is read after the handshake
        status = lib.SSL_CTX_ctrl(ctx, _sysssl.SSL_CTRL_SET_TLSEXT_STATUS_REQ_TYPE,
                                  _sysssl.TLSEXT_STATUSTYPE_ocsp, None)
        self._check(status, "status_request")
        if self._keylog is not None:
            lib.SSL_CTX_set_keylog_callback(ctx, self._keylog)
        self._credentials(ctx, creds)

    def _credentials(self, ctx: int, creds: Credentials) -> None:
        lib = self.lib
        password = ctypes.create_string_buffer(creds.password) if creds.password is not None else None
        lib.SSL_CTX_set_default_passwd_cb_userdata(ctx, password)  # the default callback reads it
        try:
            pem = _sysssl.SSL_FILETYPE_PEM
            ok = (lib.SSL_CTX_use_certificate_chain_file(ctx, str(creds.chain).encode()) == 1
                  and lib.SSL_CTX_use_PrivateKey_file(ctx, str(creds.key).encode(), pem) == 1
                  and lib.SSL_CTX_check_private_key(ctx) == 1)
        finally:
            lib.SSL_CTX_set_default_passwd_cb_userdata(ctx, None)
        self._check(ok, f"certificate chain {creds.chain} / key {creds.key}")

    def _ctrl_str(self, ctx: int, command: int, value: str, what: str) -> None:
        text = ctypes.create_string_buffer(value.encode())
        self._check(self.lib.SSL_CTX_ctrl(ctx, command, 0, text) == 1, f"{what} {value!r}")

    def _check(self, ok: object, what: str) -> None:
        if not ok:
            raise ContextError(f"system libssl refused {what}: {self._why()}")

    def _why(self) -> str:
        return "; ".join(self.lib.errors()) or "no reason given"

    def close(self) -> None:
        """Free the ``SSL_CTX`` objects (connections still open keep theirs alive)."""
        while self.ctxs:
            self.lib.SSL_CTX_free(self.ctxs.pop())

    def __del__(self) -> None:
        self.close()


def _keylog_writer(path: Path) -> Callable[[int | None, bytes | None], None]:
    def write(ssl: int | None, line: bytes | None) -> None:
        if line is not None:
            append_keylog_line(path, line)

    return write


def client_context(*, roots: Sequence[Path], anchors: Sequence[x509.Certificate],
                   vehicle: Sequence[Credentials], suites: str, groups: str, sigalgs: str,
                   keylog: Path | None) -> tuple[SystemClientContext | None, str]:
    """The -20 EVCC's system contexts, or (None, why) when no usable system libssl is there (a
    warning is logged; the pyOpenSSL path stays, without ``certificate_authorities``). A library that
    loads but refuses the configuration raises :class:`tls.errors.ContextError`."""
    try:
        lib = _sysssl.library()
    except _sysssl.SystemSslUnavailable as exc:
        _log.warning("ISO 15118-20 EVCC on the pyOpenSSL path: certificate_authorities will not be sent "
                     "[V2G20-2369/2370] (%s)", exc)
        return None, str(exc)
    return SystemClientContext(lib, roots=roots, anchors=anchors, vehicle=vehicle, suites=suites,
                               groups=groups, sigalgs=sigalgs, keylog=keylog), ""


class SystemTlsConnection(BaseTlsConnection):
    """The -20 EVCC's connection on the system libssl, on memory BIOs."""

    def __init__(self, context: TlsContext) -> None:
        super().__init__(context)
        system = context.system
        if system is None or context.server:
            raise ValueError("SystemTlsConnection is for a client context holding a system libssl one")
        if not system.ctxs:
            raise TlsError("TLS: the system libssl context was closed")
        self._system = system
        lib = self._lib = system.lib
        self._ssl: int | None = None
        self._buf = ctypes.create_string_buffer(_READ)
        self._cert_callback = None
        lib.ERR_clear_error()
        ssl = lib.SSL_new(system.ctxs[0])
        if not ssl:
            raise TlsError(f"TLS: SSL_new: {'; '.join(lib.errors())}")
        self._ssl = ssl
        rbio, wbio = lib.BIO_new(lib.BIO_s_mem()), lib.BIO_new(lib.BIO_s_mem())
        if not rbio or not wbio:
            for bio in (rbio, wbio):
                if bio:
                    lib.BIO_free(bio)
            raise TlsError("TLS: BIO_new failed")
        lib.SSL_set_bio(ssl, rbio, wbio)  # the SSL owns both now
        self._rbio, self._wbio = rbio, wbio
        if len(system.ctxs) > 1:  # several vehicle chains: the CertificateRequest picks [V2G20-2401]
            self._cert_callback = _sysssl.CERT_CALLBACK(self._choose_vehicle)
            lib.SSL_set_cert_cb(ssl, self._cert_callback, None)
        lib.SSL_set_connect_state(ssl)
        self._step()

    def __del__(self) -> None:
        ssl, self._ssl = getattr(self, "_ssl", None), None
        if ssl:
            self._lib.SSL_free(ssl)

    # ------------------------------------------------------------------------------ bytes

    def receive_data(self, data: bytes) -> None:
        """TLS records from the SECC. Raises :class:`TlsError` when the connection failed."""
        data = bytes(data)
        if data and self._lib.BIO_write(self._rbio, data, len(data)) != len(data):
            raise TlsError("TLS: the memory BIO refused the records")
        self._step()

    def data_to_send(self) -> bytes:
        """TLS records for the SECC."""
        pending = int(self._lib.BIO_ctrl_pending(self._wbio))
        out = b""
        while pending > 0:
            got = self._lib.BIO_read(self._wbio, self._buf, min(pending, _READ))
            if got <= 0:
                break
            out += ctypes.string_at(self._buf, got)
            pending -= got
        return out

    def send(self, data: bytes) -> None:
        """Encrypt application bytes (after the handshake)."""
        if not self.handshake_complete:
            raise TlsError("send before the handshake completed")
        if not data:
            return
        data = bytes(data)
        self._lib.ERR_clear_error()
        written = self._lib.SSL_write(self._ssl, data, len(data))
        if written != len(data):
            raise TlsError(self._reason(written))

    def close(self) -> None:
        """Queue close_notify."""
        if self.handshake_complete and self._ssl:
            self._lib.SSL_shutdown(self._ssl)
            self._lib.ERR_clear_error()  # already shut down: nothing more to say

    # ------------------------------------------------------------------------------ results

    def _negotiated(self) -> tuple[str, str, str, tuple[bytes, ...]]:
        lib, ssl = self._lib, self._ssl
        version = self.version() or "?"
        cipher = self.cipher()
        nid = int(lib.SSL_ctrl(ssl, _sysssl.SSL_CTRL_GET_NEGOTIATED_GROUP, 0, None))
        group = lib.SSL_group_to_name(ssl, nid) if nid > 0 else None
        chain = lib.der_items(lib.SSL_get_peer_cert_chain(ssl), lib.i2d_X509)  # the client's: leaf first
        return version, cipher[0] if cipher else "?", group.decode() if group else "?", tuple(chain)

    def cipher(self) -> tuple[str, str, int] | None:
        if not self.handshake_complete:
            return None
        current = self._lib.SSL_get_current_cipher(self._ssl)
        if not current:
            return None
        name = self._lib.SSL_CIPHER_get_name(current) or b"?"
        version = self._lib.SSL_CIPHER_get_version(current) or b"?"
        return name.decode(), version.decode(), int(self._lib.SSL_CIPHER_get_bits(current, None))

    def version(self) -> str | None:
        if not self.handshake_complete:
            return None
        name = self._lib.SSL_get_version(self._ssl)
        return name.decode() if name else None

    # ------------------------------------------------------------------------------ internals

    def _step(self) -> None:
        lib, ssl = self._lib, self._ssl
        if not self.handshake_complete:
            lib.ERR_clear_error()
            done = lib.SSL_do_handshake(ssl)
            if done != 1:
                if lib.SSL_get_error(ssl, done) in _WANT:
                    return
                raise self._failure(self._reason(done))
            self.handshake_complete = True
            self.stapled = self._stapled()
        lib.ERR_clear_error()  # SSL_get_error reads the queue: only this loop's errors in it
        while True:
            got = lib.SSL_read(ssl, self._buf, _READ)
            if got > 0:
                self._plain += ctypes.string_at(self._buf, got)
                continue
            code = lib.SSL_get_error(ssl, got)
            if code == _sysssl.SSL_ERROR_ZERO_RETURN:
                self.peer_closed = True
                return
            if code in _WANT:
                return
            raise TlsError(self._reason(got))

    def _stapled(self) -> bytes | None:
        """The OCSP response the SECC stapled, None when none (judged in :meth:`verify_peer`)."""
        data = ctypes.c_void_p()
        size = int(self._lib.SSL_ctrl(self._ssl, _sysssl.SSL_CTRL_GET_TLSEXT_STATUS_REQ_OCSP_RESP, 0,
                                      ctypes.byref(data)))
        return ctypes.string_at(data.value, size) if size > 0 and data.value else None

    def _reason(self, result: int) -> str:
        """OpenSSL's error queue as one line, as the pyOpenSSL path says it: ``TLS: no shared cipher``."""
        code = self._lib.SSL_get_error(self._ssl, result)
        parts = self._lib.errors()
        if parts:
            return "TLS: " + "; ".join(parts)
        if code == _sysssl.SSL_ERROR_SYSCALL:
            return "TLS: unexpected end of the connection"
        return f"TLS: SSL error {code}"

    def _choose_vehicle(self, ssl: int | None, arg: int | None) -> int:
        """OpenSSL's certificate callback, after the SECC's CertificateRequest: switch to the vehicle
        chain its CA names pick (:meth:`BaseTlsConnection._choose_vehicle_chain`). Never raises."""
        try:
            names = self._lib.der_items(self._lib.SSL_get0_peer_CA_list(ssl), self._lib.i2d_X509_NAME)
        except Exception as exc:  # noqa: BLE001 - nothing may escape a C callback; the handshake fails with it
            self._choice_error = f"{type(exc).__name__}: {exc}"
            return 0
        chain = self._choose_vehicle_chain(names)
        if chain is None:
            return 0
        index = next(i for i, c in enumerate(self.context.chains) if c is chain)
        if index and not self._lib.SSL_set_SSL_CTX(ssl, self._system.ctxs[index]):
            self._choice_error = f"SSL_set_SSL_CTX: {'; '.join(self._lib.errors())}"
            return 0
        return 1
