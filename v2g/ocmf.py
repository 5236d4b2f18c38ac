"""OCMF (Open Charge Metering Format) records of a signing meter: what German calibration law
(Eichrecht) checks. :class:`OcmfMeter` is the simulated meter's signing part: it writes one record
per interval (a begin and an end reading, the contract's eMAID as identification) and signs it with
the meter's own P-256 key (``ECDSA-secp256r1-SHA256``, DER signature in hex, over the payload JSON
as written). Records are read and verified with the maintained ``pyocmf`` library
(:mod:`v2g._receipt_proofs`), not here.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

__all__ = ["OcmfMeter", "SignedReading"]

SIGNATURE_METHOD = "ECDSA-secp256r1-SHA256"


@dataclass(frozen=True, slots=True)
class SignedReading:
    ocmf: str
    public_key: str
    """The meter's public key, DER SubjectPublicKeyInfo in hex (what OCMF verifiers take)."""


def _timestamp(wall: float) -> str:
    t = dt.datetime.fromtimestamp(wall, tz=dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S,") + f"{t.microsecond // 1000:03d}+0000 S"


class OcmfMeter:
    """Signs interval readings as OCMF with its own key (a simulated calibrated meter)."""

    def __init__(self, key: ec.EllipticCurvePrivateKey | None = None, serial: str = "V2G-SIM-METER") -> None:
        self.key = key or ec.generate_private_key(ec.SECP256R1())
        self.serial = serial
        self.public_key = (
            self.key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo).hex()
        )
        self._pagination = 0

    def sign_interval(
        self, emaid: str, start_wall: float, stop_wall: float, start_wh: int, stop_wh: int
    ) -> SignedReading:
        self._pagination += 1

        def reading(wall: float, wh: int, kind: str) -> dict[str, object]:
            return {
                "TM": _timestamp(wall),
                "TX": kind,
                "RV": round(wh / 1000.0, 3),
                "RI": "1-b:1.8.0",
                "RU": "kWh",
                "RT": "DC",
                "ST": "G",
            }

        payload = {
            "FV": "1.0",
            "GI": "V2G SIM GATEWAY",
            "GS": self.serial,
            "GV": "0.1",
            "PG": f"T{self._pagination}",
            "MV": "v2g",
            "MM": "SIM",
            "MS": self.serial,
            "MF": "0.1",
            "IS": True,
            "IL": "VERIFIED",
            "IF": ["ISO15118_PNC"],
            "IT": "EMAID",
            "ID": emaid,
            "RD": [reading(start_wall, start_wh, "B"), reading(stop_wall, stop_wh, "E")],
        }
        text = json.dumps(payload, separators=(",", ":"))
        signature = self.key.sign(text.encode(), ec.ECDSA(hashes.SHA256()))
        sig = json.dumps({"SA": SIGNATURE_METHOD, "SD": signature.hex()}, separators=(",", ":"))
        return SignedReading(f"OCMF|{text}|{sig}", self.public_key)
