"""Frame codecs against the byte layouts of SLAC.md (frame offset = payload offset + 19 for CM_*,
VS_* data starts at frame offset 20 after the OUI at 17-19)."""

from __future__ import annotations

import dataclasses

import pytest

import slac
from slac import messages as m
from slac.errors import (
    EncodeError,
    FrameError,
    NotHomePlugError,
    SlacError,
    TruncatedFrameError,
    UnsupportedMmvError,
)

EV = bytes.fromhex("0a1b2c3d4e5f")
EVSE = bytes.fromhex("c0c1c2c3c4c5")
RUN = bytes.fromhex("0102030405060708")
NID = bytes.fromhex("b0f2e695666b03")
NMK = bytes.fromhex("50d3e4933f855b7040784df815aa8db7")
ID17A = bytes(range(0x40, 0x51))
ID17B = bytes(range(0x60, 0x71))
AAG = tuple(range(10, 68))


def at(frame: bytes, payload_offset: int, size: int) -> bytes:
    return frame[19 + payload_offset : 19 + payload_offset + size]


def test_header_layout_cm() -> None:
    frame = slac.encode(m.CmSlacParmReq(dst=m.BROADCAST, src=EV, run_id=RUN))
    assert len(frame) == 60
    assert frame[0:6] == m.BROADCAST
    assert frame[6:12] == EV
    assert frame[12:14] == b"\x88\xe1"
    assert frame[14] == 0x01  # MMV
    assert frame[15:17] == b"\x64\x60"  # MMTYPE little-endian
    assert frame[17:19] == b"\x00\x00"  # FMSN / FMID
    assert frame[29:] == bytes(31)  # zero padding from frame offset 29 (10-byte payload)


def test_header_layout_vendor() -> None:
    frame = slac.encode(m.VsSwVerReq(src=EV, cookie=0x11223344))
    assert frame[0:6] == m.LOCALCAST
    assert frame[14] == 0x00  # MMV 0: no fragmentation bytes
    assert frame[15:17] == b"\x00\xa0"
    assert frame[17:20] == b"\x00\xb0\x52"  # Qualcomm OUI
    assert frame[20:24] == b"\x44\x33\x22\x11"  # cookie, little-endian
    assert len(frame) == 60


