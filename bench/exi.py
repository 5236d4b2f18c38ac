"""EXI codec benchmark: encode and decode time per message for a fixed set of messages.

    python bench/exi.py [--repeat N]

Messages: DIN and ISO 15118-2 CurrentDemandReq/Res (real-vehicle and real-charger captures from the
public vectors), an ISO 15118-2 ChargeParameterDiscoveryRes with 24 PMaxScheduleEntries, the
ISO 15118-20 DC_ChargeLoopReq of the cbV2G unit tests and a SupportedAppProtocolReq. Prints
microseconds per message for each direction and the engine in use.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

# this file is named like the package: run as a script, its folder must not shadow ``exi``
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.modules.pop("exi", None)
import exi  # noqa: E402

MESSAGES: list[tuple[str, str, str]] = [
    ("din CurrentDemandReq (Hyundai Ioniq)", "din",
     "809a02000000000ca8919450d100000720406014010285010004061a01e04070c84c0000c083f01c06041c006040a19c3600"),
    ("din CurrentDemandRes (Alpitronic HYC150)", "din",
     "809a02000000000ca8919450e00040800001028660d80018098000060a1e80601030fe8f01020387719000"),
    ("iso2 CurrentDemandReq (VW ID.4)", "iso2",
     "8098020939b7ffdfdfda5690d1002601060000108144400106158364020400004080000840a22000"),
    ("iso2 CurrentDemandRes (tux-evse)", "iso2",
     "809802004080c1014181c210e001a4121040010409003040c10020260e7475782d657673652d30303106e8"),
    ("iso20-dc DC_ChargeLoopReq (cbV2G)", "iso20-dc",
     "8034041ea65fc99ba76c4d8cdbfe1b6062810012006464000a02002400ca"),
    ("app supportedAppProtocolReq (Tesla)", "app",
     "8000dbab9371d3234b71d1b981899189d191818991d26b9b3a232b30020000040401b75726e3a7465736c613a64696e3a32303138"
     "3a4d736744656600001c0100080"),
]


def _cpd_res_24() -> bytes:
    entries: list[dict[str, Any]] = [
        {"RelativeTimeInterval": {"start": i * 3600, **({"duration": 3600} if i == 23 else {})},
         "PMax": {"Multiplier": 3, "Unit": "W", "Value": 11 + i}} for i in range(24)]
    header = {"SessionID": "0102030405060708"}
    d = {"V2G_Message": {"Header": header, "Body": {"ChargeParameterDiscoveryRes": {
        "ResponseCode": "OK", "EVSEProcessing": "Finished",
        "SAScheduleList": {"SAScheduleTuple": [{"SAScheduleTupleID": 1, "PMaxSchedule": {
            "PMaxScheduleEntry": entries}}]},
        "DC_EVSEChargeParameter": {
            "DC_EVSEStatus": {"NotificationMaxDelay": 0, "EVSENotification": "None",
                              "EVSEIsolationStatus": "Valid", "EVSEStatusCode": "EVSE_Ready"},
            **{k: {"Multiplier": 0, "Unit": u, "Value": v} for k, u, v in (
                ("EVSEMaximumCurrentLimit", "A", 200), ("EVSEMaximumPowerLimit", "W", 150),
                ("EVSEMaximumVoltageLimit", "V", 920), ("EVSEMinimumCurrentLimit", "A", 0),
                ("EVSEMinimumVoltageLimit", "V", 150), ("EVSEPeakCurrentRipple", "A", 1))}}}}}}
    return exi.encode(exi.from_dict(d, "iso2"))


def _time(fn: Any, repeat: int) -> float:
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(repeat):
            fn()
        best = min(best, (time.perf_counter() - t0) / repeat)
    return best * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()
    cases = [(name, key, bytes.fromhex(h)) for name, key, h in MESSAGES]
    cases.insert(4, ("iso2 ChargeParameterDiscoveryRes, 24 PMaxScheduleEntry", "iso2", _cpd_res_24()))
    print(f"engine: {exi.ENGINE}")
    print(f"{'message':58} {'bytes':>5} {'decode us':>10} {'encode us':>10}")
    for name, key, data in cases:
        message = exi.decode(data, key)
        assert exi.encode(message) == data
        dec = _time(lambda data=data, key=key: exi.decode(data, key), args.repeat)
        enc = _time(lambda message=message: exi.encode(message), args.repeat)
        print(f"{name:58} {len(data):5d} {dec:10.1f} {enc:10.1f}")


if __name__ == "__main__":
    main()
