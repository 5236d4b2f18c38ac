"""The first stage of every accepted connection: wait for its first byte without reading it.

A :class:`Gate` is the protocol asyncio gives an accepted socket. It stops the transport reading at
once and watches a duplicate of the socket's descriptor for readability instead, so that the first
bytes stay in the kernel: a plain connection is then handed to its session protocol
(``transport.set_protocol``), a TLS connection to ``loop.start_tls``, which reads the ClientHello
itself. Until then a connection costs a socket, this object and one timer: asyncio's TLS protocol,
with its 256 KiB buffer, exists only for clients that have sent something.

Python 3.11's ``loop.add_reader`` refuses a descriptor owned by a transport; the duplicate is a
descriptor of its own for the same socket, and is closed whatever happens.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable
from typing import cast

from v2g.errors import V2GError


class HelloTimeoutError(V2GError):
    """An accepted connection sent nothing (TLS: no ClientHello) within the first-byte deadline."""


class SilentEvictedError(V2GError):
    """A connection that had sent nothing yet was dropped to make room for a newer one (the budget of
    silent connections was full)."""


class Gate(asyncio.Protocol):
    """Holds one accepted connection until it is readable; ``on_ready(gate)`` then takes it over.

    ``on_admit(gate)`` decides at accept (False: aborted at once); ``on_gone(gate, error)`` is told when
    the connection ends before it was taken over (``error``: a HelloTimeoutError, or None when the
    peer closed or the server aborted it).
    """

    def __init__(
        self,
        timeout: float,
        on_admit: Callable[[Gate], bool],
        on_ready: Callable[[Gate], None],
        on_gone: Callable[[Gate, BaseException | None], None],
    ) -> None:
        self._timeout = timeout
        self._on_admit = on_admit
        self._on_ready = on_ready
        self._on_gone = on_gone
        self._loop = asyncio.get_running_loop()
        self.transport: asyncio.Transport | None = None
        self.peer: tuple[str, int] | None = None
        self.accepted_at = 0.0
        self._fd = -1
        self._timer: asyncio.TimerHandle | None = None
        self._waiting = False

    @property
    def address(self) -> str:
        return self.peer[0] if self.peer else "?"

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop: same interface, no subclass
        name = transport.get_extra_info("peername")
        self.peer = (name[0], name[1]) if name else None
        self.accepted_at = self._loop.time()
        if not self._on_admit(self):
            self.transport.abort()
            return
        self.transport.pause_reading()  # the first bytes stay in the kernel until we know who reads them
        sock = transport.get_extra_info("socket")
        try:
            self._fd = os.dup(sock.fileno())
            self._loop.add_reader(self._fd, self._readable)
        except (OSError, AttributeError) as exc:  # out of descriptors: this connection only
            self._release()
            self._on_gone(self, exc)
            self.transport.abort()
            return
        self._waiting = True
        self._timer = self._loop.call_later(self._timeout, self._expired)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._waiting:  # the transport failed before the first byte
            self._release()
            self._on_gone(self, None)

    def abort(self, error: BaseException | None = None) -> None:
        """Drop the connection while it waits (server shutdown, eviction); ``on_gone`` hears of it
        at once, with ``error``."""
        if self._waiting and self.transport is not None:
            self._release()  # no readiness callback can hand it over any more
            self._on_gone(self, error)
            self.transport.abort()

    def _readable(self) -> None:
        # data, a FIN or an RST: whoever takes over reads it (an empty TLS handshake fails at once)
        self._release()
        self._on_ready(self)

    def _expired(self) -> None:
        self._timer = None
        if not self._waiting:
            return
        self._release()
        self._on_gone(self, HelloTimeoutError(f"no first byte within {self._timeout} s"))
        if self.transport is not None:
            self.transport.abort()

    def _release(self) -> None:
        self._waiting = False
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._fd >= 0:
            with contextlib.suppress(OSError, ValueError):
                self._loop.remove_reader(self._fd)
            os.close(self._fd)
            self._fd = -1


class Handoff(asyncio.Protocol):
    """The application protocol of a TLS handshake started with ``loop.start_tls``, until the session
    protocol takes over: keeps what arrives in between (the client's first message may come with its
    Finished) and hands it on in order."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.eof = False
        self.lost = False

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)

    def eof_received(self) -> bool:
        self.eof = True
        return True  # keep the transport open until the session protocol has seen the data

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True

    def hand_over(self, transport: asyncio.BaseTransport, protocol: asyncio.Protocol) -> None:
        """``start_tls`` calls no ``connection_made``: the session protocol gets it here, then the data."""
        transport.set_protocol(protocol)
        protocol.connection_made(transport)
        for chunk in self.chunks:
            protocol.data_received(chunk)
        self.chunks.clear()
        if self.eof and not protocol.eof_received():
            transport.close()