@pytest.mark.parametrize(
    ("message", "fields", "payload_length"),
    [
        (
            m.CmSetKeyReq(src=EV, nid=NID, new_key=NMK, prn=0x1234, pmn=7, cco_capability=2),
            [(0, b"\x01"), (1, b"\xaa" * 4), (5, b"\x00" * 4), (9, b"\x04"), (10, b"\x34\x12"),
             (12, b"\x07"), (13, b"\x02"), (14, NID), (21, b"\x01"), (22, NMK)],
            38,
        ),
        (
            m.CmSetKeyCnf(src=EV, result=1, my_nonce=b"\x01\x02\x03\x04", your_nonce=b"\xaa" * 4,
                          prn=0x0102, pmn=3, cco_capability=1),
            [(0, b"\x01"), (1, b"\x01\x02\x03\x04"), (5, b"\xaa" * 4), (9, b"\x04"), (10, b"\x02\x01"),
             (12, b"\x03"), (13, b"\x01")],
            14,
        ),
        (
            m.CmSlacParmReq(src=EV, application_type=0, security_type=0, run_id=RUN),
            [(0, b"\x00"), (1, b"\x00"), (2, RUN)],
            10,
        ),
        (
            m.CmSlacParmCnf(src=EVSE, dst=EV, forwarding_sta=EV, run_id=RUN),
            [(0, m.BROADCAST), (6, b"\x0a"), (7, b"\x06"), (8, b"\x01"), (9, EV), (15, b"\x00"),
             (16, b"\x00"), (17, RUN)],
            25,
        ),
        (
            m.CmStartAttenCharInd(src=EV, forwarding_sta=EV, run_id=RUN),
            [(0, b"\x00\x00"), (2, b"\x0a"), (3, b"\x06"), (4, b"\x01"), (5, EV), (11, RUN)],
            19,
        ),
        (
            m.CmMnbcSoundInd(src=EV, sender_id=ID17A, cnt=9, run_id=RUN, rnd=bytes(range(16))),
            [(0, b"\x00\x00"), (2, ID17A), (19, b"\x09"), (20, RUN), (28, bytes(8)), (36, bytes(range(16)))],
            52,
        ),
        (
            m.CmAttenProfileInd(src=EVSE, pev_mac=EV, aag=AAG),
            [(0, EV), (6, b"\x3a"), (7, b"\x00"), (8, bytes(AAG))],
            66,
        ),
        (
            m.CmAttenCharInd(src=EVSE, dst=EV, source_address=EV, run_id=RUN, source_id=ID17A,
                             resp_id=ID17B, num_sounds=10, aag=AAG),
            [(0, b"\x00\x00"), (2, EV), (8, RUN), (16, ID17A), (33, ID17B), (50, b"\x0a"), (51, b"\x3a"),
             (52, bytes(AAG))],
            110,
        ),
        (
            m.CmAttenCharRsp(src=EV, dst=EVSE, source_address=EV, run_id=RUN, source_id=ID17A,
                             resp_id=ID17B, result=0),
            [(0, b"\x00\x00"), (2, EV), (8, RUN), (16, ID17A), (33, ID17B), (50, b"\x00")],
            51,
        ),
        (
            m.CmValidateReq(src=EV, signal_type=0, timer=3, result=1),
            [(0, b"\x00"), (1, b"\x03"), (2, b"\x01")],
            3,
        ),
        (
            m.CmValidateCnf(src=EVSE, signal_type=0, toggle_num=2, result=2),
            [(0, b"\x00"), (1, b"\x02"), (2, b"\x02")],
            3,
        ),
        (
            m.CmSlacMatchReq(src=EV, dst=EVSE, pev_id=ID17A, pev_mac=EV, evse_id=ID17B, evse_mac=EVSE,
                             run_id=RUN),
            [(0, b"\x00\x00"), (2, b"\x3e\x00"), (4, ID17A), (21, EV), (27, ID17B), (44, EVSE), (50, RUN),
             (58, bytes(8))],
            66,
        ),
        (
            m.CmSlacMatchCnf(src=EVSE, dst=EV, pev_id=ID17A, pev_mac=EV, evse_id=ID17B, evse_mac=EVSE,
                             run_id=RUN, nid=NID, nmk=NMK),
            [(0, b"\x00\x00"), (2, b"\x56\x00"), (4, ID17A), (21, EV), (27, ID17B), (44, EVSE), (50, RUN),
             (58, bytes(8)), (66, NID), (73, b"\x00"), (74, NMK)],
            90,
        ),
        (
            m.CmAmpMapReq(src=EVSE, dst=EV, amlen=3, amdata=b"\x21\x03"),
            [(0, b"\x03\x00"), (2, b"\x21\x03")],
            4,
        ),
        (m.CmAmpMapCnf(src=EV, result=0), [(0, b"\x00")], 1),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, m.Mme) else "",
)
def test_cm_layouts(message: m.Mme, fields: list[tuple[int, bytes]], payload_length: int) -> None:
    frame = slac.encode(message)
    assert frame[15:17] == message.MMTYPE.to_bytes(2, "little")
    for offset, expected in fields:
        assert at(frame, offset, len(expected)) == expected, f"payload offset {offset}"
    assert len(frame) == max(60, 19 + payload_length)
    assert frame[19 + payload_length :] == bytes(len(frame) - 19 - payload_length)
    assert slac.decode(frame) == message


