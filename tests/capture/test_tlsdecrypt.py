"""TLS decryption with key logs: the tux-evse TLS 1.3 capture, and TLS 1.2 / 1.3 sessions made here
(OpenSSL through ssl.MemoryBIO, no sockets) carrying real V2G messages, written with PcapngWriter."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.capture import _frames as f
from tests.capture._provenance import CAPTURES
from v2g.capture.dissect import CapturedMessage, dissect, sessions
from v2g.capture.packets import TcpSegment, decode_frame
from v2g.capture.pcap import PcapngWriter, read_capture
from v2g.capture.tcp import Direction, EncryptedData, TcpReassembler, V2gtpDeframer
from v2g.capture.tlsdecrypt import TlsConnectionDecryptor, parse_keylog

TUX = CAPTURES / "tux-evse_binding"
HELLO = [b"toto\n", b"titi\n", b"tata\n"]  # PROVENANCE: the application data of the hello tests


def test_tls13_capture_with_separate_keylog() -> None:
    keylog = (TUX / "hello-tls-1.3.keylog").read_text()
    d = dissect(TUX / "hello-tls-1.3.pcapng", keylog)
    assert [r.data for r in d.decrypted] == HELLO
    assert all(r.direction is Direction.EV_TO_EVSE for r in d.decrypted)
    (report,) = [c.tls for c in d.connections if c.tls is not None]
    assert report.version == 0x0304 and report.problems == ()


def test_tls13_capture_with_embedded_secrets_block() -> None:
    d = dissect(TUX / "hello-tls-with-secrets.pcapng")
    assert [r.data for r in d.decrypted] == HELLO


def test_without_keylog_tls_stays_encrypted_and_names_the_missing_secret() -> None:
    d = dissect(TUX / "hello-tls-1.3.pcapng")
    assert d.decrypted == ()
    (report,) = [c.tls for c in d.connections if c.tls is not None]
    assert report.decrypted_records == 0 and not report.keylog and report.version == 0x0304
    (problem,) = report.problems
    assert problem.startswith("key log has no CLIENT_HANDSHAKE_TRAFFIC_SECRET for client random ")
    assert len(problem.rsplit(" ", 1)[1]) == 64  # the whole client random, to look up in a key log
    assert any(c.encrypted and c.encrypted_bytes > 0 for c in d.connections)


def test_a_wrong_keylog_is_reported_not_raised() -> None:
    keylog = (TUX / "hello-tls-1.3.keylog").read_text()
    wrong = "\n".join(
        f"{label} {random} {'00' * (len(secret) // 2)}"
        for label, random, secret in map(str.split, keylog.splitlines())
    )
    d = dissect(TUX / "hello-tls-1.3.pcapng", wrong)
    assert d.decrypted == ()
    (report,) = [c.tls for c in d.connections if c.tls is not None]
    assert report.problems and "cannot decrypt" in report.problems[0]


def test_garbage_in_a_tls_stream_is_a_problem() -> None:
    decryptor = TlsConnectionDecryptor(parse_keylog(""))
    assert decryptor.feed(True, b"\x16\x03\x01\x00\x05hello") != []
    assert decryptor.feed(True, b"\x99\x99\x99\x99\x99") == []
    assert decryptor.problems and not decryptor.ok


# --- sessions made here -------------------------------------------------------------------------


@functools.cache
def _certificate(tmp: str) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "secc")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = Path(tmp) / "secc.pem", Path(tmp) / "secc.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return str(cert_path), str(key_path)


def _real_messages() -> list[CapturedMessage]:
    (session,) = sessions(
        CAPTURES / "EVerest_logfiles/BMW/iX_fw_11_2022.64/2023-03-30T06_36_03.571Z_"
        "car_stops_soc_too_close_to_target/ethernet-traffic.dump"
    )
    return list(session.messages)


def _tls_capture(tmp_path: Path, version: str, cipher: str | None, no_etm: bool) -> tuple[bytes, str]:
    cert, key = _certificate(str(tmp_path))
    keylog = tmp_path / "keys.log"
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client.check_hostname = False
    client.verify_mode = ssl.CERT_NONE
    client.keylog_filename = str(keylog)
    for ctx in (server, client):
        ctx.minimum_version = ctx.maximum_version = getattr(ssl.TLSVersion, version)
        if cipher and version == "TLSv1_2":
            ctx.set_ciphers(cipher)
        if no_etm:
            ctx.options |= 0x00080000  # SSL_OP_NO_ENCRYPT_THEN_MAC
    c_in, c_out, s_in, s_out = ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO()
    c = client.wrap_bio(c_in, c_out, server_side=False)
    s = server.wrap_bio(s_in, s_out, server_side=True)
    wire: list[tuple[bool, bytes]] = []

    def pump() -> None:
        while True:
            moved = False
            if data := c_out.read():
                wire.append((True, data))
                s_in.write(data)
                moved = True
            if data := s_out.read():
                wire.append((False, data))
                c_in.write(data)
                moved = True
            if not moved:
                return

    for _ in range(10):
        for side in (c, s):
            with contextlib.suppress(ssl.SSLWantReadError):
                side.do_handshake()
        pump()
    for m in _real_messages():
        sender, receiver = (c, s) if m.direction is Direction.EV_TO_EVSE else (s, c)
        sender.write(m.v2gtp)
        pump()
        got = b""
        while len(got) < len(m.v2gtp):
            got += receiver.read(65536)
        pump()
    out = io.BytesIO()
    with PcapngWriter(out) as w:
        w.write_secrets(keylog.read_text())
        seq = {True: 100, False: 900}
        w.write_packet(1.0, f.ev_to_evse_tcp(50000, 61000, seq[True] - 1, 0, f.SYN))
        w.write_packet(1.0, f.evse_to_ev_tcp(61000, 50000, seq[False] - 1, seq[True], f.SYN | f.ACK))
        for i, (from_client, data) in enumerate(wire):
            for start in range(0, len(data), 1000):  # MSS-sized segments
                chunk = data[start : start + 1000]
                build = f.ev_to_evse_tcp if from_client else f.evse_to_ev_tcp
                ports = (50000, 61000) if from_client else (61000, 50000)
                w.write_packet(
                    2.0 + i / 1000, build(*ports, seq[from_client], seq[not from_client], f.ACK, chunk)
                )
                seq[from_client] += len(chunk)
    return out.getvalue(), c.version() or ""


@pytest.mark.parametrize(
    ("version", "cipher", "no_etm", "suite"),
    [
        ("TLSv1_3", None, False, 0x1302),  # OpenSSL's first TLS 1.3 choice (not selectable from ssl)
        ("TLSv1_2", "ECDHE-ECDSA-AES128-GCM-SHA256", False, 0xC02B),
        ("TLSv1_2", "ECDHE-ECDSA-AES256-GCM-SHA384", False, 0xC02C),
        ("TLSv1_2", "ECDHE-ECDSA-AES128-SHA256", False, 0xC023),  # ISO 15118-2 [V2G2-601]
        ("TLSv1_2", "ECDHE-ECDSA-AES128-SHA256", True, 0xC023),  # MAC-then-encrypt
    ],
)
def test_v2g_over_tls_is_decrypted_and_decoded(
    tmp_path: Path, version: str, cipher: str | None, no_etm: bool, suite: int
) -> None:
    capture, negotiated = _tls_capture(tmp_path, version, cipher, no_etm)
    assert negotiated == version.replace("_", ".")
    d = dissect(capture)
    (report,) = [c for c in d.connections if c.tls is not None]
    assert report.encrypted and report.tls is not None
    assert report.tls.cipher_suite == suite and report.tls.problems == ()
    assert report.tls.version == (0x0304 if version == "TLSv1_3" else 0x0303)
    original = _real_messages()
    assert [(m.direction, m.raw) for m in d.messages] == [(m.direction, m.raw) for m in original]
    assert [m.name for m in d.messages] == [m.name for m in original]
    assert d.decode_errors == () and d.issues == ()
    (session,) = sessions(capture)
    assert (
        session.encrypted and session.namespace == "urn:iso:15118:2:2013:MsgDef" and session.schema == "iso2"
    )
    if suite == 0xC023:
        assert report.tls.encrypt_then_mac is not no_etm


def _tux_streams() -> list[tuple[bool, bytes]]:
    r, d = TcpReassembler(), V2gtpDeframer()
    chunks: list[tuple[bool, bytes]] = []
    for packet in read_capture(TUX / "hello-tls-1.3.pcapng").packets:
        seg = decode_frame(packet.linktype, packet.data)
        if isinstance(seg, TcpSegment):
            for event in r.add(seg, packet.timestamp_ns, packet.index):
                for out in d.feed(event):
                    if isinstance(out, EncryptedData):
                        chunks.append((out.direction is Direction.EV_TO_EVSE, out.data))
    return chunks


TUX_CHUNKS = _tux_streams()
TUX_SECRETS = parse_keylog((TUX / "hello-tls-1.3.keylog").read_text())


def test_the_tux_streams_decrypt_chunk_by_chunk() -> None:
    decryptor = TlsConnectionDecryptor(TUX_SECRETS)
    plain = [r.data for c, data in TUX_CHUNKS for r in decryptor.feed(c, data) if r.content_type == 23]
    assert plain == HELLO and decryptor.ok


@settings(max_examples=200, deadline=None)
@given(
    flips=st.lists(
        st.tuples(st.integers(0, len(TUX_CHUNKS) - 1), st.integers(0, 1500), st.integers(0, 255)),
        min_size=1,
        max_size=4,
    ),
)
def test_corrupted_tls_streams_are_problems_not_exceptions(flips: list[tuple[int, int, int]]) -> None:
    chunks = [bytearray(data) for _, data in TUX_CHUNKS]
    for which, pos, value in flips:
        if pos < len(chunks[which]):
            chunks[which][pos] = value
    decryptor = TlsConnectionDecryptor(TUX_SECRETS)
    records = []
    for (from_client, _), data in zip(TUX_CHUNKS, chunks, strict=True):
        records += decryptor.feed(from_client, bytes(data))
    plain = [r.data for r in records if r.content_type == 23 and r.decrypted]
    assert plain == HELLO[: len(plain)] or not decryptor.ok
