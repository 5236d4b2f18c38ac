"""Value string-table hits (EXI 7.3) decode, although encoders here (like every V2G peer) never emit
them. The streams are written bit by bit from the grammar of supportedAppProtocolReq."""

from __future__ import annotations

import pytest

import exi
from exi._bits import BitWriter
from exi._values import write_unsigned

NS = "urn:din:70121:2012:MsgDef"


def _literal(w: BitWriter, s: str) -> None:
    write_unsigned(w, len(s) + 2)
    for ch in s:
        write_unsigned(w, ord(ch))


def _app_protocol(w: BitWriter, namespace: object, major: int = 2) -> None:
    w.write(0, 1)  # SE(ProtocolNamespace)
    w.write(0, 1)  # CH
    if isinstance(namespace, str):
        _literal(w, namespace)
    else:
        kind, index, bits = namespace  # type: ignore[misc]
        write_unsigned(w, kind)  # 0: local-value hit, 1: global-value hit
        w.write(index, bits)
    w.write(0, 1)  # EE
    for value in (major, 0):  # VersionNumberMajor, VersionNumberMinor: unsignedInt
        w.write(0, 1)
        w.write(0, 1)
        write_unsigned(w, value)
        w.write(0, 1)
    for value, bits in ((1, 8), (1, 5)):  # SchemaID (0..255), Priority (1..20)
        w.write(0, 1)
        w.write(0, 1)
        w.write(value - (1 if bits == 5 else 0), bits)
        w.write(0, 1)
    w.write(0, 1)  # EE of AppProtocol


def _stream(*rest: object) -> bytes:
    w = BitWriter()
    w.write(0x80, 8)
    w.write(0, 2)  # SE(supportedAppProtocolReq)
    w.write(0, 1)  # SE(AppProtocol)
    _app_protocol(w, NS)
    for item in rest:
        w.write(0, 2)  # another AppProtocol
        _app_protocol(w, item)
    w.write(1, 2)  # EE
    return w.getvalue()


def test_local_value_hit() -> None:
    m = exi.decode(_stream((0, 0, 0)), "app")  # one entry in the local partition: 0 bits of index
    assert [p.ProtocolNamespace for p in m.AppProtocol] == [NS, NS]
    # re-encoding writes the literal, as the peers do
    assert exi.encode(m) == _stream(NS)


def test_global_value_hit_and_index_width() -> None:
    other = "urn:iso:15118:2:2013:MsgDef"
    # after two literals the global partition holds 2 values: a 1-bit index
    m = exi.decode(_stream(other, (1, 1, 1)), "app")
    assert [p.ProtocolNamespace for p in m.AppProtocol] == [NS, other, other]
    m = exi.decode(_stream(other, (0, 1, 1)), "app")  # local partition of ProtocolNamespace: 2 values
    assert [p.ProtocolNamespace for p in m.AppProtocol] == [NS, other, other]


def test_hit_out_of_range() -> None:
    with pytest.raises(exi.ExiDecodeError, match="hit"):
        exi.decode(_stream("a", "b", (1, 3, 2)), "app")  # 3 values, 2-bit index, 3 is no entry
    m = exi.decode(_stream("a", "b", (1, 2, 2)), "app")
    assert m.AppProtocol[-1].ProtocolNamespace == "b"