def test_mmtype_values() -> None:
    expected = {
        m.CmSetKeyReq: 0x6008, m.CmSetKeyCnf: 0x6009, m.CmGetKeyReq: 0x600C, m.CmGetKeyCnf: 0x600D,
        m.CmAmpMapReq: 0x601C, m.CmAmpMapCnf: 0x601D, m.CmSlacParmReq: 0x6064, m.CmSlacParmCnf: 0x6065,
        m.CmStartAttenCharInd: 0x606A, m.CmAttenCharInd: 0x606E, m.CmAttenCharRsp: 0x606F,
        m.CmMnbcSoundInd: 0x6076, m.CmValidateReq: 0x6078, m.CmValidateCnf: 0x6079,
        m.CmSlacMatchReq: 0x607C, m.CmSlacMatchCnf: 0x607D, m.CmAttenProfileInd: 0x6086,
        m.VsSwVerReq: 0xA000, m.VsSwVerCnf: 0xA001, m.VsRsDevReq: 0xA01C, m.VsRsDevCnf: 0xA01D,
        m.VsNwInfoReq: 0xA038, m.VsNwInfoCnf: 0xA039, m.VsHostActionInd: 0xA062,
        m.VsHostActionRsp: 0xA063, m.VsOpAttributesReq: 0xA068, m.VsOpAttributesCnf: 0xA069,
        m.VsPlLnkStatusReq: 0xA0B8, m.VsPlLnkStatusCnf: 0xA0B9,
    }
    assert {cls: cls.MMTYPE for cls in expected} == expected
    assert set(m.message_types().values()) == set(expected)


def test_vs_sw_ver_cnf_layout() -> None:
    version = b"MAC-QCA7000-1.1.0.730-04-20140815-CS\x00"
    frame = slac.encode(m.VsSwVerCnf(src=EVSE, dst=EV, mstatus=0, device_class=0x22, version=version))
    assert frame[20] == 0  # MSTATUS
    assert frame[21] == 0x22  # device class
    assert frame[22] == len(version)
    assert frame[23 : 23 + len(version)] == version
    decoded = slac.decode(frame)
    assert isinstance(decoded, m.VsSwVerCnf)
    assert decoded.version_text == "MAC-QCA7000-1.1.0.730-04-20140815-CS"


def test_vs_pl_lnk_status_layout() -> None:
    frame = slac.encode(m.VsPlLnkStatusCnf(src=EVSE, dst=EV, mstatus=0, link_status=m.LINK_UP))
    assert frame[15:17] == b"\xb9\xa0"
    assert frame[20:22] == b"\x00\x01"
    req = slac.encode(m.VsPlLnkStatusReq(src=EV))
    assert req[0:6] == m.LOCALCAST and req[15:17] == b"\xb8\xa0" and req[17:20] == m.QUALCOMM_OUI


def test_vs_op_attributes_layout() -> None:
    attrs = b"QCA7000".ljust(16, b"\x00") + b"MAC".ljust(16, b"\x00") + bytes(86)
    frame = slac.encode(m.VsOpAttributesCnf(src=EVSE, dst=EV, cookie=0x2002, attributes=attrs))
    assert frame[20:22] == b"\x00\x00"
    assert frame[22:26] == b"\x02\x20\x00\x00"
    assert frame[26] == 0
    assert frame[27:29] == (118).to_bytes(2, "little")
    assert frame[29:45] == attrs[:16]
    decoded = slac.decode(frame)
    assert isinstance(decoded, m.VsOpAttributesCnf)
    assert (decoded.hw_platform, decoded.sw_platform) == ("QCA7000", "MAC")


def test_vs_host_action_and_reset() -> None:
    ind = slac.encode(m.VsHostActionInd(src=EVSE, dst=EV, action=2, major=1, minor=0))
    assert ind[15:17] == b"\x62\xa0" and ind[20:23] == b"\x02\x01\x00"
    rsp = slac.encode(m.VsHostActionRsp(src=EV, mstatus=0))
    assert rsp[15:17] == b"\x63\xa0" and rsp[0:6] == m.LOCALCAST
    cnf = slac.encode(m.VsRsDevCnf(src=EVSE, dst=EV, mstatus=1))
    assert cnf[15:17] == b"\x1d\xa0" and cnf[20] == 1


def test_vs_nw_info_cnf() -> None:
    station = m.NwStation(mac=EV, tei=2, bridge_mac=EV, avg_tx_rate=9, avg_rx_rate=8)
    net = m.NwNetwork(nid=NID, snid=14, tei=1, role=2, cco_mac=EVSE, cco_tei=1, stations=(station,))
    frame = slac.encode(m.VsNwInfoCnf(src=EVSE, dst=EV, networks=(net,)))
    assert frame[20] == 1
    assert frame[21:28] == NID
    assert frame[28:31] == b"\x0e\x01\x02"
    assert frame[31:37] == EVSE
    assert frame[37:39] == b"\x01\x01"
    assert frame[39:45] == EV and frame[45] == 2 and frame[46:52] == EV and frame[52:54] == b"\x09\x08"
    assert slac.decode(frame) == m.VsNwInfoCnf(src=EVSE, dst=EV, networks=(net,))


