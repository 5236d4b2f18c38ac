"""Interop with scapy's independent HomePlug dissectors (optional: the ``capture`` extra; scapy is
GPL, so it stays out of the runtime and the default test extra)."""

from __future__ import annotations

from typing import Any

import pytest

import slac
from slac import messages as m

scapy_l2 = pytest.importorskip("scapy.layers.l2")
gp = pytest.importorskip("scapy.contrib.homepluggp")
av = pytest.importorskip("scapy.contrib.homeplugav")

EV = bytes.fromhex("0a1b2c3d4e5f")
EVSE = bytes.fromhex("c0c1c2c3c4c5")
RUN = b"RUNID-01"
NID = bytes(range(1, 8))
NMK = bytes(range(16, 32))


def mac(b: bytes) -> str:
    return m.format_mac(b)


def dissect(message: m.Mme) -> Any:
    return scapy_l2.Ether(slac.encode(message))


def test_parm_cnf_fields() -> None:
    p = dissect(m.CmSlacParmCnf(src=EVSE, dst=EV, forwarding_sta=EV, run_id=RUN))
    layer = p[gp.CM_SLAC_PARM_CNF]
    assert (layer.MSoundTargetMAC, layer.NumberMSounds, layer.TimeOut, layer.ResponseType) == (
        "ff:ff:ff:ff:ff:ff", 10, 6, 1)
    assert layer.ForwardingSTA == mac(EV) and layer.RunID == RUN


def test_mnbc_sound_and_atten_char_fields() -> None:
    sound = dissect(m.CmMnbcSoundInd(src=EV, cnt=7, run_id=RUN, rnd=b"\x55" * 16))[gp.CM_MNBC_SOUND_IND]
    assert (sound.Countdown, sound.RunID, sound.RandomValue) == (7, RUN, b"\x55" * 16)
    aag = tuple(range(20, 78))
    ind = dissect(m.CmAttenCharInd(src=EVSE, dst=EV, source_address=EV, run_id=RUN, num_sounds=9,
                                   aag=aag))[gp.CM_ATTEN_CHAR_IND]
    assert (ind.SourceAdress, ind.RunID, ind.NumberOfSounds, ind.NumberOfGroups) == (mac(EV), RUN, 9, 58)
    assert tuple(g.group for g in ind.Groups) == aag


def test_match_and_set_key_fields() -> None:
    cnf = dissect(m.CmSlacMatchCnf(src=EVSE, dst=EV, pev_mac=EV, evse_mac=EVSE, run_id=RUN, nid=NID, nmk=NMK))
    var = cnf[gp.CM_SLAC_MATCH_CNF].VariableField
    assert cnf[gp.CM_SLAC_MATCH_CNF].MatchVariableFieldLen == 0x56
    assert (var.EVMAC, var.EVSEMAC, var.RunID, var.NetworkID, var.NMK) == (mac(EV), mac(EVSE), RUN, NID, NMK)
    key = dissect(m.CmSetKeyReq(src=EV, nid=NID, new_key=NMK))[gp.CM_SET_KEY_REQ]
    assert (key.KeyType, key.PID, key.NetworkID, key.NewEncKeySelect, key.NewKey) == (1, 4, NID, 1, NMK)


def test_scapy_built_frames_decode() -> None:
    frame = bytes(
        scapy_l2.Ether(src=mac(EV), dst="ff:ff:ff:ff:ff:ff")
        / av.HomePlugAV(version=1)
        / gp.CM_SLAC_PARM_REQ(RunID=RUN)
    )
    frame += bytes(60 - len(frame))  # scapy does not pad (SLAC.md 14)
    msg = slac.decode(frame)
    assert msg == m.CmSlacParmReq(src=EV, run_id=RUN)
    assert slac.encode(msg) == frame
    sw = bytes(scapy_l2.Ether(src=mac(EVSE), dst=mac(EV)) / av.HomePlugAV()
               / av.GetDeviceVersion(DeviceID=0x22, DeviceVersion=b"MAC-QCA7000-1.0", VersionLen=15))
    decoded = slac.decode(sw)
    assert isinstance(decoded, m.VsSwVerCnf)
    assert (decoded.device_class, decoded.version_text) == (0x22, "MAC-QCA7000-1.0")
