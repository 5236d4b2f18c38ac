"""The few OpenSSL calls pyOpenSSL has no method for, through the cffi bindings of the OpenSSL that
``cryptography`` bundles (the same library pyOpenSSL's objects live in; never mixed with another).

- signature algorithms list (``SSL_CTX_set1_sigalgs_list``): the ClientHello's signature_algorithms
  and the SECC's CertificateRequest ([V2G20-1666/1667]);
- groups list (``SSL_CTX_set1_curves_list``, an alias of set1_groups_list): the key exchange groups
  in order, x448 included ([V2G20-1637/1638]);
- a client ClientHello extension of our own (``SSL_CTX_add_client_custom_ext``): ``trusted_ca_keys``
  ([V2G2-651]), which OpenSSL does not implement;
- a connection's certificate callback (``SSL_set_cert_cb``): the EVCC picks its vehicle chain by the
  CA names of the SECC's CertificateRequest ([V2G20-2401]).

Not reachable here: ``SSL_CTX_set0_CA_list`` (the client's ``certificate_authorities`` extension) is not
bound, and OpenSSL refuses a custom extension of type 47 because it implements it itself
(``SSL_extension_supported(47) == 1``). The -20 EVCC therefore runs on the system libssl
(:mod:`tls._sysssl`, :mod:`tls.sysconn`); see docs/pki.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from OpenSSL import SSL
from OpenSSL._util import ffi, lib

from tls.errors import ContextError


def _raw(ctx: SSL.Context) -> Any:
    return ctx._context  # the SSL_CTX* pyOpenSSL holds


def set_sigalgs(ctx: SSL.Context, sigalgs: str) -> None:
    if lib.SSL_CTX_set1_sigalgs_list(_raw(ctx), sigalgs.encode()) != 1:
        raise ContextError(f"signature algorithms {sigalgs!r} not available")


def set_groups(ctx: SSL.Context, groups: str) -> None:
    if lib.SSL_CTX_set1_curves_list(_raw(ctx), groups.encode()) != 1:
        raise ContextError(f"key exchange groups {groups!r} not available")


def extension_supported(ext_type: int) -> bool:
    """Whether OpenSSL implements ``ext_type`` itself (then it cannot be added as a custom one)."""
    return bool(lib.SSL_extension_supported(ext_type))


class ClientExtension:
    """A fixed ClientHello extension body added to every ClientHello of a context. Keep the object
    alive as long as the context (it owns the body buffer and the callbacks)."""

    def __init__(self, ctx: SSL.Context, ext_type: int, body: bytes) -> None:
        if extension_supported(ext_type):
            raise ContextError(f"OpenSSL implements extension {ext_type} itself: it cannot be added")
        self._body = ffi.new("unsigned char[]", body)
        self._size = len(body)

        def add(ssl: Any, kind: int, out: Any, outlen: Any, alert: Any, arg: Any) -> int:
            out[0] = self._body
            outlen[0] = self._size
            return 1

        def free(ssl: Any, kind: int, out: Any, arg: Any) -> None:
            return None  # the body belongs to this object

        def parse(ssl: Any, kind: int, data: Any, size: int, alert: Any, arg: Any) -> int:
            return 1  # a server may answer with an empty extension: nothing to read

        self._callbacks = (
            ffi.callback("custom_ext_add_cb", add),
            ffi.callback("custom_ext_free_cb", free),
            ffi.callback("custom_ext_parse_cb", parse),
        )
        add_cb, free_cb, parse_cb = self._callbacks
        if lib.SSL_CTX_add_client_custom_ext(_raw(ctx), ext_type, add_cb, free_cb, ffi.NULL, parse_cb,
                                             ffi.NULL) != 1:
            raise ContextError(f"cannot add ClientHello extension {ext_type}")


class CertCallback:
    """A connection's certificate callback (``SSL_set_cert_cb``): on a client, OpenSSL calls it when
    the server's CertificateRequest has arrived (its CA names are then readable with
    ``Connection.get_client_ca_list``), before the client's Certificate is written; ``choose`` may
    switch the connection's certificate there and answers whether the handshake goes on (False: it
    fails). ``choose`` must not raise (an exception cannot cross the C callback). Keep this object
    alive as long as the connection: it owns the C callback."""

    def __init__(self, conn: SSL.Connection, choose: Callable[[], bool]) -> None:
        def call(ssl: Any, arg: Any) -> int:
            return 1 if choose() else 0

        self._callback = ffi.callback("int (*)(SSL *, void *)", call, error=0)
        lib.SSL_set_cert_cb(conn._ssl, self._callback, ffi.NULL)  # the SSL* pyOpenSSL holds