def test_amp_map_nibbles() -> None:
    data = m.CmAmpMapReq.pack_amplitudes([1, 2, 3, 0x0F, 5])
    assert data == b"\x21\xf3\x05"
    msg = m.CmAmpMapReq(amlen=5, amdata=data)
    assert msg.amplitudes == (1, 2, 3, 0x0F, 5)
    with pytest.raises(EncodeError):
        m.CmAmpMapReq.pack_amplitudes([16])


def test_amp_map_length_read_at_offset_zero_is_bounded() -> None:
    # AMLEN announces far more data than the frame holds: typed error, no over-read (CVE-2024-26003)
    frame = bytearray(slac.encode(m.CmAmpMapReq(amlen=4, amdata=b"\xff\xff")))
    frame[19:21] = (1155).to_bytes(2, "little")
    with pytest.raises(TruncatedFrameError):
        slac.decode(bytes(frame))


def test_vlan_tag_round_trip() -> None:
    msg = m.CmSlacParmReq(src=EV, run_id=RUN, vlan=0x00F4)
    frame = slac.encode(msg)
    assert frame[12:16] == b"\x81\x00\x00\xf4" and frame[16:18] == b"\x88\xe1"
    assert slac.decode(frame) == msg


def test_trailer_kept_and_zero_padding_dropped() -> None:
    base = slac.encode(m.CmSlacParmReq(src=EV, run_id=RUN))
    assert slac.decode(base).trailer == b""
    garbage = base[:29] + b"\x01\x01" + base[31:] + b"\x50\x28"
    decoded = slac.decode(garbage)
    assert decoded.trailer == garbage[29:]
    assert slac.encode(decoded) == garbage


def test_unknown_mmtype_round_trips() -> None:
    frame = bytes.fromhex("ffffffffffff0013d712000288e10121600000010201f8e43b161895") + bytes(32)
    decoded = slac.decode(frame)
    assert isinstance(decoded, m.UnknownMme)
    assert decoded.mmtype == 0x6021
    assert slac.encode(decoded) == frame


def test_vendor_message_with_other_oui_is_unknown() -> None:
    frame = bytearray(slac.encode(m.VsSwVerReq(src=EV)))
    frame[17:20] = b"\x00\x16\xe8"  # Lumissil
    assert isinstance(slac.decode(bytes(frame)), m.UnknownMme)


@pytest.mark.parametrize("length", [0, 5, 13, 14, 16, 18])
def test_short_frames(length: int) -> None:
    frame = slac.encode(m.CmSlacParmReq(src=EV, run_id=RUN))[:length]
    with pytest.raises(TruncatedFrameError):
        slac.decode(frame)


@pytest.mark.parametrize("cls", sorted(m.message_types().values(), key=lambda c: c.MMTYPE))
def test_truncated_payload(cls: type[m.Mme]) -> None:
    """Cutting one byte more than the optional tail (reserved fields, random filler) off the end of
    any payload gives a typed error (no padding to hide it)."""
    message = dataclasses.replace(cls(), trailer=b"\xee" * 60)
    frame = slac.encode(message)
    payload_end = len(frame) - 60
    header = 20 if cls.DEFAULT_MMV == 0 else 19
    if payload_end == header:
        assert slac.decode(frame[:payload_end]) == cls()  # empty payload: nothing to cut
        return
    with pytest.raises(TruncatedFrameError):
        slac.decode(frame[: payload_end - cls.OPTIONAL_TAIL - 1])


