"""Every HomePlug frame in ../shared/captures (real QCA modems, real cars and chargers) decodes and
re-encodes to the same bytes; SLAC frames decode to their message classes; keys are consistent."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from _pcap import capture_files, ethernet_frames

import slac
from slac import keys
from slac import messages as m

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CAPTURES = SHARED / "captures"
FILES = capture_files(CAPTURES) if CAPTURES.is_dir() else []

SLAC_TYPES = {
    0x6008, 0x6009, 0x6064, 0x6065, 0x606A, 0x606E, 0x606F, 0x6076, 0x607C, 0x607D, 0x6086,
    0x6078, 0x6079, 0x601C, 0x601D,
}


def homeplug_frames(path: Path) -> list[bytes]:
    out = []
    for frame in ethernet_frames(path):
        ethertype = frame[16:18] if frame[12:14] == b"\x81\x00" else frame[12:14]
        if ethertype == b"\x88\xe1":
            out.append(frame)
    return out


@pytest.fixture(scope="module")
def all_frames() -> dict[str, list[bytes]]:
    if not FILES:
        pytest.fail(f"no captures found under {CAPTURES}")
    return {str(p.relative_to(CAPTURES)): homeplug_frames(p) for p in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CAPTURES)))
def test_every_homeplug_frame_round_trips(path: Path) -> None:
    for frame in homeplug_frames(path):
        message = slac.decode(frame)
        at = 19 if frame[12:14] == b"\x81\x00" else 15
        mmtype = int.from_bytes(frame[at : at + 2], "little")
        assert message.mmtype == mmtype
        if mmtype in SLAC_TYPES:
            assert not isinstance(message, m.UnknownMme), f"{mmtype:#06x} not decoded"
        if len(frame) >= 60:
            assert slac.encode(message) == frame


def test_captures_cover_every_association_message(all_frames: dict[str, list[bytes]]) -> None:
    seen: Counter[str] = Counter()
    for frames in all_frames.values():
        for frame in frames:
            seen[type(slac.decode(frame)).__name__] += 1
    for name in ("CmSlacParmReq", "CmSlacParmCnf", "CmStartAttenCharInd", "CmMnbcSoundInd",
                 "CmAttenProfileInd", "CmAttenCharInd", "CmAttenCharRsp", "CmSlacMatchReq",
                 "CmSlacMatchCnf", "CmSetKeyReq", "CmSetKeyCnf", "VsSwVerCnf", "VsOpAttributesCnf"):
        assert seen[name] > 0, name
    assert sum(seen.values()) > 5000


def test_match_cnf_key_matches_set_key_and_nid_derivation(all_frames: dict[str, list[bytes]]) -> None:
    """The NMK of SLAC_MATCH.CNF is the one the charger put into its modem with CM_SET_KEY.REQ, with
    the same NID; EVerest chargers derive every NID from its NMK (pyPLC and the dSPACE simulator
    do not: an EV must not insist on the derivation)."""
    derived = paired = 0
    for name, frames in all_frames.items():
        set_keys = {}
        for frame in frames:
            msg = slac.decode(frame)
            if isinstance(msg, m.CmSetKeyReq):
                set_keys[msg.new_key] = msg.nid
            if isinstance(msg, m.CmSlacMatchCnf):
                if name.startswith("EVerest_logfiles/"):
                    assert keys.nid_from_nmk(msg.nmk) == msg.nid
                    derived += 1
                if msg.nmk in set_keys:
                    assert set_keys[msg.nmk] == msg.nid
                    paired += 1
    assert derived > 50 and paired > 20


def test_real_session_values(all_frames: dict[str, list[bytes]]) -> None:
    """The Audi Q4 AC session: RunID echoed, MAC fields consistent, 58 attenuation groups."""
    frames = [slac.decode(f) for f in all_frames["EVerest_logfiles/Audi/Q4/ac_iso2-1.dump"]]
    parm = next(x for x in frames if isinstance(x, m.CmSlacParmReq))
    cnf = next(x for x in frames if isinstance(x, m.CmSlacParmCnf))
    assert cnf.run_id == parm.run_id and cnf.forwarding_sta == parm.src and cnf.dst == parm.src
    assert (cnf.num_sounds, cnf.time_out, cnf.resp_type) == (10, 6, 1)
    ind = next(x for x in frames if isinstance(x, m.CmAttenCharInd))
    assert len(ind.aag) == 58 and ind.num_sounds == 10 and ind.run_id == parm.run_id
    req = next(x for x in frames if isinstance(x, m.CmSlacMatchReq))
    assert (req.mvf_length, req.pev_mac, req.evse_mac) == (0x3E, parm.src, cnf.src)
    sounds = [x.cnt for x in frames if isinstance(x, m.CmMnbcSoundInd) and x.run_id == parm.run_id]
    assert sounds[:10] == list(range(9, -1, -1))


def test_qca_modem_answers(all_frames: dict[str, list[bytes]]) -> None:
    frames = [slac.decode(f) for f in all_frames["ccs32/2023-04-05_wt32_alpi_first_charge.pcapng"]]
    sw = next(x for x in frames if isinstance(x, m.VsSwVerCnf))
    assert sw.version_text.startswith("MAC-QCA7420-")
    results = {x.result for x in frames if isinstance(x, m.CmSetKeyCnf)}
    assert results <= {0, 1}
