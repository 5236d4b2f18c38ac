"""ctypes bindings to the system's OpenSSL 3 ``libssl.so.3`` (the one Python's ``ssl`` module links on
Debian): the few calls the ISO 15118-20 EVCC needs that the OpenSSL bundled with ``cryptography`` does
not offer to Python, above all ``SSL_CTX_set0_CA_list``, which makes the client send the
``certificate_authorities`` extension ([V2G20-2369/2370]).

Standard library only: no headers, no compiler. Every function used is declared below with its
result and argument types (:data:`_PROTOTYPES`); the numeric ``SSL_CTRL_*`` and option constants are
those of OpenSSL 3.0's ``include/openssl/ssl.h`` / ``tls1.h`` (cited at each). Objects of this library
are never mixed with those of the bundled one (pyOpenSSL): a connection lives wholly in one of them.

:func:`library` loads it once; it raises :class:`SystemSslUnavailable` when no libssl 3 can be
loaded or a symbol is missing, and the caller falls back to the pyOpenSSL path (:mod:`tls.sysconn`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable
from typing import Any

from tls.errors import TlsPackageError

# include/openssl/ssl.h (OpenSSL 3.0)
SSL_CTRL_SET_TLSEXT_STATUS_REQ_TYPE = 65
SSL_CTRL_GET_TLSEXT_STATUS_REQ_OCSP_RESP = 70
SSL_CTRL_SET_GROUPS_LIST = 92  # SSL_CTX_set1_groups_list
SSL_CTRL_SET_SIGALGS_LIST = 98  # SSL_CTX_set1_sigalgs_list
SSL_CTRL_SET_MIN_PROTO_VERSION = 123
SSL_CTRL_SET_MAX_PROTO_VERSION = 124
SSL_CTRL_GET_NEGOTIATED_GROUP = 134
SSL_OP_NO_TICKET = 1 << 14  # SSL_OP_BIT(14)
SSL_OP_NO_COMPRESSION = 1 << 17  # SSL_OP_BIT(17)
SSL_OP_NO_RENEGOTIATION = 1 << 30  # SSL_OP_BIT(30)
SSL_VERIFY_PEER = 0x01
SSL_FILETYPE_PEM = 1  # X509_FILETYPE_PEM
SSL_ERROR_SSL = 1
SSL_ERROR_WANT_READ = 2
SSL_ERROR_WANT_WRITE = 3
SSL_ERROR_SYSCALL = 5
SSL_ERROR_ZERO_RETURN = 6
# include/openssl/tls1.h, prov_ssl.h
TLSEXT_STATUSTYPE_ocsp = 1
TLS1_3_VERSION = 0x0304

MIN_VERSION = 0x30000000
"""OpenSSL 3.0.0 (``OpenSSL_version_num``): the constants above are those of 3.0."""

P = ctypes.c_void_p
KEYLOG_CALLBACK = ctypes.CFUNCTYPE(None, P, ctypes.c_char_p)
"""``void (*)(const SSL *ssl, const char *line)`` (SSL_CTX_set_keylog_callback)."""
CERT_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, P, P)
"""``int (*)(SSL *ssl, void *arg)`` (SSL_set_cert_cb)."""
_BUF = ctypes.POINTER(ctypes.c_char)
_INT, _LONG = ctypes.c_int, ctypes.c_long

_PROTOTYPES: dict[str, tuple[Any, tuple[Any, ...]]] = {
    # name: (restype, argtypes)
    "OpenSSL_version_num": (ctypes.c_ulong, ()),
    "TLS_client_method": (P, ()),
    "SSL_CTX_new": (P, (P,)),
    "SSL_CTX_free": (None, (P,)),
    "SSL_CTX_ctrl": (_LONG, (P, _INT, _LONG, P)),
    "SSL_CTX_set_options": (ctypes.c_uint64, (P, ctypes.c_uint64)),
    "SSL_CTX_set_ciphersuites": (_INT, (P, ctypes.c_char_p)),
    "SSL_CTX_use_certificate_chain_file": (_INT, (P, ctypes.c_char_p)),
    "SSL_CTX_use_PrivateKey_file": (_INT, (P, ctypes.c_char_p, _INT)),
    "SSL_CTX_set_default_passwd_cb_userdata": (None, (P, P)),
    "SSL_CTX_check_private_key": (_INT, (P,)),
    "SSL_CTX_load_verify_locations": (_INT, (P, ctypes.c_char_p, ctypes.c_char_p)),
    "SSL_CTX_set_verify": (None, (P, _INT, P)),
    "SSL_CTX_set0_CA_list": (None, (P, P)),
    "SSL_CTX_set_keylog_callback": (None, (P, KEYLOG_CALLBACK)),
    "SSL_new": (P, (P,)),
    "SSL_free": (None, (P,)),
    "SSL_set_bio": (None, (P, P, P)),
    "SSL_set_connect_state": (None, (P,)),
    "SSL_set_cert_cb": (None, (P, CERT_CALLBACK, P)),
    "SSL_set_SSL_CTX": (P, (P, P)),
    "SSL_do_handshake": (_INT, (P,)),
    "SSL_read": (_INT, (P, _BUF, _INT)),
    "SSL_write": (_INT, (P, ctypes.c_char_p, _INT)),
    "SSL_get_error": (_INT, (P, _INT)),
    "SSL_shutdown": (_INT, (P,)),
    "SSL_ctrl": (_LONG, (P, _INT, _LONG, P)),
    "SSL_get_version": (ctypes.c_char_p, (P,)),
    "SSL_get_current_cipher": (P, (P,)),
    "SSL_CIPHER_get_name": (ctypes.c_char_p, (P,)),
    "SSL_CIPHER_get_version": (ctypes.c_char_p, (P,)),
    "SSL_CIPHER_get_bits": (_INT, (P, P)),
    "SSL_group_to_name": (ctypes.c_char_p, (P, _INT)),
    "SSL_get_peer_cert_chain": (P, (P,)),
    "SSL_get0_peer_CA_list": (P, (P,)),
    # libcrypto (reached through libssl's handle: its dependency)
    "BIO_s_mem": (P, ()),
    "BIO_new": (P, (P,)),
    "BIO_free": (_INT, (P,)),
    "BIO_read": (_INT, (P, _BUF, _INT)),
    "BIO_write": (_INT, (P, ctypes.c_char_p, _INT)),
    "BIO_ctrl_pending": (ctypes.c_size_t, (P,)),
    "ERR_get_error": (ctypes.c_ulong, ()),
    "ERR_clear_error": (None, ()),
    "ERR_reason_error_string": (ctypes.c_char_p, (ctypes.c_ulong,)),
    "ERR_error_string_n": (None, (ctypes.c_ulong, _BUF, ctypes.c_size_t)),
    "OPENSSL_sk_new_null": (P, ()),
    "OPENSSL_sk_push": (_INT, (P, P)),
    "OPENSSL_sk_num": (_INT, (P,)),
    "OPENSSL_sk_value": (P, (P, _INT)),
    "OPENSSL_sk_pop_free": (None, (P, P)),
    "i2d_X509": (_INT, (P, P)),
    "i2d_X509_NAME": (_INT, (P, P)),
    "d2i_X509_NAME": (P, (P, P, _LONG)),
    "X509_NAME_free": (None, (P,)),
}


class SystemSslUnavailable(TlsPackageError):
    """No usable system libssl 3: not found, too old, or a symbol missing."""


class SysSsl:
    """The loaded library: ``lib.SSL_new(ctx)`` and so on, each function with its prototype set."""

    def __init__(self, cdll: ctypes.CDLL, name: str) -> None:
        self.name = name
        self._functions: dict[str, Any] = {}
        for symbol, (restype, argtypes) in _PROTOTYPES.items():
            try:
                function = getattr(cdll, symbol)
            except AttributeError:
                raise SystemSslUnavailable(f"{name} lacks {symbol}") from None
            function.restype = restype
            function.argtypes = argtypes
            self._functions[symbol] = function
            setattr(self, symbol, function)  # found by plain attribute lookup, not __getattr__
        version = int(self.OpenSSL_version_num())
        if version < MIN_VERSION:
            raise SystemSslUnavailable(f"{name} is OpenSSL {version:#x}, 3.0 or later is needed")
        self.version = version

    def __getattr__(self, symbol: str) -> Any:
        """Only for symbols not bound (and for the type checker: every bound one is an instance
        attribute)."""
        raise AttributeError(f"{symbol} is not among the bound libssl functions")

    # ------------------------------------------------------------------------------ helpers

    def errors(self) -> list[str]:
        """OpenSSL's error queue, emptied: the reason of each entry, oldest first."""
        out = []
        while code := int(self.ERR_get_error()):
            reason = self.ERR_reason_error_string(code)
            if reason:
                out.append(reason.decode(errors="replace"))
            else:
                buf = ctypes.create_string_buffer(256)
                self.ERR_error_string_n(code, buf, len(buf))
                out.append(buf.value.decode(errors="replace"))
        return out

    def der_items(self, stack: int | None, i2d: Callable[..., int]) -> list[bytes]:
        """The DER encoding of each object of an OpenSSL stack (``i2d_X509``, ``i2d_X509_NAME``)."""
        out = []
        for index in range(int(self.OPENSSL_sk_num(stack)) if stack else 0):
            item = self.OPENSSL_sk_value(stack, index)
            size = int(i2d(item, None))
            if size <= 0:
                continue
            buf = ctypes.create_string_buffer(size)
            cursor = P(ctypes.addressof(buf))  # i2d writes at *cursor and moves it on
            i2d(item, ctypes.byref(cursor))
            out.append(buf.raw[:size])
        return out

    def name_stack(self, names: list[bytes]) -> int:
        """A new ``STACK_OF(X509_NAME)`` of DER-encoded names (the caller owns it)."""
        stack = self.OPENSSL_sk_new_null()
        if not stack:
            raise MemoryError("OPENSSL_sk_new_null")
        for der in names:
            data = ctypes.create_string_buffer(der, len(der))
            cursor = P(ctypes.addressof(data))
            name = self.d2i_X509_NAME(None, ctypes.byref(cursor), len(der))
            if not name or not self.OPENSSL_sk_push(stack, name):
                if name:
                    self.X509_NAME_free(name)
                self.free_name_stack(stack)
                raise ValueError(f"not a DER name: {der.hex()} ({'; '.join(self.errors())})")
        return int(stack)

    def free_name_stack(self, stack: int) -> None:
        self.OPENSSL_sk_pop_free(stack, ctypes.cast(self._functions["X509_NAME_free"], P))


def _candidates() -> tuple[str, ...]:
    """File names to try, the one the dynamic linker finds first."""
    found = ctypes.util.find_library("ssl")
    return tuple(dict.fromkeys(n for n in (found, "libssl.so.3") if n))


@functools.cache
def library() -> SysSsl:
    """The system libssl (loaded once). Raises :class:`SystemSslUnavailable`."""
    reasons = []
    for name in _candidates():
        try:
            return SysSsl(ctypes.CDLL(name), name)
        except OSError as exc:
            reasons.append(f"cannot load {exc}" if name in str(exc) else f"cannot load {name}: {exc}")
        except SystemSslUnavailable as exc:
            reasons.append(str(exc))
    raise SystemSslUnavailable("; ".join(reasons) or "no libssl found")