# A CM_MNBC_SOUND.IND as the open-plc-utils `pev` tool sends it, written out from the field layout of
# SLAC.md 5.6: the payload stops 7 bytes short of ISO's 52 - `pev` leaves out the 8 reserved bytes and
# sends a 17-byte RND of zeros instead, which lands on ISO's reserved field and the first 9 bytes of Rnd.
PEV_SOUND = (
    bytes.fromhex("ffffffffffff")  # destination: broadcast (M-SOUND target)
    + EV  # source: the EV host
    + bytes.fromhex("88e1")  # ethertype
    + bytes.fromhex("01")  # MMV 1
    + bytes.fromhex("7660")  # MMTYPE 0x6076 little-endian
    + bytes.fromhex("0000")  # fragmentation
    + bytes.fromhex("0000")  # APPLICATION_TYPE, SECURITY_TYPE (payload offsets 0, 1)
    + bytes(17)  # SenderID (offset 2)
    + bytes.fromhex("07")  # Cnt (offset 19)
    + RUN  # RunID (offset 20)
    + bytes(17)  # pev's RND: ISO reserved (offset 28, 8 bytes) + Rnd (offset 36) cut after 9 bytes
)


def test_pev_sound_without_the_reserved_field_decodes() -> None:
    assert len(PEV_SOUND) == 64
    sound = slac.decode(PEV_SOUND)
    assert isinstance(sound, m.CmMnbcSoundInd)
    assert (sound.src, sound.cnt, sound.run_id, sound.sender_id) == (EV, 7, RUN, bytes(17))
    assert sound.reserved == bytes(8) and sound.rnd == bytes(16)  # what is missing reads as zero
    assert sound.absent == 7
    assert sound == m.CmMnbcSoundInd(src=EV, cnt=7, run_id=RUN)
    assert slac.encode(sound) == PEV_SOUND  # sent on as received


@pytest.mark.parametrize("cut", [1, 9, 16, 24])
def test_sound_may_end_anywhere_after_the_run_id(cut: int) -> None:
    full = slac.encode(m.CmMnbcSoundInd(src=EV, cnt=3, run_id=RUN, rnd=b"\x55" * 16))
    assert len(full) == 71
    short = full[: 71 - cut]
    sound = slac.decode(short + bytes(max(0, 60 - len(short))))
    assert isinstance(sound, m.CmMnbcSoundInd) and (sound.cnt, sound.run_id) == (3, RUN)
    assert sound.rnd[: max(0, 16 - cut)] == b"\x55" * max(0, 16 - cut)


def test_sound_cut_inside_the_run_id_is_truncated() -> None:
    full = slac.encode(m.CmMnbcSoundInd(src=EV, cnt=3, run_id=RUN))
    with pytest.raises(TruncatedFrameError):
        slac.decode(full[: 19 + 27])  # RunID ends at payload offset 28: one byte short


def test_only_the_optional_tail_may_be_left_out() -> None:
    with pytest.raises(EncodeError):
        slac.encode(m.CmMnbcSoundInd(src=EV, absent=25))
    with pytest.raises(EncodeError):
        slac.encode(m.CmSlacParmReq(src=EV, absent=1))


def test_not_homeplug() -> None:
    frame = bytes(12) + b"\x86\xdd" + bytes(46)
    with pytest.raises(NotHomePlugError):
        slac.decode(frame)


def test_unsupported_mmv() -> None:
    frame = bytearray(slac.encode(m.CmSlacParmReq(src=EV)))
    frame[14] = 7
    with pytest.raises(UnsupportedMmvError):
        slac.decode(bytes(frame))


def test_error_hierarchy() -> None:
    for cls in (TruncatedFrameError, NotHomePlugError, UnsupportedMmvError):
        assert issubclass(cls, FrameError) and issubclass(cls, SlacError)
    assert issubclass(EncodeError, SlacError)
    assert slac.SlacError is SlacError


@pytest.mark.parametrize(
    "message",
    [
        m.CmSlacParmReq(src=b"\x00" * 5),
        m.CmSlacParmReq(run_id=b"short"),
        m.CmSetKeyReq(new_key=b"\x00" * 15),
        m.CmAttenCharInd(aag=(300,)),
        m.CmAmpMapReq(amlen=4, amdata=b"\x00"),
        m.CmSlacParmReq(mmv=0),
        m.CmSlacParmReq(vlan=70000),
    ],
)
def test_encode_errors(message: m.Mme) -> None:
    with pytest.raises(EncodeError):
        slac.encode(message)


def test_messages_are_frozen() -> None:
    msg = m.CmSlacParmReq(run_id=RUN)
    with pytest.raises(AttributeError):
        msg.run_id = b"x" * 8  # type: ignore[misc]
    assert not hasattr(msg, "__dict__")
