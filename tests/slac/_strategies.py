"""Hypothesis strategies for SLAC messages (shared by the property tests)."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import strategies as st

from slac import messages as m

MESSAGE_TYPES = sorted(m.message_types().values(), key=lambda c: c.MMTYPE)
macs = st.binary(min_size=6, max_size=6)


def _field_strategy(cls: type[m.Mme], f: dataclasses.Field[Any]) -> st.SearchStrategy[Any]:
    default = getattr(cls(), f.name)
    if f.name == "aag":
        return st.lists(st.integers(0, 255), max_size=64).map(tuple)
    if f.name == "networks":
        station = st.builds(m.NwStation, mac=macs, tei=st.integers(0, 255), bridge_mac=macs,
                            avg_tx_rate=st.integers(0, 255), avg_rx_rate=st.integers(0, 255))
        net = st.builds(m.NwNetwork, nid=st.binary(min_size=7, max_size=7), snid=st.integers(0, 255),
                        tei=st.integers(0, 255), role=st.integers(0, 255), cco_mac=macs,
                        cco_tei=st.integers(0, 255), stations=st.lists(station, max_size=3).map(tuple))
        return st.lists(net, max_size=2).map(tuple)
    if f.name in ("version",):
        return st.binary(max_size=64)
    if f.name == "attributes":
        return st.binary(max_size=120)
    if isinstance(default, bytes):
        return st.binary(min_size=len(default), max_size=len(default))
    if isinstance(default, int):
        bits = {"prn": 16, "mvf_length": 16, "cookie": 32, "status": 16}.get(f.name, 8)
        return st.integers(0, (1 << bits) - 1)
    raise AssertionError(f"no strategy for {cls.__name__}.{f.name}")


@st.composite
def messages(draw: st.DrawFn) -> m.Mme:
    cls = draw(st.sampled_from(MESSAGE_TYPES))
    kwargs: dict[str, Any] = {"dst": draw(macs), "src": draw(macs)}
    if cls is m.CmAmpMapReq:
        amlen = draw(st.integers(0, 1200))
        size = (amlen + 1) // 2
        kwargs.update(amlen=amlen, amdata=draw(st.binary(min_size=size, max_size=size)))
    else:
        for f in dataclasses.fields(cls):
            if f.name in ("dst", "src", "mmv", "fmi", "vlan", "trailer", "absent", "oui"):
                continue
            kwargs[f.name] = draw(_field_strategy(cls, f))
    if cls.DEFAULT_MMV == 1:
        kwargs["mmv"] = draw(st.sampled_from([1, 2]))
        kwargs["fmi"] = draw(st.binary(min_size=2, max_size=2))
    kwargs["vlan"] = draw(st.none() | st.integers(0, 0xFFFF))
    kwargs["trailer"] = draw(st.binary(max_size=8))
    return cls(**kwargs)
