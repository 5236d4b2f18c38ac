"""Our TLS connection on a blocking socket, against the ``openssl`` command-line tool (a peer nobody
here wrote): a one-connection server in a thread, and a client."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from _pair import ours

from tls.conn import BaseTlsConnection, TlsConnection, TlsError, TlsInfo
from tls.context import TlsContext

OPENSSL = shutil.which("openssl")
needs_openssl = pytest.mark.skipif(OPENSSL is None, reason="the openssl command is not installed")


@dataclasses.dataclass
class Result:
    info: TlsInfo | None = None
    error: BaseException | None = None
    reply: bytes = b""


def _drive(
    sock: socket.socket, conn: BaseTlsConnection, result: Result, *, client: bool, send: bytes = b""
) -> None:
    try:
        out = conn.data_to_send()
        if out:
            sock.sendall(out)
        while not conn.handshake_complete:
            data = sock.recv(65536)
            if not data:
                raise TlsError("peer closed during the handshake")
            conn.receive_data(data)
            out = conn.data_to_send()
            if out:
                sock.sendall(out)
        result.info = conn.verify_peer(dt.datetime.now(dt.timezone.utc)) if client else conn.info
        if send:  # and wait for the answer (TLS 1.3: a server refusing the client says so only now)
            conn.send(send)
            sock.sendall(conn.data_to_send())
            while not result.reply:
                data = sock.recv(65536)
                if not data:
                    raise TlsError("peer closed without an answer")
                conn.receive_data(data)
                result.reply = conn.read()
        conn.close()
        sock.sendall(conn.data_to_send())
    except (TlsError, OSError) as exc:
        result.error = exc


class Server:
    """Accepts one connection on 127.0.0.1 and runs the handshake with ``context``."""

    def __init__(self, context: TlsContext) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(20)
        self.port = self.sock.getsockname()[1]
        self.result = Result()
        self.thread = threading.Thread(target=self._serve, args=(context,))
        self.thread.start()

    def _serve(self, context: TlsContext) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError as exc:
            self.result.error = exc
            return
        finally:
            self.sock.close()
        with conn:
            conn.settimeout(20)
            _drive(conn, TlsConnection(context), self.result, client=False)

    def join(self) -> Result:
        self.thread.join(30)
        assert not self.thread.is_alive()
        return self.result


def s_client(port: int, *args: str) -> str:
    """``openssl s_client`` to our server; its whole output."""
    assert OPENSSL is not None
    done = subprocess.run(
        [OPENSSL, "s_client", "-connect", f"127.0.0.1:{port}", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return done.stdout + done.stderr


def client_against_s_server(
    context: TlsContext, *args: str, send: bytes = b"", path: str | None = None
) -> Result:
    """Our client against ``openssl s_server ARGS`` on a free port; ``send``: application bytes after
    the handshake, the first answer kept in ``Result.reply`` (with ``-rev``, s_server reverses lines);
    ``path``: a -20 client's path (``_pair.ours``)."""
    assert OPENSSL is not None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [OPENSSL, "s_server", "-accept", str(port), "-naccept", "1", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=20)
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise AssertionError("openssl s_server did not start")
        result = Result()
        with sock:
            _drive(sock, ours(context, path), result, client=True, send=send)
        return result
    finally:
        server.kill()
        server.wait(10)


def pem(*paths: Path) -> list[str]:
    return [str(p) for p in paths]
