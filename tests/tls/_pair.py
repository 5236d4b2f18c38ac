"""Two TLS peers joined in memory (no sockets): ours (:func:`tls.conn.open_connection`; a -20 client
on either path, ``client_path``) or Python's ``ssl`` on memory BIOs as a foreign peer. The client
sends b"ping", the server answers b"pong"; both directions are recorded as a capture would."""

from __future__ import annotations

import dataclasses
import datetime as dt
import ssl

from tls.conn import BaseTlsConnection, SystemTlsConnection, TlsConnection, TlsError, open_connection
from tls.context import TlsContext

CLIENT_PATHS = ("system", "pyopenssl")
"""The -20 EVCC's two paths: the system libssl (certificate_authorities sent), pyOpenSSL."""


@dataclasses.dataclass
class Outcome:
    ok: bool = False
    error: BaseException | None = None
    version: str | None = None
    cipher: str | None = None
    data: bytes = b""


class SslPeer:
    """Python's ``ssl`` module on memory BIOs, with the interface of TlsConnection used here."""

    def __init__(self, ctx: ssl.SSLContext, *, server: bool) -> None:
        self._in, self._out = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.obj = ctx.wrap_bio(self._in, self._out, server_side=server)
        self.handshake_complete = False
        self._plain = b""
        self.receive_data(b"")

    def receive_data(self, data: bytes) -> None:
        self._in.write(data)
        try:
            if not self.handshake_complete:
                self.obj.do_handshake()
                self.handshake_complete = True
            while True:
                chunk = self.obj.read(65536)
                if not chunk:
                    break
                self._plain += chunk
        except (ssl.SSLWantReadError, ssl.SSLZeroReturnError):
            pass

    def data_to_send(self) -> bytes:
        return self._out.read()

    def send(self, data: bytes) -> None:
        self.obj.write(data)

    def read(self) -> bytes:
        out, self._plain = self._plain, b""
        return out

    def version(self) -> str | None:
        return self.obj.version()

    def cipher(self) -> tuple[str, str, int] | None:
        return self.obj.cipher()


Peer = BaseTlsConnection | SslPeer


def ours(ctx: TlsContext, path: str | None = None) -> BaseTlsConnection:
    """Our connection: the one :func:`open_connection` picks, or (a client) the path named."""
    if path == "system":
        assert ctx.system is not None, ctx.system_error
        return SystemTlsConnection(ctx)
    return TlsConnection(ctx) if path == "pyopenssl" else open_connection(ctx)


def peer(ctx: TlsContext | ssl.SSLContext, *, server: bool, path: str | None = None) -> Peer:
    return SslPeer(ctx, server=server) if isinstance(ctx, ssl.SSLContext) else ours(ctx, path)


@dataclasses.dataclass
class Run:
    server: Outcome
    client: Outcome
    c2s: bytes
    s2c: bytes
    server_peer: Peer
    client_peer: Peer


def run(
    server_ctx: TlsContext | ssl.SSLContext,
    client_ctx: TlsContext | ssl.SSLContext,
    now: dt.datetime | None = None,
    client_path: str | None = None,
) -> Run:
    now = now or dt.datetime.now(dt.timezone.utc)
    srv, cli = Outcome(), Outcome()
    s, c = peer(server_ctx, server=True), peer(client_ctx, server=False, path=client_path)
    c2s, s2c = bytearray(), bytearray()
    sent_ping = sent_pong = False
    for _ in range(12):
        out = c.data_to_send()
        c2s += out
        if out and srv.error is None:
            try:
                s.receive_data(out)
            except (TlsError, ssl.SSLError) as exc:
                srv.error = exc
        out = s.data_to_send()
        s2c += out
        if out and cli.error is None:
            try:
                c.receive_data(out)
            except (TlsError, ssl.SSLError) as exc:
                cli.error = exc
        if cli.error is None and c.handshake_complete and not sent_ping:
            try:
                if isinstance(c, BaseTlsConnection):
                    c.verify_peer(now)
                c.send(b"ping")
                sent_ping = True
            except TlsError as exc:
                cli.error = exc
        if srv.error is None and s.handshake_complete and not sent_pong:
            srv.data += s.read()
            if srv.data == b"ping":
                s.send(b"pong")
                sent_pong = True
        if sent_ping:
            cli.data += c.read()
    for side, out in ((s, srv), (c, cli)):
        if side.handshake_complete:
            out.version, cipher = side.version(), side.cipher()
            out.cipher = cipher[0] if cipher else None
    srv.ok = srv.error is None and sent_pong
    cli.ok = cli.error is None and cli.data == b"pong"
    return Run(srv, cli, bytes(c2s), bytes(s2c), s, c)
